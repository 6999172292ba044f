// Renders one message row: quote, body with safe links, time, own status and its actions.
import { html, nothing, type TemplateResult } from 'lit';
import { dayLabel, timeOfDay } from '../../format/dates.ts';
import { linkify } from '../../format/links.ts';
import type { Localization } from '../../i18n/index.ts';
import type { OwnMessageStatus } from '../../client/types.ts';
import { icons } from '../shared/icons.ts';
import type { MessageView } from './thread-model.ts';

/** What a row's buttons ask for. */
export type MessageAction = 'reply' | 'delete' | 'retry' | 'discard';

/** Message text as Lit text nodes and `<a>` elements: never parsed as HTML. */
export function renderBody(body: string): (string | TemplateResult)[] {
  return linkify(body).map((s) =>
    s.kind === 'text'
      ? s.text
      : html`<a href=${s.href} target="_blank" rel="noopener noreferrer nofollow ugc">${s.text}</a>`,
  );
}

function statusText(l: Localization, status: OwnMessageStatus): string {
  const t = l.t;
  return { queued: t.statusQueued, sending: t.statusSending, sent: t.statusSent, read: t.statusRead, failed: t.statusFailed }[status];
}

/** The day separator before a row, when it starts a new day. */
export function renderDay(row: MessageView, l: Localization) {
  if (!row.newDay) return nothing;
  return html`<li class="day" part="day-separator"><span>${dayLabel(row.createdAt, l.locale)}</span></li>`;
}

/** One message as a list item. */
export function renderMessage(row: MessageView, l: Localization, act: (action: MessageAction, row: MessageView) => void) {
  const { t } = l;
  const canAct = row.id !== null && !row.deleted;
  return html`<li class="msg ${row.own ? 'own' : 'other'} ${row.status ?? ''}" part="message ${row.own ? 'message-own' : 'message-other'}">
    <div class="bubble">
      ${row.quote
        ? html`<blockquote class="quote" part="quote">
            ${row.quote.name ? html`<span class="quote-name">${row.quote.name}</span>` : nothing}
            <span class="quote-text">${row.quote.deleted ? t.deleted : row.quote.text}</span>
          </blockquote>`
        : nothing}
      <p class="body">${row.deleted ? html`<em>${t.deleted}</em>` : renderBody(row.body)}</p>
      <p class="meta">
        <time datetime=${row.createdAt}>${timeOfDay(row.createdAt, l.locale)}</time>
        ${row.status ? html`<span class="status" part="message-status">${statusText(l, row.status)}</span>` : nothing}
      </p>
    </div>
    <div class="actions">
      ${canAct
        ? html`<button class="icon-button" aria-label=${t.reply} title=${t.reply} @click=${() => act('reply', row)}>${icons.reply}</button>`
        : nothing}
      ${canAct && row.own
        ? html`<button class="icon-button" aria-label=${t.deleteMessage} title=${t.deleteMessage} @click=${() => act('delete', row)}>
            ${icons.trash}
          </button>`
        : nothing}
      ${row.status === 'failed'
        ? html`<button class="text-button" @click=${() => act('retry', row)}>${t.retry}</button>
            <button class="text-button" @click=${() => act('discard', row)}>${t.discard}</button>`
        : nothing}
    </div>
  </li>`;
}
