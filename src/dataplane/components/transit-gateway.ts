/**
 * A transit gateway in the walk (B10): a VPC route to the gateway enters through the attachment ENI in the
 * sender's AZ (RT-19, TGW-24.1, NACL-8), the table associated with that attachment decides (TGW-2, TGW-3, TGW-17,
 * TGW-20), and the packet leaves through the target attachment: into a VPC through the ENI the AZ rule picks
 * (TGW-24.2, appliance mode TGW-24.3), then that attachment subnet's own route table (TGW-9); over a VPN or a
 * Direct Connect gateway to the declared on-premises network (ONPREM-1); across a peering to the peer gateway's
 * lookup (TGW-14); to a network function attachment's firewall and back into the gateway (TGW-15,
 * tgw-firewall.ts). Connect attachments are named unsupported edges (TGW-13).
 *
 * IPv6 (V6-11): the tables hold both families; a VPC attachment carries IPv6 only with `Ipv6Support` (its ENIs get
 * IPv6 addresses) and only through ENIs whose subnet has an IPv6 CIDR — see ipv6-attachment.ts.
 */
import { formatAddr, type Addr } from '../../net/addr.js';
import { containsAddr, formatPrefix } from '../../net/prefix.js';
import type { CompiledNetwork, CSubnet, CVpc } from '../compiled.js';
import type { CTgwAttachment, CTransitGateway } from '../transit-gateway/compiled.js';
import { egressAz, ingressAz } from '../transit-gateway/az.js';
import { lookupTgwRoute } from '../transit-gateway/route-table.js';
import { flowKey } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import { crossInto, done, drop, DROPPED, hop, naclCheck, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { exitToOnPremises } from './on-premises.js';
import { ipv6Refused } from './tgw-ipv6.js';
import { tgwFirewall } from './tgw-firewall.js';

/** A VPC route table sent the packet to transit gateway `tgw` from `subnet` (RT-19, TGW-24.1, NACL-8). */
export function enterTransitGateway(ctx: Ctx, tgw: CTransitGateway, subnet: CSubnet | null, vpc: CVpc): Step {
  const att = tgw.byVpc.get(vpc.id);
  if (!att) {
    return drop(ctx, tgw.id, 'transit-gateway', 'BAD_STATE_ROUTE', () => ({
      detail: `${vpc.id} has no attachment to transit gateway ${tgw.id}: the route to it cannot forward (TGW-1)`,
      refs: ['TGW-1'],
    }));
  }
  const az = subnet ? ingressAz(att.azs, subnet.az) : undefined;
  const attSubnet = az !== undefined ? att.subnetByAz.get(az) : undefined;
  if (!subnet || az === undefined || !attSubnet) {
    return drop(ctx, att.id, 'transit-gateway-attachment', 'TGW_ROUTE_AZ_RESTRICTION', () => ({
      owner: tgw.id,
      rule: `attachment subnets in ${att.azs.join(', ') || 'no AZ'}`,
      detail: `${att.id} has no subnet in ${subnet?.az ?? 'the sender’s AZ'}, the AZ of ${subnet?.id ?? 'the sender'}: a route to a transit gateway forwards only from AZs where its attachment has a subnet (RT-19, TGW-24.1); add a subnet in ${subnet?.az ?? 'that AZ'} to ${att.id}`,
      refs: ['RT-19', 'TGW-24'],
    }));
  }
  const v6 = ipv6Refused(ctx, att, attSubnet, 'enters');
  if (v6) return v6;
  // NACL-8: sender subnet outbound and attachment subnet inbound; in the same subnet, both rule sets of its NACL.
  if (subnet === attSubnet) {
    if (naclCheck(ctx, subnet, false) || naclCheck(ctx, subnet, true))
      return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  } else if (crossInto(ctx, subnet, attSubnet)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  hop(ctx, att.id, 'transit-gateway-attachment', 'forward', () => ({
    owner: tgw.id,
    rule: `ENI in ${az} (subnet ${attSubnet.id})`,
    detail: `enters transit gateway ${tgw.id} through ${att.id}'s ENI in ${az}, the sender's AZ (RT-19, TGW-24.1)`,
    refs: ['RT-19', 'TGW-24'],
  }));
  return { at: 'tgw', att, az };
}

/** The gateway decides for a packet that entered through `att` in `az` (undefined: VPN, DX, peering — TGW-24.5). */
export function transitGateway(
  c: CompiledNetwork,
  st: TraceState,
  ctx: Ctx,
  att: CTgwAttachment,
  az: string | undefined,
): Step {
  const tgw = att.tgw;
  if (!att.available) {
    return drop(ctx, att.id, 'transit-gateway-attachment', 'BAD_STATE_ATTACHMENT', () => ({
      owner: tgw.id,
      detail: `attachment ${att.id} is ${att.state}; only an available attachment carries traffic (TGW-11)`,
      refs: ['TGW-11'],
    }));
  }
  const rt = att.table;
  if (!rt) {
    return drop(ctx, att.id, 'transit-gateway-attachment', 'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION', () => ({
      owner: tgw.id,
      detail: `attachment ${att.id} is associated with no route table of ${tgw.id}: the gateway has no table to look ${formatAddr(ctx.pkt.dst)} up in (TGW-17); associate ${att.id} with a route table`,
      refs: ['TGW-2', 'TGW-17'],
    }));
  }
  const dst = ctx.pkt.dst;
  const { route: r, lessSpecific } = lookupTgwRoute(rt, dst, ctx.record);
  ctx.tables.push({ table: rt.id, after: att.id, route: r?.text ?? '', dst });
  if (!r) {
    const unknown = rt.unknownLearned ?? [];
    if (unknown.length > 0) {
      // ONPREM-1: a BGP route the input does not give could match; the answer depends on it.
      ctx.uncertain = true;
      ctx.notes.push(
        `${rt.id} also holds the BGP routes ${unknown.join(', ')} propagate, which the input does not give (declare the on-premises networks behind them, ONPREM-1); one of them may route ${formatAddr(dst)}`,
      );
    }
    return noRoute(c, ctx, att, rt.id, dst);
  }
  if (r.blackhole !== undefined || !r.attachment) {
    return drop(ctx, rt.id, 'transit-gateway-route-table', 'TGW_RTB_BAD_STATE_ROUTE', () => ({
      owner: tgw.id,
      rule: r.text,
      detail: `route ${r.text} in ${rt.id} is a blackhole${r.blackhole !== undefined ? `: ${r.blackhole}` : ''} (TGW-20)`,
      refs: ['TGW-20'],
    }));
  }
  const target = r.attachment;
  hop(ctx, rt.id, 'transit-gateway-route-table', 'forward', () => ({
    owner: tgw.id,
    rule: r.text,
    detail: `${rt.id} (associated with ${att.id}${att.associationVia === 'default' ? ' as the default association table' : ''}, TGW-2) sends ${formatAddr(dst)} to ${target.id}: ${r.text}${lessSpecific.length > 0 ? `; more specific than ${lessSpecific.join(', ')} (TGW_RTB_MORE_SPECIFIC_ROUTE)` : ''}${r.shadowed.length > 0 ? `; same prefix, lower priority: ${r.shadowed.join(', ')} (TGW_RTB_HIGHER_PRIORITY_ROUTE, TGW-3)` : ''}`,
    refs: r.shadowed.length > 0 ? ['TGW-3', 'TGW-22'] : ['TGW-2', 'TGW-3'],
  }));
  ctx.lastComponent = rt.id;
  return leave(c, st, ctx, target, az);
}

/** No route: name the attachment the destination sits behind when there is one (TGW-2, TGW-18). */
function noRoute(c: CompiledNetwork, ctx: Ctx, att: CTgwAttachment, table: string, dst: Addr): Step {
  const behind = att.tgw.attachments.find(
    (a) =>
      (a.vpc !== undefined && a.vpc.cidrs.some((p) => containsAddr(p, dst))) ||
      ((a.vpn !== undefined || a.directConnectGateway !== undefined) &&
        c.transit.onPremByAddress.lookup(dst)?.via === (a.vpn?.id ?? a.directConnectGateway)),
  );
  if (behind) {
    const noV6 = typeof dst !== 'number' && behind.kind === 'vpc' && !behind.ipv6Support;
    return drop(ctx, table, 'transit-gateway-route-table', 'TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT', () => ({
      owner: att.tgw.id,
      rule: `no route for ${formatAddr(dst)}`,
      detail: `${table} has no route to ${behind.id}, behind which ${formatAddr(dst)} sits${behind.vpc ? ` (${behind.vpc.id} ${behind.vpc.cidrs.map(formatPrefix).join(', ')})` : ''}: ${noV6 ? `${behind.id} has IPv6 support disabled, so its VPC's IPv6 CIDRs do not propagate (V6-11) — enable IPv6 support on ${behind.id}` : `propagate ${behind.id} into ${table} or add a static route to it`} (TGW-2, TGW-18)`,
      refs: noV6 ? ['TGW-2', 'TGW-18', 'V6-11'] : ['TGW-2', 'TGW-18'],
    }));
  }
  return drop(ctx, table, 'transit-gateway-route-table', 'TGW_RTB_CANNOT_ROUTE', () => ({
    owner: att.tgw.id,
    rule: `no route for ${formatAddr(dst)}`,
    detail: `${table} has no route matching ${formatAddr(dst)} (TGW-3)`,
    refs: ['TGW-3'],
  }));
}

/** The packet leaves the gateway through `target` (TGW-24, TGW-9, TGW-14, ONPREM-1). */
function leave(
  c: CompiledNetwork,
  st: TraceState,
  ctx: Ctx,
  target: CTgwAttachment,
  entryAz: string | undefined,
): Step {
  if (!target.available) {
    return drop(ctx, target.id, 'transit-gateway-attachment', 'BAD_STATE_ATTACHMENT', () => ({
      owner: target.tgw.id,
      detail: `attachment ${target.id} is ${target.state}; only an available attachment carries traffic (TGW-11)`,
      refs: ['TGW-11'],
    }));
  }
  if (target.unsupported !== undefined) {
    ctx.uncertain = true;
    ctx.notes.push(`${target.unsupported}; the result depends on it`);
    return drop(ctx, target.id, 'transit-gateway-attachment', 'UNSUPPORTED_COMPONENT', () => ({
      owner: target.tgw.id,
      detail: `${target.unsupported}: vpcsim cannot follow the path further`,
      unsupported: [`transit-gateway-attachment ${target.id}`],
    }));
  }
  switch (target.kind) {
    case 'vpc':
      return leaveToVpc(st, ctx, target, entryAz);
    case 'peering': {
      const peer = target.peer;
      if (!peer) {
        return drop(ctx, target.id, 'transit-gateway-attachment', 'BAD_STATE_ATTACHMENT', () => ({
          owner: target.tgw.id,
          detail: `peering attachment ${target.id} has no accepted counterpart on the peer transit gateway (TGW-14)`,
          refs: ['TGW-14'],
        }));
      }
      hop(ctx, target.id, 'transit-gateway-attachment', 'forward', () => ({
        owner: target.tgw.id,
        rule: `peering ${target.tgw.id} -> ${peer.tgw.id}`,
        detail: `crosses the transit gateway peering to ${peer.tgw.id}${peer.tgw.region !== undefined ? ` (${peer.tgw.region})` : ''}, entering through ${peer.id}; peering carries static routes only (TGW-14)`,
        refs: ['TGW-14'],
      }));
      return { at: 'tgw', att: peer, az: undefined };
    }
    case 'vpn': {
      const vpn = target.vpn;
      if (!vpn || !vpn.up) {
        return drop(ctx, target.id, 'transit-gateway-attachment', 'TGW_BAD_STATE_VPN', () => ({
          owner: target.tgw.id,
          detail: `the VPN connection of ${target.id}${vpn ? ` (${vpn.id})` : ''} is down (VPN-2, VPN-9)`,
          refs: ['VPN-2', 'VPN-9'],
        }));
      }
      return exitToOnPremises(c, ctx, target.id, 'transit-gateway-attachment', vpn.id);
    }
    case 'direct-connect-gateway':
      return exitToOnPremises(
        c,
        ctx,
        target.id,
        'transit-gateway-attachment',
        target.directConnectGateway ?? target.id,
      );
    case 'network-function':
      return tgwFirewall(st, ctx, target, entryAz);
    case 'connect':
      return done(DROPPED, 'dropped', 'UNSUPPORTED_COMPONENT'); // unreachable: `unsupported` is set for Connect
  }
}

/** TGW-24.2/3 and TGW-9: leave through the chosen AZ's ENI, then the attachment subnet's route table. */
function leaveToVpc(st: TraceState, ctx: Ctx, target: CTgwAttachment, entryAz: string | undefined): Step {
  const key = `${target.id}|${flowKey(ctx.pkt)}`;
  const choice = egressAz(target.azs, target.applianceMode, entryAz, st.tgwPins.get(key));
  const subnet = choice ? target.subnetByAz.get(choice.az) : undefined;
  if (!choice || !subnet) {
    return drop(ctx, target.id, 'transit-gateway-attachment', 'TGW_ATTACH_VPC_AZ_RESTRICTION', () => ({
      owner: target.tgw.id,
      detail: `${target.id} has no subnet: the gateway cannot hand the packet to ${target.vpc?.id ?? 'the VPC'} (TGW-8)`,
      refs: ['TGW-8'],
    }));
  }
  const v6 = ipv6Refused(ctx, target, subnet, 'leaves');
  if (v6) return v6;
  if (target.applianceMode) st.tgwPins.set(key, choice.az);
  if (ctx.record) {
    if (choice.hashed)
      ctx.notes.push(
        `${target.id} has appliance mode: the transit gateway picks one of its ENIs (${target.azs.join(', ')}) per flow by a hash AWS does not specify and keeps it for both directions (TGW-24.3); vpcsim assumes ${choice.az}${target.azs.length > 1 ? ' — another AZ would take that AZ’s path through the VPC instead' : ''}`,
      );
    else if (choice.crossed && !target.applianceMode)
      ctx.notes.push(
        `${target.id} has no subnet in ${entryAz ?? ''}, where the packet entered the transit gateway: it leaves in ${choice.az} (AVAILABILITY_ZONE_CROSSED, TGW-24.2)`,
      );
  }
  hop(ctx, target.id, 'transit-gateway-attachment', 'forward', () => ({
    owner: target.tgw.id,
    rule: `ENI in ${choice.az} (subnet ${subnet.id})`,
    detail: target.applianceMode
      ? `leaves through ${target.id}'s ENI in ${choice.az}: appliance mode keeps one ENI per flow for both directions (TGW-5, TGW-24.3)${choice.crossed ? `; the packet entered the gateway in ${entryAz ?? ''}` : ''}`
      : choice.crossed
        ? `leaves through ${target.id}'s ENI in ${choice.az}: it has no subnet in ${entryAz ?? ''}, where the packet entered (TGW-24.2, AVAILABILITY_ZONE_CROSSED)`
        : `leaves through ${target.id}'s ENI in ${choice.az}, the AZ where the packet entered the gateway (AZ affinity, TGW-24.2)`,
    refs: ['TGW-24', 'TGW-9'],
  }));
  ctx.lastComponent = target.id;
  ctx.identity = false;
  // TGW-9: the attachment subnet's own route table decides inside the VPC; NACL-8 is applied as the packet
  // leaves the attachment subnet (outbound) toward its destination's subnet (inbound).
  return { at: 'route', subnet, from: target.id };
}
