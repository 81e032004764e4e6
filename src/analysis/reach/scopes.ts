/**
 * Access scopes evaluated exactly (issue 17 §3; Network Access Analyzer's model): the findings of a scope are the
 * classes of delivered flows (reachable or asymmetric) that lie on some match path and on no exclude path.
 *
 * Method: per match path and source, the header space is cut at the network's predicate boundaries (as `reach`)
 * and also at every boundary of the exclude paths (their addresses, protocols and ports), so each cell lies wholly
 * inside or outside every exclude path. One packet per cell is traced; it is a finding when it is delivered, its
 * forward path passes the match path's `through` (when written), and no exclude path holds it (source, destination
 * address as sent, protocol, port, and `through` on the forward path). Findings merge into classes as in `reach`.
 * A cell whose trace is uncertain and that no exclude path holds is a *possible* finding: `findings: none` is then
 * unknown, not a pass.
 */
import { tryIpv4 } from '../../net/prefix.js';
import type { CEni, CompiledNetwork } from '../../dataplane/compiled.js';
import { predicateBoundaries, type PredicateBoundaries } from '../../dataplane/boundaries.js';
import type { Hop } from '../../dataplane/hop.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { AccessScope, ScopePath } from '../../model/scope.js';
import type { TraceResult } from '../trace-result.js';
import {
  plannedCells,
  protocolAtoms,
  refuseOverLimit,
  traceAtoms,
  type AtomSink,
  type ProtoAtom,
} from './atoms.js';
import { traceFlow } from '../trace.js';
import { mergeAtoms, outcomeKey, outcomeOf, type Outcome, type ReachClass } from './classes.js';
import { publicAddresses } from './exposure.js';
import { clientSources, ipv6Warnings, reachableVpcs, type ReachSource } from './query.js';
import { DEFAULT_MAX_CELLS, protocolOf } from './reach.js';
import { scopePaths } from './scope-library.js';
import { resolveSenders, resolveTargets, throughMatcher, type Senders } from './scope-select.js';
import { ALL_ADDRESSES, ALL_PORTS, union, type Interval } from './space.js';

export interface ScopeResult {
  readonly scope: string;
  /** Delivered classes on a match path and on no exclude path. */
  readonly findings: readonly ReachClass[];
  /** Uncertain classes on a match path and on no exclude path: they may be findings. */
  readonly possible: readonly ReachClass[];
  readonly cells: number;
  readonly warnings: readonly Diagnostic[];
}

/** A resolved path; `undefined` members hold everything. */
interface Resolved {
  readonly senders: Senders | undefined;
  readonly targets: readonly Interval[] | undefined;
  readonly protocols: ReadonlySet<number> | undefined;
  readonly ports: readonly Interval[] | undefined;
  readonly through: ((h: Hop) => boolean) | undefined;
}

const TCP = 6;
const UDP = 17;

function resolvePath(c: CompiledNetwork, p: ScopePath): Resolved {
  let protocols = p.protocols ? new Set(p.protocols.map((x) => protocolOf(x) as number)) : undefined;
  // Ports are TCP and UDP header fields: a path with ports holds no other protocol.
  if (p.ports) protocols = new Set([...(protocols ?? [TCP, UDP])].filter((x) => x === TCP || x === UDP));
  return {
    senders: p.source ? resolveSenders(c, p.source) : undefined,
    targets: p.destination ? resolveTargets(c, p.destination) : undefined,
    protocols,
    ports: p.ports ? union(p.ports) : undefined,
    through: p.through ? throughMatcher(c, p.through) : undefined,
  };
}

/** Who a source is, for the exclude paths' `source`. */
type Who =
  | { readonly eni: CEni }
  | { readonly client: string }
  | { readonly internet: true }
  | { readonly onprem: string };

const inside = (rs: readonly Interval[], x: number): boolean => rs.some((r) => x >= r.lo && x <= r.hi);

function sendsFrom(s: Senders, who: Who, from: string): boolean {
  if ('eni' in who) return s.enis.has(who.eni);
  if ('client' in who) return s.clients.has(who.client);
  const a = tryIpv4(from);
  const ranges = 'onprem' in who ? (s.onprem.get(who.onprem) ?? []) : s.internet;
  return a !== null && inside(ranges, a);
}

/** Does exclude path `x` hold this cell's packet (`flow`) and its trace? */
function holds(x: Resolved, who: Who, flow: CellFlow, t: TraceResult): boolean {
  if (x.senders && !sendsFrom(x.senders, who, flow.from)) return false;
  const dst = tryIpv4(flow.to) ?? -1;
  if (x.targets && !inside(x.targets, dst)) return false;
  const proto = Number(flow.protocol);
  if (x.protocols && !x.protocols.has(proto)) return false;
  if (x.ports && !((proto === TCP || proto === UDP) && inside(x.ports, flow.port))) return false;
  return !x.through || t.forward.hops.some(x.through);
}

interface CellFlow {
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly port: number;
}

/** Boundaries `b` cut further at every boundary of the exclude paths. */
function withExcludes(b: PredicateBoundaries, xs: readonly Resolved[]): PredicateBoundaries {
  const addrs = new Set(b.addresses);
  const protocols = new Set(b.protocols);
  const ports = new Map([...b.ports].map(([k, v]) => [k, new Set(v)]));
  const cutAt = (set: Set<number>, rs: readonly Interval[], max: number): void => {
    for (const r of rs) {
      set.add(r.lo);
      if (r.hi < max) set.add(r.hi + 1);
    }
  };
  for (const x of xs) {
    if (x.targets) cutAt(addrs, x.targets, 0xffffffff);
    if (x.senders) cutAt(addrs, x.senders.internet, 0xffffffff);
    if (x.senders) for (const rs of x.senders.onprem.values()) cutAt(addrs, rs, 0xffffffff);
    for (const p of x.protocols ?? []) protocols.add(p);
    if (x.ports) for (const set of ports.values()) cutAt(set, x.ports, 65535);
  }
  const sorted = (s: Set<number>): number[] => [...s].sort((a, z) => a - z);
  return {
    addresses: sorted(addrs),
    protocols: sorted(protocols),
    ports: new Map([...ports].map(([k, v]) => [k, sorted(v)])),
  };
}

/** The sources of a match path, each with who it is. */
function sourcesOf(c: CompiledNetwork, s: Senders): { src: ReachSource; who: Who }[] {
  const out: { src: ReachSource; who: Who }[] = [];
  for (const e of c.enis)
    if (s.enis.has(e)) {
      const label = e.instance && e.instance.enis[0] === e ? e.instance.id : e.id;
      const src: ReachSource = {
        kind: 'named',
        label,
        endpoint: e.id,
        vpcs: reachableVpcs(c, [e.subnet.vpc]),
      };
      out.push({ src, who: { eni: e } });
    }
  for (const cs of clientSources(c))
    if (s.clients.has(cs.label.slice(7))) out.push({ src: cs, who: { client: cs.label.slice(7) } });
  if (s.internet.length > 0) {
    const vpcs = reachableVpcs(
      c,
      [...c.vpcs.values()].filter((v) => v.igw !== undefined),
    );
    out.push({
      src: { kind: 'range', label: 'internet', ranges: s.internet, vpcs },
      who: { internet: true },
    });
  }
  // Declared on-premises networks (ONPREM-1), asked against every VPC (more boundaries only cost time).
  for (const [label, ranges] of s.onprem)
    if (ranges.length > 0)
      out.push({
        src: { kind: 'range', label, ranges, vpcs: new Set(c.vpcs.values()) },
        who: { onprem: label },
      });
  return out;
}

interface Found {
  findings: ReachClass[];
  possible: ReachClass[];
  cells: number;
}

/** The findings of one match path from one source, added to `into`. */
function pathFindings(
  c: CompiledNetwork,
  m: Resolved,
  xs: readonly Resolved[],
  one: { src: ReachSource; who: Who },
  cut: PathCut,
  maxCells: number,
  into: Found,
): void {
  const { b, protos, dsts } = cut;
  const keys = new Map<string, number>();
  const seen: { o: Outcome; t: TraceResult; possible: boolean }[] = [];
  const sink: AtomSink = {
    cellOf: (flow, proto) => {
      const t = traceFlow(c, flow);
      const cell: CellFlow = {
        from: flow.from,
        to: flow.to,
        protocol: String(flow.protocol),
        port: flow.port ?? 0,
      };
      if (xs.some((x) => holds(x, one.who, cell, t)) || toItself(one.who, cell)) return NONE;
      const found =
        (t.verdict === 'reachable' || t.verdict === 'asymmetric') &&
        (!m.through || t.forward.hops.some(m.through));
      const possible = !found && t.uncertain === true;
      if (!found && !possible) return NONE;
      const o = outcomeOf(t, proto);
      const k = `${possible ? '?' : ''}${outcomeKey(o)}`;
      let id = keys.get(k);
      if (id === undefined) {
        id = seen.length;
        keys.set(k, id);
        seen.push({ o, t, possible });
      }
      return id;
    },
  };
  for (const ports of m.ports ?? [ALL_PORTS]) {
    const atoms = traceAtoms(one.src, b, protos, dsts, ports, sink, maxCells);
    into.cells += atoms.length;
    for (const [sig, boxes] of mergeAtoms(atoms)) {
      const s = seen[sig];
      if (!s) continue;
      const k: ReachClass = { ...s.o, source: one.src.label, boxes, example: s.t };
      (s.possible ? into.possible : into.findings).push(k);
    }
  }
}

const NONE = -1;

/** How one match path cuts the header space of one source: its boundaries, protocols and destinations. */
interface PathCut {
  readonly b: PredicateBoundaries;
  readonly protos: readonly ProtoAtom[];
  readonly dsts: readonly Interval[];
}

function pathCut(
  c: CompiledNetwork,
  m: Resolved,
  xs: readonly Resolved[],
  src: ReachSource,
  dsts: readonly Interval[],
): PathCut {
  const b = withExcludes(predicateBoundaries(c, src.vpcs), xs);
  const protos = protocolAtoms(b.protocols).filter((p) => !m.protocols || m.protocols.has(p.rep));
  return { b, protos, dsts };
}

/** A flow from an interface to one of its own private addresses never leaves it: no path, no finding. */
function toItself(who: Who, flow: CellFlow): boolean {
  const dst = tryIpv4(flow.to);
  return 'eni' in who && dst !== null && who.eni.addrs.includes(dst);
}

/** Evaluate a scope. Throws `ReachError` for a selector that names nothing, `AtomLimitError` (before tracing
 * anything) when all its paths and sources together cut into more cells than `maxCells`. */
export function evaluateScope(
  c: CompiledNetwork,
  scope: AccessScope,
  maxCells = DEFAULT_MAX_CELLS,
): ScopeResult {
  const paths = scopePaths(c, scope);
  const xs = paths.exclude.map((p) => resolvePath(c, p));
  const into: Found = { findings: [], possible: [], cells: 0 };
  const pubs = publicAddresses(c);
  const jobs: { m: Resolved; one: { src: ReachSource; who: Who }; cut: PathCut }[] = [];
  for (const mp of paths.match) {
    const m = resolvePath(c, mp);
    const senders = m.senders ?? resolveSenders(c, ['any']);
    const targets = m.targets ?? [ALL_ADDRESSES];
    for (const one of sourcesOf(c, senders)) {
      // From the internet only public addresses can be delivered to: an internet gateway forwards nothing else
      // inwards (IGW-3), as `vpcsim exposure` asks.
      const dsts = 'internet' in one.who ? intersect(targets, pubs) : targets;
      if (dsts.length > 0) jobs.push({ m, one, cut: pathCut(c, m, xs, one.src, dsts) });
    }
  }
  refuseOverLimit(
    jobs.reduce(
      (n, { m, one, cut: k }) =>
        n + (m.ports ?? [ALL_PORTS]).reduce((t, p) => t + plannedCells(one.src, k.b, k.protos, k.dsts, p), 0),
      0,
    ),
    maxCells,
  );
  for (const { m, one, cut: k } of jobs) pathFindings(c, m, xs, one, k, maxCells, into);
  return { scope: scope.name, ...into, warnings: ipv6Warnings(c) };
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a)
    for (const y of b) {
      const lo = Math.max(x.lo, y.lo);
      const hi = Math.min(x.hi, y.hi);
      if (lo <= hi) out.push({ lo, hi });
    }
  return union(out);
}
