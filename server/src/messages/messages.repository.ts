// SQL for messages: the one-statement send, lookups by client id, pages, tombstones and sync ranges.
import { randomUUID } from 'node:crypto';
import type { Message, MessageDeletedEvent } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { Sql } from '../db/sql.ts';
import { isDatabaseUnavailable } from '../errors.ts';
import { insertBatch } from './insert-batch.ts';
import { type MessageRow, toMessage } from './message.mapper.ts';

/** A message stored by {@link MessagesRepository.insert}, with what fan-out needs. */
export interface InsertedMessage {
  message: Message;
  buyerId: string;
  sellerId: string;
  /** Members who had hidden the conversation: the new message brought it back for them. */
  unarchived: string[];
}

/** One message to store. */
export interface SendInput {
  conversationId: string;
  clientId: string;
  body: string;
  replyTo: string | null;
}

/** What stands in the way when {@link MessagesRepository.insert} stored nothing. */
export type SendObstacle = 'not_found' | 'blocked' | 'bad_reply' | 'duplicate';

const UNIQUE_VIOLATION = '23505';

/** Message persistence; every method is scoped to the caller's site. */
export class MessagesRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
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
  async insertMany(sends: Array<{ caller: Caller; input: SendInput }>): Promise<Array<PromiseSettledResult<InsertedMessage | null>>> {
    if (sends.length === 1) return Promise.allSettled([this.insert(sends[0]!.caller, sends[0]!.input)]);
    try {
      return (await insertBatch(this.#sql, sends)).map((value) => ({ status: 'fulfilled', value }));
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
    return sql<(MessageRow & { buyer_id: string; seller_id: string; unarchived: string[] })[]>`
        WITH conv AS (
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
          RETURNING c.id, c.last_seq, c.updated_at, c.buyer_id, c.seller_id
        ), msg AS (
          INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body, reply_to, created_at)
          SELECT ${randomUUID()}, ${siteId}, conv.id, conv.last_seq, ${userId}, ${input.clientId}, ${input.body},
                 ${input.replyTo}, conv.updated_at
          FROM conv
          RETURNING *
        ), mem AS (
          UPDATE members m SET archived = false,
                 read_seq = CASE WHEN m.user_id = ${userId} THEN conv.last_seq ELSE m.read_seq END
          FROM conv WHERE m.conversation_id = conv.id
          RETURNING m.user_id
        )
        SELECT msg.*, conv.buyer_id, conv.seller_id,
               ARRAY(SELECT user_id FROM members WHERE conversation_id = ${input.conversationId} AND archived) AS unarchived
        FROM msg, conv`.then(([row]): InsertedMessage | null =>
      row ? { message: toMessage(row), buyerId: row.buyer_id, sellerId: row.seller_id, unarchived: row.unarchived } : null,
    );
  }

  /** Why {@link insert} stored nothing. */
  async diagnose(
    caller: Caller,
    input: { conversationId: string; clientId: string; replyTo: string | null },
  ): Promise<SendObstacle> {
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
    return 'bad_reply';
  }

  /** The message this sender stored with this client id, if any. */
  async findByClientId(caller: Caller, clientId: string): Promise<Message | null> {
    const [row] = await this.#sql<MessageRow[]>`
      SELECT * FROM messages WHERE site_id = ${caller.siteId} AND sender_id = ${caller.userId} AND client_id = ${clientId}`;
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
            SELECT * FROM messages WHERE conversation_id = ${conversationId} ${range} ORDER BY seq ASC LIMIT ${limit + 1}`
        : await sql<MessageRow[]>`
            SELECT * FROM messages WHERE conversation_id = ${conversationId} ${range} ORDER BY seq DESC LIMIT ${limit + 1}`;
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    if (after === null) page.reverse();
    return { messages: page.map(toMessage), hasMore };
  }

  /**
   * Turns the caller's own message into a tombstone. Returns what was deleted, `forbidden` when the
   * message is someone else's in a conversation the caller takes part in, or null when it is not visible.
   */
  async tombstone(caller: Caller, messageId: string): Promise<
    | { event: MessageDeletedEvent; buyerId: string; sellerId: string; changed: boolean }
    | 'forbidden'
    | null
  > {
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
      await this.#sql`UPDATE messages SET body = '', deleted_at = now(), deleted_xid = pg_current_xact_id() WHERE id = ${messageId} AND deleted_at IS NULL`;
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
   * leaves every conversation contiguous from the client's position.
   */
  async after(positions: Map<string, number>, limit: number): Promise<{ messages: Message[]; hasMore: boolean }> {
    if (positions.size === 0) return { messages: [], hasMore: false };
    const ids = [...positions.keys()];
    const seqs = [...positions.values()];
    const rows = await this.#sql<MessageRow[]>`
      SELECT m.* FROM unnest(${ids}::text[], ${seqs}::int[]) AS k(id, seq)
      JOIN messages m ON m.conversation_id = k.id AND m.seq > k.seq
      ORDER BY m.conversation_id, m.seq
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
    const rows = await sql<{ id: string; conversation_id: string; seq: number; xid: string }[]>`
      SELECT m.id, m.conversation_id, m.seq, m.deleted_xid::text AS xid
      FROM unnest(${[...positions.keys()]}::text[], ${[...positions.values()]}::int[]) AS k(id, seq)
      JOIN messages m ON m.conversation_id = k.id AND m.seq <= k.seq AND m.deleted_at IS NOT NULL
      ${
        since === null
          ? sql`ORDER BY m.deleted_at DESC LIMIT ${limit}`
          : sql`AND NOT pg_visible_in_snapshot(m.deleted_xid, ${since}::pg_snapshot)
                ORDER BY m.deleted_xid LIMIT ${limit + 1}`
      }`;
    const deleted = rows.slice(0, limit).map((r) => ({ conversationId: r.conversation_id, messageId: r.id, seq: r.seq }));
    return { deleted, cutAt: since !== null && rows.length > limit ? BigInt(rows[limit]!.xid) : null };
  }
}
