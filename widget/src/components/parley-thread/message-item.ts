// Renders one message row: day separator, quote, body with safe links, time, own status and its actions.
import { html, nothing, type TemplateResult } from 'lit';
import { MASK_PLACEHOLDER } from '../../../../protocol/index.ts';
import { dayLabel, timeOfDay } from '../../format/dates.ts';
import { linkify } from '../../format/links.ts';
import { systemText } from '../../format/system-text.ts';
import type { Localization } from '../../i18n/index.ts';
import type { OwnMessageStatus } from '../../client/types.ts';
import type { Strings } from '../../i18n/index.ts';
import { icons } from '../base/icons.ts';
import type { MessageView } from './thread-model.ts';

/** What a row's buttons ask for: their `data-action`, read by the thread's one click listener. */
export type MessageAction = 'reply' | 'delete' | 'retry' | 'discard' | 'photo';

/**
 * Message text as Lit text nodes and `<a>` elements: never parsed as HTML. In a masked message
 * (`hidden` given), each placeholder is drawn as "hidden by <site>".
 */
export function renderBody(body: string, hidden?: string): string | (string | TemplateResult)[] {
  if (hidden !== undefined && body.includes(MASK_PLACEHOLDER)) {
    return body
      .split(MASK_PLACEHOLDER)
      .flatMap((part, i) => [...(i ? [html`<span class="masked" part="masked">${hidden}</span>`] : []), renderBody(part)].flat());
  }
  const segments = linkify(body);
  // Most messages have no link: one text binding, not a list of parts.
  if (segments.length === 1 && segments[0]!.kind === 'text') return body;
  return segments.map((s) =>
    s.kind === 'text'
      ? s.text
      : html`<a href=${s.href} data-link target="_blank" rel="noopener noreferrer nofollow ugc">${s.text}</a>`,
  );
}

/** What safety notices name: the site, and its help page. */
export interface SafetyContext {
  site: string;
  helpUrl: string | null;
}

/** Under a message: why the user's own was masked, or what another's warns of. */
function renderNotices(row: MessageView, t: Strings, safety: SafetyContext) {
  if (row.deleted) return nothing;
  if (row.own) return row.masked ? html`<p class="safety" part="message-notice">${t.maskedNotice(safety.site)}</p>` : nothing;
  if (!row.warnings.length) return nothing;
  return row.warnings.map(
    (code) =>
      html`<p class="safety warning" part="message-warning" role="note">
        ${t.warnings[code]?.(safety.site)}
        ${safety.helpUrl ? html`<a href=${safety.helpUrl} target="_blank" rel="noopener noreferrer">${t.safetyHelp}</a>` : nothing}
      </p>`,
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
  if (!row.own)
    return html`<button class="icon-button" data-action="reply" aria-label=${reply} title=${reply}>${icons.reply}</button>`;
  const del = t.deleteMessage;
  return html`<button class="icon-button" data-action="reply" aria-label=${reply} title=${reply}>${icons.reply}</button>
    <button class="icon-button" data-action="delete" aria-label=${del} title=${del}>${icons.trash}</button>`;
}

/** Thumbnails at their aspect ratio from the first paint (width and height), loaded lazily; each opens the viewer. */
function renderPhotos(row: MessageView, t: Strings) {
  return html`<div class="photos" part="photos">
    ${row.photos.map(
      (p, i) =>
        html`<button class="photo" data-action="photo" data-index=${i}>
          <img src=${p.thumb} width=${p.width} height=${p.height} loading="lazy" decoding="async" alt=${t.photoOf(String(i + 1), String(row.photos.length))} />
        </button>`,
    )}
  </div>`;
}

/**
 * One message as a list item, preceded by its day separator when it starts a new day. `data-key`
 * lets the thread find the row of a clicked button.
 */
export function renderMessage(row: MessageView, localization: Localization, safety: SafetyContext) {
  const { t } = localization;
  const day = row.newDay
    ? html`<li class="day" part="day-separator"><span>${dayLabel(row.createdAt, localization.locale)}</span></li>`
    : nothing;
  if (row.system) {
    // The site's words, not a person's: centred, no bubble, no status, no actions.
    const note = row.system.type === 'text';
    return html`${day}<li class="system" part="system-message" data-key=${row.key}>
        <p dir="auto">${note ? html`<strong>${t.siteNote}:</strong> ` : nothing}${note ? renderBody(systemText(row.system, t)) : systemText(row.system, t)}</p>
        <time datetime=${row.createdAt}>${timeOfDay(row.createdAt, localization.locale)}</time>
      </li>`;
  }
  return html`${day}
    <li class="msg ${row.own ? 'own' : 'other'} ${row.status ?? ''}" part=${row.own ? 'message message-own' : 'message message-other'} data-key=${row.key}>
      <div class="bubble">
        ${
          row.quote
            ? html`<blockquote class="quote" part="quote">
              ${row.quote.name ? html`<span class="quote-name" dir="auto">${row.quote.name}</span>` : nothing}
              <span class="quote-text" dir="auto">${row.quote.deleted ? t.deleted : row.quote.text}</span>
            </blockquote>`
            : nothing
        }
        ${row.photos.length && !row.deleted ? renderPhotos(row, t) : nothing}
        ${
          row.body || row.deleted
            ? html`<p class="body" dir="auto">${row.deleted ? html`<em>${t.deleted}</em>` : renderBody(row.body, row.masked ? t.hiddenBy(safety.site) : undefined)}</p>`
            : nothing
        }
        <p class="meta">
          <time datetime=${row.createdAt}>${timeOfDay(row.createdAt, localization.locale)}</time>
          ${row.status ? html`<span class="status" part="message-status">${t[STATUS_KEYS[row.status]]}</span>` : nothing}
        </p>
        ${renderNotices(row, t, safety)}
      </div>
      <div class="actions">${renderActions(row, t)}</div>
    </li>`;
}
