// A hostile user in a child process: opens sockets until refused, floods `sync` and history pages.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Ack } from '../../../protocol/index.ts';
import { connectSocket, type ClientSocket } from './test-server.ts';

/** What the flood does, sent to the child. */
export interface FloodPlan {
  url: string;
  token: string;
  /** Sockets to try to open (the cap should refuse some). */
  socketAttempts: number;
  /** Of the sockets opened, how many flood `sync`. */
  floodingSockets: number;
  /** `sync` emits per second on each flooding socket. */
  syncsPerSecond: number;
  /** The `conversations` payload of every `sync`. */
  known: Record<string, number>;
  /** Concurrent REST loops asking for history pages (a browser holds about 6 connections per host). */
  historyLoops: number;
  conversationIds: string[];
  durationMs: number;
}

/** What the child saw. */
export interface FloodReport {
  connected: number;
  /** `data.code` of the first refused handshake, if any. */
  refusedCode: string | null;
  /** Answers per kind: `ok`, an error code, or an HTTP status. */
  sync: Record<string, number>;
  history: Record<string, number>;
  /** Times the server cut a flooding socket (each time it tried to come back). */
  serverDisconnects: number;
  /** Refused attempts to come back, by code (tried again every 200 ms). */
  reconnects: Record<string, number>;
}

/** A flood running in its child process. */
export interface Flood {
  /** Resolves once the sockets are open and the flood has begun. */
  started: Promise<void>;
  /** Resolves with the report once the flood has ended and its sockets are closed. */
  done: Promise<FloodReport>;
}

type ChildMessage = { type: 'started' } | { type: 'done'; report: FloodReport };

/** Runs `plan` in a child process (its own event loop, like a real client). */
export function runFlood(plan: FloodPlan): Flood {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  let started!: () => void;
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const done = new Promise<FloodReport>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'started') started();
      else resolve(message.report);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`flood client exited with ${code} before reporting`)));
    child.send(plan);
  });
  return { started: Promise.race([startedPromise, done.then(() => {})]), done };
}

function count(tally: Record<string, number>, key: string) {
  tally[key] = (tally[key] ?? 0) + 1;
}

async function flood(plan: FloodPlan): Promise<FloodReport> {
  const report: FloodReport = { connected: 0, refusedCode: null, sync: {}, history: {}, serverDisconnects: 0, reconnects: {} };
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < plan.socketAttempts; i++) {
    try {
      sockets.push(await connectSocket(plan.url, plan.token));
    } catch (err) {
      report.refusedCode ??= String((err as { data?: { code?: string } }).data?.code ?? (err as Error).message);
    }
  }
  report.connected = sockets.length;
  process.send?.({ type: 'started' } satisfies ChildMessage);
  const until = Date.now() + plan.durationMs;
  // The `sync` packet is encoded once and written raw (socket.io EVENT `2<ack id>[…]`): re-encoding
  // 600 ids for every emit would spend the flood's CPU here instead of on the server.
  const syncJson = JSON.stringify(['sync', { conversations: plan.known }]);
  let ackId = 1_000_000;
  const timers = sockets.slice(0, plan.floodingSockets).map((socket) => {
    const listen = () =>
      socket.io.engine.on('packet', (packet) => {
        // socket.io ACK: `3<ack id>[<ack>]`; the ids are not socket.io-client's own, so it ignores them.
        if (packet.type !== 'message' || typeof packet.data !== 'string' || !packet.data.startsWith('3')) return;
        const ack = JSON.parse(packet.data.slice(packet.data.indexOf('[')))[0] as Ack<unknown>;
        count(report.sync, ack.ok ? 'ok' : ack.error.code);
      });
    listen();
    // Disconnected by the server: a hostile client comes straight back (on a new transport).
    socket.on('connect', listen);
    socket.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect' || Date.now() >= until) return;
      report.serverDisconnects++;
      socket.connect();
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      count(report.reconnects, err.data?.code ?? err.message);
      if (Date.now() < until) setTimeout(() => socket.connect(), 200);
    });
    return setInterval(() => {
      if (socket.connected) socket.io.engine.write(`2${ackId++}${syncJson}`);
    }, 1000 / plan.syncsPerSecond);
  });
  const history = Array.from({ length: plan.historyLoops }, async (_, loop) => {
    for (let i = loop; Date.now() < until; i += plan.historyLoops) {
      const id = plan.conversationIds[i % plan.conversationIds.length]!;
      try {
        // Whatever the server does, the flood ends on time.
        const res = await fetch(`${plan.url}/api/v1/conversations/${id}/messages?limit=200`, {
          headers: { authorization: `Bearer ${plan.token}` },
          signal: AbortSignal.timeout(Math.max(1, until - Date.now())),
        });
        await res.arrayBuffer();
        count(report.history, String(res.status));
      } catch (err) {
        // The request still running when the flood ends is cut short: not an answer.
        if (Date.now() < until) count(report.history, (err as Error).name);
      }
    }
  });
  await Promise.all([...history, new Promise((resolve) => setTimeout(resolve, plan.durationMs))]);
  for (const timer of timers) clearInterval(timer);
  for (const socket of sockets) socket.disconnect();
  return report;
}

// Run as the child: wait for the plan, flood, report, exit.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  process.once('message', (plan: FloodPlan) => {
    flood(plan).then(
      (report) => process.send!({ type: 'done', report } satisfies ChildMessage, () => process.exit(0)),
      (err) => {
        console.error('flood failed', err);
        process.exit(1);
      },
    );
  });
}
