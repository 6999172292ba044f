// What a thread shows under its header or above its composer: the block confirmation, the report form, a notice, the leaving-site prompt.
import { html, nothing } from 'lit';
import { LIMITS } from '../../../../protocol/index.ts';
import type { Strings } from '../../i18n/index.ts';

/** Which form is open under the header, if any. */
export type ActionForm = 'block' | 'report' | null;

/** What the forms' buttons ask the thread to do. */
export interface ActionFormHandlers {
  block(): void;
  report(reason: string): void;
  close(): void;
}

/** The notice of the last action, or the open form (one at a time). */
export function renderActionForm(form: ActionForm, notice: string, name: string, t: Strings, on: ActionFormHandlers) {
  if (notice) return html`<p class="notice" part="notice" role="status">${notice}</p>`;
  if (form === 'block') {
    return html`<div class="action-form" role="group" aria-label=${t.block(name)}>
      <p>${t.blockConfirm(name)}</p>
      <button class="primary-button" @click=${on.block}>${t.confirm}</button>
      <button class="text-button" @click=${on.close}>${t.cancel}</button>
    </div>`;
  }
  if (form === 'report') {
    const submit = (e: SubmitEvent) => {
      e.preventDefault();
      const reason = String(new FormData(e.target as HTMLFormElement).get('reason') ?? '').trim();
      if (reason) on.report(reason);
    };
    return html`<form class="action-form" @submit=${submit}>
      <label for="reason">${t.reportReason}</label>
      <textarea id="reason" name="reason" rows="3" required maxlength=${LIMITS.reportReasonMaxChars}></textarea>
      <button class="primary-button" type="submit">${t.reportSend}</button>
      <button class="text-button" type="button" @click=${on.close}>${t.cancel}</button>
    </form>`;
  }
  return nothing;
}

/** A link to another host the user clicked: "You are leaving <site> for <host>", continue or cancel. */
export function renderLeaving(leaving: { href: string; host: string } | null, site: string, t: Strings, close: () => void) {
  if (!leaving) return nothing;
  const label = t.leavingSite(site, leaving.host);
  return html`<div class="notice leaving" part="notice" role="alertdialog" aria-label=${label}>
    <span>${label}</span>
    <a class="text-button" href=${leaving.href} target="_blank" rel="noopener noreferrer nofollow ugc" @click=${close}>${t.continueTo}</a>
    <button class="text-button" @click=${close}>${t.cancel}</button>
  </div>`;
}
