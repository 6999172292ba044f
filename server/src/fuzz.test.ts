// Fuzzes every socket event (acked or not, websocket and long polling), the handshake and every REST route with hostile input.
// Fixed seed (FUZZ_SEED to change it), each property bounded in time; the server must answer everything and keep serving.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import { Manager } from 'socket.io-client';
import { ERROR_CODES, ERROR_STATUS, type Conversation, type ErrorCode, type Message } from '../../protocol/index.ts';
import {
  type FuzzTargets,
  jsonText,
  malformedPacket,
  nearlyValid,
  plausible,
  restCall,
  weirdString,
} from './testing/fuzz-arbitraries.ts';
import { NoAckError, RawFrames } from './testing/raw-frames.ts';
import { connectSocket, request, startTestServer, type ClientSocket, type TestServer } from './testing/test-server.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
/** Milliseconds each property may run; the whole file stays near 20 s. */
const BUDGET_MS = { socket: 6000, malformed: 2500, handshake: 1500, rest: 4000 };
/** Codes a fuzzed request may get: anything but a failure of ours. */
const EXPECTED_CODES = new Set<string>(ERROR_CODES.filter((c) => c !== 'internal' && c !== 'unavailable'));
const FUZZ_USERS = ['fz0', 'fz1', 'fz2', 'fz3', 'fz4', 'fz5'];
const EVENTS = ['message:send', 'message:delete', 'conversation:read', 'conversation:mute', 'sync', 'typing'] as const;

/** One fuzzing connection: a user on one transport, reconnected when the server closes it. */
class Lane {
  socket!: ClientSocket;
  raw!: RawFrames;
  constructor(
    private readonly t: TestServer,
    readonly user: string,
    readonly transport: string,
  ) {}

  async connect(): Promise<void> {
    this.socket?.close();
    this.socket = await this.t.connect(this.user, { transports: [this.transport] });
    this.raw = new RawFrames(this.socket);
  }

  /** A well-formed request on this lane answers (or the lane was closed by the server, then a new one answers). */
  async probe(allowReconnect: boolean): Promise<void> {
    try {
      assertAnswer(await this.raw.request('sync', '{"conversations":{}}', 10_000), 'probe');
    } catch (err) {
      if (!(err instanceof NoAckError && allowReconnect && !this.socket.connected)) throw err;
      await this.connect();
      assertAnswer(await this.raw.request('sync', '{"conversations":{}}', 10_000), 'probe after reconnecting');
    }
  }
}

/** An ack of the contract's shape whose error, if any, is the caller's fault, not the server's. */
function assertAnswer(ack: unknown, context: string) {
  const answer = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (answer?.ok === true) return;
  assert.equal(answer?.ok, false, `${context}: ${JSON.stringify(ack)?.slice(0, 300)}`);
  assert.ok(EXPECTED_CODES.has(String(answer.error?.code)), `${context}: ${JSON.stringify(ack)?.slice(0, 300)}`);
  assert.equal(typeof answer.error?.message, 'string');
}

/** Runs a property with the fixed seed inside its time budget; the seed is in every failure message. */
async function check<T>(property: fc.IAsyncProperty<T>, budgetMs: number, numRuns: number, ctx: TestContext) {
  const details = await fc.check(property, { seed: SEED, numRuns, interruptAfterTimeLimit: budgetMs });
  if (details.failed) {
    // The seed and path replay the exact case (fc.assert options { seed, path }); the value itself may be huge.
    const example = JSON.stringify(details.counterexample) ?? '';
    const shown = example.length > 2000 ? `${example.slice(0, 2000)}… (${example.length} characters)` : example;
    throw new Error(`fuzz failed: FUZZ_SEED=${SEED}, path "${details.counterexamplePath}"\ncounterexample: ${shown}`, {
      cause: details.errorInstance,
    });
  }
  assert.ok(details.numRuns > 0, 'the property ran');
  ctx.diagnostic(`${details.numRuns} runs in ${budgetMs} ms at most, seed ${SEED}`);
}

describe('fuzzing every entry point', () => {
  let t: TestServer;
  let targets: FuzzTargets;
  /** Per user: their own conversation and message first (three times as likely), then everyone's. */
  const targetsOf = new Map<string, FuzzTargets>();
  let lanes: Lane[];
  const escaped: unknown[] = [];
  const onEscape = (err: unknown) => escaped.push(err);

  before(async () => {
    // An error reaching the process fails the test (no guard runs in this process to hide it).
    process.on('uncaughtExceptionMonitor', onEscape);
    process.on('unhandledRejection', onEscape);
    t = await startTestServer();
    const conversationIds: string[] = [];
    const messageIds: string[] = [];
    for (const user of FUZZ_USERS) {
      const res = await t.api(user, 'POST', '/api/v1/conversations', { sellerId: 'seller', listing: { id: `ad_${user}` } });
      const { conversation } = (await res.json()) as { conversation: Conversation };
      conversationIds.push(conversation.id);
      const sent = await t.api(user, 'POST', `/api/v1/conversations/${conversation.id}/messages`, { clientId: 'c', body: 'hi' });
      messageIds.push(((await sent.json()) as { message: Message }).message.id);
    }
    const userIds = [...FUZZ_USERS, 'seller', 'nobody'];
    targets = { conversationIds, messageIds, userIds };
    FUZZ_USERS.forEach((user, i) => {
      const own = (ids: string[]) => [ids[i]!, ids[i]!, ids[i]!, ...ids];
      targetsOf.set(user, { conversationIds: own(conversationIds), messageIds: own(messageIds), userIds });
    });
    lanes = FUZZ_USERS.flatMap((user) => ['websocket', 'polling'].map((transport) => new Lane(t, user, transport)));
    for (const lane of lanes) await lane.connect();
  });
  after(async () => {
    for (const lane of lanes ?? []) lane.socket.close();
    await t?.close();
    process.off('uncaughtExceptionMonitor', onEscape);
    process.off('unhandledRejection', onEscape);
  });

  /** The arguments of an event: nearly what it expects, or anything; zero to three of them. */
  const eventArgs = (event: string, targets: FuzzTargets) => {
    const p = plausible(targets);
    const shaped: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
      'message:send': { conversationId: p.conversationId, clientId: p.clientId, body: p.body, replyTo: p.messageId },
      'message:delete': { messageId: p.messageId },
      'conversation:read': { conversationId: p.conversationId, seq: p.seq },
      'conversation:mute': { conversationId: p.conversationId, muted: p.muted },
      sync: { conversations: p.conversations, deletedCursor: fc.constant(null) },
      typing: { conversationId: p.conversationId, typing: p.typing },
    };
    const first = Object.hasOwn(shaped, event) // not `shaped[event]`: the event may be "toString"
      ? fc.oneof({ weight: 3, arbitrary: nearlyValid(targets, shaped[event]!) }, { weight: 1, arbitrary: jsonText(targets) })
      : jsonText(targets);
    return fc
      .tuple(
        fc.option(first, { freq: 8 }),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant([]) },
          { weight: 1, arbitrary: fc.array(jsonText(targets), { maxLength: 2 }) },
        ),
      )
      .map(([a, rest]) => (a === null ? [] : [a, ...rest]).join(','))
      .filter((text) => text.length < 200_000); // the engine's own frame cap (256 KB) closes the connection: tested apart
  };
  /** One packet: a known event (five times as likely) or an unknown one, acked or not, with its arguments. */
  const socketPacket = (targets: FuzzTargets) => {
    const packet = (event: string) =>
      fc.record({ event: fc.constant(event), acked: fc.boolean(), args: eventArgs(event, targets) });
    const unknown = ['message:edit', '', 'constructor', '__proto__', 'toString'];
    return fc.oneof(
      ...EVENTS.map((event) => ({ weight: 5, arbitrary: packet(event) })),
      ...unknown.map((event) => ({ weight: 1, arbitrary: packet(event) })),
    );
  };

  it('should answer every acked event, acked or not, over websocket and long polling, and keep each socket serving', async (ctx) => {
    const property = fc.asyncProperty(
      fc.oneof(
        ...lanes.map((lane) =>
          fc.tuple(fc.constant(lane), fc.array(socketPacket(targetsOf.get(lane.user)!), { minLength: 1, maxLength: 6 })),
        ),
      ),
      async ([lane, packets]) => {
        const escapedBefore = escaped.length;
        const answers: Array<Promise<void>> = [];
        for (const { event, acked, args } of packets) {
          const context = `${lane.transport} ${event} ${args.slice(0, 200)}`;
          if (!acked) lane.raw.emit(event, args);
          else if (event === 'typing')
            lane.raw.emitAcked(event, args); // answered only when refused
          else answers.push(lane.raw.request(event, args, 10_000).then((ack) => assertAnswer(ack, context)));
        }
        await Promise.all(answers);
        await lane.probe(false);
        assert.deepEqual(escaped.slice(escapedBefore), [], 'nothing escaped to the process');
      },
    );
    await check(property, BUDGET_MS.socket, 400, ctx);
  });

  it('should survive malformed packets, frames over the engine cap and deep binary events (a closed connection is fine)', async (ctx) => {
    const oversize = fc.constant(`2["sync",${JSON.stringify('z'.repeat(300 * 1024))}]`);
    const property = fc.asyncProperty(
      fc.nat(lanes.length - 1),
      fc.oneof({ weight: 8, arbitrary: malformedPacket(targets) }, { weight: 1, arbitrary: oversize }),
      async (laneIndex, packet) => {
        const escapedBefore = escaped.length;
        const lane = lanes[laneIndex]!;
        lane.raw.writePacket(packet);
        await lane.probe(true);
        assert.deepEqual(escaped.slice(escapedBefore), [], 'nothing escaped to the process');
      },
    );
    await check(property, BUDGET_MS.malformed, 120, ctx);
    // A binary event nested 100,000 levels deep, with its attachment: socket.io rebuilds it recursively.
    const lane = lanes[0]!;
    lane.raw.writePacket(`51-["message:send",${'['.repeat(100_000)}{"_placeholder":true,"num":0}${']'.repeat(100_000)}]`);
    lane.socket.io.engine.write(Buffer.from([1, 2, 3]));
    await lane.probe(true);
    assert.deepEqual(escaped, [], 'nothing escaped to the process');
  });

  it('should refuse hostile handshakes (deep, huge, odd auth payloads) without harm', async (ctx) => {
    const property = fc.asyncProperty(
      fc.constantFrom('websocket', 'polling'),
      fc.oneof(jsonText(targets), nearlyValid(targets, { token: weirdString(targets) })),
      async (transport, auth) => {
        const escapedBefore = escaped.length;
        const manager = new Manager(t.url, { transports: [transport], reconnection: false, autoConnect: false });
        try {
          await new Promise<void>((resolve, reject) => manager.open((err) => (err ? reject(err) : resolve())));
          const outcome = await new Promise<string>((resolve) => {
            const timer = setTimeout(() => resolve('no answer'), 10_000);
            manager.engine.on('packet', (p) => {
              if (p.type === 'message' && typeof p.data === 'string' && /^[04]/.test(p.data)) {
                clearTimeout(timer);
                resolve(p.data[0] === '0' ? 'connected' : 'refused');
              }
            });
            manager.engine.on('close', () => {
              clearTimeout(timer);
              resolve('closed');
            });
            manager.engine.write(`0${auth}`);
          });
          assert.ok(outcome === 'refused' || outcome === 'closed', `${outcome}: ${auth.slice(0, 200)}`);
        } finally {
          manager.engine?.close();
        }
        assert.deepEqual(escaped.slice(escapedBefore), [], 'nothing escaped to the process');
      },
    );
    await check(property, BUDGET_MS.handshake, 60, ctx);
  });

  it('should answer every REST route with a contract error or a success, never a 5xx or a stack trace', async (ctx) => {
    const property = fc.asyncProperty(
      fc.oneof(
        ...FUZZ_USERS.map((user) => fc.tuple(fc.constant<string | null>(user), restCall(targetsOf.get(user)!))),
        fc.tuple(fc.constant(null), restCall(targets)), // no token
      ),
      async ([user, { method, path, body: text }]) => {
        const escapedBefore = escaped.length;
        const res = await t.api(user, method, `/api/v1${path}`, text);
        const answer = await res.text();
        const context = `${method} ${path} ${text?.slice(0, 200)} → ${res.status} ${answer.slice(0, 300)}`;
        assert.ok(res.status < 500, context);
        assert.doesNotMatch(answer, /\n\s+at |node_modules|\.ts:\d+/, `no stack trace: ${context}`);
        if (res.status >= 400) {
          const { error } = JSON.parse(answer) as { error: { code: ErrorCode; message: string } };
          assert.ok(EXPECTED_CODES.has(error.code), context);
          assert.equal(ERROR_STATUS[error.code], res.status, context);
          assert.equal(typeof error.message, 'string');
        }
        assert.deepEqual(escaped.slice(escapedBefore), [], 'nothing escaped to the process');
      },
    );
    await check(property, BUDGET_MS.rest, 1500, ctx);
  });

  it('should still serve afterwards: /healthz, a send over websocket and a read over long polling', async () => {
    assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
    const res = await t.api('after-buyer', 'POST', '/api/v1/conversations', {
      sellerId: 'after-seller',
      listing: { id: 'ad_after' },
    });
    const { conversation } = (await res.json()) as { conversation: Conversation };
    const buyer = await connectSocket(t.url, await t.token('after-buyer'));
    const seller = await connectSocket(t.url, await t.token('after-seller'), { transports: ['polling'] });
    const sent = await request<Message>(buyer, 'message:send', {
      conversationId: conversation.id,
      clientId: 'after-fuzz',
      body: 'still serving',
    });
    assert.ok(sent.ok);
    const read = await request(seller, 'conversation:read', { conversationId: conversation.id, seq: sent.data.seq });
    assert.ok(read.ok);
    const list = await t.api('after-seller', 'GET', `/api/v1/conversations/${conversation.id}/messages`);
    const { messages } = (await list.json()) as { messages: Message[] };
    assert.deepEqual(
      messages.map((m) => m.body),
      ['still serving'],
    );
    buyer.close();
    seller.close();
    assert.deepEqual(escaped, []);
  });
});
