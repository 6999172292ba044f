// The report's cost breakdown: what one send costs Parley (statements, round trips, CPU, time) and the profile's top frames.
import type { PhaseResult, ScenarioResult, TargetKind } from './scenario.ts';

const fmt = (x: number | undefined, digits = 1) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));

/** The "Cost per send" section of the report, for every Parley target measured. */
export function costsSection(results: Partial<Record<TargetKind, ScenarioResult>>): string {
  const measured = (['parley', 'parley2'] as const).flatMap((k) => {
    const s = results[k];
    return s
      ? [
          { s, name: 'latency', p: s.latency },
          { s, name: 'throughput', p: s.throughput },
        ]
      : [];
  });
  const rows = measured.filter((m) => m.p.costs);
  if (!rows.length) return '';
  const table = [
    '| target, phase | statements / send | round trips / send | server CPU / 1,000 msgs | PostgreSQL CPU / 1,000 msgs | sends per batch | wait for a batch | commit (per batch) | fan-out |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(({ s, name, p }) => {
      const c = p.costs!;
      return `| ${s.label}, ${name} | ${fmt(c.statementsPerSend, 2)} | ${fmt(c.roundTripsPerSend, 2)} | ${fmt(c.serverCpuMsPer1000, 0)} ms | ${fmt(c.postgresCpuMsPer1000, 0)} ms | ${fmt(c.meanBatch)} | ${fmt(c.batchWaitMs, 2)} ms | ${fmt(c.commitMs, 2)} ms | ${fmt(c.fanOutMs, 3)} ms |`;
    }),
  ].join('\n');
  const kinds = rows
    .map(({ s, name, p }) => {
      const list = p.costs!.statementKinds.slice(0, 8).map((k) => `\`${k.kind}\` ${fmt(k.perSend, 2)}`);
      return `- ${s.label}, ${name}: ${list.join(' · ') || 'none'}`;
    })
    .join('\n');
  const profiles = measured
    .filter((m) => m.p.profile)
    .map(({ s, name, p }) => profileTable(`${s.label}, ${name} phase`, p.profile!))
    .join('\n\n');
  return `## Cost per send

Per acked message over each measured window. Statements and round trips are read off the server's writes to
PostgreSQL (an Execute or a simple Query is a statement, named by its first words; a Sync or a Flush is a round
trip the client waits on; see bench/sql-wire.ts). The wait is from a send joining the batcher's queue to its batch starting; the commit is the
batch statement's time; the fan-out is the synchronous emit of \`message:created\` to both parties.

${table}

Statements per send by kind (first words):
${kinds}
${profiles ? `\n${profiles}\n` : ''}`;
}

function profileTable(title: string, profile: NonNullable<PhaseResult['profile']>): string {
  return [
    `### CPU profile: ${title}`,
    '',
    `Top self-time frames, as a share of the busy (non-idle) samples; the profile is in \`${profile.file}\`.`,
    '',
    '| frame | where | self |',
    '|---|---|---:|',
    ...profile.top.map((f) => `| \`${f.name}\` | ${f.where || '—'} | ${fmt(f.pct)}% |`),
  ].join('\n');
}
