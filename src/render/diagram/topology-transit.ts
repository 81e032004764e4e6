/**
 * Transit gateways in the diagram graph (B10): one node per gateway, drawn between the VPCs it attaches — in their
 * region when they share one, else at top level — labelled with its route tables (associations → routes), and an
 * attachment edge to the router of each attachment subnet (the ENI per AZ, TGW-8), to the peer gateway (TGW-14)
 * and to a transit-gateway-attached firewall's endpoint per AZ (TGW-15). The gateway's attachments and route
 * tables map onto its node, so a traced path through the gateway lights it up.
 */
import type { Network } from '../../model/network.js';
import type { TgwRouteTable } from '../../model/transit-gateway.js';
import type { TopologyEdge } from './topology-graph.js';
import type { TopologyBuilder } from './topology-builder.js';

export const tgwNodeId = (t: string): string => `tgw:${t}`;
const fwNodeId = (endpoint: string): string => `fwe:${endpoint}`;

/** `rt-spoke: att-a, att-b → 0.0.0.0/0 att-hub` — who is associated, and the routes written in the table. */
function tableLine(t: TgwRouteTable): string {
  const assoc = (t.associations ?? []).join(', ') || 'no association';
  const routes = t.routes.map(
    (r) =>
      `${r.destination ?? r.destinationPrefixList ?? '?'} ${r.blackhole ? 'blackhole' : (r.attachment ?? '?')}`,
  );
  const props =
    (t.propagations ?? []).length > 0 ? [`propagated from ${(t.propagations ?? []).join(', ')}`] : [];
  return `table ${t.id}${t.isDefault ? ' (default)' : ''}: ${assoc} → ${[...routes, ...props].join('; ') || 'no routes'}`;
}

export function addTransitGateways(net: Network, b: TopologyBuilder): void {
  const attachments = net.transitGatewayAttachments ?? [];
  const tables = net.transitGatewayRouteTables ?? [];
  const sorted = <T extends { readonly id: string }>(xs: readonly T[]): T[] =>
    [...xs].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const gateways = new Map<string, string>();
  for (const g of net.transitGateways ?? []) {
    gateways.set(g.id, g.id);
    if (g.awsId !== undefined) gateways.set(g.awsId, g.id);
  }
  // TGW-14: a peering joins two gateway nodes, added once both exist.
  const peerings: TopologyEdge[] = [];
  for (const g of sorted(net.transitGateways ?? [])) {
    const own = sorted(attachments.filter((a) => a.transitGateway === g.id || a.transitGateway === g.awsId));
    const regions = new Set(own.flatMap((a) => (a.vpc !== undefined ? [b.regionOf(a.vpc)] : [])));
    if (g.region !== undefined) regions.add(g.region);
    const only = regions.size === 1 ? [...regions][0] : undefined;
    const id = tgwNodeId(g.id);
    const myTables = sorted(tables.filter((t) => t.transitGateway === g.id || t.transitGateway === g.awsId));
    b.addNode(
      {
        id,
        kind: 'transit-gateway',
        label: [
          `transit gateway ${g.id}${g.name && g.name !== g.id ? ` (${g.name})` : ''}`,
          ...myTables.map(tableLine),
        ],
        parent: only !== undefined ? b.ensureRegion(only) : undefined,
        resource: g.id,
        ips: [],
      },
      g.awsId,
    );
    for (const t of myTables) {
      b.mapResource(t.id, id);
      b.mapResource(t.awsId, id);
    }
    for (const a of own) {
      b.mapResource(a.id, id);
      b.mapResource(a.awsId, id);
      const label = `${a.id}${a.applianceMode ? ' (appliance mode)' : ''}${a.state !== undefined && a.state !== 'available' ? ` ${a.state}` : ''}`;
      if (a.kind === 'vpc')
        for (const s of a.subnets ?? []) {
          const to = b.routerOf(s);
          if (to !== undefined) b.addEdge({ from: id, to, kind: 'attachment', label });
        }
      else if (a.kind === 'peering' && a.peerTransitGateway !== undefined) {
        const peer = gateways.get(a.peerTransitGateway);
        if (peer !== undefined) peerings.push({ from: id, to: tgwNodeId(peer), kind: 'attachment', label });
      } else if (a.kind === 'network-function')
        addFirewall(
          net,
          b,
          { node: id, parent: only !== undefined ? b.ensureRegion(only) : undefined },
          a.firewall,
          label,
        );
    }
  }
  for (const e of peerings) b.addEdge(e);
}

/** TGW-15: the attached firewall's endpoint per AZ, `<firewall>@<AZ>` as traces name it. */
function addFirewall(
  net: Network,
  b: TopologyBuilder,
  tgw: { readonly node: string; readonly parent: string | undefined },
  fwId: string | undefined,
  label: string,
): void {
  const fw = net.firewalls.find((f) => f.id === fwId || (f.awsId !== undefined && f.awsId === fwId));
  if (!fw || fw.endpoints.length > 0) return; // a VPC firewall is drawn in its subnets already
  for (const az of [...(fw.availabilityZones ?? [])].sort()) {
    const ep = `${fw.id}@${az}`;
    const node = fwNodeId(ep);
    b.addNode({
      id: node,
      kind: 'firewall-endpoint',
      label: [`firewall endpoint ${ep}`, `firewall ${fw.id} (transit gateway attached)`],
      parent: tgw.parent,
      resource: ep,
      az,
      ips: [],
    });
    b.mapResource(fw.id, node);
    b.addEdge({ from: tgw.node, to: node, kind: 'attachment', label });
  }
}
