// The unread count in the page's title, `(3) Original title`, kept in step with title changes the host makes.

/**
 * The title with the unread count in front; the host's title, exactly, at 0. White space as
 * `document.title` reads it back (stripped, collapsed): comparing with a title that differs only
 * there would rewrite it forever (an empty host title gave "(3) ", read back as "(3)").
 */
export function badgedTitle(base: string, total: number): string {
  const title = total > 0 ? `(${total > 99 ? '99+' : total}) ${base}` : base;
  return title.replace(/[\t\n\f\r ]+/g, ' ').trim();
}

/**
 * The host's own title: the one it had when the badge was written, unless the title changed since
 * (the host set a new one, which then is its title).
 */
export function hostTitle(current: string, written: string | null, base: string): string {
  return written !== null && current === written ? base : current;
}

/** Writes the unread count into `document.title` and follows the host's own changes to it. */
export class TitleBadge {
  readonly #doc: Document;
  #base = '';
  #written: string | null = null;
  #total = 0;
  readonly #observer: MutationObserver | null;

  constructor(doc: Document = document) {
    this.#doc = doc;
    // A host that sets document.title (or replaces <title>) changes <head>: take its title as the new base.
    this.#observer = typeof MutationObserver === 'function' ? new MutationObserver(() => this.#apply()) : null;
    if (doc.head) this.#observer?.observe(doc.head, { subtree: true, childList: true, characterData: true });
  }

  /** Shows `total` (0 restores the host's title). */
  set(total: number): void {
    this.#total = total;
    this.#apply();
  }

  /** Restores the host's title and stops following it. */
  dispose(): void {
    this.#observer?.disconnect();
    this.set(0);
  }

  #apply(): void {
    const current = this.#doc.title;
    this.#base = hostTitle(current, this.#written, this.#base);
    const next = badgedTitle(this.#base, this.#total);
    if (current !== next) this.#doc.title = next;
    this.#written = this.#total > 0 ? next : null;
  }
}
