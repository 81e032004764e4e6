/**
 * Declared on-premises networks in the walk (ONPREM-1): a packet that leaves over a VPN connection or a Direct
 * Connect gateway toward a declared remote CIDR has left the modelled network (delivered when it is a declared
 * host); a packet from a declared network enters at the edge it sits behind — a virtual private gateway, or the
 * transit gateway's VPN / DX gateway attachment (no AZ: TGW-24.5). Both families: IPv6 crosses a transit
 * gateway's VPN (VPN-9) and DX attachments; a virtual private gateway stays IPv4 in vpcsim (vpn-gateway.ts).
 */
import { formatAddr, type Addr } from '../../net/addr.js';
import { containsAddr } from '../../net/prefix.js';
import type { CompiledNetwork } from '../compiled.js';
import type { HopKind } from '../hop.js';
import type { COnPremises } from '../transit-gateway/compiled.js';
import { done, drop, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

/** The name of a declared host at `addr` in `net`, if any. */
export function onPremHost(net: COnPremises, addr: Addr): string | undefined {
  for (const [name, a] of net.hosts) if (a === addr) return name;
  return undefined;
}

/**
 * Virtual private gateways are IPv4 in vpcsim (AWS: no IPv6 over a VGW's VPN, VPN-6; IPv6 over a VGW's Direct Connect
 * is not modelled): an IPv6 packet that reaches one ends there as a named unsupported component with an uncertain
 * verdict (never a silent drop).
 */
export function ipv6NotModelled(ctx: Ctx, id: string, kind: HopKind): Step {
  ctx.uncertain = true;
  ctx.notes.push(
    `IPv6 ${formatAddr(ctx.pkt.src)} → ${formatAddr(ctx.pkt.dst)} reaches ${kind} ${id}: vpcsim models virtual private gateways for IPv4 only (no IPv6 over a VGW's VPN, VPN-6; over Direct Connect not modelled); the result depends on it`,
  );
  return drop(ctx, id, kind, 'UNSUPPORTED_COMPONENT', () => ({
    detail: `IPv6 through ${kind} ${id} is not yet modelled (IPv4 only): vpcsim cannot follow the path further`,
    unsupported: [`${kind} ${id} (IPv6)`],
  }));
}

/** The packet leaves through edge `id` (a VPN connection or DX gateway `via`) toward on-premises (ONPREM-1). */
export function exitToOnPremises(c: CompiledNetwork, ctx: Ctx, id: string, kind: HopKind, via: string): Step {
  const dst = ctx.pkt.dst;
  const net = c.transit.onPremByAddress.lookup(dst);
  if (!net || net.via !== via) {
    ctx.uncertain = true;
    if (ctx.record)
      ctx.notes.push(
        `${formatAddr(dst)} leaves over ${via}, but no on-premises network declared behind ${via} contains it: what happens beyond the edge is not modelled (ONPREM-1)`,
      );
    hop(ctx, id, kind, 'exit', () => ({
      detail: `leaves AWS over ${via} toward ${formatAddr(dst)}, which no on-premises network declared behind ${via} contains (ONPREM-1)`,
      refs: ['ONPREM-1'],
    }));
    return done({ kind: 'onprem', network: net?.id ?? via, host: undefined }, 'exited', null);
  }
  const host = onPremHost(net, dst);
  hop(ctx, id, kind, 'forward', () => ({
    rule: `${net.id} behind ${via}`,
    detail: `leaves AWS over ${via} to on-premises network ${net.id} (ONPREM-1)`,
    refs: ['ONPREM-1'],
  }));
  hop(ctx, host ?? net.id, 'on-premises', host ? 'deliver' : 'exit', () => ({
    owner: host ? net.id : undefined,
    detail: host
      ? `delivered to on-premises host ${host} (${formatAddr(dst)}) in ${net.id}; on-premises firewalls are not modelled (ONPREM-1)`
      : `reaches on-premises network ${net.id}; nothing there is modelled beyond its CIDRs (ONPREM-1)`,
    refs: ['ONPREM-1'],
  }));
  return done({ kind: 'onprem', network: net.id, host }, host ? 'delivered' : 'exited', null);
}

/** A packet sent from a declared on-premises network enters AWS at the edge it sits behind. */
export function fromOnPremises(c: CompiledNetwork, ctx: Ctx, net: COnPremises): Step {
  const { src, dst } = ctx.pkt;
  const host = onPremHost(net, src);
  hop(ctx, host ?? net.id, 'on-premises', 'forward', () => ({
    owner: host ? net.id : undefined,
    detail: `on-premises ${host ? `host ${host}` : `network ${net.id}`} sends ${formatAddr(src)} → ${formatAddr(dst)} over ${net.via} (ONPREM-1)`,
    refs: ['ONPREM-1'],
  }));
  ctx.identity = false;
  const t = c.transit;
  const vpn = t.vpns.get(net.via);
  if (vpn) {
    if (!vpn.up) {
      return drop(ctx, vpn.id, 'vpn-connection', 'BAD_STATE_VPN', () => ({
        detail: `VPN connection ${vpn.id} is down: nothing crosses it (VPN-2)`,
        refs: ['VPN-2'],
      }));
    }
    const vgw = vpn.vgw !== undefined ? t.vgws.get(vpn.vgw) : undefined;
    if (vgw) return { at: 'vgw-in', vgw, from: vpn.id };
    const att = [...t.attachments.values()].find((a) => a.kind === 'vpn' && a.vpn === vpn);
    if (att) return { at: 'tgw', att, az: undefined };
  }
  const dx = t.dxgws.get(net.via);
  if (dx) {
    const vgw = dx.vgws.find((g) => g.vpc?.cidrs.some((p) => containsAddr(p, dst)));
    if (vgw) return { at: 'vgw-in', vgw, from: dx.id };
    const att = dx.attachments[0];
    if (att) return { at: 'tgw', att, az: undefined };
  }
  return drop(ctx, net.via, 'on-premises', 'NO_ROUTE_TO_DESTINATION', () => ({
    detail: `${net.id} sits behind ${net.via}, which connects to no virtual private gateway or transit gateway vpcsim knows (ONPREM-1)`,
    refs: ['ONPREM-1'],
  }));
}
