// REST routes for conversations, read receipts and unread counts.
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, pathId, queryParams } from '../http/request.ts';
import type { Services } from '../services.ts';
import { createConversationSchema, listConversationsQuery, readSchema } from './conversations.schemas.ts';

/** `/conversations…` and `/unread`. */
export function conversationsRoutes({ conversations }: Services) {
  return new Hono<AppEnv>()
    .get('/conversations', async (c) => {
      const { before, limit, listing } = queryParams(c, listConversationsQuery);
      return c.json(await conversations.list(c.var.caller, { before: before ?? null, limit, listingId: listing ?? null }));
    })
    .post('/conversations', async (c) => {
      const { sellerId, listing } = await jsonBody(c, createConversationSchema);
      const { conversation, created } = await conversations.contact(c.var.caller, sellerId, listing);
      return c.json({ conversation }, created ? 201 : 200);
    })
    .get('/conversations/:id', async (c) => {
      return c.json({ conversation: await conversations.get(c.var.caller, pathId(c, 'id')) });
    })
    .delete('/conversations/:id', async (c) => {
      await conversations.archive(c.var.caller, pathId(c, 'id'));
      return c.body(null, 204);
    })
    .post('/conversations/:id/read', async (c) => {
      const id = pathId(c, 'id');
      const { seq } = await jsonBody(c, readSchema);
      await conversations.markRead(c.var.caller, id, seq);
      return c.body(null, 204);
    })
    .get('/unread', async (c) => c.json(await conversations.unread(c.var.caller)));
}
