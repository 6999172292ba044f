// Builds what a thread shows: stored messages then queued ones, with statuses, quotes and day breaks.
import type { Message, SystemContent, WarningCode } from '../../../../protocol/index.ts';
import { outboxOf, outboxStatus, storedStatus } from '../../client/selectors.ts';
import type { OutboxItem, OwnMessageStatus, ParleyState } from '../../client/types.ts';
import { dayKey } from '../../format/dates.ts';
import { blobUrl } from '../../client/photos.ts';

/** A quoted message (the one replied to). */
export interface QuoteView {
  name: string;
  text: string;
  deleted: boolean;
}

/** A photo of a row: the thumbnail shown in the thread, the full image for the viewer, and its size. */
export interface PhotoView {
  thumb: string;
  full: string;
  width: number;
  height: number;
}

/** One row of the thread. */
export interface MessageView {
  /** Stable across the send: the clientId, so a queued message keeps its row once stored. */
  key: string;
  /** Server id once stored (actions need it). */
  id: string | null;
  /** Once stored. */
  seq?: number;
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
  photos: PhotoView[];
  /** What a system message says (null for a person's message): drawn apart, in the reader's language. */
  system: SystemContent | null;
  /** Contact details in `body` were replaced by `MASK_PLACEHOLDER` (false for messages cached before this field). */
  masked: boolean;
  /** What the reader is warned of: only on others' messages. */
  warnings: readonly WarningCode[];
}

/** The rows of a conversation, oldest first. */
export function threadRows(
  state: ParleyState,
  conversationId: string,
  names: { me: string; other: string },
  photoUrl: (path: string) => string = (path) => path,
): MessageView[] {
  const me = state.me?.userId;
  const thread = state.threads[conversationId] ?? [];
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
    seq: m.seq,
    clientId: m.clientId,
    body: m.body,
    createdAt: m.createdAt,
    deleted: Boolean(m.deletedAt),
    own: m.senderId === me,
    status: m.senderId === me ? storedStatus(state, m) : null,
    quote: quoteOf(m.replyTo),
    newDay: false,
    // `?? []`: messages cached before photos existed have no `attachments`.
    photos: (m.attachments ?? []).map((a) => ({
      thumb: photoUrl(a.thumbUrl),
      full: photoUrl(a.url),
      width: a.width,
      height: a.height,
    })),
    system: m.kind === 'system' && m.system && !m.deletedAt ? m.system : null,
    masked: m.masked === true,
    warnings: m.senderId === me || m.deletedAt ? [] : (m.warnings ?? []),
  }));
  const storedIds = new Set(thread.map((m) => m.clientId));
  const queued = outboxOf(state, conversationId)
    .filter((i: OutboxItem) => !storedIds.has(i.clientId))
    .map((i) => ({
      key: i.clientId,
      id: null,
      clientId: i.clientId,
      body: i.body,
      createdAt: i.createdAt,
      deleted: false,
      own: true,
      status: outboxStatus(state, i),
      quote: quoteOf(i.replyTo),
      newDay: false,
      photos: (i.photos ?? []).map((p) => {
        const url = blobUrl(p.blob);
        return { thumb: url, full: url, width: p.width, height: p.height };
      }),
      system: null,
      masked: false,
      warnings: [],
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
