// REST routes for messages.
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, pathId, queryParams } from '../http/request.ts';
import type { Services } from '../services.ts';
import { listMessagesQuery, sendMessageSchema } from './messages.schemas.ts';

/** `/conversations/:id/messages` and `/messages/:id`. */
export function messagesRoutes({ messages, budgets }: Services) {
  return new Hono<AppEnv>()
    .get('/conversations/:id/messages', async (c) => {
      await budgets.historyPage.consume(c.var.caller);
      const id = pathId(c, 'id');
      const { before, after, limit } = queryParams(c, listMessagesQuery);
      return c.json(await messages.list(c.var.caller, id, { before: before ?? null, after: after ?? null, limit }));
    })
    .post('/conversations/:id/messages', async (c) => {
      const conversationId = pathId(c, 'id');
      const input = await jsonBody(c, sendMessageSchema);
      const { message, created } = await messages.send(c.var.caller, { conversationId, ...input });
      return c.json({ message }, created ? 201 : 200);
    })
    .delete('/messages/:id', async (c) => {
      await messages.delete(c.var.caller, pathId(c, 'id'));
      return c.body(null, 204);
    });
}
