/**
 * What a change can affect (issue 17 §2 `vpcsim diff`, "re-trace only what changed"): when two versions of a
 * network differ only in the rules of some security groups, the packets whose outcome can differ are those some
 * changed group's rules decide — and where such a group sits only on plain instance interfaces, those packets are
 * known before any trace. `changeScope` says which, or why every packet has to be compared.
 *
 * Why the scope is exact (docs/reach.md "The reachability diff"): every predicate but the changed groups' rules is
 * the same in both versions, so a packet whose walk evaluates none of those rules walks the same way in both. A
 * group's rules are evaluated only at the interfaces that carry it (sgCheck in dataplane/walk/context.ts), and only
 * for a packet that is not the reply of a flow the interface's groups already admitted (SG-2). At a plain interface
 * (an instance's, source/destination check on, ENI-1; no operating-system configuration):
 * - **outbound** rules see only packets the interface sends from its own address: the flows it opens, with the
 *   header they were opened with (no OS to rewrite them); its replies are always tracked (the host answers exactly
 *   what it received). So an outbound change affects only flows *from* the carriers, on the changed rules'
 *   protocols and ports (SG-5: outbound rules match the destination and its port).
 * - **inbound** rules see only packets addressed to the interface's own private address (ENI-1). Such a packet was
 *   sent to that address or to the interface's public address (IGW-2); no other translation can land on it when
 *   the network has no load balancer, endpoint service or iptables `nat` rule (else: every packet is compared). It
 *   keeps its protocol and destination port. So an inbound change affects flows *to* the carriers' addresses, on the
 *   changed rules' protocols and ports — and, when a changed rule can match a reply (destination port 50000, the
 *   source port every trace holds; ICMP echo reply; a protocol without ports), the flows *from* the carriers whose
 *   reply might come back untracked (after an asymmetric translation), on those protocols.
 * A changed rule stands for its protocol and port range whatever its peer: the packets whose decision changed lie
 * inside the union of the added and removed rules' boxes.
 */
import type { CEni, CompiledNetwork } from '../../dataplane/compiled.js';
import type { Network, SecurityGroup, SecurityGroupRule } from '../../model/network.js';
import { DEFAULT_SRC_PORT } from '../trace.js';
import { tryCidr } from '../../net/prefix.js';
import { ALL_PORTS, addrs4, intersect, prefixInterval, union, v4, type Interval } from './space.js';

/** Protocols and ports: `all` — every protocol and port; else protocol number → destination port intervals
 * (`undefined`: every port, or a protocol without ports). */
export type ProtoPorts =
  | { readonly all: true }
  | { readonly all: false; readonly protos: ReadonlyMap<number, readonly Interval[] | undefined> };

/** Packets some changed rules can decide: on these protocols/ports, with the peer address (the source of an inbound
 * packet, the destination of an outbound one) in `peers` (undefined: any address). */
export interface ScopePart {
  readonly ports: ProtoPorts;
  readonly peers: readonly Interval[] | undefined;
}

export type ChangeScope =
  | {
      readonly kind: 'groups';
      /** The security groups whose rules differ. */
      readonly groups: readonly string[];
      /** Interfaces carrying a changed group, and their instances. */
      readonly carriers: ReadonlySet<string>;
      /** Private and public IPv4 addresses of the carriers. */
      readonly addresses: readonly Interval[];
      /** Flows to the carriers' addresses (changed inbound rules), from sources with an address in `peers`. */
      readonly inbound: ScopePart | undefined;
      /** Flows from the carriers (changed outbound rules, to `peers`; and changed inbound rules that can match a
       * reply: every port of their protocols, anywhere). */
      readonly outbound: ScopePart | undefined;
    }
  | { readonly kind: 'whole'; readonly reason: string };

const NO_SPANS = (key: string, value: unknown): unknown =>
  key === 'span' || key === 'spans' ? undefined : value;
const text = (x: unknown): string => JSON.stringify(x, NO_SPANS);

/** Two model values are the same but for spans: the same object (a network built from another shares them), or
 * the same text. */
const same = (x: unknown, y: unknown): boolean => x === y || text(x) === text(y);

/** The rules in one list and not the other (as multisets, spans left out). */
function changedRules(a: readonly SecurityGroupRule[], b: readonly SecurityGroupRule[]): SecurityGroupRule[] {
  if (a === b) return [];
  const ta = a.map(text);
  const count = new Map<string, number>();
  for (const t of ta) count.set(t, (count.get(t) ?? 0) + 1);
  const extra: SecurityGroupRule[] = [];
  for (const r of b) {
    const t = text(r);
    const n = count.get(t) ?? 0;
    if (n > 0) count.set(t, n - 1);
    else extra.push(r);
  }
  const missing = a.filter((_, i) => {
    const t = ta[i] as string;
    const n = count.get(t) ?? 0;
    if (n > 0) count.set(t, n - 1);
    return n > 0;
  });
  return [...missing, ...extra];
}

/** Two collections are the same but for spans, element by element. */
function sameList(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (!Array.isArray(x) || !Array.isArray(y)) return same(x, y);
  return x.length === y.length && x.every((v, i) => same(v, y[i]));
}

/** The protocols and ports of some rules; `reply`: only those of rules that can match a reply packet. */
function protoPortsOf(rules: readonly SecurityGroupRule[], reply: boolean): ProtoPorts | undefined {
  const protos = new Map<number, Interval[] | undefined>();
  for (const r of rules) {
    if (r.protocol === -1) return { all: true };
    const ported = r.protocol === 6 || r.protocol === 17;
    const icmp = r.protocol === 1 || r.protocol === 58;
    if (reply) {
      // A reply's destination port is the source port every trace holds; an ICMP reply is an echo reply (0; 129).
      if (ported && r.ports && !(r.ports.from <= DEFAULT_SRC_PORT && DEFAULT_SRC_PORT <= r.ports.to))
        continue;
      if (icmp && r.icmp && r.icmp.type !== -1 && r.icmp.type !== (r.protocol === 1 ? 0 : 129)) continue;
      protos.set(r.protocol, undefined);
      continue;
    }
    if (!ported) {
      protos.set(r.protocol, undefined);
      continue;
    }
    const had = protos.get(r.protocol);
    if (protos.has(r.protocol) && had === undefined) continue; // already every port
    const range: Interval = r.ports ? { lo: r.ports.from, hi: r.ports.to } : ALL_PORTS;
    protos.set(r.protocol, r.ports ? union([...(had ?? []), range]) : undefined);
  }
  return protos.size > 0 ? { all: false, protos } : undefined;
}

function mergePorts(x: ProtoPorts, y: ProtoPorts): ProtoPorts {
  if (x.all || y.all) return { all: true };
  const protos = new Map(x.protos);
  for (const [p, ports] of y.protos) {
    const had = protos.get(p);
    if (!protos.has(p)) protos.set(p, ports);
    else protos.set(p, had === undefined || ports === undefined ? undefined : union([...had, ...ports]));
  }
  return { all: false, protos };
}

function mergeParts(x: ScopePart | undefined, y: ScopePart | undefined): ScopePart | undefined {
  if (!x || !y) return x ?? y;
  return {
    ports: mergePorts(x.ports, y.ports),
    peers: x.peers && y.peers ? union([...x.peers, ...y.peers]) : undefined,
  };
}

/** The IPv4 addresses a rule's peer matches (SG-5, SG-6: a reference is the private IPs of the group's
 * interfaces; IPv6 peers match no IPv4 packet, V6-7); undefined when it cannot be told. */
function peerAddresses(c: CompiledNetwork, r: SecurityGroupRule): Interval[] | undefined {
  const peer = r.peer;
  if (peer.kind === 'cidr') {
    const p = tryCidr(peer.cidr);
    return p ? v4([prefixInterval(p)]) : undefined;
  }
  if (peer.kind === 'prefix-list') {
    const list = c.network.prefixLists.find((l) => l.id === peer.prefixList);
    if (!list) return undefined;
    const ps = list.entries.map((e) => tryCidr(e));
    return ps.every((p) => p !== null) ? v4(ps.map((p) => prefixInterval(p))) : undefined;
  }
  return c.enis.filter((e) => e.sgs.some((g) => g.id === peer.group)).flatMap((e) => addrs4(e.addrs));
}

/** The peers of some rules in both versions (undefined: some peer cannot be told, so any address). */
function peersOf(
  cs: readonly CompiledNetwork[],
  rules: readonly SecurityGroupRule[],
): Interval[] | undefined {
  const out: Interval[] = [];
  for (const c of cs)
    for (const r of rules) {
      const xs = peerAddresses(c, r);
      if (!xs) return undefined;
      out.push(...xs);
    }
  return union(out);
}

/** Addresses a device gives the packets it forwards as their source (NAT gateways, Client VPN endpoints: NGW-1,
 * CVPN-3): a packet from anywhere may carry one of them when it reaches a carrier. */
function translatedSources(c: CompiledNetwork): Interval[] {
  const xs: number[] = [];
  for (const n of c.natGateways.values()) {
    xs.push(n.privateIp);
    if (n.publicIp !== null) xs.push(n.publicIp);
  }
  for (const e of c.enis) if (e.clientVpn !== undefined) xs.push(...e.addrs);
  return addrs4(xs);
}

/** Why an interface carrying a changed group is not a plain one, if it is not. */
function notPlain(e: CEni): string | undefined {
  const owner = e.model.owner;
  if (owner !== undefined && owner !== 'instance') return `${e.id} belongs to a ${owner}`;
  if (!e.sourceDestCheck) return `${e.id} forwards (source/destination check off)`;
  if (e.instance?.model.os) return `${e.instance.id} has an operating-system configuration`;
  return undefined;
}

/** A model value mentions `id` (as a whole string) anywhere inside. */
function mentions(x: unknown, ids: ReadonlySet<string>): boolean {
  if (typeof x === 'string') return ids.has(x);
  if (Array.isArray(x)) return x.some((y) => mentions(y, ids));
  if (x !== null && typeof x === 'object') return Object.values(x).some((y) => mentions(y, ids));
  return false;
}

/** A destination translation somewhere in the network could land a packet on any interface. */
function translatesDestinations(n: Network): string | undefined {
  if ((n.loadBalancers ?? []).length > 0) return 'the network has load balancers';
  if ((n.endpointServices ?? []).length > 0) return 'the network has endpoint services';
  for (const i of n.instances) {
    const os = i.os;
    if (!os) continue;
    for (const nf of [os.netfilter, os.netfilter6]) {
      const nat = nf?.tables.nat;
      if (nat && Object.values(nat.chains).some((ch) => ch.rules.length > 0))
        return `${i.id} has iptables nat rules`;
    }
  }
  return undefined;
}

/** Which packets can change from `before` to `after` (module comment). */
export function changeScope(before: CompiledNetwork, after: CompiledNetwork): ChangeScope {
  const b = before.network;
  const a = after.network;
  const whole = (reason: string): ChangeScope => ({ kind: 'whole', reason });
  const keys = new Set([...Object.keys(b), ...Object.keys(a)] as (keyof Network)[]);
  for (const k of keys) if (k !== 'securityGroups' && !sameList(b[k], a[k])) return whole(`${k} changed`);
  const byId = (gs: readonly SecurityGroup[]): Map<string, SecurityGroup> =>
    new Map(gs.map((g) => [g.id, g]));
  const gb = byId(b.securityGroups);
  const ga = byId(a.securityGroups);
  if (gb.size !== b.securityGroups.length || ga.size !== a.securityGroups.length)
    return whole('a security group id is used twice');
  const groups: string[] = [];
  let inRules: SecurityGroupRule[] = [];
  let outRules: SecurityGroupRule[] = [];
  for (const id of new Set([...gb.keys(), ...ga.keys()])) {
    const x = gb.get(id);
    const y = ga.get(id);
    if (!x || !y) return whole(`security group ${id} ${x ? 'removed' : 'added'}`);
    if (x === y) continue;
    if (!same({ ...x, inbound: [], outbound: [] }, { ...y, inbound: [], outbound: [] }))
      return whole(`security group ${id} changed beyond its rules`);
    const ins = changedRules(x.inbound, y.inbound);
    const outs = changedRules(x.outbound, y.outbound);
    if (ins.length === 0 && outs.length === 0) continue;
    groups.push(id);
    inRules = [...inRules, ...ins];
    outRules = [...outRules, ...outs];
  }
  const changed = new Set(groups);
  const carriers = new Set<string>();
  const addresses: Interval[] = [];
  for (const c of [before, after])
    for (const e of c.enis) {
      if (!e.sgs.some((g) => changed.has(g.id))) continue;
      const why = notPlain(e);
      if (why) return whole(`${why} and carries a changed security group`);
      carriers.add(e.id);
      if (e.instance) carriers.add(e.instance.id);
      addresses.push(...addrs4(e.addrs), ...addrs4(e.publicOf.values()), ...publicOf(c, e));
    }
  // Anything else that names a changed group (a load balancer's, an endpoint's, a Client VPN endpoint's groups).
  for (const n of [b, a])
    for (const k of keys)
      if (k !== 'securityGroups' && k !== 'networkInterfaces' && k !== 'vpcs' && mentions(n[k], changed))
        return whole(`${k} name a changed security group`);
  const inPorts = protoPortsOf(inRules, false);
  if (inPorts) {
    const why = translatesDestinations(b) ?? translatesDestinations(a);
    if (why) return whole(`${why}: a changed inbound rule may decide packets sent to other addresses`);
  }
  const both = [before, after];
  // An inbound packet's source is its sender's address, its public address past an internet gateway (IGW-2), or
  // a translating device's: when a changed rule's peer holds a device's address, any sender may be in it.
  let inPeers = peersOf(both, inRules);
  if (inPeers && intersect(inPeers, [...translatedSources(before), ...translatedSources(after)]).length > 0)
    inPeers = undefined;
  const outPorts = protoPortsOf(outRules, false);
  const replyPorts = protoPortsOf(inRules, true);
  return {
    kind: 'groups',
    groups,
    carriers,
    addresses: union(addresses),
    inbound: inPorts && { ports: inPorts, peers: inPeers },
    outbound: mergeParts(
      outPorts && { ports: outPorts, peers: peersOf(both, outRules) },
      replyPorts && { ports: replyPorts, peers: undefined },
    ),
  };
}

/** The IPv4 addresses a named source sends from, or is seen from past an internet gateway (IGW-2): its interface's
 * private and public addresses; undefined when the endpoint is not an interface or an instance. */
export function sourceAddresses(c: CompiledNetwork, endpoint: string): Interval[] | undefined {
  const enis = c.eniById.get(endpoint) ? [c.eniById.get(endpoint) as CEni] : c.instances.get(endpoint)?.enis;
  if (!enis) return undefined;
  return union(enis.flatMap((e) => [...addrs4(e.addrs), ...addrs4(e.publicOf.values()), ...publicOf(c, e)]));
}

/** The public addresses the internet gateway maps to an interface (IGW-2), from `byPublicIp` (read once). */
function publicOf(c: CompiledNetwork, e: CEni): Interval[] {
  let byEni = c.memo.get('public-by-eni') as Map<CEni, number[]> | undefined;
  if (!byEni) {
    byEni = new Map();
    for (const [pub, t] of c.byPublicIp)
      if (t.kind === 'eni' && typeof pub === 'number') byEni.set(t.eni, [...(byEni.get(t.eni) ?? []), pub]);
    c.memo.set('public-by-eni', byEni);
  }
  return addrs4(byEni.get(e) ?? []);
}
