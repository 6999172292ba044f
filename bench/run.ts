// `npm run bench`: runs the same socket load against a bare Socket.IO relay, Parley on one process and
// Parley on two processes over Redis, measures the widget, prints the report and saves it in bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toMarkdown, type BenchReport } from './report.ts';
import { runScenario, type ScenarioResult, type TargetKind } from './scenario.ts';
import { makePairs } from './seed.ts';
import { measureWidget } from './widget.ts';

const USAGE = `npm run bench -- [options]      (each option also reads BENCH_<NAME>, e.g. BENCH_SOCKETS=2000)
  --sockets N              sockets held open, two per conversation            (10000)
  --rate N                 messages/s in the latency phase                    (1000)
  --duration S             measured seconds of the latency phase              (30)
  --warmup S               warm-up seconds before each phase                  (5)
  --throughput-duration S  measured seconds of the closed-loop phase          (20)
  --window N               sends kept in flight in the closed-loop phase      (256)
  --generators N           load-generator processes                           (1)
  --addresses N            source addresses 127.0.0.2… the sockets spread over (8)
  --targets LIST           any of bare,parley,parley2                         (bare,parley,parley2)
  --skip-widget            leave out the Chromium measurement
  --cpu-prof               profile the (first) Parley server over the latency phase's measured window
                           (V8's sampling profiler, as node --cpu-prof); the report lists its top 15
                           self-time frames and where the .cpuprofile is (open it in Chrome DevTools).
                           The profiler costs CPU: compare a profiled run's latency only with another one's
  --timeout M              stop everything after M minutes                    (20)
Environment: DATABASE_URL-style BENCH_DATABASE_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres),
BENCH_REDIS_URL (redis://127.0.0.1:6379), BENCH_SERVER_NODE_ARGS (extra node flags for the measured servers,
e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), CHROME_PATH (/usr/bin/chromium).`;

const spec = {
  sockets: { type: 'string', default: '10000' },
  rate: { type: 'string', default: '1000' },
  duration: { type: 'string', default: '30' },
  warmup: { type: 'string', default: '5' },
  'throughput-duration': { type: 'string', default: '20' },
  window: { type: 'string', default: '256' },
  generators: { type: 'string', default: '1' },
  addresses: { type: 'string', default: '8' },
  targets: { type: 'string', default: 'bare,parley,parley2' },
  'skip-widget': { type: 'boolean', default: false },
  'cpu-prof': { type: 'boolean', default: false },
  timeout: { type: 'string', default: '20' },
  help: { type: 'boolean', default: false },
} as const;

const { values } = parseArgs({ options: spec, allowPositionals: false });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
/** A flag, unless left at its default and BENCH_<NAME> is set. */
function opt(name: keyof typeof spec): string {
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const v = values[name];
  return String(env !== undefined && v === spec[name].default ? env : v);
}
const num = (name: keyof typeof spec) => {
  const n = Number(opt(name));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};

const settings = {
  sockets: Math.floor(num('sockets') / 2) * 2,
  rate: num('rate'),
  latencySec: num('duration'),
  latencyWarmupSec: num('warmup'),
  throughputSec: num('throughput-duration'),
  throughputWarmupSec: num('warmup'),
  window: num('window'),
  generators: num('generators'),
  addresses: num('addresses'),
  targets: opt('targets')
    .split(',')
    .map((t) => t.trim()) as TargetKind[],
  loadAverage: loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
};
for (const t of settings.targets) if (!['bare', 'parley', 'parley2'].includes(t)) throw new Error(`unknown target ${t}`);
const skipWidget = opt('skip-widget') === 'true';
const cpuProf = opt('cpu-prof') === 'true';
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// The run stops by itself, whatever happens.
setTimeout(
  () => {
    console.error(`bench: stopped after ${opt('timeout')} minutes`);
    process.exit(2);
  },
  num('timeout') * 60_000,
).unref();

const log = (line: string) => console.error(line);
const started = new Date();
const stamp = started.toISOString().slice(0, 16).replace(':', '-');
const pairs = makePairs(settings.sockets);
const addresses = Array.from({ length: settings.addresses }, (_, i) => `127.0.0.${i + 2}`);
const results: Partial<Record<TargetKind, ScenarioResult>> = {};
for (const kind of settings.targets) {
  results[kind] = await runScenario({
    kind,
    pairs,
    generators: settings.generators,
    addresses,
    connectConcurrency: 200,
    rate: settings.rate,
    latencyWarmupSec: settings.latencyWarmupSec,
    latencySec: settings.latencySec,
    throughputWarmupSec: settings.throughputWarmupSec,
    throughputSec: settings.throughputSec,
    window: settings.window,
    redisUrl,
    cpuProfileFile: cpuProf ? `${tmpdir()}/parley-bench-${stamp}-${kind}.cpuprofile` : null,
    log,
  });
}
let widget: BenchReport['widget'] = null;
if (!skipWidget) {
  log('— widget in Chromium');
  widget = await measureWidget({ log });
}

const report: BenchReport = { date: started.toISOString().slice(0, 16).replace('T', ' ') + ' UTC', settings, results, widget };
const markdown = toMarkdown(report);
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}${stamp}.md`, markdown);
writeFileSync(`${dir}${stamp}.json`, JSON.stringify(report, null, 2) + '\n');
console.log(markdown);
log(`saved bench/results/${stamp}.md (and .json)`);
process.exit(0);
