/**
 * Linux connection tracking for one instance during one trace (nf_conntrack, simplified to what decides
 * reachability and translation).
 *
 * Model: a connection is two tuples — `orig`, the first packet as it arrived (before any NAT), and `reply`, the
 * tuple its replies will carry after NAT (source and destination NAT bindings are recorded by changing `reply`).
 * For ICMP the echo identifier plays the port's role on both sides and the "destination port" slot holds the
 * message type (echo request 8 ↔ echo reply 0), as the kernel's icmp tuple does. Entries are inserted only when
 * confirmed (the packet survived to POSTROUTING or INPUT); a dropped first packet leaves nothing behind.
 * Invariants: every confirmed entry is reachable from both its tuples' keys. No module-level state: one
 * `Conntrack` per instance per trace. IPv4 and IPv6 connections live side by side (nf_conntrack tracks both;
 * addresses of different families never compare equal); ICMPv6 echo (128 ↔ 129) and node information
 * (139 ↔ 140) play ICMP echo's role (nf_conntrack_proto_icmpv6).
 */
import type { Addr } from '../../net/addr.js';
import type { Packet } from '../packet.js';

/** A directional 5-tuple. ICMP/ICMPv6: `sport` = echo id, `dport` = ICMP type. */
export interface Tuple {
  readonly proto: number;
  readonly src: Addr;
  readonly dst: Addr;
  readonly sport: number;
  readonly dport: number;
}

export interface CtEntry {
  readonly orig: Tuple;
  /** Expected reply tuple; changed by NAT bindings before confirmation. */
  reply: Tuple;
  /** A packet in the reply direction has been seen (the connection is ESTABLISHED). */
  replySeen: boolean;
  confirmed: boolean;
  /** Text of the nat rules that set the bindings (for explaining the reverse translation of replies). */
  srcNatRule?: string | undefined;
  dstNatRule?: string | undefined;
}

export type CtDirection = 'original' | 'reply';

/** Conntrack state bits, as `-m conntrack --ctstate` names them. */
export const CT_NEW = 1;
export const CT_ESTABLISHED = 2;
export const CT_RELATED = 4;
export const CT_INVALID = 8;
export const CT_UNTRACKED = 16;
export const CT_SNAT = 32;
export const CT_DNAT = 64;

const ICMP_REPLY_TYPE: Readonly<Record<number, number>> = {
  8: 0,
  0: 8,
  13: 14,
  14: 13,
  15: 16,
  16: 15,
  17: 18,
  18: 17,
};
/** ICMP types that start a tracked "connection" (the requests). */
const ICMP_REQUESTS: ReadonlySet<number> = new Set([8, 13, 15, 17]);
const ICMPV6_REPLY_TYPE: Readonly<Record<number, number>> = { 128: 129, 129: 128, 139: 140, 140: 139 };
const ICMPV6_REQUESTS: ReadonlySet<number> = new Set([128, 139]);

/** ICMP (1) or ICMPv6 (58): the echo id is the "port", the type the other slot. */
export function isIcmpProto(proto: number): boolean {
  return proto === 1 || proto === 58;
}

/** The tuple of a packet. */
export function tupleOf(p: Packet): Tuple {
  if (isIcmpProto(p.proto))
    return { proto: p.proto, src: p.src, dst: p.dst, sport: p.srcPort, dport: p.icmpType };
  if (p.proto === 6 || p.proto === 17 || p.proto === 132) {
    return { proto: p.proto, src: p.src, dst: p.dst, sport: p.srcPort, dport: p.dstPort };
  }
  return { proto: p.proto, src: p.src, dst: p.dst, sport: 0, dport: 0 };
}

/** The tuple a reply to `t` carries. */
export function invertTuple(t: Tuple): Tuple {
  if (t.proto === 1)
    return { proto: 1, src: t.dst, dst: t.src, sport: t.sport, dport: ICMP_REPLY_TYPE[t.dport] ?? t.dport };
  if (t.proto === 58)
    return {
      proto: 58,
      src: t.dst,
      dst: t.src,
      sport: t.sport,
      dport: ICMPV6_REPLY_TYPE[t.dport] ?? t.dport,
    };
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

export function tupleKey(t: Tuple): string {
  return `${t.proto}|${t.src}|${t.sport}|${t.dst}|${t.dport}`;
}

/** Can this packet start a connection? (An ICMP echo reply or error without a connection cannot: INVALID.) */
export function canStartConnection(p: Packet): boolean {
  if (p.proto === 58) return ICMPV6_REQUESTS.has(p.icmpType);
  return p.proto !== 1 || ICMP_REQUESTS.has(p.icmpType);
}

export class Conntrack {
  /** Confirmed tuples, both directions: a trace holds a handful, so a linear scan beats string-keyed maps. */
  private readonly tuples: { readonly t: Tuple; readonly entry: CtEntry; readonly dir: CtDirection }[] = [];
  private readonly list: CtEntry[] = [];

  private find(
    proto: number,
    src: Addr,
    sport: number,
    dst: Addr,
    dport: number,
  ): { entry: CtEntry; dir: CtDirection } | undefined {
    for (const x of this.tuples) {
      const t = x.t;
      if (t.proto === proto && t.src === src && t.dst === dst && t.sport === sport && t.dport === dport)
        return x;
    }
    return undefined;
  }

  /** Find the connection a packet belongs to, and in which direction it travels. */
  lookup(p: Packet): { entry: CtEntry; dir: CtDirection } | undefined {
    const t = tupleOf(p);
    return this.find(t.proto, t.src, t.sport, t.dst, t.dport);
  }

  /** Is a tuple (in either direction) already used by a confirmed connection? (nf_conntrack_tuple_taken) */
  taken(t: Tuple): boolean {
    return this.find(t.proto, t.src, t.sport, t.dst, t.dport) !== undefined;
  }

  /** A new, unconfirmed connection for a first packet. */
  create(p: Packet): CtEntry {
    const orig = tupleOf(p);
    return { orig, reply: invertTuple(orig), replySeen: false, confirmed: false };
  }

  /** Insert a connection whose first packet survived (POSTROUTING / INPUT). */
  confirm(e: CtEntry): void {
    if (e.confirmed) return;
    e.confirmed = true;
    this.tuples.push({ t: e.orig, entry: e, dir: 'original' }, { t: e.reply, entry: e, dir: 'reply' });
    this.list.push(e);
  }

  /** Confirmed connections, oldest first. */
  entries(): readonly CtEntry[] {
    return this.list;
  }
}
