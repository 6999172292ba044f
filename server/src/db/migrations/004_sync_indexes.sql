-- Tombstones by conversation and seq: sync's "deleted at or before each seq" reads only these rows,
-- never every message of the conversations it names (nor, as a hash join, the whole table).
CREATE INDEX messages_tombstones ON messages (conversation_id, seq) WHERE deleted_at IS NOT NULL;
