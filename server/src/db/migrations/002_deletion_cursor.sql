-- The transaction that turned a message into a tombstone: sync's deletion cursor (a snapshot) tells
-- from it whether the deletion had committed when the cursor was taken; deleted_at cannot (now() is
-- the transaction's start, which can precede a cursor taken before its commit).
ALTER TABLE messages ADD COLUMN deleted_xid xid8;
