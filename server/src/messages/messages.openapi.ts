// How the OpenAPI document describes the message routes (messages.routes.ts), with the schemas they validate with.
import { z } from 'zod';
import type { RouteSpec } from '../api-docs/route-spec.ts';
import { messageModel } from '../api-docs/model-schemas.ts';
import { listMessagesQuery, sendMessageSchema } from './messages.schemas.ts';

const messageBody = z.object({ message: messageModel });
const tag = 'Messages';

/** The routes of {@link messagesRoutes}. */
export const messagesRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/conversations/:id/messages',
    tag,
    auth: 'user',
    summary: 'A page of messages, by seq',
    query: listMessagesQuery,
    responses: {
      200: {
        description: 'Messages in seq order.',
        schema: z.object({ messages: z.array(messageModel), hasMore: z.boolean() }),
      },
    },
  },
  {
    method: 'post',
    path: '/conversations/:id/messages',
    tag,
    auth: 'user',
    summary: 'Sends a message (text, photos or both)',
    description: 'Idempotent on `clientId`: sending the same one again answers 200 with the stored message.',
    body: sendMessageSchema,
    responses: {
      200: { description: 'This `clientId` was already stored: the original message.', schema: messageBody },
      201: { description: 'Stored and pushed to both members.', schema: messageBody },
    },
    errors: ['blocked', 'suspended', 'forbidden'],
  },
  {
    method: 'delete',
    path: '/messages/:id',
    tag,
    auth: 'user',
    summary: "Deletes one of the caller's messages (it stays as a tombstone)",
    responses: { 204: { description: 'Deleted.' } },
    errors: ['forbidden'],
  },
];
