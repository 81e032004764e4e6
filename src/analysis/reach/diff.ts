/**
 * Differential reachability (issue 17 §2 `vpcsim diff`): every class of packets whose verdict or path differs
 * between two versions of a network — newly reachable, newly blocked, now bypassing an inspection hop, or otherwise
 * changed — each with the trace before and after.
 *
 * Exact like `reach`: the header space of each source is cut at the union of both networks' predicate boundaries
 * (a cell of the union lies inside one cell of each network, so every packet of it behaves alike in both), one
 * packet per cell is traced in both networks, and cells whose two outcomes differ are merged into classes by the
 * pair (before, after). Sources: every interface that opens connections in either version (matched by id; one
 * missing in a version is "no such source" there), the internet (addresses that are the internet in both) and
 * every VPN client; or those of `--from`. The internet is asked towards the public addresses of both versions
 * only: an internet gateway forwards nothing else inwards (IGW-3).
 */
import type { CompiledNetwork, CVpc } from '../../dataplane/compiled.js';
import { predicateBoundaries, type PredicateBoundaries } from '../../dataplane/boundaries.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { TraceResult } from '../trace-result.js';
import {
  everywhere,
  plannedRegionCells,
  protocolAtoms,
  refuseOverLimit,
  traceRegion,
  type AtomSink,
  type ProtoAtom,
  type Region,
} from './atoms.js';
import { changeScope, sourceAddresses, type ChangeScope, type ProtoPorts } from './change.js';
import { mergeAtoms, outcomeKey, outcomeOf, type Outcome, type ReachBox } from './classes.js';
import { publicAddresses } from './exposure.js';
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
import { DEFAULT_MAX_CELLS, protocolOf } from './reach.js';
import { ALL_ADDRESSES, ALL_PORTS, intersect, union, type Interval } from './space.js';
import { traceFlow } from '../trace.js';
import { endWatch, watchGroups } from '../../dataplane/sg-watch.js';

export type ChangeKind = 'newly-reachable' | 'newly-blocked' | 'bypasses-inspection' | 'changed';

/** One side of a change: what the packets did in that version (undefined: the source does not exist there). */
export interface DiffSide {
  readonly outcome: Outcome | undefined;
  readonly example: TraceResult | undefined;
}

export interface DiffClass {
  readonly kind: ChangeKind;
  readonly source: string;
  /** The source is the internet (or the internet part of a `--from` range). */
  readonly fromInternet: boolean;
  readonly boxes: readonly ReachBox[];
  readonly before: DiffSide;
  readonly after: DiffSide;
  /** Inspection hops (Network Firewall, Gateway Load Balancer endpoints) on a path before and not after. */
  readonly bypassed: readonly string[];
}

export interface DiffQuestion {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly protocol?: string | undefined;
  readonly ports?: Interval | undefined;
  readonly maxCells?: number | undefined;
  /** Compare every packet of the question even when only security-group rules changed (the same answer, slower:
   * the check of change.ts's reasoning, and `--every-packet`). */
  readonly everyPacket?: boolean | undefined;
}

/** How the diff chose the packets it compared: only those the changed security groups decide (change.ts), or
 * every packet of the question, and why. */
export type DiffMethod =
  | { readonly kind: 'changed-groups'; readonly groups: readonly string[] }
  | { readonly kind: 'whole'; readonly reason: string };

export interface DiffResult {
  readonly classes: readonly DiffClass[];
  /** Cells traced (each once in each version). */
  readonly cells: number;
  readonly method: DiffMethod;
  /** Sources compared. */
  readonly sources: number;
  readonly warnings: readonly Diagnostic[];
}

/** A source as each version knows it. */
interface PairedSource {
  readonly label: string;
  readonly before: ReachSource | undefined;
  readonly after: ReachSource | undefined;
  /** For a range source: the addresses that are sources in both versions. */
  readonly ranges?: readonly Interval[] | undefined;
}

function sourcesOf(c: CompiledNetwork, q: DiffQuestion): ReachSource[] {
  if (q.from === undefined) return [...eniSources(c), internetSource(c), ...clientSources(c)];
  try {
    return resolveSources(c, q.from);
  } catch (e) {
    if (e instanceof ReachError) return [];
    throw e;
  }
}

/** Sources of both versions, matched by label (an ENI's or instance's id, `internet`, `client:NAME`). */
export function pairSources(b: CompiledNetwork, a: CompiledNetwork, q: DiffQuestion): PairedSource[] {
  const before = sourcesOf(b, q);
  const after = sourcesOf(a, q);
  if (before.length === 0 && after.length === 0 && q.from !== undefined) resolveSources(a, q.from); // throws the usage error of the current version
  const labels = [...new Set([...before, ...after].map((s) => s.label))];
  const byLabel = (xs: readonly ReachSource[]): Map<string, ReachSource> => {
    const m = new Map<string, ReachSource>();
    for (const x of xs) if (!m.has(x.label)) m.set(x.label, x);
    return m;
  };
  const bl = byLabel(before);
  const al = byLabel(after);
  return labels.map((label) => {
    const sb = bl.get(label);
    const sa = al.get(label);
    const rb = sb?.kind === 'range' ? sb.ranges : undefined;
    const ra = sa?.kind === 'range' ? sa.ranges : undefined;
    // An address that is the internet in one version and the network's own in the other is not a source of either.
    const ranges = rb && ra ? intersect(rb, ra) : (rb ?? ra);
    return { label, before: sb, after: sa, ranges };
  });
}

function mergeBoundaries(x: PredicateBoundaries, y: PredicateBoundaries): PredicateBoundaries {
  const merged = (p: readonly number[], q: readonly number[]): number[] =>
    [...new Set([...p, ...q])].sort((m, n) => m - n);
  const ports = new Map<number, readonly number[]>();
  for (const k of new Set([...x.ports.keys(), ...y.ports.keys()]))
    ports.set(k, merged(x.ports.get(k) ?? [0], y.ports.get(k) ?? [0]));
  return {
    addresses: merged(x.addresses, y.addresses),
    protocols: merged(x.protocols, y.protocols),
    ports,
  };
}

const vpcKey = (vs: ReadonlySet<CVpc> | undefined): string =>
  [...(vs ?? [])]
    .map((v) => v.id)
    .sort()
    .join(',');

function destinations(b: CompiledNetwork, a: CompiledNetwork, s: PairedSource, q: DiffQuestion): Interval[] {
  if (q.to !== undefined) {
    const side = (c: CompiledNetwork): Interval[] => {
      try {
        return resolveDestinations(c, q.to);
      } catch (e) {
        if (e instanceof ReachError) return [];
        throw e;
      }
    };
    const both = union([...side(b), ...side(a)]);
    if (both.length === 0) resolveDestinations(a, q.to); // the usage error of the current version
    return both;
  }
  const range = (s.before ?? s.after)?.kind === 'range';
  return range ? union([...publicAddresses(b), ...publicAddresses(a)]) : [ALL_ADDRESSES];
}

const through = (o: Outcome | undefined): boolean =>
  o !== undefined && (o.verdict === 'reachable' || o.verdict === 'asymmetric');

/** Inspection hops on the before paths (forward or return) that the after paths no longer pass. */
function bypassedHops(b: Outcome | undefined, a: Outcome | undefined): string[] {
  if (!b || !a) return [];
  return b.inspection.filter(
    (h) =>
      (b.path.includes(h) && !a.path.includes(h)) || (b.returnPath.includes(h) && !a.returnPath.includes(h)),
  );
}

export function changeKind(b: Outcome | undefined, a: Outcome | undefined): ChangeKind {
  if (!through(b) && through(a)) return 'newly-reachable';
  if (through(b) && !through(a)) return 'newly-blocked';
  if (through(b) && bypassedHops(b, a).length > 0) return 'bypasses-inspection';
  return 'changed';
}

/** Trace each cell in both versions; unchanged cells share id 0. With `watch` (the groups whose rules alone
 * differ, change.ts), a cell whose walk before evaluated none of their rules walks the same way after: it is not
 * traced again (sg-watch.ts). */
function diffSink(
  b: CompiledNetwork,
  a: CompiledNetwork,
  s: PairedSource,
  watch: ReadonlySet<string> | undefined,
): { sink: AtomSink; sides: (id: number) => [DiffSide, DiffSide] } {
  const keys = new Map<string, number>();
  const pairs: [DiffSide, DiffSide][] = [[emptySide, emptySide]];
  const side = (
    c: CompiledNetwork,
    present: boolean,
    flow: Parameters<typeof traceFlow>[1],
    proto: Parameters<typeof outcomeOf>[1],
  ): DiffSide => {
    if (!present) return emptySide;
    const t = traceFlow(c, flow);
    return { outcome: outcomeOf(t, proto), example: t };
  };
  const sink: AtomSink = {
    cellOf(flow, proto) {
      let x: DiffSide;
      if (watch) {
        watchGroups(watch);
        let hit: boolean;
        try {
          x = side(b, s.before !== undefined, flow, proto);
        } finally {
          hit = endWatch();
        }
        if (!hit) return 0;
      } else x = side(b, s.before !== undefined, flow, proto);
      const y = side(a, s.after !== undefined, flow, proto);
      // Keyed without the protocol label: one class may span protocols (its boxes name them).
      const kx = x.outcome ? outcomeKey({ ...x.outcome, protocol: '' }) : '-';
      const ky = y.outcome ? outcomeKey({ ...y.outcome, protocol: '' }) : '-';
      if (kx === ky) return 0;
      // A source that exists in one version only: what gets through there is the change; what does not, is not.
      if ((!x.outcome && !through(y.outcome)) || (!y.outcome && !through(x.outcome))) return 0;
      const k = `${kx}|${ky}`;
      let id = keys.get(k);
      if (id === undefined) {
        id = pairs.length;
        keys.set(k, id);
        pairs.push([x, y]);
      }
      return id;
    },
  };
  return { sink, sides: (id) => pairs[id] ?? [emptySide, emptySide] };
}

const emptySide: DiffSide = { outcome: undefined, example: undefined };

/** The changed classes between `before` and `after`. Throws `ReachError` for names neither version knows,
 * `AtomLimitError` (before tracing anything) when all its sources together cut into more cells than the limit. */
export function reachDiff(before: CompiledNetwork, after: CompiledNetwork, q: DiffQuestion = {}): DiffResult {
  const only = protocolOf(q.protocol);
  const cache = new Map<string, PredicateBoundaries>();
  const bounds = (s: PairedSource): PredicateBoundaries => {
    const key = `${vpcKey(s.before?.vpcs)}|${vpcKey(s.after?.vpcs)}`;
    let v = cache.get(key);
    if (!v) {
      v = mergeBoundaries(
        predicateBoundaries(before, s.before?.vpcs ?? new Set()),
        predicateBoundaries(after, s.after?.vpcs ?? new Set()),
      );
      cache.set(key, v);
    }
    return v;
  };
  const classes: DiffClass[] = [];
  let cells = 0;
  const sources = pairSources(before, after, q);
  const scope: ChangeScope = q.everyPacket
    ? { kind: 'whole', reason: 'asked for (--every-packet)' }
    : changeScope(before, after);
  const ports = q.ports ?? ALL_PORTS;
  const jobs = sources.flatMap((s) => {
    const rep = (s.after ?? s.before) as ReachSource;
    const src: ReachSource = rep.kind === 'range' ? { ...rep, ranges: s.ranges ?? [] } : rep;
    const dsts = destinations(before, after, s, q);
    const asked =
      scope.kind === 'groups'
        ? changedRegion(scope, s.after ? after : before, src, dsts, ports)
        : { src, region: everywhere(dsts, ports), empty: false };
    if (asked.empty) return []; // nothing this source sends can change
    const b = bounds(s);
    return [{ s, b, src: asked.src, protos: protocolAtoms(b.protocols, only), region: asked.region }];
  });
  const watch = scope.kind === 'groups' ? new Set(scope.groups) : undefined;
  const limit = q.maxCells ?? DEFAULT_MAX_CELLS;
  refuseOverLimit(
    jobs.reduce((n, j) => n + plannedRegionCells(j.src, j.b, j.protos, j.region), 0),
    limit,
  );
  for (const { s, b, src, protos, region } of jobs) {
    const { sink, sides } = diffSink(before, after, s, watch);
    const atoms = traceRegion(src, b, protos, region, sink, limit);
    cells += atoms.length;
    for (const [id, boxes] of mergeAtoms(atoms)) {
      if (id === 0) continue;
      const [x, y] = sides(id);
      classes.push({
        kind: changeKind(x.outcome, y.outcome),
        source: s.label,
        fromInternet: src.kind === 'range',
        boxes,
        before: x,
        after: y,
        bypassed: bypassedHops(x.outcome, y.outcome),
      });
    }
  }
  const order: Record<ChangeKind, number> = {
    'newly-reachable': 0,
    'bypasses-inspection': 1,
    'newly-blocked': 2,
    changed: 3,
  };
  classes.sort((m, n) => order[m.kind] - order[n.kind] || Number(n.fromInternet) - Number(m.fromInternet));
  const warnings = ipv6Warnings(after).length > 0 ? ipv6Warnings(after) : ipv6Warnings(before);
  const method: DiffMethod =
    scope.kind === 'groups' ? { kind: 'changed-groups', groups: scope.groups } : scope;
  return { classes, cells, method, sources: sources.length, warnings };
}

/** Does a protocol cell fall under `pp`, and on which destination ports? */
function portsUnder(pp: ProtoPorts, proto: ProtoAtom): readonly Interval[] | undefined {
  if (pp.all) return [ALL_PORTS];
  for (const [p, ports] of pp.protos)
    if (proto.numbers.some((n) => n.lo <= p && p <= n.hi)) return ports ?? [ALL_PORTS];
  return undefined;
}

/**
 * The part of a source's question that a change of security-group rules can affect (change.ts): flows to the
 * carriers' addresses on the changed inbound protocols/ports when the source may be a changed rule's peer, and —
 * from a carrier — flows to the changed outbound rules' peers on their protocols/ports. A range source is cut down
 * to the inbound peers. Per protocol cell, one product of destinations × ports (the union of both parts), so that
 * cells are merged into the same boxes as when every packet is compared.
 */
function changedRegion(
  scope: Extract<ChangeScope, { kind: 'groups' }>,
  c: CompiledNetwork,
  src: ReachSource,
  dsts: readonly Interval[],
  asked: Interval,
): { src: ReachSource; region: Region; empty: boolean } {
  const inb = scope.inbound;
  const out = scope.outbound;
  let inbound = inb !== undefined;
  let source = src;
  if (inb?.peers && src.kind === 'range') source = { ...src, ranges: intersect(src.ranges, inb.peers) };
  else if (inb?.peers && src.kind === 'named') {
    const own = sourceAddresses(c, src.endpoint);
    inbound = own === undefined || intersect(own, inb.peers).length > 0;
  }
  const toCarriers = inbound ? intersect(dsts, scope.addresses) : [];
  const carrier = src.kind === 'named' && scope.carriers.has(src.endpoint);
  const toPeers = carrier && out ? (out.peers ? intersect(dsts, out.peers) : dsts) : [];
  const region: Region = (proto) => {
    const parts: { dsts: readonly Interval[]; ports: readonly Interval[] }[] = [];
    const inPorts = inb && toCarriers.length > 0 ? portsUnder(inb.ports, proto) : undefined;
    if (inPorts) parts.push({ dsts: toCarriers, ports: inPorts });
    const outPorts = out && toPeers.length > 0 ? portsUnder(out.ports, proto) : undefined;
    if (outPorts) parts.push({ dsts: toPeers, ports: outPorts });
    if (parts.length === 0) return undefined;
    const ports = intersect(
      parts.flatMap((p) => p.ports),
      [asked],
    );
    return ports.length > 0 ? { dsts: union(parts.flatMap((p) => p.dsts)), ports } : undefined;
  };
  const empty =
    (toCarriers.length === 0 && toPeers.length === 0) ||
    (source.kind === 'range' && source.ranges.length === 0);
  return { src: source, region, empty };
}
