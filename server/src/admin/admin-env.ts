// The Hono environment of the server API: the site the API key acts for.
import type { Logger } from '../logger.ts';

/** Context variables of `/api/v1/admin/…` routes. */
export interface AdminEnv {
  Variables: {
    /** The site of the API key that authenticated the request. */
    siteId: string;
    requestId: string;
    logger: Logger;
  };
}
