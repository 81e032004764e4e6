/**
 * What a network-wide question is about: the sources (`--from`) and the destination addresses (`--to`) of
 * `vpcsim reach`, `exposure` and `matrix`, resolved against the compiled network.
 *
 * Sources: a resource that sends (instance, ENI, VPN client: traced as `vpcsim trace --from NAME` does), a subnet,
 * VPC or CIDR (every ENI address in it, each a source of its own), or `internet` (every address that is not the
 * network's: a range source, cut like any other dimension). Destinations: a resource's addresses (private and
 * public, IGW-2), a subnet's or VPC's CIDRs, a CIDR or address, `internet`, or everything.
 * Unknown names are usage errors (`ReachError`), never guesses.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import { last4, tryCidr, tryCidr4, tryIpv4, type Prefix, type Prefix4 } from '../../net/prefix.js';
import type { CEni, CompiledNetwork, CVpc } from '../../dataplane/compiled.js';
import { warning, type Diagnostic } from '../../diag/diagnostic.js';
import {
  addrs4,
  ALL_ADDRESSES,
  intersect,
  minus,
  prefixInterval,
  union,
  v4,
  type Interval,
} from './space.js';

export class ReachError extends Error {}

/** REACH_IPV6_NOT_ENUMERATED when the network holds IPv6 addresses or prefixes: the answers cover IPv4 only. */
export function ipv6Warnings(c: CompiledNetwork): Diagnostic[] {
  const v6 =
    [...c.vpcs.values()].some((v) => v.cidrs.some((p) => p.family === 6)) ||
    c.enis.some((e) => e.addrs6.length > 0);
  if (!v6) return [];
  return [
    warning(
      'REACH_IPV6_NOT_ENUMERATED',
      'this network has IPv6 addresses; network-wide answers (reach, exposure, matrix, diff, scopes) cover the IPv4 header space only — the IPv6 header space is not yet enumerated: trace IPv6 flows one by one with vpcsim trace',
      undefined,
      { ref: 'V6-7' },
    ),
  ];
}

/** One source of a question. `named`: traced from `endpoint` (a name or literal address); `range`: from each cell
 * of `ranges` (internet addresses). */
export type ReachSource =
  | {
      readonly kind: 'named';
      readonly label: string;
      readonly endpoint: string;
      readonly vpcs: ReadonlySet<CVpc>;
    }
  | {
      readonly kind: 'range';
      readonly label: string;
      readonly ranges: readonly Interval[];
      readonly vpcs: ReadonlySet<CVpc>;
    };

const one = (a: number): Interval => ({ lo: a, hi: a });

/** The addresses the network itself holds or routes internally: VPC CIDRs, public and Elastic IPs, client CIDRs,
 * declared on-premises networks. */
export function networkAddresses(c: CompiledNetwork): Interval[] {
  const xs: Interval[] = [];
  for (const v of c.vpcs.values()) xs.push(...v4(v.cidrs.map(prefixInterval)));
  xs.push(...addrs4(c.byPublicIp.keys()), ...addrs4(c.unresolvedEips.keys()));
  for (const n of c.natGateways.values()) if (n.publicIp !== null) xs.push(...addrs4([n.publicIp]));
  for (const cv of c.clientVpns.values()) if (cv.clientCidr) xs.push(...v4([prefixInterval(cv.clientCidr)]));
  return union(xs);
}

/** IPv4 ranges no internet host sends from or is reached at (RFC 6890 special-purpose blocks that are not
 * globally routable): "this network" 0.0.0.0/8, RFC 1918 and RFC 6598 space (IGW-3), loopback 127.0.0.0/8,
 * link-local 169.254.0.0/16 (ADDR-4), multicast and reserved 224.0.0.0/3. */
const NOT_INTERNET: readonly Interval[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
].flatMap((t) => {
  const p = tryCidr4(t);
  return p ? [{ lo: p.base, hi: last4(p) }] : [];
});

/** Every address of the internet: the globally routable IPv4 space minus the network's own addresses. */
export function internetAddresses(c: CompiledNetwork): Interval[] {
  return minus([ALL_ADDRESSES], [...NOT_INTERNET, ...networkAddresses(c)]);
}

/** VPCs reachable from `start`: across active peerings (PCX-1) and, from a VPC with an internet gateway or a
 * NAT gateway, every VPC with an internet gateway (through public IPs, IGW-2). */
export function reachableVpcs(c: CompiledNetwork, start: Iterable<CVpc>): Set<CVpc> {
  const out = new Set<CVpc>();
  const todo = [...start];
  const internetVpcs = [...c.vpcs.values()].filter((v) => v.igw !== undefined);
  const toInternet = (v: CVpc): boolean =>
    v.igw !== undefined || [...c.natGateways.values()].some((n) => n.subnet.vpc === v);
  for (let v = todo.pop(); v !== undefined; v = todo.pop()) {
    if (out.has(v)) continue;
    out.add(v);
    for (const p of v.peerings) if (p.active) todo.push(p.a === v ? p.b : p.a);
    // A transit gateway reaches every VPC attached to it or to a gateway peered with it (TGW-4, TGW-14): more
    // VPCs than a route may lead to only add boundaries, never lose exactness.
    for (const g of c.transit.tgws.values())
      if (g.byVpc.has(v.id))
        for (const att of g.attachments) {
          if (att.vpc) todo.push(att.vpc);
          for (const pa of att.peer?.tgw.attachments ?? []) if (pa.vpc) todo.push(pa.vpc);
        }
    // PrivateLink: an interface endpoint leads to its service's load balancers in the provider VPC (PL-1).
    for (const ep of c.loadBalancing.interfaceEndpoints.values())
      if (ep.eni.subnet.vpc === v)
        for (const lb of ep.lbs) for (const n of lb.nodes) todo.push(n.eni.subnet.vpc);
    if (toInternet(v)) todo.push(...internetVpcs);
  }
  return out;
}

/** An ENI that opens connections of its own: not a Client VPN ENI (its clients do), not a load-balancer node or an
 * interface endpoint (they only forward what they are sent, ELB-1, PL-1), and with an IPv4 address. */
export function initiates(e: CEni): boolean {
  return (
    e.clientVpn === undefined &&
    e.lbNode === undefined &&
    e.interfaceEndpoint === undefined &&
    e.addrs.length > 0
  );
}

function eniLabel(e: CEni): string {
  const inst = e.instance;
  return inst && inst.enis[0] === e ? inst.id : e.id;
}

/** Every ENI that sends on its own (not a Client VPN ENI), as sources traced from their primary address. */
export function eniSources(c: CompiledNetwork, filter: (e: CEni) => boolean = () => true): ReachSource[] {
  // Every interface of a VPC reaches the same VPCs: found once per VPC (the walk is over every VPC).
  const byVpc = new Map<CVpc, Set<CVpc>>();
  const reachable = (v: CVpc): Set<CVpc> => {
    let r = byVpc.get(v);
    if (!r) {
      r = reachableVpcs(c, [v]);
      byVpc.set(v, r);
    }
    return r;
  };
  return c.enis
    .filter((e) => initiates(e) && filter(e))
    .map((e) => ({
      kind: 'named' as const,
      label: eniLabel(e),
      endpoint: e.id,
      vpcs: reachable(e.subnet.vpc),
    }));
}

/** The internet as one range source. */
export function internetSource(
  c: CompiledNetwork,
  within?: readonly Interval[],
): Extract<ReachSource, { kind: 'range' }> {
  const all = internetAddresses(c);
  const ranges = within ? intersect(all, within) : all;
  const vpcs = reachableVpcs(
    c,
    [...c.vpcs.values()].filter((v) => v.igw !== undefined),
  );
  return { kind: 'range', label: 'internet', ranges, vpcs };
}

/**
 * Every declared on-premises network as a range source (ONPREM-1), or the one named: its CIDRs, less the addresses a
 * trace resolves to something else — the network's own (VPC CIDRs, public IPs: a VPC address wins, as in
 * `vpcsim trace`) and the more specific CIDRs of another declared network (longest match). Its header space is
 * asked against every VPC (more boundaries only cost time).
 */
export function onPremSources(c: CompiledNetwork, only?: string): Extract<ReachSource, { kind: 'range' }>[] {
  const nets = c.transit.onPremises;
  const own = networkAddresses(c);
  const vpcs = new Set(c.vpcs.values());
  return nets
    .filter((o) => only === undefined || o.id === only)
    .map((o) => {
      // Range sources are IPv4 (the header space of `reach`); an on-premises IPv6 CIDR is traced by name only.
      const ranges = o.cidrs.filter(isPrefix4).flatMap((p) => {
        const longer = nets
          .filter((n) => n !== o)
          .flatMap((n) =>
            n.cidrs
              .filter(isPrefix4)
              .filter((q) => q.len > p.len)
              .map((q) => ({ lo: q.base, hi: last4(q) })),
          );
        return minus([{ lo: p.base, hi: last4(p) }], [...own, ...longer]);
      });
      return { kind: 'range' as const, label: `onprem:${o.id}`, ranges: union(ranges), vpcs };
    });
}

const isPrefix4 = (p: Prefix): p is Prefix4 => p.family === 4;

/**
 * Every VPN client as a source. A client of an endpoint that is unknown or did not compile (its errors are reported
 * by validation) has no tunnel address and cannot send: a ReachError naming it, not a trace that throws midway
 * (fuzz long run session11-million, native:108045: a scope from such a client was an internal error).
 */
export function clientSources(c: CompiledNetwork): ReachSource[] {
  const out: ReachSource[] = [];
  for (const cl of c.clients.values()) {
    const cv = c.clientVpns.get(cl.endpoint);
    if (!cv || cv.clients.get(cl.id)?.ip === undefined)
      throw new ReachError(
        `VPN client ${cl.id} has no tunnel address (Client VPN endpoint ${cl.endpoint} is unknown or has errors): the answer would leave it out`,
      );
    const vpc = c.vpcs.get(cv.endpoint.vpc);
    out.push({
      kind: 'named',
      label: `client:${cl.id}`,
      endpoint: `client:${cl.id}`,
      vpcs: reachableVpcs(c, vpc ? [vpc] : []),
    });
  }
  return out;
}

function parseRange(text: string): Interval | undefined {
  if (text.includes(':') && tryCidr(text.includes('/') ? text : `${text}/128`))
    throw new ReachError(
      `${text} is an IPv6 address or prefix: vpcsim reach does not yet enumerate the IPv6 header space (REACH_IPV6_NOT_ENUMERATED); trace IPv6 flows one by one with vpcsim trace`,
    );
  const p = tryCidr4(text);
  if (p && text.includes('/')) return { lo: p.base, hi: last4(p) };
  const a = tryIpv4(text);
  return a === null ? undefined : one(a);
}

/** Resolve `--from`. */
export function resolveSources(c: CompiledNetwork, from: string): ReachSource[] {
  if (from === 'internet') return [internetSource(c)];
  const name = from.startsWith('client:') ? from.slice(7) : from;
  if (c.clients.has(name)) return clientSources(c).filter((s) => s.label === `client:${name}`);
  if (from.startsWith('onprem:')) {
    const src = onPremSources(c, from.slice(7));
    if (src.length === 0)
      throw new ReachError(
        `--from ${from}: no on-premises network ${from.slice(7)} (declared: ${c.transit.onPremises.map((o) => o.id).join(', ') || 'none'})`,
      );
    return src;
  }
  for (const o of c.transit.onPremises) {
    const host = o.hosts.get(from);
    if (host !== undefined)
      return [{ kind: 'named', label: from, endpoint: from, vpcs: new Set(c.vpcs.values()) }];
  }
  const inst = c.instances.get(from);
  if (inst) {
    const e = inst.enis[0];
    if (!e) throw new ReachError(`instance ${from} has no network interface`);
    return [{ kind: 'named', label: from, endpoint: from, vpcs: reachableVpcs(c, [e.subnet.vpc]) }];
  }
  const eni = c.eniById.get(from);
  if (eni) return [{ kind: 'named', label: from, endpoint: from, vpcs: reachableVpcs(c, [eni.subnet.vpc]) }];
  const subnet = c.subnets.get(from);
  if (subnet) return eniSources(c, (e) => e.subnet === subnet);
  const vpc = c.vpcs.get(from);
  if (vpc) return eniSources(c, (e) => e.subnet.vpc === vpc);
  const r = parseRange(from);
  if (!r)
    throw new ReachError(
      `--from "${from}" names no instance, network interface, VPN client, on-premises network (onprem:NAME) or host, subnet or VPC, and is not an address, a CIDR or "internet"`,
    );
  const out: ReachSource[] = [];
  for (const e of c.enis) {
    if (!initiates(e)) continue;
    for (const a of e.addrs)
      if (a >= r.lo && a <= r.hi)
        out.push({
          kind: 'named',
          label: `${eniLabel(e)} (${formatIpv4(a)})`,
          endpoint: formatIpv4(a),
          vpcs: reachableVpcs(c, [e.subnet.vpc]),
        });
  }
  const outside = internetSource(c, [r]);
  if (outside.ranges.length > 0) out.push({ ...outside, label: `internet (${from})` });
  if (out.length === 0)
    throw new ReachError(
      `--from ${from}: no network interface and no internet address in this range can send`,
    );
  return out;
}

/** Resolve `--to` (undefined: every address). */
export function resolveDestinations(c: CompiledNetwork, to: string | undefined): Interval[] {
  if (to === undefined) return [ALL_ADDRESSES];
  if (to === 'internet') return internetAddresses(c);
  const name = to.startsWith('client:') ? to.slice(7) : to;
  const cl = c.clients.get(name);
  if (cl) {
    const ip = c.clientVpns.get(cl.endpoint)?.clients.get(cl.id)?.ip;
    if (ip === undefined) throw new ReachError(`VPN client ${name} has no tunnel address`);
    return [one(ip)];
  }
  const enis = c.instances.get(to)?.enis ?? (c.eniById.get(to) ? [c.eniById.get(to) as CEni] : undefined);
  if (enis) return union(enis.flatMap((e) => [...e.addrs, ...e.publicOf.values()].map(one)));
  const subnet = c.subnets.get(to);
  if (subnet) {
    if (subnet.prefix6 && subnet.prefix.len === 32 && subnet.prefix.base === 0)
      throw new ReachError(
        `subnet ${to} is IPv6-only: vpcsim reach does not yet enumerate the IPv6 header space (REACH_IPV6_NOT_ENUMERATED)`,
      );
    return [{ lo: subnet.prefix.base, hi: last4(subnet.prefix) }];
  }
  const vpc = c.vpcs.get(to);
  if (vpc) return union(v4(vpc.cidrs.map(prefixInterval)));
  const r = parseRange(to);
  if (!r)
    throw new ReachError(
      `--to "${to}" names no instance, network interface, VPN client, subnet or VPC, and is not an address, a CIDR or "internet"`,
    );
  return [r];
}
