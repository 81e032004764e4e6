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
  DBInstances: { idKey: 'DBInstanceIdentifier', what: 'RDS instance (its ENIs are not modelled as hosts)' },
  DomainStatusList: { idKey: 'DomainId', what: 'Elasticsearch/OpenSearch domain' },
  Firewalls: {
    idKey: 'FirewallName',
    what: 'Network Firewall list (use describe-firewall for endpoints and policy)',
  },
  LocalGateways: { idKey: 'LocalGatewayId', what: 'Outposts local gateway' },
  CarrierGateways: { idKey: 'CarrierGatewayId', what: 'carrier gateway' },
};

/**
 * Keys read by another key's mapper, in the layout of per-table calls wrapped with the table id (as batfish's
 * snapshots store get-transit-gateway-route-table-propagations and search-transit-gateway-routes): the transit
 * gateway route tables read them. `vpcsim pull` writes them in this layout (src/pull/calls.ts).
 */
export const READ_WITH_KEYS: ReadonlySet<string> = new Set([
  'TransitGatewayPropagations',
  'TransitGatewayStaticRoutes',
]);

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
