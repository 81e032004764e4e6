/**
 * The compiled transit gateways and hybrid edge (B10, B16): what the walk's transit-gateway, VPN and on-premises
 * components read. Built once by transit-gateway/compile.ts; every reference resolved to an object.
 */
import type { IntervalLpm } from '../../net/lpm.js';
import type { Addr } from '../../net/addr.js';
import type { Prefix, Prefix4 } from '../../net/prefix.js';
import type { TgwAttachmentKind } from '../../model/transit-gateway.js';
import type { LearnedOrigin } from '../../associations/vpn-routes.js';
import type { CRouteTable, CSubnet, CVpc } from '../compiled.js';
import type { CompiledFirewall } from '../firewall/index.js';
import type { CTgwRouteTable } from './route-table.js';

export type CTgwTable = CTgwRouteTable<CTgwAttachment>;

export interface CTgwAttachment {
  readonly id: string;
  readonly kind: TgwAttachmentKind;
  readonly tgw: CTransitGateway;
  /** TGW-11: only `available` carries traffic. */
  readonly state: string;
  readonly available: boolean;
  /** VPC attachment: the VPC and its attachment subnet per AZ (TGW-8), AZs sorted by name. */
  readonly vpc: CVpc | undefined;
  readonly subnetByAz: ReadonlyMap<string, CSubnet>;
  readonly azs: readonly string[];
  /**
   * VPC attachment option Ipv6Support (V6-11, TGW-11; default off): its ENIs get IPv6 addresses and the VPC's IPv6
   * CIDRs propagate. Without it vpcsim does not carry IPv6 through the attachment (the documented-safe reading).
   */
  readonly ipv6Support: boolean;
  /** TGW-5 / TGW-24.3; always on for a network function attachment (TGW-15). */
  readonly applianceMode: boolean;
  /** The associated route table (TGW-2, TGW-17); undefined = none. */
  table: CTgwTable | undefined;
  associationVia: 'explicit' | 'default' | undefined;
  /** VPN attachment: its connection; DX gateway attachment: the gateway id. */
  readonly vpn: CVpnConnection | undefined;
  readonly directConnectGateway: string | undefined;
  /** Peering attachment: the peer gateway's attachment for the same peering (TGW-14). */
  peer: CTgwAttachment | undefined;
  /** Network function attachment: its transit-gateway-attached firewall (TGW-15). */
  readonly firewall: { readonly id: string; readonly compiled: CompiledFirewall | undefined } | undefined;
  /** Why the walk cannot follow this attachment (Connect; a firewall the input lacks): a named unsupported edge. */
  readonly unsupported: string | undefined;
}

export interface CTransitGateway {
  readonly id: string;
  readonly region: string | undefined;
  readonly attachments: readonly CTgwAttachment[];
  /** The VPC attachment of each attached VPC (TGW-8: one per VPC). */
  readonly byVpc: ReadonlyMap<string, CTgwAttachment>;
  readonly tables: ReadonlyMap<string, CTgwTable>;
}

/** ONPREM-1: a declared remote network. */
export interface COnPremises {
  readonly id: string;
  /** IPv4 and IPv6 CIDRs (IPv6 is carried over a transit gateway's VPN or Direct Connect attachment: VPN-9). */
  readonly cidrs: readonly Prefix[];
  /** The VPN connection or DX gateway it sits behind. */
  readonly via: string;
  readonly hosts: ReadonlyMap<string, Addr>;
}

export interface CVpnConnection {
  readonly id: string;
  readonly up: boolean;
  readonly routing: 'static' | 'bgp';
  /** The VGW it terminates on, or the TGW (through a VPN attachment). */
  readonly vgw: string | undefined;
  readonly tgw: string | undefined;
}

/** A route a VGW learned (VPN-5), compiled. */
export interface CLearned {
  readonly dest: Prefix4;
  readonly origin: LearnedOrigin;
  readonly via: string;
  readonly text: string;
}

export interface CVgw {
  readonly id: string;
  readonly vpc: CVpc | undefined;
  /** VPN-5, VPN-6: what it can send toward on-premises, best route per prefix. */
  readonly learned: IntervalLpm<CLearned>;
  readonly learnedList: readonly CLearned[];
  /** Routes of connections whose tunnels are down (withdrawn, VPN-2): to name BAD_STATE_VPN. */
  readonly down: readonly CLearned[];
  /** VPN connections and DX gateways the input declares on it (0: what lies behind it is unknown). */
  readonly edges: number;
  /** Edge-associated gateway route table (RT-11). */
  routeTable: CRouteTable | undefined;
}

/** DX-1: a Direct Connect gateway and what it is associated with. */
export interface CDxGateway {
  readonly id: string;
  readonly vgws: readonly CVgw[];
  /** The transit gateways' DX gateway attachments for it. */
  readonly attachments: readonly CTgwAttachment[];
}

export interface CompiledTransit {
  readonly tgws: ReadonlyMap<string, CTransitGateway>;
  readonly attachments: ReadonlyMap<string, CTgwAttachment>;
  readonly vgws: ReadonlyMap<string, CVgw>;
  readonly vpns: ReadonlyMap<string, CVpnConnection>;
  readonly dxgws: ReadonlyMap<string, CDxGateway>;
  readonly onPremises: readonly COnPremises[];
  /** Which declared on-premises network contains an address (longest match). */
  readonly onPremByAddress: IntervalLpm<COnPremises>;
}
