// REST routes for blocking users and filing reports.
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, pathId } from '../http/request.ts';
import type { Services } from '../services.ts';
import { reportSchema } from './moderation.schemas.ts';

/** `/users/:id/block` and `/reports`. */
export function moderationRoutes({ moderation }: Services) {
  return new Hono<AppEnv>()
    .post('/users/:id/block', async (c) => {
      await moderation.block(c.var.caller, pathId(c, 'id'));
      return c.body(null, 204);
    })
    .delete('/users/:id/block', async (c) => {
      await moderation.unblock(c.var.caller, pathId(c, 'id'));
      return c.body(null, 204);
    })
    .post('/reports', async (c) => {
      const report = await moderation.report(c.var.caller, await jsonBody(c, reportSchema));
      return c.json({ report }, 201);
    });
}
