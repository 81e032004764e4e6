/**
 * Route tables in the walk: a subnet's route table (RT-1…RT-8) and following the route it chose to its target.
 * Each kind of route target (`CTarget`) has one entry in `TARGETS`, which hands the packet to that component.
 */
import { formatAddr } from '../../net/addr.js';
import { prefix4, containsAddr } from '../../net/prefix.js';
import type { CompiledNetwork, CRoute, CRouteTable, CSubnet, CTarget, CVpc } from '../compiled.js';
import type { Packet } from '../packet.js';
import { drop, hop, unrecorded, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { deliverAttachment, local } from './local.js';
import { enterInternetGateway } from './internet-gateway.js';
import { enterEgressOnlyGateway } from './egress-only-internet-gateway.js';
import { enterNatGateway } from './nat-gateway.js';
import { enterPeering } from './peering.js';
import { enterFirewallEndpoint } from './firewall-endpoint.js';
import { enterGwlbEndpoint } from './gwlb-endpoint.js';
import { gatewayEndpoint } from './gateway-endpoint.js';
import { unsupportedTarget } from './unsupported.js';
import { enterTransitGateway } from './transit-gateway.js';
import { enterVpnGateway } from './vpn-gateway.js';

/** 169.254.0.0/16, link-local (RFC 3927). */
export const LINK_LOCAL = prefix4(0xa9fe0000, 16);

/**
 * What a route target does with the packet the route sent it: the next step. `subnet` is the subnet whose route
 * table chose the route (null for a gateway route table), `vpc` the VPC the route table belongs to.
 */
export type TargetHandler<K extends CTarget['kind'] = CTarget['kind']> = (
  c: CompiledNetwork,
  ctx: Ctx,
  target: Extract<CTarget, { kind: K }>,
  subnet: CSubnet | null,
  vpc: CVpc,
) => Step;

/** The component each kind of route target hands the packet to. */
const TARGETS: { readonly [K in CTarget['kind']]: TargetHandler<K> } = {
  local: (_c, ctx, _t, subnet, vpc) => local(ctx, vpc, subnet),
  'internet-gateway': (_c, ctx, t, subnet) => enterInternetGateway(ctx, t.igw, subnet),
  'egress-only-internet-gateway': (_c, ctx, t, subnet) => enterEgressOnlyGateway(ctx, t.eigw, subnet),
  'nat-gateway': (_c, ctx, t, subnet) => enterNatGateway(ctx, t.natgw, subnet),
  'network-interface': (_c, _ctx, t, subnet) => ({ at: 'eni-in', eni: t.eni, fromSubnet: subnet }),
  'vpc-peering': (_c, ctx, t, subnet, vpc) => enterPeering(ctx, t.peering, subnet, vpc),
  'firewall-endpoint': (_c, ctx, t, subnet) => enterFirewallEndpoint(ctx, t.endpoint, subnet),
  'gwlb-endpoint': (_c, ctx, t, subnet) => enterGwlbEndpoint(ctx, t.endpoint, subnet),
  'gateway-endpoint': (_c, ctx, t, subnet, vpc) => gatewayEndpoint(ctx, t, subnet, vpc),
  'transit-gateway': (_c, ctx, t, subnet, vpc) => enterTransitGateway(ctx, t.tgw, subnet, vpc),
  'virtual-private-gateway': (_c, ctx, t, subnet, vpc) => enterVpnGateway(ctx, t.vgw, subnet, vpc),
  unsupported: (_c, ctx, t) => unsupportedTarget(ctx, t),
};

/**
 * A packet leaving `subnet` (from component `from`): layer-2 delivery in the subnet, or its route table. The
 * per-packet path makes no closure (issue 19); drops and hops are built in the functions below.
 */
export function route(c: CompiledNetwork, ctx: Ctx, subnet: CSubnet, from: string): Step {
  const p = ctx.pkt;
  const vpc = subnet.vpc;
  // RT-8: a destination in the same subnet is delivered at layer 2: no route table, no NACL.
  if (containsAddr(subnet.prefix, p.dst)) {
    const att = vpc.byIp.get(p.dst);
    if (att) return deliverAttachment(ctx, att, subnet, true);
  }
  const rt = subnet.routeTable;
  // RT-6: 169.254.168.0/22 is never forwarded whatever covers it; the rest of 169.254.0.0/16 is link-local
  // (RFC 3927) and has no next hop beyond the host — the platform's own services are answered at the ENI (ADDR-4).
  if (containsAddr(LINK_LOCAL, p.dst)) return linkLocalDrop(ctx, rt, subnet, p);
  const r = rt.lpm.lookup(p.dst);
  ctx.tables.push({ table: rt.id, after: from, route: r?.text ?? '', dst: p.dst });
  if (!r) return noRouteDrop(ctx, rt, subnet, p);
  return followRoute(c, ctx, rt, r, subnet, subnet.id, subnet.vpc);
}

/** RT-6: a link-local destination is not forwarded by the VPC router. */
function linkLocalDrop(ctx: Ctx, rt: CRouteTable, subnet: CSubnet, p: Packet): Step {
  return drop(ctx, rt.id, 'route-table', 'NO_ROUTE_TO_DESTINATION', () => ({
    owner: subnet.id,
    detail: `${formatAddr(p.dst)} is a link-local address: the VPC router does not forward it (RT-6)`,
    refs: ['RT-6'],
  }));
}

/** RT-1: no route of the subnet's table covers the destination. */
function noRouteDrop(ctx: Ctx, rt: CRouteTable, subnet: CSubnet, p: Packet): Step {
  return drop(ctx, rt.id, 'route-table', 'NO_ROUTE_TO_DESTINATION', () => ({
    owner: subnet.id,
    detail: `route table ${rt.id} of subnet ${subnet.id} has no route for ${formatAddr(p.dst)} (RT-1)`,
    refs: ['RT-1'],
  }));
}

/** Follow route `r` of `rt` (RT-1, RT-3, RT-4, RT-7) to its target. */
export function followRoute(
  c: CompiledNetwork,
  ctx: Ctx,
  rt: CRouteTable,
  r: CRoute,
  subnet: CSubnet | null,
  owner: string,
  vpc: CVpc,
): Step {
  if (r.blackhole !== null) return blackholeDrop(ctx, rt, r, owner);
  if (r.caveat) ctx.notes.push(`${rt.id}: route ${r.text}: ${r.caveat}`);
  if (ctx.record) routeHop(ctx, rt, r, subnet, owner);
  else unrecorded(ctx, rt.id, rt.gateway ? 'gateway-route-table' : 'route-table', 'forward');
  // The usual targets called directly (a monomorphic call site each, issue 19), the others through `TARGETS`.
  const t = r.target;
  if (t.kind === 'local') return local(ctx, vpc, subnet);
  if (t.kind === 'internet-gateway') return enterInternetGateway(ctx, t.igw, subnet);
  if (t.kind === 'network-interface') return { at: 'eni-in', eni: t.eni, fromSubnet: subnet };
  return (TARGETS[t.kind] as TargetHandler)(c, ctx, t, subnet, vpc);
}

/** RT-7: a blackhole route drops the packet. */
function blackholeDrop(ctx: Ctx, rt: CRouteTable, r: CRoute, owner: string): Step {
  return drop(ctx, rt.id, rt.gateway ? 'gateway-route-table' : 'route-table', 'BAD_STATE_ROUTE', () => ({
    owner,
    rule: r.text,
    detail: `route ${r.text} in ${rt.id} is a blackhole: ${r.blackhole ?? ''} (RT-7)`,
    refs: ['RT-7'],
  }));
}

/** The hop of the route the packet follows (RT-1; RT-3 for a route more specific than local; RT-4 shadowing). */
function routeHop(ctx: Ctx, rt: CRouteTable, r: CRoute, subnet: CSubnet | null, owner: string): void {
  const extra = r.shadowed ? ` (same destination, lower priority: ${r.shadowed}; RT-4)` : '';
  hop(ctx, rt.id, rt.gateway ? 'gateway-route-table' : 'route-table', 'forward', () => ({
    owner,
    rule: r.text,
    detail: `longest matching route for ${formatAddr(ctx.pkt.dst)} in ${rt.id}: ${r.text}${extra}`,
    refs:
      r.dest.len > 0 && r.target.kind !== 'local' && isMoreSpecificThanLocal(r, subnet)
        ? ['RT-1', 'RT-3']
        : ['RT-1'],
  }));
}

function isMoreSpecificThanLocal(r: CRoute, subnet: CSubnet | null): boolean {
  return !!subnet && subnet.vpc.cidrs.some((v) => v.len < r.dest.len && containsAddr(v, r.dest.base));
}
