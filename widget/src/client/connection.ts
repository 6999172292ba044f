// The socket: connects, reconnects with backoff and jitter, refreshes a refused or expired token, tracks status.
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  ConnectErrorData,
  DataEventName,
  ServerToClientEvents,
} from '../../../protocol/index.ts';
import { backoffDelay } from './backoff.ts';
import type { ConnectionStatus, TokenGetter } from './types.ts';

type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Failed attempts in a row after which "reconnecting" becomes "offline" (retries go on). */
const ATTEMPTS_BEFORE_OFFLINE = 3;
const REQUEST_TIMEOUT_MS = 15_000;

/** What the connection tells its owner. */
export interface ConnectionHandlers {
  status(status: ConnectionStatus): void;
  /** A token was obtained; resolves when the owner is ready for this user (cache loaded). */
  token(token: string): Promise<void>;
  /** The socket is connected (first time or again): catch up, then drain. */
  connected(): void;
  /** No user: `getToken` answered null, or the server refused a freshly refreshed token. */
  signedOut(reason: 'no-token' | 'rejected' | 'suspended'): void;
  /** The server refused this page's origin for the site: a configuration error (retries go on). */
  refused(code: string, message: string): void;
  /** One handler per server push: the socket listens to exactly the events this map names. */
  events: ServerEventHandlers;
}

/**
 * A handler for every data event of the server's event map (the compiler checks that none is
 * missing); `session:expired` is the connection's own business.
 */
export type ServerEventHandlers = { [E in DataEventName]: ServerToClientEvents[E] };

export interface ConnectionOptions {
  server: string;
  getToken: TokenGetter;
  transports?: string[];
}

/**
 * States: `connecting` (an attempt runs or the next one is scheduled), `online` (connected),
 * `offline` (the browser is offline, nobody is signed in, the token was refused, or several attempts
 * failed in a row; retries continue in the last case). The browser's `online` event retries at once.
 */
export class Connection {
  readonly #socket: ParleySocket;
  readonly #options: ConnectionOptions;
  readonly #handlers: ConnectionHandlers;
  #status: ConnectionStatus = 'connecting';
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #token: string | null = null;
  /** The token the server said has expired (`session:expired`): never offered again. */
  #expiredToken: string | null = null;
  #refreshNext = false;
  #refreshed = false;
  #stopped = true;
  #browserOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
  #attempting = false;

  constructor(options: ConnectionOptions, handlers: ConnectionHandlers) {
    this.#options = options;
    this.#handlers = handlers;
    this.#socket = io(options.server, {
      path: '/socket.io',
      autoConnect: false,
      // Reconnection is ours: it must also follow server kicks, token refreshes and browser events.
      reconnection: false,
      transports: options.transports ?? ['websocket', 'polling'],
      tryAllTransports: true,
      forceNew: true,
      auth: (cb) => cb({ token: this.#token ?? '' }),
    });
    this.#socket.on('connect', () => this.#onConnect());
    this.#socket.on('connect_error', (err) => this.#onConnectError(err as Error & { data?: ConnectErrorData }));
    this.#socket.on('disconnect', (reason) => this.#onDisconnect(reason));
    // Sent just before the server ends the connection because its token expired: the reconnect that
    // follows the disconnect must use another token.
    this.#socket.on('session:expired', () => (this.#expiredToken = this.#token));
    for (const event of Object.keys(handlers.events) as DataEventName[]) {
      this.#socket.on(event, handlers.events[event] as never);
    }
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  /** Starts connecting and listening to the browser's online/offline events. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    globalThis.addEventListener?.('online', this.#onBrowserOnline);
    globalThis.addEventListener?.('offline', this.#onBrowserOffline);
    if (this.#browserOffline) this.#setStatus('offline');
    else void this.#attempt();
  }

  /** Disconnects for good (until `start()`). */
  stop(): void {
    this.#stopped = true;
    this.#clearTimer();
    globalThis.removeEventListener?.('online', this.#onBrowserOnline);
    globalThis.removeEventListener?.('offline', this.#onBrowserOffline);
    this.#socket.disconnect();
    this.#setStatus('offline');
  }

  /** Retries now when not connected (a user's "refresh"), forgetting the backoff. */
  reconnectNow(): void {
    if (this.#stopped || this.#socket.connected) return;
    this.#browserOffline = false;
    this.#failures = 0;
    this.#clearTimer();
    void this.#attempt();
  }

  /** Sends a request and resolves with its ack; fails with `unavailable` when offline or timed out. */
  request<T>(event: keyof ClientToServerEvents, payload: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Ack<T>> {
    if (!this.#socket.connected) return Promise.resolve(unavailable('Not connected.'));
    return new Promise((resolve) => {
      // Emits are never buffered while disconnected (checked above); a disconnect fails the ack at once.
      (this.#socket.timeout(timeoutMs).emit as (e: string, p: unknown, cb: (err: Error | null, ack: Ack<T>) => void) => void)(
        event,
        payload,
        (err, ack) => resolve(err ? unavailable(err.message) : ack),
      );
    });
  }

  /** Fire-and-forget `typing` (dropped when offline). */
  typing(conversationId: string, typing: boolean): void {
    if (this.#socket.connected) this.#socket.emit('typing', { conversationId, typing });
  }

  async #attempt(): Promise<void> {
    if (this.#stopped || this.#browserOffline || this.#attempting || this.#socket.connected) return;
    this.#attempting = true;
    this.#setStatus(this.#failures >= ATTEMPTS_BEFORE_OFFLINE ? 'offline' : 'connecting');
    try {
      let token = await this.#options.getToken({ forceRefresh: this.#refreshNext });
      // The getter may still hold the expired token (no background refresh ran, or it failed): ask anew.
      if (token && token === this.#expiredToken) token = await this.#options.getToken({ forceRefresh: true });
      this.#refreshNext = false;
      if (this.#stopped) return;
      if (!token) {
        this.#setStatus('offline');
        this.#handlers.signedOut('no-token');
        return;
      }
      this.#token = token;
      await this.#handlers.token(token);
      if (this.#stopped || this.#browserOffline) return;
      this.#socket.connect();
    } catch (err) {
      console.warn('[parley] could not get a token', err);
      this.#scheduleRetry();
    } finally {
      this.#attempting = false;
    }
  }

  #onConnect(): void {
    this.#failures = 0;
    this.#refreshed = false;
    this.#setStatus('online');
    this.#handlers.connected();
  }

  #onConnectError(err: Error & { data?: ConnectErrorData }): void {
    if (this.#stopped) return;
    if (err.data?.code === 'unauthorized') {
      if (!this.#refreshed) {
        // One refresh: the token may simply have expired. A second refusal means it is not valid here.
        this.#refreshed = true;
        this.#refreshNext = true;
        void this.#attempt();
        return;
      }
      this.#socket.disconnect();
      this.#setStatus('offline');
      this.#handlers.signedOut('rejected');
      return;
    }
    if (err.data?.code === 'suspended') {
      // The site's moderators suspended this user: trying again would only be refused again.
      this.#socket.disconnect();
      this.#setStatus('offline');
      this.#handlers.signedOut('suspended');
      return;
    }
    if (err.data?.code === 'forbidden_origin' && this.#failures === 0) this.#handlers.refused(err.data.code, err.data.message);
    this.#scheduleRetry();
  }

  #onDisconnect(reason: string): void {
    if (this.#stopped) return;
    // engine.io-client closes the transport on the browser's `offline` event before our own listener
    // runs: read navigator.onLine so that this disconnect already counts as offline.
    if (this.#browserOffline || (typeof navigator !== 'undefined' && navigator.onLine === false)) {
      this.#browserOffline = true;
      this.#clearTimer();
      return this.#setStatus('offline');
    }
    if (reason === 'io client disconnect') return;
    // Kicked by the server or the transport broke: try again soon, jittered so that a restarted
    // server is not hit by every client at the same instant.
    this.#setStatus('connecting');
    this.#clearTimer();
    this.#timer = setTimeout(() => void this.#attempt(), Math.round(Math.random() * 1000));
  }

  #scheduleRetry(): void {
    if (this.#stopped) return;
    this.#failures++;
    this.#setStatus(this.#failures >= ATTEMPTS_BEFORE_OFFLINE || this.#browserOffline ? 'offline' : 'connecting');
    this.#clearTimer();
    if (!this.#browserOffline) this.#timer = setTimeout(() => void this.#attempt(), backoffDelay(this.#failures));
  }

  readonly #onBrowserOnline = () => {
    this.#browserOffline = false;
    this.reconnectNow();
  };

  readonly #onBrowserOffline = () => {
    // The network is gone: stop retrying until the browser says it is back.
    this.#browserOffline = true;
    this.#clearTimer();
    this.#setStatus('offline');
    this.#socket.disconnect();
  };

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #setStatus(status: ConnectionStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#handlers.status(status);
  }
}

function unavailable(message: string): { ok: false; error: { code: 'unavailable'; message: string } } {
  return { ok: false, error: { code: 'unavailable', message } };
}
