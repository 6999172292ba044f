-- Sites, users, conversations, members, messages, blocks and reports. Every row carries its site.

CREATE TABLE sites (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  secret          text NOT NULL,
  allowed_origins text[] NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- A user exists once per site; name and picture are refreshed from each new token.
CREATE TABLE users (
  site_id      text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  id           text NOT NULL,
  name         text,
  picture      text,
  last_seen_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, id)
);

CREATE SEQUENCE conversation_activity;

-- One conversation per site + listing + buyer, with a snapshot of the listing taken at creation.
CREATE TABLE conversations (
  id                text PRIMARY KEY,
  site_id           text NOT NULL,
  listing_id        text NOT NULL,
  listing_title     text,
  listing_url       text,
  listing_image_url text,
  listing_price     text,
  buyer_id          text NOT NULL,
  seller_id         text NOT NULL,
  -- The seq of the newest message; incremented under the row lock so seqs are gapless in commit order.
  last_seq          integer NOT NULL DEFAULT 0,
  -- Orders conversation lists by latest activity; exact, unlike timestamps, so it is also the cursor.
  activity          bigint NOT NULL DEFAULT nextval('conversation_activity'),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, listing_id, buyer_id),
  FOREIGN KEY (site_id, buyer_id) REFERENCES users (site_id, id),
  FOREIGN KEY (site_id, seller_id) REFERENCES users (site_id, id),
  CHECK (buyer_id <> seller_id)
);

-- Each participant's own view of a conversation: read position and archived flag. Unread counts are
-- computed from read_seq (never stored) so they cannot drift.
CREATE TABLE members (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  site_id         text NOT NULL,
  user_id         text NOT NULL,
  role            text NOT NULL CHECK (role IN ('buyer', 'seller')),
  read_seq        integer NOT NULL DEFAULT 0,
  archived        boolean NOT NULL DEFAULT false,
  PRIMARY KEY (conversation_id, user_id),
  FOREIGN KEY (site_id, user_id) REFERENCES users (site_id, id)
);
CREATE INDEX members_by_user ON members (site_id, user_id);
CREATE INDEX conversations_by_activity ON conversations (activity);

CREATE TABLE messages (
  id              text PRIMARY KEY,
  site_id         text NOT NULL,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             integer NOT NULL,
  sender_id       text NOT NULL,
  client_id       text NOT NULL,
  body            text NOT NULL,
  reply_to        text REFERENCES messages (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  deleted_at      timestamptz,
  UNIQUE (conversation_id, seq),
  -- The same (sender, clientId) is stored once, ever.
  UNIQUE (site_id, sender_id, client_id)
);

CREATE TABLE blocks (
  site_id    text NOT NULL,
  blocker_id text NOT NULL,
  blocked_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, blocker_id, blocked_id),
  FOREIGN KEY (site_id, blocker_id) REFERENCES users (site_id, id)
);

CREATE TABLE reports (
  id              text PRIMARY KEY,
  site_id         text NOT NULL,
  reporter_id     text NOT NULL,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  message_id      text REFERENCES messages (id),
  reason          text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_by_site ON reports (site_id, created_at);
