// The batched send: many messages, any conversations, stored by one statement in one round trip.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../caller.ts';
import type { Sql } from '../db/sql.ts';
import {
  type InsertedMessage,
  type InsertedRow,
  NO_SEND_EFFECTS,
  type SendEffects,
  type SendInput,
  toInsertedMessage,
} from './inserted-message.ts';
import { messageColumns } from './message-row.ts';

/**
 * Stores `sends` with one statement (so one implicit transaction, one commit) and returns, in input
 * order, what each stored, or null for the sends it skipped: a conversation the sender is not in, a
 * block, a bad `replyTo`, or a clientId already used (before, or earlier in the same batch). The
 * caller asks why a send was skipped exactly as for a single send.
 *
 * Seqs: the conversations' rows are locked in id order first, so batches never deadlock with each
 * other; each conversation's `last_seq` grows by its number of new messages, which take the seqs
 * above the old value in arrival order. `effects` add what else the statement does with the stored
 * messages (see {@link SendEffects}). The statement throws when a concurrent, still uncommitted
 * send with one of the clientIds commits first (unique violation): then nothing is stored.
 */
export async function insertBatch(
  sql: Sql,
  sends: Array<{ caller: Caller; input: SendInput }>,
  effects: SendEffects = NO_SEND_EFFECTS,
): Promise<Array<InsertedMessage | null>> {
  const column = <T>(value: (send: { caller: Caller; input: SendInput }, index: number) => T) => sends.map(value);
  const rows = await sql<(InsertedRow & { ord: number })[]>`
    WITH input AS (
      SELECT t.*, row_number() OVER (PARTITION BY t.site_id, t.sender_id, t.client_id ORDER BY t.ord) AS copy
      FROM unnest(
        ${column((_, index) => index)}::int[], ${column(() => randomUUID())}::text[],
        ${column((send) => send.caller.siteId)}::text[], ${column((send) => send.caller.userId)}::text[],
        ${column((send) => send.input.conversationId)}::text[], ${column((send) => send.input.clientId)}::text[],
        ${column((send) => send.input.body)}::text[], ${column((send) => send.input.replyTo)}::text[],
        -- As text: postgres.js types an array of JS booleans as one boolean, which PostgreSQL refuses to cast to boolean[].
        ${column((send) => String(send.input.masked ?? false))}::text[]::boolean[],
        -- One text per send (unnest would flatten a text[][]): the codes, comma-separated.
        ${column((send) => (send.input.warnings ?? []).join(','))}::text[]
      ) AS t(ord, id, site_id, sender_id, conversation_id, client_id, body, reply_to, masked, warning_list)
    ), ok AS (
      SELECT i.*, c.buyer_id, c.seller_id
      FROM input i
      JOIN conversations c ON c.id = i.conversation_id AND c.site_id = i.site_id
                          AND (c.buyer_id = i.sender_id OR c.seller_id = i.sender_id)
      WHERE i.copy = 1 -- the same clientId twice in one batch: the later one is a repeat
        AND NOT EXISTS (
              SELECT 1 FROM blocks bl
              WHERE bl.site_id = i.site_id AND bl.blocked_id = i.sender_id
                AND bl.blocker_id = CASE WHEN c.buyer_id = i.sender_id THEN c.seller_id ELSE c.buyer_id END)
        AND NOT EXISTS (
              SELECT 1 FROM messages d WHERE d.site_id = i.site_id AND d.sender_id = i.sender_id AND d.client_id = i.client_id)
        AND (i.reply_to IS NULL OR EXISTS (
              SELECT 1 FROM messages r WHERE r.id = i.reply_to AND r.conversation_id = i.conversation_id))
    ), counts AS (
      SELECT conversation_id, count(*)::int AS n FROM ok GROUP BY conversation_id
    ), locked AS (
      SELECT c.id, counts.n FROM counts JOIN conversations c ON c.id = counts.conversation_id ORDER BY c.id FOR UPDATE OF c
    ), conv AS (
      UPDATE conversations c
      SET last_seq = c.last_seq + locked.n, updated_at = now(), activity = nextval('conversation_activity')
      FROM locked WHERE c.id = locked.id
      RETURNING c.id, c.last_seq - locked.n AS base
    ), numbered AS (
      -- Each conversation's old last_seq looked up in one map, rather than joining two CTEs row by row.
      SELECT ok.*, ((b.base ->> ok.conversation_id)::int + row_number() OVER (PARTITION BY ok.conversation_id ORDER BY ok.ord))::int AS seq
      FROM ok CROSS JOIN (SELECT jsonb_object_agg(id, base) AS base FROM conv) b
    ), msg AS (
      INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body, reply_to, created_at, masked, warnings)
      SELECT id, site_id, conversation_id, seq, sender_id, client_id, body, reply_to, now(),
             masked, COALESCE(string_to_array(NULLIF(warning_list, ''), ','), '{}') FROM numbered
      RETURNING *
    ), readers AS (
      -- Both members of each conversation, with the seq of their own last message in this batch.
      SELECT n.conversation_id, u.user_id, max(n.seq) FILTER (WHERE n.sender_id = u.user_id) AS own_seq
      FROM numbered n CROSS JOIN LATERAL (VALUES (n.buyer_id), (n.seller_id)) AS u(user_id)
      GROUP BY n.conversation_id, u.user_id
    ), mem AS (
      UPDATE members m SET archived = false, read_seq = GREATEST(m.read_seq, COALESCE(r.own_seq, m.read_seq)),
                           has_written = m.has_written OR r.own_seq IS NOT NULL
      FROM readers r WHERE m.conversation_id = r.conversation_id AND m.user_id = r.user_id
    ) ${effects(sql, 'msg')}
    SELECT ${messageColumns(sql, 'msg')}, n.ord, n.buyer_id, n.seller_id,
           ARRAY(SELECT a.user_id FROM members a WHERE a.conversation_id = n.conversation_id AND a.archived) AS unarchived,
           -- Read in the statement's snapshot, so before mem's update: had the sender written here yet?
           NOT EXISTS (SELECT 1 FROM members w WHERE w.conversation_id = n.conversation_id AND w.user_id = n.sender_id
                         AND w.has_written) AS first_from_sender
    FROM numbered n JOIN msg ON msg.id = n.id`;
  const results = new Array<InsertedMessage | null>(sends.length).fill(null);
  for (const row of rows) results[row.ord] = toInsertedMessage(row);
  return results;
}
