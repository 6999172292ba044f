// Windowing of the conversation list: only the rows in view (and a few beyond) are rendered, spacers stand for the others.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Rows rendered beyond each edge of the view, so that a quick scroll finds them drawn. */
const OVERSCAN = 8;
/** A row's height until one is measured (the default theme's). */
const DEFAULT_ROW_PX = 69;
/** The view's height when it cannot be measured yet (not laid out). */
const DEFAULT_VIEW_PX = 800;

/** The rows to render: `[start, end)`, and the space the others take above and below. */
export interface WindowRange {
  start: number;
  end: number;
  before: number;
  after: number;
}

/**
 * Follows the host's scrolling (the host is the scroll container) and says which rows to render. Rows
 * are taken to share the height of the first one rendered; the host renders again only when the
 * window moves by a row, not on every scroll event.
 */
export class ListWindow implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #row = DEFAULT_ROW_PX;
  #range = '';
  #total = 0;
  #resize = new ResizeObserver(() => this.#check());

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('scroll', this.#check, { passive: true });
    this.#resize.observe(this.#host);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('scroll', this.#check);
    this.#resize.disconnect();
  }

  hostUpdated(): void {
    const row = this.#host.shadowRoot?.querySelector<HTMLElement>('li.item')?.offsetHeight;
    if (row && row !== this.#row) {
      this.#row = row;
      this.#host.requestUpdate();
    }
  }

  /** The window over `total` rows for the current scroll position. */
  range(total: number): WindowRange {
    const { start, end } = this.#compute(total);
    this.#range = `${start}:${end}:${total}`;
    return { start, end, before: start * this.#row, after: (total - end) * this.#row };
  }

  #compute(total: number): { start: number; end: number } {
    this.#total = total;
    const host = this.#host;
    const list = host.shadowRoot?.querySelector<HTMLElement>('ul.list');
    // The rows start below the tools: scroll positions are measured from the list's top.
    const top = Math.max(0, host.scrollTop - (list ? list.offsetTop : 0));
    const view = host.clientHeight || DEFAULT_VIEW_PX;
    const start = Math.min(total, Math.max(0, Math.floor(top / this.#row) - OVERSCAN));
    const end = Math.min(total, Math.ceil((top + view) / this.#row) + OVERSCAN);
    return { start, end };
  }

  readonly #check = () => {
    const { start, end } = this.#compute(this.#total);
    if (`${start}:${end}:${this.#total}` !== this.#range) this.#host.requestUpdate();
  };
}
