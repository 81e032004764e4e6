/**
 * Internet exposure (issue 17 §2): everything the internet reaches — per resource and address, the protocols,
 * ports and internet sources that get through, the path, and whether it passes an inspection hop (Network Firewall
 * or Gateway Load Balancer endpoint). With `clients`, the same from every VPN client towards every VPC address.
 *
 * Built on `sourceClasses` (reach.ts): exact, one class per outcome; rows are the boxes of the classes that get
 * through (reachable or asymmetric). Only the network's public addresses are asked from the internet: an internet
 * gateway forwards nothing else inwards (IGW-3). With `onprem`, every declared on-premises network (ONPREM-1) asks
 * every VPC address, through the VPN and Direct Connect paths the data plane walks (VPN-*, TGW-*).
 */
import { protocolNumber } from '../../model/protocol.js';
import type { CompiledNetwork, CVpc } from '../../dataplane/compiled.js';
import { predicateBoundaries, predicateProtocols } from '../../dataplane/boundaries.js';
import type { ReachBox, ReachClass } from './classes.js';
import {
  clientSources,
  internetAddresses,
  internetSource,
  ipv6Warnings,
  onPremSources,
  ReachError,
  type ReachSource,
} from './query.js';
import { protocolAtoms, refuseOverLimit } from './atoms.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { DEFAULT_MAX_CELLS, protocolOf, sourceCells, sourceClasses } from './reach.js';
import { edgeClasses, planEdge } from './internet-edge.js';
import { addrs4, minus, prefixInterval, union, v4, type Interval } from './space.js';

export interface ExposureOptions {
  /** Also what VPN clients reach (every VPC address). */
  readonly clients?: boolean | undefined;
  /** Also what every declared on-premises network reaches (every VPC address; ONPREM-1). */
  readonly onprem?: boolean | undefined;
  readonly protocol?: string | undefined;
  readonly ports?: Interval | undefined;
  readonly maxCells?: number | undefined;
  /** `edge` (default): the public addresses of plain interfaces are answered per address from the predicates on
   * their path (internet-edge.ts), the rest cell by cell; `cells`: every public address cell by cell. Both exact;
   * `cells` is the reference the property test compares `edge` with. */
  readonly method?: 'edge' | 'cells' | undefined;
}

/** One exposed box: who (sources), what (resource, address, protocol, ports), how (path, inspection). */
export interface ExposureRow {
  readonly source: string;
  readonly resource: string;
  /** Destination, protocol and ports (its `src` is the first of `sources`). */
  readonly box: ReachBox;
  /** Every source range of the row (internet or on-premises addresses); empty for a named source (a VPN client). */
  readonly sources: readonly Interval[];
  /** True when the sources are every address of the row's source (every internet address, every address of the
   * on-premises network). */
  readonly anySource: boolean;
  /** Addresses of the row's source that are not sources of the row (shorter to read than `sources` when few). */
  readonly except: readonly Interval[];
  readonly cls: ReachClass;
}

export interface ExposureResult {
  readonly rows: readonly ExposureRow[];
  readonly classes: readonly ReachClass[];
  readonly cells: number;
  /** What the answer leaves out (REACH_IPV6_NOT_ENUMERATED). */
  readonly warnings: readonly Diagnostic[];
}

/** `a.localeCompare(b)` without a collator built per call (ECMA-402: localeCompare constructs one from its own
 * undefined locales and options, so the order is the same). */
const COLLATE = new Intl.Collator().compare;

/** One row before its sources are merged: the class, its destination, protocol and ports, and its sources. */
interface Group {
  readonly box: ReachBox;
  readonly cls: ReachClass;
  readonly srcs: readonly Interval[];
}

/** Public addresses of the network (public and Elastic IPs of ENIs, NAT gateways, Client VPN ENIs). */
export function publicAddresses(c: CompiledNetwork): Interval[] {
  const xs: Interval[] = addrs4(c.byPublicIp.keys());
  for (const n of c.natGateways.values()) if (n.publicIp !== null) xs.push(...addrs4([n.publicIp]));
  return union(xs);
}

function vpcRanges(vpcs: Iterable<CVpc>): Interval[] {
  return union([...vpcs].flatMap((v) => v4(v.cidrs.map(prefixInterval))));
}

/** Everything the internet (and with `clients`, every VPN client) reaches. */
export function exposure(c: CompiledNetwork, o: ExposureOptions = {}): ExposureResult {
  if (o.protocol !== undefined && protocolNumber(o.protocol) === undefined)
    throw new ReachError(`unknown protocol "${o.protocol}"`);
  const q = {
    protocol: o.protocol,
    ports: o.ports,
    maxCells: o.maxCells,
    verdicts: new Set(['reachable', 'asymmetric']),
  };
  const jobs: { s: ReachSource; dsts: Interval[] }[] = [];
  const pubs = publicAddresses(c);
  const classes: ReachClass[] = [];
  // Rows the edge method grouped already (class, box, sources); the cell method's classes are grouped below.
  const edgeRows: Group[] = [];
  let cells = 0;
  if (pubs.length > 0) {
    const s = internetSource(c);
    if (o.method === 'cells') jobs.push({ s, dsts: pubs });
    else {
      const plan = planEdge(c, pubs);
      const protos = protocolAtoms(predicateProtocols(c, s.vpcs), protocolOf(o.protocol));
      const edge = edgeClasses(c, s.label, s.ranges, protos, plan.targets, o.ports);
      for (const k of edge.classes) if (q.verdicts.has(k.verdict)) classes.push(k);
      for (const r of edge.rows) {
        const cls = edge.classes[r.cls] as ReachClass;
        if (q.verdicts.has(cls.verdict)) edgeRows.push({ box: r.box, cls, srcs: r.srcs });
      }
      cells += edge.traces;
      const rest = union([...plan.rest, ...edge.rest]);
      if (rest.length > 0) jobs.push({ s, dsts: rest });
    }
  }
  const universe = new Map<string, Interval[]>([['internet', internetAddresses(c)]]);
  if (o.onprem) {
    const all = vpcRanges(c.vpcs.values());
    for (const s of onPremSources(c)) {
      universe.set(s.label, s.ranges.slice());
      if (s.ranges.length > 0) jobs.push({ s, dsts: all });
    }
  }
  if (o.clients) for (const s of clientSources(c)) jobs.push({ s, dsts: vpcRanges(s.vpcs) });
  const planned = jobs.map((j) => ({ ...j, b: predicateBoundaries(c, j.s.vpcs) }));
  refuseOverLimit(
    planned.reduce((n, j) => n + sourceCells(j.s, j.b, j.dsts, q), 0),
    o.maxCells ?? DEFAULT_MAX_CELLS,
  );
  const cellClasses: ReachClass[] = [];
  for (const j of planned) {
    const r = sourceClasses(c, j.s, j.b, j.dsts, q);
    cellClasses.push(...r.classes);
    cells += r.cells;
  }
  classes.push(...cellClasses);
  const grouped = new Map<string, Group & { srcs: Interval[] }>();
  cellClasses.forEach((k, i) => {
    for (const box of k.boxes) {
      const key = `${i}|${box.dst.lo}-${box.dst.hi}|${box.proto.label}|${box.ports?.lo}-${box.ports?.hi}`;
      let g = grouped.get(key);
      if (!g) grouped.set(key, (g = { box, cls: k, srcs: [] }));
      if (box.src) g.srcs.push(box.src);
    }
  });
  // The edge method's rows share their source lists between the interfaces of one plan (ascending and merged
  // already): merged once per list.
  const merged = new Map<readonly Interval[], { source: string; sources: Interval[]; except: Interval[] }>();
  const row = (g: Group, edge: boolean): ExposureRow => {
    let m = merged.get(g.srcs);
    if (m?.source !== g.cls.source) {
      const sources = edge ? (g.srcs as Interval[]) : union(g.srcs);
      const all = universe.get(g.cls.source) ?? [];
      m = { source: g.cls.source, sources, except: sources.length > 0 ? minus(all, sources) : [] };
      merged.set(g.srcs, m);
    }
    const { sources, except } = m;
    return {
      source: g.cls.source,
      resource: g.cls.endpoint ?? '?',
      box: g.box,
      sources,
      anySource: sources.length > 0 && except.length === 0,
      except,
      cls: g.cls,
    };
  };
  const unsorted = [...edgeRows.map((g) => row(g, true)), ...[...grouped.values()].map((g) => row(g, false))];
  // Resources in the collator's order, ranked once: the rows are compared by rank.
  const rank = new Map(
    [...new Set(unsorted.map((r) => r.resource))].sort(COLLATE).map((name, i) => [name, i] as const),
  );
  const rows = unsorted
    .map((r) => ({ r, rank: rank.get(r.resource) as number }))
    .sort(
      ({ r: a, rank: x }, { r: b, rank: y }) =>
        x - y ||
        a.box.dst.lo - b.box.dst.lo ||
        a.box.proto.rep - b.box.proto.rep ||
        (a.box.ports?.lo ?? 0) - (b.box.ports?.lo ?? 0) ||
        (a.box.src?.lo ?? 0) - (b.box.src?.lo ?? 0),
    )
    .map((x) => x.r);
  return { rows, classes, cells, warnings: ipv6Warnings(c) };
}
