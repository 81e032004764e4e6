/**
 * Route tables as the AWS API checks them (RT-2…RT-13, RT-20) and the routing mistakes AWS accepts but that are
 * almost always wrong (blackhole routes, unused tables, an appliance target with source/destination check on).
 */
import { error, warning, type Diagnostic } from '../diag/diagnostic.js';
import { covers, formatPrefix, prefixEquals, tryCidr4, type Prefix4 } from '../net/prefix.js';
import type { Network, Route, RouteTargetKind } from '../model/network.js';
import { resolveAssociations, type Associations } from '../associations/resolve.js';
import { checkCidr } from './addressing.js';

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

export function validateRoutes(net: Network, assoc: Associations = resolveAssociations(net)): Diagnostic[] {
  const out: Diagnostic[] = [];
  const vpcById = new Map(net.vpcs.map((v) => [v.id, v]));
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

  const byId = <T extends { id: string; awsId?: string | undefined }>(xs: readonly T[]): Map<string, T> => {
    const m = new Map<string, T>();
    for (const x of xs) {
      m.set(x.id, x);
      if (x.awsId !== undefined) m.set(x.awsId, x);
    }
    return m;
  };
  const igws = byId(net.internetGateways);
  const nats = byId(net.natGateways);
  const insts = byId(net.instances);
  const enis = byId(net.networkInterfaces);
  const pcxs = byId(net.peerings);
  const endpoints = byId(net.vpcEndpoints);
  const prefixLists = byId(net.prefixLists);
  const subnetVpc = new Map(net.subnets.map((s) => [s.id, s.vpc]));
  const fwEndpointVpc = new Map<string, string>();
  for (const fw of net.firewalls)
    for (const e of fw.endpoints) if (fw.vpc !== undefined) fwEndpointVpc.set(e.id, fw.vpc);
  const exists = (kind: RouteTargetKind, id: string): { vpc?: string | undefined } | undefined => {
    switch (kind) {
      case 'internet-gateway': {
        const g = igws.get(id);
        return g ? { vpc: g.vpc } : undefined;
      }
      case 'nat-gateway': {
        const n = nats.get(id);
        return n ? { vpc: subnetVpc.get(n.subnet) } : undefined;
      }
      case 'instance': {
        const i = insts.get(id);
        if (!i) return undefined;
        const eni = i.interfaces[0] !== undefined ? enis.get(i.interfaces[0]) : undefined;
        return { vpc: eni ? subnetVpc.get(eni.subnet) : undefined };
      }
      case 'network-interface': {
        const e = enis.get(id);
        return e ? { vpc: subnetVpc.get(e.subnet) } : undefined;
      }
      case 'vpc-peering':
        return pcxs.has(id) ? {} : undefined;
      case 'firewall-endpoint': {
        const v = fwEndpointVpc.get(id);
        return v !== undefined ? { vpc: v } : undefined;
      }
      case 'gwlb-endpoint': {
        const v = fwEndpointVpc.get(id);
        if (v !== undefined) return { vpc: v };
        const e = endpoints.get(id);
        return e ? { vpc: e.vpc } : undefined;
      }
      case 'gateway-endpoint': {
        const e = endpoints.get(id);
        return e ? { vpc: e.vpc } : undefined;
      }
      case 'local':
      case 'egress-only-internet-gateway':
      case 'transit-gateway':
      case 'virtual-private-gateway':
      case 'carrier-gateway':
      case 'core-network':
      case 'local-gateway':
      case 'unknown':
        return {}; // not modelled: existence is not checked
    }
  };

  for (const rt of net.routeTables) {
    const vpc = vpcById.get(rt.vpc);
    if (!vpc) {
      out.push(
        error('UNKNOWN_REFERENCE', `route table ${rt.id} names unknown VPC ${rt.vpc}`, rt.span, {
          resource: rt.id,
        }),
      );
      continue;
    }
    const cidrs = vpcCidrs.get(rt.vpc) ?? [];
    const subnets = subnetCidrs.get(rt.vpc) ?? [];
    const edge = edgeOwner.get(rt.id);
    const isMain = mainClaims.has(rt.id);
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
    if (!used.has(rt.id)) {
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
          { resource: rt.id, ref: 'RT-20' },
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
    const seen: Prefix4[] = [];
    for (const r of rt.routes) {
      const span = r.span ?? rt.span;
      const label = `route ${r.destination ?? r.destinationPrefixList ?? '?'} -> ${targetLabel(r)} in ${rt.id}`;
      // Target existence and VPC.
      if (r.target.kind !== 'local' && r.target.id !== undefined && r.target.id !== 'blackhole') {
        const ex = exists(r.target.kind, r.target.id);
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
      if (
        (r.target.kind === 'network-interface' || r.target.kind === 'instance') &&
        r.target.id !== undefined
      ) {
        const inst = insts.get(r.target.id);
        const eniId = inst ? inst.interfaces[0] : r.target.id;
        const eni = eniId !== undefined ? enis.get(eniId) : undefined;
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
        if (!prefixLists.has(r.destinationPrefixList)) {
          out.push(
            error(
              'UNKNOWN_REFERENCE',
              `${label}: prefix list ${r.destinationPrefixList} does not exist`,
              span,
              { resource: rt.id },
            ),
          );
        }
        continue;
      }
      if (r.destination === undefined) continue;
      const p = checkCidr(r.destination, `${label}: destination`, span, rt.id, out);
      if (!p || p.family !== 4) continue;
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
            { resource: rt.id, ref: 'RT-6' },
          ),
        );
      }
      const inVpc = cidrs.find((c) => covers(c, p));
      const replacesLocal = cidrs.some((c) => prefixEquals(c, p));
      const moreSpecific = inVpc !== undefined && !replacesLocal;
      const subnetMatch = subnets.find((s) => prefixEquals(s.p, p));
      if (edge) {
        // RT-11 / RT-12: gateway route tables.
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
        if (inVpc === undefined) {
          out.push(
            error(
              'GATEWAY_ROUTE_DESTINATION_OUTSIDE_VPC',
              `${label}: destinations in a gateway route table must be the VPC CIDR or a subnet CIDR, not ranges outside the VPC (RT-12, RT-13)`,
              span,
              { resource: rt.id, ref: 'RT-12' },
            ),
          );
        } else if (moreSpecific && !subnetMatch) {
          out.push(
            error(
              'GATEWAY_ROUTE_DESTINATION_NOT_SUBNET',
              `${label}: ${formatPrefix(p)} is not the whole CIDR of a subnet; a gateway route table routes the VPC CIDR or a whole subnet CIDR (RT-12)`,
              span,
              { resource: rt.id, ref: 'RT-12' },
            ),
          );
        }
        continue;
      }
      if (moreSpecific) {
        // RT-3: more specific than local.
        if (!subnetMatch) {
          out.push(
            error(
              'ROUTE_MORE_SPECIFIC_THAN_LOCAL_NOT_SUBNET',
              `${label}: a route more specific than the local route must match the entire CIDR of a subnet in ${rt.vpc}; ${formatPrefix(p)} is not a subnet CIDR (RT-3; AWS: InvalidParameterValue)`,
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
      } else if (replacesLocal && r.target.kind !== 'local' && !MIDDLEBOX_TARGETS.has(r.target.kind)) {
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
  }
  return out;
}
