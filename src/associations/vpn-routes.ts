/**
 * What a virtual private gateway learns from the hybrid edge (VPN-2, VPN-5, DX-1, DX-2, ONPREM-1): per prefix, the
 * VPN connection or Direct Connect gateway behind it, ranked as the VGW ranks them — Direct Connect BGP, then VPN
 * static, then VPN BGP, then the shorter AS_PATH (VPN-5). Routes of a connection whose tunnels are down are withdrawn
 * (VPN-2). Read by the data plane (propagation into VPC route tables, RT-13/VPN-3, and the VGW's own choice) and by
 * validation.
 */
import { tryCidr4, type Prefix4 } from '../net/prefix.js';
import type { Network } from '../model/network.js';
import { onPremisesCidrs } from './tgw-routes.js';

/** VPN-4 / VPN-5 order among propagated routes, best first. */
export type LearnedOrigin = 'direct-connect' | 'vpn-static' | 'vpn-bgp';
export const LEARNED_PRIORITY: readonly LearnedOrigin[] = ['direct-connect', 'vpn-static', 'vpn-bgp'];

export interface LearnedRoute {
  readonly dest: Prefix4;
  readonly origin: LearnedOrigin;
  /** The VPN connection or Direct Connect gateway it was learned from. */
  readonly via: string;
  readonly asPathLength: number;
}

const cidrs = (xs: readonly string[]): Prefix4[] => xs.map(tryCidr4).filter((p): p is Prefix4 => p !== null);

/**
 * Every route a VGW learns, best first per VPN-5 (callers keep the first per prefix); with `down`, instead the
 * routes of its connections whose tunnels are down (withdrawn, VPN-2), so a trace can name BAD_STATE_VPN.
 */
export function vgwLearnedRoutes(net: Network, vgw: string, vgwAws?: string, down = false): LearnedRoute[] {
  const out: LearnedRoute[] = [];
  for (const v of net.vpnConnections ?? []) {
    if (v.vpnGateway === undefined || (v.vpnGateway !== vgw && v.vpnGateway !== vgwAws)) continue;
    if ((v.state === 'down') !== down) continue; // VPN-2: withdrawn while the tunnels are down
    const len = v.asPathLength ?? 1;
    if (v.routing === 'static')
      for (const dest of cidrs(v.staticRoutes ?? []))
        out.push({ dest, origin: 'vpn-static', via: v.id, asPathLength: 0 });
    else
      for (const dest of cidrs(v.bgpPrefixes ?? onPremisesCidrs(net, v.id)))
        out.push({ dest, origin: 'vpn-bgp', via: v.id, asPathLength: len });
  }
  for (const d of down ? [] : (net.directConnectGateways ?? [])) {
    if (!(d.gateways ?? []).some((g) => g === vgw || g === vgwAws)) continue;
    for (const dest of cidrs(d.bgpPrefixes ?? onPremisesCidrs(net, d.id)))
      out.push({ dest, origin: 'direct-connect', via: d.id, asPathLength: 1 });
  }
  return out
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        LEARNED_PRIORITY.indexOf(a.r.origin) - LEARNED_PRIORITY.indexOf(b.r.origin) ||
        a.r.asPathLength - b.r.asPathLength ||
        a.i - b.i,
    )
    .map((x) => x.r);
}
