/**
 * Services that live in subnets, in the diagram graph: NAT gateways (their addresses, assumed ones marked),
 * Network Firewall endpoints (NFW-1), and VPC endpoints — GWLB and interface endpoints in their (first) subnet,
 * gateway endpoints at VPC level.
 */
import type { Network } from '../../model/network.js';
import type { TopologyBuilder } from './topology-builder.js';
import { ids, sorted, type NodeKind } from './topology-graph.js';
import { isAssumed, mark } from './topology-instances.js';

export function addServices(net: Network, b: TopologyBuilder): void {
  // --- NAT gateways ---------------------------------------------------------------------------------------
  for (const n of sorted(net.natGateways)) {
    const w = b.place(n.subnet);
    const priv = mark(n.privateIp, isAssumed(n, 'privateIp'));
    const addr = n.publicIp ? `${priv} (${mark(n.publicIp, isAssumed(n, 'publicIp'))})` : priv;
    const label = [`NAT gateway ${n.id}`, `${n.connectivity} · ${addr}`];
    if (n.state && n.state !== 'available') label.push(n.state);
    b.addNode(
      {
        id: ids.nat(n.id),
        kind: 'nat-gateway',
        label,
        parent: w.parent,
        resource: n.id,
        vpc: w.vpc,
        az: w.az,
        subnet: w.subnet,
        ips: [n.privateIp, ...(n.publicIp ? [n.publicIp] : [])],
      },
      n.awsId,
    );
  }

  // --- Network Firewall endpoints (NFW-1) ------------------------------------------------------------------
  for (const f of sorted(net.firewalls)) {
    for (const e of sorted(f.endpoints)) {
      const w = b.place(e.subnet);
      const id = ids.fwe(e.id);
      b.addNode({
        id,
        kind: 'firewall-endpoint',
        label: [
          `firewall endpoint ${e.id}${isAssumed(f, 'endpoints') ? ' (id assumed)' : ''}`,
          `firewall ${f.id}${e.ip ? ` · ${mark(e.ip, isAssumed(f, 'endpoints', 'endpoints.ip'))}` : ''}`,
        ],
        parent: w.parent,
        resource: e.id,
        vpc: w.vpc,
        az: w.az,
        subnet: w.subnet,
        ips: e.ip ? [e.ip] : [],
      });
      b.mapResource(f.id, id);
      if (f.awsId) b.mapResource(f.awsId, id);
    }
  }

  // --- VPC endpoints: GWLB and interface endpoints in their subnets, gateway endpoints at VPC level ----------
  for (const e of sorted(net.vpcEndpoints)) {
    const kind: NodeKind =
      e.type === 'gateway-load-balancer'
        ? 'gwlb-endpoint'
        : e.type === 'interface'
          ? 'interface-endpoint'
          : 'gateway-endpoint';
    const title =
      e.type === 'gateway-load-balancer'
        ? 'GWLB endpoint'
        : e.type === 'interface'
          ? 'interface endpoint'
          : 'gateway endpoint';
    const label = [`${title} ${e.id}`, e.service];
    if (e.type === 'gateway-load-balancer' && e.inspection === 'drop') label.push('appliance drops');
    // PL-1: one ENI per subnet (AZ), each with its address.
    const addrs = Object.entries(e.addresses ?? {}).sort(([a], [b2]) => (a < b2 ? -1 : a > b2 ? 1 : 0));
    if (e.type === 'interface' && (e.subnets?.length ?? 0) > 0)
      label.push((e.subnets ?? []).map((s) => `${s} ${e.addresses?.[s] ?? '(address assumed)'}`).join(', '));
    if (e.type === 'gateway' || !e.subnets || e.subnets.length === 0) {
      b.addNode(
        { id: ids.vpce(e.id), kind, label, parent: b.ensureVpc(e.vpc), resource: e.id, vpc: e.vpc, ips: [] },
        e.awsId,
      );
    } else {
      const first = e.subnets[0] ?? '';
      const w = b.place(first);
      b.addNode(
        {
          id: ids.vpce(e.id),
          kind,
          label,
          parent: w.parent,
          resource: e.id,
          vpc: w.vpc,
          az: w.az,
          subnet: w.subnet,
          ips: addrs.map(([, ip]) => ip),
        },
        e.awsId,
      );
    }
  }
}
