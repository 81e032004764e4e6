/**
 * The internet gateway, inbound (IGW-2, IGW-3): a packet from the internet to a public address of its VPC is
 * translated to the private address 1:1, then routed by the gateway's edge-associated route table (RT-11) or,
 * without one, by the VPC's local route.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import { isRfc1918 } from '../../net/prefix.js';
import type { CIgw, CompiledNetwork } from '../compiled.js';
import { packetJson, withPacket } from '../packet.js';
import { drop, hop, rewrite, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { followRoute } from './route.js';
import { local } from './local.js';

export function igwIn(c: CompiledNetwork, ctx: Ctx, igw: CIgw): Step {
  const p = ctx.pkt;
  if (isRfc1918(p.src)) {
    return drop(ctx, igw.id, 'internet-gateway', 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS', () => ({
      refs: ['IGW-3'],
    }));
  }
  const target = c.byPublicIp.get(p.dst);
  if (!target || target.igw !== igw) {
    return drop(ctx, igw.id, 'internet-gateway', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', () => ({
      detail: `${formatIpv4(p.dst)} is not a public address of a network interface in ${igw.vpc.id} (IGW-3)`,
      refs: ['IGW-3'],
    }));
  }
  const before = p;
  rewrite(ctx, igw.id, 'internet-gateway', withPacket(p, { dst: target.privateIp }));
  ctx.identity = false;
  hop(ctx, igw.id, 'internet-gateway', 'translate', () => ({
    before,
    after: packetJson(ctx.pkt),
    rule: `${formatIpv4(before.dst)} -> ${formatIpv4(target.privateIp)}`,
    detail: `1:1 NAT: destination ${formatIpv4(before.dst)} becomes private address ${formatIpv4(target.privateIp)} (IGW-2)`,
    refs: ['IGW-2'],
  }));
  ctx.lastComponent = igw.id;
  const rt = igw.routeTable;
  if (rt) {
    // RT-11: traffic entering through the gateway is routed by its edge-associated route table.
    const r = rt.lpm.lookup(ctx.pkt.dst);
    ctx.tables.push({ table: rt.id, after: igw.id, route: r?.text ?? '', dst: ctx.pkt.dst });
    if (!r) {
      return drop(ctx, rt.id, 'gateway-route-table', 'NO_ROUTE_TO_DESTINATION', () => ({
        owner: igw.id,
        refs: ['RT-11'],
      }));
    }
    return followRoute(c, ctx, rt, r, null, igw.id, igw.vpc);
  }
  return local(ctx, igw.vpc, null);
}
