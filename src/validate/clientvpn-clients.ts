/**
 * Validation of VPN clients (CVPN-1: a known endpoint, a tunnel address inside its client CIDR and unique; CVPN-4:
 * groups only with user-based authentication, each named by some rule) and of the endpoint quota per Region (CVPN-10).
 */
import type { ClientVpnEndpoint } from '../model/clientvpn.js';
import type { Network } from '../model/network.js';
import { formatIpv4 } from '../net/ipv4.js';
import { contains4, tryCidr4, tryIpv4 } from '../net/prefix.js';
import { CLIENT_VPN_QUOTAS, type Emit } from './clientvpn-common.js';

/** Every VPN client of the network against its endpoint. */
export function validateClients(net: Network, emit: Emit): void {
  const eps = new Map(net.clientVpnEndpoints.map((e) => [e.id, e]));
  const taken = new Map<string, string>();
  for (const c of net.vpnClients) {
    const ep = eps.get(c.endpoint);
    const span = c.spans?.endpoint ?? c.span;
    if (!ep) {
      emit(
        'error',
        'CLIENT_VPN_CLIENT_UNKNOWN_ENDPOINT',
        `VPN client ${c.id} names Client VPN endpoint "${c.endpoint}", which is not defined`,
        span,
        c.id,
        'CVPN-1',
      );
      continue;
    }
    const cidr = tryCidr4(ep.clientCidr);
    if (c.tunnelIp !== undefined) {
      const ipSpan = c.spans?.tunnelIp ?? c.span;
      const ip = tryIpv4(c.tunnelIp);
      if (ip === null) {
        emit(
          'error',
          'CLIENT_VPN_CLIENT_TUNNEL_IP_INVALID',
          `VPN client ${c.id}: tunnel address "${c.tunnelIp}" is not an IPv4 address`,
          ipSpan,
          c.id,
          'CVPN-1',
        );
      } else if (cidr && !contains4(cidr, ip)) {
        emit(
          'error',
          'CLIENT_VPN_CLIENT_TUNNEL_IP_INVALID',
          `VPN client ${c.id}: tunnel address ${c.tunnelIp} is outside the client CIDR ${ep.clientCidr} of endpoint ${ep.id}`,
          ipSpan,
          c.id,
          'CVPN-1',
        );
      } else {
        const key = `${ep.id}|${formatIpv4(ip)}`;
        const other = taken.get(key);
        if (other !== undefined) {
          emit(
            'error',
            'CLIENT_VPN_CLIENT_TUNNEL_IP_DUPLICATE',
            `VPN client ${c.id}: tunnel address ${c.tunnelIp} is already used by client ${other}`,
            ipSpan,
            c.id,
            'CVPN-1',
          );
        } else taken.set(key, c.id);
      }
    }
    if (c.groups.length > 0 && ep.authentication === 'certificate') {
      emit(
        'warning',
        'CLIENT_VPN_CLIENT_GROUPS_WITH_CERTIFICATE',
        `VPN client ${c.id} has groups (${c.groups.join(', ')}), but endpoint ${ep.id} uses mutual-certificate authentication, which has no groups: they grant nothing`,
        c.spans?.groups ?? c.span,
        c.id,
        'CVPN-4',
      );
    }
    for (const g of c.groups) {
      if (!ep.authorizationRules.some((r) => r.group === g)) {
        emit(
          'warning',
          'CLIENT_VPN_CLIENT_GROUP_WITHOUT_RULE',
          `VPN client ${c.id}: group "${g}" is named by no authorization rule of endpoint ${ep.id} (misspelt?)`,
          c.spans?.groups ?? c.span,
          c.id,
          'CVPN-4',
        );
      }
    }
  }
}

/** CVPN-10: Client VPN endpoints per Region (default quota, adjustable). */
export function endpointQuota(net: Network, emit: Emit): void {
  const byRegion = new Map<string, ClientVpnEndpoint[]>();
  for (const ep of net.clientVpnEndpoints) {
    const region = net.vpcs.find((v) => v.id === ep.vpc)?.region ?? '';
    const l = byRegion.get(region) ?? [];
    l.push(ep);
    byRegion.set(region, l);
  }
  for (const [region, eps] of byRegion) {
    if (eps.length <= CLIENT_VPN_QUOTAS.endpointsPerRegion) continue;
    const extra = eps[CLIENT_VPN_QUOTAS.endpointsPerRegion] as ClientVpnEndpoint;
    emit(
      'warning',
      'CLIENT_VPN_ENDPOINT_QUOTA',
      `${eps.length} Client VPN endpoints${region ? ` in ${region}` : ''}; the default quota is ${CLIENT_VPN_QUOTAS.endpointsPerRegion} per Region (adjustable)`,
      extra.span,
      extra.id,
      'CVPN-10',
    );
  }
}
