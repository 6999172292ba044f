// How the OpenAPI document describes the routes serving the two API documents (api-docs.routes.ts).
import { z } from 'zod';
import type { RouteSpec } from './route-spec.ts';

const document = z.record(z.string(), z.unknown());

/** The routes of {@link apiDocsRoutes} under the API prefix. */
export const apiDocsRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'Documents',
    auth: 'none',
    summary: 'This document: the REST API in OpenAPI 3.1',
    responses: { 200: { description: 'The OpenAPI document.', schema: document } },
  },
  {
    method: 'get',
    path: '/asyncapi.json',
    tag: 'Documents',
    auth: 'none',
    summary: 'The socket events in AsyncAPI 3',
    responses: { 200: { description: 'The AsyncAPI document.', schema: document } },
  },
];
