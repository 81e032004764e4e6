/**
 * Route tables compiled, with the routes AWS adds to them: a gateway endpoint's prefix-list route in each table it
 * is given (RT-18) and the routes a virtual private gateway propagates (VPN-3), a prefix list already routed
 * explicitly keeping its explicit route. Each route's target is resolved (route-target.ts, RT-7). Then the
 * associations decide which table each VPC (main, RT-9), subnet and gateway (edge, RT-11) uses.
 */
import type { Prefix } from '../net/prefix.js';
import type { Network, Route } from '../model/network.js';
import type { Associations } from '../associations/resolve.js';
import type { CIgw, CRouteTable, CSubnet, CTarget, CVpc } from './compiled.js';
import { compileRouteTable } from './route-table.js';
import { resolveRouteTarget, type TargetIndex } from './route-target.js';

/** Compile every table (the input's and the implied ones) and wire VPCs, subnets and gateways to theirs. */
export function compileRouteTables(
  net: Network,
  assoc: Associations,
  vpcs: ReadonlyMap<string, CVpc>,
  subnets: ReadonlyMap<string, CSubnet>,
  igws: ReadonlyMap<string, CIgw>,
  targets: TargetIndex,
  propagated: ReadonlyMap<string, readonly Route[]>,
  parse: (t: string) => Prefix | null,
  plLookup: (id: string) => readonly Prefix[] | undefined,
): Map<string, CRouteTable> {
  const transit = targets.transit;
  const gatewayTables = new Set([...assoc.gatewayRouteTables.values()].map((a) => a.id));
  const resolveTarget = (r: Route, vpc: CVpc): { target: CTarget; blackhole: string | null } =>
    resolveRouteTarget(r, vpc, targets);
  // RT-18: a gateway endpoint adds a route (its service prefix list → the endpoint) to each table it is given.
  const implied = new Map<string, Route[]>();
  for (const ep of net.vpcEndpoints) {
    if (ep.type !== 'gateway' || ep.prefixList === undefined) continue;
    for (const t of ep.routeTables ?? []) {
      const list = implied.get(t) ?? [];
      list.push({
        destinationPrefixList: ep.prefixList,
        target: { kind: 'gateway-endpoint', id: ep.id },
        origin: 'auto',
        span: ep.span,
      });
      implied.set(t, list);
    }
  }
  const routeTables = new Map<string, CRouteTable>();
  for (const model of [...net.routeTables, ...assoc.implied.routeTables]) {
    const vpc = vpcs.get(model.vpc);
    if (!vpc) continue;
    const gw = implied.get(model.id) ?? (model.awsId !== undefined ? implied.get(model.awsId) : undefined);
    const learned = propagated.get(model.id);
    const extra = gw || learned ? [...(gw ?? []), ...(learned ?? [])] : undefined;
    const rt = extra
      ? {
          ...model,
          routes: [
            ...model.routes,
            ...extra.filter(
              (e) =>
                e.destinationPrefixList === undefined ||
                !model.routes.some((r) => r.destinationPrefixList === e.destinationPrefixList),
            ),
          ],
        }
      : model;
    const c = compileRouteTable(rt, vpc.cidrs, gatewayTables.has(rt.id), {
      parseCidr: parse,
      prefixList: plLookup,
      target: (r) => resolveTarget(r, vpc),
    });
    routeTables.set(rt.id, c);
    if (rt.awsId) routeTables.set(rt.awsId, c);
  }
  // RT-9: the main table (named, flagged or implied) and each subnet's table come from the associations.
  for (const [id, a] of assoc.vpcs) {
    const vpc = vpcs.get(id);
    const main = routeTables.get(a.mainRouteTable.id);
    if (vpc && main) (vpc as { mainRouteTable: CRouteTable }).mainRouteTable = main;
  }
  for (const [id, a] of assoc.subnets) {
    const sub = subnets.get(id);
    if (sub) sub.routeTable = routeTables.get(a.routeTable.id) ?? sub.vpc.mainRouteTable;
  }
  for (const [id, a] of assoc.gatewayRouteTables) {
    const c = igws.get(id);
    if (c) c.routeTable = routeTables.get(a.id);
    const v = transit.vgws.get(id);
    if (v) v.routeTable = routeTables.get(a.id);
  }
  return routeTables;
}
