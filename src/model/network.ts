/**
 * The vendor-independent description of a network: what every importer produces and everything downstream reads.
 *
 * Model:
 * - Plain data (JSON-serialisable), no classes. Resources refer to each other by `id` — the identifier the input
 *   used (native YAML name, CloudFormation logical ID, Terraform address, AWS ID). `id`s are unique across the
 *   whole network. `awsId` optionally carries an AWS-style ID (`subnet-0abc…`) when it differs from `id`.
 * - Addresses and CIDRs are kept as text exactly as written; `validate/` checks them (with the resource's span)
 *   and `dataplane/` compiles them. Importers therefore never need to reject a malformed CIDR themselves.
 * - `span` is where the resource was defined; `spans` optionally maps a field name to where that field was written,
 *   so a diagnostic can point at the exact field.
 * - A value that AWS assigns at deploy time and that the input did not give (an instance's private IP, a NAT
 *   gateway's address, a firewall endpoint ID) is filled with a deterministic placeholder and its field name listed
 *   in `assumed`, so traces can say "assumed".
 * Invariants: none are enforced here; `validate/` reports violations as diagnostics.
 */
import type { Span } from '../diag/diagnostic.js';
import type { ClientVpnEndpoint, VpnClient } from './clientvpn.js';
import type { Firewall, FirewallPolicy, RuleGroup } from './firewall.js';
import type { InstanceOs } from './os.js';
import type { LoadBalancer, TargetGroup } from './load-balancer.js';
import type { EndpointService } from './endpoint-service.js';
import type { TgwAttachment, TgwRouteTable, TransitGateway } from './transit-gateway.js';
import type { CustomerGateway, DirectConnectGateway, OnPremisesNetwork, VpnConnection } from './vpn.js';

/** Common fields of every resource. */
export interface Resource {
  /** Identifier as the input wrote it; unique in the network. */
  readonly id: string;
  /** AWS-style ID when known and different from `id` (e.g. `vpc-0abc`). */
  readonly awsId?: string | undefined;
  /** A human name (Name tag, description) when the input has one. */
  readonly name?: string | undefined;
  readonly span?: Span | undefined;
  /** Source positions of individual fields, by field name. */
  readonly spans?: Readonly<Record<string, Span>> | undefined;
  /** Fields whose values were assumed (deploy-time values the input did not fix). */
  readonly assumed?: readonly string[] | undefined;
}

export interface Vpc extends Resource {
  /** IPv4 CIDR blocks; the first is the primary (ADDR-1). */
  readonly cidrs: readonly string[];
  readonly ipv6Cidrs?: readonly string[] | undefined;
  readonly region?: string | undefined;
  readonly accountId?: string | undefined;
  /** Main route table id (RT-9). When absent, a main table with only local routes is implied. */
  readonly mainRouteTable?: string | undefined;
  /** Default network ACL id (NACL-4). When absent, an allow-all default NACL is implied. */
  readonly defaultNetworkAcl?: string | undefined;
  /** Default security group id (SG-4). */
  readonly defaultSecurityGroup?: string | undefined;
  /** DNS resolution (the `enableDnsSupport` attribute; AWS default true): the Amazon DNS server at the VPC's
   * base + 2 and 169.254.169.253 answers only while it is on (ADDR-4). */
  readonly enableDnsSupport?: boolean | undefined;
}

export interface Subnet extends Resource {
  readonly vpc: string;
  /** IPv4 CIDR; absent for an IPv6-only subnet (V6-1). */
  readonly cidr?: string | undefined;
  readonly ipv6Cidr?: string | undefined;
  /**
   * EnableDns64 (V6-6; default off): the Route 53 Resolver answers a name that has no AAAA record with 64:ff9b::/96
   * plus its IPv4 address, for queries from this subnet.
   */
  readonly enableDns64?: boolean | undefined;
  readonly az?: string | undefined;
  /** Explicitly associated route table; the VPC's main table otherwise (RT-9). */
  readonly routeTable?: string | undefined;
  /** Explicitly associated network ACL; the VPC's default NACL otherwise (NACL-4). */
  readonly networkAcl?: string | undefined;
}

/** What a route sends traffic to. `id` names the resource; `local` has none. */
export type RouteTargetKind =
  | 'local'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'network-interface'
  | 'instance'
  | 'vpc-peering'
  | 'gateway-endpoint'
  | 'gwlb-endpoint'
  | 'firewall-endpoint'
  | 'transit-gateway'
  | 'virtual-private-gateway'
  | 'carrier-gateway'
  | 'core-network'
  | 'local-gateway'
  | 'unknown';

export interface RouteTarget {
  readonly kind: RouteTargetKind;
  /** Id of the target resource (absent for `local`). */
  readonly id?: string | undefined;
}

export interface Route {
  /** Destination CIDR (IPv4 or IPv6), or absent when `destinationPrefixList` is used (RT-5). */
  readonly destination?: string | undefined;
  /** Destination managed prefix list id (RT-5). */
  readonly destinationPrefixList?: string | undefined;
  readonly target: RouteTarget;
  /** `blackhole` when the input says so (RT-7); otherwise derived from the target's state. */
  readonly state?: 'active' | 'blackhole' | undefined;
  /** How the route came to be (RT-4 tie-break). */
  readonly origin?: 'static' | 'propagated' | 'auto' | undefined;
  readonly span?: Span | undefined;
  /** Why a route may not be what is deployed, e.g. "replaced by Custom::RouteReplace resource X". */
  readonly caveat?: string | undefined;
}

export interface RouteTable extends Resource {
  readonly vpc: string;
  /** Explicit (non-local) routes, plus replaced local routes (`destination` = a VPC CIDR, RT-2). */
  readonly routes: readonly Route[];
  /** True if this table is the VPC's main table (alternative to Vpc.mainRouteTable). */
  readonly main?: boolean | undefined;
  /** Route propagation from a virtual private gateway enabled (RT-13 forbids it on gateway tables). */
  readonly propagatingGateways?: readonly string[] | undefined;
}

export interface InternetGateway extends Resource {
  /** Attached VPC (IGW-1); absent = detached (routes to it blackhole, RT-7). */
  readonly vpc?: string | undefined;
  /** Gateway (edge-associated) route table (RT-11). */
  readonly routeTable?: string | undefined;
}

/** An egress-only internet gateway (IGW-7, V6-5): IPv6 only, stateful, outbound-initiated flows and their replies. */
export interface EgressOnlyInternetGateway extends Resource {
  /** Attached VPC; absent = detached (routes to it blackhole, RT-7). */
  readonly vpc?: string | undefined;
}

export interface VirtualPrivateGateway extends Resource {
  readonly vpc?: string | undefined;
  readonly routeTable?: string | undefined;
  /** Amazon-side BGP ASN (VPN-1; default 64512). */
  readonly amazonSideAsn?: number | undefined;
}

export interface NatGateway extends Resource {
  readonly subnet: string;
  /** NGW-1. */
  readonly connectivity: 'public' | 'private';
  /** Primary private IP in the subnet. */
  readonly privateIp: string;
  /** Elastic IP for a public NAT gateway. */
  readonly publicIp?: string | undefined;
  /** `deleted` / `failed` → routes to it blackhole (NGW-11). */
  readonly state?: 'available' | 'pending' | 'deleted' | 'failed' | undefined;
}

export interface EniAddress {
  readonly private: string;
  /** Public IPv4 or Elastic IP associated with this private IP (IGW-2). */
  readonly public?: string | undefined;
}

export type EniOwner =
  | 'instance'
  | 'nat-gateway'
  | 'client-vpn'
  | 'firewall-endpoint'
  | 'gwlb-endpoint'
  | 'interface-endpoint'
  | 'load-balancer'
  | 'lambda'
  | 'other';

export interface NetworkInterface extends Resource {
  readonly subnet: string;
  /** Private IPv4 addresses; the first is the primary. */
  readonly addresses: readonly EniAddress[];
  readonly ipv6Addresses?: readonly string[] | undefined;
  /** ENI-1; true by default in AWS. */
  readonly sourceDestCheck: boolean;
  readonly securityGroups: readonly string[];
  /** Attached instance, if any, and the device index (eth0 = 0). */
  readonly instance?: string | undefined;
  readonly deviceIndex?: number | undefined;
  readonly owner?: EniOwner | undefined;
}

export interface Instance extends Resource {
  /** ENI ids, in device-index order (eth0 first). */
  readonly interfaces: readonly string[];
  readonly state?: 'running' | 'stopped' | 'terminated' | undefined;
  /** Operating-system network configuration; absent = an ordinary host that does not forward. */
  readonly os?: InstanceOs | undefined;
}

/** Protocol number (IANA), or -1 for all. */
export type ProtocolNumber = number;

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** ICMP type/code selector; -1 = any. */
export interface IcmpSelector {
  readonly type: number;
  readonly code: number;
}

export type SgPeer =
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'security-group'; readonly group: string; readonly accountId?: string | undefined }
  | { readonly kind: 'prefix-list'; readonly prefixList: string };

export interface SecurityGroupRule {
  readonly protocol: ProtocolNumber;
  /** TCP/UDP port range; absent = all ports. */
  readonly ports?: PortRange | undefined;
  /** ICMP type/code when protocol is 1 (or 58); absent = all. */
  readonly icmp?: IcmpSelector | undefined;
  /** Source (inbound) or destination (outbound). */
  readonly peer: SgPeer;
  readonly description?: string | undefined;
  readonly span?: Span | undefined;
}

export interface SecurityGroup extends Resource {
  readonly vpc: string;
  readonly groupName?: string | undefined;
  readonly inbound: readonly SecurityGroupRule[];
  readonly outbound: readonly SecurityGroupRule[];
  /** True for the VPC's default SG (SG-4). */
  readonly isDefault?: boolean | undefined;
}

export interface NetworkAclRule {
  /** 1..32766 (NACL-2). */
  readonly number: number;
  readonly protocol: ProtocolNumber;
  readonly ports?: PortRange | undefined;
  readonly icmp?: IcmpSelector | undefined;
  readonly cidr: string;
  readonly action: 'allow' | 'deny';
  readonly span?: Span | undefined;
}

export interface NetworkAcl extends Resource {
  readonly vpc: string;
  readonly isDefault?: boolean | undefined;
  readonly inbound: readonly NetworkAclRule[];
  readonly outbound: readonly NetworkAclRule[];
}

export interface PeeringConnection extends Resource {
  readonly requesterVpc: string;
  readonly accepterVpc: string;
  /** Only `active` carries traffic (PCX-4). */
  readonly state?:
    'active' | 'pending-acceptance' | 'deleted' | 'rejected' | 'failed' | 'expired' | undefined;
}

export interface PrefixList extends Resource {
  readonly entries: readonly string[];
  /** Quota weight (RT-5, SG-12). */
  readonly maxEntries?: number | undefined;
  readonly awsManaged?: boolean | undefined;
}

export interface VpcEndpoint extends Resource {
  readonly vpc: string;
  readonly type: 'gateway' | 'interface' | 'gateway-load-balancer';
  readonly service: string;
  /** Gateway endpoints: the service prefix list and the route tables it is added to (RT-18). */
  readonly prefixList?: string | undefined;
  readonly routeTables?: readonly string[] | undefined;
  /** GWLB and interface endpoints: the subnet (GWLBe) or subnets. */
  readonly subnets?: readonly string[] | undefined;
  /** GWLB endpoint: what the appliance behind it does with traffic (GWLB-3); default pass. */
  readonly inspection?: 'pass' | 'drop' | undefined;
  /** Interface endpoint: its security groups (PL-2; the VPC's default group when none). */
  readonly securityGroups?: readonly string[] | undefined;
  /** Interface endpoint: the private IPv4 address of its ENI in each subnet, by subnet (PL-1). */
  readonly addresses?: Readonly<Record<string, string>> | undefined;
  /** Interface endpoint: connection state with the endpoint service; only `available` carries traffic (PL-5, PL-13). */
  readonly state?:
    'available' | 'pendingAcceptance' | 'pending' | 'rejected' | 'failed' | 'deleted' | undefined;
}

/**
 * An Elastic IP the input declares (IGW-2). Where the input also associates it with an ENI or a NAT gateway, that
 * resource's address carries it too; an Elastic IP whose owner is not in the input (associated by a launch
 * template, a script, another stack) is still never "the internet": traffic to it is uncertain (issue 13 §6).
 */
export interface ElasticIp extends Resource {
  /** The public IPv4 address (assumed when AWS assigns it at deploy time: then `assumed` lists `publicIp`). */
  readonly publicIp: string;
  /** Why the input cannot tell which interface holds it, when the importer knows. */
  readonly unresolved?: string | undefined;
}

/** Something the input contains that vpcsim does not model; reported by name, never dropped silently. */
export interface UnsupportedResource {
  readonly id: string;
  readonly type: string;
  readonly span?: Span | undefined;
  readonly reason?: string | undefined;
}

/** The whole network. */
export interface Network {
  readonly vpcs: readonly Vpc[];
  readonly subnets: readonly Subnet[];
  readonly routeTables: readonly RouteTable[];
  readonly internetGateways: readonly InternetGateway[];
  /** Egress-only internet gateways (V6-5; optional: older producers of the model omit them). */
  readonly egressOnlyInternetGateways?: readonly EgressOnlyInternetGateway[] | undefined;
  readonly virtualPrivateGateways: readonly VirtualPrivateGateway[];
  readonly natGateways: readonly NatGateway[];
  readonly networkInterfaces: readonly NetworkInterface[];
  readonly instances: readonly Instance[];
  readonly securityGroups: readonly SecurityGroup[];
  readonly networkAcls: readonly NetworkAcl[];
  readonly peerings: readonly PeeringConnection[];
  readonly prefixLists: readonly PrefixList[];
  readonly vpcEndpoints: readonly VpcEndpoint[];
  readonly firewalls: readonly Firewall[];
  readonly firewallPolicies: readonly FirewallPolicy[];
  readonly ruleGroups: readonly RuleGroup[];
  readonly clientVpnEndpoints: readonly ClientVpnEndpoint[];
  readonly vpnClients: readonly VpnClient[];
  readonly unsupported: readonly UnsupportedResource[];
  /** Every Elastic IP the input declares (optional: older producers of the model omit it). */
  readonly elasticIps?: readonly ElasticIp[] | undefined;
  /** Elastic Load Balancing (B14): load balancers and target groups (optional, like `elasticIps`). */
  readonly loadBalancers?: readonly LoadBalancer[] | undefined;
  readonly targetGroups?: readonly TargetGroup[] | undefined;
  /** PrivateLink endpoint services (B15). */
  readonly endpointServices?: readonly EndpointService[] | undefined;
  /** Transit gateways, their attachments and route tables (B10; optional: older producers omit them). */
  readonly transitGateways?: readonly TransitGateway[] | undefined;
  readonly transitGatewayAttachments?: readonly TgwAttachment[] | undefined;
  readonly transitGatewayRouteTables?: readonly TgwRouteTable[] | undefined;
  /** The hybrid edge (B16) and the on-premises networks declared behind it (ONPREM-1). */
  readonly customerGateways?: readonly CustomerGateway[] | undefined;
  readonly vpnConnections?: readonly VpnConnection[] | undefined;
  readonly directConnectGateways?: readonly DirectConnectGateway[] | undefined;
  readonly onPremisesNetworks?: readonly OnPremisesNetwork[] | undefined;
}

/** An empty network, to build on. */
export function emptyNetwork(): Network {
  return {
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    virtualPrivateGateways: [],
    natGateways: [],
    networkInterfaces: [],
    instances: [],
    securityGroups: [],
    networkAcls: [],
    peerings: [],
    prefixLists: [],
    vpcEndpoints: [],
    firewalls: [],
    firewallPolicies: [],
    ruleGroups: [],
    clientVpnEndpoints: [],
    vpnClients: [],
    unsupported: [],
    elasticIps: [],
    loadBalancers: [],
    targetGroups: [],
    endpointServices: [],
    transitGateways: [],
    transitGatewayAttachments: [],
    transitGatewayRouteTables: [],
    customerGateways: [],
    vpnConnections: [],
    directConnectGateways: [],
    onPremisesNetworks: [],
  };
}

/** A mutable builder view of a network, for importers. */
export type MutableNetwork = { -readonly [K in keyof Network]-?: NonNullable<Network[K]>[number][] };

/** A fresh mutable network for an importer to fill. */
export function newMutableNetwork(): MutableNetwork {
  return emptyNetwork() as unknown as MutableNetwork;
}

/** Merge several networks (several inputs loaded together). Ids must already be unique. */
export function mergeNetworks(nets: readonly Network[]): Network {
  const out = newMutableNetwork();
  for (const n of nets) {
    for (const key of Object.keys(out) as (keyof MutableNetwork)[]) {
      (out[key] as unknown[]).push(...((n[key] ?? []) as readonly unknown[]));
    }
  }
  return out;
}
