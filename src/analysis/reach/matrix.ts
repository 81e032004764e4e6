/**
 * All-pairs reachability (issue 17 §2): which groups of network interfaces reach which, on what. Groups are
 * subnets, VPCs, security groups (an ENI is in each of its groups) or the value of a tag (`tag:Name`: the model
 * keeps the Name tag as a resource's name; other tags are not read by the importers).
 *
 * Exact like `reach`: for every ENI as a source, the classes towards every address of the network (private and
 * public); a pair of ENIs is connected when some class of packets from the one is delivered to the other, whatever
 * address it was sent to (reachable; asymmetric counted apart). A
 * cell of the matrix sums its pairs and lists the services (`tcp 22`, `udp 53`) that get through.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import type { CEni, CompiledNetwork } from '../../dataplane/compiled.js';
import { predicateBoundaries, type PredicateBoundaries } from '../../dataplane/boundaries.js';
import { tryIpv4 } from '../../net/prefix.js';
import type { ReachClass } from './classes.js';
import { eniSources, initiates, ipv6Warnings, networkAddresses, ReachError } from './query.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { DEFAULT_MAX_CELLS, sourceCells, sourceClasses } from './reach.js';
import { refuseOverLimit } from './atoms.js';
import { formatPortRange, union, type Interval } from './space.js';

export type MatrixBy = 'subnet' | 'vpc' | 'security-group' | `tag:${string}`;

export interface MatrixCell {
  /** ENI pairs (source, destination) between the two groups, a pair with itself excluded. */
  readonly pairs: number;
  /** Pairs where some packet gets through and back (reachable). */
  readonly reachable: number;
  /** Pairs where some packet gets through but the reply path is asymmetric. */
  readonly asymmetric: number;
  /** What gets through: `tcp 22`, `udp 53`, `icmp` … */
  readonly services: readonly string[];
  /** One reachable pair, for the example trace: `[source ENI, destination address]`. */
  readonly example?: readonly [string, string] | undefined;
}

export interface Matrix {
  readonly by: MatrixBy;
  readonly groups: readonly string[];
  /** cells[i][j]: from groups[i] to groups[j]. */
  readonly cells: readonly (readonly MatrixCell[])[];
  readonly traced: number;
  /** What the answer leaves out (REACH_IPV6_NOT_ENUMERATED). */
  readonly warnings: readonly Diagnostic[];
}

export function parseBy(text: string | undefined): MatrixBy {
  const t = text ?? 'subnet';
  if (t === 'subnet' || t === 'vpc' || t === 'security-group') return t;
  if (t.startsWith('tag:') && t.length > 4) {
    if (t !== 'tag:Name')
      throw new ReachError(
        `--by ${t}: the model keeps only the Name tag (as each resource's name); use tag:Name, subnet, vpc or security-group`,
      );
    return 'tag:Name';
  }
  throw new ReachError(`--by "${t}" must be subnet, vpc, security-group or tag:KEY`);
}

/** The groups an ENI belongs to. */
export function groupsOf(e: CEni, by: MatrixBy): string[] {
  switch (by) {
    case 'subnet':
      return [e.subnet.id];
    case 'vpc':
      return [e.subnet.vpc.id];
    case 'security-group':
      return e.sgs.map((g) => g.id);
    default:
      return [e.instance?.model.name ?? e.model.name ?? '(no Name)'];
  }
}

interface Acc {
  pairs: number;
  reachable: number;
  asymmetric: number;
  services: Set<string>;
  example?: [string, string];
}

/** The ENI a class delivers to: the owner of the address its example arrives at (after every translation). */
function deliveredTo(c: CompiledNetwork, k: ReachClass): CEni | undefined {
  const fp = k.example.forward.finalPacket;
  const a = fp ? tryIpv4(fp.dst) : null;
  const att = a !== null ? c.attachmentByIp.get(a) : undefined;
  if (att?.kind === 'eni') return att.eni;
  const id = k.endpoint ?? '';
  return c.eniById.get(id) ?? c.instances.get(id)?.enis[0];
}

/** Per (source ENI, destination ENI): the verdicts and services of the classes delivered from one to the other —
 * to any address of the network (private or public), so translated paths count (a two-way NAT, IGW-2). */
function pairOutcomes(
  c: CompiledNetwork,
  enis: readonly CEni[],
  bounds: (e: CEni) => PredicateBoundaries,
  maxCells: number,
): { out: Map<CEni, Map<CEni, { verdicts: Set<string>; services: Set<string> }>>; traced: number } {
  const dsts = networkAddresses(c);
  const out = new Map<CEni, Map<CEni, { verdicts: Set<string>; services: Set<string> }>>();
  let traced = 0;
  const q = { verdicts: new Set(['reachable', 'asymmetric']) };
  const jobs = eniSources(c, (e) => enis.includes(e)).flatMap((s) => {
    const src = s.kind === 'named' ? c.eniById.get(s.endpoint) : undefined;
    return src ? [{ s, src, b: bounds(src) }] : [];
  });
  refuseOverLimit(
    jobs.reduce((n, j) => n + sourceCells(j.s, j.b, dsts, q), 0),
    maxCells,
  );
  for (const { s, src, b } of jobs) {
    const r = sourceClasses(c, s, b, dsts, q);
    traced += r.cells;
    const row = new Map<CEni, { verdicts: Set<string>; services: Set<string> }>();
    for (const k of r.classes) {
      const dst = deliveredTo(c, k);
      if (!dst || dst === src) continue;
      const v = row.get(dst) ?? { verdicts: new Set<string>(), services: new Set<string>() };
      v.verdicts.add(k.verdict);
      for (const b of k.boxes)
        v.services.add(`${b.proto.label}|${b.ports ? `${b.ports.lo}-${b.ports.hi}` : ''}`);
      row.set(dst, v);
    }
    out.set(src, row);
  }
  return { out, traced };
}

/** The matrix of every ENI group to every ENI group. Throws `AtomLimitError` (before tracing anything) when all its
 * sources together cut into more cells than `maxCells`. */
export function matrix(c: CompiledNetwork, by: MatrixBy, maxCells = DEFAULT_MAX_CELLS): Matrix {
  const enis = c.enis.filter(initiates);
  const cache = new Map<string, PredicateBoundaries>();
  const bounds = (e: CEni): PredicateBoundaries => {
    const s = eniSources(c, (x) => x === e)[0];
    const key = s
      ? [...s.vpcs]
          .map((v) => v.id)
          .sort()
          .join(',')
      : '';
    let b = cache.get(key);
    if (!b) {
      b = predicateBoundaries(c, s?.vpcs);
      cache.set(key, b);
    }
    return b;
  };
  const { out, traced } = pairOutcomes(c, enis, bounds, maxCells);
  const groups = [...new Set(enis.flatMap((e) => groupsOf(e, by)))].sort();
  const index = new Map(groups.map((g, i) => [g, i]));
  const acc: Acc[][] = groups.map(() =>
    groups.map(() => ({ pairs: 0, reachable: 0, asymmetric: 0, services: new Set<string>() })),
  );
  for (const s of enis)
    for (const d of enis) {
      if (s === d) continue;
      const o = out.get(s)?.get(d);
      for (const gs of groupsOf(s, by))
        for (const gd of groupsOf(d, by)) {
          const a = acc[index.get(gs) ?? 0]?.[index.get(gd) ?? 0];
          if (!a) continue;
          a.pairs++;
          if (!o) continue;
          if (o.verdicts.has('reachable')) {
            a.reachable++;
            a.example ??= [s.id, formatIpv4(d.addrs[0] as number)];
          } else if (o.verdicts.has('asymmetric')) a.asymmetric++;
          for (const x of o.services) a.services.add(x);
        }
    }
  return {
    by,
    groups,
    cells: acc.map((row) => row.map((a) => ({ ...a, services: serviceText(a.services) }))),
    traced,
    warnings: ipv6Warnings(c),
  };
}

/** `tcp|22-22`, `tcp|443-443`, `icmp|` → `tcp 22, 443`, `icmp`: port ranges merged per protocol. */
export function serviceText(keys: Iterable<string>): string[] {
  const byProto = new Map<string, Interval[]>();
  for (const k of keys) {
    const [proto = '', ports = ''] = k.split('|');
    const list = byProto.get(proto) ?? [];
    const m = /^(\d+)-(\d+)$/.exec(ports);
    if (m) list.push({ lo: Number(m[1]), hi: Number(m[2]) });
    byProto.set(proto, list);
  }
  return [...byProto]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([proto, rs]) =>
      rs.length === 0 ? proto : `${proto} ${union(rs).map(formatPortRange).join(', ')}`,
    );
}
