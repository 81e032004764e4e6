/**
 * AWS Client VPN endpoints and the clients connected to them (CVPN-1…CVPN-10).
 */
import type { Span } from '../diag/diagnostic.js';
import type { Resource } from './network.js';

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
}

export interface VpnClient extends Resource {
  readonly endpoint: string;
  /** Tunnel address from the client CIDR; assumed if not given. */
  readonly tunnelIp?: string | undefined;
  readonly groups: readonly string[];
}
