/**
 * A hop: one decision a component made about a packet — the unit of every trace.
 */
import type { PacketJson } from './packet.js';
import type { ExplanationCode } from '../diag/codes.js';

export type HopKind =
  | 'instance'
  | 'network-interface'
  | 'security-group'
  | 'network-acl'
  | 'route-table'
  | 'gateway-route-table'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'vpc-peering'
  | 'firewall-endpoint'
  | 'gwlb-endpoint'
  | 'gateway-endpoint'
  | 'interface-endpoint'
  | 'load-balancer'
  | 'target-group'
  | 'netfilter'
  | 'os'
  | 'client-vpn'
  | 'client'
  | 'internet'
  | 'transit-gateway'
  | 'transit-gateway-attachment'
  | 'transit-gateway-route-table'
  | 'virtual-private-gateway'
  | 'vpn-connection'
  | 'on-premises'
  | 'amazon-service'
  | 'unsupported';

export type HopAction = 'allow' | 'forward' | 'translate' | 'deliver' | 'exit' | 'drop';

export interface Hop {
  /** Identifier the input used for the component. */
  readonly id: string;
  /** The resource this component belongs to, when different (the firewall of an endpoint, the instance of an
   * ENI, the instance whose security groups decided). */
  readonly owner?: string | undefined;
  readonly kind: HopKind;
  readonly action: HopAction;
  /** What decided, as the AWS console (or iptables, Suricata) writes it. */
  readonly rule?: string | undefined;
  /** Explanation code (Reachability Analyzer name where one exists). */
  readonly code?: ExplanationCode | undefined;
  /** The packet as it arrived at this hop. */
  readonly packet: PacketJson;
  /** The packet as it left, when the hop changed it. */
  readonly after?: PacketJson | undefined;
  /** inbound / outbound for filters. */
  readonly direction?: 'inbound' | 'outbound' | undefined;
  /** One sentence of explanation. */
  readonly detail?: string | undefined;
  /** State this hop created or used (connection tracking, NAT table, firewall flow). */
  readonly state?: string | undefined;
  /** Values this hop relied on that were assumed (deploy-time placeholders). */
  readonly assumed?: readonly string[] | undefined;
  /** Unsupported features the decision depends on; the verdict is then uncertain. */
  readonly unsupported?: readonly string[] | undefined;
  /** Semantics IDs this decision implements (e.g. `SG-6`). */
  readonly refs?: readonly string[] | undefined;
}
