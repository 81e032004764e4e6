/**
 * The network-wide question "what does X reach (or who reaches Y), on which protocols and ports, by which path":
 * exact, from every predicate of the compiled network, never from a sample.
 *
 * Method (docs/reach.md): per source, the predicate boundaries of the VPCs it can reach cut the question's header
 * space into cells; one representative per cell is traced both ways (`traceFlow`, as `vpcsim trace`); cells with
 * the same outcome and path are merged into classes, each with one example trace.
 * `reach(c, {from: 'app'})` → classes such as "tcp 0-65535 to 0.0.0.0/5 …: reachable via vpce-nfw-1a, natgw, igw".
 */
import { protocolNumber } from '../../model/protocol.js';
import type { CompiledNetwork, CVpc } from '../../dataplane/compiled.js';
import { predicateBoundaries, type PredicateBoundaries } from '../../dataplane/boundaries.js';
import type { TraceResult } from '../trace-result.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { plannedCells, protocolAtoms, refuseOverLimit, traceAtoms, traceSink } from './atoms.js';
import { mergeAtoms, outcomeKey, outcomeOf, type Outcome, type ReachClass } from './classes.js';
import {
  clientSources,
  eniSources,
  internetSource,
  ipv6Warnings,
  ReachError,
  resolveDestinations,
  resolveSources,
  type ReachSource,
} from './query.js';
import { ALL_PORTS, type Interval } from './space.js';

export interface ReachQuestion {
  /** Source: a resource, subnet, VPC, CIDR, `client:NAME` or `internet`. Without it: every source. */
  readonly from?: string | undefined;
  /** Destination: a resource, subnet, VPC, CIDR or `internet`. Without it: every address. */
  readonly to?: string | undefined;
  /** One protocol (`tcp`, `udp`, `icmp` or a number); all protocols when absent. */
  readonly protocol?: string | undefined;
  /** Destination ports (TCP/UDP); all when absent. */
  readonly ports?: Interval | undefined;
  /** Refuse questions that cut into more cells than this (default 2,000,000). */
  readonly maxCells?: number | undefined;
  /** Only classes with these verdicts (default all). */
  readonly verdicts?: ReadonlySet<string> | undefined;
}

export interface ReachResult {
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly classes: readonly ReachClass[];
  /** Cells traced (one trace each). */
  readonly cells: number;
  /** What the answer leaves out (REACH_IPV6_NOT_ENUMERATED). */
  readonly warnings: readonly Diagnostic[];
}

export const DEFAULT_MAX_CELLS = 2_000_000;

/** The sources of a question: `--from`, or (with `--to` only) every ENI, the internet and every VPN client. */
export function questionSources(c: CompiledNetwork, q: ReachQuestion): ReachSource[] {
  if (q.from !== undefined) return resolveSources(c, q.from);
  if (q.to === undefined) throw new ReachError('give --from, --to or both');
  return [...eniSources(c), internetSource(c), ...clientSources(c)];
}

export function protocolOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const p = protocolNumber(text);
  if (p === undefined || p < 0 || p > 255) throw new ReachError(`unknown protocol "${text}"`);
  return p;
}

/** Boundaries per reachable-VPC set (sources of one VPC share them). */
function boundaryCache(c: CompiledNetwork): (vpcs: ReadonlySet<CVpc>) => PredicateBoundaries {
  const cache = new Map<string, PredicateBoundaries>();
  return (vpcs) => {
    const key = [...vpcs]
      .map((v) => v.id)
      .sort()
      .join(',');
    let b = cache.get(key);
    if (!b) {
      b = predicateBoundaries(c, vpcs);
      cache.set(key, b);
    }
    return b;
  };
}

/** The cells `sourceClasses` would trace for these arguments (to refuse a whole question up front). */
export function sourceCells(
  src: ReachSource,
  b: PredicateBoundaries,
  dsts: readonly Interval[],
  q: ReachQuestion,
): number {
  return plannedCells(src, b, protocolAtoms(b.protocols, protocolOf(q.protocol)), dsts, q.ports ?? ALL_PORTS);
}

/** Classes of one source. */
export function sourceClasses(
  c: CompiledNetwork,
  src: ReachSource,
  b: PredicateBoundaries,
  dsts: readonly Interval[],
  q: ReachQuestion,
): { classes: ReachClass[]; cells: number } {
  const only = protocolOf(q.protocol);
  const protos = protocolAtoms(b.protocols, only);
  const keys = new Map<string, number>();
  const outcomes: Outcome[] = [];
  const examples: TraceResult[] = [];
  const sink = traceSink(c, (t, proto) => {
    const o = outcomeOf(t, proto);
    const k = outcomeKey(o);
    let id = keys.get(k);
    if (id === undefined) {
      id = outcomes.length;
      keys.set(k, id);
      outcomes.push(o);
      examples.push(t);
    }
    return id;
  });
  const atoms = traceAtoms(src, b, protos, dsts, q.ports ?? ALL_PORTS, sink, q.maxCells ?? DEFAULT_MAX_CELLS);
  const classes: ReachClass[] = [];
  for (const [sig, boxes] of mergeAtoms(atoms)) {
    const o = outcomes[sig] as Outcome;
    if (q.verdicts && !q.verdicts.has(o.verdict)) continue;
    classes.push({ ...o, source: src.label, boxes, example: examples[sig] as TraceResult });
  }
  return { classes, cells: atoms.length };
}

const ORDER: Readonly<Record<string, number>> = { reachable: 0, asymmetric: 1, unreachable: 2 };

/** Answer a question. Throws `ReachError` for names that resolve to nothing, `AtomLimitError` (before tracing
 * anything) when all its sources together cut into more cells than the limit. */
export function reach(c: CompiledNetwork, q: ReachQuestion): ReachResult {
  const sources = questionSources(c, q);
  const dsts = resolveDestinations(c, q.to);
  const bounds = boundaryCache(c);
  const jobs = sources.map((s) => ({ s, b: bounds(s.vpcs) }));
  refuseOverLimit(
    jobs.reduce((n, j) => n + sourceCells(j.s, j.b, dsts, q), 0),
    q.maxCells ?? DEFAULT_MAX_CELLS,
  );
  const classes: ReachClass[] = [];
  let cells = 0;
  for (const { s, b } of jobs) {
    const r = sourceClasses(c, s, b, dsts, q);
    classes.push(...r.classes);
    cells += r.cells;
  }
  const first = (k: ReachClass): number => k.boxes[0]?.dst.lo ?? 0;
  classes.sort(
    (a, b) =>
      (ORDER[a.verdict] ?? 3) - (ORDER[b.verdict] ?? 3) ||
      sources.findIndex((s) => s.label === a.source) - sources.findIndex((s) => s.label === b.source) ||
      a.protocol.localeCompare(b.protocol) ||
      first(a) - first(b),
  );
  return { from: q.from, to: q.to, classes, cells, warnings: ipv6Warnings(c) };
}
