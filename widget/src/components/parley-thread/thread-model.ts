// Builds what a thread shows: stored messages then queued ones, with statuses, quotes and day breaks.
import type { Message } from '../../../../protocol/index.ts';
import { outboxOf, outboxStatus, storedStatus } from '../../client/selectors.ts';
import type { OutboxItem, OwnMessageStatus, ParleyState } from '../../client/types.ts';
import { dayKey } from '../../format/dates.ts';

/** A quoted message (the one replied to). */
export interface QuoteView {
  name: string;
  text: string;
  deleted: boolean;
}

/** One row of the thread. */
export interface MessageView {
  /** Stable across the send: the clientId, so a queued message keeps its row once stored. */
  key: string;
  /** Server id once stored (actions need it). */
  id: string | null;
  clientId: string;
  body: string;
  createdAt: string;
  deleted: boolean;
  own: boolean;
  /** Own messages only. */
  status: OwnMessageStatus | null;
  quote: QuoteView | null;
  /** True when this message starts a new calendar day. */
  newDay: boolean;
}

/** The rows of a conversation, oldest first. */
export function threadRows(s: ParleyState, conversationId: string, names: { me: string; other: string }): MessageView[] {
  const me = s.me?.userId;
  const thread = s.threads[conversationId] ?? [];
  const byId = new Map(thread.map((m) => [m.id, m]));
  const quoteOf = (replyTo: string | null): QuoteView | null => {
    if (!replyTo) return null;
    const q = byId.get(replyTo);
    if (!q) return { name: '', text: '…', deleted: false };
    return { name: q.senderId === me ? names.me : names.other, text: q.body, deleted: Boolean(q.deletedAt) };
  };
  const stored = thread.map((m: Message) => ({
    key: m.clientId || m.id,
    id: m.id,
    clientId: m.clientId,
    body: m.body,
    createdAt: m.createdAt,
    deleted: Boolean(m.deletedAt),
    own: m.senderId === me,
    status: m.senderId === me ? storedStatus(s, m) : null,
    quote: quoteOf(m.replyTo),
    newDay: false,
  }));
  const storedIds = new Set(thread.map((m) => m.clientId));
  const queued = outboxOf(s, conversationId)
    .filter((i: OutboxItem) => !storedIds.has(i.clientId))
    .map((i) => ({
      key: i.clientId,
      id: null,
      clientId: i.clientId,
      body: i.body,
      createdAt: i.createdAt,
      deleted: false,
      own: true,
      status: outboxStatus(s, i),
      quote: quoteOf(i.replyTo),
      newDay: false,
    }));
  const rows: MessageView[] = [...stored, ...queued];
  let day = '';
  for (const row of rows) {
    const key = dayKey(row.createdAt);
    row.newDay = key !== day;
    day = key;
  }
  return rows;
}
