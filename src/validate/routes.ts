/**
 * Route tables as the AWS API checks them (RT-2…RT-13, RT-20) and the routing mistakes AWS accepts but that are
 * almost always wrong (blackhole routes, unused tables, an appliance target with source/destination check on).
 */
import { error, warning, type Diagnostic } from '../diag/diagnostic.js';
import { covers, formatPrefix, prefixEquals, tryCidr4, type Prefix4 } from '../net/prefix.js';
import type { Network, Route, RouteTable, RouteTargetKind } from '../model/network.js';
import { resolveAssociations, type Associations } from '../associations/resolve.js';
import { checkCidr } from './addressing.js';
import { RouteTargetIndex } from './route-target-index.js';

const RESERVED = tryCidr4('169.254.168.0/22') as Prefix4;

/** Targets allowed for a route more specific than local (RT-3) or replacing the local target (RT-2). */
const MIDDLEBOX_TARGETS: ReadonlySet<RouteTargetKind> = new Set([
  'nat-gateway',
  'network-interface',
  'instance',
  'gwlb-endpoint',
  'firewall-endpoint',
]);
/** Targets allowed in a gateway route table (RT-11). */
const GATEWAY_TABLE_TARGETS: ReadonlySet<RouteTargetKind> = new Set([
  'local',
  'network-interface',
  'instance',
  'gwlb-endpoint',
  'firewall-endpoint',
]);

function targetLabel(r: Route): string {
  return r.target.kind === 'local' ? 'local' : `${r.target.kind} ${r.target.id ?? ''}`.trim();
}

/** What every route table's checks read, built once per network. */
interface RouteScope {
  readonly vpcById: ReadonlyMap<string, Network['vpcs'][number]>;
  readonly vpcCidrs: ReadonlyMap<string, readonly Prefix4[]>;
  readonly subnetCidrs: ReadonlyMap<string, readonly { id: string; p: Prefix4 }[]>;
  /** Gateway route tables (RT-11): the gateway each is edge-associated with. */
  readonly edgeOwner: ReadonlyMap<string, { kind: 'igw' | 'vgw'; id: string }>;
  /** Tables that are, or claim to be, the main route table of their VPC (RT-9). */
  readonly mainClaims: ReadonlySet<string>;
  /** Tables that are main, associated with a subnet, or edge-associated. */
  readonly used: ReadonlySet<string>;
  readonly targets: RouteTargetIndex;
  readonly prefixLists: ReadonlySet<string>;
}

/** One table being checked: its VPC's CIDRs and subnets, and its gateway when it is a gateway route table. */
interface TableScope {
  readonly rt: RouteTable;
  readonly cidrs: readonly Prefix4[];
  readonly subnets: readonly { id: string; p: Prefix4 }[];
  readonly edge: { kind: 'igw' | 'vgw'; id: string } | undefined;
}

export function validateRoutes(net: Network, assoc: Associations = resolveAssociations(net)): Diagnostic[] {
  const out: Diagnostic[] = [];
  const scope = routeScope(net, assoc);
  for (const rt of net.routeTables) {
    const vpc = scope.vpcById.get(rt.vpc);
    if (!vpc) {
      out.push(
        error('UNKNOWN_REFERENCE', `route table ${rt.id} names unknown VPC ${rt.vpc}`, rt.span, {
          resource: rt.id,
        }),
      );
      continue;
    }
    const table: TableScope = {
      rt,
      cidrs: scope.vpcCidrs.get(rt.vpc) ?? [],
      subnets: scope.subnetCidrs.get(rt.vpc) ?? [],
      edge: scope.edgeOwner.get(rt.id),
    };
    checkTable(scope, table, out);
    const seen: Prefix4[] = [];
    for (const r of rt.routes) checkRoute(scope, table, r, seen, out);
  }
  return out;
}

function routeScope(net: Network, assoc: Associations): RouteScope {
  const vpcCidrs = new Map(
    net.vpcs.map((v) => [v.id, v.cidrs.map((c) => tryCidr4(c)).filter((p): p is Prefix4 => p !== null)]),
  );
  const subnetCidrs = new Map<string, { id: string; p: Prefix4 }[]>();
  for (const s of net.subnets) {
    const p = tryCidr4(s.cidr ?? '');
    if (!p) continue;
    const list = subnetCidrs.get(s.vpc) ?? [];
    list.push({ id: s.id, p });
    subnetCidrs.set(s.vpc, list);
  }
  // Associations (RT-9, RT-11) come resolved: the edge of each gateway route table, the main tables (and the
  // tables that claim to be main in conflict with them, reported by validate/associations.ts), explicit ones.
  const edgeOwner = new Map<string, { kind: 'igw' | 'vgw'; id: string }>();
  for (const [kind, gws] of [
    ['igw', net.internetGateways],
    ['vgw', net.virtualPrivateGateways],
  ] as const)
    for (const g of gws) {
      const t = assoc.gatewayRouteTables.get(g.id);
      if (t) edgeOwner.set(t.id, { kind, id: g.id });
    }
  const mainClaims = new Set<string>();
  for (const a of assoc.vpcs.values()) mainClaims.add(a.mainRouteTable.id);
  for (const c of assoc.conflicts)
    if (c.kind === 'main-route-table') for (const o of c.others) mainClaims.add(o.id);
  const used = new Set<string>(mainClaims);
  for (const a of assoc.subnets.values()) used.add(a.routeTable.id);
  for (const k of edgeOwner.keys()) used.add(k);
  const prefixLists = new Set<string>();
  for (const pl of net.prefixLists) {
    prefixLists.add(pl.id);
    if (pl.awsId !== undefined) prefixLists.add(pl.awsId);
  }
  return {
    vpcById: new Map(net.vpcs.map((v) => [v.id, v])),
    vpcCidrs,
    subnetCidrs,
    edgeOwner,
    mainClaims,
    used,
    targets: new RouteTargetIndex(net),
    prefixLists,
  };
}

/** The table itself: a gateway table that is main (RT-9) or propagates (RT-13), unused (RT-9), quota (RT-20). */
function checkTable(scope: RouteScope, { rt, edge }: TableScope, out: Diagnostic[]): void {
  const isMain = scope.mainClaims.has(rt.id);
  if (edge && isMain) {
    out.push(
      error(
        'GATEWAY_ROUTE_TABLE_MAIN',
        `route table ${rt.id} is edge-associated with ${edge.id} and cannot be the main route table (RT-9)`,
        rt.span,
        { resource: rt.id, ref: 'RT-9' },
      ),
    );
  }
  if (edge && rt.propagatingGateways && rt.propagatingGateways.length > 0) {
    out.push(
      error(
        'GATEWAY_ROUTE_TABLE_PROPAGATION',
        `gateway route table ${rt.id} cannot have route propagation enabled (RT-13)`,
        rt.span,
        { resource: rt.id, ref: 'RT-13' },
      ),
    );
  }
  if (!scope.used.has(rt.id)) {
    out.push(
      warning(
        'ROUTE_TABLE_UNUSED',
        `route table ${rt.id} is not associated with any subnet or gateway and is not the main table: its routes have no effect`,
        rt.span,
        { resource: rt.id, ref: 'RT-9' },
      ),
    );
  }
  const staticCount = rt.routes.filter((r) => r.origin !== 'propagated').length;
  if (staticCount > 1000)
    out.push(
      error(
        'ROUTE_QUOTA',
        `route table ${rt.id} has ${staticCount} routes; the maximum is 1,000 (RT-20)`,
        rt.span,
        {
          resource: rt.id,
          ref: 'RT-20',
        },
      ),
    );
  else if (staticCount > 50)
    out.push(
      warning(
        'ROUTE_QUOTA',
        `route table ${rt.id} has ${staticCount} routes; the default quota is 50 (RT-20)`,
        rt.span,
        { resource: rt.id, ref: 'RT-20' },
      ),
    );
}

/** One route: its target (exists, same VPC, RT-7 blackhole, ENI-1 check), its destination (RT-2/3/5/6/11/12). */
function checkRoute(
  scope: RouteScope,
  table: TableScope,
  r: Route,
  seen: Prefix4[],
  out: Diagnostic[],
): void {
  const { rt, edge } = table;
  const span = r.span ?? rt.span;
  const label = `route ${r.destination ?? r.destinationPrefixList ?? '?'} -> ${targetLabel(r)} in ${rt.id}`;
  checkTarget(scope, rt, r, label, out);
  if (r.destinationPrefixList !== undefined) {
    if (edge)
      out.push(
        error(
          'GATEWAY_ROUTE_PREFIX_LIST',
          `${label}: gateway route tables cannot use prefix lists as destinations (RT-5, RT-12)`,
          span,
          { resource: rt.id, ref: 'RT-12' },
        ),
      );
    if (!scope.prefixLists.has(r.destinationPrefixList)) {
      out.push(
        error('UNKNOWN_REFERENCE', `${label}: prefix list ${r.destinationPrefixList} does not exist`, span, {
          resource: rt.id,
        }),
      );
    }
    return;
  }
  if (r.destination === undefined) return;
  const p = checkCidr(r.destination, `${label}: destination`, span, rt.id, out);
  if (!p || p.family !== 4) return;
  if (seen.some((q) => prefixEquals(q, p))) {
    out.push(
      error(
        'ROUTE_DUPLICATE',
        `${label}: the table already has a route for ${formatPrefix(p)} (AWS: RouteAlreadyExists)`,
        span,
        { resource: rt.id },
      ),
    );
  }
  seen.push(p);
  if (covers(RESERVED, p)) {
    out.push(
      error(
        'ROUTE_RESERVED_DESTINATION',
        `${label}: routes to 169.254.168.0/22 are not allowed (RT-6)`,
        span,
        {
          resource: rt.id,
          ref: 'RT-6',
        },
      ),
    );
  }
  const inVpc = table.cidrs.find((c) => covers(c, p));
  const replacesLocal = table.cidrs.some((c) => prefixEquals(c, p));
  const place: DestinationPlace = {
    p,
    inVpc: inVpc !== undefined,
    replacesLocal,
    moreSpecific: inVpc !== undefined && !replacesLocal,
    subnetMatch: table.subnets.some((s) => prefixEquals(s.p, p)),
  };
  if (edge) checkGatewayRoute(rt, edge, r, place, label, out);
  else checkLocalOverlap(rt, r, place, label, out);
}

/** The target: exists in the network, in the table's VPC; blackhole (RT-7); an appliance's source/dest check. */
function checkTarget(scope: RouteScope, rt: RouteTable, r: Route, label: string, out: Diagnostic[]): void {
  const span = r.span ?? rt.span;
  if (r.target.kind !== 'local' && r.target.id !== undefined && r.target.id !== 'blackhole') {
    const ex = scope.targets.find(r.target.kind, r.target.id);
    if (!ex) {
      out.push(
        error(
          'UNKNOWN_ROUTE_TARGET',
          `${label}: ${r.target.kind} ${r.target.id} does not exist in this network`,
          span,
          { resource: rt.id },
        ),
      );
    } else if (ex.vpc !== undefined && ex.vpc !== rt.vpc && r.target.kind !== 'vpc-peering') {
      out.push(
        error(
          'ROUTE_TARGET_OTHER_VPC',
          `${label}: the target belongs to VPC ${ex.vpc}, not ${rt.vpc} (AWS: InvalidParameterValue)`,
          span,
          { resource: rt.id },
        ),
      );
    }
  }
  if (r.state === 'blackhole') {
    out.push(
      warning('BLACKHOLE_ROUTE', `${label} is a blackhole: matching traffic is dropped (RT-7)`, span, {
        resource: rt.id,
        ref: 'RT-7',
      }),
    );
  }
  if ((r.target.kind === 'network-interface' || r.target.kind === 'instance') && r.target.id !== undefined) {
    const eni = scope.targets.applianceInterface(r.target.id);
    if (eni?.sourceDestCheck) {
      out.push(
        warning(
          'APPLIANCE_SOURCE_DEST_CHECK',
          `${label}: ${eni.id} has source/destination check enabled, so it drops traffic not addressed to it (ENI-1, RT-16, NATI-2)`,
          span,
          { resource: eni.id, ref: 'ENI-1' },
        ),
      );
    }
  }
}

/** Where an IPv4 destination falls against the VPC's CIDRs and subnets. */
interface DestinationPlace {
  readonly p: Prefix4;
  /** Inside one of the VPC's CIDRs. */
  readonly inVpc: boolean;
  /** Exactly one of the VPC's CIDRs (the local route's destination). */
  readonly replacesLocal: boolean;
  /** Inside a VPC CIDR and narrower than it. */
  readonly moreSpecific: boolean;
  /** Exactly a subnet's CIDR. */
  readonly subnetMatch: boolean;
}

/** A route in a gateway route table (RT-11, RT-12, RT-13). */
function checkGatewayRoute(
  rt: RouteTable,
  edge: { kind: 'igw' | 'vgw'; id: string },
  r: Route,
  d: DestinationPlace,
  label: string,
  out: Diagnostic[],
): void {
  const span = r.span ?? rt.span;
  if (!GATEWAY_TABLE_TARGETS.has(r.target.kind)) {
    out.push(
      error(
        'GATEWAY_ROUTE_TARGET_TYPE',
        `${label}: a gateway route table only allows local, network interface or Gateway Load Balancer endpoint targets, not ${r.target.kind} (RT-11)`,
        span,
        { resource: rt.id, ref: 'RT-11' },
      ),
    );
  } else if (
    edge.kind === 'vgw' &&
    (r.target.kind === 'gwlb-endpoint' || r.target.kind === 'firewall-endpoint')
  ) {
    out.push(
      warning(
        'GATEWAY_ROUTE_TARGET_TYPE',
        `${label}: a Gateway Load Balancer endpoint target in a virtual private gateway's route table silently drops traffic (RT-11)`,
        span,
        { resource: rt.id, ref: 'RT-11' },
      ),
    );
  }
  if (!d.inVpc) {
    out.push(
      error(
        'GATEWAY_ROUTE_DESTINATION_OUTSIDE_VPC',
        `${label}: destinations in a gateway route table must be the VPC CIDR or a subnet CIDR, not ranges outside the VPC (RT-12, RT-13)`,
        span,
        { resource: rt.id, ref: 'RT-12' },
      ),
    );
  } else if (d.moreSpecific && !d.subnetMatch) {
    out.push(
      error(
        'GATEWAY_ROUTE_DESTINATION_NOT_SUBNET',
        `${label}: ${formatPrefix(d.p)} is not the whole CIDR of a subnet; a gateway route table routes the VPC CIDR or a whole subnet CIDR (RT-12)`,
        span,
        { resource: rt.id, ref: 'RT-12' },
      ),
    );
  }
}

/** A subnet route table's route inside the VPC: more specific than local (RT-3) or replacing it (RT-2). */
function checkLocalOverlap(
  rt: RouteTable,
  r: Route,
  d: DestinationPlace,
  label: string,
  out: Diagnostic[],
): void {
  const span = r.span ?? rt.span;
  if (d.moreSpecific) {
    if (!d.subnetMatch) {
      out.push(
        error(
          'ROUTE_MORE_SPECIFIC_THAN_LOCAL_NOT_SUBNET',
          `${label}: a route more specific than the local route must match the entire CIDR of a subnet in ${rt.vpc}; ${formatPrefix(d.p)} is not a subnet CIDR (RT-3; AWS: InvalidParameterValue)`,
          span,
          { resource: rt.id, ref: 'RT-3' },
        ),
      );
    }
    if (!MIDDLEBOX_TARGETS.has(r.target.kind)) {
      out.push(
        error(
          'ROUTE_MORE_SPECIFIC_THAN_LOCAL_TARGET',
          `${label}: a route more specific than the local route must target a NAT gateway, network interface or Gateway Load Balancer / firewall endpoint, not ${r.target.kind} (RT-3)`,
          span,
          { resource: rt.id, ref: 'RT-3' },
        ),
      );
    }
  } else if (d.replacesLocal && r.target.kind !== 'local' && !MIDDLEBOX_TARGETS.has(r.target.kind)) {
    out.push(
      error(
        'LOCAL_ROUTE_TARGET',
        `${label}: the local route's target can only be replaced by a NAT gateway, network interface or Gateway Load Balancer endpoint (RT-2)`,
        span,
        { resource: rt.id, ref: 'RT-2' },
      ),
    );
  }
}
