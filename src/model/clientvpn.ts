/**
 * AWS Client VPN endpoints and the clients connected to them (CVPN-1…CVPN-10).
 */
import type { Span } from '../diag/diagnostic.js';
import type { PortRange, Resource } from './network.js';

/**
 * Source ports the Client VPN ENI may use after source NAT (CVPN-3, NACL-6). AWS does not document them; vpcsim
 * assumes 1024–65535, the range AWS lists for its other translating services (NAT gateway, ELB, Lambda) —
 * [UNCERTAIN — assumed]. Traces keep the client's port as a representative value; lint checks NACL replies on it.
 */
export const CLIENT_VPN_ENI_PORT_RANGE: PortRange = Object.freeze({ from: 1024, to: 65535 });

export interface ClientVpnTargetNetwork {
  /** Association id (as the input named it, or assumed). */
  readonly id: string;
  readonly subnet: string;
  /** Address of the Client VPN ENI in the subnet (CVPN-3); assumed if not given. */
  readonly eniIp?: string | undefined;
  /** Public address of that ENI (CVPN-6, assumed). */
  readonly eniPublicIp?: string | undefined;
  readonly span?: Span | undefined;
}

export interface ClientVpnAuthorizationRule {
  readonly destination: string;
  /** Group id; absent = all users. */
  readonly group?: string | undefined;
  readonly description?: string | undefined;
  readonly span?: Span | undefined;
}

export interface ClientVpnRoute {
  readonly destination: string;
  /** Associated subnet id, or `local` for client-to-client (CVPN-7). */
  readonly targetSubnet: string;
  readonly span?: Span | undefined;
}

export interface ClientVpnEndpoint extends Resource {
  readonly vpc: string;
  readonly clientCidr: string;
  readonly authentication: 'certificate' | 'active-directory' | 'saml';
  readonly splitTunnel: boolean;
  readonly transport?: 'udp' | 'tcp' | undefined;
  readonly vpnPort?: number | undefined;
  /** Security groups on its ENIs (CVPN-9). */
  readonly securityGroups: readonly string[];
  readonly targetNetworks: readonly ClientVpnTargetNetwork[];
  readonly authorizationRules: readonly ClientVpnAuthorizationRule[];
  /** Routes, including those added automatically by associations (CVPN-2). */
  readonly routes: readonly ClientVpnRoute[];
  /**
   * The family of the traffic inside the tunnel (CreateClientVpnEndpoint `TrafficIpAddressType`; default `ipv4`).
   * With IPv6 AWS assigns each client an IPv6 address itself and does not translate it (CVPN-10 [DRIFT, newer doc]).
   */
  readonly trafficIpAddressType?: ClientVpnIpAddressType | undefined;
  /** The family clients connect to the endpoint over (`EndpointIpAddressType`; outer tunnel; default `ipv4`). */
  readonly endpointIpAddressType?: ClientVpnIpAddressType | undefined;
}

/** CVPN-10 [DRIFT, newer doc]: IPv4-only, IPv6-only or dual-stack. */
export type ClientVpnIpAddressType = 'ipv4' | 'ipv6' | 'dual-stack';

export interface VpnClient extends Resource {
  readonly endpoint: string;
  /** Tunnel address from the client CIDR; assumed if not given. */
  readonly tunnelIp?: string | undefined;
  readonly groups: readonly string[];
}
