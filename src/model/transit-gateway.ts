/**
 * Transit gateways (aws-semantics.md B10): the gateway, its attachments (VPC, VPN, Direct Connect gateway, peering,
 * Connect, network function), and its route tables with their associations, propagations and routes.
 *
 * Plain data like the rest of model/. Associations and propagations are written on the route table (as AWS's
 * `TransitGatewayRouteTableAssociation` / `…Propagation` resources are), so an input that associates one
 * attachment twice can be represented and refused (TGW-2). Which table an attachment ends up associated with when
 * the input names none (the default association table, TGW-16) is decided once by associations/transit-gateway.ts.
 */
import type { Span } from '../diag/diagnostic.js';
import type { Resource } from './network.js';

export interface TransitGateway extends Resource {
  readonly region?: string | undefined;
  readonly accountId?: string | undefined;
  /** Auto-associate new attachments with the default association table (TGW-16; AWS default true). */
  readonly defaultRouteTableAssociation?: boolean | undefined;
  /** Auto-propagate new attachments into the default propagation table (TGW-16; AWS default true). */
  readonly defaultRouteTablePropagation?: boolean | undefined;
  /** The default association table when the input names it (else the table flagged `isDefault`, else implied). */
  readonly associationDefaultRouteTable?: string | undefined;
  readonly propagationDefaultRouteTable?: string | undefined;
  /** VPN ECMP support (TGW-22). */
  readonly vpnEcmpSupport?: boolean | undefined;
  /** Security-group referencing support at the gateway level (TGW-27). */
  readonly securityGroupReferencingSupport?: boolean | undefined;
  /** Accounts the gateway is shared with through AWS RAM (TGW-12). */
  readonly sharedWith?: readonly string[] | undefined;
}

/** TGW-1, TGW-7. */
export type TgwAttachmentKind =
  'vpc' | 'vpn' | 'direct-connect-gateway' | 'peering' | 'connect' | 'network-function';

/** TGW-11: only `available` carries traffic. */
export type TgwAttachmentState =
  | 'available'
  | 'pending'
  | 'pendingAcceptance'
  | 'modifying'
  | 'deleting'
  | 'deleted'
  | 'failed'
  | 'rejected';

export interface TgwAttachment extends Resource {
  readonly transitGateway: string;
  readonly kind: TgwAttachmentKind;
  /** VPC attachment: the VPC and one subnet per AZ (TGW-8). */
  readonly vpc?: string | undefined;
  readonly subnets?: readonly string[] | undefined;
  /** VPC attachment option ApplianceModeSupport (TGW-5, TGW-11; default off). Always on for network function. */
  readonly applianceMode?: boolean | undefined;
  readonly ipv6Support?: boolean | undefined;
  readonly securityGroupReferencingSupport?: boolean | undefined;
  /** VPN attachment: the Site-to-Site VPN connection. */
  readonly vpnConnection?: string | undefined;
  /** Direct Connect gateway attachment. */
  readonly directConnectGateway?: string | undefined;
  /** Peering attachment: the transit gateway at the other end (TGW-14). */
  readonly peerTransitGateway?: string | undefined;
  /** Connect attachment: its transport attachment (TGW-13). */
  readonly transportAttachment?: string | undefined;
  /** Network function attachment: the Network Firewall (TGW-15). */
  readonly firewall?: string | undefined;
  readonly state?: TgwAttachmentState | undefined;
  /**
   * Attachment-level overrides of the gateway's default association / propagation (Terraform's
   * `transit_gateway_default_route_table_association`; describe-* inputs set both false because they list the
   * actual associations). Absent = the gateway's setting.
   */
  readonly defaultAssociation?: boolean | undefined;
  readonly defaultPropagation?: boolean | undefined;
  /** Account owning the attached resource (cross-account sharing, TGW-12). */
  readonly accountId?: string | undefined;
}

/** Where a TGW route in effect came from (TGW-3 order, best first). */
export type TgwRouteOrigin = 'static' | 'prefix-list' | 'vpc' | 'direct-connect-gateway' | 'connect' | 'vpn';

/** A route in a transit gateway route table (TGW-19…TGW-21). */
export interface TgwRoute {
  /** Destination CIDR, or absent when `destinationPrefixList` is used (TGW-21). */
  readonly destination?: string | undefined;
  readonly destinationPrefixList?: string | undefined;
  /** Target attachment id; absent for a blackhole route. */
  readonly attachment?: string | undefined;
  readonly blackhole?: boolean | undefined;
  /**
   * `static` (default) or a propagated route as an input printed it (search-transit-gateway-routes); propagated
   * routes are otherwise derived from `propagations`.
   */
  readonly origin?: 'static' | 'propagated' | undefined;
  readonly span?: Span | undefined;
}

export interface TgwRouteTable extends Resource {
  readonly transitGateway: string;
  readonly routes: readonly TgwRoute[];
  /** Attachments associated with this table (TGW-2: each attachment with exactly one table). */
  readonly associations?: readonly string[] | undefined;
  /** Attachments propagating their routes into this table (TGW-2, TGW-18). */
  readonly propagations?: readonly string[] | undefined;
  /** The gateway's default association and propagation table (TGW-16). */
  readonly isDefault?: boolean | undefined;
}
