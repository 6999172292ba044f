// REST calls to /api/v1 with the Bearer token; one token refresh after a 401.
import { API_PREFIX, type ErrorBody, type ErrorCode, type Upload, type UploadResponse } from '../../../protocol/index.ts';
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

/** A path under /api/v1 from literal segments and ids (`'/users', id, 'block'`): every id is URL-encoded. */
export function apiPath(...segments: string[]): string {
  return segments.map((segment, i) => (i % 2 ? encodeURIComponent(segment) : segment)).join('/');
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
      throw new ParleyClientError(
        error ?? { code: res.status >= 500 ? 'unavailable' : 'invalid', message: `HTTP ${res.status}` },
      );
    }
    return json as T;
  }

  /**
   * Uploads a photo (`POST /uploads`) with XMLHttpRequest, the one browser API that reports upload
   * progress (`onProgress`: 0 to 1); `signal` cancels it (rejects with an `AbortError`).
   */
  async upload(
    blob: Blob,
    { onProgress, signal }: { onProgress?: (done: number) => void; signal?: AbortSignal } = {},
  ): Promise<Upload> {
    let answer = await this.#xhr(blob, false, onProgress, signal);
    if (answer.status === 401) answer = await this.#xhr(blob, true, onProgress, signal);
    const body = answer.body as (UploadResponse & { error?: ErrorBody }) | null;
    if (answer.status !== 201 || !body?.upload) {
      throw new ParleyClientError(
        body?.error ?? {
          code: answer.status >= 500 || !answer.status ? 'unavailable' : 'invalid',
          message: `HTTP ${answer.status}`,
        },
      );
    }
    return body.upload;
  }

  async #xhr(blob: Blob, forceRefresh: boolean, onProgress?: (done: number) => void, signal?: AbortSignal) {
    const token = await this.#getToken({ forceRefresh });
    if (!token) throw new ParleyClientError({ code: 'unauthorized', message: 'Nobody is signed in.' });
    return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.#base}/uploads`);
      xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.setRequestHeader('content-type', blob.type || 'image/jpeg');
      xhr.responseType = 'json';
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.response as unknown });
      xhr.onerror = () => resolve({ status: 0, body: null });
      const abort = () => xhr.abort();
      xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
      xhr.onloadend = () => signal?.removeEventListener('abort', abort);
      signal?.addEventListener('abort', abort);
      if (signal?.aborted) return abort();
      xhr.send(blob);
    });
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
