// Part of `npm run soak`: the embedded database killed again and again, during writes and during shutdown; every acknowledged message must survive.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Conversation, Message } from '../protocol/index.ts';
import { startServerProcess, type ServerProcess } from '../server/src/testing/server-process.ts';

const START_DEMO = fileURLToPath(new URL('../server/src/start-demo.ts', import.meta.url));
/** Writers sending at once in each round. */
const WRITERS = 4;
/** Acks of a round before the kill (or the SIGTERM) comes, with sends still in flight. */
const ACKS_BEFORE_KILL = 12;
/** After a SIGTERM, how long the shutdown may run before the SIGKILL cuts it. */
const SHUTDOWN_CUT_MS = 150;

/** How a round ends the process. */
export type KillHow = 'SIGKILL during writes' | 'SIGTERM, then SIGKILL during shutdown';

export interface KillRound {
  round: number;
  how: KillHow;
  /** Messages acknowledged in this round. */
  acked: number;
  /** Time for the next process to open the folder and listen, in ms. */
  restartMs: number;
}

export interface KillRoundsResult {
  rounds: KillRound[];
  /** Acknowledged over every round, and how many of them the last restart did not find. */
  acked: number;
  lost: string[];
  /** Messages stored in the end (acknowledged ones, and sends that committed as their process died). */
  stored: number;
}

const startOn = (dataDir: string) =>
  startServerProcess({ PARLEY_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' }, START_DEMO);

async function token(base: string, user: string): Promise<string> {
  return ((await (await fetch(`${base}/demo/token?user=${user}`)).json()) as { token: string }).token;
}

async function call<T>(base: string, bearer: string, method: string, path: string, body?: unknown): Promise<T | null> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => null);
  return res?.ok ? ((await res.json()) as T) : null;
}

/** Every message body of the conversation, read page by page as its seller. */
async function storedBodies(base: string, conversationId: string): Promise<Set<string>> {
  const bob = await token(base, 'bob');
  const bodies = new Set<string>();
  for (let after = 0; ;) {
    const page = await call<{ messages: Message[] }>(
      base,
      bob,
      'GET',
      `/conversations/${conversationId}/messages?after=${after}&limit=200`,
    );
    if (!page) throw new Error('the restarted server did not answer the history');
    for (const m of page.messages) bodies.add(m.body);
    if (page.messages.length < 200) return bodies;
    after = page.messages.at(-1)!.seq;
  }
}

/**
 * Runs `rounds` rounds on one embedded data folder, alternating the two ways a process dies: writers
 * send until the process is killed, then the next round's start must open the folder (the lock freed,
 * the data whole). The last start reads back every message acknowledged in any round.
 */
export async function runKillRounds({ rounds, log }: { rounds: number; log: (line: string) => void }): Promise<KillRoundsResult> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-kills-'));
  const acked: string[] = [];
  const result: KillRound[] = [];
  let conversationId = '';
  try {
    for (let round = 1; round <= rounds; round++) {
      const how: KillHow = round % 2 === 1 ? 'SIGKILL during writes' : 'SIGTERM, then SIGKILL during shutdown';
      const startedAt = performance.now();
      const server: ServerProcess = await startOn(dir);
      const restartMs = Math.round(performance.now() - startedAt);
      const alice = await token(server.url, 'alice');
      if (!conversationId) {
        const opened = await call<{ conversation: Conversation }>(server.url, alice, 'POST', '/conversations', {
          sellerId: 'bob',
          listing: { id: 'demo-bike', title: 'Vélo' },
        });
        if (!opened) throw new Error('could not open the conversation');
        conversationId = opened.conversation.id;
      }
      let ackedThisRound = 0;
      const kill = () => {
        if (how === 'SIGKILL during writes') server.child.kill('SIGKILL');
        else {
          server.child.kill('SIGTERM');
          setTimeout(() => server.child.kill('SIGKILL'), SHUTDOWN_CUT_MS);
        }
      };
      const writer = async (w: number) => {
        for (let i = 0; ; i++) {
          const body = `round ${round} writer ${w} #${i}`;
          const sent = await call(server.url, alice, 'POST', `/conversations/${conversationId}/messages`, {
            clientId: `r${round}-w${w}-${i}`,
            body,
          });
          if (!sent) return; // the process is going or gone: this send was not acknowledged
          acked.push(body);
          if (++ackedThisRound === ACKS_BEFORE_KILL) kill();
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      await server.exited;
      result.push({ round, how, acked: ackedThisRound, restartMs });
      log(`round ${round}/${rounds} (${how}): ${ackedThisRound} acknowledged; opened in ${restartMs} ms`);
    }
    const last = await startOn(dir);
    try {
      const stored = await storedBodies(last.url, conversationId);
      const lost = acked.filter((body) => !stored.has(body));
      return { rounds: result, acked: acked.length, lost, stored: stored.size };
    } finally {
      last.child.kill('SIGTERM');
      await last.exited;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The kill rounds as a report section. */
export function killRoundsMarkdown(r: KillRoundsResult): string {
  // The first round opens a new folder; the others open one a kill left.
  const opened = r.rounds
    .slice(1)
    .map((x) => x.restartMs)
    .sort((a, b) => a - b);
  const median = opened[Math.floor(opened.length / 2)] ?? 0;
  return [
    '## The embedded database, killed',
    '',
    `${r.rounds.length} rounds on one data folder (\`npm start\`'s embedded PostgreSQL), alternately: a SIGKILL while ${WRITERS} writers ` +
      `send, after ${ACKS_BEFORE_KILL} acks; a SIGTERM at that point, then a SIGKILL ${SHUTDOWN_CUT_MS} ms into the shutdown. ` +
      'Each round starts on the folder the previous one left.',
    '',
    `| acknowledged | found after the last restart | lost | stored in all | opening the folder after a kill, median / max |`,
    '|---|---|---|---|---|',
    `| ${r.acked} | ${r.acked - r.lost.length} | **${r.lost.length}** | ${r.stored} | ${median} / ${opened.at(-1) ?? 0} ms |`,
    '',
    r.lost.length
      ? `Lost: ${r.lost.slice(0, 20).join('; ')}${r.lost.length > 20 ? '…' : ''}`
      : 'Every acknowledged message was found.',
    '',
  ].join('\n');
}
