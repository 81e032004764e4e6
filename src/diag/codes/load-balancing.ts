/**
 * Diagnostic codes of Elastic Load Balancing and PrivateLink (aws-semantics.md B14, B15): what the ELB and VPC
 * endpoint APIs refuse, and what they accept but almost never works. Part of the catalogue in diag/codes.ts.
 */
import type { CodeInfo } from './info.js';

export const LOAD_BALANCING_CODES = {
  ALB_TOO_FEW_AZS: {
    meaning: 'An Application Load Balancer has subnets in fewer than two AZs',
    ref: 'ELB-1',
  },
  LB_NODE_NO_ADDRESS: {
    meaning: "A load-balancer node's private address is missing, malformed or outside its subnet",
    ref: 'NLB-1',
  },
  LB_SECURITY_GROUPS_NOT_SUPPORTED: {
    meaning:
      'Security groups given to a Gateway Load Balancer, which has none (SetSecurityGroups refuses it)',
    ref: 'GWLB-5',
  },
  LB_SUBNET_OTHER_VPC: {
    meaning: "A load balancer's subnet is in another VPC than the load balancer",
    ref: 'ELB-1',
  },
  LB_SUBNETS_SAME_AZ: {
    meaning: 'A load balancer has two subnets in one Availability Zone',
    ref: 'ELB-1, NLB-1',
  },
  LISTENER_SYNTAX: {
    meaning: 'A listener written in one line is malformed (expected "PROTOCOL:PORT -> target-group")',
  },
  LISTENER_PORT_DUPLICATE: {
    meaning: 'Two listeners of one load balancer use the same port',
    ref: 'NLB-2, ALB-3',
  },
  LISTENER_PROTOCOL_INVALID: {
    meaning:
      'A listener protocol the load balancer type does not support (NLB: TCP/TLS/UDP/TCP_UDP; ALB: HTTP/HTTPS)',
    ref: 'NLB-2, ALB-3, GWLB-5',
  },
  TARGET_GROUP_NO_TARGET_IN_AZ: {
    meaning:
      'A target group has no target in an AZ where its load balancer has a node (that node forwards nowhere)',
    ref: 'NLB-2, ELB-2',
  },
  TARGET_GROUP_PROTOCOL_MISMATCH: {
    meaning: "A target group's protocol does not fit the listener that forwards to it",
    ref: 'NLB-2, ALB-3',
  },
  TARGET_IP_NOT_ALLOWED: {
    meaning: 'An IP target outside the VPC and outside RFC 1918 / RFC 6598 space (publicly routable)',
    ref: 'ELB-3',
  },
  TARGET_OTHER_VPC: { meaning: 'An instance target in another VPC than its target group', ref: 'ELB-3' },
  TARGET_TYPE_INVALID: {
    meaning:
      'A target type the load balancer does not take (alb targets need a TCP group; lambda is ALB only)',
    ref: 'NLB-2, ALB-4',
  },
  VPCE_SERVICE_NOT_INSTALLED_IN_AZ: {
    meaning: "An interface endpoint in a subnet of an AZ where the service's load balancer has no node",
    ref: 'PL-1',
    ra: 'VPCE_SERVICE_NOT_INSTALLED_IN_AZ',
  },
  VPCE_SUBNETS_SAME_AZ: {
    meaning: 'An interface endpoint has two subnets in one Availability Zone',
    ref: 'PL-1',
  },
} as const satisfies Record<string, CodeInfo>;
