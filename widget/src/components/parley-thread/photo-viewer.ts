// The photo viewer of a thread: a modal <dialog> (Esc closes it, the page behind is inert), arrows to move, focus kept inside.
import { html } from 'lit';
import type { Strings } from '../../i18n/index.ts';
import { icons } from '../base/icons.ts';
import type { PhotoView } from './thread-model.ts';

/** The photos of the message being viewed, and which one is shown. */
export interface ViewerState {
  photos: PhotoView[];
  index: number;
}

/** The viewer's template; `move(±1)` changes photo, `closed` runs once the dialog closed (Esc or the button). */
export function renderPhotoViewer(viewer: ViewerState, t: Strings, move: (step: number) => void, closed: () => void) {
  const photo = viewer.photos[viewer.index]!;
  const label = t.photoOf(String(viewer.index + 1), String(viewer.photos.length));
  const many = viewer.photos.length > 1;
  return html`<dialog class="viewer" part="photo-viewer" aria-label=${label} @close=${closed} @keydown=${(e: KeyboardEvent) => onKey(e, move)}>
    <img src=${photo.full} width=${photo.width} height=${photo.height} alt=${label} />
    <div>
      ${many ? html`<button class="icon-button" aria-label=${t.previousPhoto} title=${t.previousPhoto} @click=${() => move(-1)}>${icons.back}</button>` : ''}
      <span aria-live="polite">${label}</span>
      ${many ? html`<button class="icon-button next" aria-label=${t.nextPhoto} title=${t.nextPhoto} @click=${() => move(1)}>${icons.back}</button>` : ''}
      <button class="icon-button" aria-label=${t.close} title=${t.close} @click=${(e: Event) => (e.target as Element).closest('dialog')!.close()}>
        ${icons.close}
      </button>
    </div>
  </dialog>`;
}

function onKey(e: KeyboardEvent, move: (step: number) => void): void {
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    e.preventDefault();
    move(e.key === 'ArrowRight' ? 1 : -1);
  } else if (e.key === 'Tab') {
    // Tab cycles through the viewer's buttons instead of leaving for the browser's own controls.
    const dialog = e.currentTarget as HTMLDialogElement;
    const buttons = [...dialog.querySelectorAll('button')];
    const at = buttons.indexOf((dialog.getRootNode() as ShadowRoot).activeElement as HTMLButtonElement);
    e.preventDefault();
    buttons[(at + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length]?.focus();
  }
}

/** The viewer moved `step` photos on, wrapping round. */
export function stepViewer(v: ViewerState, step: number): ViewerState {
  return { ...v, index: (v.index + step + v.photos.length) % v.photos.length };
}

/** A thread's `dragover` and `drop` listener: accepts dragged files and hands dropped ones to `add`. */
export function dropPhotos(add: (files: FileList) => void): (e: DragEvent) => void {
  return (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault(); // on dragover: accepts the drop
    if (e.type === 'drop' && e.dataTransfer.files.length) add(e.dataTransfer.files);
  };
}
