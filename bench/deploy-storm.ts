// `npm run bench:deploy`: a deploy under load. One of two processes is restarted under N clients; they reconnect
// with the widget's jittered backoff and sync; catch-up times, sync admissions and other users' latency are reported.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { Fleet, type FleetWindow } from './soak-fleet.ts';
import { spawnNode, type Child } from './processes.ts';
import { createBenchDatabase, makePairs } from './seed.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10000' },
    others: { type: 'string', default: '200' },
    rate: { type: 'string', default: '50' },
  },
});
const clients = Math.floor(Number(values.clients) / 2) * 2;
const others = Math.floor(Number(values.others) / 2) * 2;
const rate = Number(values.rate);
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = (line: string) => console.error(`[deploy ${new Date().toISOString().slice(11, 19)}] ${line}`);
setTimeout(() => (log('stopped after 15 minutes'), process.exit(2)), 15 * 60_000).unref();

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const pairs = makePairs(clients + others);
const db = await createBenchDatabase(pairs);
const prefix = `parley-deploy-${randomBytes(4).toString('hex')}`;
const start = async (port: number): Promise<{ child: Child; port: number }> => {
  const child = spawnNode(
    ['--import', 'tsx', '--import', pathToFileURL(here('./probe.ts')).href, here('../server/src/index.ts')],
    {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      PARLEY_REDIS_PREFIX: prefix,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    'parley listening',
  );
  // LOG_LEVEL warn hides "parley listening": wait for the port to answer instead.
  for (;;) {
    if (child.child.exitCode !== null) throw new Error(`server exited: ${child.stderr().slice(-2000)}`);
    if (
      port &&
      (await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => r.ok)
        .catch(() => false))
    )
      return { child, port };
    await new Promise((r) => setTimeout(r, 100));
  }
};
const freePort = () => 20_000 + Math.floor(Math.random() * 20_000);
let a = await start(freePort());
const b = await start(freePort());
const url = (port: number) => `http://127.0.0.1:${port}`;
const addresses = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);
const storm = await Fleet.create(db.site, pairs.slice(0, clients / 2), () => url(a.port), addresses);
const bystanders = await Fleet.create(db.site, pairs.slice(clients / 2), () => url(b.port), addresses);
await storm.connectAll(200);
await bystanders.connectAll(50);
log(`${storm.connected} clients on process A, ${bystanders.connected} other users on process B`);

// Other users talk throughout; their delivery latency is measured before and during the storm.
const talk = setInterval(() => bystanders.send(Math.max(1, Math.round(rate / 10))), 100);
await new Promise((r) => setTimeout(r, 10_000));
bystanders.takeWindow();
await new Promise((r) => setTimeout(r, 10_000));
const calm = bystanders.takeWindow();

storm.reconnectLikeTheWidget();
storm.takeWindow();
const deployAt = Date.now();
a.child.kill('SIGTERM');
await a.child.exited;
const stoppedMs = Date.now() - deployAt;
a = await start(a.port);
const restartedMs = Date.now() - deployAt;
log(`process A stopped in ${stoppedMs} ms and listened again after ${restartedMs} ms`);

const perSecond: FleetWindow[] = [];
const stormStart = Date.now();
while (Date.now() - stormStart < 180_000) {
  await new Promise((r) => setTimeout(r, 1000));
  perSecond.push(storm.takeWindow());
  const { caughtUp, pending } = storm.catchUpTimes();
  if (caughtUp.length >= clients && pending === 0) break;
}
const during = bystanders.takeWindow();
clearInterval(talk);
const { caughtUp, pending } = storm.catchUpTimes();
caughtUp.sort((x, y) => x - y);
const pct = (p: number) => Math.round(caughtUp[Math.min(caughtUp.length - 1, Math.floor((caughtUp.length * p) / 100))] ?? 0);
const lat = (w: FleetWindow, p: number) =>
  w.delivery.totalCount ? Math.round(w.delivery.getValueAtPercentile(p) / 100) / 10 : 0;
const admitted = perSecond.map((w) => w.syncs - w.syncsRefused);
const lines = [
  `# Deploy storm, ${new Date(deployAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Two Parley processes over one PostgreSQL and Redis. Process A holds ${clients} sockets; it gets SIGTERM and is started again on`,
  `the same port (stopped in ${stoppedMs} ms, listening again after ${restartedMs} ms). Its clients reconnect with the widget's`,
  `backoff (\`widget/src/client/backoff.ts\`: 1 s·2^n, ×0.5–1.5 jitter) and sync. ${others} other users on process B send ${rate} msg/s throughout.`,
  '',
  '| | value |',
  '|---|---|',
  `| clients caught up (sync answered) | ${caughtUp.length} of ${clients}; ${pending} still behind at the end |`,
  `| time from disconnect to caught up: p50 / p90 / p99 / max | ${pct(50)} / ${pct(90)} / ${pct(99)} / ${Math.round(caughtUp.at(-1) ?? 0)} ms |`,
  `| reconnects refused / syncs refused (rate_limited) | ${perSecond.reduce((n, w) => n + w.connectFailures, 0)} / ${perSecond.reduce((n, w) => n + w.syncsRefused, 0)} |`,
  `| syncs answered per second: peak / mean over the storm | ${Math.max(...admitted)} / ${Math.round(admitted.reduce((x, y) => x + y, 0) / Math.max(1, admitted.length))} |`,
  `| other users' delivery p50 / p99, before | ${lat(calm, 50)} / ${lat(calm, 99)} ms (${calm.delivery.totalCount} messages) |`,
  `| other users' delivery p50 / p99, during the storm | ${lat(during, 50)} / ${lat(during, 99)} ms (${during.delivery.totalCount} messages; p99 ×${(lat(during, 99) / Math.max(0.1, lat(calm, 99))).toFixed(1)}) |`,
  '',
  `Syncs answered each second: ${admitted.join(' ')}`,
  '',
];
const markdown = lines.join('\n');
storm.close();
bystanders.close();
a.child.kill('SIGKILL');
b.child.kill('SIGKILL');
await db.drop();
const redis = createClient({ url: redisUrl });
await redis.connect();
for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
await redis.quit();
const dir = here('./results/');
mkdirSync(dir, { recursive: true });
const stamp = new Date(deployAt).toISOString().slice(0, 16).replace(':', '-');
writeFileSync(`${dir}deploy-${stamp}.md`, markdown);
console.log(markdown);
log(`saved bench/results/deploy-${stamp}.md`);
process.exit(0);
