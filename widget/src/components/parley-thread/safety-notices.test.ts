// Trust and safety in the thread: masked details drawn in the reader's language, warnings, honest links, leaving the site.
import { expect, fixture, html } from '@open-wc/testing';
import { MASK_PLACEHOLDER } from '../../../../protocol/index.ts';
import { localize } from '../../i18n/index.ts';
import { deep, waitFor } from '../../../test/dom.ts';
import { disposeClients, sendAs, startPair, until } from '../../../test/helpers.ts';
import { renderMessage } from './message-item.ts';
import { ParleyThread } from './parley-thread.ts';
import type { MessageView } from './thread-model.ts';

ParleyThread.define();

const row = (fields: Partial<MessageView>): MessageView => ({
  key: 'k1',
  id: 'm1',
  clientId: 'k1',
  body: 'hello',
  createdAt: '2025-01-01T12:00:00.000Z',
  deleted: false,
  own: false,
  system: null,
  status: null,
  quote: null,
  newDay: false,
  masked: false,
  warnings: [],
  photos: [],
  ...fields,
});

const rendered = (view: MessageView, lang: 'en' | 'fr', helpUrl: string | null = null) =>
  fixture<HTMLOListElement>(html`<ol>${renderMessage(view, localize(lang), { site: 'Troc Market', helpUrl })}</ol>`);

describe('safety notices', () => {
  afterEach(async () => {
    await disposeClients();
  });

  it('should draw masked contact details as "hidden by <site>" in the reader\'s language, as text', async () => {
    const body = `Call me on ${MASK_PLACEHOLDER} or <b>${MASK_PLACEHOLDER}</b>`;
    const fr = await rendered(row({ body, masked: true }), 'fr');
    const parts = [...fr.querySelectorAll('.masked')].map((e) => e.textContent);
    expect(parts).to.deep.equal(['masqué par Troc Market', 'masqué par Troc Market']);
    expect(fr.querySelector('.body')!.textContent).to.contain('<b>');
    expect(fr.querySelector('b'), 'never parsed as HTML').to.equal(null);
    const en = await rendered(row({ body, masked: true }), 'en');
    expect(en.querySelector('.masked')!.textContent).to.equal('hidden by Troc Market');
  });

  it('should not draw a placeholder in a message the server did not mask', async () => {
    const el = await rendered(row({ body: `odd ${MASK_PLACEHOLDER} char` }), 'en');
    expect(el.querySelector('.masked')).to.equal(null);
  });

  it('should tell the sender why their message was masked, and warn only the recipient', async () => {
    const own = await rendered(row({ own: true, masked: true, body: MASK_PLACEHOLDER, warnings: [] }), 'en');
    expect(own.querySelector('[part="message-notice"]')!.textContent).to.contain('hidden by Troc Market');
    const other = await rendered(
      row({ body: 'pay by Western Union', warnings: ['off_platform_payment'] }),
      'fr',
      'https://troc.example/securite',
    );
    const warning = other.querySelector('[part="message-warning"]')!;
    expect(warning.textContent).to.contain('paiement hors de Troc Market');
    expect(warning.querySelector('a')!.getAttribute('href')).to.equal('https://troc.example/securite');
    expect(warning.querySelector('a')!.textContent).to.equal('Échanger en toute sécurité');
  });

  it('should show the real host of a link', async () => {
    const el = await rendered(row({ body: 'see https://www.market.example@evil.example/login now' }), 'en');
    const link = el.querySelector('a[data-link]')!;
    expect(link.textContent).to.equal('https://evil.example/login');
    expect(link.getAttribute('href')).to.equal('https://evil.example/login');
    const idn = await rendered(row({ body: 'https://trоc-market.fr/compte' }), 'en');
    expect(idn.querySelector('a[data-link]')!.textContent, 'a homograph shown in punycode').to.match(
      /^https:\/\/xn--trc-market-\w+\.fr\/compte$/,
    );
  });

  it('should ask before following a link to another host: "You are leaving <site> for <host>"', async () => {
    const { seller, conversation, b } = await startPair();
    await sendAs(seller, conversation.id, 'Manual: https://manuals.example/kettle.pdf');
    await until(b, (st) => st.site !== null, 'the site, named by sync');
    const thread = await fixture<ParleyThread>(
      html`<parley-thread .client=${b} .l10n=${localize('en')} .conversationId=${conversation.id} active></parley-thread>`,
    );
    const link = await waitFor(() => deep<HTMLAnchorElement>(thread, 'a[data-link]'), 'the link');
    let followed = false;
    const follow = (e: Event) => (followed = !e.defaultPrevented);
    window.addEventListener('click', follow);
    link.click();
    window.removeEventListener('click', follow);
    expect(followed, 'the click did not navigate').to.equal(false);
    const dialog = await waitFor(() => deep(thread, '.leaving'), 'the confirmation');
    expect(dialog.textContent).to.contain(`You are leaving ${b.state.site!.name} for manuals.example.`);
    const go = dialog.querySelector<HTMLAnchorElement>('a')!;
    expect(go.href).to.equal('https://manuals.example/kettle.pdf');
    expect(go.rel).to.contain('noopener');
    dialog.querySelector<HTMLButtonElement>('button')!.click();
    await waitFor(() => !deep(thread, '.leaving'), 'cancelled');
  });
});
