/**
 * Route edges in the diagram graph: from each subnet's router to the target of every route of the table in effect
 * (RT-9), and from each internet gateway to the targets of its edge route table (RT-11), labelled with the
 * destination (blackholes say so). A target the input does not define gets an "external" node named after it.
 */
import type { Network, Route, RouteTarget } from '../../model/network.js';
import type { TopologyBuilder } from './topology-builder.js';
import { ids, sorted } from './topology-graph.js';

export function addRoutes(net: Network, b: TopologyBuilder): void {
  // --- route edges: subnet router → target, and gateway route tables (RT-11) -----------------------------
  const targetNode = (t: RouteTarget, vpcId: string): string | undefined => {
    if (t.kind === 'local') return undefined;
    const id = t.id ?? '';
    const known = b.nodesOf(id);
    const candidates = known ? [...known].sort() : [];
    const preferred = candidates.find((c) => b.node(c)?.vpc === vpcId) ?? candidates[0];
    if (preferred !== undefined && b.hasNode(preferred)) return preferred;
    const ext = ids.external(t.kind, id || '?');
    if (!b.hasNode(ext)) {
      b.addNode({
        id: ext,
        kind: 'external',
        label: [`${t.kind} ${id || '?'}`, '(not in the input)'],
        resource: id || ext,
        ips: [],
      });
    }
    return ext;
  };
  const routeLabel = (r: Route): string => {
    const dest = r.destination ?? r.destinationPrefixList ?? '?';
    return r.state === 'blackhole' ? `${dest} (blackhole)` : dest;
  };
  for (const s of sorted(net.subnets)) {
    const rt = b.tableOf(s).id;
    const table = rt !== undefined ? b.assoc.routeTables.get(rt) : undefined;
    if (!table) continue;
    for (const r of table.routes) {
      const to = targetNode(r.target, s.vpc);
      if (to !== undefined) b.addEdge({ from: ids.router(s.id), to, kind: 'route', label: routeLabel(r) });
    }
  }
  for (const g of sorted(net.internetGateways)) {
    const edge = b.assoc.gatewayRouteTables.get(g.id);
    const table = edge ? b.assoc.routeTables.get(edge.id) : undefined;
    if (!table) continue;
    for (const r of table.routes) {
      const to = targetNode(r.target, table.vpc);
      if (to !== undefined) b.addEdge({ from: ids.igw(g.id), to, kind: 'route', label: routeLabel(r) });
    }
  }
}
