// `window.Parley`: configure() and logout(), usable before the script loads (a queue) and after; starts the page's alerts.
import { createPageClient, getPageClient } from '../client/page-client.ts';
import type { ParleyClient } from '../client/parley-client.ts';
import { unreadTotal } from '../client/selectors.ts';
import { refreshPageAlerts, startPageAlerts } from './alerts.ts';
import { ensureFloatingChat } from './floating-chat.ts';
import { CONVERSATION_PARAM, updatePageSettings } from './page-config.ts';
import type { ScriptConfig } from './script-config.ts';
import { tokenGetter, type TokenOptions } from './token-source.ts';
import { writeUnreadMemory } from './unread-memory.ts';

/** What `Parley.configure()` accepts (contract section 1), plus `inboxUrl`. */
export interface ParleyConfig extends TokenOptions {
  /** The Parley server, e.g. `https://chat.example.com`; defaults to where the script came from. */
  server?: string;
  loginUrl?: string | null;
  inboxUrl?: string | null;
  locale?: string | null;
  /** The unread count in the page's title, `(3) Title` (default true). */
  titleBadge?: boolean;
}

/** The one global the widget writes. */
export interface ParleyGlobal {
  configure(config: ParleyConfig): void;
  /** Disconnects and wipes this user's local cache and outbox. */
  logout(): Promise<void>;
  readonly version: string;
}

/** Marks the real loader, so that a second copy of the script leaves the first one in charge. */
const LOADER = Symbol.for('parley.loader');
/** A stub a host may install before the script loads: `window.Parley = {q: []}` with `[method, ...args]` entries. */
type Stub = { q?: unknown[] };

const TOKEN_KEYS = ['token', 'getToken', 'tokenUrl', 'server'] as const;

/**
 * Installs `window.Parley` unless another copy of the script already did (then returns that one),
 * replays calls queued by a stub, and starts the page's client.
 */
export function installParley(script: ScriptConfig, version: string): ParleyGlobal {
  const w = window as unknown as { Parley?: (ParleyGlobal & { [LOADER]?: true }) | Stub };
  const existing = w.Parley;
  if (existing && LOADER in existing) return existing as ParleyGlobal;

  const config: ParleyConfig = {
    server: script.server ?? location.origin,
    tokenUrl: script.tokenUrl,
    loginUrl: script.loginUrl,
    inboxUrl: script.inboxUrl,
    locale: script.locale,
    titleBadge: script.titleBadge,
  };
  let stopTokens: () => void = () => {};
  let started = false;

  const startClient = () => {
    stopTokens();
    const tokens = tokenGetter(config);
    stopTokens = tokens.stop;
    rememberUnread(createPageClient({ server: config.server!, getToken: tokens.getToken, locale: config.locale ?? undefined }));
    started = true;
  };

  const parley: ParleyGlobal & { [LOADER]: true } = {
    [LOADER]: true,
    version,
    configure(next) {
      try {
        if (!next || typeof next !== 'object') throw new TypeError('Parley.configure() takes an object');
        const rebuild = TOKEN_KEYS.some((k) => k in next && next[k] !== config[k]);
        if ('token' in next || 'getToken' in next || 'tokenUrl' in next) {
          // One source at a time: the newest one given wins.
          delete config.token;
          delete config.getToken;
          delete config.tokenUrl;
        }
        Object.assign(config, next);
        updatePageSettings(settingsOf(config));
        if (started && rebuild) startClient();
        else if ('locale' in next) getPageClient()?.setLocale(config.locale ?? undefined);
        if ('titleBadge' in next) refreshPageAlerts();
      } catch (err) {
        console.error('[parley] configure() failed', err);
      }
    },
    async logout() {
      try {
        stopTokens();
        await getPageClient()?.logout();
      } catch (err) {
        console.error('[parley] logout() failed', err);
      }
    },
  };

  // Entries are arrays or `arguments` objects; anything else a host pushed is skipped, not thrown on.
  const queued = (Array.isArray((existing as Stub | undefined)?.q) ? (existing as Stub).q! : [])
    .filter((e): e is ArrayLike<unknown> => typeof e === 'object' && e !== null)
    .map((e) => Array.from(e));
  w.Parley = parley;
  updatePageSettings(settingsOf(config));
  for (const [method, ...args] of queued) {
    if (method === 'configure') parley.configure(args[0] as ParleyConfig);
  }
  startClient();
  startPageAlerts();
  if (queued.some(([method]) => method === 'logout')) void parley.logout();
  openFromUrl();
  return parley;
}

/** Keeps the device's memory of the unread count (what the loader's bubble shows first) in step with `client`. */
function rememberUnread(client: ParleyClient): void {
  let written: string | null = null;
  client.subscribe((state) => {
    const signedOut = state.auth === 'signed-out' || state.auth === 'rejected';
    const known = state.auth === 'signed-in' && state.ready && state.me;
    if (!signedOut && !known) return;
    const memory = known ? { user: state.me!.userId, total: unreadTotal(state) } : null;
    const key = JSON.stringify(memory);
    if (key === written) return; // one write per change, not one per state update
    written = key;
    writeUnreadMemory(client.options.server, memory);
  });
}

/** The page settings a configuration holds. */
function settingsOf(config: ParleyConfig) {
  return { loginUrl: config.loginUrl ?? null, inboxUrl: config.inboxUrl ?? null, titleBadge: config.titleBadge !== false };
}

/**
 * The inbox flow: `?parley-conversation=<id>` opens that conversation. Every `<parley-chat>` follows
 * the request when it appears; if the page has none once it has loaded, a floating one is created.
 */
function openFromUrl(): void {
  const id = new URLSearchParams(location.search).get(CONVERSATION_PARAM);
  if (!id) return;
  getPageClient()?.openChat(id);
  const ensure = () => {
    if (!document.querySelector('parley-chat')) ensureFloatingChat();
  };
  if (document.readyState === 'complete') ensure();
  else window.addEventListener('load', ensure, { once: true });
}
