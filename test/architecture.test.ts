/**
 * ARCHITECTURE.md stays current (every module has its line) and the layers depend one way (the table there).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'dist' || f === 'node_modules' ? [] : walk(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}
const modules = [
  ...walk(join(root, 'src')),
  ...walk(join(root, 'bench')),
  ...walk(join(root, 'scripts')),
].map((p) => relative(root, p));
const arch = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');

describe('ARCHITECTURE.md', () => {
  it.each(modules)('maps %s', (m) => {
    expect(arch).toContain(`\`${m}\``);
  });
});

const allowed: Record<string, readonly string[]> = {
  net: [],
  diag: [],
  model: ['net', 'diag', 'model'],
  associations: ['net', 'diag', 'model', 'associations'],
  formats: ['net', 'diag', 'model', 'associations', 'formats'],
  validate: ['net', 'diag', 'model', 'associations', 'validate'],
  dataplane: ['net', 'diag', 'model', 'associations', 'dataplane'],
  analysis: ['net', 'diag', 'model', 'associations', 'dataplane', 'validate', 'formats', 'analysis'],
  render: ['net', 'diag', 'model', 'associations', 'dataplane', 'analysis', 'render'],
  pull: ['net', 'diag', 'formats', 'pull'],
};
/** The documented exception (ARCHITECTURE.md, "Dependency rules"). */
const exceptions: Record<string, readonly string[]> = {
  validate: [
    'dataplane/network-acl.ts',
    'dataplane/firewall/compile.ts',
    'dataplane/firewall/range-set.ts',
    'dataplane/firewall/resolve.ts',
    'dataplane/transit-gateway/route-table.ts',
  ],
};

describe('layers depend one way', () => {
  const src = modules.filter((m) => m.startsWith('src/'));
  it.each(src.filter((m) => allowed[m.split('/')[1] ?? ''] !== undefined))('%s', (m) => {
    const layer = m.split('/')[1] ?? '';
    const text = readFileSync(join(root, m), 'utf8');
    const bad: string[] = [];
    for (const [, spec] of text.matchAll(/from '(\.[^']+)'/g)) {
      const target = relative(join(root, 'src'), join(root, m, '..', spec ?? '')).replace(/\.js$/, '.ts');
      const tl = target.split('/')[0] ?? '';
      if (target.startsWith('..')) continue;
      if ((allowed[layer] ?? []).includes(tl) || tl === layer) continue;
      if ((exceptions[layer] ?? []).includes(target)) continue;
      bad.push(target);
    }
    expect(bad).toEqual([]);
  });
});
