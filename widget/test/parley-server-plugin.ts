// Web Test Runner plugin (Node side): runs a real Parley server for the widget tests and answers their commands.
import type { TestRunnerPlugin, TestSession } from '@web/test-runner';
import type { Context, Next } from 'koa';
import { MessagesRepository } from '../../server/src/messages/messages.repository.ts';
import { userRoom } from '../../server/src/realtime/notifier.ts';
import { startTestServer, type TestServer } from '../../server/src/testing/test-server.ts';
import { signTestToken } from '../../server/src/testing/tokens.ts';
import type { AdminCall, ApiCall, ApiResult, SeedRequest, SetupResult, TokenRequest } from './commands.ts';

/** The running test server, shared by the plugin and the token URL middleware. */
let ts: TestServer | null = null;

/**
 * Koa middleware (the config's `middleware`, which runs before files are served): a host site's
 * token URL, as `data-token-url` / `tokenUrl` names one. `?user=<id>` gives a token (`&ttl=<seconds>`
 * for a short one); no user answers 401, like a signed-out visitor.
 */
export async function tokenUrlMiddleware(ctx: Context, next: Next): Promise<void> {
  if (ctx.path !== '/test-token-url') return next();
  const user = ctx.URL.searchParams.get('user');
  ctx.set('Cache-Control', 'no-store');
  if (!user || !ts) {
    ctx.status = 401;
    ctx.body = { error: 'signed out' };
    return;
  }
  const ttl = Number(ctx.URL.searchParams.get('ttl') ?? 3600);
  ctx.body = {
    token: await signTestToken({
      siteId: ts.site.id,
      secret: ts.site.secret,
      sub: user,
      name: `Name of ${user}`,
      expiresIn: ttl,
    }),
  };
}

/** The Chromium page a test session runs in, as the chrome launcher gives it. */
interface SessionPage {
  createCDPSession(): Promise<{ send(method: string, params?: object): Promise<unknown> }>;
}

/**
 * Web Test Runner runs two test files at a time, in two tabs of one window: the background one is
 * "hidden", so a thread there never sends read receipts and its layout observers are throttled.
 * Emulating focus makes every test page the visible one (each file calls `parley-setup` first).
 */
async function keepVisible(session: Pick<TestSession, 'id' | 'browser'>): Promise<void> {
  const browser = session.browser as { getPage?(sessionId: string): SessionPage | undefined };
  const page = browser.getPage?.(session.id);
  if (!page) return;
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: true });
}

/**
 * Sets the page's desktop notification permission as a user's answer would (`prompt` is "not asked
 * yet"): headless Chromium answers every request with `denied` by itself.
 */
async function setNotificationPermission(
  session: Pick<TestSession, 'id' | 'browser'>,
  { origin, setting }: { origin: string; setting: 'granted' | 'denied' | 'prompt' },
): Promise<boolean> {
  const browser = session.browser as { getPage?(sessionId: string): SessionPage | undefined };
  const cdp = await browser.getPage?.(session.id)?.createCDPSession();
  if (!cdp) return false;
  await cdp.send('Browser.setPermission', { origin, permission: { name: 'notifications' }, setting });
  return true;
}

/**
 * Starts `startTestServer()` with the server, and signs tokens here in Node: the site secret never
 * reaches the browser. Commands are called from tests through `executeServerCommand`.
 */
export function parleyServerPlugin(): TestRunnerPlugin {
  const origins = new Map<string, Promise<void>>();
  let apiKey: Promise<string> | undefined;

  const server = () => {
    if (!ts) throw new Error('the Parley test server is not running');
    return ts;
  };

  return {
    name: 'parley-server',
    async serverStart() {
      ts = await startTestServer();
      apiKey = undefined;
    },
    async serverStop() {
      await ts?.close();
      ts = null;
    },
    async executeCommand({ command, payload, session }) {
      switch (command) {
        case 'parley-setup': {
          await keepVisible(session);
          // The page's origin must be allowed for the test site, or CORS and the handshake refuse it.
          const { origin } = payload as { origin: string };
          const t = server();
          // Test files run in parallel: each origin is added once, and every caller waits for it.
          let added = origins.get(origin);
          if (!added) {
            origins.set(origin, Promise.resolve());
            const all = [...t.site.allowedOrigins, ...origins.keys()];
            added = t.server.services.sites
              .upsert({ id: t.site.id, name: t.site.name, allowedOrigins: all })
              .then(() => undefined);
            origins.set(origin, added);
          }
          await added;
          return { server: t.url } satisfies SetupResult;
        }
        case 'parley-notification-permission':
          return setNotificationPermission(session, payload as Parameters<typeof setNotificationPermission>[1]);
        case 'parley-token': {
          const r = payload as TokenRequest;
          const t = server();
          return signTestToken({
            siteId: t.site.id,
            secret: r.invalid ? 'not-the-secret' : t.site.secret,
            sub: r.sub,
            name: r.name ?? `Name of ${r.sub}`,
            expiresIn: r.expiresIn,
          });
        }
        case 'parley-api': {
          const { as, method, path, body } = payload as ApiCall;
          const res = await server().api(as, method, path, body);
          const text = await res.text();
          return { status: res.status, body: text ? JSON.parse(text) : null } satisfies ApiResult;
        }
        case 'parley-admin': {
          // The marketplace's backend: the server API with a key of the test site, made once.
          const { method, path, body } = payload as AdminCall;
          const t = server();
          apiKey ??= t.server.services.apiKeys.create(t.site.id).then((k) => k.key);
          const res = await t.server.app.request(`/api/v1/admin${path}`, {
            method,
            headers: { authorization: `Bearer ${await apiKey}`, 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          const text = await res.text();
          return { status: res.status, body: text ? JSON.parse(text) : null } satisfies ApiResult;
        }
        case 'parley-disconnect': {
          // Kicks every socket of a user, as a server restart would.
          const { sub } = payload as { sub: string };
          const t = server();
          t.server.io.in(userRoom(t.site.id, sub)).disconnectSockets(true);
          return true;
        }
        case 'parley-mute': {
          // Stops (or resumes) live events to a user's sockets without disconnecting them: a lost event.
          const { sub, muted } = payload as { sub: string; muted: boolean };
          const t = server();
          const room = userRoom(t.site.id, sub);
          if (muted) t.server.io.in(room).socketsLeave(room);
          else {
            const sockets = await t.server.io.fetchSockets();
            for (const s of sockets) if (s.data.userId === sub && s.data.siteId === t.site.id) s.join(room);
          }
          return true;
        }
        case 'parley-seed': {
          // Stores many messages at once, below the send rate limit and without live events (test data).
          const { sender, conversationId, count, prefix } = payload as SeedRequest;
          const t = server();
          const caller = { siteId: t.site.id, userId: sender };
          const messages = new MessagesRepository(t.db.sql);
          for (let i = 1; i <= count; i++) {
            const body = `${prefix} ${i}`;
            await messages.insert(caller, {
              conversationId,
              clientId: `${prefix}-${i}-${Date.now()}`,
              body,
              replyTo: null,
            });
          }
          return true;
        }
        default:
          return undefined;
      }
    },
  };
}
