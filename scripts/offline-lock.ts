// A package-lock.json for a project outside this repository, pinned to this repository's lock, so `npm ci --offline` installs it from the npm cache.
import { readFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** What the lock repeats of a packed package's package.json. */
export interface TarballPackage {
  version: string;
  dependencies?: Record<string, string>;
  bin?: Record<string, string>;
}

/**
 * The lock of a project whose package.json has `dependencies`: each registry package at the version
 * this repository's lock (`rootLock`) pins, with everything it needs, and each `file:` tarball with
 * what its package.json says (`tarballs`), its dependencies resolved the same way.
 */
export function offlineLock(
  rootLock: string,
  name: string,
  dependencies: Record<string, string>,
  tarballs: Record<string, TarballPackage>,
  registry = 'https://registry.npmjs.org/',
): object {
  const source = (JSON.parse(readFileSync(rootLock, 'utf8')) as { packages: Record<string, LockEntry> }).packages;
  const packages: Record<string, LockEntry> = { '': { name, dependencies } };
  const pending: string[] = [];
  /** Where node finds `dep` required from the package at `from` (nested folders first), in the root lock. */
  const locate = (from: string, dep: string): string | null => {
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${dep}`;
      if (source[candidate]) return candidate;
      if (!base) return null;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut === -1 ? '' : base.slice(0, cut);
    }
  };
  const add = (from: string, deps: Record<string, string> = {}, optional: Record<string, unknown> = {}) => {
    for (const dep of Object.keys(deps)) {
      const path = locate(from, dep);
      if (!path) {
        if (dep in optional) continue; // an optional package for another platform, never locked here
        throw new Error(`${dep} (needed by ${from || name}) is not in ${rootLock}`);
      }
      if (!packages[path]) {
        // Everything here is a dependency of the new project: not dev-only as it may be in this repository.
        const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = source[path]!;
        // With its tarball's URL npm takes the tarball from the cache by its integrity, without asking
        // the registry for the package's metadata (which this repository's install did not cache).
        const packageName = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
        const file = `${packageName.split('/').pop()}-${entry.version}.tgz`;
        packages[path] = { ...entry, resolved: entry.resolved ?? `${registry}${packageName}/-/${file}` };
        pending.push(path);
      }
    }
  };
  for (const [dep, spec] of Object.entries(dependencies)) {
    if (spec.startsWith('file:')) {
      const { version, dependencies: needs = {}, bin } = tarballs[dep]!;
      packages[`node_modules/${dep}`] = { version, resolved: spec, dependencies: needs, ...(bin ? { bin } : {}) };
      add('', needs);
    } else {
      add('', { [dep]: spec });
    }
  }
  while (pending.length) {
    const path = pending.pop()!;
    const entry = source[path]!;
    const optionalPeers = Object.fromEntries(
      Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional),
    );
    add(path, entry.dependencies);
    add(path, entry.optionalDependencies, entry.optionalDependencies);
    add(path, entry.peerDependencies, optionalPeers);
  }
  return { name, lockfileVersion: 3, requires: true, packages };
}
