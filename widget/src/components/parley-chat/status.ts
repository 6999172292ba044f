// The connection indicator: online, reconnecting, or offline with the number of queued messages.
import { html, nothing } from 'lit';
import { queuedCount } from '../../client/selectors.ts';
import type { ParleyState } from '../../client/types.ts';
import type { Localization } from '../../i18n/index.ts';

/** The status line of the chat's header (a polite status region). */
export function renderStatus(s: ParleyState, l: Localization) {
  const { t, count } = l;
  const text = { online: t.statusOnline, connecting: t.statusConnecting, offline: t.statusOffline }[s.status];
  const queued = queuedCount(s);
  return html`<p class="status ${s.status}" part="status" role="status">
    <span class="status-dot"></span><span>${text}</span>${queued && s.status !== 'online'
      ? html`<span class="queued">· ${t.queued(count(queued))}</span>`
      : nothing}
  </p>`;
}
