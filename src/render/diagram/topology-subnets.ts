/**
 * Subnets in the diagram graph: each a cluster in its VPC › AZ, holding one "router" node that stands for the
 * route table and network ACL in effect (RT-9, NACL-4; implied ones labelled, not mapped: they have no input
 * position). Route tables and NACLs are drawn through their subnets, so their ids map onto the routers.
 */
import type { Network } from '../../model/network.js';
import type { TopologyBuilder } from './topology-builder.js';
import { ids, sorted, UNKNOWN_AZ } from './topology-graph.js';

export function addSubnets(net: Network, b: TopologyBuilder): void {
  for (const s of sorted(net.subnets)) {
    const az = s.az ?? UNKNOWN_AZ;
    const parent = b.ensureAz(s.vpc, az);
    const id = ids.subnet(s.id);
    const title = s.name && s.name !== s.id ? `subnet ${s.id} (${s.name})` : `subnet ${s.id}`;
    b.addCluster({
      id,
      kind: 'subnet',
      label: [title, [s.cidr, s.ipv6Cidr].filter(Boolean).join(', ')],
      parent,
      resource: s.id,
    });
    b.mapResource(s.id, id);
    const rt = b.tableOf(s);
    const acl = b.naclOf(s);
    b.addNode(
      {
        id: ids.router(s.id),
        kind: 'subnet-router',
        label: [`route table ${rt.note}`, `NACL ${acl.note}`],
        parent: id,
        resource: s.id,
        vpc: s.vpc,
        az,
        subnet: s.id,
        ips: [],
      },
      s.awsId,
    );
    if (rt.id !== undefined) b.mapResource(rt.id, ids.router(s.id));
    if (acl.id !== undefined) b.mapResource(acl.id, ids.router(s.id));
  }
  for (const r of net.routeTables)
    if (r.awsId) for (const n of b.nodesOf(r.id) ?? []) b.mapResource(r.awsId, n);
  for (const a of net.networkAcls)
    if (a.awsId) for (const n of b.nodesOf(a.id) ?? []) b.mapResource(a.awsId, n);
}
