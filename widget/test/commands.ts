// Payloads of the commands the Parley test plugin answers (shared by the Node plugin and the browser helpers).

/** `parley-setup`: allows the page's origin for the test site and tells where the server is. */
export interface SetupResult {
  server: string;
}

/** `parley-token`: a token for `sub`, signed in Node (or with a wrong secret when `invalid`). */
export interface TokenRequest {
  sub: string;
  name?: string;
  expiresIn?: number;
  invalid?: boolean;
}

/** `parley-api`: a REST call made as `as`, server side, without CORS. */
export interface ApiCall {
  as: string;
  method: string;
  path: string;
  body?: unknown;
}

/** `parley-admin`: a call to the server API (`/api/v1/admin` + `path`) with the test site's API key. */
export interface AdminCall {
  method: string;
  path: string;
  body?: unknown;
}

export interface ApiResult {
  status: number;
  body: unknown;
}

/** `parley-seed`: stores `count` messages `"<prefix> <n>"` from `sender`, bypassing the rate limit. */
export interface SeedRequest {
  sender: string;
  conversationId: string;
  count: number;
  prefix: string;
}
