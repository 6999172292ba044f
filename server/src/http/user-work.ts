// REST side of the per-user work bound: every authenticated request waits for one of its user's slots.
import type { MiddlewareHandler } from 'hono';
import type { UserWorkQueue } from '../user-work-queue.ts';
import type { AppEnv } from './env.ts';

/** Runs the rest of the request in the caller's lane of `queue` (after `bearerAuth`, which sets the caller). */
export function userWork(queue: UserWorkQueue): MiddlewareHandler<AppEnv> {
  return (c, next) => queue.run(c.var.caller, () => next());
}
