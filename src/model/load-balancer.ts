/**
 * Elastic Load Balancing in the model (aws-semantics.md B14): load balancers (Network, Application, Classic,
 * Gateway) with their nodes, listeners and rules, and target groups with their targets.
 *
 * Model:
 * - A load balancer has one node per enabled subnet (one subnet per AZ, ELB-1, NLB-1); each node has the private
 *   IPv4 address of its ENI and, when internet-facing, a public address (an Elastic IP for an NLB). Addresses AWS
 *   assigns at deploy time and the input did not fix are placeholders listed in `assumed` (`nodes`).
 * - `securityGroups` undefined means the load balancer has none (an NLB created without, NLB-7; a GWLB never has
 *   any, GWLB-5); an empty list given by the input means the same.
 * - Listeners select target groups: an NLB/GWLB listener forwards to one group; an ALB listener has rules by
 *   priority (ALB-3) and a default action; a Classic LB listener pairs a front-end port with an instance port
 *   (CLB-1) and sends to the load balancer's registered instances.
 * - Target groups name their targets by instance name, IP address or load balancer name (`alb` targets, NLB-2).
 * Invariants: none are enforced here; validate/load-balancers.ts reports what the ELB API would refuse.
 */
import type { Resource } from './network.js';

export type LoadBalancerType = 'network' | 'application' | 'classic' | 'gateway';

export type ListenerProtocol =
  'TCP' | 'TLS' | 'UDP' | 'TCP_UDP' | 'QUIC' | 'TCP_QUIC' | 'HTTP' | 'HTTPS' | 'SSL' | 'GENEVE';

export type TargetType = 'instance' | 'ip' | 'alb' | 'lambda';

/** One node of a load balancer: its ENI in one enabled subnet (ELB-1, NLB-1). */
export interface LoadBalancerNode {
  readonly subnet: string;
  /** Private IPv4 address of the node's ENI; when absent, the subnet's first free address is assumed. */
  readonly privateIp?: string | undefined;
  /** Public IPv4 (Elastic IP for an internet-facing NLB, NLB-1). */
  readonly publicIp?: string | undefined;
}

/** A listener rule of an Application Load Balancer (ALB-3), shown and evaluated only as far as it picks a group. */
export interface ListenerRule {
  /** 1…50000; the default rule has none and comes last. */
  readonly priority?: number | undefined;
  /** host-header values (wildcards `*` and `?` as AWS allows). */
  readonly hosts?: readonly string[] | undefined;
  /** path-pattern values. */
  readonly paths?: readonly string[] | undefined;
  /** Other conditions (http-header, query-string, source-ip, …), shown, not evaluated. */
  readonly otherConditions?: readonly string[] | undefined;
  /** forward reaches a target; redirect / fixed-response / authenticate-* never do (ALB-3). */
  readonly action: 'forward' | 'redirect' | 'fixed-response' | 'authenticate';
  /** Target groups of a forward action. */
  readonly targetGroups: readonly string[];
  /**
   * A weighted forward (ForwardConfig, ALB-3): the weight of each group of `targetGroups`, in the same order (0…999;
   * 0 = the group receives no requests). Absent: every group weighs 1.
   */
  readonly weights?: readonly number[] | undefined;
}

export interface Listener {
  readonly id?: string | undefined;
  readonly protocol: ListenerProtocol;
  /** Front-end port; GWLB listeners have none (all ports, GWLB-1). */
  readonly port?: number | undefined;
  /** NLB/GWLB: the group of the default forward action; ALB: the default rule's group. */
  readonly targetGroup?: string | undefined;
  /** ALB: rules before the default action (ALB-3). */
  readonly rules?: readonly ListenerRule[] | undefined;
  /** ALB: the default action when it is not a forward. */
  readonly defaultAction?: ListenerRule['action'] | undefined;
  /** Classic LB: the back-end (instance) port and protocol (CLB-1). */
  readonly instancePort?: number | undefined;
  readonly instanceProtocol?: ListenerProtocol | undefined;
  readonly span?: Resource['span'];
}

export interface LoadBalancer extends Resource {
  readonly vpc: string;
  readonly type: LoadBalancerType;
  readonly scheme: 'internet-facing' | 'internal';
  readonly nodes: readonly LoadBalancerNode[];
  /** Undefined or empty: no security groups (NLB-7, GWLB-5). */
  readonly securityGroups?: readonly string[] | undefined;
  /** Cross-zone load balancing at load-balancer level; default per type (ELB-2). */
  readonly crossZone?: boolean | undefined;
  readonly listeners: readonly Listener[];
  /** Classic LB: registered instances (CLB-1). */
  readonly instances?: readonly string[] | undefined;
  /** NLB with security groups: inbound rules also apply to PrivateLink traffic, against the client IP (NLB-7). */
  readonly enforceSecurityGroupInboundRulesOnPrivateLinkTraffic?: boolean | undefined;
  /** Deployment state; only `active` carries traffic. */
  readonly state?: 'active' | 'provisioning' | 'failed' | undefined;
}

export interface Target {
  /** Instance name, IP address, or load balancer name (alb targets). */
  readonly id: string;
  /** Port override for this target (NLB-2: the TG port otherwise). */
  readonly port?: number | undefined;
  /** `all` for IP targets outside the VPC (ELB-3); otherwise the AZ of the target's subnet. */
  readonly availabilityZone?: string | undefined;
  /** From describe-target-health: shown, never used for reachability. */
  readonly health?: string | undefined;
  readonly span?: Resource['span'];
}

export interface TargetGroup extends Resource {
  readonly vpc?: string | undefined;
  readonly targetType: TargetType;
  readonly protocol?: ListenerProtocol | undefined;
  readonly port?: number | undefined;
  readonly targets: readonly Target[];
  /** `preserve_client_ip.enabled`; default by target type and protocol (NLB-3). */
  readonly preserveClientIp?: boolean | undefined;
  /** Target-group level cross-zone setting (`load_balancing.cross_zone.enabled`: true, false, or inherited). */
  readonly crossZone?: boolean | undefined;
}

/** NLB-3: the client-IP-preservation default of a target group, by target type and protocol. */
export function defaultPreserveClientIp(tg: Pick<TargetGroup, 'targetType' | 'protocol'>): boolean {
  if (tg.targetType === 'instance' || tg.targetType === 'alb') return true;
  const p = tg.protocol ?? 'TCP';
  return p === 'UDP' || p === 'TCP_UDP' || p === 'QUIC' || p === 'TCP_QUIC';
}

/** ELB-2: cross-zone default by load-balancer type (ALB always on; NLB, GWLB, CLB via API off). */
export function defaultCrossZone(type: LoadBalancerType): boolean {
  return type === 'application';
}
