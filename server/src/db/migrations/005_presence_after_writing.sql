-- Presence flows to a user only from counterparts who have written to them: each member row records
-- whether that member has sent a message in the conversation (set by the send that does it).
ALTER TABLE members ADD COLUMN has_written boolean NOT NULL DEFAULT false;

UPDATE members m SET has_written = true
FROM (SELECT DISTINCT conversation_id, sender_id FROM messages) w
WHERE w.conversation_id = m.conversation_id AND w.sender_id = m.user_id;
