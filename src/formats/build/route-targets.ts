/**
 * The one route-target table: every way a route names its target — a CloudFormation `AWS::EC2::Route` property, a
 * Terraform `aws_route` argument (or inline `route` block), a describe-route-tables key, a native YAML target name —
 * and the one function that decides what kind of target it is (RT-3).
 *
 * The kind is decided, in this order, by: the id `local` (RT-2); the kind of the resource the id names when the
 * input defines it (an internet gateway, a GWLB endpoint, a firewall endpoint …); the AWS id prefix (`igw-`, `vgw-`,
 * `nat-`, `eni-`, `i-`, `pcx-`, `tgw-`, `eigw-`, `cagw-`, `lgw-`, `vpce-`); and last the argument it was written in.
 * Kinds vpcsim does not model yet (egress-only internet gateways, local and carrier gateways, Cloud
 * WAN core networks) are kept as such with a caveat, so a trace that reaches one says the path is not simulated.
 */
import type { RouteTargetKind } from '../../model/network.js';

/** One route-target argument, as each input format spells it, and the kind it names by default. */
export interface RouteTargetArgument {
  readonly kind: RouteTargetKind;
  /** `AWS::EC2::Route` property. */
  readonly cloudformation: string;
  /** `aws_route` argument (the inline `route` block of `aws_route_table` uses the same names). */
  readonly terraform: string;
  /** describe-route-tables key of a route; undefined where describe names it otherwise (`GatewayId: vpce-…`). */
  readonly describe: string | undefined;
}

/**
 * Every route-target argument. A route names one target; when an input gives several, the first in this order
 * wins (describe-route-tables lists `InstanceId` and `NetworkInterfaceId` together for a route to an instance: the
 * interface is what the route sends to). `GatewayId` comes last: it names several kinds, decided by the id.
 */
export const ROUTE_TARGET_ARGUMENTS: readonly RouteTargetArgument[] = [
  {
    kind: 'nat-gateway',
    cloudformation: 'NatGatewayId',
    terraform: 'nat_gateway_id',
    describe: 'NatGatewayId',
  },
  {
    kind: 'network-interface',
    cloudformation: 'NetworkInterfaceId',
    terraform: 'network_interface_id',
    describe: 'NetworkInterfaceId',
  },
  { kind: 'instance', cloudformation: 'InstanceId', terraform: 'instance_id', describe: 'InstanceId' },
  {
    kind: 'vpc-peering',
    cloudformation: 'VpcPeeringConnectionId',
    terraform: 'vpc_peering_connection_id',
    describe: 'VpcPeeringConnectionId',
  },
  {
    kind: 'transit-gateway',
    cloudformation: 'TransitGatewayId',
    terraform: 'transit_gateway_id',
    describe: 'TransitGatewayId',
  },
  {
    kind: 'egress-only-internet-gateway',
    cloudformation: 'EgressOnlyInternetGatewayId',
    terraform: 'egress_only_gateway_id',
    describe: 'EgressOnlyInternetGatewayId',
  },
  {
    kind: 'gwlb-endpoint',
    cloudformation: 'VpcEndpointId',
    terraform: 'vpc_endpoint_id',
    describe: undefined,
  },
  {
    kind: 'local-gateway',
    cloudformation: 'LocalGatewayId',
    terraform: 'local_gateway_id',
    describe: 'LocalGatewayId',
  },
  {
    kind: 'carrier-gateway',
    cloudformation: 'CarrierGatewayId',
    terraform: 'carrier_gateway_id',
    describe: 'CarrierGatewayId',
  },
  {
    kind: 'core-network',
    cloudformation: 'CoreNetworkArn',
    terraform: 'core_network_arn',
    describe: 'CoreNetworkArn',
  },
  { kind: 'internet-gateway', cloudformation: 'GatewayId', terraform: 'gateway_id', describe: 'GatewayId' },
];

/** The argument named `GatewayId` / `gateway_id`: an internet gateway, a virtual private gateway, `local`, or (in
 * Terraform and describe-*) a gateway endpoint. */
export const GATEWAY_ARGUMENT = ROUTE_TARGET_ARGUMENTS[
  ROUTE_TARGET_ARGUMENTS.length - 1
] as RouteTargetArgument;

/** AWS id prefixes of route targets. */
const ID_PREFIXES: readonly (readonly [string, RouteTargetKind])[] = [
  ['igw-', 'internet-gateway'],
  ['eigw-', 'egress-only-internet-gateway'],
  ['vgw-', 'virtual-private-gateway'],
  ['nat-', 'nat-gateway'],
  ['eni-', 'network-interface'],
  ['i-', 'instance'],
  ['pcx-', 'vpc-peering'],
  ['tgw-', 'transit-gateway'],
  ['cagw-', 'carrier-gateway'],
  ['lgw-', 'local-gateway'],
  // A VPC endpoint named only by id: GWLB-type unless the input says otherwise (Network Firewall endpoints are
  // GWLB-type endpoints too, RT-3); gateway endpoints are not route targets one writes by hand (RT-18).
  ['vpce-', 'gwlb-endpoint'],
];

/** The kind an AWS id's prefix says, if any. `kindOfAwsId('tgw-0abc')` → `transit-gateway`. */
export function kindOfAwsId(id: string): RouteTargetKind | undefined {
  return ID_PREFIXES.find(([p]) => id.startsWith(p))?.[1];
}

/** Route-target kinds vpcsim models (a packet sent to one is simulated). */
const MODELLED: ReadonlySet<RouteTargetKind> = new Set<RouteTargetKind>([
  'local',
  'internet-gateway',
  'virtual-private-gateway',
  'transit-gateway', // B10: a transit gateway the input omits is UNSUPPORTED_COMPONENT in the data plane
  'nat-gateway',
  'network-interface',
  'instance',
  'vpc-peering',
  'gateway-endpoint',
  'gwlb-endpoint',
  'firewall-endpoint',
]);

/** Is a route to this kind of target simulated? */
export function isModelledTarget(kind: RouteTargetKind): boolean {
  return MODELLED.has(kind);
}

/**
 * What kind of target `id` is (RT-3): `local`, else `known` — the kind of the resource `id` names when the input
 * defines it (network-builder.ts `targetKind`) — else its AWS id prefix, else `fallback` (the kind of the argument it
 * was written in, or `unknown`).
 */
export function routeTargetKind(
  id: string,
  known: RouteTargetKind | undefined,
  fallback: RouteTargetKind,
): RouteTargetKind {
  if (id === 'local') return 'local';
  return known ?? kindOfAwsId(id) ?? fallback;
}

/** The caveat a route carries when its target is not simulated: a kind vpcsim does not model, or a resource of
 * an unsupported type (named by its type). */
export function notModelledCaveat(
  id: string,
  kind: RouteTargetKind,
  unsupportedType?: string,
): string | undefined {
  if (unsupportedType !== undefined) return `target ${id} (${unsupportedType}) is not modelled by vpcsim`;
  if (!isModelledTarget(kind) && kind !== 'unknown')
    return `target ${id} (${kind}) is not modelled by vpcsim`;
  return undefined;
}

/**
 * The route-target kind of a resource type, in any format's spelling (a CloudFormation type, a Terraform type, a
 * describe-* key, a model kind) — so that a route to a transit gateway written in any input is a `transit-gateway`
 * route, and a Terraform address names its kind even when the resource could not be modelled. Undefined for types
 * that are not route targets.
 */
export function kindOfResourceType(type: string | undefined): RouteTargetKind | undefined {
  return type === undefined ? undefined : TARGET_TYPES.get(type);
}

const TARGET_TYPES: ReadonlyMap<string, RouteTargetKind> = new Map<string, RouteTargetKind>(
  (
    [
      ['internet-gateway', 'AWS::EC2::InternetGateway', 'aws_internet_gateway', 'InternetGateways'],
      ['virtual-private-gateway', 'AWS::EC2::VPNGateway', 'aws_vpn_gateway', 'VpnGateways'],
      ['nat-gateway', 'AWS::EC2::NatGateway', 'aws_nat_gateway', 'NatGateways'],
      ['network-interface', 'AWS::EC2::NetworkInterface', 'aws_network_interface', 'NetworkInterfaces'],
      ['instance', 'AWS::EC2::Instance', 'aws_instance', 'Reservations'],
      [
        'vpc-peering',
        'AWS::EC2::VPCPeeringConnection',
        'aws_vpc_peering_connection',
        'VpcPeeringConnections',
      ],
      ['transit-gateway', 'AWS::EC2::TransitGateway', 'aws_ec2_transit_gateway', 'TransitGateways'],
      [
        'egress-only-internet-gateway',
        'AWS::EC2::EgressOnlyInternetGateway',
        'aws_egress_only_internet_gateway',
        'EgressOnlyInternetGateways',
      ],
      ['carrier-gateway', 'AWS::EC2::CarrierGateway', 'aws_ec2_carrier_gateway', 'CarrierGateways'],
      ['local-gateway', 'AWS::EC2::LocalGateway', 'aws_ec2_local_gateway', 'LocalGateways'],
      ['core-network', 'AWS::NetworkManager::CoreNetwork', 'aws_networkmanager_core_network', 'CoreNetworks'],
    ] as const
  ).flatMap(([kind, ...types]) => [[kind, kind] as const, ...types.map((t) => [t, kind] as const)]),
);
