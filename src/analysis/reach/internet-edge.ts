/**
 * The internet's view of the public addresses of plain interfaces, computed per address from the few predicates a
 * packet from the internet meets on its way there and back — not by tracing every cell of the network's header
 * space. Used by `exposure` (issue 17: the exposure of `realistic` was 695,654,400 cells).
 *
 * Model (docs/reach.md "Exposure from the internet, per address"): a packet from internet address s to public
 * address a of interface E (subnet S, no gateway route table on the internet gateway, no OS, load-balancer node,
 * endpoint or Client VPN behind E) meets, in this order: the internet gateway's checks of s (IGW-3) and its 1:1
 * translation (IGW-2), S's network ACL inbound (NACL-2), E's security groups inbound with the sender's identity
 * lost (SG-1, SG-7), delivery; the reply meets E's groups (connection tracking, SG-2), S's route table for s (RT-1),
 * S's network ACL outbound for the reply (NACL-1), the gateway's translation back, and the internet's checks of s.
 * The forward part decides *which* packets arrive — an interval set of ports per (source atom, protocol), computed
 * from the ACL's first match and the groups' union exactly as `evaluateNacl` and `evaluateSecurityGroups` match
 * (same compiled indexes). The reply part depends on s only (the reply's destination port is the request's source
 * port, 50000 as `vpcsim trace` holds it): the outbound ACL rule, the route, and what s is (on-premises, an
 * unresolved Elastic IP, …). Packets that arrive and share that reply key share every predicate the walk evaluates,
 * so one trace — the same `traceFlow` as `vpcsim trace` — gives the outcome of all of them.
 *
 * A NAT gateway's public address admits nothing from the internet (NGW-3: no connection was started from inside in a
 * fresh trace), so it contributes no exposed packet. Every other public address — and an interface whose reply
 * would take a route other than to an internet gateway, or whose traced representative contradicts the model — is
 * left to the cell method (`rest`), so the answer is exact either way.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import { isRfc1918, RFC1918, RFC6598, containsAddr, last4, type Prefix } from '../../net/prefix.js';
import type { CEni, CIgw, CNacl, CompiledNetwork, CRoute } from '../../dataplane/compiled.js';
import { evaluateNacl } from '../../dataplane/network-acl.js';
import { replyOf, type Packet } from '../../dataplane/packet.js';
import { LINK_LOCAL } from '../../dataplane/components/route.js';
import { DEFAULT_SRC_PORT, traceFlow } from '../trace.js';
import type { TraceResult } from '../trace-result.js';
import type { ProtoAtom } from './atoms.js';
import { outcomeKey, outcomeOf, type Outcome, type ReachBox, type ReachClass } from './classes.js';
import { cut, intersect, union, type Interval } from './space.js';
import { ArrivalTable, icmpProbe, ported, segmentAt, segmentsOf, type Segments } from './arrivals.js';

/** A public address the edge method answers: interface, its internet gateway. */
interface EdgeTarget {
  readonly addr: number;
  readonly eni: CEni;
  readonly igw: CIgw;
}

export interface EdgePlan {
  /** Public addresses of plain interfaces: answered here. */
  readonly targets: readonly EdgeTarget[];
  /** Public addresses of NAT gateways: nothing from the internet gets through (NGW-3). */
  readonly silent: readonly number[];
  /** Every other public address: for the cell method. */
  readonly rest: readonly Interval[];
}

/** Is `eni` an interface whose inbound path is only ACL, groups and delivery (no OS, node, endpoint, tunnel)? */
function plain(eni: CEni): boolean {
  if (eni.clientVpn !== undefined || eni.lbNode || eni.interfaceEndpoint) return false;
  if (eni.sgs.length === 0 && eni.model.owner !== undefined && eni.model.owner !== 'instance') return false;
  const inst = eni.instance;
  return inst === undefined || (inst.running && (!inst.hasOs || !inst.os));
}

/** Split the public addresses `pubs` (single addresses or ranges of them) by who answers them. */
export function planEdge(c: CompiledNetwork, pubs: readonly Interval[]): EdgePlan {
  const targets: EdgeTarget[] = [];
  const silent: number[] = [];
  const rest: Interval[] = [];
  for (const r of pubs)
    for (let a = r.lo; a <= r.hi; a++) {
      const t = c.byPublicIp.get(a);
      if (t?.kind === 'nat-gateway' && t.igw) silent.push(a);
      else if (t?.kind === 'eni' && t.igw && !t.igw.routeTable && plain(t.eni))
        targets.push({ addr: a, eni: t.eni, igw: t.igw });
      else rest.push({ lo: a, hi: a });
    }
  return { targets, silent, rest: union(rest) };
}

/** Where the source dimension's predicates change for `t`: the ACL's and groups' IPv4 rule blocks, the subnet's
 * routes, and the blocks the gateway and the internet treat apart (IGW-3, ADDR-4, on-premises networks, Elastic
 * IPs the input leaves unresolved, public addresses of the network: `singles`, those of them inside the question's
 * ranges — the internet's ranges leave them all out). Ascending, from 0. */
function sourceStarts(c: CompiledNetwork, t: EdgeTarget, singles: readonly number[]): number[] {
  const s = new Set<number>([0]);
  const add = (lo: number, hi: number): void => {
    s.add(lo);
    if (hi < 0xffffffff) s.add(hi + 1);
  };
  const addIndex = (ix: { base: Uint32Array; mask: Uint32Array }, keep: (i: number) => boolean): void => {
    for (let i = 0; i < ix.base.length; i++) {
      if (!keep(i)) continue;
      const base = ix.base[i] as number;
      add(base, (base | (~(ix.mask[i] as number) >>> 0)) >>> 0);
    }
  };
  const acl = t.eni.subnet.nacl;
  addIndex(acl.inIndex, (i) => acl.inIndex.family[i] === 0);
  addIndex(acl.outIndex, (i) => acl.outIndex.family[i] === 0);
  for (const g of t.eni.sgs) addIndex(g.inIndex, (i) => g.inIndex.ref[i] === 0);
  const addPrefix = (p: Prefix): void => {
    if (p.family === 4) add(p.base, last4(p));
  };
  for (const r of t.eni.subnet.routeTable.routes) addPrefix(r.dest);
  addPrefix(t.eni.subnet.prefix);
  addPrefix(LINK_LOCAL);
  addPrefix(RFC6598);
  for (const p of RFC1918) addPrefix(p);
  for (const o of c.transit.onPremises) for (const p of o.cidrs) addPrefix(p);
  for (const a of singles) add(a, a);
  return [...s].sort((a, b) => a - b);
}

/** What the walk treats apart about an internet address besides ACLs, groups and routes, as a number (constant on
 * each cell of `sourceStarts`): private, shared, link-local, a public address of the network, an unresolved Elastic
 * IP, and which declared on-premises network holds it. */
function sourceKind(c: CompiledNetwork, x: number, onPrem: ReadonlyMap<string, number>): number {
  const o = c.transit.onPremByAddress.lookup(x);
  return (
    (isRfc1918(x) ? 1 : 0) |
    (containsAddr(RFC6598, x) ? 2 : 0) |
    (containsAddr(LINK_LOCAL, x) ? 4 : 0) |
    (c.byPublicIp.has(x) ? 8 : 0) |
    (c.unresolvedEips.has(x) ? 16 : 0) |
    ((o ? (onPrem.get(o.id) ?? 0) : 0) << 5)
  );
}

/** The reply of a packet from `x` to an interface, as the outbound ACL sees it (`replyOf` of the request a trace
 * sends: source port DEFAULT_SRC_PORT, the reply's destination port; ICMP echo request, so an echo reply). The
 * outbound ACL matches the reply's destination and destination port (NACL-2): the interface's address and the
 * request's port do not matter, and are 0 here. */
function replyProbe(x: number, proto: number): Packet {
  const probe = icmpProbe(proto);
  const icmp = proto === 1 || proto === 58;
  return replyOf({
    proto,
    src: x,
    dst: 0,
    srcPort: icmp ? 1 : DEFAULT_SRC_PORT,
    dstPort: 0,
    icmpType: probe.type,
    icmpCode: probe.code,
  });
}

/** Per ACL: the segments of its outbound rule blocks, and per segment id the rule (its index in `outbound`) that
 * matches the reply, per protocol cell. */
interface ReplyRules {
  readonly seg: Segments;
  readonly rules: (readonly number[] | undefined)[];
}

/** One part of one address: packets of one protocol cell that arrive and share a reply key. `first` is its first
 * packet in the cell method's loop order (source, then port); `byPorts` its sources per port range (key
 * `lo * 2^17 + hi`, or NO_PORTS), ascending and merged. */
interface Part {
  readonly proto: ProtoAtom;
  readonly protoIndex: number;
  readonly first: { readonly src: number; readonly port: number };
  readonly byPorts: Map<number, Interval[]>;
}

const NO_PORTS = 2 ** 34;

/** The sources of one class towards one address, protocol and ports: one exposure row. */
export interface EdgeRow {
  /** Index of the class in `EdgeAnswer.classes`. */
  readonly cls: number;
  /** Destination, protocol, ports; its `src` is the first of `srcs`. */
  readonly box: ReachBox;
  /** Ascending and merged. */
  readonly srcs: readonly Interval[];
}

export interface EdgeAnswer {
  /** Classes of the answered addresses (every verdict the traces gave). */
  readonly classes: ReachClass[];
  /** The classes' boxes grouped by (class, address, protocol, ports). */
  readonly rows: readonly EdgeRow[];
  /** Traces made (one per part). */
  readonly traces: number;
  /** Addresses the model did not cover after all (a reply route other than an internet gateway, a representative
   * the walk treated otherwise): for the cell method. */
  readonly rest: Interval[];
}

/** The classes of packets from the internet ranges `ranges` that arrive at the planned targets. */
export function edgeClasses(
  c: CompiledNetwork,
  label: string,
  ranges: readonly Interval[],
  protos: readonly ProtoAtom[],
  targets: readonly EdgeTarget[],
  ports: Interval | undefined,
): EdgeAnswer {
  const sigs = new Map<string, number>();
  const outcomes: Outcome[] = [];
  const examples: { t: TraceResult; order: number[] }[] = [];
  const rows: EdgeRow[] = [];
  const rest: Interval[] = [];
  let traces = 0;
  const planner = partPlanner(c, ranges, protos, ports);
  for (const t of targets) {
    const parts = planner(t);
    if (parts === undefined) {
      rest.push({ lo: t.addr, hi: t.addr });
      continue;
    }
    let leave = false;
    // One trace per part: its first packet in the cell method's loop order (source, protocol, destination, port).
    const traced: { part: Part; sig: number; t: TraceResult }[] = [];
    for (const part of parts.values()) {
      const first = part.first;
      const tr = traceFlow(c, {
        from: formatIpv4(first.src),
        to: formatIpv4(t.addr),
        protocol: String(part.proto.rep),
        port: first.port,
      });
      traces++;
      if (tr.forward.disposition !== 'delivered') {
        leave = true; // the walk did not deliver what the model says arrives: let the cell method answer
        break;
      }
      const o = outcomeOf(tr, part.proto);
      const k = outcomeKey(o);
      let sig = sigs.get(k);
      if (sig === undefined) {
        sig = outcomes.length;
        sigs.set(k, sig);
        outcomes.push(o);
        examples.push({ t: tr, order: [first.src, part.protoIndex, t.addr, first.port] });
      } else {
        const order = [first.src, part.protoIndex, t.addr, first.port];
        const ex = examples[sig] as { t: TraceResult; order: number[] };
        if (before(order, ex.order)) examples[sig] = { t: tr, order };
      }
      traced.push({ part, sig, t: tr });
    }
    if (leave) {
      rest.push({ lo: t.addr, hi: t.addr });
      continue;
    }
    // Boxes of this address per class: parts with the same outcome (they differ in a reply key the outcome does not
    // show) are joined per (protocol, ports).
    const dst: Interval = { lo: t.addr, hi: t.addr };
    const local = new Map<number, Map<number, Interval[]>>();
    for (const { part, sig } of traced) {
      let bySig = local.get(sig);
      if (!bySig) {
        bySig = new Map<number, Interval[]>();
        local.set(sig, bySig);
      }
      for (const [k, srcs] of part.byPorts) {
        const key = part.protoIndex * 2 ** 35 + k;
        const had = bySig.get(key);
        bySig.set(key, had ? union([...had, ...srcs]) : srcs);
      }
    }
    for (const [sig, bySig] of local) {
      for (const [key, srcs] of bySig) {
        const proto = protos[Math.floor(key / 2 ** 35)] as ProtoAtom;
        const k = key % 2 ** 35;
        const ports = k === NO_PORTS ? undefined : { lo: Math.floor(k / 2 ** 17), hi: k % 2 ** 17 };
        rows.push({ cls: sig, box: { src: srcs[0], proto, dst, ports }, srcs });
      }
    }
  }
  // A class's boxes are its rows' sources, one box each: built when first read (exposure's rows do not need them).
  const rowsOfClass: EdgeRow[][] = outcomes.map(() => []);
  for (const r of rows) rowsOfClass[r.cls]?.push(r);
  const classes: ReachClass[] = outcomes.map((o, sig) =>
    withBoxes(
      { ...o, source: label },
      () => (rowsOfClass[sig] as EdgeRow[]).flatMap((r) => r.srcs.map((src) => ({ ...r.box, src }))),
      (examples[sig] as { t: TraceResult }).t,
    ),
  );
  return { classes, rows, traces, rest: union(rest) };
}

/** The class of outcome `k` (and its source), its `boxes` computed by `make` when first read (then kept), enumerable
 * like a data property, and its example — in the key order of the other classes (outcome, source, boxes, example). */
function withBoxes(
  k: Omit<ReachClass, 'boxes' | 'example'>,
  make: () => ReachBox[],
  example: TraceResult,
): ReachClass {
  let boxes: ReachBox[] | undefined;
  const out = Object.defineProperty(k, 'boxes', { enumerable: true, get: () => (boxes ??= make()) });
  return Object.assign(out, { example }) as ReachClass;
}

/**
 * The parts of a target, memoised: they depend on its subnet's ACL and route table, its groups, and its subnet's
 * prefix only where that holds sources of the question — not on the address: `realistic`'s 2,500 public interfaces
 * (2,195 subnet and group combinations) share 516 plans. Undefined when some packet that
 * arrives would have its reply routed elsewhere than to an internet gateway (left to the cell method).
 */
function partPlanner(
  c: CompiledNetwork,
  ranges: readonly Interval[],
  protos: readonly ProtoAtom[],
  ports: Interval | undefined,
): (t: EdgeTarget) => ReadonlyMap<number, Part> | undefined {
  const onPrem = new Map(c.transit.onPremises.map((o, i) => [o.id, i + 1]));
  const singles = [...c.byPublicIp.keys(), ...c.unresolvedEips.keys()].filter(
    (a): a is number => typeof a === 'number' && ranges.some((r) => a >= r.lo && a <= r.hi),
  );
  // What arrives, per combination of the ports the ACL's and the groups' matching rows allow.
  const arrivals = new ArrivalTable(protos);
  const replies = new Map<CNacl, ReplyRules>();
  const plans = new Map<string, ReadonlyMap<number, Part> | undefined>();
  return (t) => {
    const subnet = t.eni.subnet;
    const acl = subnet.nacl;
    const rt = subnet.routeTable;
    const sgs = t.eni.sgs;
    // The subnet's own prefix (RT-8: same-subnet traffic is not routed) is a cut only where it holds sources of the
    // question; elsewhere interfaces of every subnet with this ACL, route table and groups share one plan.
    const p = subnet.prefix;
    const inside = ranges.some((r) => r.lo <= last4(p) && r.hi >= p.base);
    const planKey = `${acl.id}\u0001${t.eni.sgLabel}\u0001${rt.id}${inside ? `\u0001${subnet.id}` : ''}`;
    if (plans.has(planKey)) return plans.get(planKey);
    const starts = sourceStarts(c, t, singles);
    const srcCells = ranges.flatMap((r) => cut(r, starts));
    const parts = new Map<number, Part>();
    const routeIds = new Map<CRoute | undefined, number>();
    let reply = replies.get(acl);
    if (!reply) {
      const seg = segmentsOf(acl.outIndex, acl.outIndex.family);
      replies.set(acl, (reply = { seg, rules: new Array<undefined>(seg.rows.length).fill(undefined) }));
    }
    for (const s of srcCells) {
      const x = s.lo;
      const arr = arrivals.of(acl, sgs, x);
      if (arr.length === 0) continue;
      const route = rt.lpm.lookup(x);
      if (!route || route.blackhole !== null || route.target.kind !== 'internet-gateway') {
        plans.set(planKey, undefined);
        return undefined;
      }
      let rid = routeIds.get(route);
      if (rid === undefined) routeIds.set(route, (rid = routeIds.size));
      const kind = sourceKind(c, x, onPrem);
      // The reply's outbound rule depends on which of the ACL's outbound rows hold x: one per segment of them.
      const outSeg = segmentAt(reply.seg, x);
      let outRules = reply.rules[outSeg];
      if (!outRules)
        reply.rules[outSeg] = outRules = protos.map((pr) =>
          acl.outbound.indexOf(evaluateNacl(acl, false, replyProbe(x, pr.rep))),
        );
      for (const a of arr) {
        const withPorts = ported((protos[a.pi] as ProtoAtom).rep);
        const arrive = withPorts && ports ? intersect(a.ports, [ports]) : a.ports;
        if (arrive.length === 0) continue;
        // pi < 256 protocol cells, g < 16 groups (SG-12), rule index < 2048 (NACL-9: at most 40 rules).
        const key = (((kind * 1024 + rid) * 2048 + (outRules[a.pi] as number)) * 16 + a.g) * 256 + a.pi;
        let part = parts.get(key);
        if (!part)
          parts.set(
            key,
            (part = {
              proto: protos[a.pi] as ProtoAtom,
              protoIndex: a.pi,
              first: { src: x, port: withPorts ? (arrive[0] as Interval).lo : 0 },
              byPorts: new Map(),
            }),
          );
        if (!withPorts) pushSource(part.byPorts, NO_PORTS, s);
        else for (const p of arrive) pushSource(part.byPorts, p.lo * 2 ** 17 + p.hi, s);
      }
    }
    plans.set(planKey, parts);
    return parts;
  };
}

/** Add source cell `src` to the list at `key`, merging it into the last interval when they touch (cells come in
 * ascending order). */
function pushSource(m: Map<number, Interval[]>, key: number, src: Interval): void {
  const list = m.get(key);
  if (!list) {
    m.set(key, [src]);
    return;
  }
  const last = list[list.length - 1] as Interval;
  if (last.hi + 1 === src.lo) list[list.length - 1] = { lo: last.lo, hi: src.hi };
  else list.push(src);
}

/** Lexicographic order of two loop positions. */
function before(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++)
    if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) < (b[i] as number);
  return false;
}
