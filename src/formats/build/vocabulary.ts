/**
 * Values every input format spells the way the AWS API does (in its own case), turned into the model's words once:
 * a VPC endpoint's type, a Client VPN endpoint's authentication and IP address types, a NAT gateway's connectivity.
 */
import type { ClientVpnEndpoint, ClientVpnIpAddressType } from '../../model/clientvpn.js';
import type { NatGateway, VpcEndpoint } from '../../model/network.js';

/** `Interface` / `GatewayLoadBalancer` / `Gateway` (the default), in any case. */
export function endpointTypeOf(text: string | undefined): VpcEndpoint['type'] {
  const t = (text ?? 'Gateway').toLowerCase();
  return t === 'interface' ? 'interface' : t === 'gatewayloadbalancer' ? 'gateway-load-balancer' : 'gateway';
}

/** `certificate-authentication` / `directory-service-authentication` / `federated-authentication`. */
export function clientVpnAuthenticationOf(type: string | undefined): ClientVpnEndpoint['authentication'] {
  const t = type ?? 'certificate-authentication';
  return t.startsWith('directory') ? 'active-directory' : t.startsWith('federated') ? 'saml' : 'certificate';
}

/** `private`, else `public` (the default, NGW-1). */
/** CVPN-10 [DRIFT, newer doc]: `ipv4`, `ipv6`, `dual-stack` (any case, `dualstack` too); undefined when absent or unknown. */
export function clientVpnIpAddressTypeOf(text: string | undefined): ClientVpnIpAddressType | undefined {
  const t = text?.toLowerCase().replace('dualstack', 'dual-stack');
  return t === 'ipv4' || t === 'ipv6' || t === 'dual-stack' ? t : undefined;
}

export function natConnectivityOf(text: string | undefined): NatGateway['connectivity'] {
  return text === 'private' ? 'private' : 'public';
}
