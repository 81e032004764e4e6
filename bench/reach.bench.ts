/**
 * Network-wide questions (issue 17 "Speed"): exposure of the `realistic` preset < 2 s, "who reaches this ENI" and
 * the diff of two `realistic` networks differing in one security group < 1 s (three such changes), judged on CPU time
 * (`process.cpuUsage`, this process); and the exposure of `huge` < 30 s (not with `--quick`). "Who reaches this ENI"
 * is not asked of `huge`: planning that question alone would compute predicate boundaries for each of its 1,000
 * reachable-VPC sets.
 *
 * A question larger than the default `--max-cells` (2,000,000) is refused before any trace (docs/reach.md
 * "Size"); the bench then reports the number of cells the question cuts into, against the limit — the first thing
 * a faster method must shrink — rather than a time. The `small` preset's exposure is run in full as a figure that
 * the engine answers at all.
 */
import { compileNetwork } from '../src/dataplane/compile.js';
import type { CompiledNetwork } from '../src/dataplane/compiled.js';
import type { Network } from '../src/model/network.js';
import { AtomLimitError } from '../src/analysis/reach/atoms.js';
import { exposure } from '../src/analysis/reach/exposure.js';
import { reach, DEFAULT_MAX_CELLS } from '../src/analysis/reach/reach.js';
import { reachDiff } from '../src/analysis/reach/diff.js';
import { initiates } from '../src/analysis/reach/query.js';
import { generatePreset } from './generate.js';
import type { BenchResult } from './core.bench.js';

/** CPU seconds of `fn`, or the refusal's cell count. */
function measure(fn: () => { cells: number }): { seconds: number; cells: number } | { refused: number } {
  const t = process.cpuUsage();
  try {
    const r = fn();
    const d = process.cpuUsage(t);
    return { seconds: (d.user + d.system) / 1e6, cells: r.cells };
  } catch (e) {
    if (e instanceof AtomLimitError) return { refused: e.cells };
    throw e;
  }
}

function result(what: string, target: number, m: ReturnType<typeof measure>): BenchResult[] {
  const label = `${what} < ${target} s CPU`;
  if ('refused' in m)
    return [
      {
        name: `${what}: refused before tracing (past the --max-cells limit)`,
        value: m.refused,
        unit: 'cells',
        target: { op: '<=', value: DEFAULT_MAX_CELLS, label: `${label} (first: fit --max-cells)` },
      },
    ];
  return [
    {
      name: `${what} (${m.cells.toLocaleString('en-US')} cells traced)`,
      value: m.seconds,
      unit: 's',
      target: { op: '<', value: target, label },
    },
  ];
}

/** The same network with one more inbound rule in group `id`: TCP 22 (SSH) from `cidr`. */
function sshOpened(n: Network, id: string, cidr: string): Network {
  const g = n.securityGroups.find((x) => x.id === id);
  if (!g) throw new Error(`the preset has no security group ${id}`);
  const rule = { protocol: 6, ports: { from: 22, to: 22 }, peer: { kind: 'cidr' as const, cidr } };
  const changed = { ...g, inbound: [...g.inbound, rule] };
  return { ...n, securityGroups: n.securityGroups.map((x) => (x === g ? changed : x)) };
}

/**
 * Three one-group changes of `realistic` (the diff re-traces only what a changed group decides, change.ts): its
 * first group, the default group of vpc0 that no interface carries; the web tier of vpc0 (120 interfaces) opened
 * to an admin range; a partner allow-list group (13 interfaces) opened to the world — whose answer is itself large
 * (tens of thousands of newly reachable classes).
 */
const DIFFS: readonly { readonly what: string; readonly group: string; readonly cidr: string }[] = [
  {
    what: 'vpc0-sg-default (no interface carries it) + SSH from 0.0.0.0/0',
    group: 'vpc0-sg-default',
    cidr: '0.0.0.0/0',
  },
  {
    what: 'vpc0-sg-web (120 interfaces) + SSH from 203.0.113.0/24',
    group: 'vpc0-sg-web',
    cidr: '203.0.113.0/24',
  },
  { what: 'vpc0-sg-allow0 (13 interfaces) + SSH from 0.0.0.0/0', group: 'vpc0-sg-allow0', cidr: '0.0.0.0/0' },
];

export async function benchReach(): Promise<BenchResult[]> {
  await new Promise((r) => setImmediate(r));
  const out: BenchResult[] = [];
  const small = compileNetwork(generatePreset('small').network).compiled;
  const s = measure(() => exposure(small));
  if ('refused' in s) throw new Error(`exposure of small refused (${s.refused} cells)`);
  out.push({ name: `exposure of small (${s.cells} cells traced)`, value: s.seconds, unit: 's' });

  const g = generatePreset('realistic');
  const c: CompiledNetwork = compileNetwork(g.network).compiled;
  out.push(
    ...result(
      'exposure of realistic',
      2,
      measure(() => exposure(c)),
    ),
  );
  const eni = c.enis.find(initiates);
  if (!eni) throw new Error('realistic has no ENI that sends');
  out.push(
    ...result(
      `who reaches ${eni.id} on realistic (the issue asks it of huge)`,
      10,
      measure(() => reach(c, { to: eni.id })),
    ),
  );
  for (const d of DIFFS) {
    const after = compileNetwork(sshOpened(g.network, d.group, d.cidr)).compiled;
    out.push(
      ...result(
        `diff of realistic, one security group changed: ${d.what}`,
        1,
        measure(() => reachDiff(c, after)),
      ),
    );
  }
  if (!process.argv.includes('--quick')) out.push(...exposureOfHuge());
  return out;
}

/** The exposure of `huge` (100,000 ENIs, 1,000,000 rules; 53,000 public addresses): the issue's < 30 s. */
function exposureOfHuge(): BenchResult[] {
  const huge = compileNetwork(generatePreset('huge').network).compiled;
  return result(
    'exposure of huge',
    30,
    measure(() => exposure(huge)),
  );
}
