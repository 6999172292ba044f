// `GET /demo/token?user=<id>`: signs a token for a demo user, as a marketplace backend would.
import { Hono } from 'hono';
import { SignJWT } from 'jose';
import type { AppEnv } from '../http/env.ts';
import { DEMO_SITE, DEMO_USERS } from './demo-users.ts';

const secret = new TextEncoder().encode(DEMO_SITE.secret);

/** Signs a one-hour token for a demo user. */
export async function signDemoToken(userId: string): Promise<string> {
  const user = DEMO_USERS[userId];
  return new SignJWT({ name: user?.name ?? userId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: DEMO_SITE.id })
    .setIssuer(DEMO_SITE.id)
    .setAudience('parley')
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(secret);
}

/** The demo's token endpoint. Only demo users get a token. */
export function demoRoutes() {
  return new Hono<AppEnv>().get('/demo/token', async (c) => {
    const user = c.req.query('user');
    if (!user || !Object.hasOwn(DEMO_USERS, user)) {
      return c.json({ error: { code: 'unauthorized', message: 'Pick one of the demo users.' } }, 401);
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ token: await signDemoToken(user) });
  });
}
