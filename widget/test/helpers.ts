// Browser-side test helpers: the real server's address, tokens signed in Node, REST as another user, offline.
import { waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Conversation } from '../../protocol/index.ts';
import type { Connection } from '../src/client/connection.ts';
import { ParleyClient } from '../src/client/parley-client.ts';
import type { ParleyClientOptions, ParleyState } from '../src/client/types.ts';
import type { AdminCall, ApiCall, ApiResult, SeedRequest, SetupResult, TokenRequest } from './commands.ts';

let setup: Promise<SetupResult> | null = null;
const clients = new Set<ParleyClient>();

/** The test server's URL (the page's origin is allowed for the test site on first use). */
export async function serverUrl(): Promise<string> {
  setup ??= executeServerCommand<SetupResult, { origin: string }>('parley-setup', { origin: location.origin });
  return (await setup).server;
}

/** A user id no other test uses (the server and IndexedDB are shared by the whole run). */
export function uid(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A token for `sub`, signed by the test plugin in Node. */
export function tokenFor(sub: string, options: Omit<TokenRequest, 'sub'> = {}): Promise<string> {
  return executeServerCommand<string, TokenRequest>('parley-token', { sub, ...options });
}

/** Calls the server API as the test site's backend would (`path` under `/api/v1/admin`). */
export async function adminApi<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  await serverUrl();
  return (await executeServerCommand<ApiResult, AdminCall>('parley-admin', { method, path, body })) as {
    status: number;
    body: T;
  };
}

/** Calls the REST API as `as`, server side. */
export async function api<T = unknown>(
  as: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  await serverUrl();
  return (await executeServerCommand<ApiResult, ApiCall>('parley-api', { as, method, path, body })) as {
    status: number;
    body: T;
  };
}

/** A conversation between a buyer and a seller about a fresh listing (created by the buyer). */
export async function conversationBetween(buyer: string, seller: string, title = 'Blue bicycle'): Promise<Conversation> {
  const r = await api<{ conversation: Conversation }>(buyer, 'POST', '/api/v1/conversations', {
    sellerId: seller,
    listing: { id: uid('ad'), title, price: '120 €', url: 'http://market.test/ads/1', imageUrl: null },
  });
  if (r.status >= 300) throw new Error(`could not create a conversation: ${JSON.stringify(r.body)}`);
  return r.body.conversation;
}

/**
 * A buyer and a seller, both with a started client and online, and a conversation the buyer started
 * about a listing called `title`. The seller signs in first, so that the buyer's first sync already
 * carries the seller's name.
 */
export async function startPair(title = 'Camera') {
  const buyer = uid('buyer');
  const seller = uid('seller');
  const conversation = await conversationBetween(buyer, seller, title);
  const s = await startClient(seller);
  await until(s, (st) => st.status === 'online', 'seller ready');
  const b = await startClient(buyer);
  await until(b, (st) => st.status === 'online' && st.conversations[conversation.id]?.seller.name != null, 'buyer ready');
  return { buyer, seller, conversation, b, s };
}

/** Sends a message as `sender` through REST. */
export async function sendAs(sender: string, conversationId: string, body: string): Promise<void> {
  const r = await api(sender, 'POST', `/api/v1/conversations/${conversationId}/messages`, { clientId: uid('c'), body });
  if (r.status >= 300) throw new Error(`send failed: ${JSON.stringify(r.body)}`);
}

/** The server's messages of a conversation, read as `as`. */
export async function serverMessages(
  as: string,
  conversationId: string,
): Promise<{ seq: number; body: string; clientId: string }[]> {
  const r = await api<{ messages: { seq: number; body: string; clientId: string }[] }>(
    as,
    'GET',
    `/api/v1/conversations/${conversationId}/messages?limit=200`,
  );
  return r.body.messages;
}

/** A started client for `sub` against the test server; disposed by {@link disposeClients}. */
export async function startClient(sub: string, options: Partial<ParleyClientOptions> = {}): Promise<ParleyClient> {
  const server = await serverUrl();
  const client = new ParleyClient({ server, getToken: () => tokenFor(sub), ...options });
  clients.add(client);
  await client.start();
  await client.whenReady();
  return client;
}

/** The payloads of every `event` request the client puts on the wire from now on (they still go out), appended to `sent`. */
export function recordRequests(client: ParleyClient, event: string, sent: unknown[] = []): unknown[] {
  const connection = (client as unknown as { connection: Connection }).connection;
  const request = connection.request.bind(connection);
  connection.request = (name, payload, timeoutMs) => {
    if (name === event) sent.push(payload);
    return request(name, payload, timeoutMs);
  };
  return sent;
}

/** Disposes every client a test started (their IndexedDB data stays, as after a closed tab). */
export async function disposeClients(): Promise<void> {
  await Promise.all([...clients].map((c) => c.dispose()));
  clients.clear();
}

/** Waits until a condition on a client's state holds. */
export function until(client: ParleyClient, check: (s: ParleyState) => boolean, message: string, timeout = 8000): Promise<void> {
  return waitUntil(() => check(client.state), message, { timeout, interval: 20 });
}

/** Makes the page look offline to Parley: `navigator.onLine` false and an `offline` event. */
export function goOffline(): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
  window.dispatchEvent(new Event('offline'));
}

/** Undoes {@link goOffline}. */
export function goOnline(): void {
  delete (navigator as { onLine?: boolean }).onLine;
  window.dispatchEvent(new Event('online'));
}

/** Stores many messages at once (test data, no live events). */
export async function seedMessages(sender: string, conversationId: string, count: number, prefix = 'seed'): Promise<void> {
  await serverUrl();
  await executeServerCommand<boolean, SeedRequest>('parley-seed', { sender, conversationId, count, prefix });
}
