// The top of a thread: the listing card, the other party's presence, the actions; and the view of a conversation being opened.
import { html, nothing } from 'lit';
import type { Conversation, ListingStatus, Presence } from '../../../../protocol/index.ts';
import type { PendingConversation } from '../../client/types.ts';
import { relativeTime } from '../../format/dates.ts';
import type { Localization } from '../../i18n/index.ts';
import type { Strings } from '../../i18n/strings.ts';
import { icons } from '../base/icons.ts';
import { listingUrl } from '../base/urls.ts';

/** What the header's buttons ask for. */
export type HeaderAction = 'refresh' | 'mute' | 'unmute' | 'block' | 'unblock' | 'report';

export interface HeaderView {
  conversation: Conversation;
  name: string;
  presence: Presence | undefined;
  blocked: boolean;
}

/** The listing card: a link to the listing when its URL passes the listing rule (see listingUrl). */
function renderListing(listing: PendingConversation['listing'] & { status?: ListingStatus | null }, t: Strings) {
  const href = listingUrl(listing.url);
  const image = listingUrl(listing.imageUrl);
  const card = html`
    ${
      image
        ? html`<img class="listing-image" src=${image} alt="" />`
        : html`<span class="listing-image placeholder-thumb">${icons.image}</span>`
    }
    <span class="listing-text">
      <span class="listing-title" dir="auto">${listing.title ?? t.listingLink}</span>
      ${listing.price ? html`<span class="listing-price" dir="auto">${listing.price}</span>` : nothing}
      ${
        listing.status && listing.status !== 'available'
          ? html`<span class="listing-status ${listing.status}" part="listing-status">${t.listingStatus[listing.status]}</span>`
          : nothing
      }
    </span>`;
  return href
    ? html`<a class="listing" part="listing-card" href=${href} target="_blank" rel="noopener noreferrer" title=${t.listingLink}>${card}</a>`
    : html`<div class="listing" part="listing-card">${card}</div>`;
}

/** The listing card with presence and actions. */
export function renderHeader(v: HeaderView, localization: Localization, act: (a: HeaderAction) => void) {
  const { t, locale } = localization;
  const presence = v.presence?.online
    ? t.online
    : v.presence?.lastSeenAt
      ? t.lastSeen(relativeTime(v.presence.lastSeenAt, locale, t.justNow))
      : '';
  return html`<div class="header" part="thread-header">
    ${renderListing(v.conversation.listing, t)}
    <div class="party">
      <span class="party-name"><span class="dot ${v.presence?.online ? 'online' : ''}"></span><bdi>${v.name}</bdi></span>
      ${presence ? html`<span class="presence">${presence}</span>` : nothing}
    </div>
    <div class="tools">
      <button class="icon-button" aria-label=${t.refresh} title=${t.refresh} @click=${() => act('refresh')}>${icons.refresh}</button>
      ${
        v.conversation.muted
          ? html`<button class="icon-button" aria-label=${t.unmute} title=${t.unmute} @click=${() => act('unmute')}>${icons.bellOff}</button>`
          : html`<button class="icon-button" aria-label=${t.mute} title=${t.mute} @click=${() => act('mute')}>${icons.bell}</button>`
      }
      ${
        v.blocked
          ? html`<button class="icon-button" aria-label=${t.unblock(v.name)} title=${t.unblock(v.name)} @click=${() => act('unblock')}>
            ${icons.block}
          </button>`
          : html`<button class="icon-button" aria-label=${t.block(v.name)} title=${t.block(v.name)} @click=${() => act('block')}>
            ${icons.block}
          </button>`
      }
      <button class="icon-button" aria-label=${t.report} title=${t.report} @click=${() => act('report')}>${icons.flag}</button>
    </div>
  </div>`;
}

/**
 * A contact button's conversation before the server has answered: the listing card from the
 * button's attributes, the seller's name when known, and "opening the conversation…" (or the error).
 */
export function renderPending(pending: PendingConversation, name: string, t: Strings) {
  return html`<div class="header" part="thread-header">
      ${renderListing(pending.listing, t)}
      <div class="party"><span class="party-name"><bdi>${name}</bdi></span></div>
    </div>
    <p class="placeholder pending" part="notice" role=${pending.failed ? 'alert' : 'status'}>
      ${pending.failed ? t.errorOpenConversation : t.openingConversation}
    </p>`;
}
