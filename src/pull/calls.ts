/**
 * Every call `vpcsim pull` makes, as one table: a row per API operation (service, operation, the list it returns,
 * whether it pages, whether it runs once per item of another call's result, and the file it writes).
 *
 * Model: the rows are the describe calls the describe-* importer reads (formats/describe/build.ts) — EC2, Network
 * Firewall, Client VPN and Auto Scaling (groups, launch templates and their versions, launch configurations) today;
 * an importer that learns a new top-level key adds one row here (and its service in
 * `SERVICES` if it is a new one). Only read-only operations may appear: `isReadOnlyOperation` (Describe, List, Get,
 * Search) is checked over the table by test/pull/calls.test.ts and again, per request, by the SDK middleware in
 * sdk.ts. A row without `file` only feeds `each` rows (ListFirewalls → DescribeFirewall per ARN) and is not written:
 * the importer reads the describe output, not the list. Written files are named after the AWS CLI command that
 * prints the same JSON (`describe-vpcs.json`, `describe-firewall-<name>.json`), so a pulled folder and a folder
 * written by the CLI loop of docs/describe.md read alike.
 */

/** An AWS service `vpcsim pull` calls, named as the AWS CLI names it. */
export type ServiceName = 'ec2' | 'autoscaling' | 'network-firewall' | 'elbv2' | 'elb' | 'sts';

/** How to reach a service's client in the AWS SDK for JavaScript v3, and its IAM action prefix. */
export interface ServiceSpec {
  readonly package: string;
  readonly client: string;
  readonly iamPrefix: string;
}

/** The SDK package and client class of each service (loaded on first use, only by `vpcsim pull`). */
export const SERVICES: Readonly<Record<ServiceName, ServiceSpec>> = {
  ec2: { package: '@aws-sdk/client-ec2', client: 'EC2Client', iamPrefix: 'ec2' },
  autoscaling: {
    package: '@aws-sdk/client-auto-scaling',
    client: 'AutoScalingClient',
    iamPrefix: 'autoscaling',
  },
  'network-firewall': {
    package: '@aws-sdk/client-network-firewall',
    client: 'NetworkFirewallClient',
    iamPrefix: 'network-firewall',
  },
  // Elastic Load Balancing (B14): v2 (ALB, NLB, GWLB) and Classic share the IAM prefix.
  elbv2: {
    package: '@aws-sdk/client-elastic-load-balancing-v2',
    client: 'ElasticLoadBalancingV2Client',
    iamPrefix: 'elasticloadbalancing',
  },
  elb: {
    package: '@aws-sdk/client-elastic-load-balancing',
    client: 'ElasticLoadBalancingClient',
    iamPrefix: 'elasticloadbalancing',
  },
  sts: { package: '@aws-sdk/client-sts', client: 'STSClient', iamPrefix: 'sts' },
};

/** One call per item of an earlier call's result: `{ of: 'ListFirewalls', field: 'FirewallArn', param: 'FirewallArn' }`. */
export interface EachItem {
  /** The operation whose merged result list supplies the items. */
  readonly of: string;
  /** The field of each item holding the value. */
  readonly field: string;
  /** The request parameter it is passed as. */
  readonly param: string;
}

export interface PullCall {
  readonly service: ServiceName;
  /** The API operation, e.g. `DescribeVpcs`. */
  readonly operation: string;
  /** The list the response carries (merged across pages); absent when the whole response is written as is. */
  readonly resultKey?: string;
  /** Follows `NextToken` until the last page. */
  readonly paginated: boolean;
  /** Pages with `Marker` / `NextMarker` instead of `NextToken` (Elastic Load Balancing). */
  readonly marker?: boolean;
  /** The file name's base when the CLI command's name is taken by another service (`elb-describe-load-balancers`). */
  readonly file?: string;
  readonly each?: EachItem;
  /** Parameters every request of the row carries (SearchTransitGatewayRoutes requires `Filters`). */
  readonly input?: Readonly<Record<string, unknown>>;
  /**
   * An `each` row whose response does not name its item is written wrapped with it, in Batfish's snapshot layout:
   * `{ "<key>": [ { "<idField>": item, …response } ] }` (the per-table transit gateway calls).
   */
  readonly wrap?: { readonly key: string; readonly idField: string };
  /** Written to `<cli command>[-<item>].json` in the region folder; false for list calls that only feed `each`. */
  readonly write: boolean;
  /** The top-level keys of the written file, as the describe-* importer dispatches them. */
  readonly keys: readonly string[];
}

const ec2 = (operation: string, resultKey: string, paginated = true, each?: EachItem): PullCall => ({
  service: 'ec2',
  operation,
  resultKey,
  paginated,
  ...(each ? { each } : {}),
  write: true,
  keys: [resultKey],
});

const autoscaling = (operation: string, resultKey: string): PullCall => ({
  service: 'autoscaling',
  operation,
  resultKey,
  paginated: true,
  write: true,
  keys: [resultKey],
});

const elb = (
  service: 'elbv2' | 'elb',
  operation: string,
  resultKey: string,
  each?: EachItem,
  file?: string,
): PullCall => ({
  service,
  operation,
  resultKey,
  // DescribeTargetHealth answers one target group in one response.
  paginated: operation !== 'DescribeTargetHealth',
  marker: true,
  ...(each ? { each } : {}),
  ...(file ? { file } : {}),
  write: true,
  keys: [resultKey],
});

/** Once per transit gateway route table, wrapped with its id as the describe-* importer reads it (keys.ts). */
const perTgwTable: EachItem = {
  of: 'DescribeTransitGatewayRouteTables',
  field: 'TransitGatewayRouteTableId',
  param: 'TransitGatewayRouteTableId',
};
const perTgwTableWrapped = (
  operation: string,
  resultKey: string,
  key: string,
  input?: PullCall['input'],
) => ({
  ...ec2(operation, resultKey, true, perTgwTable),
  ...(input ? { input } : {}),
  wrap: { key, idField: 'TransitGatewayRouteTableId' },
  keys: [key],
});

const perClientVpn: EachItem = {
  of: 'DescribeClientVpnEndpoints',
  field: 'ClientVpnEndpointId',
  param: 'ClientVpnEndpointId',
};

/** The calls, in the order they run (an `each` row after the row it reads). */
export const PULL_CALLS: readonly PullCall[] = [
  ec2('DescribeVpcs', 'Vpcs'),
  ec2('DescribeSubnets', 'Subnets'),
  ec2('DescribeRouteTables', 'RouteTables'),
  ec2('DescribeNetworkAcls', 'NetworkAcls'),
  ec2('DescribeSecurityGroups', 'SecurityGroups'),
  ec2('DescribeInstances', 'Reservations'),
  ec2('DescribeNetworkInterfaces', 'NetworkInterfaces'),
  ec2('DescribeInternetGateways', 'InternetGateways'),
  ec2('DescribeEgressOnlyInternetGateways', 'EgressOnlyInternetGateways'),
  ec2('DescribeNatGateways', 'NatGateways'),
  ec2('DescribeVpcPeeringConnections', 'VpcPeeringConnections'),
  ec2('DescribeVpcEndpoints', 'VpcEndpoints'),
  ec2('DescribePrefixLists', 'PrefixLists'),
  ec2('DescribeAddresses', 'Addresses', false),
  ec2('DescribeVpnGateways', 'VpnGateways', false),
  ec2('DescribeTransitGateways', 'TransitGateways'),
  ec2('DescribeCustomerGateways', 'CustomerGateways', false),
  ec2('DescribeVpnConnections', 'VpnConnections', false),
  ec2('DescribeTransitGatewayAttachments', 'TransitGatewayAttachments'),
  ec2('DescribeTransitGatewayVpcAttachments', 'TransitGatewayVpcAttachments'),
  ec2('DescribeTransitGatewayPeeringAttachments', 'TransitGatewayPeeringAttachments'),
  ec2('DescribeTransitGatewayRouteTables', 'TransitGatewayRouteTables'),
  perTgwTableWrapped(
    'GetTransitGatewayRouteTablePropagations',
    'TransitGatewayRouteTablePropagations',
    'TransitGatewayPropagations',
  ),
  // Static and blackhole routes (TGW-19, TGW-20); propagated ones follow from the propagations (TGW-2, TGW-18).
  perTgwTableWrapped('SearchTransitGatewayRoutes', 'Routes', 'TransitGatewayStaticRoutes', {
    Filters: [
      { Name: 'type', Values: ['static'] },
      { Name: 'state', Values: ['active', 'blackhole'] },
    ],
  }),
  ec2('DescribeClientVpnEndpoints', 'ClientVpnEndpoints'),
  ec2('DescribeClientVpnTargetNetworks', 'ClientVpnTargetNetworks', true, perClientVpn),
  ec2('DescribeClientVpnRoutes', 'Routes', true, perClientVpn),
  ec2('DescribeClientVpnAuthorizationRules', 'AuthorizationRules', true, perClientVpn),
  ec2('DescribeLaunchTemplates', 'LaunchTemplates'),
  // Every version of each template (a group names one by number, $Latest or $Default).
  ec2('DescribeLaunchTemplateVersions', 'LaunchTemplateVersions', true, {
    of: 'DescribeLaunchTemplates',
    field: 'LaunchTemplateId',
    param: 'LaunchTemplateId',
  }),
  autoscaling('DescribeAutoScalingGroups', 'AutoScalingGroups'),
  autoscaling('DescribeLaunchConfigurations', 'LaunchConfigurations'),
  // PrivateLink's provider side (PL-5): which load balancers each endpoint service fronts.
  ec2('DescribeVpcEndpointServiceConfigurations', 'ServiceConfigurations'),
  // Load balancers (B14): listeners per load balancer, rules per listener, targets per target group.
  elb('elbv2', 'DescribeLoadBalancers', 'LoadBalancers'),
  elb('elbv2', 'DescribeTargetGroups', 'TargetGroups'),
  elb('elbv2', 'DescribeListeners', 'Listeners', {
    of: 'DescribeLoadBalancers',
    field: 'LoadBalancerArn',
    param: 'LoadBalancerArn',
  }),
  elb('elbv2', 'DescribeRules', 'Rules', {
    of: 'DescribeListeners',
    field: 'ListenerArn',
    param: 'ListenerArn',
  }),
  elb('elbv2', 'DescribeTargetHealth', 'TargetHealthDescriptions', {
    of: 'DescribeTargetGroups',
    field: 'TargetGroupArn',
    param: 'TargetGroupArn',
  }),
  elb('elb', 'DescribeLoadBalancers', 'LoadBalancerDescriptions', undefined, 'elb-describe-load-balancers'),
  nfwList('ListFirewalls', 'Firewalls'),
  nfwDescribe('DescribeFirewall', { of: 'ListFirewalls', field: 'FirewallArn', param: 'FirewallArn' }, [
    'Firewall',
    'FirewallStatus',
  ]),
  nfwList('ListFirewallPolicies', 'FirewallPolicies'),
  nfwDescribe(
    'DescribeFirewallPolicy',
    { of: 'ListFirewallPolicies', field: 'Arn', param: 'FirewallPolicyArn' },
    ['FirewallPolicy', 'FirewallPolicyResponse'],
  ),
  nfwList('ListRuleGroups', 'RuleGroups'),
  nfwDescribe('DescribeRuleGroup', { of: 'ListRuleGroups', field: 'Arn', param: 'RuleGroupArn' }, [
    'RuleGroup',
    'RuleGroupResponse',
  ]),
];

function nfwList(operation: string, resultKey: string): PullCall {
  return { service: 'network-firewall', operation, resultKey, paginated: true, write: false, keys: [] };
}

function nfwDescribe(operation: string, each: EachItem, keys: readonly string[]): PullCall {
  return { service: 'network-firewall', operation, paginated: false, each, write: true, keys };
}

/** Read-only API operations: `Describe…`, `List…`, `Get…`, `Search…` (IAM's "List" and "Read" access levels). */
export function isReadOnlyOperation(operation: string): boolean {
  return /^(Describe|List|Get|Search)[A-Z]/.test(operation);
}

/** `DescribeClientVpnRoutes` → `describe-client-vpn-routes` (the AWS CLI's name for the operation). */
export function cliName(operation: string): string {
  return operation.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** `ClientVpnEndpointId` → `--client-vpn-endpoint-id`. */
export function cliOption(param: string): string {
  return `--${cliName(param)}`;
}

/**
 * The AWS CLI options for a row's fixed parameters: `Filters` in the CLI's shorthand
 * (`--filters Name=type,Values=static Name=state,Values=active,blackhole`).
 */
export function cliInputArgs(call: PullCall): string[] {
  const filters = call.input?.['Filters'];
  if (!Array.isArray(filters)) return [];
  return [
    '--filters',
    ...(filters as { Name: string; Values: string[] }[]).map(
      (f) => `Name=${f.Name},Values=${f.Values.join(',')}`,
    ),
  ];
}

/** The AWS CLI command printing the same JSON as a row: `aws ec2 describe-vpcs`. */
export function cliCommand(call: PullCall): string {
  return `aws ${call.service} ${cliName(call.operation)}`;
}

/** The IAM action a row needs, e.g. `ec2:DescribeVpcs`. */
export function iamAction(call: PullCall): string {
  return `${SERVICES[call.service].iamPrefix}:${call.operation}`;
}

/**
 * The file a row writes for one item (or for the whole region): `describe-firewall-s0-fw.json`. An ARN is named
 * by its last path segment, or, when `qualified` (two items share that name, as a stateful and a stateless rule
 * group may), by its whole resource part (`stateful-rulegroup/allow` → `stateful-rulegroup_allow`).
 */
export function fileName(call: PullCall, item?: string, qualified = false): string {
  const base = call.file ?? cliName(call.operation);
  if (item === undefined) return `${base}.json`;
  const resource = item.startsWith('arn:') ? item.slice(item.lastIndexOf(':') + 1) : item;
  const tail =
    qualified || !resource.includes('/') ? resource : resource.slice(resource.lastIndexOf('/') + 1);
  return `${base}-${tail.replace(/[^A-Za-z0-9.-]/g, '_')}.json`;
}
