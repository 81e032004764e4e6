/**
 * Compiled forms of Elastic Load Balancing (B14) and PrivateLink (B15): what `compileLoadBalancers` builds once
 * and the walk reads per packet. Addresses are uint32; every reference is resolved.
 */
import type { ListenerProtocol, LoadBalancerType, TargetType } from '../../model/load-balancer.js';
import type { ListenerRule } from '../../model/load-balancer.js';
import type { CEni, CInstance } from '../compiled.js';

/** One node of a load balancer: its ENI (with the load balancer's security groups) in one AZ (ELB-1, NLB-1). */
export interface CLbNode {
  readonly lb: CLoadBalancer;
  readonly eni: CEni;
  readonly az: string;
  readonly ip: number;
}

export interface CLbTarget {
  /** As the target group names it: instance name, IP address, or load balancer name. */
  readonly id: string;
  readonly ip: number;
  readonly port: number;
  /** AZ of the target's subnet; `all` for an IP outside the VPC (ELB-3). */
  readonly az: string;
  readonly instance?: CInstance | undefined;
  /** An `alb` target: the Application Load Balancer behind the NLB (NLB-2). */
  readonly lb?: CLoadBalancer | undefined;
  readonly health?: string | undefined;
}

export interface CTargetGroup {
  readonly id: string;
  readonly type: TargetType;
  readonly protocol: ListenerProtocol | undefined;
  readonly port: number;
  readonly targets: CLbTarget[];
  /** Client IP preservation in effect (NLB-3), and whether the input set it or the default applies. */
  readonly preserveClientIp: boolean;
  readonly preserveExplicit: boolean;
  /** Target-group cross-zone override; undefined = the load balancer's setting (ELB-2). */
  readonly crossZone: boolean | undefined;
}

export interface CListenerRule {
  readonly priority: number | undefined;
  readonly hosts: readonly string[];
  readonly paths: readonly string[];
  readonly other: readonly string[];
  readonly action: ListenerRule['action'];
  readonly groups: readonly CTargetGroup[];
  /** The weight of each of `groups` (ALB-3 weighted forward; 1 each when the input gives none). */
  readonly weights: readonly number[];
  /** Console-like text: `rule 10: host admin.example.com → forward tg-admin`. */
  readonly text: string;
}

export interface CListener {
  readonly protocol: ListenerProtocol;
  /** undefined: every port (GWLB). */
  readonly port: number | undefined;
  /** ALB rules by ascending priority, then the default rule (no conditions) last (ALB-3). */
  readonly rules: readonly CListenerRule[];
  /** Classic LB back-end port (CLB-1). */
  readonly instancePort: number | undefined;
  /** `TCP:443`. */
  readonly text: string;
}

export interface CLoadBalancer {
  readonly id: string;
  readonly type: LoadBalancerType;
  readonly scheme: 'internet-facing' | 'internal';
  readonly nodes: CLbNode[];
  readonly listeners: CListener[];
  readonly crossZone: boolean;
  /** The load balancer has security groups (NLB-7: only if created with them). */
  readonly hasSecurityGroups: boolean;
  /** NLB-7: inbound rules apply to PrivateLink traffic, against the client's address. */
  readonly enforceOnPrivateLink: boolean;
  readonly active: boolean;
  /** Classic LB registered instances, as targets of every listener (CLB-1). */
  readonly classicTargets: CLbTarget[];
}

/** An interface endpoint's ENI (PL-1) and the endpoint service it leads to. */
export interface CInterfaceEndpoint {
  readonly id: string;
  readonly eni: CEni;
  readonly az: string;
  /** Provider load balancer of the service; undefined for an AWS service (`com.amazonaws.<region>.ssm`). */
  readonly service: string;
  readonly lbs: readonly CLoadBalancer[];
  readonly available: boolean;
  readonly state: string;
}

/** Everything load balancing adds to the compiled network. */
export interface CompiledLoadBalancing {
  readonly loadBalancers: ReadonlyMap<string, CLoadBalancer>;
  readonly targetGroups: ReadonlyMap<string, CTargetGroup>;
  /** By endpoint ENI id. */
  readonly interfaceEndpoints: ReadonlyMap<string, CInterfaceEndpoint>;
}
