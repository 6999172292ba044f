// <parley-composer>: the message field. Enter sends, Shift+Enter makes a new line, typing is reported.
import { html, LitElement, nothing } from 'lit';
import { LIMITS } from '../../../../protocol/index.ts';
import { localize, type Localization } from '../../i18n/index.ts';
import { icons } from '../shared/icons.ts';
import { sharedStyles } from '../shared/shared.styles.ts';
import type { QuoteView } from '../parley-thread/thread-model.ts';
import { composerStyles } from './parley-composer.styles.ts';

/** The counter shows when fewer characters than this are left. */
const COUNTER_FROM = 200;

/**
 * @summary The composer of `<parley-chat>`'s thread (internal element).
 *
 * @fires composer-send - `{body}`: the user sent a message (internal, not composed).
 * @fires composer-typing - `{typing}`: the user started or stopped typing (internal).
 * @fires composer-cancel-reply - the user dropped the quoted message (internal).
 *
 * @csspart composer - The form.
 * @csspart composer-input - The text field.
 * @csspart send-button - The send button.
 * @csspart reply-preview - The quoted message being replied to.
 */
export class ParleyComposer extends LitElement {
  static readonly tagName = 'parley-composer';
  static override styles = [sharedStyles, composerStyles];

  /** Registers the element unless a tag of that name exists. */
  static define(registry: CustomElementRegistry = customElements): void {
    if (!registry.get(this.tagName)) registry.define(this.tagName, this);
  }

  static override properties = { l10n: { attribute: false }, replyTo: { attribute: false }, value: { state: true } };

  l10n: Localization = localize('en');
  /** The message being replied to, shown above the field. */
  replyTo: QuoteView | null = null;

  private value = '';

  private get input(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  /** Moves the keyboard focus to the text field. */
  override focus(): void {
    this.input?.focus();
  }

  protected override render() {
    const { t, count } = this.l10n;
    const left = LIMITS.bodyMaxChars - this.value.trim().length;
    const sendable = this.value.trim().length > 0 && left >= 0;
    return html`
      ${this.replyTo
        ? html`<div class="reply" part="reply-preview">
            <span class="reply-text"><strong>${t.replyingTo(this.replyTo.name)}</strong> ${this.replyTo.text}</span>
            <button class="icon-button" aria-label=${t.cancelReply} title=${t.cancelReply} @click=${this.#cancelReply}>
              ${icons.close}
            </button>
          </div>`
        : nothing}
      <form part="composer" @submit=${this.#submit}>
        <label class="sr-only" for="input">${t.composerLabel}</label>
        <textarea
          id="input"
          part="composer-input"
          rows="1"
          placeholder=${t.composerPlaceholder}
          .value=${this.value}
          @input=${this.#onInput}
          @keydown=${this.#onKeydown}
          @blur=${() => this.#typing(false)}
        ></textarea>
        <button class="send" part="send-button" type="submit" aria-label=${t.send} title=${t.send} ?disabled=${!sendable}>
          ${icons.send}
        </button>
      </form>
      ${left < COUNTER_FROM ? html`<p class="counter ${left < 0 ? 'over' : ''}">${t.charactersLeft(count(left))}</p>` : nothing}
    `;
  }

  #onInput(e: InputEvent): void {
    this.value = (e.target as HTMLTextAreaElement).value;
    this.#typing(this.value.trim().length > 0);
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.#send();
    } else if (e.key === 'Escape' && this.replyTo) {
      e.stopPropagation(); // Esc first drops the reply; the next one closes the panel
      this.#cancelReply();
    }
  }

  #submit(e: SubmitEvent): void {
    e.preventDefault();
    this.#send();
  }

  #send(): void {
    const body = this.value.trim();
    if (!body || body.length > LIMITS.bodyMaxChars) return;
    this.dispatchEvent(new CustomEvent('composer-send', { detail: { body } }));
    this.value = '';
    this.#typing(false);
    this.input?.focus();
  }

  #cancelReply(): void {
    this.dispatchEvent(new CustomEvent('composer-cancel-reply'));
    this.input?.focus();
  }

  #typing(typing: boolean): void {
    this.dispatchEvent(new CustomEvent('composer-typing', { detail: { typing } }));
  }
}
