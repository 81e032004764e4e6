/**
 * describe-route-tables → route tables, their routes and associations (RT-9 main, RT-11 edge associations).
 *
 * A route's target is read through the one route-target table (formats/build/route-targets.ts): its key says what
 * it names, and the id decides among the kinds `GatewayId` can name. Local routes are implied by the model (RT-2)
 * and not copied; a gateway endpoint's own routes are implied by the endpoint's route tables (RT-18). A route whose
 * target was described but is gone becomes a blackhole (RT-7) with a caveat; one whose target is not in the snapshot
 * is an unknown target with a caveat, never a dangling reference; one to a kind vpcsim does not model says so.
 */
import type { Route, RouteTarget, RouteTargetKind } from '../../model/network.js';
import {
  GATEWAY_ARGUMENT,
  notModelledCaveat,
  ROUTE_TARGET_ARGUMENTS,
  routeTargetKind,
} from '../build/route-targets.js';
import { activeAssociation, type DescribeContext, type DescribeRecord } from './context.js';
import { bool, nameTag, objs, str, type JsonObject } from '../json-source.js';
import { warning } from '../../diag/diagnostic.js';
import { nameTable } from '../../model/name-table.js';

/** The describe-* output that lists each kind of modelled target (to say why one is missing). */
const LISTED_IN: Partial<Record<RouteTargetKind, string>> = {
  'nat-gateway': 'NatGateways',
  'network-interface': 'NetworkInterfaces',
  instance: 'Reservations',
  'vpc-peering': 'VpcPeeringConnections',
  'internet-gateway': 'InternetGateways',
  'virtual-private-gateway': 'VpnGateways',
  'gateway-endpoint': 'VpcEndpoints',
  'gwlb-endpoint': 'VpcEndpoints',
};

/** The `Origin` values of describe-route-tables (own names only: `nameTable`, issue 21 item 4). */
const ORIGINS: Readonly<Record<string, Route['origin']>> = nameTable({
  EnableVgwRoutePropagation: 'propagated',
  CreateRouteTable: 'auto',
  CreateRoute: 'static',
});

/** One route of a table, or undefined when the model implies it (RT-2, RT-18). */
function routeOf(
  c: DescribeContext,
  r: DescribeRecord,
  rt: JsonObject,
  tableId: string,
  span: Route['span'],
): Route | undefined {
  const destination = str(rt, 'DestinationCidrBlock') ?? str(rt, 'DestinationIpv6CidrBlock');
  const destinationPrefixList = str(rt, 'DestinationPrefixListId');
  const arg = ROUTE_TARGET_ARGUMENTS.find(
    (a) => a.describe !== undefined && str(rt, a.describe) !== undefined,
  );
  const id = arg?.describe !== undefined ? str(rt, arg.describe) : undefined;
  if (id === 'local') return undefined; // RT-2: implied by the model
  let target: RouteTarget;
  if (!arg || id === undefined) target = { kind: 'unknown' };
  else {
    let kind = routeTargetKind(id, c.b.targetKind(id), arg === GATEWAY_ARGUMENT ? 'unknown' : arg.kind);
    // RT-18 / GWLB-2: without VpcEndpoints output, a prefix-list destination means a gateway endpoint.
    if (id.startsWith('vpce-') && !c.b.targetKind(id) && destinationPrefixList) kind = 'gateway-endpoint';
    // RT-18: the endpoint's own routes are implied by VpcEndpoint.routeTables; do not copy them twice.
    if (kind === 'gateway-endpoint' && destinationPrefixList && c.endpointTables.get(id)?.has(tableId))
      return undefined;
    target = { kind, id };
  }
  let state: Route['state'] = str(rt, 'State') === 'blackhole' ? 'blackhole' : 'active';
  let caveat: string | undefined;
  const tid = target.id ?? '';
  const listedIn = LISTED_IN[target.kind];
  if (c.gone.has(tid)) {
    // RT-7: the target was deleted/terminated.
    state = 'blackhole';
    caveat = `${c.gone.get(tid) ?? tid}: route is a blackhole (RT-7)`;
  } else if (listedIn && c.b.targetKind(tid) === undefined) {
    // The target is not in the snapshot (its describe call is missing, or it was deleted): vpcsim cannot say what
    // it is, so the route's target is unknown rather than a dangling reference.
    caveat = `target ${tid} (${target.kind}) is not in the ${c.described(listedIn) ? `${listedIn} output` : `snapshot (no ${listedIn} output)`}`;
    target = { kind: 'unknown', id: tid };
  } else if (target.id !== undefined) {
    caveat =
      notModelledCaveat(tid, target.kind) ??
      (c.b.unsupportedOf(tid) ? `target ${tid} (${target.kind}) is not modelled by vpcsim` : undefined);
  }
  const origin = str(rt, 'Origin');
  const originKind = origin !== undefined ? ORIGINS[origin] : undefined;
  if (origin !== undefined && originKind === undefined)
    c.b.diags.push(
      warning(
        'DESCRIBE_UNKNOWN_VALUE',
        `route Origin "${origin}" is none of CreateRouteTable, CreateRoute, EnableVgwRoutePropagation (what describe-route-tables returns); read as CreateRoute`,
        r.src.positionOf('Origin', origin),
        { resource: tableId },
      ),
    );
  return {
    ...(destination ? { destination } : {}),
    ...(destinationPrefixList ? { destinationPrefixList } : {}),
    target,
    state,
    origin: originKind ?? 'static',
    span,
    ...(caveat ? { caveat } : {}),
  };
}

export function mapRouteTables(c: DescribeContext): void {
  for (const r of c.recs('RouteTables')) {
    const id = str(r.item, 'RouteTableId');
    const vpc = str(r.item, 'VpcId');
    if (!id || !vpc) {
      c.missing(r, 'RouteTables', 'RouteTableId/VpcId');
      continue;
    }
    if (!c.unique(id)) continue;
    const span = c.spanOf(r, 'RouteTableId', id);
    const routes = objs(r.item, 'Routes')
      .map((rt) => routeOf(c, r, rt, id, span))
      .filter((x): x is Route => x !== undefined);
    let main = false;
    for (const a of objs(r.item, 'Associations')) {
      if (!activeAssociation(a)) continue;
      if (bool(a, 'Main') === true) main = true;
      const s = c.b.get('subnets', str(a, 'SubnetId'));
      if (s) s.routeTable = id;
      const g = str(a, 'GatewayId');
      const gw =
        g === undefined
          ? undefined
          : (c.b.get('internetGateways', g) ?? c.b.get('virtualPrivateGateways', g));
      if (gw) gw.routeTable = id;
    }
    const prop = objs(r.item, 'PropagatingVgws')
      .map((p) => str(p, 'GatewayId'))
      .filter((g): g is string => !!g);
    c.b.add('routeTables', {
      id,
      name: nameTag(r.item),
      span,
      vpc,
      routes,
      ...(main ? { main } : {}),
      ...(prop.length ? { propagatingGateways: prop } : {}),
    });
    const v = c.b.get('vpcs', vpc);
    if (main && v) v.mainRouteTable = id;
  }
}
