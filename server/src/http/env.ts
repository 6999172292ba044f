// The Hono environment type: what middleware puts in the context for the routes.
import type { Caller } from '../caller.ts';
import type { Logger } from '../logger.ts';

/** Context variables set by middleware. */
export interface AppEnv {
  Variables: {
    caller: Caller;
    requestId: string;
    logger: Logger;
  };
}
