// Starts a real Parley server on port 0 against a fresh PostgreSQL database, with helpers for tests.
import { io as connectClient, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../../protocol/index.ts';
import { createLogger } from '../logger.ts';
import { startServer, type ParleyServer, type StartServerOptions } from '../server.ts';
import type { Site } from '../identity/sites.repository.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { signTestToken } from './tokens.ts';

/** A socket.io-client socket typed with the protocol. */
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The allowed origin of the test site. */
export const TEST_ORIGIN = 'http://market.test';

export interface TestServer {
  server: ParleyServer;
  db: TestDatabase;
  url: string;
  site: Site;
  /** A second site, to show that sites never see each other's data. */
  otherSite: Site;
  token(sub: string, site?: Site): Promise<string>;
  /** Calls the REST API as `sub` through `app.request()` (no network). */
  api(sub: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Opens a Socket.IO client as `sub` and waits until it is connected. */
  connect(sub: string, options?: { transports?: string[]; site?: Site }): Promise<ClientSocket>;
  close(): Promise<void>;
}

/**
 * Opens a Socket.IO client (no automatic reconnection, a fresh connection) and resolves once the
 * handshake succeeded; rejects with the `connect_error`. `track` collects it for closing later.
 */
export async function connectSocket(
  url: string,
  token: string,
  { transports = ['websocket'], track }: { transports?: string[]; track?: Set<ClientSocket> } = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = connectClient(url, { auth: { token }, transports, reconnection: false, forceNew: true });
  track?.add(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/**
 * Calls the server API (`/api/v1/admin` + `path`) of `app` as a site's backend does, with `apiKey` as
 * Bearer (none when null); `body` is sent as JSON.
 */
export function adminRequest(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  apiKey: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return Promise.resolve(
    app.request(`/api/v1/admin${path}`, {
      method,
      headers: {
        ...(apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** Emits a request and resolves with its ack. */
export function request<T>(socket: ClientSocket, event: keyof ClientToServerEvents, payload: unknown): Promise<Ack<T>> {
  return new Promise((resolve) => {
    (socket.emit as (e: string, p: unknown, cb: (a: Ack<T>) => void) => void)(event, payload, resolve);
  });
}

/** Resolves with the next `event` the socket receives that satisfies `match`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  match: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}

/** Options of {@link startTestServer}: those of `startServer`, with `config` merged into the test defaults. */
export type TestServerOptions = Partial<Omit<StartServerOptions, 'config'>> & {
  config?: Partial<StartServerOptions['config']>;
  dbMax?: number;
};

/** Starts a server with two sites on a fresh database. */
export async function startTestServer({ config, ...options }: TestServerOptions = {}): Promise<TestServer> {
  const db = await createTestDatabase({ max: options.dbMax });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const server = await startServer({
    db,
    logger,
    ...options,
    config: { port: 0, host: '127.0.0.1', jwtAlgorithms: ['HS256'], shutdownGraceMs: 2000, ...config },
  });
  const site = await server.services.sites.upsert({ id: 'market', name: 'Test market', allowedOrigins: [TEST_ORIGIN] });
  const otherSite = await server.services.sites.upsert({
    id: 'other',
    name: 'Other market',
    allowedOrigins: ['http://other.test'],
  });
  const sockets = new Set<ClientSocket>();
  const token = (sub: string, s: Site = site) => signTestToken({ siteId: s.id, secret: s.secret, sub, name: `Name of ${sub}` });

  return {
    server,
    db,
    url: server.url,
    site,
    otherSite,
    token,
    async api(sub, method, path, body, headers = {}) {
      const h: Record<string, string> = { ...headers };
      if (sub !== null) h.authorization = `Bearer ${await token(sub)}`;
      if (body !== undefined) h['content-type'] = 'application/json';
      return server.app.request(path, {
        method,
        headers: h,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async connect(sub, { transports = ['websocket'], site: s = site } = {}) {
      return connectSocket(server.url, await token(sub, s), { transports, track: sockets });
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await server.close();
      await db.drop();
    },
  };
}
