// The title badge: its format, how the host's own title is told apart, and the real document.title.
import { expect } from '@open-wc/testing';
import { waitFor } from '../../test/dom.ts';
import { badgedTitle, hostTitle, TitleBadge } from './title-badge.ts';

describe('title badge', () => {
  let original: string;
  beforeEach(() => {
    original = document.title;
    document.title = 'Market';
  });
  afterEach(() => {
    document.title = original;
  });

  it('should put the count in front, cap it at 99+, and leave the title alone at 0', () => {
    expect(badgedTitle('Market', 3)).to.equal('(3) Market');
    expect(badgedTitle('Market', 99)).to.equal('(99) Market');
    expect(badgedTitle('Market', 100)).to.equal('(99+) Market');
    expect(badgedTitle('Market', 0)).to.equal('Market');
    expect(badgedTitle('', 2)).to.equal('(2)', 'as document.title reads it back');
  });

  it("should keep the host's title while the badge it wrote is shown, and take a title the host set since", () => {
    expect(hostTitle('(3) Market', '(3) Market', 'Market')).to.equal('Market');
    expect(hostTitle('Checkout', '(3) Market', 'Market')).to.equal('Checkout');
    expect(hostTitle('Market', null, 'Old')).to.equal('Market', "nothing written: the current title is the host's");
  });

  it("should badge document.title, follow the host's changes, and restore it exactly", async () => {
    const badge = new TitleBadge();
    badge.set(3);
    expect(document.title).to.equal('(3) Market');
    badge.set(4);
    expect(document.title).to.equal('(4) Market', 'not "(4) (3) Market"');
    document.title = 'Checkout';
    await waitFor(() => document.title === '(4) Checkout', 'the badge follows the new title');
    badge.set(0);
    expect(document.title).to.equal('Checkout');
    badge.set(1);
    badge.dispose();
    expect(document.title).to.equal('Checkout');
    // An observer registered now runs after the badge's (registered first) would have.
    const observed = new Promise((resolve) =>
      new MutationObserver(resolve).observe(document.head, { subtree: true, childList: true, characterData: true }),
    );
    document.title = 'After';
    await observed;
    expect(document.title).to.equal('After', 'a disposed badge no longer writes');
  });

  it('should handle an empty host title without rewriting it forever', async () => {
    document.title = '';
    const badge = new TitleBadge();
    badge.set(2);
    expect(document.title).to.equal('(2)');
    let mutations = 0;
    new MutationObserver(() => mutations++).observe(document.head, { subtree: true, childList: true, characterData: true });
    document.title = ''; // the host clears its title: the badge is written once more, then nothing moves
    // Observers run as microtasks: a rewrite loop would never let this task run (it froze the page).
    await new Promise((resolve) => setTimeout(resolve));
    expect(document.title).to.equal('(2)');
    expect(mutations).to.be.at.most(2, "the host's change and the badge's");
    badge.set(5);
    expect(document.title).to.equal('(5)');
    badge.dispose();
    expect(document.title).to.equal('');
  });
});
