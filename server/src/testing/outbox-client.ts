// A test client that sends like the widget's outbox: in order, one at a time, retrying with the same clientId.
import { io as connectClient } from 'socket.io-client';
import type { Ack, Message } from '../../../protocol/index.ts';
import type { ClientSocket } from './test-server.ts';

/** One message waiting in the outbox. */
export interface OutboxItem {
  conversationId: string;
  clientId: string;
  body: string;
}

export interface OutboxClientOptions {
  /** Server processes, as behind a load balancer: tried in turn from `home` when a connection fails. */
  urls: string[];
  home: number;
  token: string;
  /** Gives up (throws) past this time. */
  deadline: number;
  /** Called for every acknowledged message (the first ack of each item). */
  onAck?: (item: OutboxItem, message: Message) => void;
}

/** What happened to one client's outbox. */
export interface OutboxReport {
  acked: Map<string, Message>;
  /** Sends repeated after a disconnect or a refusal. */
  retries: number;
  reconnects: number;
  /** Refusals by error code (each one retried: `rate_limited`, `unavailable`). */
  refused: Record<string, number>;
}

type Outcome = { kind: 'ack'; ack: Ack<Message> } | { kind: 'lost' };

/** Drains an outbox against several processes, surviving disconnects, restarts and rate limits. */
export class OutboxClient {
  readonly #o: OutboxClientOptions;
  #socket: ClientSocket | null = null;
  #next: number;
  readonly report: OutboxReport = { acked: new Map(), retries: 0, reconnects: 0, refused: {} };

  constructor(options: OutboxClientOptions) {
    this.#o = options;
    this.#next = options.home;
  }

  /** Sends every item in order; an item is done when acked `ok`. Throws on a permanent refusal. */
  async drain(items: OutboxItem[]): Promise<OutboxReport> {
    for (const item of items) {
      for (let attempt = 0; ; attempt++) {
        if (Date.now() > this.#o.deadline) throw new Error(`outbox not drained in time (at ${item.clientId})`);
        if (attempt > 0) this.report.retries++;
        const socket = await this.#connected();
        const outcome = await this.#send(socket, item);
        if (outcome.kind === 'lost') continue; // disconnected before the ack: send it again, same clientId
        const { ack } = outcome;
        if (ack.ok) {
          if (!this.report.acked.has(item.clientId)) {
            this.report.acked.set(item.clientId, ack.data);
            this.#o.onAck?.(item, ack.data);
          }
          break;
        }
        this.report.refused[ack.error.code] = (this.report.refused[ack.error.code] ?? 0) + 1;
        if (ack.error.code === 'rate_limited' || ack.error.code === 'unavailable') {
          await delay(ack.error.retryAfterMs ?? 100);
          continue;
        }
        throw new Error(`${item.clientId} refused: ${ack.error.code} ${ack.error.message}`);
      }
    }
    this.close();
    return this.report;
  }

  close(): void {
    this.#socket?.disconnect();
    this.#socket = null;
  }

  #send(socket: ClientSocket, item: OutboxItem): Promise<Outcome> {
    return new Promise((resolve) => {
      const onDisconnect = () => resolve({ kind: 'lost' });
      socket.once('disconnect', onDisconnect);
      socket.timeout(10_000).emit('message:send', item, (err: Error | null, ack: Ack<Message>) => {
        socket.off('disconnect', onDisconnect);
        resolve(err ? { kind: 'lost' } : { kind: 'ack', ack });
      });
    });
  }

  /** The current socket, or a new one on the next process that accepts it. */
  async #connected(): Promise<ClientSocket> {
    if (this.#socket?.connected) return this.#socket;
    if (this.#socket) this.report.reconnects++;
    this.#socket?.disconnect();
    this.#socket = null;
    for (let backoff = 20; ; backoff = Math.min(backoff * 2, 250)) {
      if (Date.now() > this.#o.deadline) throw new Error('could not reconnect in time');
      const url = this.#o.urls[this.#next % this.#o.urls.length]!;
      const socket = await tryConnect(url, this.#o.token);
      if (socket) return (this.#socket = socket);
      this.#next++; // that process is down: the "load balancer" tries the next one
      await delay(backoff);
    }
  }
}

function tryConnect(url: string, token: string): Promise<ClientSocket | null> {
  const socket: ClientSocket = connectClient(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 2000,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', () => {
      socket.disconnect();
      resolve(null);
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
