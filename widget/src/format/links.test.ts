// Link detection and URL checks: only http(s) becomes a link.
import { expect } from '@open-wc/testing';
import { safeUrl } from '../components/base/urls.ts';
import { linkify } from './links.ts';

describe('linkify', () => {
  it('should link http and https URLs only, without trailing punctuation', () => {
    expect(linkify('go to https://a.example/x?y=1, then http://b.example. ftp://c.example javascript:alert(1)')).to.deep.equal([
      { kind: 'text', text: 'go to ' },
      { kind: 'link', text: 'https://a.example/x?y=1', href: 'https://a.example/x?y=1' },
      { kind: 'text', text: ', then ' },
      { kind: 'link', text: 'http://b.example', href: 'http://b.example/' },
      { kind: 'text', text: '. ftp://c.example javascript:alert(1)' },
    ]);
  });

  it('should keep a closing parenthesis that belongs to the URL', () => {
    const links = linkify('(see https://en.wikipedia.org/wiki/Bike_(disambiguation))').filter((s) => s.kind === 'link');
    expect(links.map((s) => s.text)).to.deep.equal(['https://en.wikipedia.org/wiki/Bike_(disambiguation)']);
  });

  it('should stop a URL at characters that cannot be in one', () => {
    expect(linkify('https://a.example/<script>').map((s) => s.text)).to.deep.equal(['https://a.example/', '<script>']);
  });
});

describe('safeUrl', () => {
  it('should accept http(s) and paths, and refuse other schemes', () => {
    expect(safeUrl('https://market.test/ads/1')).to.equal('https://market.test/ads/1');
    expect(safeUrl('/ads/1')).to.equal(`${location.origin}/ads/1`);
    expect(safeUrl('javascript:alert(1)')).to.equal(null);
    expect(safeUrl(' JavaScript:alert(1)')).to.equal(null);
    expect(safeUrl('data:text/html,<b>x</b>')).to.equal(null);
    expect(safeUrl(null)).to.equal(null);
  });
});
