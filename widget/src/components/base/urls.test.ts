// Listing links and pictures: what a card may point to, whatever a buyer's page (or an old row) says.
import { expect } from '@open-wc/testing';
import { listingUrl } from './urls.ts';

describe('listingUrl', () => {
  it('should refuse links a browser would take off the site or out of http(s)', () => {
    const forged = [
      '/\t/evil.example/',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/.//evil.example',
      'https://good@evil.example/',
      'https://user:pass@evil.example/',
      'javascript:alert(1)',
      ' java\tscript:alert(1)',
      'data:image/svg+xml,<svg/>',
      'ads/9',
    ];
    for (const raw of forged) expect(listingUrl(raw), JSON.stringify(raw)).to.equal(null);
  });

  it('should resolve paths against this page and keep absolute http(s) URLs, normalised', () => {
    expect(listingUrl('/ads/9')).to.equal(`${location.origin}/ads/9`);
    expect(listingUrl(' /ads/../ads/9?x=1#top ')).to.equal(`${location.origin}/ads/9?x=1#top`);
    expect(listingUrl('HTTPS://Market.test/img/9.jpg')).to.equal('https://market.test/img/9.jpg');
    expect(listingUrl(null)).to.equal(null);
    expect(listingUrl('')).to.equal(null);
  });
});
