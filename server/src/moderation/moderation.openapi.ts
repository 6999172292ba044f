// How the OpenAPI document describes the block and report routes (moderation.routes.ts).
import { z } from 'zod';
import type { RouteSpec } from '../api-docs/route-spec.ts';
import { reportSchema } from './moderation.schemas.ts';

const tag = 'Safety';

/** The routes of {@link moderationRoutes}. */
export const moderationRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/users/:id/block',
    tag,
    auth: 'user',
    summary: 'Blocks a user: neither can write to the other',
    responses: { 204: { description: 'Blocked.' } },
  },
  {
    method: 'delete',
    path: '/users/:id/block',
    tag,
    auth: 'user',
    summary: 'Lifts a block',
    responses: { 204: { description: 'Lifted.' } },
  },
  {
    method: 'post',
    path: '/reports',
    tag,
    auth: 'user',
    summary: "Reports a conversation or one of its messages to the site's moderators",
    body: reportSchema,
    responses: { 201: { description: 'Filed.', schema: z.object({ report: z.object({ id: z.string() }) }) } },
  },
];
