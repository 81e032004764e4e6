/**
 * Atoms: the cells of the header space a question covers, cut at every predicate boundary (dataplane/boundaries.ts),
 * and the trace of one representative per cell. Every member of a cell gets the same answer from every predicate
 * the walk evaluates, so the representative's trace — the same `traceFlow` as `vpcsim trace` — is the answer for
 * the whole cell (docs/reach.md explains why, and what is held fixed).
 *
 * Dimensions: source address (range sources only: the internet), IP protocol, destination address, destination
 * port (TCP/UDP). Held fixed as `vpcsim trace` holds them: the source port (50000, Linux ephemeral range) and, for
 * ICMP, the message (echo request, type 8 code 0). Loops are nested port-innermost so the caller can merge runs.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import { protocolKey } from '../../model/protocol.js';
import type { CompiledNetwork } from '../../dataplane/compiled.js';
import type { PredicateBoundaries } from '../../dataplane/boundaries.js';
import { traceFlow } from '../trace.js';
import type { FlowSpec } from '../../model/expectation.js';
import type { TraceResult } from '../trace-result.js';
import type { ReachSource } from './query.js';
import { countCells, cut, minus, type Interval } from './space.js';

/** A protocol cell: one named protocol, or every protocol no predicate names (`other`). */
export interface ProtoAtom {
  readonly label: string;
  /** The protocol traced for the cell. */
  readonly rep: number;
  readonly numbers: readonly Interval[];
}

/** One traced cell. `sig` identifies its outcome and path (same sig = same class). */
export interface Atom {
  readonly src: Interval | undefined;
  readonly proto: ProtoAtom;
  readonly dst: Interval;
  readonly port: Interval | undefined;
  readonly sig: number;
}

export interface AtomSink {
  /** Outcome id of the cell whose representative is `flow` (traced by the sink: in one network for `reach`, in
   * two for `diff`); cells with the same id form a class. */
  cellOf(flow: FlowSpec, proto: ProtoAtom): number;
}

/** A sink that traces each cell in `c` and numbers the outcomes by `signatureOf`. */
export function traceSink(
  c: CompiledNetwork,
  signatureOf: (t: TraceResult, proto: ProtoAtom) => number,
): AtomSink {
  return { cellOf: (flow, proto) => signatureOf(traceFlow(c, flow), proto) };
}

/** The protocol cells: each protocol a predicate names, then the rest as one cell; or just `only`. */
export function protocolAtoms(named: readonly number[], only?: number): ProtoAtom[] {
  const label = (p: number): string => (p === 1 ? 'icmp' : protocolKey(p));
  if (only !== undefined) return [{ label: label(only), rep: only, numbers: [{ lo: only, hi: only }] }];
  const out: ProtoAtom[] = named.map((p) => ({ label: label(p), rep: p, numbers: [{ lo: p, hi: p }] }));
  const rest = minus(
    [{ lo: 0, hi: 255 }],
    named.map((p) => ({ lo: p, hi: p })),
  );
  const first = rest[0];
  if (first) out.push({ label: 'other', rep: first.lo, numbers: rest });
  return out;
}

/** A question that cuts into more cells than `--max-cells`: refused whole, before any of it is traced. */
export class AtomLimitError extends Error {
  constructor(
    readonly cells: number,
    readonly limit: number,
  ) {
    super(
      `the question cuts into ${cells} cells, more than the limit ${limit}: narrow it (--from, --to, --protocol, --ports) or raise --max-cells; vpcsim never answers from a sample`,
    );
  }
}

/** `--max-cells` counts the cells of every source of a question together: refuse it before tracing any source. */
export function refuseOverLimit(cells: number, limit: number): void {
  if (cells > limit) throw new AtomLimitError(cells, limit);
}

/** Per protocol cell, the destinations and destination ports a question asks (undefined: none of that protocol).
 * `everywhere` asks the same of every protocol; the reachability diff asks less (change.ts). */
export type Region = (
  proto: ProtoAtom,
) => { readonly dsts: readonly Interval[]; readonly ports: readonly Interval[] } | undefined;

export function everywhere(dsts: readonly Interval[], ports: Interval): Region {
  const all = { dsts, ports: [ports] };
  return () => all;
}

/** How many cells (traces) `traceAtoms` would make for these arguments, without tracing (bench/reach.bench.ts). */
export function plannedCells(
  source: ReachSource,
  b: PredicateBoundaries,
  protos: readonly ProtoAtom[],
  dsts: readonly Interval[],
  ports: Interval,
): number {
  return plannedRegionCells(source, b, protos, everywhere(dsts, ports));
}

/** How many cells `traceRegion` would make, without tracing. */
export function plannedRegionCells(
  source: ReachSource,
  b: PredicateBoundaries,
  protos: readonly ProtoAtom[],
  region: Region,
): number {
  const count = (rs: readonly Interval[], starts: readonly number[]): number =>
    rs.reduce((n, r) => n + countCells(r, starts), 0);
  const srcs = source.kind === 'range' ? count(source.ranges, b.addresses) : 1;
  let planned = 0;
  for (const pr of protos) {
    const r = region(pr);
    if (!r) continue;
    const starts = b.ports.get(pr.rep);
    planned += (starts ? count(r.ports, starts) : 1) * count(r.dsts, b.addresses) * srcs;
  }
  return planned;
}

/** Trace every cell of (source cells × protocols × destinations × ports) and return the atoms in loop order. */
export function traceAtoms(
  source: ReachSource,
  b: PredicateBoundaries,
  protos: readonly ProtoAtom[],
  dsts: readonly Interval[],
  ports: Interval,
  sink: AtomSink,
  limit: number,
): Atom[] {
  return traceRegion(source, b, protos, everywhere(dsts, ports), sink, limit);
}

/** Trace every cell of the region (per protocol: its destinations × its ports), in `traceAtoms`'s loop order. */
export function traceRegion(
  source: ReachSource,
  b: PredicateBoundaries,
  protos: readonly ProtoAtom[],
  region: Region,
  sink: AtomSink,
  limit: number,
): Atom[] {
  refuseOverLimit(plannedRegionCells(source, b, protos, region), limit);
  const srcCells: (Interval | undefined)[] =
    source.kind === 'range' ? source.ranges.flatMap((r) => cut(r, b.addresses)) : [undefined];
  // Per protocol cell: its destination cells and port cells, cut once.
  const plan = protos.flatMap((proto) => {
    const r = region(proto);
    if (!r) return [];
    const starts = b.ports.get(proto.rep);
    const dstCells = r.dsts.flatMap((d) => cut(d, b.addresses));
    const portCells: (Interval | undefined)[] = starts ? r.ports.flatMap((p) => cut(p, starts)) : [undefined];
    return [{ proto, dstCells, portCells }];
  });
  const out: Atom[] = [];
  for (const src of srcCells) {
    const from = src ? formatIpv4(src.lo) : source.kind === 'named' ? source.endpoint : '';
    for (const { proto, dstCells, portCells } of plan) {
      for (const dst of dstCells) {
        const to = formatIpv4(dst.lo);
        for (const port of portCells) {
          const flow = { from, to, protocol: String(proto.rep), port: port?.lo ?? 0 };
          out.push({ src, proto, dst, port, sig: sink.cellOf(flow, proto) });
        }
      }
    }
  }
  return out;
}
