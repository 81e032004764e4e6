/**
 * Network Firewall lint — what AWS accepts but is almost always a mistake: workloads in a firewall subnet (NFW-2),
 * routes sending peering traffic to a firewall endpoint (NFW-3), and HOME_NET not covering the sources routed to
 * the firewall while domain rules are written for $HOME_NET (NFW-12, NFW-13).
 */
import type { Firewall } from '../model/firewall.js';
import type { Network, RouteTable } from '../model/network.js';
import type { Associations } from '../associations/resolve.js';
import { covers, tryCidr, tryCidr4, type Prefix4 } from '../net/prefix.js';
import { parseAddressSpec, type AddrNode } from '../model/suricata/address.js';
import { AddrSet } from '../net/addr-set.js';
import { resolveAddress } from '../dataplane/firewall/resolve.js';
import { byId, type Emit } from './firewall-common.js';

/** Firewall subnets: subnet id → firewall id. */
function firewallSubnets(net: Network): Map<string, string> {
  const m = new Map<string, string>();
  for (const fw of net.firewalls) for (const ep of fw.endpoints) m.set(ep.subnet, fw.id);
  return m;
}

/** NFW-2: workloads in a firewall subnet are not inspected (their traffic uses the firewall subnet's routes). */
export function lintWorkloads(net: Network, emit: Emit): void {
  const fwSubnets = firewallSubnets(net);
  for (const eni of net.networkInterfaces) {
    const fw = fwSubnets.get(eni.subnet);
    if (fw === undefined) continue;
    const isWorkload =
      eni.owner === 'instance' ||
      eni.owner === 'lambda' ||
      (eni.owner === undefined && eni.instance !== undefined);
    if (!isWorkload) continue;
    const inst = eni.instance ? byId(net.instances, eni.instance) : undefined;
    const what = inst
      ? `instance ${inst.id} (${eni.id}, ${eni.addresses[0]?.private ?? 'no address'})`
      : `${eni.owner ?? 'workload'} ENI ${eni.id}`;
    emit(
      'warning',
      'FIREWALL_SUBNET_HAS_WORKLOADS',
      `${what} is in firewall subnet ${eni.subnet} of firewall ${fw}: its traffic follows the firewall subnet's route table and is not inspected; keep workloads out of firewall subnets`,
      inst?.span ?? eni.span,
      inst?.id ?? eni.id,
      'NFW-2',
    );
  }
}

function endpointIds(net: Network): Map<string, Firewall> {
  const m = new Map<string, Firewall>();
  for (const fw of net.firewalls) {
    m.set(fw.id, fw);
    for (const ep of fw.endpoints) m.set(ep.id, fw);
  }
  return m;
}

function peerCidrs(net: Network, vpcId: string): { cidr: Prefix4; pcx: string }[] {
  const out: { cidr: Prefix4; pcx: string }[] = [];
  for (const p of net.peerings) {
    const other =
      p.requesterVpc === vpcId ? p.accepterVpc : p.accepterVpc === vpcId ? p.requesterVpc : undefined;
    if (other === undefined) continue;
    const v = byId(net.vpcs, other);
    for (const c of v?.cidrs ?? []) {
      const pr = tryCidr4(c);
      if (pr) out.push({ cidr: pr, pcx: p.id });
    }
  }
  return out;
}

/** NFW-3: Network Firewall does not inspect traffic over VPC peering. */
export function lintPeering(net: Network, emit: Emit): void {
  const eps = endpointIds(net);
  for (const rt of net.routeTables) {
    const peers = peerCidrs(net, rt.vpc);
    if (peers.length === 0) continue;
    for (const route of rt.routes) {
      if (route.target.kind !== 'firewall-endpoint' || route.destination === undefined) continue;
      const fw = route.target.id ? eps.get(route.target.id) : undefined;
      const dest = tryCidr4(route.destination);
      if (!dest) continue;
      // Only routes inside a peer VPC's range: a default route to the firewall does not by itself carry peering traffic.
      const hit = peers.find((p) => covers(p.cidr, dest));
      if (!hit) continue;
      emit(
        'warning',
        'FIREWALL_PEERING_INSPECTION',
        `route table ${rt.id} sends ${route.destination} (reached over peering ${hit.pcx}) to firewall endpoint ${route.target.id ?? ''}${fw ? ` of ${fw.id}` : ''}; Network Firewall does not support inspecting VPC peering traffic`,
        route.span ?? rt.span,
        rt.id,
        'NFW-3',
      );
    }
  }
}

/** The route table in effect for a subnet (RT-9: explicit, else the VPC's main table, implied or not). */
function tableOfSubnet(net: Network, assoc: Associations, subnetId: string): RouteTable | undefined {
  const s = byId(net.subnets, subnetId);
  const a = s ? assoc.subnets.get(s.id) : undefined;
  return a ? assoc.routeTables.get(a.routeTable.id) : undefined;
}

/** A HOME_NET definition as a set of addresses (both families); entries that do not parse contribute nothing. */
function homeNetSet(def: readonly string[]): AddrSet {
  if (def.length === 0) return AddrSet.empty();
  const items = def.map((d): AddrNode => {
    const p = parseAddressSpec(d);
    return p.ok ? p.node : { kind: 'not', inner: { kind: 'any' } };
  });
  return resolveAddress({ kind: 'list', items }, { ip: {}, port: {} }, () => undefined);
}

/** NFW-12/NFW-13: HOME_NET must cover the sources whose traffic the domain rules are meant for. */
export function lintHomeNet(net: Network, assoc: Associations, fw: Firewall, emit: Emit): void {
  const policy = byId(net.firewallPolicies, fw.policy);
  if (!policy) return;
  const eps = endpointIds(net);
  const mine = (id: string | undefined): boolean => id !== undefined && eps.get(id) === fw;
  // Sources: subnets whose route table sends traffic to this firewall, and (centralised inspection) destinations
  // the firewall subnets route back to a transit gateway.
  const sources: { cidr: string; why: string }[] = [];
  for (const s of net.subnets) {
    const t = tableOfSubnet(net, assoc, s.id);
    if (t?.routes.some((r) => r.target.kind === 'firewall-endpoint' && mine(r.target.id))) {
      // Both families: a dual-stack subnet's IPv6 traffic reaches the firewall too (V6-12).
      for (const cidr of [s.cidr, s.ipv6Cidr])
        if (cidr !== undefined)
          sources.push({ cidr, why: `subnet ${s.id} routes to the firewall through ${t.id}` });
    }
  }
  for (const ep of fw.endpoints) {
    const t = tableOfSubnet(net, assoc, ep.subnet);
    for (const r of t?.routes ?? []) {
      if (
        r.target.kind === 'transit-gateway' &&
        r.destination !== undefined &&
        r.destination !== '0.0.0.0/0' &&
        r.destination !== '::/0'
      ) {
        sources.push({
          cidr: r.destination,
          why: `firewall subnet table ${t?.id ?? ''} routes it to transit gateway ${r.target.id ?? ''} (a spoke behind the firewall)`,
        });
      }
    }
  }
  if (sources.length === 0) return;
  const vpc = fw.vpc === undefined ? undefined : byId(net.vpcs, fw.vpc);
  // NFW-13: the default HOME_NET is the inspection VPC's CIDRs, IPv6 ones included (as dataplane/firewall/compile.ts).
  const vpcCidrs = vpc ? [...vpc.cidrs, ...(vpc.ipv6Cidrs ?? [])] : [];
  for (const ref of policy.statefulRuleGroups) {
    const g = byId(net.ruleGroups, ref.ruleGroup);
    if (!g || g.type !== 'STATEFUL') continue;
    const usesHome =
      g.domainList !== undefined ||
      (g.suricataRules ?? []).some(
        (r) =>
          r.options.some((o) => o.keyword === 'tls.sni' || o.keyword === 'http.host') &&
          r.source.includes('$HOME_NET'),
      );
    if (!usesHome) continue;
    const def = g.variables?.['HOME_NET'] ?? policy.variables?.['HOME_NET'] ?? vpcCidrs;
    const homeSet = homeNetSet(def);
    for (const src of sources) {
      const p = tryCidr(src.cidr);
      if (!p) continue;
      const need = AddrSet.ofPrefixes([p]);
      if (homeSet.covers(need)) continue;
      emit(
        'warning',
        'FIREWALL_HOME_NET_NOT_COVERING',
        `rule group ${g.id} applies to sources in HOME_NET (${def.join(', ') || 'empty'}), but ${src.cidr} (${src.why}) is outside it, so its domain rules do not apply to that traffic; add ${src.cidr} to HOME_NET (policy variables or the rule group's IP sets)`,
        g.span ?? policy.span,
        g.id,
        'NFW-13',
      );
    }
  }
}
