// A load-generator process: holds many authenticated sockets and measures sender-to-recipient latency
// in-process (sender and recipient of each conversation live here, so one clock times both ends).
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { signTestToken } from '../server/src/testing/tokens.ts';
import { newHistogram } from './histogram.ts';
import type { BenchUser, ConnectCommand, ConnectResult, InitCommand, RunCommand, RunResult } from './ipc.ts';

interface Ack {
  ok: boolean;
  error?: { code: string };
}
interface Created {
  senderId: string;
  clientId: string;
}
interface Client {
  user: BenchUser;
  socket: Socket | null;
}
interface InFlight {
  sentAt: number;
  measured: boolean;
}

const BODY = 'Hello! Is this still available? I can pick it up tomorrow evening.';

let init: InitCommand;
let clients: Client[] = [];
/** clientId → when it was sent; removed when the recipient gets it. */
const inFlight = new Map<string, InFlight>();
/** Measured messages not yet delivered. */
let measuredPending = 0;
let delivery = newHistogram();
let deliveryCross = newHistogram();
let deliveryLocal = newHistogram();

function onCreated(client: Client, m: Created) {
  if (m.senderId === client.user.userId) return; // the sender's own echo
  const entry = inFlight.get(m.clientId);
  if (!entry) return;
  inFlight.delete(m.clientId);
  if (entry.measured) measuredPending--;
  if (entry.measured) {
    const us = Math.max(1, Math.round((performance.now() - entry.sentAt) * 1000));
    delivery.recordValue(us);
    (client.user.crossProcess ? deliveryCross : deliveryLocal).recordValue(us);
  }
}

async function connect({ concurrency }: ConnectCommand): Promise<ConnectResult> {
  const started = performance.now();
  let failed = 0;
  let firstError: string | null = null;
  const tokens =
    init.mode === 'parley'
      ? await Promise.all(
          init.users.map((u) =>
            signTestToken({ siteId: init.site!.id, secret: init.site!.secret, sub: u.userId, expiresIn: 6 * 3600 }),
          ),
        )
      : [];
  clients = init.users.map((user) => ({ user, socket: null }));
  let next = 0;
  async function worker() {
    while (next < clients.length) {
      const i = next++;
      const client = clients[i]!;
      const options: Partial<ManagerOptions & SocketOptions> & { localAddress: string } = {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        timeout: 60_000,
        auth: init.mode === 'parley' ? { token: tokens[i] } : { userId: client.user.userId },
        localAddress: init.addresses[i % init.addresses.length]!,
      };
      const socket = io(init.targets[client.user.target]!, options);
      socket.on('message:created', (m: Created) => onCreated(client, m));
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', (err) => {
          firstError ??= String(err.message);
          resolve(false);
        });
      });
      if (ok) client.socket = socket;
      else {
        failed++;
        socket.close();
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { connected: clients.length - failed, failed, firstError, seconds: (performance.now() - started) / 1000 };
}

async function run(cmd: RunCommand): Promise<RunResult> {
  delivery = newHistogram();
  deliveryCross = newHistogram();
  deliveryLocal = newHistogram();
  const ackHist = newHistogram();
  const lag = newHistogram();
  const ackErrors: Record<string, number> = {};
  const start = performance.now();
  const measureFrom = start + cmd.warmupSec * 1000;
  const end = measureFrom + cmd.durationSec * 1000;
  const senders = clients.filter((c) => c.socket);
  let cursor = init.generator * 7919; // different generators start at different users
  let counter = 0;
  let sent = 0;
  let acked = 0;
  let outstanding = 0;
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let onAck: () => void = () => {};

  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  const measureLoop = setTimeout(() => loopDelay.enable(), cmd.warmupSec * 1000);
  const stopLoop = setTimeout(() => loopDelay.disable(), (cmd.warmupSec + cmd.durationSec) * 1000);

  function sendOne() {
    const client = senders[cursor++ % senders.length]!;
    const clientId = `${cmd.phase}-${init.generator}-${counter++}`;
    const now = performance.now();
    const measured = now >= measureFrom && now < end;
    if (measured) {
      cpuAtStart ??= process.cpuUsage();
      sent++;
      measuredPending++;
    }
    inFlight.set(clientId, { sentAt: now, measured });
    outstanding++;
    client.socket!.emit('message:send', { conversationId: client.user.conversationId, clientId, body: BODY }, (a: Ack) => {
      outstanding--;
      const at = performance.now();
      if (a.ok) {
        if (measured) {
          acked++;
          ackHist.recordValue(Math.max(1, Math.round((at - now) * 1000)));
        }
      } else {
        const code = a.error?.code ?? 'unknown';
        ackErrors[code] = (ackErrors[code] ?? 0) + 1;
        if (inFlight.delete(clientId) && measured) measuredPending--;
      }
      onAck();
    });
  }

  if (cmd.loop === 'open') {
    const rate = cmd.rate!;
    let due = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        if (now >= end) {
          clearInterval(timer);
          return resolve();
        }
        const target = Math.floor(((now - start) / 1000) * rate);
        if (target > due) {
          const intended = start + ((due + 1) / rate) * 1000;
          if (now >= measureFrom) lag.recordValue(Math.max(1, Math.round((now - intended) * 1000)));
        }
        while (due < target) {
          sendOne();
          due++;
        }
      }, 1);
    });
  } else {
    await new Promise<void>((resolve) => {
      onAck = () => {
        if (performance.now() < end) sendOne();
        else if (outstanding === 0) resolve();
      };
      for (let i = 0; i < cmd.window!; i++) sendOne();
    });
  }
  const cpu = process.cpuUsage(cpuAtStart ?? undefined);
  clearTimeout(measureLoop);
  clearTimeout(stopLoop);
  loopDelay.disable();
  // Drain: give the last deliveries and acks up to 10 s to arrive.
  const drainUntil = performance.now() + 10_000;
  while ((outstanding > 0 || measuredPending > 0) && performance.now() < drainUntil) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const missing = measuredPending;
  measuredPending = 0;
  inFlight.clear();
  return {
    phase: cmd.phase,
    sent,
    acked,
    ackErrors,
    missing,
    measuredSec: cmd.durationSec,
    delivery: hdr.encodeIntoCompressedBase64(delivery),
    deliveryCross: hdr.encodeIntoCompressedBase64(deliveryCross),
    deliveryLocal: hdr.encodeIntoCompressedBase64(deliveryLocal),
    ack: hdr.encodeIntoCompressedBase64(ackHist),
    lagP99Ms: lag.totalCount ? lag.getValueAtPercentile(99) / 1000 : 0,
    lagMaxMs: lag.totalCount ? lag.maxValue / 1000 : 0,
    cpuSec: (cpu.user + cpu.system) / 1e6,
    loopDelayP99Ms: loopDelay.count ? loopDelay.percentile(99) / 1e6 : 0,
    loopDelayMaxMs: loopDelay.count ? loopDelay.max / 1e6 : 0,
  };
}

process.on('message', async (m: (InitCommand | ConnectCommand | RunCommand | { type: 'close' }) & { id: number }) => {
  try {
    if (m.type === 'init') {
      init = m;
      process.send!({ id: m.id, ok: true });
    } else if (m.type === 'connect') {
      process.send!({ id: m.id, ...(await connect(m)) });
    } else if (m.type === 'run') {
      process.send!({ id: m.id, ...(await run(m)) });
    } else if (m.type === 'close') {
      for (const c of clients) c.socket?.close();
      process.send!({ id: m.id, ok: true }, () => process.exit(0));
    }
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
});
process.on('disconnect', () => process.exit(0));
console.log(JSON.stringify({ msg: 'generator ready' }));
