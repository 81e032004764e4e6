/**
 * The compiled network: the model turned once into lookup structures the per-packet path can use without
 * parsing or searching lists. Built by `compile.ts`; read by the hop functions and the engine.
 *
 * Invariants: every reference is resolved to an object (dangling references were reported by `validate/` and are
 * compiled as blackhole routes or skipped with a diagnostic); addresses are uint32; rule texts for traces are
 * precomputed strings.
 */
import type { Addr } from '../net/addr.js';
import type { IntervalLpm } from '../net/lpm.js';
import type { Prefix, Prefix4, Prefix6 } from '../net/prefix.js';
import type { Instance, Network, NetworkInterface, RouteTargetKind } from '../model/network.js';
import type { VpnClient } from '../model/clientvpn.js';
import type { CompiledOs } from './os/index.js';
import type { CompiledFirewall } from './firewall/index.js';
import type { CompiledClientVpn } from './clientvpn/index.js';
import type {
  CInterfaceEndpoint,
  CLbNode,
  CLoadBalancer,
  CompiledLoadBalancing,
} from './load-balancer/types.js';
import type { CompiledTransit, CTransitGateway, CVgw } from './transit-gateway/compiled.js';

export interface CVpc {
  readonly id: string;
  /** IPv4 CIDRs (primary first), then IPv6 CIDRs (V6-1). */
  readonly cidrs: readonly Prefix[];
  readonly subnets: CSubnet[];
  igw?: CIgw | undefined;
  /** Its egress-only internet gateway (V6-5), declared or implied by a route. */
  eigw?: CEigw | undefined;
  /** ENIs (and NAT gateways, endpoints) by private IP. */
  readonly byIp: Map<Addr, CAttachment>;
  readonly mainRouteTable: CRouteTable;
  readonly defaultNacl: CNacl;
  readonly region: string;
  readonly accountId: string;
  /** Active peerings by peer VPC id. */
  readonly peerings: CPeering[];
  /** The Amazon DNS server's address: base of the primary CIDR + 2 (ADDR-2, ADDR-4). */
  readonly dnsAddress: number | undefined;
  /** enableDnsSupport: the Amazon DNS server answers (ADDR-4). */
  readonly dnsSupport: boolean;
}

export interface CSubnet {
  readonly id: string;
  readonly vpc: CVpc;
  /** The IPv4 CIDR; `NO_IPV4` (0.0.0.0/32, which holds no interface address) for an IPv6-only subnet. */
  readonly prefix: Prefix4;
  /** An IPv6-only subnet (V6-1): no IPv4 CIDR, its interfaces have IPv6 addresses only. */
  readonly ipv6Only?: boolean | undefined;
  /** The subnet's IPv6 /64 of a dual-stack subnet (V6-1). */
  readonly prefix6?: Prefix6 | undefined;
  /** EnableDns64 (V6-6): the resolver synthesises 64:ff9b::/96 answers for queries from this subnet. */
  readonly dns64?: boolean | undefined;
  readonly az: string;
  routeTable: CRouteTable;
  nacl: CNacl;
}

/** Something with a private IP in a subnet that a local route can deliver to. */
export type CAttachment =
  | { readonly kind: 'eni'; readonly eni: CEni }
  | { readonly kind: 'nat-gateway'; readonly natgw: CNatGateway }
  | { readonly kind: 'firewall-endpoint'; readonly endpoint: CFirewallEndpoint }
  | { readonly kind: 'gwlb-endpoint'; readonly endpoint: CGwlbEndpoint };

export interface CEni {
  readonly id: string;
  readonly model: NetworkInterface;
  readonly subnet: CSubnet;
  /** Private IPv4 addresses, primary first. */
  readonly addrs: readonly number[];
  /** IPv6 addresses (V6-1, V6-2: no public/private distinction). */
  readonly addrs6: readonly bigint[];
  /** Every address of the ENI, both families. */
  readonly addrSet: ReadonlySet<Addr>;
  /** Public IP by private IP (IGW-2). */
  readonly publicOf: ReadonlyMap<number, number>;
  readonly sourceDestCheck: boolean;
  readonly sgs: readonly CSecurityGroup[];
  /** Label for hops: "sg-a" or "sg-a+sg-b". */
  readonly sgLabel: string;
  instance?: CInstance | undefined;
  readonly deviceIndex: number;
  /** Client VPN ENI: the endpoint it belongs to. */
  clientVpn?: string | undefined;
  /** Load-balancer node ENI: the node (ELB-1, NLB-1). */
  lbNode?: CLbNode | undefined;
  /** Interface-endpoint ENI: the endpoint (PL-1). */
  interfaceEndpoint?: CInterfaceEndpoint | undefined;
  /** Dense index for per-trace state arrays. */
  readonly index: number;
}

export interface CInstance {
  readonly id: string;
  readonly model: Instance;
  readonly enis: CEni[];
  readonly running: boolean;
  /** Compiled OS (netfilter, sysctl, routes); undefined for an ordinary host. */
  os: CompiledOs | undefined;
  /** True when the instance has an OS configuration (may forward). */
  readonly hasOs: boolean;
  readonly index: number;
}

export interface CSgRule {
  readonly proto: number;
  readonly fromPort: number;
  readonly toPort: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  /** CIDR peer(s), either family (V6-7); empty when `refIps` is used. */
  readonly prefixes: readonly Prefix[];
  /** SG reference: the private IPs (and IPv6 addresses) of ENIs carrying the group (SG-6). */
  readonly refIps?: ReadonlySet<Addr> | undefined;
  readonly refGroup?: string | undefined;
  /** Why the referenced group can never match (another Region, not peered: SG-6, PCX-6). */
  readonly refUnusable?: string | undefined;
  /** Console text, e.g. `TCP 443 0.0.0.0/0` (computed on first use). */
  readonly text: string;
  /** Group that owns the rule. */
  readonly group: string;
}

export interface CSecurityGroup {
  readonly id: string;
  readonly inbound: readonly CSgRule[];
  readonly outbound: readonly CSgRule[];
  /** The same rules as flat arrays, for the per-packet path (security-group.ts). */
  readonly inIndex: SgRuleIndex;
  readonly outIndex: SgRuleIndex;
}

/**
 * One direction of a security group as flat arrays, one row per (rule, peer prefix) or (rule, group reference), in
 * rule order, so the first matching row is the first matching rule (SG-1).
 */
export interface SgRuleIndex {
  /** Five numbers per row: protocol (-1 all), from port, to port, ICMP type (-1 any), ICMP code (-1 any). */
  readonly match: Int32Array;
  /** Per row: the prefix's network address and netmask (uint32); both 0 on a group-reference row. */
  readonly base: Uint32Array;
  readonly mask: Uint32Array;
  /** Per row: 0 an IPv4 prefix (base/mask), 1 a security-group reference (SG-6: match `refIps` of the rule),
   * 2 an IPv6 prefix (`pre` indexes the rule's prefixes; V6-7: each row matches only its own family). */
  readonly ref: Uint8Array;
  /** Per row: index of the prefix in the rule's `prefixes` (-1 on a reference row). */
  readonly pre: Int32Array;
  /** Per row: index of the rule in the direction's rule list. */
  readonly rule: Int32Array;
}

export interface CNaclRule {
  readonly number: number;
  readonly proto: number;
  readonly fromPort: number;
  readonly toPort: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  /** The rule's CIDR (either family: an IPv6 rule only matches IPv6 packets, NACL-2, V6-8); null when invalid. */
  readonly prefix: Prefix | null;
  readonly allow: boolean;
  /** Console text, e.g. `100 TCP 22 10.0.0.0/16 ALLOW`. */
  readonly text: string;
}

export interface CNacl {
  readonly id: string;
  /** Rules sorted by number, ending with the `*` deny. */
  readonly inbound: readonly CNaclRule[];
  readonly outbound: readonly CNaclRule[];
  /** The same rules as flat arrays, row k = rule k (issue 19: no object per rule on the per-packet path). */
  readonly inIndex: NaclRuleIndex;
  readonly outIndex: NaclRuleIndex;
}

/** One direction of a network ACL as flat arrays, one row per rule in evaluation order (NACL-2: first match). */
export interface NaclRuleIndex {
  /** Five numbers per row: protocol (-1 all), from port, to port, ICMP type (-1 any), ICMP code (-1 any). */
  readonly match: Int32Array;
  /** Per row: the IPv4 prefix's network address and netmask (uint32); 0 on other rows. */
  readonly base: Uint32Array;
  readonly mask: Uint32Array;
  /** Per row: 0 an IPv4 prefix (base/mask), 2 an IPv6 prefix (the rule's `prefix`; V6-8: each row matches only
   * its own family), 3 an invalid CIDR (matches nothing). */
  readonly family: Uint8Array;
}

export type CTarget =
  | { readonly kind: 'local' }
  | { readonly kind: 'internet-gateway'; readonly igw: CIgw }
  | { readonly kind: 'egress-only-internet-gateway'; readonly eigw: CEigw }
  | { readonly kind: 'nat-gateway'; readonly natgw: CNatGateway }
  | { readonly kind: 'network-interface'; readonly eni: CEni }
  | { readonly kind: 'vpc-peering'; readonly peering: CPeering }
  | { readonly kind: 'firewall-endpoint'; readonly endpoint: CFirewallEndpoint }
  | { readonly kind: 'gwlb-endpoint'; readonly endpoint: CGwlbEndpoint }
  | { readonly kind: 'gateway-endpoint'; readonly id: string; readonly service: string }
  | { readonly kind: 'transit-gateway'; readonly tgw: CTransitGateway }
  | { readonly kind: 'virtual-private-gateway'; readonly vgw: CVgw }
  | { readonly kind: 'unsupported'; readonly targetKind: RouteTargetKind; readonly id: string };

export interface CRoute {
  readonly dest: Prefix;
  readonly target: CTarget;
  /** Blackhole reason, or null when active (RT-7). */
  readonly blackhole: string | null;
  /** Console text: `0.0.0.0/0 -> igw`. */
  readonly text: string;
  readonly caveat?: string | undefined;
  /** Same-prefix routes that lost to this one (RT-4), for the trace. */
  readonly shadowed?: string | undefined;
}

export interface CRouteTable {
  readonly id: string;
  readonly lpm: IntervalLpm<CRoute>;
  readonly routes: readonly CRoute[];
  readonly gateway: boolean;
}

export interface CIgw {
  readonly id: string;
  readonly vpc: CVpc;
  /** Edge-associated gateway route table (RT-11). */
  routeTable?: CRouteTable | undefined;
}

/** An egress-only internet gateway (V6-5): IPv6 out, and back in only for the replies of flows it saw leave. */
export interface CEigw {
  readonly id: string;
  readonly vpc: CVpc;
  /** Not in the input: implied by a route naming it (AWS accepts a route only to an existing gateway). */
  readonly implied: boolean;
}

export interface CNatGateway {
  readonly id: string;
  readonly subnet: CSubnet;
  readonly privateIp: number;
  readonly publicIp: number | null;
  readonly isPublic: boolean;
  readonly available: boolean;
  readonly index: number;
}

export interface CPeering {
  readonly id: string;
  readonly a: CVpc;
  readonly b: CVpc;
  readonly active: boolean;
}

export interface CFirewallEndpoint {
  readonly id: string;
  readonly firewallId: string;
  readonly subnet: CSubnet;
  readonly ip: number;
  firewall: CompiledFirewall | undefined;
  readonly index: number;
}

export interface CGwlbEndpoint {
  readonly id: string;
  readonly subnet: CSubnet;
  readonly ip: number;
  readonly verdict: 'pass' | 'drop';
  readonly index: number;
  /** The Gateway Load Balancer of its endpoint service, when the input has it (GWLB-5, GWLB-8). */
  readonly gwlb?: CLoadBalancer | undefined;
}

/** Where a public IPv4 address leads (IGW-2). */
export type CPublicTarget =
  | { readonly kind: 'eni'; readonly eni: CEni; readonly privateIp: number }
  | { readonly kind: 'nat-gateway'; readonly natgw: CNatGateway; readonly privateIp: number }
  | { readonly kind: 'client-vpn'; readonly eni: CEni; readonly privateIp: number };

export interface CompiledNetwork {
  /** The model it was compiled from (the analysis layer compares two versions by it: analysis/reach/change.ts). */
  readonly network: Network;
  readonly vpcs: ReadonlyMap<string, CVpc>;
  readonly subnets: ReadonlyMap<string, CSubnet>;
  readonly enis: readonly CEni[];
  readonly eniById: ReadonlyMap<string, CEni>;
  readonly instances: ReadonlyMap<string, CInstance>;
  readonly natGateways: ReadonlyMap<string, CNatGateway>;
  readonly routeTables: ReadonlyMap<string, CRouteTable>;
  readonly firewallEndpoints: ReadonlyMap<string, CFirewallEndpoint>;
  readonly gwlbEndpoints: ReadonlyMap<string, CGwlbEndpoint>;
  readonly igws: ReadonlyMap<string, CIgw>;
  readonly peerings: ReadonlyMap<string, CPeering>;
  readonly byPublicIp: ReadonlyMap<Addr, CPublicTarget & { readonly igw: CIgw | undefined }>;
  /** Elastic IPs the input declares but whose owner it does not contain (issue 13 §6): public address → what is
   * unresolved. Never treated as the internet. */
  readonly unresolvedEips: ReadonlyMap<Addr, { readonly id: string; readonly reason: string }>;
  readonly clientVpns: ReadonlyMap<string, CompiledClientVpn>;
  readonly clients: ReadonlyMap<string, VpnClient>;
  /** Load balancers, target groups, interface endpoints (B14, B15). */
  readonly loadBalancing: CompiledLoadBalancing;
  /** Every private address of every VPC, for endpoint resolution (first VPC wins when VPCs overlap). */
  readonly attachmentByIp: ReadonlyMap<Addr, CAttachment>;
  /** Which VPC's CIDRs contain an address (longest match). */
  readonly vpcByAddress: IntervalLpm<CVpc>;
  /** Transit gateways, virtual private gateways, VPN connections and on-premises networks (B10, B16). */
  readonly transit: CompiledTransit;
  /**
   * What the analysis layer derives from this network once and keeps for later traces, keyed by what it is
   * (`endpoints`: the resolved flow endpoints, analysis/endpoints.ts). The data plane never reads it.
   */
  readonly memo: Map<string, unknown>;
  /** Counts for per-trace state arrays. */
  readonly counts: {
    readonly enis: number;
    readonly natgws: number;
    readonly fwes: number;
    readonly instances: number;
  };
}
