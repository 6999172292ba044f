// The Lit reactive controller through which elements read the page's client and re-render on changes.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getPageClient, onPageClientChange } from '../client/page-client.ts';
import type { ParleyClient, ParleyClientEvents } from '../client/parley-client.ts';
import type { ParleyState } from '../client/types.ts';

/** An element that follows a client; every hook is optional. */
export interface ClientHost extends ReactiveControllerHost {
  /** Called when the element starts following another client (or the first one). */
  clientAttached?(client: ParleyClient): void;
  /** Called after each state change (before the host re-renders). */
  stateChanged?(state: ParleyState, previous: ParleyState): void;
  /** Called for the client's one-off events. */
  clientMessage?(payload: ParleyClientEvents['message']): void;
  clientError?(payload: ParleyClientEvents['error']): void;
}

/**
 * Follows one client: the one given with {@link use} (a `client` property), else the page's. The
 * host re-renders on every state change; the controller never writes state itself.
 */
export class ClientController implements ReactiveController {
  readonly #host: ClientHost;
  #explicit: ParleyClient | null = null;
  #attached: ParleyClient | null = null;
  #cleanup: (() => void)[] = [];
  #stopPageWatch: (() => void) | null = null;
  #connected = false;

  constructor(host: ClientHost) {
    this.#host = host;
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
    const host = this.#host;
    if (client) {
      this.#cleanup = [
        client.subscribe((state, previous) => {
          host.stateChanged?.(state, previous);
          host.requestUpdate();
        }),
        client.on('message', (payload) => host.clientMessage?.(payload)),
        client.on('error', (payload) => host.clientError?.(payload)),
      ];
      host.clientAttached?.(client);
    }
    host.requestUpdate();
  }

  #detach(): void {
    for (const stop of this.#cleanup) stop();
    this.#cleanup = [];
    this.#attached = null;
  }
}
