// The Lit reactive controller through which elements read the page's client and re-render on changes.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getPageClient, onPageClientChange } from '../client/page-client.ts';
import type { ParleyClient, ParleyClientEvents } from '../client/parley-client.ts';
import type { ParleyState } from '../client/types.ts';

export interface ClientControllerOptions {
  /** Called after each state change (before the host re-renders). */
  onChange?(state: ParleyState, previous: ParleyState): void;
  /** Called for the client's one-off events. */
  onMessage?(payload: ParleyClientEvents['message']): void;
  onError?(payload: ParleyClientEvents['error']): void;
  /** Called when the element starts following another client (or the first one). */
  onAttach?(client: ParleyClient): void;
}

/**
 * Follows one client: the one given with {@link use} (a `client` property), else the page's. The
 * host re-renders on every state change; the controller never writes state itself.
 */
export class ClientController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: ClientControllerOptions;
  #explicit: ParleyClient | null = null;
  #attached: ParleyClient | null = null;
  #cleanup: (() => void)[] = [];
  #stopPageWatch: (() => void) | null = null;
  #connected = false;

  constructor(host: ReactiveControllerHost, options: ClientControllerOptions = {}) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The client followed, or null before the page has one. */
  get client(): ParleyClient | null {
    return this.#attached;
  }

  /** Its current state, or null. */
  get state(): ParleyState | null {
    return this.#attached?.state ?? null;
  }

  /** Follows this client instead of the page's (null: back to the page's). */
  use(client: ParleyClient | null): void {
    this.#explicit = client;
    if (this.#connected) this.#attach();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#stopPageWatch = onPageClientChange(() => this.#attach());
    this.#attach();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#stopPageWatch?.();
    this.#detach();
  }

  #attach(): void {
    const client = this.#explicit ?? getPageClient();
    if (client === this.#attached) return;
    this.#detach();
    this.#attached = client;
    if (!client) return this.#host.requestUpdate();
    const o = this.#options;
    this.#cleanup = [
      client.subscribe((state, previous) => {
        o.onChange?.(state, previous);
        this.#host.requestUpdate();
      }),
      client.on('message', (p) => o.onMessage?.(p)),
      client.on('error', (p) => o.onError?.(p)),
    ];
    o.onAttach?.(client);
    this.#host.requestUpdate();
  }

  #detach(): void {
    for (const stop of this.#cleanup) stop();
    this.#cleanup = [];
    this.#attached = null;
  }
}
