/**
 * What a load-balancer node remembers about a flow it forwarded, so the target's reply returns through it (NLB-9,
 * ALB-1, CLB-1) and, for PrivateLink, back through the consumer's endpoint (PL-7); and the choice of target the first
 * load balancer of a trace made, for the per-target report.
 */
import type { Packet } from '../packet.js';
import type { CInterfaceEndpoint, CLbNode } from './types.js';

export interface LbFlow {
  readonly node: CLbNode;
  /** The packet as it reached the node (after the IGW's or the endpoint's translation). */
  readonly before: Packet;
  /** The packet as the node sent it to the target. */
  readonly after: Packet;
  /** PrivateLink: the consumer's endpoint and the packet as it reached the endpoint ENI. */
  readonly endpoint?: { readonly ep: CInterfaceEndpoint; readonly before: Packet } | undefined;
}

export interface LbDecision {
  readonly lb: string;
  readonly node: string;
  /** Targets the node may pick, in the order it tries them. */
  readonly eligible: readonly string[];
  readonly picked: string;
  /** Targets it may not pick, and why (ELB_NOT_CROSSZONE, ELB_INSTALLED_AZ_RESTRICTION). */
  readonly excluded: readonly { readonly target: string; readonly reason: string }[];
  /** The target sees the client's address (client IP preservation, NLB-3). */
  readonly preserved: boolean;
}
