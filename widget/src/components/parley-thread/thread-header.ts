// The top of a thread: the listing card, the other party's presence, and the refresh/block/report actions.
import { html, nothing } from 'lit';
import type { Conversation, Presence } from '../../../../protocol/index.ts';
import { relativeTime } from '../../format/dates.ts';
import type { Localization } from '../../i18n/index.ts';
import { icons } from '../shared/icons.ts';
import { safeUrl } from '../shared/urls.ts';

/** What the header's buttons ask for. */
export type HeaderAction = 'refresh' | 'block' | 'unblock' | 'report';

export interface HeaderView {
  conversation: Conversation;
  name: string;
  presence: Presence | undefined;
  blocked: boolean;
}

/** The listing card (a link to the listing when its URL is http(s)) with presence and actions. */
export function renderHeader(v: HeaderView, l: Localization, act: (a: HeaderAction) => void) {
  const { t, locale } = l;
  const { listing } = v.conversation;
  const href = safeUrl(listing.url);
  const image = safeUrl(listing.imageUrl);
  const presence = v.presence?.online
    ? t.online
    : v.presence?.lastSeenAt
      ? t.lastSeen(relativeTime(v.presence.lastSeenAt, locale, t.justNow))
      : '';
  const card = html`
    ${image
      ? html`<img class="listing-image" src=${image} alt="" />`
      : html`<span class="listing-image placeholder-thumb">${icons.image}</span>`}
    <span class="listing-text">
      <span class="listing-title">${listing.title ?? t.listingLink}</span>
      ${listing.price ? html`<span class="listing-price">${listing.price}</span>` : nothing}
    </span>`;
  return html`<div class="header" part="thread-header">
    ${href
      ? html`<a class="listing" part="listing-card" href=${href} target="_blank" rel="noopener noreferrer" title=${t.listingLink}>${card}</a>`
      : html`<div class="listing" part="listing-card">${card}</div>`}
    <div class="party">
      <span class="party-name"><span class="dot ${v.presence?.online ? 'online' : ''}"></span>${v.name}</span>
      ${presence ? html`<span class="presence">${presence}</span>` : nothing}
    </div>
    <div class="tools">
      <button class="icon-button" aria-label=${t.refresh} title=${t.refresh} @click=${() => act('refresh')}>${icons.refresh}</button>
      ${v.blocked
        ? html`<button class="icon-button" aria-label=${t.unblock(v.name)} title=${t.unblock(v.name)} @click=${() => act('unblock')}>
            ${icons.block}
          </button>`
        : html`<button class="icon-button" aria-label=${t.block(v.name)} title=${t.block(v.name)} @click=${() => act('block')}>
            ${icons.block}
          </button>`}
      <button class="icon-button" aria-label=${t.report} title=${t.report} @click=${() => act('report')}>${icons.flag}</button>
    </div>
  </div>`;
}
