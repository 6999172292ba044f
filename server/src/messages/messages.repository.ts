// SQL for messages: the one-statement send, lookups by client id, pages, tombstones and sync ranges.
import { randomUUID } from 'node:crypto';
import type { Message, MessageDeletedEvent } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { Sql } from '../db/sql.ts';
import { isDatabaseUnavailable } from '../errors.ts';
import { insertBatch } from './insert-batch.ts';
import {
  type InsertedMessage,
  type InsertedRow,
  NO_SEND_EFFECTS,
  type SendEffects,
  type SendInput,
  type SendObstacle,
  toInsertedMessage,
} from './inserted-message.ts';
import { webhookEventCtes } from '../webhooks/webhook-events.ts';
import { messageColumns, type MessageRow, toMessage, tombstoneAssignments } from './message-row.ts';

const UNIQUE_VIOLATION = '23505';

export interface MessagesRepositoryOptions {
  /** What a send statement also does with the messages it stores (nothing by default). */
  sendEffects?: SendEffects;
}

/** Message persistence; every method is scoped to the caller's site. */
export class MessagesRepository {
  readonly #sql: Sql;
  readonly #sendEffects: SendEffects;

  constructor(sql: Sql, { sendEffects = NO_SEND_EFFECTS }: MessagesRepositoryOptions = {}) {
    this.#sql = sql;
    this.#sendEffects = sendEffects;
  }

  /**
   * Stores a message in one statement: the conversation row's lock hands out the next seq, so seqs
   * are gapless in commit order, and a statement that fails (a concurrent duplicate hitting the
   * unique (sender, clientId) key) rolls its increment back with it. Returns null when nothing was
   * stored: the caller then asks {@link diagnose} why.
   */
  async insert(caller: Caller, input: SendInput): Promise<InsertedMessage | null> {
    try {
      return await this.#insertStatement(this.#sql, caller, input);
    } catch (err) {
      // A concurrent send with the same clientId committed first: nothing stored, diagnose() finds it.
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw err;
    }
  }

  /**
   * Stores several sends with one statement: one round trip and one commit (one WAL flush) instead of
   * one each. When the statement fails (a concurrent duplicate clientId), nothing is stored and each
   * send is run again on its own, in arrival order, so each gets its own precise outcome; when the
   * database is unreachable, every send fails with that error at once.
   */
  async insertMany(
    sends: Array<{ caller: Caller; input: SendInput }>,
  ): Promise<Array<PromiseSettledResult<InsertedMessage | null>>> {
    if (sends.length === 1) return Promise.allSettled([this.insert(sends[0]!.caller, sends[0]!.input)]);
    try {
      return (await insertBatch(this.#sql, sends, this.#sendEffects)).map((value) => ({ status: 'fulfilled', value }));
    } catch (err) {
      // An unreachable database fails every send alike: trying each again would only wait N times.
      if (isDatabaseUnavailable(err)) return sends.map(() => ({ status: 'rejected', reason: err }));
      // Nothing was committed: each send on its own says precisely what stands in its way.
      const results: Array<PromiseSettledResult<InsertedMessage | null>> = [];
      for (const { caller, input } of sends) results.push(...(await Promise.allSettled([this.insert(caller, input)])));
      return results;
    }
  }

  /**
   * The one-statement send: the conversation row's lock hands out the next seq, so seqs are gapless
   * in commit order, and a statement that fails (a concurrent duplicate hitting the unique (sender,
   * clientId) key) rolls its increment back with it. Null when nothing was stored.
   */
  #insertStatement(sql: Sql, caller: Caller, input: SendInput) {
    const { siteId, userId } = caller;
    const uploadIds = input.attachments ?? [];
    return sql<InsertedRow[]>`
        WITH photos AS (
          -- The sender's own unsent uploads named, locked: a concurrent send naming one waits, then finds it taken.
          SELECT u.id, u.width, u.height, u.bytes FROM uploads u
          WHERE u.id = ANY(${uploadIds}::text[]) AND u.site_id = ${siteId} AND u.owner_id = ${userId} AND u.message_id IS NULL
          FOR UPDATE
        ), conv AS (
          UPDATE conversations c
          SET last_seq = c.last_seq + 1, updated_at = now(), activity = nextval('conversation_activity')
          WHERE c.id = ${input.conversationId} AND c.site_id = ${siteId}
            AND (c.buyer_id = ${userId} OR c.seller_id = ${userId})
            AND NOT EXISTS (
              SELECT 1 FROM blocks bl
              WHERE bl.site_id = c.site_id AND bl.blocked_id = ${userId}
                AND bl.blocker_id = CASE WHEN c.buyer_id = ${userId} THEN c.seller_id ELSE c.buyer_id END)
            AND NOT EXISTS (
              SELECT 1 FROM messages d WHERE d.site_id = c.site_id AND d.sender_id = ${userId}
                AND d.client_id = ${input.clientId})
            AND (${input.replyTo}::text IS NULL OR EXISTS (
              SELECT 1 FROM messages r WHERE r.id = ${input.replyTo}::text AND r.conversation_id = c.id))
            AND (SELECT count(*) FROM photos) = ${uploadIds.length}
          RETURNING c.id, c.last_seq, c.updated_at, c.buyer_id, c.seller_id
        ), msg AS (
          INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body, reply_to, created_at,
                                masked, warnings, attachments)
          SELECT ${randomUUID()}, ${siteId}, conv.id, conv.last_seq, ${userId}, ${input.clientId}, ${input.body},
                 ${input.replyTo}, conv.updated_at, ${input.masked ?? false}, ${input.warnings ?? []}::text[],
                 (SELECT coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'width', p.width, 'height', p.height, 'bytes', p.bytes)
                                            ORDER BY array_position(${uploadIds}::text[], p.id)), '[]'::jsonb) FROM photos p)
          FROM conv
          RETURNING *
        ), claimed AS (
          UPDATE uploads u SET message_id = msg.id FROM msg WHERE u.id IN (SELECT id FROM photos)
        ), mem AS (
          UPDATE members m SET archived = false,
                 read_seq = CASE WHEN m.user_id = ${userId} THEN conv.last_seq ELSE m.read_seq END,
                 has_written = m.has_written OR m.user_id = ${userId}
          FROM conv WHERE m.conversation_id = conv.id
          RETURNING m.user_id
        ) ${this.#sendEffects(sql, 'msg')}
        SELECT ${messageColumns(sql, 'msg')}, conv.buyer_id, conv.seller_id,
               ARRAY(SELECT user_id FROM members WHERE conversation_id = ${input.conversationId} AND archived) AS unarchived,
               NOT EXISTS (SELECT 1 FROM members WHERE conversation_id = ${input.conversationId} AND user_id = ${userId}
                             AND has_written) AS first_from_sender
        FROM msg, conv`.then(([row]) => (row ? toInsertedMessage(row) : null));
  }

  /** Why {@link insert} stored nothing. */
  async diagnose(caller: Caller, input: Omit<SendInput, 'body'>): Promise<SendObstacle> {
    const { siteId, userId } = caller;
    if (await this.findByClientId(caller, input.clientId)) return 'duplicate';
    const [conv] = await this.#sql<{ buyer_id: string; seller_id: string }[]>`
      SELECT buyer_id, seller_id FROM conversations
      WHERE id = ${input.conversationId} AND site_id = ${siteId} AND (buyer_id = ${userId} OR seller_id = ${userId})`;
    if (!conv) return 'not_found';
    const other = conv.buyer_id === userId ? conv.seller_id : conv.buyer_id;
    const [block] = await this.#sql`
      SELECT 1 FROM blocks WHERE site_id = ${siteId} AND blocker_id = ${other} AND blocked_id = ${userId}`;
    if (block) return 'blocked';
    const uploadIds = input.attachments ?? [];
    if (uploadIds.length) {
      const [row] = await this.#sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM uploads
        WHERE id = ANY(${uploadIds}::text[]) AND site_id = ${siteId} AND owner_id = ${userId} AND message_id IS NULL`;
      if (row?.n !== uploadIds.length) return 'bad_attachments';
    }
    return 'bad_reply';
  }

  /** The message this sender stored with this client id, if any. */
  async findByClientId(caller: Caller, clientId: string): Promise<Message | null> {
    const sql = this.#sql;
    const [row] = await sql<MessageRow[]>`
      SELECT ${messageColumns(sql)} FROM messages m WHERE site_id = ${caller.siteId} AND sender_id = ${caller.userId} AND client_id = ${clientId}`;
    return row ? toMessage(row) : null;
  }

  /** A page of a conversation's messages in seq order (membership is checked by the caller). */
  async page(
    conversationId: string,
    { before, after, limit }: { before: number | null; after: number | null; limit: number },
  ): Promise<{ messages: Message[]; hasMore: boolean }> {
    const sql = this.#sql;
    const range = sql`
      ${after !== null ? sql`AND seq > ${after}` : sql``}
      ${before !== null ? sql`AND seq < ${before}` : sql``}`;
    // With `after`, read forward from it; otherwise read backward from `before` (or the end).
    const rows =
      after !== null
        ? await sql<MessageRow[]>`
            SELECT ${messageColumns(sql)} FROM messages m WHERE conversation_id = ${conversationId} ${range} ORDER BY seq ASC LIMIT ${limit + 1}`
        : await sql<MessageRow[]>`
            SELECT ${messageColumns(sql)} FROM messages m WHERE conversation_id = ${conversationId} ${range} ORDER BY seq DESC LIMIT ${limit + 1}`;
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    if (after === null) page.reverse();
    return { messages: page.map(toMessage), hasMore };
  }

  /**
   * Turns the caller's own message into a tombstone. Returns what was deleted, `forbidden` when the
   * message is someone else's in a conversation the caller takes part in, or null when it is not visible.
   */
  async tombstone(
    caller: Caller,
    messageId: string,
  ): Promise<{ event: MessageDeletedEvent; buyerId: string; sellerId: string; changed: boolean } | 'forbidden' | null> {
    const { siteId, userId } = caller;
    const [row] = await this.#sql<
      { conversation_id: string; seq: number; sender_id: string; was_deleted: boolean; buyer_id: string; seller_id: string }[]
    >`
      SELECT m.conversation_id, m.seq, m.sender_id, m.deleted_at IS NOT NULL AS was_deleted, c.buyer_id, c.seller_id
      FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE m.id = ${messageId} AND m.site_id = ${siteId} AND (c.buyer_id = ${userId} OR c.seller_id = ${userId})`;
    if (!row) return null;
    if (row.sender_id !== userId) return 'forbidden';
    if (!row.was_deleted) {
      const sql = this.#sql;
      await sql`
        WITH deleted AS (
          UPDATE messages SET ${tombstoneAssignments(sql)} WHERE id = ${messageId} AND deleted_at IS NULL
          RETURNING id, site_id, conversation_id, seq, sender_id
        ) ${webhookEventCtes(sql, {
          name: 'deleted_webhooks',
          type: 'message.deleted',
          from: 'deleted',
          siteId: sql`deleted.site_id`,
          data: sql`jsonb_build_object('conversationId', deleted.conversation_id, 'messageId', deleted.id,
                                       'seq', deleted.seq, 'senderId', deleted.sender_id)`,
        })}
        SELECT count(*) FROM deleted`;
    }
    return {
      event: { conversationId: row.conversation_id, messageId, seq: row.seq },
      buyerId: row.buyer_id,
      sellerId: row.seller_id,
      changed: !row.was_deleted,
    };
  }

  /**
   * Messages after each given seq, ordered by conversation then seq so that a cut answer still
   * leaves every conversation contiguous from the client's position. Each conversation is one index
   * probe from its position, in id order, stopping at the limit: the cost follows the ids named and
   * the messages returned, never the size of the table or of the conversations' histories.
   */
  async after(positions: Map<string, number>, limit: number): Promise<{ messages: Message[]; hasMore: boolean }> {
    if (positions.size === 0) return { messages: [], hasMore: false };
    const ids = [...positions.keys()];
    const seqs = [...positions.values()];
    const sql = this.#sql;
    const rows = await sql<MessageRow[]>`
      SELECT ${messageColumns(sql)} FROM (SELECT * FROM unnest(${ids}::text[], ${seqs}::int[]) AS u(id, seq) ORDER BY id) AS k
      CROSS JOIN LATERAL (
        SELECT * FROM messages x WHERE x.conversation_id = k.id AND x.seq > k.seq ORDER BY x.seq LIMIT ${limit + 1}
      ) AS m
      ORDER BY k.id, m.seq
      LIMIT ${limit + 1}`;
    return { messages: rows.slice(0, limit).map(toMessage), hasMore: rows.length > limit };
  }

  /**
   * The current snapshot ("xmin:xmax:xip,…"): every tombstone it shows as committed is visible to any
   * statement started after this one; the others (in flight, or later) are not. Read it before the
   * sync's reads, and hand it out as their deletion cursor.
   */
  async snapshot(): Promise<string> {
    const [row] = await this.#sql<{ snapshot: string }[]>`SELECT pg_current_snapshot()::text AS snapshot`;
    return row!.snapshot;
  }

  /**
   * Tombstones at or before each given seq: deletions a client that was away has not heard of.
   * Without `since`, the newest `limit` ones. With `since` (the snapshot an earlier sync handed out),
   * those made by transactions that snapshot did not show as committed, in transaction order; when
   * there are more than `limit`, `cutAt` is the transaction id of the first one left out.
   */
  async deletedUpTo(
    positions: Map<string, number>,
    limit: number,
    since: string | null,
  ): Promise<{ deleted: MessageDeletedEvent[]; cutAt: bigint | null }> {
    if (positions.size === 0) return { deleted: [], cutAt: null };
    const sql = this.#sql;
    // Per conversation, an index probe among its tombstones only (messages_tombstones).
    const rows = await sql<{ id: string; conversation_id: string; seq: number; xid: string }[]>`
      SELECT m.id, m.conversation_id, m.seq, m.deleted_xid::text AS xid
      FROM unnest(${[...positions.keys()]}::text[], ${[...positions.values()]}::int[]) AS k(id, seq)
      CROSS JOIN LATERAL (
        SELECT * FROM messages x WHERE x.conversation_id = k.id AND x.seq <= k.seq AND x.deleted_at IS NOT NULL
      ) AS m
      ${
        since === null
          ? sql`ORDER BY m.deleted_at DESC LIMIT ${limit}`
          : sql`WHERE NOT pg_visible_in_snapshot(m.deleted_xid, ${since}::pg_snapshot)
                ORDER BY m.deleted_xid LIMIT ${limit + 1}`
      }`;
    const deleted = rows.slice(0, limit).map((r) => ({ conversationId: r.conversation_id, messageId: r.id, seq: r.seq }));
    return { deleted, cutAt: since !== null && rows.length > limit ? BigInt(rows[limit]!.xid) : null };
  }
}
