// The composer's photo chips: each chosen photo scaled down, uploaded with progress, cancelled, retried or removed.
import { html, nothing } from 'lit';
import { LIMITS, PERMANENT_ERROR_CODES, type ErrorCode, type Upload } from '../../../../protocol/index.ts';
import { downscale, type PhotoDraft } from '../../client/photos.ts';
import type { OutboxPhoto } from '../../client/types.ts';
import type { Strings } from '../../i18n/index.ts';
import { icons } from '../base/icons.ts';

/** How a photo is uploaded now (the client's `uploadPhoto`), or null when the page is offline. */
export type PhotoUploader = (blob: Blob, options: { onProgress: (done: number) => void; signal: AbortSignal }) => Promise<Upload>;

/** One chosen photo. `waiting`: offline, the outbox uploads it with its message. */
interface Chip {
  id: number;
  preview: string;
  draft: PhotoDraft | null;
  status: 'preparing' | 'uploading' | 'ready' | 'waiting' | 'failed' | 'refused';
  progress: number;
  uploadId: string | null;
  abort: AbortController | null;
}

let nextId = 0;

/** The chips of one composer; `changed` re-renders it. */
export class PhotoChips {
  chips: Chip[] = [];
  readonly #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** True while a photo is being prepared or uploaded, or one cannot be sent: the message waits. */
  get busy(): boolean {
    return this.chips.some((c) => c.status === 'preparing' || c.status === 'uploading' || c.status === 'refused');
  }

  /** Adds image files (up to `LIMITS.attachmentsMax` in all), scales each down and uploads it when `upload` is given. */
  add(files: Iterable<File>, upload: PhotoUploader | null): void {
    for (const file of files) {
      if (!file.type.startsWith('image/') || this.chips.length >= LIMITS.attachmentsMax) continue;
      const chip: Chip = {
        id: nextId++,
        preview: URL.createObjectURL(file),
        draft: null,
        status: 'preparing',
        progress: 0,
        uploadId: null,
        abort: null,
      };
      this.chips = [...this.chips, chip];
      downscale(file).then(
        (draft) => {
          chip.draft = draft;
          this.upload(chip.id, upload);
        },
        () => this.#set(chip, { status: 'refused' }),
      );
    }
    this.#changed();
  }

  /** Uploads (again) one chip, or leaves it for the outbox when offline. */
  upload(id: number, upload: PhotoUploader | null): void {
    const chip = this.chips.find((c) => c.id === id);
    if (!chip?.draft) return;
    if (!upload) return this.#set(chip, { status: 'waiting' });
    const abort = new AbortController();
    this.#set(chip, { status: 'uploading', progress: 0, abort });
    upload(chip.draft.blob, { signal: abort.signal, onProgress: (progress) => this.#set(chip, { progress }) }).then(
      ({ id: uploadId }) => this.#set(chip, { status: 'ready', uploadId, abort: null }),
      (err: { name?: string; code?: ErrorCode }) => {
        if (err.name === 'AbortError') return;
        this.#set(chip, { status: err.code && PERMANENT_ERROR_CODES.has(err.code) ? 'refused' : 'failed', abort: null });
      },
    );
  }

  /** Removes a chip, cancelling its upload. */
  remove(id: number): void {
    const chip = this.chips.find((c) => c.id === id);
    chip?.abort?.abort();
    if (chip) URL.revokeObjectURL(chip.preview);
    this.chips = this.chips.filter((c) => c.id !== id);
    this.#changed();
  }

  /** The photos for the outbox, and an empty tray. */
  take(): OutboxPhoto[] {
    const photos = this.chips.flatMap((c) => (c.draft ? [{ ...c.draft, uploadId: c.uploadId }] : []));
    for (const c of this.chips) URL.revokeObjectURL(c.preview);
    this.chips = [];
    this.#changed();
    return photos;
  }

  #set(chip: Chip, fields: Partial<Chip>): void {
    Object.assign(chip, fields);
    this.chips = [...this.chips];
    this.#changed();
  }

  /** The tray: preview, progress, and remove / cancel / retry per photo. */
  render(t: Strings, retry: (id: number) => void) {
    if (!this.chips.length) return nothing;
    return html`<ul class="chips" part="photo-chips">
      ${this.chips.map(
        (c) => html`<li class="chip ${c.status}">
          <img src=${c.preview} alt=${t.photo} />
          ${c.status === 'uploading' || c.status === 'preparing' ? html`<progress max="1" .value=${c.progress} aria-label=${t.statusSending}></progress>` : nothing}
          ${c.status === 'refused' ? html`<span class="chip-error" role="alert">${t.photoRefused}</span>` : nothing}
          ${c.status === 'failed' ? html`<button type="button" class="text-button" @click=${() => retry(c.id)}>${t.retry}</button>` : nothing}
          <button type="button" class="icon-button" aria-label=${c.status === 'uploading' ? t.cancel : t.removePhoto} title=${c.status === 'uploading' ? t.cancel : t.removePhoto} @click=${() => this.remove(c.id)}>
            ${icons.close}
          </button>
        </li>`,
      )}
    </ul>`;
  }
}
