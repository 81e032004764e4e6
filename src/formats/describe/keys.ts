/**
 * The top-level keys of describe-* outputs (one per AWS CLI call) and what vpcsim does with each: modelled (a
 * mapper of build.ts reads it), a network-relevant kind vpcsim does not model (reported once per kind, with the
 * key holding each resource's id), or a catalogue that holds no resources (read and ignored).
 */

/** Top-level keys that are modelled. */
export const MODELLED_KEYS = [
  'Vpcs',
  'Subnets',
  'RouteTables',
  'NetworkAcls',
  'SecurityGroups',
  'Reservations',
  'NetworkInterfaces',
  'InternetGateways',
  'EgressOnlyInternetGateways',
  'NatGateways',
  'VpcPeeringConnections',
  'VpcEndpoints',
  'PrefixLists',
  'Addresses',
  'VpnGateways',
  'Firewall',
  'FirewallPolicy',
  'RuleGroup',
  'ClientVpnEndpoints',
  'ClientVpnTargetNetworks',
  'Routes',
  'AuthorizationRules',
] as const;

/** Keys that describe network-relevant things vpcsim does not model (warned by kind when non-empty). */
export const UNSUPPORTED_KEYS: Readonly<Record<string, { idKey: string; what: string }>> = {
  TransitGateways: { idKey: 'TransitGatewayId', what: 'transit gateway (TGW-1…TGW-6 not modelled)' },
  TransitGatewayAttachments: { idKey: 'TransitGatewayAttachmentId', what: 'transit gateway attachment' },
  TransitGatewayVpcAttachments: {
    idKey: 'TransitGatewayAttachmentId',
    what: 'transit gateway VPC attachment',
  },
  TransitGatewayRouteTables: { idKey: 'TransitGatewayRouteTableId', what: 'transit gateway route table' },
  TransitGatewayPropagations: {
    idKey: 'TransitGatewayAttachmentId',
    what: 'transit gateway route propagation',
  },
  TransitGatewayStaticRoutes: { idKey: 'TransitGatewayRouteTableId', what: 'transit gateway static routes' },
  TransitGatewayPeeringAttachments: { idKey: 'TransitGatewayAttachmentId', what: 'transit gateway peering' },
  VpnConnections: { idKey: 'VpnConnectionId', what: 'Site-to-Site VPN connection' },
  CustomerGateways: { idKey: 'CustomerGatewayId', what: 'customer gateway' },
  DBInstances: { idKey: 'DBInstanceIdentifier', what: 'RDS instance (its ENIs are not modelled as hosts)' },
  DomainStatusList: { idKey: 'DomainId', what: 'Elasticsearch/OpenSearch domain' },
  Firewalls: {
    idKey: 'FirewallName',
    what: 'Network Firewall list (use describe-firewall for endpoints and policy)',
  },
  LocalGateways: { idKey: 'LocalGatewayId', what: 'Outposts local gateway' },
  CarrierGateways: { idKey: 'CarrierGatewayId', what: 'carrier gateway' },
};

/** Keys that hold no resources (catalogues, metadata): read and ignored. */
export const IGNORED_KEYS: ReadonlySet<string> = new Set([
  'AvailabilityZones',
  'VpcEndpointServices',
  'ServiceDetails',
  'ServiceNames',
  'Regions',
  'DhcpOptions',
  'KeyPairs',
  'Images',
  'NextToken',
  'ResponseMetadata',
  'UpdateToken',
]);
