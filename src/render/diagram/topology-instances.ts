/**
 * Instances and network interfaces in the diagram graph: an instance in the subnet of its primary ENI, labelled
 * with its addresses, security groups and what makes it forward (ip_forward, source/destination check off);
 * secondary ENIs in their own subnets joined to it; standalone ENIs folded into the service node that owns them
 * (NAT gateway, firewall endpoint, VPC endpoint, Client VPN) when one is drawn there, else drawn on their own.
 * Placeholder addresses (ADDR-2) are labelled "assumed", as traces mark them.
 */
import type { Network, NetworkInterface } from '../../model/network.js';
import type { TopologyBuilder } from './topology-builder.js';
import { ids, sorted, UNKNOWN_AZ, UNKNOWN_REGION, type NodeKind } from './topology-graph.js';

export const eniIps = (e: NetworkInterface): string[] =>
  e.addresses.flatMap((a) => (a.public ? [a.private, a.public] : [a.private]));
/** True when the input leaves any of `fields` to vpcsim (a placeholder it chose: ADDR-2, 198.18.0.0/15). */
export const isAssumed = (r: { assumed?: readonly string[] | undefined }, ...fields: string[]): boolean =>
  (r.assumed ?? []).some((f) => fields.includes(f));
export const mark = (ip: string, assumed: boolean): string => (assumed ? `${ip} assumed` : ip);
const eniLine = (e: NetworkInterface): string => {
  const priv = isAssumed(e, 'addresses', 'privateIp');
  const pub = isAssumed(e, 'addresses.public', 'publicIp');
  return e.addresses
    .map((a) => `${mark(a.private, priv)}${a.public ? ` (${mark(a.public, pub)})` : ''}`)
    .join(', ');
};

/** Instances and their ENIs; returns the ENIs drawn (ENI id → node id) for addInterfaces. */
export function addInstances(net: Network, b: TopologyBuilder): Map<string, string> {
  // --- instances and their ENIs ---------------------------------------------------------------------------
  const eniDrawnBy = new Map<string, string>();
  for (const inst of sorted(net.instances)) {
    const enis = inst.interfaces
      .map((e) => b.eniById(e))
      .filter((e): e is NetworkInterface => e !== undefined);
    const primary = enis[0];
    const nodeId = ids.instance(inst.id);
    const head = inst.name && inst.name !== inst.id ? `${inst.id} (${inst.name})` : inst.id;
    const tags: string[] = [];
    if (inst.os?.ipForward) tags.push('ip_forward');
    if (enis.some((e) => !e.sourceDestCheck)) tags.push('src/dst check off');
    if (inst.state && inst.state !== 'running') tags.push(inst.state);
    const label = [`instance ${head}`];
    if (primary) {
      label.push(eniLine(primary));
      if (primary.securityGroups.length > 0) label.push(`SG ${primary.securityGroups.join(', ')}`);
    }
    if (tags.length > 0) label.push(tags.join(', '));
    const where = primary
      ? b.place(primary.subnet)
      : { parent: b.ensureRegion(UNKNOWN_REGION), vpc: '', az: UNKNOWN_AZ, subnet: '' };
    b.addNode(
      {
        id: nodeId,
        kind: 'instance',
        label,
        parent: where.parent,
        resource: inst.id,
        vpc: where.vpc,
        az: where.az,
        subnet: where.subnet,
        ips: primary ? eniIps(primary) : [],
      },
      inst.awsId,
    );
    if (primary) {
      for (const sg of primary.securityGroups) b.mapResource(sg, nodeId);
      eniDrawnBy.set(primary.id, nodeId);
      b.mapResource(primary.id, nodeId);
      if (primary.awsId) b.mapResource(primary.awsId, nodeId);
    }
    // Secondary ENIs (eth1…) are drawn in their own subnets, labelled with the instance.
    enis.slice(1).forEach((e, i) => {
      const w = b.place(e.subnet);
      const id = ids.eni(e.id);
      b.addNode(
        {
          id,
          kind: 'network-interface',
          label: [
            `${inst.id} eth${e.deviceIndex ?? i + 1} (${e.id})`,
            eniLine(e),
            ...(e.securityGroups.length ? [`SG ${e.securityGroups.join(', ')}`] : []),
          ],
          parent: w.parent,
          resource: e.id,
          vpc: w.vpc,
          az: w.az,
          subnet: w.subnet,
          ips: eniIps(e),
        },
        e.awsId,
      );
      for (const sg of e.securityGroups) b.mapResource(sg, id);
      eniDrawnBy.set(e.id, id);
      b.addEdge({ from: nodeId, to: id, kind: 'attachment' });
    });
  }
  return eniDrawnBy;
}

/** ENIs that are no instance's: folded into their service's node when one is there, else drawn on their own. */
export function addInterfaces(
  net: Network,
  b: TopologyBuilder,
  eniDrawnBy: ReadonlyMap<string, string>,
): void {
  const serviceKinds: Partial<Record<string, NodeKind>> = {
    'nat-gateway': 'nat-gateway',
    'firewall-endpoint': 'firewall-endpoint',
    'gwlb-endpoint': 'gwlb-endpoint',
    'interface-endpoint': 'interface-endpoint',
    'load-balancer': 'load-balancer',
    'client-vpn': 'client-vpn-eni',
  };
  for (const e of sorted(net.networkInterfaces)) {
    if (eniDrawnBy.has(e.id)) continue;
    const svc = e.owner ? serviceKinds[e.owner] : undefined;
    const w = b.place(e.subnet);
    const ips = eniIps(e);
    if (svc) {
      const host = [...b.nodes()].find(
        (n) =>
          n.kind === svc &&
          n.subnet === w.subnet &&
          (n.ips.length === 0 || n.ips.some((ip) => ips.includes(ip))),
      );
      if (host) {
        for (const sg of e.securityGroups) b.mapResource(sg, host.id);
        b.mapResource(e.id, host.id);
        if (e.awsId) b.mapResource(e.awsId, host.id);
        continue;
      }
    }
    b.addNode(
      {
        id: ids.eni(e.id),
        kind: 'network-interface',
        label: [
          `ENI ${e.id}${e.owner ? ` (${e.owner})` : ''}`,
          eniLine(e),
          ...(e.securityGroups.length ? [`SG ${e.securityGroups.join(', ')}`] : []),
          ...(!e.sourceDestCheck ? ['src/dst check off'] : []),
        ],
        parent: w.parent,
        resource: e.id,
        vpc: w.vpc,
        az: w.az,
        subnet: w.subnet,
        ips,
      },
      e.awsId,
    );
    for (const sg of e.securityGroups) b.mapResource(sg, ids.eni(e.id));
  }
}
