// Where the user's token comes from: a function, a fixed token, or the host site's token URL (with its cookies).
import { expiryOf } from '../client/token.ts';
import type { TokenGetter } from '../client/types.ts';

/** The ways `Parley.configure()` accepts a token, first match wins. */
export interface TokenOptions {
  getToken?: () => Promise<string | null> | string | null;
  token?: string | null;
  /** A URL on the host's site answering `{"token": "<jwt>"}`, or 401 when nobody is signed in. */
  tokenUrl?: string | null;
}

/** A token is fetched again when it has less than this left to live. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Builds the client's token getter. A token from the URL is kept until a minute before it expires
 * (and fetched again in the background then), and fetched anew after the server refused it.
 */
export function tokenGetter(options: TokenOptions): { getToken: TokenGetter; stop(): void } {
  const { getToken, token, tokenUrl } = options;
  if (getToken) return { getToken: async () => (await getToken()) ?? null, stop() {} };
  if (token !== undefined && token !== null) return { getToken: async () => token, stop() {} };
  if (!tokenUrl) return { getToken: async () => null, stop() {} };

  let cached: { token: string | null; expires: number } | null = null;
  let inFlight: Promise<string | null> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const fetchToken = (): Promise<string | null> => {
    inFlight ??= (async () => {
      try {
        const res = await fetch(tokenUrl, { credentials: 'include', headers: { accept: 'application/json' }, cache: 'no-store' });
        if (res.status === 401 || res.status === 403) return remember(null);
        if (!res.ok) throw new Error(`the token URL answered ${res.status}`);
        const body = (await res.json()) as { token?: unknown };
        if (typeof body.token !== 'string' || !body.token) throw new Error('the token URL answered without a token');
        return remember(body.token);
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  const remember = (value: string | null): string | null => {
    // "Nobody is signed in" is believed for 30 s: a user who signs in on the host is noticed soon after.
    const expires = value ? (expiryOf(value) ?? Date.now() + 5 * 60_000) : Date.now() + 30_000 + REFRESH_MARGIN_MS;
    cached = { token: value, expires };
    clearTimeout(timer);
    if (value && !stopped) {
      // Ready before it is needed: REST calls and reconnects then never wait on the host.
      const delay = Math.max(1_000, expires - Date.now() - REFRESH_MARGIN_MS);
      timer = setTimeout(
        () => void fetchToken().catch((err) => console.warn('[parley] background token refresh failed', err)),
        Math.min(delay, 2 ** 31 - 1),
      );
    }
    return value;
  };

  return {
    async getToken(o) {
      if (cached && cached.expires - Date.now() > REFRESH_MARGIN_MS && !o?.forceRefresh) return cached.token;
      return fetchToken();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
