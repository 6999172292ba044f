// REST calls to /api/v1 with the Bearer token; one token refresh after a 401.
import { API_PREFIX, type ErrorBody, type ErrorCode } from '../../../protocol/index.ts';
import type { TokenGetter } from './types.ts';

/** A failed client operation, with the contract's error code. */
export class ParleyClientError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterMs: number | undefined;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ParleyClientError';
    this.code = body.code;
    this.retryAfterMs = body.retryAfterMs;
  }
}

/** Calls the REST API as the signed-in user. */
export class RestClient {
  readonly #base: string;
  readonly #getToken: TokenGetter;

  constructor(server: string, getToken: TokenGetter) {
    this.#base = server.replace(/\/+$/, '') + API_PREFIX;
    this.#getToken = getToken;
  }

  /** Resolves with the parsed JSON body (null for 204); rejects with a {@link ParleyClientError}. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res = await this.#send(method, path, body, false);
    if (res.status === 401) res = await this.#send(method, path, body, true);
    if (res.status === 204) return null as T;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null; // a proxy's HTML error page: reported below as the status' error
    }
    if (!res.ok) {
      const error = (json as { error?: ErrorBody } | null)?.error;
      throw new ParleyClientError(error ?? { code: res.status >= 500 ? 'unavailable' : 'invalid', message: `HTTP ${res.status}` });
    }
    return json as T;
  }

  async #send(method: string, path: string, body: unknown, forceRefresh: boolean): Promise<Response> {
    const token = await this.#getToken({ forceRefresh });
    if (!token) throw new ParleyClientError({ code: 'unauthorized', message: 'Nobody is signed in.' });
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(this.#base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
      });
    } catch (err) {
      throw new ParleyClientError({ code: 'unavailable', message: err instanceof Error ? err.message : 'Network error' });
    }
  }
}
