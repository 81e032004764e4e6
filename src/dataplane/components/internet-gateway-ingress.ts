/**
 * The internet gateway, inbound (IGW-2, IGW-3): a packet from the internet to a public address of its VPC is
 * translated to the private address 1:1, then routed by the gateway's edge-associated route table (RT-11) or,
 * without one, by the VPC's local route.
 */
import { formatAddr } from '../../net/addr.js';
import { containsAddr, isRfc1918 } from '../../net/prefix.js';
import type { CIgw, CompiledNetwork } from '../compiled.js';
import { withPacket, type Packet } from '../packet.js';
import { drop, hop, jsonOf, rewrite, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { followRoute } from './route.js';
import { local } from './local.js';

export function igwIn(c: CompiledNetwork, ctx: Ctx, igw: CIgw): Step {
  const p = ctx.pkt;
  if (typeof p.dst !== 'number') return igwIn6(c, ctx, igw);
  if (isRfc1918(p.src)) return rfc1918SourceDrop(ctx, igw);
  const target = c.byPublicIp.get(p.dst);
  if (!target || target.igw !== igw) return notPublicDrop(ctx, igw, p);
  // IGW-2: 1:1 NAT of the public destination to the private address. No closure on this path (issue 19).
  rewrite(ctx, igw.id, 'internet-gateway', withPacket(p, { dst: target.privateIp }));
  ctx.identity = false;
  if (ctx.record) translateHop(ctx, igw, p, target.privateIp);
  ctx.lastComponent = igw.id;
  return routeIn(c, ctx, igw);
}

/** IGW-3: the internet gateway drops a packet from the internet with a private (RFC 1918) source. */
function rfc1918SourceDrop(ctx: Ctx, igw: CIgw): Step {
  return drop(ctx, igw.id, 'internet-gateway', 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS', () => ({
    refs: ['IGW-3'],
  }));
}

/** IGW-3: the destination is not a public address of an interface in the gateway's VPC. */
function notPublicDrop(ctx: Ctx, igw: CIgw, p: Packet): Step {
  return drop(ctx, igw.id, 'internet-gateway', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', () => ({
    detail: `${formatAddr(p.dst)} is not a public address of a network interface in ${igw.vpc.id} (IGW-3)`,
    refs: ['IGW-3'],
  }));
}

/** IGW-2: the hop of the 1:1 translation (`before` is the packet as it arrived). */
function translateHop(ctx: Ctx, igw: CIgw, before: Packet, privateIp: number): void {
  hop(
    ctx,
    igw.id,
    'internet-gateway',
    'translate',
    () => ({
      after: jsonOf(ctx, ctx.pkt),
      rule: `${formatAddr(before.dst)} -> ${formatAddr(privateIp)}`,
      detail: `1:1 NAT: destination ${formatAddr(before.dst)} becomes private address ${formatAddr(privateIp)} (IGW-2)`,
      refs: ['IGW-2'],
    }),
    before,
  );
}

/**
 * IPv6 from the internet (V6-2, V6-4 [DERIVED]): no translation; a destination in one of the VPC's IPv6 CIDRs is
 * delivered by the local route (or the gateway route table, RT-11), whatever the destination subnet's own route
 * table says — so a reply that leaves through an egress-only gateway makes the flow asymmetric (V6-5).
 */
function igwIn6(c: CompiledNetwork, ctx: Ctx, igw: CIgw): Step {
  const p = ctx.pkt;
  if (!igw.vpc.cidrs.some((pre) => containsAddr(pre, p.dst))) {
    return drop(ctx, igw.id, 'internet-gateway', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', () => ({
      detail: `${formatAddr(p.dst)} is not in an IPv6 CIDR of ${igw.vpc.id} (V6-4)`,
      refs: ['V6-4'],
    }));
  }
  ctx.identity = false;
  hop(ctx, igw.id, 'internet-gateway', 'forward', () => ({
    detail: `IPv6: no address translation; ${formatAddr(p.dst)} is in ${igw.vpc.id}'s IPv6 block and is delivered by the local route (V6-2, V6-4)`,
    refs: ['V6-2', 'V6-4'],
  }));
  ctx.lastComponent = igw.id;
  return routeIn(c, ctx, igw);
}

/** After the gateway: its edge-associated route table (RT-11) or the VPC's local route. */
function routeIn(c: CompiledNetwork, ctx: Ctx, igw: CIgw): Step {
  const rt = igw.routeTable;
  if (rt) {
    // RT-11: traffic entering through the gateway is routed by its edge-associated route table.
    const r = rt.lpm.lookup(ctx.pkt.dst);
    ctx.tables.push({ table: rt.id, after: igw.id, route: r?.text ?? '', dst: ctx.pkt.dst });
    if (!r) return noGatewayRouteDrop(ctx, rt.id, igw);
    return followRoute(c, ctx, rt, r, null, igw.id, igw.vpc);
  }
  return local(ctx, igw.vpc, null);
}

/** RT-11: the gateway route table has no route for the destination. */
function noGatewayRouteDrop(ctx: Ctx, table: string, igw: CIgw): Step {
  return drop(ctx, table, 'gateway-route-table', 'NO_ROUTE_TO_DESTINATION', () => ({
    owner: igw.id,
    refs: ['RT-11'],
  }));
}
