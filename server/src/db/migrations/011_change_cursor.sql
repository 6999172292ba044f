-- The per-user change cursor of `sync` (issue 14): each member row carries the transaction that last
-- changed what its user sees of the conversation, so a reconnect reads only the rows changed since
-- the client's cursor (a snapshot, as for deletions) instead of one row per conversation it holds.
-- Triggers stamp the rows, so no write path (a send, a system message, a deletion, a read, a listing
-- card, a profile, an erasure) can forget to. Rows written before this migration carry NULL: older
-- than any cursor, which is only handed out from now on.

ALTER TABLE members ADD COLUMN change_xid xid8;
CREATE INDEX members_changes ON members (site_id, user_id, change_xid);

-- The transaction that stored a message: within a conversation, seq order is commit order (the
-- conversation row's lock), so the messages a snapshot did not show are the newest ones, found by
-- walking back from last_seq. NULL (rows stored before this migration) counts as old. No index: the
-- walk reads by (conversation_id, seq).
ALTER TABLE messages ADD COLUMN created_xid xid8;
ALTER TABLE messages ALTER COLUMN created_xid SET DEFAULT pg_current_xact_id();

-- Tombstones by deleting transaction: a cursor sync reads only the deletions made since its cursor.
CREATE INDEX messages_deletions ON messages (conversation_id, deleted_xid) WHERE deleted_xid IS NOT NULL;

-- A member row that goes (its conversation deleted) leaves this behind: the next cursor sync of its
-- user lists the conversation as `gone`.
CREATE TABLE member_removals (
  site_id         text NOT NULL,
  user_id         text NOT NULL,
  conversation_id text NOT NULL,
  removed_xid     xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX member_removals_by_user ON member_removals (site_id, user_id, removed_xid);

-- Any write to a member row stamps it, even one that leaves its columns as they were: a send writes
-- both member rows of its conversation, and the recipient's row often keeps its values (at worst, a
-- conversation comes once more in a sync).
CREATE FUNCTION parley_stamp_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  RETURN NEW;
END $$;
CREATE TRIGGER members_stamp BEFORE INSERT OR UPDATE ON members FOR EACH ROW EXECUTE FUNCTION parley_stamp_member();

-- Lock order: a statement that changes member rows other than the caller's own one locks their
-- conversation rows first (as a send does), in id order: two such statements then never hold each
-- other's rows (updating rows in the order a scan meets them deadlocked concurrent deletions).
CREATE FUNCTION parley_lock_conversations(ids text[]) RETURNS void LANGUAGE sql AS $$
  SELECT 1 FROM conversations WHERE id IN (SELECT unnest(ids)) ORDER BY id FOR NO KEY UPDATE;
$$;

-- Stamps every member row of the conversations given (skipping rows this transaction stamped already,
-- as a send's own member update has).
CREATE FUNCTION parley_touch_conversations(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM members WHERE conversation_id IN (SELECT unnest(ids))
                 AND change_xid IS DISTINCT FROM pg_current_xact_id()) THEN
    RETURN;
  END IF;
  PERFORM parley_lock_conversations(ids);
  UPDATE members SET change_xid = pg_current_xact_id()
  WHERE conversation_id IN (SELECT DISTINCT unnest(ids)) AND change_xid IS DISTINCT FROM pg_current_xact_id();
END $$;

-- A system message stored: it updates no member row itself. A user's message needs nothing here: both
-- send statements (messages.repository.ts, insert-batch.ts) update every member row of its
-- conversation (read position, archived flag), which stamps them.
CREATE FUNCTION parley_message_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM parley_touch_conversations(ARRAY[NEW.conversation_id]);
  RETURN NULL;
END $$;
CREATE TRIGGER messages_touch_inserted AFTER INSERT ON messages FOR EACH ROW
  WHEN (NEW.kind = 'system') EXECUTE FUNCTION parley_message_inserted();

CREATE FUNCTION parley_messages_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM parley_touch_conversations(ARRAY(
    SELECT n.conversation_id FROM updated_new n JOIN updated_old o ON o.id = n.id
    WHERE n.deleted_xid IS DISTINCT FROM o.deleted_xid));
  RETURN NULL;
END $$;
CREATE TRIGGER messages_touch_deleted AFTER UPDATE ON messages REFERENCING OLD TABLE AS updated_old NEW TABLE AS updated_new
  FOR EACH STATEMENT EXECUTE FUNCTION parley_messages_deleted();

-- A read position moved: the other member sees it (read receipts in their view). Not a trigger: a
-- send moves the sender's position and stamps both rows itself; markRead stamps the other row in its
-- own statement (conversations.repository.ts), after locking the conversation row.

-- The listing card or status shown in a conversation changed.
CREATE FUNCTION parley_conversation_card() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM parley_touch_conversations(ARRAY[NEW.id]);
  RETURN NULL;
END $$;
CREATE TRIGGER conversations_touch_card AFTER UPDATE ON conversations FOR EACH ROW
  WHEN ((OLD.listing_title, OLD.listing_url, OLD.listing_image_url, OLD.listing_price, OLD.listing_status)
        IS DISTINCT FROM (NEW.listing_title, NEW.listing_url, NEW.listing_image_url, NEW.listing_price, NEW.listing_status))
  EXECUTE FUNCTION parley_conversation_card();

-- A profile (name, picture, suspension) changed: the other party of each of the user's conversations
-- sees it. The user's own rows are left alone: their own name comes from their token.
CREATE FUNCTION parley_user_profile() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM parley_lock_conversations(ARRAY(SELECT conversation_id FROM members WHERE site_id = NEW.site_id AND user_id = NEW.id));
  UPDATE members o SET change_xid = pg_current_xact_id()
  FROM members me
  WHERE me.site_id = NEW.site_id AND me.user_id = NEW.id AND o.conversation_id = me.conversation_id
    AND o.user_id <> NEW.id AND o.change_xid IS DISTINCT FROM pg_current_xact_id();
  RETURN NULL;
END $$;
CREATE TRIGGER users_touch_profile AFTER UPDATE ON users FOR EACH ROW
  WHEN ((OLD.name, OLD.picture, OLD.suspended_at IS NULL) IS DISTINCT FROM (NEW.name, NEW.picture, NEW.suspended_at IS NULL))
  EXECUTE FUNCTION parley_user_profile();

CREATE FUNCTION parley_member_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO member_removals (site_id, user_id, conversation_id) VALUES (OLD.site_id, OLD.user_id, OLD.conversation_id);
  RETURN NULL;
END $$;
CREATE TRIGGER members_removed AFTER DELETE ON members FOR EACH ROW EXECUTE FUNCTION parley_member_removed();
