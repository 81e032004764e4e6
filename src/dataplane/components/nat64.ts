/**
 * NAT64 in the NAT gateway (V6-6, NGW-4): an IPv6 packet to 64:ff9b::/96 leaves as IPv4 — the source becomes the
 * NAT gateway's private IPv4 address (a port remapped into 1024-65535, NGW-2) and the destination the IPv4 address
 * embedded in the last 32 bits; ICMPv6 echo becomes ICMP echo. Its reply is translated back: the destination to the
 * host's IPv6 address, the source re-prefixed with 64:ff9b::/96. NAT64 is always on; the DNS64 answer that gives
 * a host the 64:ff9b:: address is a subnet attribute of the resolver, which the trace only notes.
 */
import { formatAddr } from '../../net/addr.js';
import { containsAddr, mustParseCidr } from '../../net/prefix.js';
import type { CNatGateway } from '../compiled.js';
import { formatPacket, replyOf, tupleKey, withPacket, type Packet } from '../packet.js';
import { portKey, type NatGwEntry, type TraceState } from '../trace-state.js';
import { drop, hop, jsonOf, rewrite, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

/** The well-known NAT64 prefix (RFC 6052; V6-6). */
export const NAT64_PREFIX = mustParseCidr('64:ff9b::/96');
const NAT64_BASE = 0x0064ff9b_0000_0000_0000_0000_0000_0000n;

/** An IPv6 packet reaching a NAT gateway: NAT64 when its destination is in 64:ff9b::/96, dropped otherwise. */
export function nat64Out(st: TraceState, ctx: Ctx, n: CNatGateway, port: (p: number) => number): Step {
  const p = ctx.pkt;
  if (typeof p.dst === 'number' || !containsAddr(NAT64_PREFIX, p.dst)) {
    return drop(ctx, n.id, 'nat-gateway', 'PROTOCOL_RESTRICTION', () => ({
      detail: `${n.id} translates IPv6 only as NAT64, for destinations in 64:ff9b::/96; ${formatAddr(p.dst)} is not (NGW-4, V6-6)`,
      refs: ['NGW-4', 'V6-6'],
    }));
  }
  const echo = p.proto === 58 && p.icmpType === 128;
  if (!(p.proto === 6 || p.proto === 17 || echo)) {
    return drop(ctx, n.id, 'nat-gateway', 'PROTOCOL_RESTRICTION', () => ({
      detail: 'NAT64 in a NAT gateway carries TCP, UDP and ICMPv6 echo (NGW-4, V6-6)',
      refs: ['NGW-4', 'V6-6'],
    }));
  }
  const before = p;
  const v4 = Number(p.dst & 0xffffffffn);
  const srcPort = echo ? p.srcPort : port(p.srcPort);
  const out: Packet = withPacket(p, {
    proto: echo ? 1 : p.proto,
    icmpType: echo ? 8 : p.icmpType,
    src: n.privateIp,
    dst: v4,
    srcPort,
  });
  rewrite(ctx, n.id, 'nat-gateway', out);
  st.natgwOf(n.index).set(tupleKey(replyOf(out)), { original: before, translated: out });
  if (ctx.record && !echo)
    st.ports.set(portKey(n.privateIp, srcPort), { from: 1024, to: 65535, by: `NAT gateway ${n.id} (NAT64)` });
  hop(
    ctx,
    n.id,
    'nat-gateway',
    'translate',
    () => ({
      after: jsonOf(ctx, ctx.pkt),
      code: 'NGW_SOURCE_ADDRESS_REASSIGN',
      rule: `NAT64: ${formatAddr(before.src)} -> ${formatAddr(n.privateIp)}, ${formatAddr(before.dst)} -> ${formatAddr(v4)}`,
      state: `NAT table: ${formatPacket(before)} ⇄ ${formatPacket(out)}`,
      detail: `NAT64: the IPv6 packet leaves as IPv4 — source the NAT gateway's private address ${formatAddr(n.privateIp)}${echo ? '' : ` (port remapped into 1024-65535, shown: ${srcPort})`}, destination the IPv4 address embedded in ${formatAddr(before.dst)} (V6-6, NGW-2); the 64:ff9b:: address is what DNS64 answers for an IPv4-only name`,
      refs: ['V6-6', 'NGW-2'],
    }),
    before,
  );
  ctx.identity = false;
  ctx.lastComponent = n.id;
  return { at: 'route', subnet: n.subnet, from: n.id };
}

/** The reply of a NAT64 flow (`e.original` is IPv6): back to the host's IPv6 address from 64:ff9b::<IPv4> (V6-6). */
export function nat64Back(ctx: Ctx, n: CNatGateway, e: NatGwEntry): Step {
  const p = ctx.pkt;
  const echo = e.original.proto === 58;
  const src = typeof p.src === 'number' ? NAT64_BASE | BigInt(p.src) : p.src;
  const back = withPacket(p, {
    proto: e.original.proto,
    icmpType: echo ? (p.icmpType === 0 ? 129 : p.icmpType) : p.icmpType,
    src,
    dst: e.original.src,
    dstPort: echo ? p.dstPort : e.original.srcPort,
    srcPort: echo ? e.original.srcPort : p.srcPort,
  });
  rewrite(ctx, n.id, 'nat-gateway', back);
  hop(
    ctx,
    n.id,
    'nat-gateway',
    'translate',
    () => ({
      after: jsonOf(ctx, ctx.pkt),
      rule: `NAT64 reply: ${formatAddr(p.src)} -> ${formatAddr(src)}, ${formatAddr(p.dst)} -> ${formatAddr(e.original.src)}`,
      state: `NAT table: ${formatPacket(e.original)} ⇄ ${formatPacket(e.translated)}`,
      detail: `NAT64 reply: IPv4 back to IPv6 — destination ${formatAddr(e.original.src)}, source re-prefixed with 64:ff9b::/96 (V6-6)`,
      refs: ['V6-6', 'NGW-2'],
    }),
    p,
  );
  ctx.identity = false;
  ctx.lastComponent = n.id;
  return { at: 'route', subnet: n.subnet, from: n.id };
}
