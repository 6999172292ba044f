// The demo marketplace's page logic: language, the demo user switcher, and the listing pages.
import { STRINGS } from './i18n.js';
import { LISTINGS, findListing } from './listings.js';

const USERS = {
  alice: 'Alice Martin',
  dave: 'Dave Laurent',
  bob: 'Bob Durand',
  carol: 'Carol Petit',
};

const lang =
  localStorage.getItem('demo-lang') === 'en'
    ? 'en'
    : localStorage.getItem('demo-lang') === 'fr'
      ? 'fr'
      : navigator.language.startsWith('fr')
        ? 'fr'
        : 'en';
const t = STRINGS[lang];
document.documentElement.lang = lang;

/** The signed-in demo user, kept in a cookie that the token route reads like a real session would. */
function currentUser() {
  const match = document.cookie.match(/(?:^|;\s*)demo_user=([a-z]+)/);
  return match && USERS[match[1]] ? match[1] : null;
}

function setUser(id) {
  document.cookie = id ? `demo_user=${id}; path=/; SameSite=Lax` : 'demo_user=; path=/; max-age=0';
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function renderHeader() {
  const header = document.querySelector('header.site');
  if (!header) return;
  const user = currentUser();
  const select = el('select', { id: 'demo-user', 'aria-label': t.signedInAs });
  select.append(el('option', { value: '' }, t.signedOut));
  for (const [id, name] of Object.entries(USERS)) {
    const option = el('option', { value: id }, `${name} (${id})`);
    if (id === user) option.selected = true;
    select.append(option);
  }
  select.addEventListener('change', async () => {
    if (!select.value) await window.Parley?.logout();
    setUser(select.value);
    location.reload();
  });
  const langButton = el(
    'button',
    { type: 'button', id: 'demo-lang', 'aria-label': t.language },
    lang === 'fr' ? 'English' : 'Français',
  );
  langButton.addEventListener('click', () => {
    localStorage.setItem('demo-lang', lang === 'fr' ? 'en' : 'fr');
    location.reload();
  });
  header.replaceChildren(
    el('a', { href: '/', class: 'brand' }, t.brand),
    el('span', { class: 'tagline' }, t.tagline),
    el(
      'nav',
      {},
      el('a', { href: '/' }, t.home),
      el('a', { href: '/messages.html' }, t.messages),
      el('a', { href: '/demo/mail' }, t.mail),
    ),
    el('label', { class: 'user' }, `${t.signedInAs} `, select),
    langButton,
  );
}

function card(listing) {
  return el(
    'a',
    { class: 'card', href: `/listing.html?id=${encodeURIComponent(listing.id)}` },
    el('img', { src: listing.image, alt: '', width: '320', height: '220' }),
    el('span', { class: 'title' }, listing.title[lang]),
    el('span', { class: 'price' }, listing.price),
    el('span', { class: 'city' }, `${listing.city} · ${USERS[listing.seller]}`),
  );
}

/**
 * The listing's `<parley-contact-seller>`. Its picture is an absolute URL: the partner page sends it
 * to a Parley server on another origin, where a path would mean something else.
 */
function contactButton(listing, url) {
  return el('parley-contact-seller', {
    seller: listing.seller,
    listing: listing.id,
    'listing-title': listing.title[lang],
    'listing-price': listing.price,
    'listing-url': url,
    'listing-image': `${location.origin}${listing.image}`,
  });
}

function renderHome(main) {
  main.append(el('h1', {}, t.latest), el('div', { class: 'grid' }, ...LISTINGS.map(card)));
}

function renderListing(main) {
  const listing = findListing(new URLSearchParams(location.search).get('id') ?? '');
  if (!listing) {
    main.append(el('p', {}, t.notFound), el('a', { href: '/' }, t.backToListings));
    return;
  }
  document.title = `${listing.title[lang]} · ${t.brand}`;
  const contact = contactButton(listing, `/listing.html?id=${listing.id}`);
  main.append(
    el('a', { href: '/', class: 'back' }, t.backToListings),
    el(
      'article',
      { class: 'listing' },
      el('img', { src: listing.image, alt: listing.title[lang], width: '640', height: '440' }),
      el(
        'div',
        { class: 'details' },
        el('h1', {}, listing.title[lang]),
        el('p', { class: 'price' }, listing.price),
        el('p', {}, listing.description[lang]),
        el('p', { class: 'seller' }, `${t.seller} : ${USERS[listing.seller]} · ${listing.city}`),
        currentUser() === listing.seller ? statusControls(listing) : contact,
      ),
    ),
  );
}

/**
 * The seller's own listing: buttons that tell the marketplace's backend (the demo server) the
 * listing's status; the backend calls Parley's server API, and every buyer's chat shows it live.
 */
function statusControls(listing) {
  const note = el('p', { class: 'status-note', role: 'status' });
  const set = async (status) => {
    const res = await fetch(`/demo/listings/${encodeURIComponent(listing.id)}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        status,
        title: listing.title[lang],
        price: listing.price,
        url: `/listing.html?id=${encodeURIComponent(listing.id)}`,
      }),
    }).catch(() => null);
    note.textContent = res?.ok ? t.statusSaved : t.statusFailed;
  };
  const button = (status, label) => {
    const b = el('button', { type: 'button', 'data-status': status }, label);
    b.addEventListener('click', () => void set(status));
    return b;
  };
  return el(
    'div',
    { class: 'seller-tools' },
    el('p', {}, t.yourListing),
    button('available', t.markAvailable),
    button('reserved', t.markReserved),
    button('sold', t.markSold),
    note,
  );
}

function renderMessages(main) {
  // The widget opens the conversation named by `?parley-conversation=` (the contact button's link) itself.
  main.append(el('h1', {}, t.inbox), el('parley-chat', { inline: '' }));
}

function renderLoginNotice(main) {
  main.prepend(el('section', { class: 'login', id: 'login' }, el('h2', {}, t.loginTitle), el('p', {}, t.loginHint)));
}

renderHeader();
window.Parley?.configure({ locale: lang });
const main = document.querySelector('main');
// The marketplace's three pages share one HTML shell (index.html); the path says which one this is.
const PAGES = { '/': 'home', '/index.html': 'home', '/listing.html': 'listing', '/messages.html': 'messages' };
const page = document.body.dataset.page ?? PAGES[location.pathname] ?? 'home';
if (page === 'home') renderHome(main);
if (page === 'listing') renderListing(main);
if (page === 'messages') renderMessages(main);
if (page === 'embed') {
  main.append(el('h1', {}, t.embedTitle), el('p', {}, t.embedHint));
  const listing = LISTINGS[0];
  renderListingCardWithContact(main, listing);
}
if (new URLSearchParams(location.search).has('login') || (!currentUser() && page !== 'home')) renderLoginNotice(main);

function renderListingCardWithContact(main, listing) {
  main.append(
    el(
      'article',
      { class: 'listing' },
      el('img', { src: `${listing.image}`, alt: listing.title[lang], width: '320', height: '220' }),
      el(
        'div',
        { class: 'details' },
        el('h2', {}, listing.title[lang]),
        el('p', { class: 'price' }, listing.price),
        contactButton(listing, null),
      ),
    ),
  );
}
