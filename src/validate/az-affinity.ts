/**
 * Lint: routes that cross Availability Zones to a per-AZ component when the same component exists in the
 * subnet's own AZ (issue 13 "also check"). AWS forwards such traffic — the data plane follows the route as
 * written — but it pays cross-AZ transfer and fails with the other AZ:
 *
 * - NGW-10: a NAT gateway is AZ-scoped; the resilient design is one per AZ, each AZ's subnets routed to their own.
 *   A subnet routed to a NAT gateway in another AZ while its VPC has one (of the same connectivity) in the
 *   subnet's AZ is almost always a copied or shared route table.
 * - NFW-1/NFW-4: a firewall has one endpoint per AZ; a subnet routed to the endpoint of another AZ while the
 *   firewall has one in its own AZ — and likewise an internet gateway's edge route for a subnet's CIDR (RT-11)
 *   that points at another AZ's endpoint — sends the two directions of a flow through different endpoints when
 *   the other direction uses the local one, and Network Firewall drops asymmetric flows (NFW-4).
 *
 * One warning per route, naming the subnets (and AZs) it affects. Subnets or components without a known AZ are
 * skipped.
 */
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import { covers, tryCidr4 } from '../net/prefix.js';
import type { Network, Route, RouteTable } from '../model/network.js';
import type { Associations } from '../associations/resolve.js';

/** A per-AZ component a route can target: its AZ and its siblings (same NAT role or same firewall). */
interface Placed {
  readonly id: string;
  readonly az: string;
  /** Components interchangeable with it, one per AZ: `natgw:public:vpc` or `fw:<firewall>`. */
  readonly family: string;
  readonly what: string;
  readonly ref: string;
}

function placedComponents(net: Network): { byId: Map<string, Placed>; byFamily: Map<string, Placed[]> } {
  const azOf = new Map(net.subnets.map((s) => [s.id, s] as const));
  const byId = new Map<string, Placed>();
  const byFamily = new Map<string, Placed[]>();
  const add = (ids: (string | undefined)[], p: Placed): void => {
    for (const id of ids) if (id !== undefined) byId.set(id, p);
    const list = byFamily.get(p.family) ?? [];
    list.push(p);
    byFamily.set(p.family, list);
  };
  for (const n of net.natGateways) {
    const s = azOf.get(n.subnet);
    if (s?.az === undefined || (n.state !== undefined && n.state !== 'available')) continue;
    const family = `natgw:${n.connectivity}:${s.vpc}`;
    add([n.id, n.awsId], { id: n.id, az: s.az, family, what: 'NAT gateway', ref: 'NGW-10' });
  }
  for (const f of net.firewalls) {
    for (const ep of f.endpoints) {
      const az = azOf.get(ep.subnet)?.az;
      if (az === undefined) continue;
      add([ep.id], {
        id: ep.id,
        az,
        family: `fw:${f.id}`,
        what: `endpoint of firewall ${f.id}`,
        ref: 'NFW-1',
      });
    }
  }
  return { byId, byFamily };
}

export function validateAzAffinity(net: Network, assoc: Associations): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { byId, byFamily } = placedComponents(net);
  const subnets = new Map(net.subnets.map((s) => [s.id, s] as const));
  // Route → the subnets (in another AZ than its target, with a sibling in their own AZ) it serves.
  const crossing = new Map<Route, { table: RouteTable; target: Placed; subnets: string[] }>();
  const note = (table: RouteTable, r: Route, target: Placed, subnet: string): void => {
    const c = crossing.get(r) ?? { table, target, subnets: [] };
    c.subnets.push(subnet);
    crossing.set(r, c);
  };
  const sibling = (target: Placed, az: string): Placed | undefined =>
    byFamily.get(target.family)?.find((p) => p.az === az);
  for (const [subnetId, a] of assoc.subnets) {
    const s = subnets.get(subnetId);
    const t = assoc.routeTables.get(a.routeTable.id);
    if (s?.az === undefined || !t) continue;
    for (const r of t.routes) {
      const target = r.target.id !== undefined ? byId.get(r.target.id) : undefined;
      if (target && target.az !== s.az && sibling(target, s.az)) note(t, r, target, s.id);
    }
  }
  // RT-11: an edge route table's route for a subnet's CIDR decides which endpoint inspects its inbound traffic.
  for (const [, g] of assoc.gatewayRouteTables) {
    const t = assoc.routeTables.get(g.id);
    if (!t) continue;
    for (const r of t.routes) {
      const target = r.target.id !== undefined ? byId.get(r.target.id) : undefined;
      const dest = r.destination !== undefined ? tryCidr4(r.destination) : null;
      if (!target || !dest) continue;
      for (const s of net.subnets) {
        const p = tryCidr4(s.cidr ?? '');
        if (s.az === undefined || !p || !covers(dest, p)) continue;
        if (target.az !== s.az && sibling(target, s.az)) note(t, r, target, s.id);
      }
    }
  }
  for (const [r, c] of crossing) {
    const where = c.subnets
      .map((id) => {
        const s = subnets.get(id);
        const own = s?.az !== undefined ? sibling(c.target, s.az) : undefined;
        return `${id} (${s?.az ?? '?'}, which has ${own?.id ?? '?'})`;
      })
      .join(', ');
    out.push(
      warning(
        'CROSS_AZ_ROUTE',
        `route ${r.destination ?? r.destinationPrefixList ?? ''} -> ${c.target.id} in ${c.table.id} sends traffic of ${where} to the ${c.target.what} in ${c.target.az}: it crosses Availability Zones and fails with ${c.target.az}${c.target.ref === 'NFW-1' ? '; if the other direction uses the local endpoint, Network Firewall drops the flow as asymmetric (NFW-4)' : ''} (${c.target.ref})`,
        r.span ?? c.table.span,
        { resource: c.table.id, ref: c.target.ref },
      ),
    );
  }
  return out;
}
