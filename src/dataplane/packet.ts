/**
 * The packet the data plane moves: numbers only, so the per-packet path does no parsing.
 *
 * IPv4 only in the data plane (addresses as uint32). For ICMP, `srcPort` carries the echo identifier (as Linux
 * conntrack does) and `dstPort` is 0; `icmpType`/`icmpCode` carry the message type.
 */
import { formatIpv4 } from '../net/ipv4.js';
import { protocolKey } from '../model/protocol.js';

export interface Packet {
  readonly proto: number;
  readonly src: number;
  readonly dst: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  /** TLS ClientHello server name, when the flow carries one (NFW-12). */
  readonly sni?: string | undefined;
  /** HTTP Host header, when the flow carries one (NFW-12). */
  readonly host?: string | undefined;
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
  const j: PacketJson = { protocol: protocolKey(p.proto), src: formatIpv4(p.src), dst: formatIpv4(p.dst) };
  if (p.proto === 6 || p.proto === 17) {
    j.srcPort = p.srcPort;
    j.dstPort = p.dstPort;
  } else if (p.proto === 1) {
    j.icmpType = p.icmpType;
    j.icmpCode = p.icmpCode;
  }
  return j;
}

/** `tcp 10.0.1.10:40000 → 142.250.196.100:443` */
export function formatPacket(p: Packet): string {
  const proto = protocolKey(p.proto);
  if (p.proto === 6 || p.proto === 17) {
    return `${proto} ${formatIpv4(p.src)}:${p.srcPort} → ${formatIpv4(p.dst)}:${p.dstPort}`;
  }
  if (p.proto === 1)
    return `icmp ${formatIpv4(p.src)} → ${formatIpv4(p.dst)} type ${p.icmpType} code ${p.icmpCode}`;
  return `${proto} ${formatIpv4(p.src)} → ${formatIpv4(p.dst)}`;
}

/** The reply to a packet: addresses and ports swapped; ICMP echo request → echo reply. */
export function replyOf(p: Packet): Packet {
  let icmpType = p.icmpType;
  if (p.proto === 1) {
    if (p.icmpType === 8) icmpType = 0;
    else if (p.icmpType === 13) icmpType = 14;
  }
  return {
    proto: p.proto,
    src: p.dst,
    dst: p.src,
    srcPort: p.proto === 1 ? p.srcPort : p.dstPort,
    dstPort: p.proto === 1 ? p.dstPort : p.srcPort,
    icmpType,
    icmpCode: p.icmpCode,
    sni: p.sni,
    host: p.host,
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
