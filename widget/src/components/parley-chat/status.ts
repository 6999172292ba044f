// The connection indicator: online, reconnecting, or offline with the number of queued messages.
import { html, nothing } from 'lit';
import { queuedCount } from '../../client/selectors.ts';
import type { ParleyState } from '../../client/types.ts';
import type { Localization } from '../../i18n/index.ts';

/** The status line of the chat's header (a polite status region). */
export function renderStatus(state: ParleyState, localization: Localization) {
  const { t, count } = localization;
  const text = { online: t.statusOnline, connecting: t.statusConnecting, offline: t.statusOffline }[state.status];
  const queued = queuedCount(state);
  return html`<p class="status ${state.status}" part="status" role="status">
    <span class="status-dot"></span><span>${text}</span>${
      queued && state.status !== 'online' ? html`<span class="queued">· ${t.queued(count(queued))}</span>` : nothing
    }
  </p>`;
}
