-- Reaching a recipient who is away (issue 11): where emails go, site settings, what was emailed, the
-- durable job queue, and webhook endpoints. Webhook deliveries are jobs.

-- From the token's optional `email` and `locale` claims; never shown to anyone but the user.
ALTER TABLE users
  ADD COLUMN email text,
  ADD COLUMN locale text,
  ADD COLUMN unsubscribed_at timestamptz;

-- Per-site settings: the page that opens a conversation (`?parley-conversation=<id>`), how long a
-- message stays unread before it is emailed (null: PARLEY_EMAIL_DELAY), and whether emails quote messages.
ALTER TABLE sites
  ADD COLUMN inbox_url text,
  ADD COLUMN email_delay_seconds integer CHECK (email_delay_seconds BETWEEN 0 AND 86400),
  ADD COLUMN email_previews boolean NOT NULL DEFAULT true;

-- The highest seq of each conversation a digest has covered for a member: a message is emailed once.
-- A table of its own rather than a column of members: a digest's commit then never locks the member
-- rows a send is updating (which, with the digest job's row, could deadlock).
CREATE TABLE notified_positions (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         text NOT NULL,
  seq             integer NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);

-- Durable work: claimed with FOR UPDATE SKIP LOCKED, leased until locked_until, retried with backoff
-- until created_at + max_age, then failed. `attempts` also fences a completion: only the claim that
-- holds the current attempt may finish the job.
CREATE TABLE jobs (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL,
  payload         jsonb NOT NULL,
  -- At most one queued job per key (one digest per recipient and delay window).
  coalesce_key    text,
  state           text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
  due_at          timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  max_age_seconds integer NOT NULL DEFAULT 90000,
  locked_until    timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX jobs_due ON jobs (due_at) WHERE state = 'queued';
CREATE UNIQUE INDEX jobs_coalesce ON jobs (coalesce_key) WHERE state = 'queued';
CREATE INDEX jobs_failed ON jobs (finished_at) WHERE state = 'failed';

-- Where a site's events are POSTed. During a rotation the previous secret signs too, until it expires.
CREATE TABLE webhook_endpoints (
  id                          text PRIMARY KEY,
  site_id                     text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  url                         text NOT NULL,
  events                      text[] NOT NULL,
  secret                      text NOT NULL,
  previous_secret             text,
  previous_secret_expires_at  timestamptz,
  created_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_by_site ON webhook_endpoints (site_id);
