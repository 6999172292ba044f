// The per-page Parley client: one connection, one cache, one outbox and one state shared by every element.
import type { Conversation, Message } from '../../../protocol/index.ts';
import { Cache } from './cache.ts';
import { ClientActions } from './actions.ts';
import { Connection } from './connection.ts';
import { Emitter } from './emitter.ts';
import { liveHandlers } from './live.ts';
import { Outbox } from './outbox.ts';
import { fromCache, initialState } from './reducers.ts';
import { RestClient } from './rest.ts';
import { Store } from './store.ts';
import { Sync } from './sync.ts';
import { identityOf, sameIdentity } from './token.ts';
import type { Identity, ParleyClientOptions, ParleyState, TokenGetter } from './types.ts';

/** One-off notifications (state changes go through `subscribe`). */
export interface ParleyClientEvents {
  /** A message from the other party arrived live. */
  message: { conversationId: string; message: Message };
  /** Something the user did failed, or the server refused a queued message. */
  error: { code: string; message: string };
}

/**
 * Everything elements need, with no DOM: state through `subscribe()`, actions as methods. Create one
 * per page (see `page-client.ts`); call `start()` once.
 */
export class ParleyClient extends ClientActions {
  readonly options: ParleyClientOptions;
  readonly #emitter = new Emitter<ParleyClientEvents>();
  readonly #getToken: TokenGetter;
  #cacheReady: Promise<void> = Promise.resolve();
  #started = false;
  #disposed = false;
  #onPageHide = () => void this.cache?.flush();

  constructor(options: ParleyClientOptions) {
    const store = new Store<ParleyState>(initialState());
    const getToken: TokenGetter = async (o) => (await options.getToken(o)) ?? null;
    const rest = new RestClient(options.server, getToken);
    super(store, rest);
    this.options = options;
    this.#getToken = getToken;
    const handlers = liveHandlers({
      store,
      ownMessages: (messages) => this.delivered(messages),
      incoming: (message) => this.#emitter.emit('message', { conversationId: message.conversationId, message }),
      gap: (id) => void this.sync?.fillGaps(id).catch((err) => console.warn('[parley] gap fill failed', err)),
      refreshConversation: (id) => void this.sync?.fetchConversation(id).catch((err) => console.warn('[parley] fetch failed', err)),
    });
    this.connection = new Connection(
      { server: options.server, getToken, transports: options.transports },
      {
        status: (status) => store.update({ status }),
        token: (token) => this.#useToken(token),
        connected: () => void this.#afterConnect(),
        signedOut: (reason) => {
          store.update({ auth: reason === 'rejected' ? 'rejected' : 'signed-out' });
          if (reason === 'rejected') this.notifyError('unauthorized', 'The server refused the sign-in token.');
        },
        refused: (code, message) => this.notifyError(code, message),
        event: (event, payload) => (handlers[event] as (p: unknown) => void)(payload),
      },
    );
    this.sync = new Sync({ store, connection: this.connection, rest, onMessages: (m) => this.delivered(m) });
  }

  /** The current state (never mutate it). */
  get state(): ParleyState {
    return this.store.state;
  }

  /** Calls `listener` after every state change; returns the unsubscribe function. */
  subscribe(listener: (state: ParleyState, previous: ParleyState) => void): () => void {
    return this.store.subscribe(listener);
  }

  /** Listens to one-off events (`message`, `error`); returns the function that removes the listener. */
  on<K extends keyof ParleyClientEvents>(event: K, listener: (payload: ParleyClientEvents[K]) => void): () => void {
    return this.#emitter.on(event, listener);
  }

  /** Reads the cache for the signed-in user, then connects. Safe to call more than once. */
  async start(): Promise<void> {
    if (this.#started || this.#disposed) return;
    this.#started = true;
    globalThis.addEventListener?.('pagehide', this.#onPageHide);
    // Until the token names a user, "ready" waits for the token too (then for that user's cache).
    const signedIn = this.#signIn();
    this.#cacheReady = signedIn;
    await signedIn;
    if (!this.#disposed) this.connection.start();
  }

  async #signIn(): Promise<void> {
    try {
      // The host's getter itself, not #getToken's wrapper: one microtask sooner, the cache is opened
      // before the elements' first render rather than after it (IndexedDB then works meanwhile).
      const token = (await this.options.getToken()) ?? null;
      if (token) await this.#useToken(token);
      else this.store.update({ auth: 'signed-out' });
    } catch (err) {
      console.warn('[parley] could not get a token', err);
    }
  }

  /** Resolves once the signed-in user's cache has been read. */
  whenReady(): Promise<void> {
    return this.#cacheReady;
  }

  /** Reads the cache first: a conversation held there is not asked for (offline, that would only fail). */
  override async loadConversation(conversationId: string): Promise<void> {
    await this.#cacheReady;
    return super.loadConversation(conversationId);
  }

  /** Forces a catch-up now: reconnects at once when offline, else asks the server for what is new. */
  async refresh(): Promise<void> {
    if (!this.connection.connected) {
      this.connection.reconnectNow();
      return;
    }
    await this.sync.catchUp();
    void this.outbox?.drain();
  }

  /** Writes pending cache batches now. */
  async flush(): Promise<void> {
    await this.cache?.flush();
  }

  /** Disconnects and keeps the cache (a page going away, a configuration change). */
  async dispose(): Promise<void> {
    this.#disposed = true;
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
    this.connection.stop();
    this.outbox?.stop();
    await this.cache?.flush();
  }

  /** Disconnects and wipes this user's cache and outbox on this device (contract: `Parley.logout()`). */
  async logout(): Promise<void> {
    await this.dispose();
    await this.cache?.wipe();
    this.cache = null;
    this.outbox = null;
    this.store.update({ ...initialState(this.store.state.view), status: 'offline', auth: 'signed-out' });
  }

  /** Reports a failure to listeners (elements turn it into `parley-error`). */
  protected override notifyError(code: string, message: string): void {
    this.#emitter.emit('error', { code, message });
  }

  /** A token arrived: when it names another user than before, switch to that user's cache and outbox. */
  #useToken(token: string): Promise<void> {
    const identity = identityOf(token);
    // Unreadable: no user to open a cache for; the server refuses it and the refresh path decides.
    if (!identity) return Promise.resolve();
    if (sameIdentity(identity, this.store.state.me)) return this.#cacheReady;
    this.#cacheReady = this.#switchUser(identity);
    return this.#cacheReady;
  }

  async #switchUser(identity: Identity): Promise<void> {
    this.outbox?.stop();
    // No await without a previous cache: each one lets the elements render before the cache is opened.
    if (this.cache) await this.cache.flush();
    const name = `parley:${new URL(this.options.server, globalThis.location?.href).origin}:${identity.siteId}:${identity.userId}`;
    this.store.update({ ...initialState(this.store.state.view), status: this.connection.status, me: identity, auth: 'signed-in' });
    const cache = new Cache({
      name,
      kind: this.options.storage,
      currentOutbox: () => this.store.state.outbox,
      onDegraded: () => this.store.update({ storage: 'memory' }),
    });
    this.cache = cache;
    const cached = await cache.load();
    this.outbox = new Outbox({
      store: this.store,
      cache,
      connection: this.connection,
      lockName: `parley-outbox:${name}`,
      onAcked: (message) => this.messagesReceived([message]),
      onFailed: (item) => this.notifyError(item.error?.code ?? 'invalid', item.error?.message ?? 'The message was refused.'),
    });
    this.outbox.load(cached.outbox);
    // One state change for everything the cache held: each one re-renders every element.
    this.store.update({ ...fromCache(cached), storage: cache.kind });
    this.watchCache(cache);
  }

  async #afterConnect(): Promise<void> {
    // A cache that failed to open was already logged where its token arrived (#signIn, Connection); catch up anyway.
    await this.#cacheReady.catch(() => undefined);
    this.store.update({ auth: 'signed-in' });
    await this.sync.catchUp();
    void this.outbox?.drain();
  }

  /** Changes the locale elements use when they have no `lang` of their own; they re-render. */
  setLocale(locale: string | undefined): void {
    if (this.options.locale === locale) return;
    this.options.locale = locale;
    this.store.update({});
  }

  /** Exposed for elements: a conversation from the state, if known. */
  conversation(id: string): Conversation | undefined {
    return this.store.state.conversations[id];
  }
}
