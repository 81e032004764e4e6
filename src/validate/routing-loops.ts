/**
 * Lint for routing loops and NAT gateways that cannot reach the internet (issue 13 §8). AWS accepts both; traffic
 * that meets them is lost.
 *
 * - Loops (RT-1): a route sends a destination to a component that forwards without changing the destination — a
 *   NAT gateway (NGW-2 only rewrites the source), a Network Firewall endpoint or a Gateway Load Balancer endpoint —
 *   and the route table of that component's subnet sends the same destination on, until a component repeats.
 *   The classic case: a public NAT gateway placed in a subnet whose default route points at that NAT gateway.
 *   One warning per cycle, naming it (`pub-rt → natgw → pub-rt`), as the trace's `ROUTING_LOOP` does.
 * - NGW-1: a public NAT gateway reaches the internet through its VPC's internet gateway, so its subnet must be a
 *   public subnet; one whose route table has no route to an internet gateway strands everything sent to it.
 *
 * The route table of a subnet is its explicit association, else the VPC's main table (RT-9). Only IPv4 CIDR
 * routes are followed; the destination is represented by the route's first address.
 */
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import { contains4, formatPrefix, tryCidr4, type Prefix4 } from '../net/prefix.js';
import type { Network, Route, RouteTable } from '../model/network.js';
import { resolveAssociations, type Associations } from '../associations/resolve.js';

/** A forwarding component a route can target, and the subnet it lives in. */
interface Forwarder {
  readonly id: string;
  readonly subnet: string;
}

function forwarders(net: Network): Map<string, Forwarder> {
  const out = new Map<string, Forwarder>();
  const add = (ids: (string | undefined)[], f: Forwarder): void => {
    for (const id of ids) if (id !== undefined) out.set(id, f);
  };
  for (const n of net.natGateways) add([n.id, n.awsId], { id: n.id, subnet: n.subnet });
  for (const fw of net.firewalls)
    for (const ep of fw.endpoints) add([ep.id], { id: ep.id, subnet: ep.subnet });
  for (const ep of net.vpcEndpoints) {
    const subnet = ep.subnets?.[0];
    if (ep.type === 'gateway-load-balancer' && subnet !== undefined)
      add([ep.id, ep.awsId], { id: ep.id, subnet });
  }
  return out;
}

/** Each subnet's route table in effect (RT-9: explicit, else the VPC's main table), from the associations. */
function subnetTables(assoc: Associations): Map<string, RouteTable> {
  const out = new Map<string, RouteTable>();
  for (const [id, a] of assoc.subnets) {
    const t = assoc.routeTables.get(a.routeTable.id);
    if (t) out.set(id, t);
  }
  return out;
}

/** Longest-prefix match over a table's IPv4 CIDR routes (RT-1). */
function lookup(t: RouteTable, addr: number): { route: Route; dest: Prefix4 } | undefined {
  let best: { route: Route; dest: Prefix4 } | undefined;
  for (const route of t.routes) {
    const dest = route.destination !== undefined ? tryCidr4(route.destination) : null;
    if (!dest || !contains4(dest, addr)) continue;
    if (!best || dest.len > best.dest.len) best = { route, dest };
  }
  return best;
}

export function validateRoutingLoops(
  net: Network,
  assoc: Associations = resolveAssociations(net),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const fwd = forwarders(net);
  const tables = subnetTables(assoc);
  const reported = new Set<string>();
  for (const t of net.routeTables) {
    for (const r of t.routes) {
      const dest = r.destination !== undefined ? tryCidr4(r.destination) : null;
      const first = r.target.id !== undefined ? fwd.get(r.target.id) : undefined;
      if (!dest || !first || r.target.kind === 'local') continue;
      // Follow the destination from component to component; a component seen twice closes a cycle.
      const path: string[] = [];
      const seen = new Map<string, number>();
      let at: Forwarder | undefined = first;
      while (at && !seen.has(at.id)) {
        seen.set(at.id, path.length);
        path.push(at.id);
        const next = tables.get(at.subnet);
        const hit = next ? lookup(next, dest.base) : undefined;
        // No route on (or one to a non-forwarding target): the destination leaves the chain, no loop.
        at = next && hit?.route.target.id !== undefined ? fwd.get(hit.route.target.id) : undefined;
        if (at && next) path.push(next.id);
      }
      if (!at || !seen.has(at.id)) continue;
      const cycle = [...path.slice(seen.get(at.id)), at.id];
      const key = [...new Set(cycle)].sort().join(' ');
      if (reported.has(key)) continue;
      reported.add(key);
      out.push(
        warning(
          'ROUTING_LOOP',
          `traffic for ${formatPrefix(dest)} goes round in a loop: ${cycle.join(' → ')} — each route sends it on unchanged and it is lost (RT-1; a trace stops with ROUTING_LOOP)`,
          r.span ?? t.span,
          { resource: t.id, ref: 'RT-1' },
        ),
      );
    }
  }
  out.push(...strandedNatGateways(net, tables));
  return out;
}

/** NGW-1: a public NAT gateway needs a route to an internet gateway in its own subnet's route table. */
function strandedNatGateways(net: Network, tables: ReadonlyMap<string, RouteTable>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const n of net.natGateways) {
    if (n.connectivity !== 'public') continue;
    const t = tables.get(n.subnet);
    if (t?.routes.some((r) => r.target.kind === 'internet-gateway')) continue;
    out.push(
      warning(
        'NAT_GATEWAY_SUBNET_NOT_PUBLIC',
        `public NAT gateway ${n.id} is in subnet ${n.subnet}, whose route table ${t?.id ?? '(main, local routes only)'} has no route to an internet gateway: what it translates cannot reach the internet (NGW-1: a public NAT gateway lives in a public subnet)`,
        n.span,
        { resource: n.id, ref: 'NGW-1' },
      ),
    );
  }
  return out;
}
