-- The marketplace's server API: per-site API keys, the listings a site registers, system messages.

-- A key is shown once when created; only its SHA-256 is stored (keys are 256 random bits, so a
-- plain hash is enough: nothing to guess from it).
CREATE TABLE api_keys (
  id           text PRIMARY KEY,
  site_id      text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  key_hash     text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_keys_by_site ON api_keys (site_id);

-- The listings a site registers through the API: the source of truth for their cards and status.
CREATE TABLE listings (
  site_id    text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  id         text NOT NULL,
  seller_id  text NOT NULL,
  title      text NOT NULL,
  price      text,
  url        text,
  image_url  text,
  status     text NOT NULL CHECK (status IN ('available', 'reserved', 'sold')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, id)
);

-- The registered status shown on each conversation's card (null: the listing was never registered).
ALTER TABLE conversations ADD COLUMN listing_status text;

-- When true, conversations open only about registered listings, with the registry's card and seller.
ALTER TABLE sites ADD COLUMN verified_listings boolean NOT NULL DEFAULT false;

-- System messages: written by the site, not a person; drawn from `system` in each reader's language.
ALTER TABLE messages ALTER COLUMN sender_id DROP NOT NULL;
ALTER TABLE messages ADD COLUMN kind text NOT NULL DEFAULT 'user' CHECK (kind IN ('user', 'system'));
ALTER TABLE messages ADD COLUMN system jsonb;

-- Suspension by the site's moderators: the user's handshakes and sends are refused until it is lifted.
ALTER TABLE users ADD COLUMN suspended_at timestamptz;

-- Reports are worked through by the site's moderators: open until resolved (resolved_at, migration
-- 008), with what was done.
ALTER TABLE reports ADD COLUMN resolution text CHECK (resolution IN ('dismiss', 'delete_message', 'suspend_user'));
CREATE INDEX reports_open_by_site ON reports (site_id, created_at) WHERE resolved_at IS NULL;
