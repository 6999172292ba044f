// <parley-composer>: the message field. Enter sends, Shift+Enter makes a new line, typing is reported.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { LIMITS, messageLength } from '../../../../protocol/index.ts';
import { emit } from '../../events/emit.ts';
import { localize, type Localization } from '../../i18n/index.ts';
import { icons } from '../base/icons.ts';
import { sharedStyles } from '../base/shared.styles.ts';
import type { QuoteView } from '../parley-thread/thread-model.ts';
import { composerStyles } from './parley-composer.styles.ts';
import { PhotoChips, type PhotoUploader } from './photo-chips.ts';

/** The counter shows when fewer characters than this are left. */
const COUNTER_FROM = 200;

/**
 * @summary The composer of `<parley-chat>`'s thread (internal element).
 *
 * @fires composer-send - `{body, photos}`: the user sent a message (internal, not composed).
 *
 * Photos come from the attach button (the file picker, which offers the camera on a phone), a
 * paste, or `addFiles()` (the thread's drop zone); each is scaled down and uploaded at once when
 * `upload` is set (online), with its progress, or left for the outbox to upload with its message.
 * @fires composer-typing - `{typing}`: the user started or stopped typing (internal).
 * @fires composer-cancel-reply - the user dropped the quoted message (internal).
 *
 * @csspart composer - The form.
 * @csspart composer-input - The text field.
 * @csspart send-button - The send button.
 * @csspart reply-preview - The quoted message being replied to.
 * @csspart photo-chips - The chosen photos, before they are sent.
 */
export class ParleyComposer extends LitElement {
  static readonly tagName = 'parley-composer';
  static override styles = [sharedStyles, composerStyles];

  /** Registers the element unless a tag of that name exists. */
  static define(registry: CustomElementRegistry = customElements): void {
    if (!registry.get(this.tagName)) registry.define(this.tagName, this);
  }

  static override properties = {
    l10n: { attribute: false },
    replyTo: { attribute: false },
    upload: { attribute: false },
    held: { type: Boolean },
    value: { state: true },
  };

  l10n: Localization = localize('en');
  /** The message being replied to, shown above the field. */
  replyTo: QuoteView | null = null;
  /** Uploads a photo now; null while offline (photos then wait in the outbox with their message). */
  upload: PhotoUploader | null = null;
  /** True while the conversation does not exist yet (a contact button's, on its way): typing works, sending waits. */
  held = false;
  /** Enter was pressed while held: the message goes once the conversation exists. */
  #sendWhenReleased = false;

  private value = '';
  readonly #photos = new PhotoChips(() => this.requestUpdate());

  /** Adds photos (dropped on the thread, pasted, or picked). */
  addFiles(files: Iterable<File>): void {
    this.#photos.add(files, this.upload);
  }

  private get input(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  /** Moves the keyboard focus to the text field. */
  override focus(): void {
    this.input?.focus();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('held') && !this.held && this.#sendWhenReleased) this.#send();
  }

  protected override render() {
    const { t, count } = this.l10n;
    const length = messageLength(this.value.trim());
    const left = LIMITS.bodyMaxChars - length;
    const photos = this.#photos;
    const sendable = !this.held && (length >= LIMITS.bodyMinChars || photos.chips.length > 0) && left >= 0 && !photos.busy;
    return html`
      ${
        this.replyTo
          ? html`<div class="reply" part="reply-preview">
            <span class="reply-text"><strong>${t.replyingTo(this.replyTo.name)}</strong> <bdi>${this.replyTo.text}</bdi></span>
            <button class="icon-button" aria-label=${t.cancelReply} title=${t.cancelReply} @click=${this.#cancelReply}>
              ${icons.close}
            </button>
          </div>`
          : nothing
      }
      ${photos.render(this.l10n.t, (id) => photos.upload(id, this.upload))}
      <form part="composer" @submit=${this.#submit}>
        <input id="file" class="sr-only" type="file" accept="image/*" multiple tabindex="-1" aria-hidden="true" @change=${this.#picked} />
        <button type="button" class="icon-button attach" aria-label=${t.attachPhotos} title=${t.attachPhotos} @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#file')?.click()}>
          ${icons.image}
        </button>
        <label class="sr-only" for="input">${t.composerLabel}</label>
        <textarea
          id="input"
          part="composer-input"
          rows="1"
          placeholder=${t.composerPlaceholder}
          .value=${this.value}
          @input=${this.#onInput}
          @keydown=${this.#onKeydown}
          @paste=${this.#onPaste}
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

  #picked(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.addFiles(input.files ?? []);
    input.value = ''; // the same file can be picked again
  }

  #onPaste(e: ClipboardEvent): void {
    const files = [...(e.clipboardData?.files ?? [])];
    if (!files.length) return;
    e.preventDefault();
    this.addFiles(files);
  }

  #send(): void {
    const body = this.value.trim();
    const length = messageLength(body);
    const photos = this.#photos;
    this.#sendWhenReleased = this.held;
    if (this.held || (length < LIMITS.bodyMinChars && !photos.chips.length) || length > LIMITS.bodyMaxChars || photos.busy)
      return;
    emit(this, 'composer-send', { body, photos: photos.take() });
    this.value = '';
    this.#typing(false);
    this.input?.focus();
  }

  #cancelReply(): void {
    emit(this, 'composer-cancel-reply', {});
    this.input?.focus();
  }

  #typing(typing: boolean): void {
    emit(this, 'composer-typing', { typing });
  }
}
