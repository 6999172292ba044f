-- Photos: each upload belongs to its uploader until a message claims it; the message keeps a copy of
-- what its readers need (ids and sizes), cleared with the rest of its content when it is deleted.
CREATE TABLE uploads (
  id           text PRIMARY KEY,
  site_id      text NOT NULL,
  owner_id     text NOT NULL,
  -- Set by the send that carries the photo; null while unsent (removed after 24 hours).
  message_id   text REFERENCES messages (id) ON DELETE CASCADE,
  -- 'jpeg' or 'webp' (images with transparency): the Content-Type it is served with.
  format       text NOT NULL CHECK (format IN ('jpeg', 'webp')),
  width        integer NOT NULL,
  height       integer NOT NULL,
  bytes        integer NOT NULL,
  thumb_bytes  integer NOT NULL,
  image_key    text NOT NULL,
  thumb_key    text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX uploads_by_message ON uploads (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX uploads_unsent ON uploads (created_at) WHERE message_id IS NULL;
CREATE INDEX uploads_by_owner ON uploads (site_id, owner_id);

-- The photos of a message as its readers see them: [{id, width, height, bytes}], [] when none.
ALTER TABLE messages ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]';
