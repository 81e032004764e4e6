/**
 * One packet's walk through an instance's stack: its working state (the packet as translated so far, its conntrack
 * entry, direction and state bits, what it depends on), the hops it records (netfilter hops say the conntrack
 * state), the packet rewrites NAT makes, and the result it ends with.
 */
import { formatAddr, type Addr } from '../../net/addr.js';
import type { ExplanationCode } from '../../diag/codes.js';
import type { Hop, HopAction } from '../hop.js';
import { packetJson, type Packet } from '../packet.js';
import { protocolKey } from '../../model/protocol.js';
import type { CompiledOs, MatchContext } from './types.js';
import {
  canStartConnection,
  type Conntrack,
  CT_DNAT,
  CT_ESTABLISHED,
  CT_INVALID,
  CT_NEW,
  CT_SNAT,
  invertTuple,
  isIcmpProto,
  type CtEntry,
  type Tuple,
} from './conntrack.js';

export interface OsResult {
  readonly kind: 'local' | 'forward' | 'drop';
  /** The packet as it leaves (forward), as delivered (local), or as it was when dropped. */
  readonly packet: Packet;
  /** Interface index the packet leaves by (forward). */
  readonly outIf?: number | undefined;
  /** Next hop the instance's routing table chose (forward): a gateway, or the destination itself when on-link. */
  readonly nextHop?: Addr | undefined;
  /** Explanation code of the deciding hop (drops). */
  readonly code?: ExplanationCode | undefined;
  /** Kind of the deciding hop (drops), for a verdict-only walk that does not build it. */
  readonly dropKind?: 'netfilter' | 'os' | undefined;
  readonly hops: Hop[];
  /** Unsupported iptables options the result depends on (the verdict is then uncertain). */
  readonly dependsOn?: readonly string[] | undefined;
  /** Things the user should know (ports the kernel chooses at random …). */
  readonly notes?: readonly string[] | undefined;
}

/** Per-packet working state. */
export interface Walk {
  readonly os: CompiledOs;
  readonly ct: Conntrack;
  p: Packet;
  readonly hops: Hop[];
  dependsOn: string[] | undefined;
  notes: string[] | undefined;
  entry: CtEntry | undefined;
  dir: 'original' | 'reply';
  isNew: boolean;
  state: number;
  /** Build hops (false: the caller wants the verdict only). */
  record: boolean;
  /** Kind and explanation code of the last hop, built or not: a drop's code and kind, whether the walk records. */
  lastKind: 'netfilter' | 'os' | undefined;
  lastCode: ExplanationCode | undefined;
}

function fmtTuple(t: Tuple): string {
  const proto = protocolKey(t.proto);
  if (t.proto === 6 || t.proto === 17 || t.proto === 132) {
    return `${proto} ${formatAddr(t.src)}:${t.sport} → ${formatAddr(t.dst)}:${t.dport}`;
  }
  if (isIcmpProto(t.proto))
    return `${proto} ${formatAddr(t.src)} → ${formatAddr(t.dst)} type ${t.dport} id ${t.sport}`;
  return `${proto} ${formatAddr(t.src)} → ${formatAddr(t.dst)}`;
}

function stateText(w: Walk): string | undefined {
  const e = w.entry;
  if (!e)
    return w.state === CT_INVALID
      ? 'conntrack: INVALID (no connection; an ICMP reply or error that matches none)'
      : undefined;
  if (w.isNew) return `conntrack: NEW ${fmtTuple(e.orig)}; replies expected as ${fmtTuple(e.reply)}`;
  const st = w.state & CT_ESTABLISHED ? 'ESTABLISHED' : 'NEW';
  return `conntrack: ${st}, ${w.dir === 'reply' ? 'reply of' : 'original direction of'} ${fmtTuple(e.orig)}`;
}

export function hop(
  w: Walk,
  kind: 'netfilter' | 'os',
  action: HopAction,
  rule: string,
  before: Packet,
  extra?: Partial<Hop>,
): void {
  w.lastKind = kind;
  w.lastCode = extra?.code;
  if (!w.record) return;
  const changed = before !== w.p;
  const h: Hop = {
    id: w.os.hostId,
    kind,
    action,
    rule,
    packet: packetJson(before),
    ...(changed ? { after: packetJson(w.p) } : {}),
    ...(kind === 'netfilter' ? { state: stateText(w) } : {}),
    ...extra,
  };
  w.hops.push(h);
}

function natBits(e: CtEntry): number {
  const back = invertTuple(e.reply);
  let bits = 0;
  if (back.src !== e.orig.src || back.sport !== e.orig.sport) bits |= CT_SNAT;
  if (back.dst !== e.orig.dst || (e.orig.proto !== 1 && back.dport !== e.orig.dport)) bits |= CT_DNAT;
  return bits;
}

export function ctx(w: Walk, inIf: number, outIf: number): MatchContext {
  // SNAT/DNAT virtual states: bindings made so far (a first packet is DNAT already in FORWARD)
  return { inIf, outIf, state: w.state | (w.entry ? natBits(w.entry) : 0) };
}

export function setDst(p: Packet, t: Tuple): Packet {
  if (isIcmpProto(p.proto))
    return p.dst === t.dst && p.srcPort === t.sport ? p : { ...p, dst: t.dst, srcPort: t.sport };
  if (p.proto === 6 || p.proto === 17 || p.proto === 132) {
    return p.dst === t.dst && p.dstPort === t.dport ? p : { ...p, dst: t.dst, dstPort: t.dport };
  }
  return p.dst === t.dst ? p : { ...p, dst: t.dst };
}

export function setSrc(p: Packet, t: Tuple): Packet {
  if (isIcmpProto(p.proto) || p.proto === 6 || p.proto === 17 || p.proto === 132) {
    return p.src === t.src && p.srcPort === t.sport ? p : { ...p, src: t.src, srcPort: t.sport };
  }
  return p.src === t.src ? p : { ...p, src: t.src };
}

/** The connection's current original-direction tuple (after the bindings made so far). */
export function currentTuple(e: CtEntry): Tuple {
  return invertTuple(e.reply);
}

export function addDepends(w: Walk, d: readonly string[]): void {
  if (d.length > 0) (w.dependsOn ??= []).push(...d);
}

export function addNote(w: Walk, n: string): void {
  (w.notes ??= []).push(n);
}

/** A walk that has seen no hook yet: no connection-tracking entry, state 0. */
export function newWalk(os: CompiledOs, ct: Conntrack, pkt: Packet, record: boolean): Walk {
  return {
    os,
    ct,
    p: pkt,
    hops: [],
    dependsOn: undefined,
    notes: undefined,
    entry: undefined,
    dir: 'original',
    isNew: false,
    state: 0,
    record,
    lastKind: undefined,
    lastCode: undefined,
  };
}

export function start(os: CompiledOs, ct: Conntrack, pkt: Packet, record: boolean): Walk {
  const w = newWalk(os, ct, pkt, record);
  // A stack without a filter or nat chain has nothing that reads or changes connection state: no NAT binding (NATI-5),
  // no --ctstate match, no netfilter hop naming the state. Its walk skips conntrack — the same answer for less work
  // (issue 19: the S2 appliance forwards with ip_forward=1 and no iptables).
  if (os.chains.nat.size === 0 && os.chains.filter.size === 0) return w;
  const found = ct.lookup(pkt);
  if (found) {
    w.entry = found.entry;
    w.dir = found.dir;
    if (found.dir === 'reply') found.entry.replySeen = true;
    w.state = found.dir === 'reply' || found.entry.replySeen ? CT_ESTABLISHED : CT_NEW;
  } else if (canStartConnection(pkt)) {
    w.entry = ct.create(pkt);
    w.isNew = true;
    w.state = CT_NEW;
  } else {
    w.state = CT_INVALID;
  }
  return w;
}

export function result(
  w: Walk,
  kind: OsResult['kind'],
  extra?: Pick<OsResult, 'outIf' | 'nextHop' | 'code' | 'dropKind'>,
): OsResult {
  return {
    kind,
    packet: w.p,
    hops: w.hops,
    dependsOn: w.dependsOn ? [...new Set(w.dependsOn)] : undefined,
    notes: w.notes,
    outIf: extra?.outIf,
    nextHop: extra?.nextHop,
    code: extra?.code,
    dropKind: extra?.dropKind,
  };
}

/** The walk ends at its last hop, a drop: its code and kind (kept when hops are not recorded). */
export function drop(w: Walk): OsResult {
  return result(w, 'drop', { code: w.lastCode, dropKind: w.lastKind });
}
