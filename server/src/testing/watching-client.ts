// A test client that receives like the widget: live messages, gap filling, `sync` on connect and on `sync:needed`.
import type { Message, SyncResult, UnreadCounts } from '../../../protocol/index.ts';
import { connectSocket, request, type ClientSocket } from './test-server.ts';

/** What one watching client ended up with, and how it got there. */
export interface WatchReport {
  userId: string;
  /** Messages received live (first copy of each id). */
  live: number;
  /** Messages that came only through `sync` (gaps filled). */
  filled: number;
  /** Live copies of a message already held (harmless: the client keeps one). */
  echoes: number;
  /** `sync:needed` pushes received. */
  syncNeeded: number;
  /** Syncs refused with `rate_limited` (each waited out and asked again). */
  syncsRefused: number;
  /** Syncs answered `unavailable` (the database was away; each asked again after a pause, as the widget does). */
  syncsUnavailable: number;
}

/** How long a sync keeps asking again while the server answers `unavailable`, before it fails. */
const UNAVAILABLE_GIVE_UP_MS = 30_000;
/** The pause before asking again after `unavailable`. */
const UNAVAILABLE_RETRY_MS = 250;

/**
 * One socket of `userId` that keeps every message of its conversations by seq, as the widget's state
 * does: a live message past a hole, a `sync:needed` push or a reconnection makes it `sync`.
 */
export class WatchingClient {
  readonly userId: string;
  /** conversationId → seq → message. */
  readonly threads = new Map<string, Map<number, Message>>();
  /** The unread counts last heard, per conversation (`unread` pushes, `sync` answers, own messages). */
  readonly unread = new Map<string, number>();
  readonly report: WatchReport;
  /** Why syncs that nobody awaited failed (each is followed by an awaited one that must succeed). */
  readonly backgroundErrors: string[] = [];
  socket!: ClientSocket;
  #syncing: Promise<void> | null = null;
  #again = false;
  readonly #liveListeners = new Set<(m: Message) => void>();

  constructor(userId: string, conversationIds: string[]) {
    this.userId = userId;
    for (const id of conversationIds) this.threads.set(id, new Map());
    this.report = { userId, live: 0, filled: 0, echoes: 0, syncNeeded: 0, syncsRefused: 0, syncsUnavailable: 0 };
  }

  /** Connects to `url` with `token` and catches up. */
  async connect(url: string, token: string): Promise<void> {
    this.socket = await connectSocket(url, token);
    this.socket.on('message:created', (m) => this.#onLive(m));
    this.socket.on('unread', (u: UnreadCounts) => {
      for (const id of this.threads.keys()) this.unread.set(id, u.conversations[id] ?? 0);
    });
    this.socket.on('sync:needed', () => {
      this.report.syncNeeded++;
      this.#syncInBackground();
    });
    await this.sync();
  }

  /** Calls `fn` for each message received live from now on; returns the function that stops it. */
  onLive(fn: (m: Message) => void): () => void {
    this.#liveListeners.add(fn);
    return () => this.#liveListeners.delete(fn);
  }

  /** Catches up every conversation; a call during a sync runs one more after it (never a stale answer). */
  sync(): Promise<void> {
    if (this.#syncing) {
      this.#again = true;
      return this.#syncing;
    }
    this.#syncing = (async () => {
      do {
        this.#again = false;
        await this.#syncOnce();
      } while (this.#again);
    })().finally(() => (this.#syncing = null));
    return this.#syncing;
  }

  /** The seq this client holds every message up to, in `conversationId`. */
  position(conversationId: string): number {
    const thread = this.threads.get(conversationId)!;
    let seq = 0;
    while (thread.has(seq + 1)) seq++;
    return seq;
  }

  close(): void {
    this.socket?.disconnect();
  }

  /**
   * A sync nobody awaits (gap filling, `sync:needed`): a failure is kept in `backgroundErrors` rather than
   * thrown into the process; the next awaited `sync()` asks again from the positions held.
   */
  #syncInBackground(): void {
    this.sync().catch((err: unknown) => this.backgroundErrors.push(String(err)));
  }

  async #syncOnce(): Promise<void> {
    let unavailableSince: number | null = null;
    for (let hasMore = true; hasMore;) {
      const positions = Object.fromEntries([...this.threads.keys()].map((id) => [id, this.position(id)]));
      const ack = await request<SyncResult>(this.socket, 'sync', { conversations: positions });
      if (!ack.ok && ack.error.code === 'rate_limited') {
        this.report.syncsRefused++;
        await new Promise((r) => setTimeout(r, ack.error.retryAfterMs ?? 1000));
        continue;
      }
      if (!ack.ok && ack.error.code === 'unavailable') {
        this.report.syncsUnavailable++;
        unavailableSince ??= Date.now();
        if (Date.now() - unavailableSince > UNAVAILABLE_GIVE_UP_MS) {
          throw new Error(`${this.userId}: sync unavailable for ${UNAVAILABLE_GIVE_UP_MS} ms`);
        }
        await new Promise((r) => setTimeout(r, UNAVAILABLE_RETRY_MS));
        continue;
      }
      if (!ack.ok) throw new Error(`${this.userId}: sync refused: ${ack.error.code}`);
      unavailableSince = null;
      for (const m of ack.data.messages) if (this.#keep(m)) this.report.filled++;
      for (const c of ack.data.conversations) if (this.threads.has(c.id)) this.unread.set(c.id, c.unread);
      hasMore = ack.data.hasMore;
    }
  }

  #onLive(m: Message): void {
    if (!this.#keep(m)) {
      this.report.echoes++;
      return;
    }
    this.report.live++;
    for (const fn of this.#liveListeners) fn(m);
    // A hole before this seq: fetch it, as the widget's gap filling does.
    if (m.seq > 1 && !this.threads.get(m.conversationId)!.has(m.seq - 1)) this.#syncInBackground();
  }

  /** Keeps `m`; false when a copy was already held. */
  #keep(m: Message): boolean {
    const thread = this.threads.get(m.conversationId);
    if (!thread || thread.has(m.seq)) return false;
    thread.set(m.seq, m);
    if (m.senderId === this.userId) {
      // Sending reads the conversation up to the message sent (the server's rule): no push says so.
      this.unread.set(m.conversationId, [...thread.values()].filter((o) => o.seq > m.seq && o.senderId !== this.userId).length);
    }
    return true;
  }
}
