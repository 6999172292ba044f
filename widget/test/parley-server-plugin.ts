// Web Test Runner plugin (Node side): runs a real Parley server for the widget tests and answers their commands.
import type { TestRunnerPlugin } from '@web/test-runner';
import type { Context, Next } from 'koa';
import { userRoom } from '../../server/src/realtime/notifier.ts';
import { startTestServer, type TestServer } from '../../server/src/testing/test-server.ts';
import { signTestToken } from '../../server/src/testing/tokens.ts';
import type { ApiCall, ApiResult, SeedRequest, SetupResult, TokenRequest } from './commands.ts';

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
  ctx.body = { token: await signTestToken({ siteId: ts.site.id, secret: ts.site.secret, sub: user, name: `Name of ${user}`, expiresIn: ttl }) };
}

/**
 * Starts `startTestServer()` with the server, and signs tokens here in Node: the site secret never
 * reaches the browser. Commands are called from tests through `executeServerCommand`.
 */
export function parleyServerPlugin(): TestRunnerPlugin {
  const origins = new Map<string, Promise<void>>();

  const server = () => {
    if (!ts) throw new Error('the Parley test server is not running');
    return ts;
  };

  return {
    name: 'parley-server',
    async serverStart() {
      ts = await startTestServer();
    },
    async serverStop() {
      await ts?.close();
      ts = null;
    },
    async executeCommand({ command, payload }) {
      switch (command) {
        case 'parley-setup': {
          // The page's origin must be allowed for the test site, or CORS and the handshake refuse it.
          const { origin } = payload as { origin: string };
          const t = server();
          // Test files run in parallel: each origin is added once, and every caller waits for it.
          let added = origins.get(origin);
          if (!added) {
            origins.set(origin, Promise.resolve());
            const all = [...t.site.allowedOrigins, ...origins.keys()];
            added = t.server.services.sites.upsert({ id: t.site.id, name: t.site.name, allowedOrigins: all }).then(() => undefined);
            origins.set(origin, added);
          }
          await added;
          return { server: t.url } satisfies SetupResult;
        }
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
          for (let i = 1; i <= count; i++) {
            const body = `${prefix} ${i}`;
            await t.server.services.messages.repository.insert(caller, { conversationId, clientId: `${prefix}-${i}-${Date.now()}`, body, replyTo: null });
          }
          return true;
        }
        default:
          return undefined;
      }
    },
  };
}
