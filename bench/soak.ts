// `npm run soak`: one server under 5,000 churning sockets, 300 msg/s, typing and reads; per-minute memory, loop delay and p99; leaks at the end.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killRoundsMarkdown, runKillRounds, type KillRoundsResult } from './embedded-kills.ts';
import { Fleet, type FleetWindow } from './soak-fleet.ts';
import { probe } from './processes.ts';
import type { ProbeStats } from './probe.ts';
import { startParley } from './scenario.ts';
import { createBenchDatabase, makePairs } from './seed.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    sockets: { type: 'string', default: '5000' },
    rate: { type: 'string', default: '300' },
    churn: { type: 'string', default: '50' },
    typing: { type: 'string', default: '100' },
    reads: { type: 'string', default: '50' },
    'kill-rounds': { type: 'string', default: '24' },
  },
});
const minutes = Number(values.minutes);
const sockets = Number(values.sockets);
const rate = Number(values.rate);
const churn = Number(values.churn);
const log = (line: string) => console.error(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
const started = new Date();
const loadAtStart = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
setTimeout(() => (log('stopped: took far longer than asked'), process.exit(2)), (minutes + 10) * 60_000).unref();

// First the embedded database's kill rounds (a few minutes), then the sockets.
const killRounds = Number(values['kill-rounds']);
let kills: KillRoundsResult | null = null;
if (killRounds > 0) {
  log(`embedded database: ${killRounds} kill rounds`);
  kills = await runKillRounds({ rounds: killRounds, log });
  log(`kill rounds: ${kills.acked} acknowledged, ${kills.lost.length} lost`);
}

const pairs = makePairs(sockets);
const db = await createBenchDatabase(pairs);
const target = await startParley(db, 1, '');
const server = target.servers[0]!;
const baseline = await probe(server, true, true);
log(`server up (pid ${server.pid}), rss ${mb(baseline.rss)} MB; connecting ${sockets} sockets`);
const addresses = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);
const fleet = await Fleet.create(db.site, pairs, () => target.urls[0]!, addresses);
await fleet.connectAll(200);
fleet.takeWindow();
const connected = await probe(server, true, true);
log(`${fleet.connected} connected, rss ${mb(connected.rss)} MB, heap ${mb(connected.heapUsed)} MB`);

/** Minutes between heap samples taken after a full GC. */
const GC_EVERY_MINUTES = 5;

interface Row {
  minute: number;
  window: Omit<FleetWindow, 'delivery'> & { p50Ms: number; p99Ms: number; maxMs: number };
  server: ProbeStats;
  connected: number;
  waiting: number;
}
const rows: Row[] = [];
// The load: every 100 ms a tenth of each per-second figure; every second `churn` sockets closed and others opened.
const tick = setInterval(() => {
  fleet.send(Math.round(rate / 10));
  fleet.type(Math.round(Number(values.typing) / 10));
  fleet.read(Math.round(Number(values.reads) / 10));
}, 100);
let closed: number[] = [];
const churner = setInterval(() => {
  for (const i of closed) void fleet.connect(i);
  closed = Array.from({ length: churn }, () => fleet.randomConnected()).filter((i) => i >= 0);
  for (const i of closed) fleet.disconnect(i);
}, 1000);

for (let minute = 1; minute <= minutes; minute++) {
  await new Promise((r) => setTimeout(r, 60_000));
  const w = fleet.takeWindow();
  // Every fifth minute after a full GC: what the heap keeps, the line a leak would make climb.
  const stats = await probe(server, minute % GC_EVERY_MINUTES === 0, true);
  const { delivery, ...counts } = w;
  const row: Row = {
    minute,
    window: { ...counts, p50Ms: ms(delivery, 50), p99Ms: ms(delivery, 99), maxMs: delivery.maxValue / 1000 },
    server: stats,
    connected: fleet.connected,
    waiting: fleet.prune(30_000),
  };
  rows.push(row);
  log(
    `min ${minute}: sent ${w.sent}, acked ${w.acked}, errors ${JSON.stringify(w.errors)}, p99 ${row.window.p99Ms} ms, ` +
      `rss ${mb(stats.rss)} MB, heap ${mb(stats.heapUsed)} MB, loop p99 ${stats.loopDelayP99Ms.toFixed(1)} ms, sockets ${row.connected}, ` +
      `connects ${w.connects} (failed ${w.connectFailures}), syncs ${w.syncs} (refused ${w.syncsRefused})`,
  );
}
clearInterval(tick);
clearInterval(churner);
for (const i of closed) await fleet.connect(i);
await new Promise((r) => setTimeout(r, 5000)); // the last acks and deliveries
const endConnected = await probe(server, true, false);
fleet.close();
// Every socket closed: what the server still holds should be back to the baseline.
let endIdle = await probe(server, true, false);
for (let i = 0; i < 40 && (endIdle.resources.TCPSocketWrap ?? 0) > (baseline.resources.TCPSocketWrap ?? 0); i++) {
  await new Promise((r) => setTimeout(r, 500));
  endIdle = await probe(server, true, false);
}
await target.stop();
await db.drop();

const stamp = started.toISOString().slice(0, 16).replace(':', '-');
const markdown = report();
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}soak-${stamp}.md`, markdown);
writeFileSync(
  `${dir}soak-${stamp}.json`,
  JSON.stringify({ settings: values, kills, baseline, connected, rows, endConnected, endIdle }, null, 2) + '\n',
);
console.log(markdown);
log(`saved bench/results/soak-${stamp}.md (and .json)`);
process.exit(kills && kills.lost.length > 0 ? 1 : 0);

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
function ms(h: FleetWindow['delivery'], p: number): number {
  return h.totalCount ? Math.round(h.getValueAtPercentile(p) / 100) / 10 : 0;
}

function report(): string {
  const first = rows[0]?.server;
  const last = rows.at(-1)?.server;
  const gcRows = rows.filter((r) => r.minute % GC_EVERY_MINUTES === 0);
  const resources = (s: ProbeStats) =>
    Object.entries(s.resources)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  const lines = [
    `# Soak, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${minutes} min, one Parley process over PostgreSQL: ${sockets} sockets (${churn} closed and ${churn} opened each second, ` +
      `each new one syncing), ${rate} messages/s, ${values.typing} typing notices/s, ${values.reads} read receipts/s. ` +
      `Load average at the start: ${loadAtStart} (a shared machine).`,
    '',
    `| minute | sent | acked | refused | delivery p50 ms | p99 ms | max ms | server RSS MB | heap MB (after a full GC every ${GC_EVERY_MINUTES} min) | loop delay p99 ms | sockets |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.minute} | ${r.window.sent} | ${r.window.acked} | ${Object.values(r.window.errors).reduce((a, b) => a + b, 0)} | ` +
        `${r.window.p50Ms} | ${r.window.p99Ms} | ${r.window.maxMs} | ${mb(r.server.rss)} | ${mb(r.server.heapUsed)}${r.minute % GC_EVERY_MINUTES === 0 ? ' (GC)' : ''} | ` +
        `${r.server.loopDelayP99Ms.toFixed(1)} | ${r.connected} |`,
    ),
    '',
    '## At the end',
    '',
    '| | heap MB (after GC) | RSS MB | process listeners | handles by kind |',
    '|---|---|---|---|---|',
    `| before any socket | ${mb(baseline.heapUsed)} | ${mb(baseline.rss)} | ${baseline.processListeners} | ${resources(baseline)} |`,
    `| ${sockets} sockets connected, start | ${mb(connected.heapUsed)} | ${mb(connected.rss)} | ${connected.processListeners} | ${resources(connected)} |`,
    `| ${sockets} sockets connected, end | ${mb(endConnected.heapUsed)} | ${mb(endConnected.rss)} | ${endConnected.processListeners} | ${resources(endConnected)} |`,
    `| every socket closed | ${mb(endIdle.heapUsed)} | ${mb(endIdle.rss)} | ${endIdle.processListeners} | ${resources(endIdle)} |`,
    '',
    gcRows.length >= 2
      ? `Heap after a full GC, minute ${gcRows[0]!.minute} → ${gcRows.at(-1)!.minute}: ` +
        gcRows.map((r) => mb(r.server.heapUsed)).join(' → ') +
        ` MB (the per-user caches are warm by minute ${gcRows[0]!.minute}: every user has connected and sent by then).`
      : '',
    '',
    first && last
      ? `Heap from minute 1 to minute ${rows.length}: ${mb(first.heapUsed)} → ${mb(last.heapUsed)} MB; RSS ${mb(first.rss)} → ${mb(last.rss)} MB. ` +
        `Connected heap after GC, start → end: ${mb(connected.heapUsed)} → ${mb(endConnected.heapUsed)} MB ` +
        `(ratio ${(endConnected.heapUsed / connected.heapUsed).toFixed(2)}).`
      : '',
    '',
    kills ? killRoundsMarkdown(kills) : '',
  ];
  return lines.join('\n');
}
