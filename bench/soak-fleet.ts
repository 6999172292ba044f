// Many widget-like sockets for the soak and the deploy storm: send, type, read, churn, reconnect with jitter, sync.
import { performance } from 'node:perf_hooks';
import type * as hdr from 'hdr-histogram-js';
import { io, type Socket } from 'socket.io-client';
import { signTestToken } from '../server/src/testing/tokens.ts';
import { backoffDelay } from '../widget/src/client/backoff.ts';
import { newHistogram } from './histogram.ts';
import type { Pair } from './seed.ts';

interface Ack {
  ok: boolean;
  error?: { code: string; retryAfterMs?: number };
  data?: { messages?: { seq: number }[]; hasMore?: boolean };
}

interface Member {
  userId: string;
  conversationId: string;
  url: string;
  token: string;
  socket: Socket | null;
  /** Newest seq this member holds (from live messages and syncs). */
  lastSeq: number;
  /** Reconnect with backoff after a disconnect it did not ask for (a server going away). */
  autoReconnect: boolean;
  attempts: number;
  /** A handshake of this member is under way: another connect waits for it rather than open a second socket. */
  connecting: boolean;
  /** When the current outage began for this member, and when it was caught up again (sync answered). */
  lostAt: number | null;
  caughtUpMs: number | null;
}

/** Counts of one measuring window. */
export interface FleetWindow {
  sent: number;
  acked: number;
  errors: Record<string, number>;
  delivery: hdr.Histogram;
  connects: number;
  connectFailures: number;
  syncs: number;
  syncsRefused: number;
}

const BODY = 'Hello! Is this still available? I can pick it up tomorrow evening.';

/** Sockets of buyers and sellers (two per pair), each connected to one of `urls`. */
export class Fleet {
  readonly members: Member[] = [];
  readonly #addresses: string[];
  /** Every socket opened and not closed yet, connected or still in its handshake. */
  readonly #open = new Set<Socket>();
  #window: FleetWindow = emptyWindow();
  readonly #sentAt = new Map<string, number>();
  #counter = 0;
  #cursor = 0;

  constructor(members: Member[], addresses: string[]) {
    this.members = members;
    this.#addresses = addresses;
  }

  /** Signs a token for each party of `pairs`; `urlOf(i)` picks the process of member i. */
  static async create(site: { id: string; secret: string }, pairs: Pair[], urlOf: (i: number) => string, addresses: string[]) {
    const members: Member[] = [];
    for (const p of pairs) {
      for (const userId of [p.buyerId, p.sellerId]) {
        const i = members.length;
        const token = await signTestToken({
          siteId: site.id,
          secret: site.secret,
          sub: userId,
          name: `User ${userId}`,
          expiresIn: 6 * 3600,
        });
        members.push({
          userId,
          conversationId: p.conversationId,
          url: urlOf(i),
          token,
          socket: null,
          lastSeq: 20,
          autoReconnect: false,
          attempts: 0,
          connecting: false,
          lostAt: null,
          caughtUpMs: null,
        });
      }
    }
    return new Fleet(members, addresses);
  }

  get connected(): number {
    return this.members.reduce((n, m) => n + (m.socket?.connected ? 1 : 0), 0);
  }

  /** Starts a new window and returns the previous one. */
  takeWindow(): FleetWindow {
    const w = this.#window;
    this.#window = emptyWindow();
    return w;
  }

  /** Connects every member `indexes` (all by default), `concurrency` at a time. */
  async connectAll(concurrency = 200, indexes = this.members.map((_, i) => i)): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < indexes.length) await this.connect(indexes[next++]!);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  /** Opens member i's socket and syncs; resolves false when the handshake failed. */
  connect(i: number): Promise<boolean> {
    const m = this.members[i]!;
    if (m.connecting || m.socket?.connected) return Promise.resolve(false);
    m.connecting = true;
    const socket = io(m.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 60_000,
      auth: { token: m.token },
      localAddress: this.#addresses[i % this.#addresses.length],
    } as Parameters<typeof io>[1]);
    socket.on('message:created', (msg: { senderId: string; clientId: string; seq: number }) => {
      m.lastSeq = Math.max(m.lastSeq, msg.seq);
      if (msg.senderId === m.userId) return;
      const sentAt = this.#sentAt.get(msg.clientId);
      if (sentAt === undefined) return;
      this.#sentAt.delete(msg.clientId);
      this.#window.delivery.recordValue(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
    });
    socket.on('sync:needed', () => void this.#sync(m));
    this.#open.add(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => {
        m.connecting = false;
        this.#window.connects++;
        m.socket = socket;
        m.attempts = 0;
        socket.once('disconnect', (reason) => {
          this.#open.delete(socket);
          if (m.socket === socket) m.socket = null;
          if (m.autoReconnect && reason !== 'io client disconnect') this.#lost(i);
        });
        void this.#sync(m);
        resolve(true);
      });
      socket.once('connect_error', () => {
        m.connecting = false;
        this.#window.connectFailures++;
        this.#open.delete(socket);
        socket.close();
        if (m.autoReconnect) this.#retry(i);
        resolve(false);
      });
    });
  }

  /** Closes member i's socket (a tab closed). */
  disconnect(i: number): void {
    const m = this.members[i]!;
    const s = m.socket;
    m.socket = null;
    if (s) this.#open.delete(s);
    s?.disconnect();
  }

  /** Turns widget-like reconnection (jittered exponential backoff, then sync) on for every member. */
  reconnectLikeTheWidget(): void {
    for (const m of this.members) m.autoReconnect = true;
  }

  /** Members cut off since `since` and caught up again: each one's time from the cut to its sync answer (ms). */
  catchUpTimes(): { caughtUp: number[]; pending: number } {
    const caughtUp = this.members.filter((m) => m.caughtUpMs !== null).map((m) => m.caughtUpMs!);
    return { caughtUp, pending: this.members.filter((m) => m.lostAt !== null && m.caughtUpMs === null).length };
  }

  /** Sends `count` messages from the next connected members, round robin. */
  send(count: number): void {
    for (let k = 0; k < count; k++) {
      const m = this.#nextConnected();
      if (!m) return;
      const clientId = `soak-${this.#counter++}`;
      this.#sentAt.set(clientId, performance.now());
      this.#window.sent++;
      m.socket!.emit('message:send', { conversationId: m.conversationId, clientId, body: BODY }, (a: Ack) => {
        if (a.ok) this.#window.acked++;
        else {
          this.#sentAt.delete(clientId);
          const code = a.error?.code ?? 'unknown';
          this.#window.errors[code] = (this.#window.errors[code] ?? 0) + 1;
        }
      });
    }
  }

  /** `count` typing notices (start then stop) from the next connected members. */
  type(count: number): void {
    for (let k = 0; k < count; k++) {
      const m = this.#nextConnected();
      m?.socket!.emit('typing', { conversationId: m.conversationId, typing: k % 2 === 0 });
    }
  }

  /** `count` read receipts up to each member's newest seq. */
  read(count: number): void {
    for (let k = 0; k < count; k++) {
      const m = this.#nextConnected();
      m?.socket!.emit('conversation:read', { conversationId: m.conversationId, seq: m.lastSeq }, () => undefined);
    }
  }

  /** Delivery entries still waited for (a leak in the fleet if it only grows); old ones are dropped. */
  prune(olderThanMs: number): number {
    const limit = performance.now() - olderThanMs;
    for (const [id, at] of this.#sentAt) if (at < limit) this.#sentAt.delete(id);
    return this.#sentAt.size;
  }

  /** Closes every socket, those still in their handshake too. */
  close(): void {
    for (const m of this.members) ((m.autoReconnect = false), (m.socket = null));
    for (const socket of this.#open) socket.disconnect();
    this.#open.clear();
  }

  /** A random connected member's index (for churn), or -1. */
  randomConnected(): number {
    for (let tries = 0; tries < 100; tries++) {
      const i = Math.floor(Math.random() * this.members.length);
      if (this.members[i]!.socket?.connected) return i;
    }
    return -1;
  }

  #nextConnected(): Member | null {
    for (let tries = 0; tries < this.members.length; tries++) {
      const m = this.members[this.#cursor++ % this.members.length]!;
      if (m.socket?.connected) return m;
    }
    return null;
  }

  #lost(i: number): void {
    const m = this.members[i]!;
    m.lostAt ??= performance.now();
    m.caughtUpMs = null;
    this.#retry(i);
  }

  #retry(i: number): void {
    const m = this.members[i]!;
    setTimeout(() => void this.connect(i), backoffDelay(++m.attempts));
  }

  async #sync(m: Member): Promise<void> {
    for (;;) {
      const socket = m.socket;
      if (!socket) return;
      this.#window.syncs++;
      const ack = (await socket
        .timeout(60_000)
        .emitWithAck('sync', { conversations: { [m.conversationId]: m.lastSeq } })
        .catch(() => null)) as Ack | null;
      if (!ack) return;
      if (!ack.ok) {
        this.#window.syncsRefused++;
        await new Promise((r) => setTimeout(r, ack.error?.retryAfterMs ?? 1000));
        continue;
      }
      for (const msg of ack.data?.messages ?? []) m.lastSeq = Math.max(m.lastSeq, msg.seq);
      if (ack.data?.hasMore) continue;
      if (m.lostAt !== null) {
        m.caughtUpMs = performance.now() - m.lostAt;
        m.lostAt = null;
      }
      return;
    }
  }
}

function emptyWindow(): FleetWindow {
  return { sent: 0, acked: 0, errors: {}, delivery: newHistogram(), connects: 0, connectFailures: 0, syncs: 0, syncsRefused: 0 };
}
