// The toast shown when a message arrives in a conversation that is not on screen.
import { html, nothing } from 'lit';
import type { Localization } from '../../i18n/index.ts';
import { icons } from '../base/icons.ts';

/** A toast's content. */
export interface Toast {
  conversationId: string;
  body: string;
}

/** The toast, or nothing (`name`: the sender, read from the state at each render). It never takes the focus; `<parley-chat>` closes it after its duration. */
export function renderToast(
  toast: Toast | null,
  name: string,
  localization: Localization,
  open: () => void,
  dismiss: () => void,
) {
  if (!toast) return nothing;
  const { t } = localization;
  return html`<div class="toast" part="toast" role="status">
    <div class="toast-text">
      <strong>${t.toastFrom(name)}</strong>
      <span class="toast-body" dir="auto">${toast.body}</span>
    </div>
    <button class="primary-button" @click=${open}>${t.toastOpen}</button>
    <button class="icon-button" aria-label=${t.dismiss} title=${t.dismiss} @click=${dismiss}>${icons.close}</button>
  </div>`;
}
