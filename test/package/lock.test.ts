/**
 * package-lock.json is complete: `npm ci` on a fresh clone installs from it without rewriting it. npm 11 leaves out
 * other platforms' optional packages (rollup's native builds, for instance) when the lock is rewritten by an install
 * over an existing node_modules; `npm ci` then refuses the lock as out of sync with package.json. The cure is to
 * regenerate the lock from package.json without node_modules (`npm install --package-lock-only` in a clean clone);
 * this test names every optional dependency the lock lacks, so the omission cannot creep back unnoticed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockedPackage {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
interface Lock {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
}

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as Lock;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as LockedPackage;

/** Where Node would find `dep` when required from the package at lock path `from` (nested first, then upwards). */
function resolve(from: string, dep: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${dep}`;
    if (lock.packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

describe('package-lock.json', () => {
  it('is a version 3 lock whose root lists exactly the dependencies of package.json', () => {
    expect(lock.lockfileVersion).toBe(3);
    const root = lock.packages[''];
    expect(root?.dependencies).toEqual(pkg.dependencies);
    expect(root?.devDependencies).toEqual(pkg.devDependencies);
  });

  it('lists every optional dependency of every locked package, for every platform (npm ci refuses it otherwise)', () => {
    const missing: string[] = [];
    for (const [path, p] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(p.optionalDependencies ?? {}))
        if (resolve(path, dep) === undefined) missing.push(`${path || '(root)'} → ${dep}`);
    }
    expect(missing).toEqual([]);
  });

  it('lists every regular dependency of every locked package', () => {
    const missing: string[] = [];
    for (const [path, p] of Object.entries(lock.packages)) {
      if (path === '') continue;
      for (const dep of Object.keys(p.dependencies ?? {}))
        if (resolve(path, dep) === undefined) missing.push(`${path} → ${dep}`);
    }
    expect(missing).toEqual([]);
  });
});
