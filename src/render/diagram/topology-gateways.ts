/**
 * What joins a VPC to the outside, in the diagram graph: the internet node, internet gateways (with their edge
 * route table, RT-11) and virtual private gateways at VPC level, peerings between their VPCs, Client VPN
 * endpoints with their ENIs in the target subnets (CVPN-3) and the VPN clients outside, and the box listing what
 * the inputs hold that vpcsim does not model (never dropped silently).
 */
import type { Network } from '../../model/network.js';
import type { TopologyBuilder } from './topology-builder.js';
import {
  cmp,
  ids,
  INTERNET_NODE,
  sorted,
  UNKNOWN_REGION,
  UNSUPPORTED_LISTED,
  UNSUPPORTED_NODE,
} from './topology-graph.js';

/**
 * The internet gateways through which some subnet reaches the internet (IGW-1: a subnet is public iff its route
 * table routes to the attached internet gateway). The internet is drawn only when there is one (issue 14): a
 * network with no attached, routed internet gateway does not reach it, and drawing it would say otherwise.
 */
function routedInternetGateways(net: Network, b: TopologyBuilder): Set<string> {
  const attached = new Map<string, string>();
  for (const g of net.internetGateways) {
    if (g.vpc === undefined) continue;
    attached.set(g.id, g.id);
    if (g.awsId !== undefined) attached.set(g.awsId, g.id);
  }
  const routed = new Set<string>();
  for (const s of net.subnets) {
    const rt = b.tableOf(s).id;
    const table = rt !== undefined ? b.assoc.routeTables.get(rt) : undefined;
    for (const r of table?.routes ?? []) {
      const g = r.target.kind === 'internet-gateway' ? attached.get(r.target.id ?? '') : undefined;
      if (g !== undefined && r.state !== 'blackhole') routed.add(g);
    }
  }
  return routed;
}

export function addGateways(net: Network, b: TopologyBuilder): void {
  // --- gateways at VPC level -------------------------------------------------------------------------------
  const routed = routedInternetGateways(net, b);
  if (routed.size > 0)
    b.addNode({
      id: INTERNET_NODE,
      kind: 'internet',
      label: ['the internet'],
      resource: 'internet',
      ips: [],
    });
  for (const g of sorted(net.internetGateways)) {
    const id = ids.igw(g.id);
    const parent = g.vpc !== undefined ? b.ensureVpc(g.vpc) : b.ensureRegion(UNKNOWN_REGION);
    const label = [`internet gateway ${g.id}`];
    if (g.vpc === undefined) label.push('detached');
    // RT-11: the edge-associated table as resolved (by id or AWS id); an unknown one is shown as written.
    const edge = b.assoc.gatewayRouteTables.get(g.id)?.id ?? g.routeTable;
    if (edge) label.push(`gateway route table ${edge}`);
    if (g.vpc !== undefined && !routed.has(g.id))
      label.push('no route to it: no subnet reaches the internet');
    b.addNode({ id, kind: 'internet-gateway', label, parent, resource: g.id, vpc: g.vpc, ips: [] }, g.awsId);
    if (edge) b.mapResource(edge, id);
    if (routed.has(g.id)) b.addEdge({ from: id, to: INTERNET_NODE, kind: 'attachment' });
  }
  for (const g of sorted(net.virtualPrivateGateways)) {
    const id = ids.vgw(g.id);
    const parent = g.vpc !== undefined ? b.ensureVpc(g.vpc) : b.ensureRegion(UNKNOWN_REGION);
    b.addNode(
      {
        id,
        kind: 'virtual-private-gateway',
        label: [`virtual private gateway ${g.id}`],
        parent,
        resource: g.id,
        vpc: g.vpc,
        ips: [],
      },
      g.awsId,
    );
    const edge = b.assoc.gatewayRouteTables.get(g.id)?.id ?? g.routeTable;
    if (edge) b.mapResource(edge, id);
  }

  // --- peerings: between the VPCs, in the region when both sides share it --------------------------------
  for (const p of sorted(net.peerings)) {
    const ra = b.regionOf(p.requesterVpc);
    const rb = b.regionOf(p.accepterVpc);
    const parent = ra === rb ? b.ensureRegion(ra) : undefined;
    const label = [`peering ${p.id}`, `${p.requesterVpc} ↔ ${p.accepterVpc}`];
    if (p.state && p.state !== 'active') label.push(p.state);
    b.addNode({ id: ids.pcx(p.id), kind: 'vpc-peering', label, parent, resource: p.id, ips: [] }, p.awsId);
  }
}

export function addClientVpn(net: Network, b: TopologyBuilder): void {
  // --- Client VPN: endpoint in the region, its ENIs in the target subnets (CVPN-3), clients outside ---------
  for (const c of sorted(net.clientVpnEndpoints)) {
    const id = ids.cvpn(c.id);
    const parent = b.ensureRegion(b.regionOf(c.vpc));
    b.addNode(
      {
        id,
        kind: 'client-vpn-endpoint',
        label: [
          `Client VPN endpoint ${c.id}`,
          `clients ${c.clientCidr}`,
          `split tunnel ${c.splitTunnel ? 'on' : 'off'}`,
        ],
        parent,
        resource: c.id,
        vpc: c.vpc,
        ips: [],
      },
      c.awsId,
    );
    for (const t of sorted(c.targetNetworks)) {
      const w = b.place(t.subnet);
      const eid = ids.cvpnEni(c.id, t.id);
      b.addNode({
        id: eid,
        kind: 'client-vpn-eni',
        label: [
          `Client VPN ENI (${t.id})`,
          t.eniIp ?? '(address assumed)',
          ...(c.securityGroups.length ? [`SG ${c.securityGroups.join(', ')}`] : []),
        ],
        parent: w.parent,
        resource: t.id,
        vpc: w.vpc,
        az: w.az,
        subnet: w.subnet,
        ips: t.eniIp ? [t.eniIp] : [],
      });
      for (const sg of c.securityGroups) b.mapResource(sg, eid);
      b.addEdge({ from: id, to: eid, kind: 'association' });
    }
  }
  for (const v of sorted(net.vpnClients)) {
    const id = ids.client(v.id);
    const label = [`VPN client ${v.id}`, v.tunnelIp ?? '(tunnel address assumed)'];
    if (v.groups.length > 0) label.push(`groups ${v.groups.join(', ')}`);
    b.addNode(
      { id, kind: 'vpn-client', label, resource: v.id, ips: v.tunnelIp ? [v.tunnelIp] : [] },
      v.awsId,
    );
    // Endpoints on the command line and in traces name a client as `client:NAME` (architecture.md §2).
    b.mapResource(`client:${v.id}`, id);
    b.addEdge({ from: id, to: ids.cvpn(v.endpoint), kind: 'association' });
    if (!b.hasNode(ids.cvpn(v.endpoint))) {
      b.addNode({
        id: ids.cvpn(v.endpoint),
        kind: 'external',
        label: [`Client VPN endpoint ${v.endpoint}`, '(not defined)'],
        resource: v.endpoint,
        ips: [],
      });
    }
  }
}

export function addUnsupported(net: Network, b: TopologyBuilder): void {
  // --- what the inputs hold but vpcsim does not model: listed by name in one box, never dropped silently ---
  if (net.unsupported.length > 0) {
    const all = [...net.unsupported].sort((a, b) => cmp(a.id, b.id)).map((u) => `${u.type} ${u.id}`);
    const shown = all.slice(0, UNSUPPORTED_LISTED);
    const more = all.length - shown.length;
    b.addNode({
      id: UNSUPPORTED_NODE,
      kind: 'external',
      label: [`not modelled (${all.length})`, ...shown, ...(more > 0 ? [`… and ${more} more`] : [])],
      resource: UNSUPPORTED_NODE,
      ips: [],
    });
    for (const u of net.unsupported) b.mapResource(u.id, UNSUPPORTED_NODE);
  }
}
