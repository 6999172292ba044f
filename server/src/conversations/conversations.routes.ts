// REST routes for conversations (filtered lists, counts by listing), read receipts and unread counts.
import { Hono } from 'hono';
import type { ListingCountsResponse } from '../../../protocol/index.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, pathId, queryParams } from '../http/request.ts';
import type { Services } from '../services.ts';
import { createConversationSchema, listConversationsQuery, muteSchema, readSchema } from './conversations.schemas.ts';

/** `/conversations…`, `/listings` and `/unread`. */
export function conversationsRoutes({ conversations, budgets, spam }: Services) {
  return new Hono<AppEnv>()
    .get('/conversations', async (c) => {
      const { before, limit, listing, filter } = queryParams(c, listConversationsQuery);
      return c.json(
        await conversations.list(c.var.caller, { before: before ?? null, limit, listingId: listing ?? null, filter }),
      );
    })
    .get('/listings', async (c) => {
      const body: ListingCountsResponse = { listings: await conversations.listingCounts(c.var.caller) };
      return c.json(body);
    })
    .post('/conversations', async (c) => {
      await budgets.conversationCreate.consume(c.var.caller);
      const { sellerId, listing } = await jsonBody(c, createConversationSchema);
      const { conversation, created } = await spam.newConversation(
        c.var.caller,
        () => conversations.contact(c.var.caller, sellerId, listing),
        () => conversations.exists(c.var.caller, listing.id),
      );
      return c.json({ conversation }, created ? 201 : 200);
    })
    .get('/conversations/:id', async (c) => {
      return c.json({ conversation: await conversations.get(c.var.caller, pathId(c, 'id')) });
    })
    .delete('/conversations/:id', async (c) => {
      await conversations.archive(c.var.caller, pathId(c, 'id'));
      return c.body(null, 204);
    })
    .put('/conversations/:id/mute', async (c) => {
      await budgets.mute.consume(c.var.caller);
      const id = pathId(c, 'id');
      const { muted } = await jsonBody(c, muteSchema);
      await conversations.setMuted(c.var.caller, id, muted);
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
