/**
 * The selectors of access scopes, resolved against the compiled network: who sends (`source`), which addresses a
 * flow is sent to (`destination`), and which components a path passes (`through`). Network Access Analyzer's
 * resource statements in vpcsim's names (docs/reach.md, "Access scopes").
 *
 * Senders are canonical — a set of interfaces, a set of VPN clients, internet and on-premises address ranges — so a match path
 * and an exclude path that name the same interface differently (its instance, its subnet, a CIDR) agree. A selector
 * that names nothing is a `ReachError` (a scope that silently matched nothing would pass for the wrong reason).
 */
import type { CEni, CompiledNetwork } from '../../dataplane/compiled.js';
import type { Hop, HopKind } from '../../dataplane/hop.js';
import { ALL_ADDRESSES, addrs4, union, type Interval } from './space.js';
import { initiates, internetAddresses, onPremSources, ReachError, resolveDestinations } from './query.js';

/** Who sends: interfaces (traced from their primary address), VPN clients, internet source ranges, and the
 * source ranges of declared on-premises networks by name (ONPREM-1). */
export interface Senders {
  readonly enis: ReadonlySet<CEni>;
  readonly clients: ReadonlySet<string>;
  readonly internet: readonly Interval[];
  readonly onprem: ReadonlyMap<string, readonly Interval[]>;
}

const addressesOf = (es: readonly CEni[]): Interval[] =>
  union(es.flatMap((e) => addrs4([...e.addrs, ...e.publicOf.values()])));

/** Interfaces a selector names (instance, ENI, subnet, VPC, security group, `type:instance`), or undefined. */
function enisOf(c: CompiledNetwork, sel: string): CEni[] | undefined {
  const inst = c.instances.get(sel);
  if (inst) return inst.enis;
  const eni = c.eniById.get(sel);
  if (eni) return [eni];
  const subnet = c.subnets.get(sel);
  if (subnet) return c.enis.filter((e) => e.subnet === subnet);
  const vpc = c.vpcs.get(sel);
  if (vpc) return c.enis.filter((e) => e.subnet.vpc === vpc);
  if (sel === 'type:instance') return c.enis.filter((e) => e.instance !== undefined);
  const inGroup = c.enis.filter((e) => e.sgs.some((g) => g.id === sel));
  return inGroup.length > 0 ? inGroup : undefined;
}

/** Resolve `source` selectors (absent: `any`). */
export function resolveSenders(c: CompiledNetwork, sels: readonly string[] | undefined): Senders {
  const enis = new Set<CEni>();
  const clients = new Set<string>();
  const internet: Interval[] = [];
  const onprem = new Map<string, Interval[]>();
  for (const sel of sels ?? ['any']) {
    if (sel === 'any') {
      for (const e of c.enis) if (initiates(e)) enis.add(e);
      for (const id of c.clients.keys()) clients.add(id);
      internet.push(...internetAddresses(c));
      for (const o of onPremSources(c)) onprem.set(o.label, o.ranges.slice());
      continue;
    }
    if (sel.startsWith('onprem:')) {
      const o = onPremSources(c, sel.slice(7));
      if (o.length === 0)
        throw new ReachError(`scope source "${sel}": no on-premises network ${sel.slice(7)}`);
      for (const x of o) onprem.set(x.label, x.ranges.slice());
      continue;
    }
    if (sel === 'internet') {
      internet.push(...internetAddresses(c));
      continue;
    }
    const client = sel.startsWith('client:') ? sel.slice(7) : sel;
    if (c.clients.has(client)) {
      clients.add(client);
      continue;
    }
    const named = enisOf(c, sel);
    if (named) {
      for (const e of named) if (initiates(e)) enis.add(e);
      continue;
    }
    // A CIDR or address: the interfaces with an address in it and the internet part of it (as `reach --from`).
    let range: Interval[];
    try {
      range = resolveDestinations(c, sel);
    } catch {
      throw new ReachError(
        `scope source "${sel}" names no instance, network interface, subnet, VPC, security group or VPN client, and is not a CIDR, an address, "internet" or "any"`,
      );
    }
    for (const e of c.enis)
      if (initiates(e) && e.addrs.some((a) => range.some((r) => a >= r.lo && a <= r.hi))) enis.add(e);
    const net = internetAddresses(c);
    for (const r of range)
      for (const n of net) {
        const lo = Math.max(r.lo, n.lo);
        const hi = Math.min(r.hi, n.hi);
        if (lo <= hi) internet.push({ lo, hi });
      }
  }
  return { enis, clients, internet: union(internet), onprem };
}

/** Resolve `destination` selectors (absent: every address) to the addresses a flow is sent to. */
export function resolveTargets(c: CompiledNetwork, sels: readonly string[] | undefined): Interval[] {
  const out: Interval[] = [];
  for (const sel of sels ?? ['any']) {
    if (sel === 'any') return [ALL_ADDRESSES];
    if (sel === 'type:load-balancer') {
      out.push(...addressesOf(c.enis.filter((e) => e.lbNode !== undefined)));
      continue;
    }
    if (sel === 'type:nat-gateway') {
      for (const n of c.natGateways.values())
        out.push(...addrs4(n.publicIp === null ? [n.privateIp] : [n.privateIp, n.publicIp]));
      continue;
    }
    const lb = c.loadBalancing.loadBalancers.get(sel);
    if (lb) {
      out.push(...addressesOf(lb.nodes.map((n) => n.eni)));
      continue;
    }
    const named = sel === 'internet' ? undefined : enisOf(c, sel);
    if (named && !c.subnets.has(sel) && !c.vpcs.has(sel)) {
      out.push(...addressesOf(named));
      continue;
    }
    try {
      out.push(...resolveDestinations(c, sel));
    } catch {
      throw new ReachError(
        `scope destination "${sel}" names no instance, network interface, load balancer, subnet, VPC, security group or VPN client, and is not a CIDR, an address, "internet", "any" or type:load-balancer|instance|nat-gateway`,
      );
    }
  }
  return union(out);
}

/** Hop kinds a `through` selector may name. */
const KINDS: readonly HopKind[] = [
  'firewall-endpoint',
  'gwlb-endpoint',
  'nat-gateway',
  'internet-gateway',
  'egress-only-internet-gateway',
  'vpc-peering',
  'transit-gateway',
  'transit-gateway-attachment',
  'virtual-private-gateway',
  'vpn-connection',
  'load-balancer',
  'interface-endpoint',
  'gateway-endpoint',
  'client-vpn',
  'instance',
  'amazon-service',
];

/** The ids of the components inside a VPC (its subnets, their route tables and network ACLs, interfaces and their
 * instances, gateways, endpoints, transit gateway attachments). */
function vpcComponentIds(c: CompiledNetwork, vpcId: string): Set<string> {
  const ids = new Set<string>();
  const vpc = c.vpcs.get(vpcId);
  if (!vpc) return ids;
  ids.add(vpc.mainRouteTable.id);
  if (vpc.igw) ids.add(vpc.igw.id);
  if (vpc.eigw) ids.add(vpc.eigw.id);
  for (const s of vpc.subnets) ids.add(s.id).add(s.routeTable.id).add(s.nacl.id);
  for (const e of c.enis)
    if (e.subnet.vpc === vpc) {
      ids.add(e.id);
      if (e.instance) ids.add(e.instance.id);
    }
  for (const n of c.natGateways.values()) if (n.subnet.vpc === vpc) ids.add(n.id);
  for (const f of c.firewallEndpoints.values()) if (f.subnet.vpc === vpc) ids.add(f.id).add(f.firewallId);
  for (const g of c.gwlbEndpoints.values()) if (g.subnet.vpc === vpc) ids.add(g.id);
  for (const a of c.transit.attachments.values()) if (a.vpc === vpc) ids.add(a.id);
  return ids;
}

/** Every component id a hop of a trace can carry, for checking `through` names. */
function knownIds(c: CompiledNetwork): Set<string> {
  const ids = new Set<string>();
  for (const v of c.vpcs.keys()) for (const id of vpcComponentIds(c, v)) ids.add(id);
  for (const m of [c.routeTables, c.peerings, c.clientVpns, c.loadBalancing.loadBalancers, c.transit.tgws])
    for (const k of m.keys()) ids.add(k);
  for (const m of [c.transit.vgws, c.transit.vpns, c.transit.dxgws]) for (const k of m.keys()) ids.add(k);
  for (const o of c.transit.onPremises) ids.add(o.id);
  for (const k of c.loadBalancing.targetGroups.keys()) ids.add(k);
  for (const ep of c.loadBalancing.interfaceEndpoints.values()) ids.add(ep.id).add(ep.eni.id);
  return ids;
}

/** A predicate over hops for `through` selectors (any of them matches). */
export function throughMatcher(c: CompiledNetwork, sels: readonly string[]): (h: Hop) => boolean {
  const tests: ((h: Hop) => boolean)[] = [];
  let known: Set<string> | undefined;
  for (const sel of sels) {
    if (sel === 'inspection') {
      tests.push((h) => h.kind === 'firewall-endpoint' || h.kind === 'gwlb-endpoint');
    } else if ((KINDS as readonly string[]).includes(sel)) {
      tests.push((h) => h.kind === sel);
    } else if (sel.startsWith('vpc:')) {
      if (!c.vpcs.has(sel.slice(4))) throw new ReachError(`scope through "${sel}": no VPC ${sel.slice(4)}`);
      const ids = vpcComponentIds(c, sel.slice(4));
      tests.push((h) => ids.has(h.id));
    } else {
      known ??= knownIds(c);
      const id = sel.includes(':') ? sel.slice(sel.indexOf(':') + 1) : sel;
      if (!known.has(id))
        throw new ReachError(
          `scope through "${sel}" names no component of this network (a hop id such as a firewall endpoint or NAT gateway, kind:id, a hop kind such as firewall-endpoint, inspection, or vpc:NAME)`,
        );
      tests.push((h) => h.id === sel || h.owner === sel || `${h.kind}:${h.id}` === sel);
    }
  }
  return (h) => tests.some((t) => t(h));
}
