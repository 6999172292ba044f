// How the OpenAPI document describes the conversation routes (conversations.routes.ts), with the schemas they validate with.
import { z } from 'zod';
import type { RouteSpec } from '../api-docs/route-spec.ts';
import { conversationModel, listingCountModel, unreadCountsModel } from '../api-docs/model-schemas.ts';
import { createConversationSchema, listConversationsQuery, muteSchema, readSchema } from './conversations.schemas.ts';

const conversationBody = z.object({ conversation: conversationModel });
const tag = 'Conversations';

/** The routes of {@link conversationsRoutes}. */
export const conversationsRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/conversations',
    tag,
    auth: 'user',
    summary: "The caller's conversations, newest activity first",
    query: listConversationsQuery,
    responses: {
      200: {
        description: 'One page; pass `nextCursor` as `before` for the next one.',
        schema: z.object({ conversations: z.array(conversationModel), nextCursor: z.string().nullable() }),
      },
    },
  },
  {
    method: 'get',
    path: '/listings',
    tag,
    auth: 'user',
    summary: "A seller's conversations counted by listing",
    responses: { 200: { description: 'One row per listing.', schema: z.object({ listings: z.array(listingCountModel) }) } },
  },
  {
    method: 'post',
    path: '/conversations',
    tag,
    auth: 'user',
    summary: 'Opens (or finds) the conversation about a listing with its seller',
    description:
      'With the site setting `verifiedListings`, only listings registered through the server API can be discussed, and their snapshot and seller come from there (404 otherwise).',
    body: createConversationSchema,
    responses: {
      200: { description: 'The conversation already existed.', schema: conversationBody },
      201: { description: 'The conversation was created.', schema: conversationBody },
    },
    errors: ['not_found', 'forbidden', 'blocked', 'suspended'],
  },
  {
    method: 'get',
    path: '/conversations/:id',
    tag,
    auth: 'user',
    summary: 'One conversation',
    responses: { 200: { description: 'The conversation.', schema: conversationBody } },
  },
  {
    method: 'delete',
    path: '/conversations/:id',
    tag,
    auth: 'user',
    summary: 'Archives a conversation for the caller (a new message un-archives it)',
    responses: { 204: { description: 'Archived.' } },
  },
  {
    method: 'put',
    path: '/conversations/:id/mute',
    tag,
    auth: 'user',
    summary: 'Mutes or unmutes a conversation for the caller',
    body: muteSchema,
    responses: { 204: { description: 'Done.' } },
  },
  {
    method: 'post',
    path: '/conversations/:id/read',
    tag,
    auth: 'user',
    summary: "Moves the caller's read position forward",
    body: readSchema,
    responses: { 204: { description: 'Done.' } },
  },
  {
    method: 'get',
    path: '/unread',
    tag,
    auth: 'user',
    summary: "The caller's unread counts",
    responses: { 200: { description: 'The total and per conversation.', schema: unreadCountsModel } },
  },
];
