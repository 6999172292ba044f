// The loader's first paint: labels, the remembered count, pending clicks, a hostile page, and no movement when the runtime upgrades it.
import { expect, waitUntil } from '@open-wc/testing';
import { readUnreadMemory, writeUnreadMemory } from '../embed/unread-memory.ts';
import { paintAll, type FirstPaintOptions } from './first-paint.ts';
import { loadModeOf, scheduleLoad } from './load-mode.ts';

const SERVER = 'http://parley.test';
const clicked: HTMLElement[] = [];
const options = (patch: Partial<FirstPaintOptions> = {}): FirstPaintOptions => ({
  locale: null,
  unread: null,
  onClick: (element) => clicked.push(element),
  ...patch,
});

/** Adds markup to the page and paints it as the loader does. */
function mount(markup: string, patch: Partial<FirstPaintOptions> = {}): HTMLElement {
  const holder = document.createElement('div');
  holder.className = 'mounted';
  holder.innerHTML = markup;
  document.body.append(holder);
  paintAll(holder, options(patch));
  return holder.firstElementChild as HTMLElement;
}

const button = (el: Element) => el.shadowRoot!.querySelector('button')!;
const box = (el: Element) => {
  const { x, y, width, height } = button(el).getBoundingClientRect();
  return { x, y, width, height };
};

describe('the loader', () => {
  afterEach(() => {
    document.querySelectorAll('.mounted, #hostile').forEach((e) => e.remove());
    clicked.length = 0;
  });

  describe('first paint (before the elements are defined)', () => {
    it('should paint the contact button, in the language of the nearest lang', () => {
      const el = mount('<parley-contact-seller seller="s1" listing="l1"></parley-contact-seller>');
      expect(customElements.get('parley-contact-seller')).to.equal(undefined);
      expect(button(el).textContent).to.equal('Contact the seller');
      const fr = mount('<p lang="fr-FR"><parley-contact-seller seller="s1" listing="l1"></parley-contact-seller></p>');
      expect(button(fr.firstElementChild!).textContent).to.equal('Contacter le vendeur');
    });

    it("should say 'Messages about this listing' to the seller the device last knew", () => {
      const el = mount('<parley-contact-seller seller="s1" listing="l1"></parley-contact-seller>', {
        unread: { user: 's1', total: 0 },
      });
      expect(button(el).textContent).to.equal('Messages about this listing');
    });

    it('should show the remembered unread count on the bubble, 99+ above 99', () => {
      const el = mount('<parley-unread-bubble></parley-unread-bubble>', { unread: { user: 'u', total: 3 } });
      expect(button(el).getAttribute('aria-label')).to.equal('Messages, 3 unread messages');
      expect(el.shadowRoot!.querySelector('.badge')!.textContent).to.equal('3');
      const many = mount('<parley-unread-bubble></parley-unread-bubble>', { unread: { user: 'u', total: 1200 } });
      expect(many.shadowRoot!.querySelector('.badge')!.textContent).to.equal('99+');
      const none = mount('<parley-unread-bubble></parley-unread-bubble>');
      expect(none.shadowRoot!.querySelector('.badge')).to.equal(null);
      expect(button(none).getAttribute('aria-label')).to.equal('Messages');
    });

    it('should show a click as pending and report it once', () => {
      const el = mount('<parley-contact-seller seller="s1" listing="l1"></parley-contact-seller>');
      button(el).click();
      expect(button(el).getAttribute('aria-busy')).to.equal('true');
      expect(getComputedStyle(button(el)).opacity).to.equal('0.7');
      expect(clicked).to.deep.equal([el]);
    });

    it('should paint each element once', () => {
      const el = mount('<parley-contact-seller seller="s1" listing="l1"></parley-contact-seller>');
      expect(paintAll(el.parentElement!, options())).to.deep.equal([]);
      expect(el.shadowRoot!.querySelectorAll('button').length).to.equal(1);
    });

    it("should keep its text size under a page's !important rule for every element", () => {
      const style = document.createElement('style');
      style.id = 'hostile';
      style.textContent = '* { font-size: 40px !important; line-height: 5 !important }';
      document.head.append(style);
      const el = mount('<parley-contact-seller seller="s1" listing="l1"></parley-contact-seller>');
      expect(getComputedStyle(button(el)).fontSize).to.equal('15px');
      expect(getComputedStyle(button(el)).lineHeight).to.equal('21px');
    });
  });

  describe('the device memory of the unread count', () => {
    it('should keep one count per server and refuse malformed entries', () => {
      writeUnreadMemory(SERVER, { user: 'u1', total: 4 });
      expect(readUnreadMemory(SERVER)).to.deep.equal({ user: 'u1', total: 4 });
      expect(readUnreadMemory('http://other.test')).to.equal(null);
      for (const bad of ['{"user":"u","total":-1}', '{"user":1,"total":2}', 'not json', '{"user":"u","total":1.5}']) {
        localStorage.setItem(`parley-unread:${SERVER}`, bad);
        expect(readUnreadMemory(SERVER), bad).to.equal(null);
      }
      writeUnreadMemory(SERVER, null);
      expect(localStorage.getItem(`parley-unread:${SERVER}`)).to.equal(null);
    });
  });

  describe('data-load', () => {
    it('should read the mode, idle by default, interaction when the user saves data', () => {
      expect(loadModeOf(null, false)).to.equal('idle');
      expect(loadModeOf('bogus', false)).to.equal('idle');
      expect(loadModeOf('eager', false)).to.equal('eager');
      expect(loadModeOf('interaction', false)).to.equal('interaction');
      expect(loadModeOf(null, true)).to.equal('interaction');
      expect(loadModeOf('eager', true)).to.equal('eager');
    });

    it('should load at once when eager, and when the loaded page is idle', async () => {
      let loads = 0;
      scheduleLoad(
        'eager',
        () => loads++,
        () => false,
      );
      expect(loads).to.equal(1);
      scheduleLoad(
        'idle',
        () => loads++,
        () => false,
      );
      await waitUntil(() => loads === 2, 'loaded when idle');
    });

    it('should load on the first pointer over or focus in a Parley element, not elsewhere, and once', async () => {
      let loads = 0;
      const el = mount('<parley-contact-seller seller="s1" listing="l1"></parley-contact-seller>');
      const isParley = (t: EventTarget) => t instanceof Element && t.localName.startsWith('parley-');
      const stop = scheduleLoad('interaction', () => loads++, isParley);
      document.body.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      expect(loads).to.equal(0);
      button(el).dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      expect(loads).to.equal(1);
      button(el).focus();
      expect(loads).to.equal(1, 'listeners are gone after the first');
      stop();
      const again = scheduleLoad('interaction', () => loads++, isParley);
      button(el).blur();
      button(el).focus();
      expect(loads).to.equal(2, 'focus counts too');
      again();
    });
  });

  // Last: once defined, the tags stay defined for the rest of the page.
  describe('when the runtime arrives', () => {
    it('should take over the painted shadow root without moving or resizing anything', async () => {
      const contact = mount('<parley-contact-seller seller="s1" listing="l1"></parley-contact-seller>');
      const bubble = mount('<parley-unread-bubble></parley-unread-bubble>');
      const before = [box(contact), box(bubble)];
      const roots = [contact.shadowRoot, bubble.shadowRoot];
      const { defineParleyElements } = await import('../define.ts');
      defineParleyElements();
      await (contact as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      await (bubble as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      expect([contact.shadowRoot, bubble.shadowRoot]).to.deep.equal(roots);
      expect(contact.shadowRoot!.querySelectorAll('button').length).to.equal(1, 'the painted button is gone');
      expect(button(contact).textContent!.trim()).to.equal('Contact the seller');
      expect([box(contact), box(bubble)]).to.deep.equal(before);
    });
  });
});
