/**
 * Network-wide questions (issue 17 "Speed"): exposure of the `realistic` preset < 2 s, "who reaches this ENI" and
 * the diff of two `realistic` networks differing in one security group < 1 s, judged on CPU time
 * (`process.cpuUsage`, this process). `huge` is not asked: planning its questions alone would compute predicate
 * boundaries for each of its 1,000 reachable-VPC sets.
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

/** The same network with one security group's inbound rules changed (SSH opened to the world). */
function oneGroupChanged(n: Network): Network {
  const first = n.securityGroups[0];
  if (!first) throw new Error('the preset has no security group');
  const changed = {
    ...first,
    inbound: [
      ...first.inbound,
      { protocol: 6, ports: { from: 22, to: 22 }, peer: { kind: 'cidr' as const, cidr: '0.0.0.0/0' } },
    ],
  };
  return { ...n, securityGroups: [changed, ...n.securityGroups.slice(1)] };
}

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
  const after = compileNetwork(oneGroupChanged(g.network)).compiled;
  out.push(
    ...result(
      'diff of realistic against one security group changed',
      1,
      measure(() => reachDiff(c, after)),
    ),
  );
  return out;
}
