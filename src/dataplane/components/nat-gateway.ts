/**
 * The NAT gateway (NGW-2…NGW-9) in the walk: source NAT of new connections from inside, reverse translation of
 * their replies from its flow table, and nothing else.
 */
import { formatAddr } from '../../net/addr.js';
import type { CNatGateway, CSubnet } from '../compiled.js';
import { formatPacket, replyOf, tupleKey, withPacket } from '../packet.js';
import { portKey, type TraceState } from '../trace-state.js';
import { crossInto, done, drop, DROPPED, hop, jsonOf, rewrite, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { nat64Back, nat64Out } from './nat64.js';

/** The packet reaches the NAT gateway's subnet from `from` (NACL-3). */
export function enterNatGateway(ctx: Ctx, natgw: CNatGateway, from: CSubnet | null): Step {
  if (crossInto(ctx, from, natgw.subnet)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  return { at: 'natgw', natgw };
}

/** Representative translated port: the original when it is in the NAT gateway's range (NGW-2). */
function natgwPort(port: number): number {
  return port >= 1024 ? port : 1024 + port;
}

export function natGateway(st: TraceState, ctx: Ctx, n: CNatGateway): Step {
  const p = ctx.pkt;
  const table = st.natgwOf(n.index);
  if (p.dst === n.privateIp) {
    const e = table.get(tupleKey(p));
    if (!e) {
      return drop(ctx, n.id, 'nat-gateway', 'NO_ROUTE_TO_DESTINATION', () => ({
        detail: `${n.id} only translates replies of connections started from inside; it cannot accept new inbound connections (NGW-3)`,
        refs: ['NGW-3'],
      }));
    }
    if (typeof e.original.src !== 'number') return nat64Back(ctx, n, e); // V6-6
    const before = p;
    rewrite(
      ctx,
      n.id,
      'nat-gateway',
      withPacket(p, {
        dst: e.original.src,
        dstPort: p.proto === 1 ? p.dstPort : e.original.srcPort,
        srcPort: p.proto === 1 ? e.original.srcPort : p.srcPort,
      }),
    );
    hop(
      ctx,
      n.id,
      'nat-gateway',
      'translate',
      () => ({
        after: jsonOf(ctx, ctx.pkt),
        rule: `reply: ${formatAddr(before.dst)}:${before.dstPort} -> ${formatAddr(ctx.pkt.dst)}:${ctx.pkt.dstPort}`,
        state: `NAT table: ${formatPacket(e.original)} ⇄ ${formatPacket(e.translated)}`,
        detail: `reply translated back to the original source (NGW-2)`,
        refs: ['NGW-2'],
      }),
      before,
    );
    ctx.identity = false;
    ctx.lastComponent = n.id;
    return { at: 'route', subnet: n.subnet, from: n.id };
  }
  if (ctx.viaPeering) {
    return drop(ctx, n.id, 'nat-gateway', 'NGW_REQUIRES_SOURCE_IN_VPC', () => ({
      detail: `${n.id} does not translate traffic that came through a VPC peering connection (NGW-8, PCX-2)`,
      refs: ['NGW-8', 'PCX-2'],
    }));
  }
  if (typeof p.src !== 'number') return nat64Out(st, ctx, n, natgwPort); // IPv6: NAT64 only (V6-6, NGW-4)
  if (!(p.proto === 6 || p.proto === 17 || p.proto === 1)) {
    return drop(ctx, n.id, 'nat-gateway', 'PROTOCOL_RESTRICTION', () => ({
      detail: 'NAT gateways carry TCP, UDP and ICMP only (NGW-4)',
      refs: ['NGW-4'],
    }));
  }
  const before = p;
  const port = p.proto === 1 ? p.srcPort : natgwPort(p.srcPort);
  rewrite(ctx, n.id, 'nat-gateway', withPacket(p, { src: n.privateIp, srcPort: port }));
  table.set(tupleKey(replyOf(ctx.pkt)), { original: before, translated: ctx.pkt });
  if (ctx.record && p.proto !== 1)
    st.ports.set(portKey(n.privateIp, port), { from: 1024, to: 65535, by: `NAT gateway ${n.id}` });
  hop(
    ctx,
    n.id,
    'nat-gateway',
    'translate',
    () => ({
      after: jsonOf(ctx, ctx.pkt),
      code: 'NGW_SOURCE_ADDRESS_REASSIGN',
      rule: `source ${formatAddr(before.src)} -> ${formatAddr(n.privateIp)}`,
      state: `NAT table: ${formatPacket(before)} ⇄ ${formatPacket(ctx.pkt)}`,
      detail:
        p.proto === 1
          ? `source becomes the NAT gateway's private address ${formatAddr(n.privateIp)} (NGW-2)`
          : `source becomes the NAT gateway's private address ${formatAddr(n.privateIp)}; the source port is remapped into 1024-65535 (shown: ${port}) (NGW-2, REMAP_EPHEMERAL_PORT)`,
      refs: ['NGW-2'],
    }),
    before,
  );
  ctx.identity = false;
  ctx.lastComponent = n.id;
  return { at: 'route', subnet: n.subnet, from: n.id };
}
