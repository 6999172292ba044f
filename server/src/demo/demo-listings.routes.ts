// `POST /demo/listings/:id/status`: the demo marketplace's own backend marking a listing sold, through the server API.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { API_PREFIX, LISTING_STATUSES } from '../../../protocol/index.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, pathId } from '../http/request.ts';
import { DEMO_SITE_ID } from '../identity/sites.repository.ts';
import type { Services } from '../services.ts';
import { LISTINGS } from '../../../demo/listings.js';
import { DEMO_USERS } from './demo-users.ts';

const statusSchema = z.strictObject({
  status: z.enum(LISTING_STATUSES as ['available', 'reserved', 'sold']),
  title: z.string().trim().min(1).max(300),
  price: z.string().trim().max(64).nullish(),
  url: z.string().max(300).nullish(),
});

/**
 * What a marketplace's backend does when a seller marks their listing sold: it calls Parley's server
 * API with its API key (made once per process here). Only the listing's own seller (the page's
 * cookie names the signed-in demo user) may change it, as a real backend checks against its own listings.
 */
export function demoListingRoutes(services: Pick<Services, 'apiKeys'>, api: { request: Hono<AppEnv>['request'] }) {
  let apiKey: Promise<string> | undefined;
  return new Hono<AppEnv>().post('/demo/listings/:id/status', async (c) => {
    const seller = getCookie(c, 'demo_user');
    if (!seller || !Object.hasOwn(DEMO_USERS, seller)) {
      return c.json({ error: { code: 'unauthorized', message: 'Sign in as the seller first.' } }, 401);
    }
    const id = pathId(c, 'id');
    if (LISTINGS.find((l) => l.id === id)?.seller !== seller) {
      return c.json({ error: { code: 'forbidden', message: 'Only the seller of this listing can change it.' } }, 403);
    }
    const { status, title, price, url } = await jsonBody(c, statusSchema);
    apiKey ??= services.apiKeys.create(DEMO_SITE_ID).then((k) => k.key);
    const res = await api.request(`${API_PREFIX}/admin/listings/${encodeURIComponent(id)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sellerId: seller, title, price: price ?? null, url: url ?? null, status }),
    });
    return new Response(res.body, { status: res.status, headers: { 'content-type': 'application/json' } });
  });
}
