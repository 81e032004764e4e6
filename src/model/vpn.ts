/**
 * The hybrid edge (aws-semantics.md B16): customer gateways, Site-to-Site VPN connections (on a virtual private
 * gateway or a transit gateway), Direct Connect gateways, and the on-premises networks behind them.
 *
 * On-premises networks have no data plane of their own (ONPREM-1): the user declares each remote network's CIDRs,
 * the edge it sits behind, and optionally named hosts. vpcsim derives from this the routes the edge learns (VPN-2,
 * TGW-18) and treats declared remote addresses as trace sources and destinations.
 */
import type { Resource } from './network.js';

/** VPN-1: the AWS resource describing the on-premises device. */
export interface CustomerGateway extends Resource {
  readonly ipAddress?: string | undefined;
  readonly bgpAsn?: number | undefined;
}

/** VPN-1, VPN-2: two tunnels between a VGW or a TGW and a customer gateway. */
export interface VpnConnection extends Resource {
  readonly customerGateway?: string | undefined;
  /** The virtual private gateway it terminates on … */
  readonly vpnGateway?: string | undefined;
  /** … or the transit gateway (then a VPN attachment carries it: VPN-9). */
  readonly transitGateway?: string | undefined;
  /** VPN-2: `static` lists the prefixes on the connection; `bgp` learns them from the customer gateway. */
  readonly routing: 'static' | 'bgp';
  /** Static routing: the on-premises prefixes (VPN-2). */
  readonly staticRoutes?: readonly string[] | undefined;
  /**
   * BGP routing: the prefixes the customer gateway advertises (VPN-2); when absent, the CIDRs of the on-premises
   * networks declared behind this connection.
   */
  readonly bgpPrefixes?: readonly string[] | undefined;
  /** BGP AS_PATH length of the advertised prefixes (VPN-5 tie-break); default 1. */
  readonly asPathLength?: number | undefined;
  /** Tunnel state (VPN-2: routes are propagated only while UP). Default `up`. */
  readonly state?: 'up' | 'down' | undefined;
}

/** DX-1: a global Direct Connect gateway associated with VGWs or TGWs. */
export interface DirectConnectGateway extends Resource {
  readonly amazonSideAsn?: number | undefined;
  /** Associated virtual private gateways and transit gateways. */
  readonly gateways?: readonly string[] | undefined;
  /** Allowed prefixes (DX-1): a filter for VGW associations, the advertised prefixes for TGW associations. */
  readonly allowedPrefixes?: readonly string[] | undefined;
  /** The prefixes on-premises advertises over BGP; when absent, the CIDRs of the networks declared behind it. */
  readonly bgpPrefixes?: readonly string[] | undefined;
}

/** ONPREM-1: a remote network the user declares, reached through a VPN connection or a Direct Connect gateway. */
export interface OnPremisesNetwork extends Resource {
  readonly cidrs: readonly string[];
  /** The VPN connection or Direct Connect gateway it sits behind. */
  readonly via: string;
  /** Named hosts (trace endpoints by name): name → IPv4 address. */
  readonly hosts?: Readonly<Record<string, string>> | undefined;
}
