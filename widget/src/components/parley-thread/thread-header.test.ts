// The thread's listing card: a link and a picture only for URLs that pass the listing rule.
import { expect } from '@open-wc/testing';
import { render } from 'lit';
import type { Conversation } from '../../../../protocol/index.ts';
import { localize } from '../../i18n/index.ts';
import { renderHeader } from './thread-header.ts';

function conversationWith(url: string | null, imageUrl: string | null): Conversation {
  const now = new Date().toISOString();
  return {
    id: 'c1',
    listing: { id: 'ad_1', title: 'Oak table', url, imageUrl, price: '120 €', status: null },
    buyer: { id: 'b', name: 'Buyer', picture: null, suspended: false },
    seller: { id: 's', name: 'Seller', picture: null, suspended: false },
    lastSeq: 0,
    lastMessage: null,
    unread: 0,
    readSeq: {},
    archived: false,
    muted: false,
    createdAt: now,
    updatedAt: now,
  };
}

/** Renders the header for a listing with these links and returns its card. */
function card(url: string | null, imageUrl: string | null): HTMLElement {
  const view = { conversation: conversationWith(url, imageUrl), name: 'Seller', presence: undefined, blocked: false };
  render(
    renderHeader(view, localize('en'), () => {}),
    host,
  );
  return host.querySelector<HTMLElement>('.listing')!;
}

let host: HTMLDivElement;

describe('listing card', () => {
  beforeEach(() => {
    host = document.body.appendChild(document.createElement('div'));
  });
  afterEach(() => host.remove());

  it('should render a forged card (stored before links were checked) without link or picture', () => {
    const forged: Array<[string, string]> = [
      ['/\t/evil.example/', '/\n/tracker.example/pixel.gif'],
      ['https://good@evil.example/login', 'https://good@tracker.example/pixel.gif'],
      ['javascript:alert(1)', '//tracker.example/pixel.gif'],
      ['/\\evil.example', '/.//tracker.example/pixel.gif'],
    ];
    for (const [url, imageUrl] of forged) {
      const listing = card(url, imageUrl);
      expect(listing.tagName, url).to.equal('DIV');
      expect(listing.querySelector('img'), imageUrl).to.equal(null);
      expect(listing.textContent).to.contain('Oak table');
    }
  });

  it('should link a good card to its listing and show its picture', () => {
    const listing = card('/ads/1', 'https://market.test/img/1.jpg');
    expect(listing.tagName).to.equal('A');
    expect((listing as HTMLAnchorElement).href).to.equal(`${location.origin}/ads/1`);
    expect(listing.querySelector('img')!.getAttribute('src')).to.equal('https://market.test/img/1.jpg');
  });
});
