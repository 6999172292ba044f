// `GET /demo/token`: signs a token for the demo user named by `?user=` or the page's `demo_user` cookie.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { SignJWT } from 'jose';
import type { AppEnv } from '../http/env.ts';
import { DEMO_SITE, DEMO_USERS } from './demo-users.ts';

const secret = new TextEncoder().encode(DEMO_SITE.secret);

/** Signs a one-hour token for a demo user, as a marketplace's backend would for its signed-in user. */
export async function signDemoToken(userId: string): Promise<string> {
  const user = DEMO_USERS[userId];
  return new SignJWT({ name: user?.name ?? userId, ...(user ? { email: user.email, locale: user.locale } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: DEMO_SITE.id })
    .setIssuer(DEMO_SITE.id)
    .setAudience('parley')
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(secret);
}

/** The demo's token endpoint: 401 when nobody is signed in, like a real one. */
export function demoRoutes() {
  return new Hono<AppEnv>().get('/demo/token', async (c) => {
    const user = c.req.query('user') ?? getCookie(c, 'demo_user');
    c.header('Cache-Control', 'no-store');
    if (!user || !Object.hasOwn(DEMO_USERS, user)) {
      return c.json({ error: { code: 'unauthorized', message: 'Nobody is signed in: pick a demo user.' } }, 401);
    }
    return c.json({ token: await signDemoToken(user) });
  });
}
