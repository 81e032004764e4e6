/**
 * A virtual private gateway in the walk (B16): toward on-premises it forwards only traffic from its VPC's own
 * addresses (VGW-1, VPN-7) for prefixes it learned — by BGP, as VPN static routes, or from Direct Connect (VPN-5,
 * VPN-6); from on-premises it forwards only to private addresses of its VPC (VGW-1, VPN-6), through its gateway
 * route table when it has one (RT-11), else the local route.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import { contains4 } from '../../net/prefix.js';
import type { CompiledNetwork, CSubnet, CVpc } from '../compiled.js';
import type { CVgw } from '../transit-gateway/compiled.js';
import { crossInto, done, drop, DROPPED, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { exitToOnPremises, ipv6NotModelled } from './on-premises.js';
import { local } from './local.js';
import { followRoute } from './route.js';

/** A VPC route sent the packet to `vgw` from `subnet` (VGW-1 egress, VPN-7, NACL-3). */
export function enterVpnGateway(ctx: Ctx, vgw: CVgw, subnet: CSubnet | null, vpc: CVpc): Step {
  const src = ctx.pkt.src;
  if (typeof src !== 'number') return ipv6NotModelled(ctx, vgw.id, 'virtual-private-gateway');
  if (vgw.vpc !== vpc || ctx.viaPeering || !vpc.byIp.has(src)) {
    return drop(ctx, vgw.id, 'virtual-private-gateway', 'VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS', () => ({
      detail: ctx.viaPeering
        ? `the packet came through a peering connection: a virtual private gateway carries only traffic from its own VPC's interfaces, never edge to edge (VGW-1, VPN-7)`
        : `${formatIpv4(src)} is not the private address of an interface in ${vgw.vpc?.id ?? 'the attached VPC'}: the virtual private gateway drops it (VGW-1, VPN-7)`,
      refs: ['VGW-1', 'VPN-7'],
    }));
  }
  if (crossInto(ctx, subnet, null)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  return { at: 'vgw-out', vgw };
}

/** The VGW picks the connection for the destination (VPN-5, VPN-6). */
export function vpnGatewayOut(c: CompiledNetwork, ctx: Ctx, vgw: CVgw): Step {
  const dst = ctx.pkt.dst;
  if (typeof dst !== 'number') return ipv6NotModelled(ctx, vgw.id, 'virtual-private-gateway');
  if (vgw.edges === 0) {
    // ONPREM-1: nothing is declared behind this gateway, so what it does with the packet is unknown.
    ctx.uncertain = true;
    ctx.notes.push(
      `the path continues into virtual-private-gateway ${vgw.id}, behind which the input declares no VPN connection, Direct Connect gateway or on-premises network; the result depends on it`,
    );
    return drop(ctx, vgw.id, 'virtual-private-gateway', 'UNSUPPORTED_COMPONENT', () => ({
      detail: `no VPN connection or Direct Connect gateway is declared on ${vgw.id}: vpcsim cannot follow the path further (declare them, and the on-premises networks behind them: ONPREM-1)`,
      unsupported: [`virtual-private-gateway ${vgw.id}`],
    }));
  }
  const l = vgw.learned.lookup(dst);
  if (!l) {
    const down = vgw.down.find((d) => contains4(d.dest, dst));
    if (down) {
      return drop(ctx, down.via, 'vpn-connection', 'BAD_STATE_VPN', () => ({
        owner: vgw.id,
        detail: `${vgw.id} would send ${formatIpv4(dst)} over ${down.via}, whose tunnels are down (VPN-2)`,
        refs: ['VPN-2'],
      }));
    }
    return drop(ctx, vgw.id, 'virtual-private-gateway', 'NO_ROUTE_TO_DESTINATION', () => ({
      detail: `${vgw.id} learned no route for ${formatIpv4(dst)} (no BGP advertisement, VPN static route or Direct Connect prefix covers it): it forwards nothing else (VPN-6)`,
      refs: ['VPN-6'],
    }));
  }
  hop(ctx, vgw.id, 'virtual-private-gateway', 'forward', () => ({
    rule: l.text,
    detail: `${vgw.id} sends ${formatIpv4(dst)} over ${l.via}: ${l.text} (VPN-5: Direct Connect > VPN static > VPN BGP, then the shorter AS_PATH)`,
    refs: ['VPN-5', 'VPN-6'],
  }));
  ctx.lastComponent = vgw.id;
  return exitToOnPremises(c, ctx, l.via, 'vpn-connection', l.via);
}

/** A packet from on-premises arrives at `vgw` over `from` (VGW-1 ingress, VPN-6, RT-11). */
export function vpnGatewayIn(c: CompiledNetwork, ctx: Ctx, vgw: CVgw, from: string): Step {
  const vpc = vgw.vpc;
  const dst = ctx.pkt.dst;
  if (typeof dst !== 'number') return ipv6NotModelled(ctx, vgw.id, 'virtual-private-gateway');
  if (!vpc || !vpc.byIp.has(dst)) {
    return drop(ctx, vgw.id, 'virtual-private-gateway', 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', () => ({
      detail: `${formatIpv4(dst)} is not the private address of an interface in ${vpc?.id ?? 'an attached VPC'}: a virtual private gateway forwards traffic from on-premises only to its VPC (VGW-1, VPN-6, VPN-7)`,
      refs: ['VGW-1', 'VPN-6', 'VPN-7'],
    }));
  }
  hop(ctx, vgw.id, 'virtual-private-gateway', 'forward', () => ({
    rule: `from ${from}`,
    detail: `enters ${vpc.id} through ${vgw.id} from ${from}`,
    refs: ['VGW-1'],
  }));
  // VPN-7: sources behind a VPN or DX cannot use the VPC's NAT gateway, peering or gateway endpoints (as peering).
  ctx.viaPeering = true;
  ctx.lastComponent = vgw.id;
  const rt = vgw.routeTable;
  if (rt) {
    const r = rt.lpm.lookup(dst);
    if (r) return followRoute(c, ctx, rt, r, null, vgw.id, vpc);
  }
  return local(ctx, vpc, null);
}
