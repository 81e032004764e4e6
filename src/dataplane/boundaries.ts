/**
 * Predicate boundaries: every place where the compiled network's decisions can change along one header dimension
 * (addresses, IP protocol numbers, ports). The network-wide analysis (analysis/reach) cuts the header space at
 * these points; between two consecutive boundaries every predicate the walk evaluates gives the same answer.
 *
 * Model: each predicate the walk evaluates is a union of boxes over (source address, destination address,
 * protocol, source port, destination port): a route or rule prefix is an address interval, a rule's port range is
 * a port interval, an address the walk looks up in a map (an ENI's private IP, a public IP, an Elastic IP, a
 * link-local service) is a one-address interval. The boundaries are the starts of those intervals and the
 * address/port just past their ends. One boundary set per dimension serves both directions and both address
 * fields (the reply swaps source and destination), so a set is a superset of what any one question needs —
 * more cuts cost time, never exactness.
 *
 * What the walk compares against constants (not read from the compiled network) is listed here too: loopback
 * 127.0.0.0/8 (an instance's OS), link-local
 * 169.254.0.0/16 and the platform's service addresses (ADDR-4), 169.254.168.0/22 (RT-6), RFC 1918 and RFC 6598
 * (IGW-3), AWS's reserved subnet addresses (ADDR-2), DNS/IMDS/NTP/KMS ports (ADDR-4) and port 53's DNS detection
 * (NFW-12).
 *
 * Scope: `predicateBoundaries(c, vpcs)` reads only the components of the given VPCs (and, always, the
 * internet-facing tables); callers pass the VPCs a source can reach.
 */
import type { Addr } from '../net/addr.js';
import type { Prefix } from '../net/prefix.js';
import { last4, RFC1918, RFC6598, tryCidr4 } from '../net/prefix.js';
import { tryIpv4 } from '../net/prefix.js';
import type { CompiledNetwork, CRouteTable, CSecurityGroup, CVpc } from './compiled.js';
import type { RangeSet } from '../net/range-set.js';
import type { CompiledFirewall } from './firewall/index.js';
import type { CompiledOs } from './os/index.js';
import type { NetfilterRule } from '../model/os.js';
import type { CLoadBalancer } from './load-balancer/types.js';
import type { CompiledTransit } from './transit-gateway/compiled.js';

export interface PredicateBoundaries {
  /** Address interval starts, ascending, unique, starting with 0. */
  readonly addresses: readonly number[];
  /** Protocol numbers some predicate names (always 1, 6 and 17). */
  readonly protocols: readonly number[];
  /** Port interval starts for TCP (6) and UDP (17), ascending, starting with 0. */
  readonly ports: ReadonlyMap<number, readonly number[]>;
}

const MAX_ADDR = 0xffffffff;
const MAX_PORT = 65535;

/** Constant addresses and ranges the walk compares against (see the module comment). */
const CONSTANT_RANGES: readonly (readonly [number, number])[] = [
  [0x7f000000, 0x7fffffff], // 127.0.0.0/8 loopback (an instance OS delivers it locally)
  [0x7f000001, 0x7f000001], // 127.0.0.1, the source of locally generated packets
  [0xa9fe0000, 0xa9feffff], // 169.254.0.0/16 link-local (ADDR-4, RT-6)
  [0xa9fea800, 0xa9feabff], // 169.254.168.0/22 (RT-6)
  ...[
    '169.254.169.253',
    '169.254.169.254',
    '169.254.169.123',
    '169.254.170.2',
    '169.254.169.250',
    '169.254.169.251',
  ]
    .map((t) => tryIpv4(t) ?? 0)
    .map((a) => [a, a] as const),
  ...[...RFC1918, RFC6598].map((p) => [p.base, last4(p)] as const),
];
/** Ports the walk treats specially: DNS (53, NFW-12 and ADDR-4), IMDS/ECS metadata (80), NTP (123), KMS (1688). */
const CONSTANT_PORTS = [53, 80, 123, 1688];

class Cuts {
  /** Only the protocols are asked (`predicateProtocols`): address and port cuts are not kept. */
  constructor(readonly protocolsOnly = false) {}
  readonly addr = new Set<number>([0]);
  readonly proto = new Set<number>([1, 6, 17]);
  readonly tcp = new Set<number>([0]);
  readonly udp = new Set<number>([0]);
  /** Security groups already cut: many interfaces share one (read once, not once per interface). */
  readonly groups = new Set<CSecurityGroup>();

  range(lo: number, hi: number): void {
    if (lo > hi || this.protocolsOnly) return;
    this.addr.add(lo);
    if (hi < MAX_ADDR) this.addr.add(hi + 1);
  }
  /** IPv4 only: the IPv6 header space is not enumerated yet (docs/reach.md, REACH_IPV6_NOT_ENUMERATED). */
  prefix(p: Prefix | null | undefined): void {
    if (p && p.family === 4) this.range(p.base, last4(p));
  }
  one(a: Addr | null | undefined): void {
    if (typeof a === 'number') this.range(a, a);
  }
  rangeSet(s: RangeSet): void {
    for (const [lo, hi] of s.ranges()) this.range(lo, hi);
  }
  /** A port range; `proto` -1 (or unknown) cuts both TCP and UDP. */
  ports(proto: number, lo: number, hi: number): void {
    if (lo > hi || lo < 0 || this.protocolsOnly) return;
    for (const set of proto === 6 ? [this.tcp] : proto === 17 ? [this.udp] : [this.tcp, this.udp]) {
      set.add(lo);
      if (hi < MAX_PORT) set.add(hi + 1);
    }
  }
  portSet(s: RangeSet | undefined, proto = -1): void {
    if (s) for (const [lo, hi] of s.ranges()) this.ports(proto, lo, hi);
  }
  protocol(p: number): void {
    if (p >= 0 && p <= 255) this.proto.add(p);
  }
}

function routeTable(k: Cuts, rt: CRouteTable | undefined): void {
  if (rt) for (const r of rt.routes) k.prefix(r.dest);
}

function securityGroup(k: Cuts, sg: CSecurityGroup): void {
  if (k.groups.has(sg)) return;
  k.groups.add(sg);
  for (const rules of [sg.inbound, sg.outbound])
    for (const r of rules) {
      k.protocol(r.proto);
      if (r.proto === 6 || r.proto === 17) k.ports(r.proto, r.fromPort, r.toPort);
      for (const p of r.prefixes) k.prefix(p);
      if (r.refIps) for (const a of r.refIps) k.one(a);
    }
}

function firewall(k: Cuts, fw: CompiledFirewall): void {
  // IPv4 cuts only, as prefix(): the IPv6 header space is not enumerated (REACH_IPV6_NOT_ENUMERATED).
  k.rangeSet(fw.homeNet.v4);
  for (const r of fw.statelessRules) {
    k.rangeSet(r.src.v4);
    k.rangeSet(r.dst.v4);
    k.portSet(r.sport);
    k.portSet(r.dport);
    if (r.protocols) for (const p of r.protocols) k.protocol(p);
  }
  for (const r of fw.statefulRules) {
    k.protocol(r.ipProto);
    if (r.ipProtoOption) k.protocol(r.ipProtoOption.proto);
    k.rangeSet(r.src.v4);
    k.rangeSet(r.dst.v4);
    k.portSet(r.sport, r.ipProto);
    k.portSet(r.dport, r.ipProto);
  }
}

function netfilterRule(k: Cuts, r: NetfilterRule): void {
  for (const m of r.matches) {
    switch (m.kind) {
      case 'source':
      case 'destination':
        k.prefix(tryCidr4(m.cidr));
        k.one(tryIpv4(m.cidr));
        break;
      case 'protocol':
        k.protocol(m.protocol);
        break;
      case 'source-port':
      case 'destination-port':
      case 'port':
        for (const [lo, hi] of m.ports) k.ports(-1, lo, hi);
        break;
      case 'ctstate': // state, not a header field: the same for every packet of a new flow
      case 'icmp-type': // ICMP is asked as echo request only (docs/reach.md)
      case 'in-interface': // interfaces follow from the path, which the cells already separate
      case 'out-interface':
        break;
    }
  }
  const t = r.target;
  if (t.kind === 'SNAT' || t.kind === 'DNAT') {
    const lo = tryIpv4(t.toAddresses[0]);
    const hi = tryIpv4(t.toAddresses[1]);
    if (lo !== null && hi !== null) k.range(lo, hi);
  }
  if ('toPorts' in t && t.toPorts) k.ports(-1, t.toPorts[0], t.toPorts[1]);
}

function os(k: Cuts, o: CompiledOs): void {
  for (const i of o.ifaces) {
    k.prefix(i.subnet);
    for (const a of i.addresses) k.one(a);
  }
  for (const r of o.routes) {
    k.prefix(r.prefix);
    k.one(r.via);
  }
  for (const table of [o.chains.filter, o.chains.nat])
    for (const chain of table.values()) for (const r of chain.rules) netfilterRule(k, r.source);
}

/** A load balancer's listener ports (the node forwards only those, ELB-1, NLB-1, CLB-1) and its targets' addresses
 * and ports (fixed translations: the cell does not vary them). ALB host/path rules are not header fields. */
function loadBalancer(k: Cuts, lb: CLoadBalancer): void {
  for (const n of lb.nodes) k.one(n.ip);
  for (const l of lb.listeners) {
    if (l.port !== undefined) k.ports(-1, l.port, l.port);
    if (l.instancePort !== undefined) k.ports(-1, l.instancePort, l.instancePort);
    for (const r of l.rules)
      for (const g of r.groups)
        for (const t of g.targets) {
          k.one(t.ip);
          k.ports(-1, t.port, t.port);
        }
  }
  for (const t of lb.classicTargets) {
    k.one(t.ip);
    k.ports(-1, t.port, t.port);
  }
}

/** Transit gateway route tables (TGW-3), what VGWs learned (VPN-5) and their edge tables (RT-11), and the declared
 * on-premises networks and hosts (ONPREM-1): few, so always all of them. */
function transit(k: Cuts, t: CompiledTransit): void {
  for (const g of t.tgws.values())
    for (const table of g.tables.values()) for (const r of table.routes) k.prefix(r.dest);
  for (const v of t.vgws.values()) {
    for (const r of [...v.learnedList, ...v.down]) k.prefix(r.dest);
    routeTable(k, v.routeTable);
  }
  for (const o of t.onPremises) {
    for (const p of o.cidrs) k.prefix(p);
    for (const a of o.hosts.values()) k.one(a);
  }
}

function vpc(k: Cuts, c: CompiledNetwork, v: CVpc): void {
  for (const p of v.cidrs) k.prefix(p);
  k.one(v.dnsAddress);
  routeTable(k, v.mainRouteTable);
  routeTable(k, v.igw?.routeTable);
  for (const s of v.subnets) {
    // The subnet and its reserved addresses: base … base+3 and the broadcast address (ADDR-2).
    const base = s.prefix.base;
    for (let i = 0; i < 4; i++) k.one(base + i);
    k.one(last4(s.prefix));
    k.prefix(s.prefix);
    routeTable(k, s.routeTable);
    for (const r of [...s.nacl.inbound, ...s.nacl.outbound]) {
      k.protocol(r.proto);
      if (r.proto === 6 || r.proto === 17) k.ports(r.proto, r.fromPort, r.toPort);
      k.prefix(r.prefix);
    }
  }
  for (const a of v.byIp.keys()) k.one(a);
  for (const e of c.enis) {
    if (e.subnet.vpc !== v) continue;
    for (const a of e.addrs) k.one(a);
    for (const a of e.publicOf.values()) k.one(a);
    for (const sg of e.sgs) securityGroup(k, sg);
    // Without an OS configuration an instance's stack is the default one (compiled on first read): no netfilter
    // rule, so nothing to add when only the protocols are asked.
    const o = k.protocolsOnly && e.instance?.hasOs !== true ? undefined : e.instance?.os;
    if (o) os(k, o);
    if (e.lbNode) loadBalancer(k, e.lbNode.lb);
    for (const lb of e.interfaceEndpoint?.lbs ?? []) loadBalancer(k, lb);
  }
}

/** The boundaries of every predicate of the VPCs in `vpcs` (all VPCs when omitted), the internet-facing tables,
 * Client VPN endpoints, public and Elastic IPs, and the walk's constants. */
export function predicateBoundaries(
  c: CompiledNetwork,
  vpcs: ReadonlySet<CVpc> = new Set(c.vpcs.values()),
): PredicateBoundaries {
  const k = new Cuts();
  cutAll(k, c, vpcs);
  const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);
  return {
    addresses: sorted(k.addr),
    protocols: sorted(k.proto),
    ports: new Map([
      [6, sorted(k.tcp)],
      [17, sorted(k.udp)],
    ]),
  };
}

/** `predicateBoundaries(c, vpcs).protocols` by the same walk, without collecting the address and port cuts. */
export function predicateProtocols(
  c: CompiledNetwork,
  vpcs: ReadonlySet<CVpc> = new Set(c.vpcs.values()),
): readonly number[] {
  const k = new Cuts(true);
  cutAll(k, c, vpcs);
  return [...k.proto].sort((a, b) => a - b);
}

function cutAll(k: Cuts, c: CompiledNetwork, vpcs: ReadonlySet<CVpc>): void {
  for (const [lo, hi] of CONSTANT_RANGES) k.range(lo, hi);
  for (const p of CONSTANT_PORTS) k.ports(-1, p, p);
  for (const v of vpcs) vpc(k, c, v);
  for (const fe of c.firewallEndpoints.values()) {
    if (!vpcs.has(fe.subnet.vpc)) continue;
    k.one(fe.ip);
    if (fe.firewall) firewall(k, fe.firewall);
  }
  for (const n of c.natGateways.values()) {
    k.one(n.privateIp);
    k.one(n.publicIp);
  }
  for (const g of c.gwlbEndpoints.values()) k.one(g.ip);
  for (const a of c.byPublicIp.keys()) k.one(a);
  for (const a of c.unresolvedEips.keys()) k.one(a);
  for (const v of c.vpcs.values()) for (const p of v.cidrs) k.prefix(p);
  transit(k, c.transit);
  for (const cv of c.clientVpns.values()) {
    k.prefix(cv.clientCidr);
    for (const t of cv.targets) k.one(t.eniIp);
    for (const r of cv.endpoint.routes) k.prefix(tryCidr4(r.destination));
    for (const r of cv.endpoint.authorizationRules) k.prefix(tryCidr4(r.destination));
    for (const t of cv.clients.values()) k.one(t.ip);
  }
}
