// Renders one message row: day separator, quote, body with safe links, time, own status and its actions.
import { html, nothing, type TemplateResult } from 'lit';
import { dayLabel, timeOfDay } from '../../format/dates.ts';
import { linkify } from '../../format/links.ts';
import type { Localization } from '../../i18n/index.ts';
import type { OwnMessageStatus } from '../../client/types.ts';
import type { Strings } from '../../i18n/index.ts';
import { icons } from '../shared/icons.ts';
import type { MessageView } from './thread-model.ts';

/** What a row's buttons ask for: their `data-action`, read by the thread's one click listener. */
export type MessageAction = 'reply' | 'delete' | 'retry' | 'discard';

/** Message text as Lit text nodes and `<a>` elements: never parsed as HTML. */
export function renderBody(body: string): string | (string | TemplateResult)[] {
  const segments = linkify(body);
  // Most messages have no link: one text binding, not a list of parts.
  if (segments.length === 1 && segments[0]!.kind === 'text') return body;
  return segments.map((s) =>
    s.kind === 'text'
      ? s.text
      : html`<a href=${s.href} target="_blank" rel="noopener noreferrer nofollow ugc">${s.text}</a>`,
  );
}

const STATUS_KEYS = {
  queued: 'statusQueued',
  sending: 'statusSending',
  sent: 'statusSent',
  read: 'statusRead',
  failed: 'statusFailed',
} as const satisfies Record<OwnMessageStatus, keyof Strings>;

/** The row's buttons, as one template each way a row can be (every nested template is one more to clone per row). */
function renderActions(row: MessageView, t: Strings) {
  if (row.status === 'failed') {
    return html`<button class="text-button" data-action="retry">${t.retry}</button>
      <button class="text-button" data-action="discard">${t.discard}</button>`;
  }
  if (row.id === null || row.deleted) return nothing;
  const reply = t.reply;
  if (!row.own) return html`<button class="icon-button" data-action="reply" aria-label=${reply} title=${reply}>${icons.reply}</button>`;
  const del = t.deleteMessage;
  return html`<button class="icon-button" data-action="reply" aria-label=${reply} title=${reply}>${icons.reply}</button>
    <button class="icon-button" data-action="delete" aria-label=${del} title=${del}>${icons.trash}</button>`;
}

/**
 * One message as a list item, preceded by its day separator when it starts a new day. `data-key`
 * lets the thread find the row of a clicked button.
 */
export function renderMessage(row: MessageView, l: Localization) {
  const { t } = l;
  return html`${row.newDay ? html`<li class="day" part="day-separator"><span>${dayLabel(row.createdAt, l.locale)}</span></li>` : nothing}
    <li class="msg ${row.own ? 'own' : 'other'} ${row.status ?? ''}" part=${row.own ? 'message message-own' : 'message message-other'} data-key=${row.key}>
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
          ${row.status ? html`<span class="status" part="message-status">${t[STATUS_KEYS[row.status]]}</span>` : nothing}
        </p>
      </div>
      <div class="actions">${renderActions(row, t)}</div>
    </li>`;
}
