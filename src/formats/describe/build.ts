/**
 * describe-* records → the vendor-independent Network.
 *
 * Records are grouped by the top-level key of the file they came from (`Vpcs`, `Subnets`, …) and carry the
 * account/region of their folder. Each modelled key has its mapper in the table below, run in the table's order (what
 * a mapper looks up was built before it); kinds vpcsim does not model (keys.ts) are reported once per kind before the
 * route tables, so routes to them know what they are. Every resource keeps its AWS ID as `id` (names in traces are
 * AWS IDs). States are respected: terminated / shutting-down instances, deleted NAT gateways, deleted / rejected /
 * expired peerings, deleted endpoints and disassociated CIDR blocks are left out, and routes to them blackhole
 * (RT-7). Duplicates (the same peering listed by both accounts) are merged by id.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Network } from '../../model/network.js';
import { NetworkBuilder } from '../build/network-builder.js';
import { DescribeContext, type DescribeRecord } from './context.js';
import { str } from '../json-source.js';
import { UNSUPPORTED_KEYS } from './keys.js';
import {
  mapClientVpnAuthorizationRules,
  mapClientVpnEndpoints,
  mapClientVpnRoutes,
  mapClientVpnTargetNetworks,
} from './map-clientvpn.js';
import { mapAddresses, mapInstances, mapNetworkInterfaces } from './map-compute.js';
import { mapNetworkAcls, mapSecurityGroups } from './map-filters.js';
import { mapFirewallPolicies, mapFirewalls, mapRuleGroups } from './map-firewall.js';
import {
  mapInternetGateways,
  mapEgressOnlyInternetGateways,
  mapNatGateways,
  mapPeerings,
  mapPrefixLists,
  mapSubnets,
  mapVpcEndpoints,
  mapVpcs,
  mapVpnGateways,
} from './map-network.js';
import { mapAutoScalingGroups, mapLaunchData } from './map-autoscaling.js';
import {
  mapEndpointServices,
  mapListeners,
  mapLoadBalancers,
  mapTargetGroups,
} from './map-load-balancers.js';
import { mapRouteTables } from './map-routes.js';
import {
  mapCustomerGateways,
  mapTransitGatewayAttachments,
  mapTransitGatewayPeeringAttachments,
  mapTransitGatewayRouteTables,
  mapTransitGateways,
  mapVpnConnections,
} from './map-transit.js';

export type { DescribeRecord } from './context.js';
export { IGNORED_KEYS, READ_WITH_KEYS, UNSUPPORTED_KEYS } from './keys.js';

type Mapper = (c: DescribeContext) => void;

/** The mapper of each modelled top-level key, in the order they run. */
const MAPPERS = {
  Vpcs: mapVpcs,
  Subnets: mapSubnets,
  InternetGateways: mapInternetGateways,
  EgressOnlyInternetGateways: mapEgressOnlyInternetGateways,
  VpnGateways: mapVpnGateways,
  NatGateways: mapNatGateways,
  NetworkInterfaces: mapNetworkInterfaces,
  Reservations: mapInstances,
  Addresses: mapAddresses,
  SecurityGroups: mapSecurityGroups,
  NetworkAcls: mapNetworkAcls,
  VpcPeeringConnections: mapPeerings,
  PrefixLists: mapPrefixLists,
  VpcEndpoints: mapVpcEndpoints,
  // B14, B15: load balancers (v2 and Classic), target groups with describe-target-health's targets, listeners with
  // describe-rules' rules, and the provider side of endpoint services.
  LoadBalancers: mapLoadBalancers,
  LoadBalancerDescriptions: () => undefined, // read with LoadBalancers
  TargetGroups: mapTargetGroups,
  TargetHealthDescriptions: () => undefined, // read with TargetGroups
  Listeners: mapListeners,
  Rules: () => undefined, // read with Listeners
  ServiceConfigurations: mapEndpointServices,
  Firewall: mapFirewalls,
  FirewallPolicy: mapFirewallPolicies,
  RuleGroup: mapRuleGroups,
  ClientVpnEndpoints: mapClientVpnEndpoints,
  ClientVpnTargetNetworks: mapClientVpnTargetNetworks,
  Routes: mapClientVpnRoutes,
  AuthorizationRules: mapClientVpnAuthorizationRules,
  // B10, B16; the route tables read TransitGatewayPropagations and TransitGatewayStaticRoutes (keys.ts).
  TransitGateways: mapTransitGateways,
  CustomerGateways: mapCustomerGateways,
  VpnConnections: mapVpnConnections,
  TransitGatewayAttachments: mapTransitGatewayAttachments,
  TransitGatewayVpcAttachments: () => undefined, // read with TransitGatewayAttachments
  TransitGatewayPeeringAttachments: mapTransitGatewayPeeringAttachments,
  TransitGatewayRouteTables: mapTransitGatewayRouteTables,
  RouteTables: mapRouteTables,
  // After the route tables: a group's fixed interface may be what their routes point at.
  LaunchTemplates: mapLaunchData,
  LaunchTemplateVersions: mapLaunchData,
  LaunchConfigurations: mapLaunchData,
  AutoScalingGroups: mapAutoScalingGroups,
} as const satisfies Readonly<Record<string, Mapper>>;

/** Top-level keys that are modelled. */
export const MODELLED_KEYS: readonly string[] = Object.keys(MAPPERS);

/** Kinds vpcsim does not model: listed, one warning per kind (each resource named). */
function reportUnsupported(c: DescribeContext): void {
  for (const [key, u] of Object.entries(UNSUPPORTED_KEYS)) {
    const rs = c.recs(key);
    const at = rs[0]?.src.keyPosition(key);
    let n = 0;
    for (const r of rs) {
      const id = str(r.item, u.idKey) ?? `${key}[${n}]`;
      if (!c.unique(`${key}:${id}`)) continue;
      n++;
      c.b.unsupported(
        {
          id,
          type: key,
          span: str(r.item, u.idKey) ? c.spanOf(r, u.idKey, id) : r.src.keyPosition(key),
          reason: `${u.what} is not modelled`,
        },
        { what: u.what, at },
      );
    }
  }
}

/** Build the network from grouped records. */
export function buildNetwork(records: ReadonlyMap<string, readonly DescribeRecord[]>): {
  network: Network;
  diagnostics: Diagnostic[];
} {
  const c = new DescribeContext(records, new NetworkBuilder());
  for (const [key, map] of Object.entries(MAPPERS)) {
    if (key === 'RouteTables') reportUnsupported(c);
    map(c);
  }
  return c.b.finish();
}
