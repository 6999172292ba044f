// Runs `npm run build` when dist/ is missing or older than the widget sources: keeps `npm start` one command.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUTS = ['dist/parley.js', 'dist/parley.iife.js'];
const SOURCES = ['widget/src', 'widget/build', 'protocol', 'vite.config.ts', 'package.json'];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = OUTPUTS.every((f) => existsSync(f)) ? Math.min(...OUTPUTS.map((f) => statSync(f).mtimeMs)) : 0;
const changed = Math.max(...SOURCES.filter((s) => existsSync(s)).map(newest));
if (built < changed) {
  console.log('building the widget (dist/ is missing or older than the sources)…');
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
