// The per-page Parley client: builds its parts once (connection, sync, session, actions) and is what elements call.
import type { Conversation, CreateConversationRequest, Message, Upload } from '../../../protocol/index.ts';
import { Connection } from './connection.ts';
import { ConversationActions } from './conversation-actions.ts';
import { Emitter } from './emitter.ts';
import { liveHandlers } from './live.ts';
import { MessageActions } from './message-actions.ts';
import { initialState } from './reducers.ts';
import { RestClient } from './rest.ts';
import { type SearchAnswer, SearchActions } from './search.ts';
import { UserSession } from './session.ts';
import { Store } from './store.ts';
import { Sync } from './sync.ts';
import { identityOf, sameIdentity } from './token.ts';
import type { OutboxItem, OutboxPhoto, ParleyClientOptions, ParleyState, TokenGetter, ViewState } from './types.ts';

/** One-off notifications (state changes go through `subscribe`). */
export interface ParleyClientEvents {
  /** A message from the other party arrived live. */
  message: { conversationId: string; message: Message };
  /** Something the user did failed, or the server refused a queued message. */
  error: { code: string; message: string };
}

/**
 * Everything elements need, with no DOM: state through `subscribe()`, actions as methods. One per page; call `start()` once.
 *
 * The composition root of the client: each part gets the parts it works with when it is built
 * (the session tells the client of its outbox's outcomes through a delegate), and the methods
 * below hand each action to the part that owns it.
 */
export class ParleyClient {
  readonly options: ParleyClientOptions;
  readonly #store = new Store<ParleyState>(initialState());
  /** Not `#private`: tests watch what the client puts on the wire through it. */
  private readonly connection: Connection;
  readonly #sync: Sync;
  readonly #session: UserSession;
  readonly #messages: MessageActions;
  readonly #conversations: ConversationActions;
  readonly #search: SearchActions;
  readonly #emitter = new Emitter<ParleyClientEvents>();
  readonly #rest: RestClient;
  /** Resolves once the signed-in user's cache has been read (until a token names a user, once it does). */
  #ready: Promise<void> = Promise.resolve();
  #started = false;
  #disposed = false;
  #onPageHide = () => void this.#session.flush();

  constructor(options: ParleyClientOptions) {
    this.options = options;
    const store = this.#store;
    const getToken: TokenGetter = async (o) => (await options.getToken(o)) ?? null;
    const rest = (this.#rest = new RestClient(options.server, getToken));
    const events = liveHandlers({
      store,
      ownMessages: (messages) => this.#session.delivered(messages),
      incoming: (message) => this.#emitter.emit('message', { conversationId: message.conversationId, message }),
      gap: (id) => void this.#sync.fillGaps(id),
      refreshConversation: (id) => this.#sync.refreshConversation(id),
      viewPushed: (id) => this.#sync.viewPushed(id),
      resync: () => void this.#sync.catchUp().catch((err) => console.warn('[parley] sync failed', err)),
    });
    this.connection = new Connection(
      { server: options.server, getToken, transports: options.transports },
      {
        status: (status) => store.update({ status }),
        token: (token) => this.#useToken(token),
        connected: () => void this.#afterConnect(),
        signedOut: (reason) => {
          store.update({ auth: reason === 'no-token' ? 'signed-out' : reason });
          if (reason === 'rejected') this.#notifyError('unauthorized', 'The server refused the sign-in token.');
          if (reason === 'suspended') this.#notifyError('suspended', 'The site suspended this account.');
        },
        refused: (code, message) => this.#notifyError(code, message),
        events,
      },
    );
    const connection = this.connection;
    this.#session = new UserSession({
      store,
      connection,
      server: options.server,
      storage: options.storage,
      upload: (blob, o) => rest.upload(blob, o),
      delegate: {
        messageAcked: (message) => this.#messages.received([message]),
        messageFailed: (item) =>
          this.#notifyError(item.error?.code ?? 'invalid', item.error?.message ?? 'The message was refused.'),
        threadsWarmed: (ids) => this.#sync.fillHoles(ids),
      },
    });
    const session = this.#session;
    this.#sync = new Sync({ store, connection, rest, onMessages: (messages) => session.delivered(messages) });
    this.#messages = new MessageActions({ store, rest, connection, sync: this.#sync, session, whenReady: () => this.#ready });
    this.#conversations = new ConversationActions({ store, rest });
    this.#search = new SearchActions({ store, rest, readCachedThreads: () => session.readAllThreads() });
  }

  /** The current state (never mutate it). */
  get state(): ParleyState {
    return this.#store.state;
  }

  /** Calls `listener` after every state change; returns the unsubscribe function. */
  subscribe(listener: (state: ParleyState, previous: ParleyState) => void): () => void {
    return this.#store.subscribe(listener);
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
    this.#ready = signedIn;
    await signedIn;
    if (!this.#disposed) this.connection.start();
  }

  /** Resolves once the signed-in user's cache has been read. */
  whenReady(): Promise<void> {
    return this.#ready;
  }

  /** Forces a catch-up now: reconnects at once when offline, else asks the server for what is new. */
  async refresh(): Promise<void> {
    if (!this.connection.connected) {
      this.connection.reconnectNow();
      return;
    }
    await this.#sync.catchUp();
    this.#session.drain();
  }

  /** Writes pending cache batches now. */
  async flush(): Promise<void> {
    await this.#session.flush();
  }

  /** Disconnects and keeps the cache (a page going away, a configuration change). */
  async dispose(): Promise<void> {
    this.#disposed = true;
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
    this.connection.stop();
    this.#session.stop();
    await this.#session.flush();
  }

  /** Disconnects and wipes this user's cache and outbox on this device (contract: `Parley.logout()`). */
  async logout(): Promise<void> {
    await this.dispose();
    await this.#session.wipe();
    this.#store.update({ ...initialState(this.#store.state.view), status: 'offline', auth: 'signed-out' });
  }

  /** Changes the locale elements use when they have no `lang` of their own; they re-render. */
  setLocale(locale: string | undefined): void {
    if (this.options.locale === locale) return;
    this.options.locale = locale;
    this.#store.update({});
  }

  /** Exposed for elements: a conversation from the state, if known. */
  conversation(id: string): Conversation | undefined {
    return this.#store.state.conversations[id];
  }

  // Messages (message-actions.ts).

  /** Queues a message (stored on this device first, photos included) and sends it when connected. */
  send(conversationId: string, body: string, options?: { replyTo?: string | null; photos?: OutboxPhoto[] }): Promise<OutboxItem> {
    return this.#messages.send(conversationId, body, options);
  }

  /** Fetches a message again when its photos' URLs have expired (once per message and page). */
  refreshMessage(conversationId: string, seq: number): Promise<void> {
    return this.#messages.refreshMessage(conversationId, seq);
  }

  /** Uploads a photo now (the composer's chips), with progress from 0 to 1; `signal` cancels. */
  uploadPhoto(blob: Blob, options?: { onProgress?: (done: number) => void; signal?: AbortSignal }): Promise<Upload> {
    return this.#rest.upload(blob, options);
  }

  /** A photo URL from a message (a path on the Parley server, like the REST routes') as the page can load it. */
  photoUrl(path: string): string {
    return this.options.server.replace(/\/+$/, '') + path;
  }

  /** Sends a failed message again. */
  retry(clientId: string): Promise<void> {
    return this.#messages.retry(clientId);
  }

  /** Drops a failed message. */
  discard(clientId: string): Promise<void> {
    return this.#messages.discard(clientId);
  }

  /** Deletes one of the user's messages for both parties (it stays as a tombstone). */
  deleteMessage(messageId: string): Promise<void> {
    return this.#messages.deleteMessage(messageId);
  }

  /** Marks everything held in a conversation as read (no-op when already read or offline). */
  markRead(conversationId: string): Promise<void> {
    return this.#messages.markRead(conversationId);
  }

  /** Tells the other party the user is typing (throttled) or stopped. */
  setTyping(conversationId: string, typing: boolean): void {
    this.#messages.setTyping(conversationId, typing);
  }

  /** Fetches the page of messages before the oldest one held. */
  loadOlder(conversationId: string): Promise<void> {
    return this.#messages.loadOlder(conversationId);
  }

  /** Makes sure a conversation and its latest messages are held (the thread is being opened). */
  loadConversation(conversationId: string): Promise<void> {
    return this.#messages.loadConversation(conversationId);
  }

  /** Loads a thread back to the message `seq` and a few before it (a search result is opened there). */
  loadAround(conversationId: string, seq: number): Promise<void> {
    return this.#messages.loadAround(conversationId, seq);
  }

  // Search and the list's filters (search.ts).

  /** Searches the user's conversations: on the server when online, in this device's cache otherwise. */
  search(query: string, limit?: number): Promise<SearchAnswer> {
    return this.#search.search(query, limit);
  }

  /** Fetches the user's archived conversations into the state (sync leaves them out). */
  loadArchived(): Promise<Conversation[]> {
    return this.#search.loadArchived();
  }

  // Conversations and people (conversation-actions.ts).

  /** Gets or creates the conversation with a seller about a listing (the caller is the buyer). */
  contactSeller(input: CreateConversationRequest): Promise<Conversation> {
    return this.#conversations.contactSeller(input);
  }

  /** Hides a conversation for this user (it comes back with the next message). */
  archive(conversationId: string): Promise<void> {
    return this.#conversations.archive(conversationId);
  }

  /** Mutes (no sound, desktop notification or email) or unmutes a conversation for this user. */
  setMuted(conversationId: string, muted: boolean): Promise<void> {
    return this.#conversations.setMuted(conversationId, muted);
  }

  /** Refuses further messages from a user. */
  block(userId: string): Promise<void> {
    return this.#conversations.block(userId);
  }

  /** Accepts messages from a user again. */
  unblock(userId: string): Promise<void> {
    return this.#conversations.unblock(userId);
  }

  /** Reports a conversation (or one message of it) to the marketplace's moderators. */
  report(input: { conversationId: string; messageId?: string | null; reason: string }): Promise<void> {
    return this.#conversations.report(input);
  }

  // The chat's view, shared by every element of the page (state.view).

  /** Opens the chat: at a conversation, or at the list (only the conversations about `listingId` when given). */
  openChat(conversationId: string | null = null, listingId: string | null = null): void {
    this.#setView({ open: true, conversationId, listingId });
  }

  /** Closes the floating panel; it opens again where it was. */
  closeChat(): void {
    this.#setView({ open: false });
  }

  /** Opens the panel where it was, or closes it. */
  toggleChat(): void {
    this.#setView({ open: !this.#store.state.view.open });
  }

  /** Shows a conversation (or the whole list, with null) without opening or closing the panel. */
  showConversation(conversationId: string | null): void {
    this.#setView({ conversationId, listingId: null });
  }

  /** Changes some of the view's fields (a chat's host set `open` or `conversation`, a replaced client's view). */
  updateView(change: Partial<ViewState>): void {
    this.#setView(change);
  }

  #setView(change: Partial<ViewState>): void {
    const view = this.#store.state.view;
    const next = { ...view, ...change };
    if ((Object.keys(change) as Array<keyof ViewState>).some((key) => next[key] !== view[key])) {
      this.#store.update({ view: next });
    }
  }

  /** Reports a failure to listeners (elements turn it into `parley-error`). */
  #notifyError(code: string, message: string): void {
    this.#emitter.emit('error', { code, message });
  }

  /** A token arrived: when it names another user than before, switch to that user's cache and outbox. */
  #useToken(token: string): Promise<void> {
    const identity = identityOf(token);
    // Unreadable: no user to open a cache for; the server refuses it and the refresh path decides.
    if (!identity) return Promise.resolve();
    if (sameIdentity(identity, this.#store.state.me)) return this.#ready;
    this.#ready = this.#session.open(identity);
    return this.#ready;
  }

  async #signIn(): Promise<void> {
    try {
      // The host's getter itself, not the wrapper the parts use: one microtask sooner, the cache is
      // opened before the elements' first render rather than after it (IndexedDB then works meanwhile).
      const token = (await this.options.getToken()) ?? null;
      if (token) await this.#useToken(token);
      else this.#store.update({ auth: 'signed-out' });
    } catch (err) {
      console.warn('[parley] could not get a token', err);
    }
  }

  async #afterConnect(): Promise<void> {
    // A cache that failed to open was already logged where its token arrived (#signIn, Connection); catch up anyway.
    await this.#ready.catch(() => undefined);
    this.#store.update({ auth: 'signed-in' });
    await this.#sync.catchUp();
    this.#session.drain();
  }
}
