/**
 * The packet the data plane moves: numbers only, so the per-packet path does no parsing.
 *
 * Addresses are `Addr` (net/addr.ts): a number for IPv4, a bigint for IPv6; a packet's source and destination are
 * of one family except in the middle of a NAT64 translation (V6-6), which rewrites both. For ICMP (proto 1) and
 * ICMPv6 (proto 58, V6-9), `srcPort` carries the echo identifier (as Linux conntrack does) and `dstPort` is 0;
 * `icmpType`/`icmpCode` carry the message type.
 */
import { formatAddr, type Addr } from '../net/addr.js';
import { protocolKey } from '../model/protocol.js';

export interface Packet {
  readonly proto: number;
  readonly src: Addr;
  readonly dst: Addr;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  /** TLS ClientHello server name, when the flow carries one (NFW-12). */
  readonly sni?: string | undefined;
  /** HTTP Host header, when the flow carries one (NFW-12). */
  readonly host?: string | undefined;
  /** HTTP request path, when the flow carries one (ALB-3). */
  readonly path?: string | undefined;
}

/** An IPv4 packet (both addresses numbers): what the Linux stack model (dataplane/os/) handles. */
export type Packet4 = Packet & { readonly src: number; readonly dst: number };

export function isPacket4(p: Packet): p is Packet4 {
  return typeof p.src === 'number' && typeof p.dst === 'number';
}

/** JSON form of a packet, as in the trace contract. */
export interface PacketJson {
  protocol: string;
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  icmpType?: number;
  icmpCode?: number;
}

export function packetJson(p: Packet): PacketJson {
  const j: PacketJson = { protocol: protocolKey(p.proto), src: formatAddr(p.src), dst: formatAddr(p.dst) };
  if (p.proto === 6 || p.proto === 17) {
    j.srcPort = p.srcPort;
    j.dstPort = p.dstPort;
  } else if (isIcmp(p.proto)) {
    j.icmpType = p.icmpType;
    j.icmpCode = p.icmpCode;
  }
  return j;
}

/** ICMP or ICMPv6 (V6-9): type and code instead of ports. */
export function isIcmp(proto: number): boolean {
  return proto === 1 || proto === 58;
}

/** `tcp 10.0.1.10:40000 → 142.250.196.100:443`, `tcp [2001:db8::10]:40000 → [2001:db8:ffff::10]:443` */
export function formatPacket(p: Packet): string {
  const proto = protocolKey(p.proto);
  if (p.proto === 6 || p.proto === 17) {
    return `${proto} ${hostPort(p.src, p.srcPort)} → ${hostPort(p.dst, p.dstPort)}`;
  }
  if (isIcmp(p.proto))
    return `${proto} ${formatAddr(p.src)} → ${formatAddr(p.dst)} type ${p.icmpType} code ${p.icmpCode}`;
  return `${proto} ${formatAddr(p.src)} → ${formatAddr(p.dst)}`;
}

/** `10.0.0.1:443`, `[2001:db8::1]:443` (RFC 5952 §6). */
function hostPort(a: Addr, port: number): string {
  return typeof a === 'number' ? `${formatAddr(a)}:${port}` : `[${formatAddr(a)}]:${port}`;
}

/** The reply to a packet: addresses and ports swapped; ICMP echo request → echo reply, ICMPv6 128 → 129 (V6-9). */
export function replyOf(p: Packet): Packet {
  let icmpType = p.icmpType;
  if (p.proto === 1) {
    if (p.icmpType === 8) icmpType = 0;
    else if (p.icmpType === 13) icmpType = 14;
  } else if (p.proto === 58 && p.icmpType === 128) icmpType = 129;
  return {
    proto: p.proto,
    src: p.dst,
    dst: p.src,
    srcPort: isIcmp(p.proto) ? p.srcPort : p.dstPort,
    dstPort: isIcmp(p.proto) ? p.dstPort : p.srcPort,
    icmpType,
    icmpCode: p.icmpCode,
    sni: p.sni,
    host: p.host,
    path: p.path,
  };
}

/** Copy with some fields changed (address translation). */
export function withPacket(p: Packet, change: Partial<Packet>): Packet {
  return { ...p, ...change };
}

/** Connection key independent of direction: the same for a packet and its reply. */
export function flowKey(p: Packet): string {
  const a = `${p.src}:${p.srcPort}`;
  const b = `${p.dst}:${p.dstPort}`;
  return a < b ? `${p.proto}|${a}|${b}` : `${p.proto}|${b}|${a}`;
}

/** Directional key (origin tuple). */
export function tupleKey(p: Packet): string {
  return `${p.proto}|${p.src}:${p.srcPort}|${p.dst}:${p.dstPort}`;
}
