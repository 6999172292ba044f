// The base of the Parley elements that follow a client: registration, `client`, `lang`, page events, errors.
import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { ParleyClient, ParleyClientEvents } from '../../client/parley-client.ts';
import { unreadTotal } from '../../client/selectors.ts';
import type { ParleyState } from '../../client/types.ts';
import { ClientController } from '../../controllers/client-controller.ts';
import { emit } from '../../events/emit.ts';
import { localeFor, localize, type Localization } from '../../i18n/index.ts';
import { isPageEventSource, joinPageEvents, leavePageEvents } from '../../page-events.ts';

/** Something `define()` registers: an element class. */
interface Definable {
  define(registry: CustomElementRegistry): void;
}

/**
 * What `<parley-chat>`, `<parley-contact-seller>`, `<parley-unread-bubble>` and the chat's inner
 * elements share. Each follows the page's client (or its `client` property) through a
 * {@link ClientController}, re-renders when the `lang` attribute changes, and turns a failed action
 * into `parley-error`. Elements with `pageEvents` may dispatch the page-wide events: the first of
 * them connected does (see `page-events.ts`).
 */
export class ParleyElement extends LitElement {
  /** The element's tag name. */
  static readonly tagName: string;
  /** Elements it renders, registered with it. */
  static readonly uses: readonly Definable[] = [];
  /** True for the elements that may dispatch `parley-unread-change`, `-connection-change` and `-message`. */
  static readonly pageEvents: boolean = false;

  static override properties: PropertyDeclarations = { client: { attribute: false } };

  /** Registers the element (and those it renders) unless the tag exists: the script may load twice. */
  static define(registry: CustomElementRegistry = customElements): void {
    for (const used of this.uses) used.define(registry);
    if (!registry.get(this.tagName)) registry.define(this.tagName, this);
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** The client to use instead of the page's (tests, several Parley servers on one page). */
  client: ParleyClient | null = null;

  protected readonly controller = new ClientController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    if ((this.constructor as typeof ParleyElement).pageEvents) joinPageEvents(this);
  }

  /**
   * The loader (widget/src/loader/) may have painted this element before its class was defined, in
   * an open shadow root: Lit takes that root over (as with declarative shadow DOM), and the painted
   * content goes before Lit's first render, in the same task, so nothing moves on screen.
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    this.shadowRoot?.replaceChildren();
    return super.createRenderRoot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    leavePageEvents(this);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate(); // the native `lang` stays; only the strings change
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.controller.use(this.client);
  }

  /** The page-wide events, from the page's event source only. */
  stateChanged(state: ParleyState, previous: ParleyState): void {
    if (!isPageEventSource(this)) return;
    if (state.status !== previous.status) emit(this, 'parley-connection-change', { status: state.status });
    const total = unreadTotal(state);
    if (total !== unreadTotal(previous)) emit(this, 'parley-unread-change', { total });
  }

  clientMessage(payload: ParleyClientEvents['message']): void {
    if (isPageEventSource(this)) emit(this, 'parley-message', payload);
  }

  /** This element's strings: its own or an ancestor's `lang`, else the configured locale, else the page's. */
  protected localization(): Localization {
    return localize(localeFor(this, this.controller.client?.options.locale));
  }

  /** Reports a failed action as `parley-error`: nothing is thrown into the page. */
  protected reportError(err: unknown, fallback: string): void {
    const e = err as { code?: string; message?: string };
    emit(this, 'parley-error', { code: e.code ?? 'internal', message: e.message || fallback });
  }
}
