/**
 * The Linux IPv4 and IPv6 paths through one instance, hook by hook, for packets it receives (osReceive) and packets it
 * sends itself (osSend): the order of netfilter hooks and routing is the kernel's.
 *
 *   receive: PREROUTING [conntrack; nat — first packet of a connection only, else conntrack's translation]
 *            → routing: one of the instance's own addresses (any interface, secondary IPs too) → INPUT [filter,
 *              nat] → local delivery; otherwise forwarded only when IP forwarding is on for the receiving
 *              interface (NATI-3) → FORWARD [filter] → POSTROUTING [nat (SNAT/MASQUERADE) or conntrack's reverse
 *              translation for replies] → out of an interface.
 *   send:    OUTPUT [conntrack; nat; filter] → routing → POSTROUTING [nat or conntrack] → out of an interface.
 *
 * Model: mangle/raw are not evaluated (compile.ts reports them). A connection is confirmed in conntrack only
 * when its first packet gets through; replies and later packets are translated from the connection's bindings
 * and never see the nat table. Every decision that changes or stops the packet is a Hop (kind `netfilter` or
 * `os`) quoting the rule as written. A decision that relied on an unsupported iptables option lists it in
 * `dependsOn` (and on the hop), so the trace is uncertain. Nothing here parses text.
 * IPv6 takes the same path through the instance's IPv6 stack (`os.v6`: ip6tables, the IPv6 routes and
 * `net.ipv6.conf.all.forwarding`); conntrack and NAT (SNAT/DNAT/MASQUERADE/REDIRECT for IPv6) work the same way.
 */
import { formatAddr, type Addr } from '../../net/addr.js';
import type { ExplanationCode } from '../../diag/codes.js';
import type { Hop, HopAction } from '../hop.js';
import { packetJson, type Packet } from '../packet.js';
import { protocolKey } from '../../model/protocol.js';
import { routeFor, type CompiledChain, type CompiledOs, type MatchContext } from './compile.js';
import {
  canStartConnection,
  Conntrack,
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
import { chooseNat, type NatRange } from './nat.js';
import { evalChain } from './netfilter.js';

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
  readonly hops: Hop[];
  /** Unsupported iptables options the result depends on (the verdict is then uncertain). */
  readonly dependsOn?: readonly string[] | undefined;
  /** Things the user should know (ports the kernel chooses at random …). */
  readonly notes?: readonly string[] | undefined;
}

/** Per-packet working state. */
interface Walk {
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

function hop(
  w: Walk,
  kind: 'netfilter' | 'os',
  action: HopAction,
  rule: string,
  before: Packet,
  extra?: Partial<Hop>,
): void {
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

function ctx(w: Walk, inIf: number, outIf: number): MatchContext {
  // SNAT/DNAT virtual states: bindings made so far (a first packet is DNAT already in FORWARD)
  return { inIf, outIf, state: w.state | (w.entry ? natBits(w.entry) : 0) };
}

function setDst(p: Packet, t: Tuple): Packet {
  if (isIcmpProto(p.proto))
    return p.dst === t.dst && p.srcPort === t.sport ? p : { ...p, dst: t.dst, srcPort: t.sport };
  if (p.proto === 6 || p.proto === 17 || p.proto === 132) {
    return p.dst === t.dst && p.dstPort === t.dport ? p : { ...p, dst: t.dst, dstPort: t.dport };
  }
  return p.dst === t.dst ? p : { ...p, dst: t.dst };
}

function setSrc(p: Packet, t: Tuple): Packet {
  if (isIcmpProto(p.proto) || p.proto === 6 || p.proto === 17 || p.proto === 132) {
    return p.src === t.src && p.srcPort === t.sport ? p : { ...p, src: t.src, srcPort: t.sport };
  }
  return p.src === t.src ? p : { ...p, src: t.src };
}

/** The connection's current original-direction tuple (after the bindings made so far). */
function currentTuple(e: CtEntry): Tuple {
  return invertTuple(e.reply);
}

function addDepends(w: Walk, d: readonly string[]): void {
  if (d.length > 0) (w.dependsOn ??= []).push(...d);
}

function addNote(w: Walk, n: string): void {
  (w.notes ??= []).push(n);
}

function start(os: CompiledOs, ct: Conntrack, pkt: Packet, record: boolean): Walk {
  const w: Walk = {
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
  };
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

/**
 * A packet of an established connection: conntrack rewrites its destination (or source) to what the connection's
 * tuples say — the original direction like the first packet, the reply translated back — without consulting the
 * nat table (NATI-5). Adds a hop when the packet changed.
 */
function conntrackTranslate(w: Walk, e: CtEntry, which: 'source' | 'destination'): void {
  const before = w.p;
  const target = w.dir === 'original' ? currentTuple(e) : invertTuple(e.orig);
  w.p = which === 'destination' ? setDst(w.p, target) : setSrc(w.p, target);
  if (w.p === before) return;
  // The rule that set up this direction's translation: in the reply, the other side's.
  const ownRule = which === 'destination' ? e.dstNatRule : e.srcNatRule;
  const otherRule = which === 'destination' ? e.srcNatRule : e.dstNatRule;
  const rule = w.dir === 'original' ? ownRule : otherRule;
  hop(w, 'netfilter', 'translate', rule ?? 'conntrack', before, {
    detail:
      w.dir === 'reply'
        ? `reply: ${which} translated back by conntrack (the nat table is not consulted for it)`
        : 'later packet of the connection: translated by conntrack like the first one',
    refs: ['NATI-5'],
  });
}

/** Destination-NAT stage (PREROUTING / OUTPUT). Returns false when the packet was dropped. */
function dnatStage(w: Walk, chainName: 'PREROUTING' | 'OUTPUT', inIf: number): void {
  const e = w.entry;
  if (!e) return;
  const before = w.p;
  if (!w.isNew) {
    conntrackTranslate(w, e, 'destination');
    return;
  }
  const chain = w.os.chains.nat.get(chainName);
  if (!chain) return;
  const r = evalChain(chain, w.p, ctx(w, inIf, -1));
  addDepends(w, r.dependsOn);
  const v = r.verdict;
  if (v.kind !== 'rule') return; // null binding: nothing changes
  const t = v.target;
  if (t.kind === 'ACCEPT') {
    hop(w, 'netfilter', 'allow', v.rule.text, before, {
      detail: 'nat rule ACCEPT: no destination translation for this connection',
      unsupported: v.rule.unsupported,
    });
    return;
  }
  let range: NatRange;
  if (t.kind === 'DNAT') {
    range = t.keepAddress
      ? { lo: w.p.dst, hi: w.p.dst, ports: t.ports }
      : { lo: t.lo, hi: t.hi, ports: t.ports };
  } else if (t.kind === 'REDIRECT') {
    // to the primary address of the receiving interface; 127.0.0.1 (::1) for locally generated packets
    const a = inIf >= 0 ? w.os.ifaces[inIf]?.addresses[0] : w.os.family === 6 ? 1n : 0x7f000001;
    if (a === undefined) return;
    range = { lo: a, hi: a, ports: t.ports };
  } else return;
  const choice = chooseNat(currentTuple(e), range, 'dst', (c) => w.ct.taken(invertTuple(c)));
  e.reply = invertTuple(choice.tuple);
  e.dstNatRule = v.rule.text;
  w.p = setDst(w.p, choice.tuple);
  if (choice.representative) addNote(w, `${w.os.hostId}: ${choice.representative}`);
  hop(w, 'netfilter', 'translate', v.rule.text, before, {
    detail: `${t.kind}: destination of a new connection translated`,
    refs: ['NATI-5'],
    unsupported: v.rule.unsupported,
    ...(v.rule.unsupported ? { code: 'IPTABLES_UNSUPPORTED_RULE' } : {}),
  });
}

/** Source-NAT stage (POSTROUTING / nat INPUT). */
function snatStage(w: Walk, chainName: 'POSTROUTING' | 'INPUT', inIf: number, outIf: number): void {
  const e = w.entry;
  if (!e) return;
  const before = w.p;
  if (!w.isNew) {
    conntrackTranslate(w, e, 'source');
    return;
  }
  const chain = w.os.chains.nat.get(chainName);
  let range: NatRange | undefined;
  let ruleText: string | undefined;
  let unsupported: readonly string[] | undefined;
  let kind = '';
  if (chain) {
    const r = evalChain(chain, w.p, ctx(w, inIf, outIf));
    addDepends(w, r.dependsOn);
    const v = r.verdict;
    if (v.kind === 'rule') {
      const t = v.target;
      ruleText = v.rule.text;
      unsupported = v.rule.unsupported;
      kind = t.kind;
      if (t.kind === 'SNAT') range = { lo: t.lo, hi: t.hi, ports: t.ports };
      else if (t.kind === 'MASQUERADE') {
        // the primary address of the outgoing interface (inet_select_addr skips secondary addresses)
        const addrs = w.os.ifaces[outIf]?.addresses ?? [];
        const a = addrs[0];
        if (a !== undefined) range = { lo: a, hi: a, ports: t.ports };
        if (w.os.family === 6 && addrs.length > 1)
          addNote(
            w,
            `${w.os.hostId}: MASQUERADE for IPv6 takes the source address the kernel selects (RFC 6724) among ${addrs.length} addresses of the interface; vpcsim shows the first listed, ${formatAddr(addrs[0] as Addr)}`,
          );
      } else if (t.kind === 'ACCEPT') {
        hop(w, 'netfilter', 'allow', v.rule.text, before, {
          detail: 'nat rule ACCEPT: no source translation for this connection',
          unsupported,
        });
      }
    }
  }
  // without a nat table the kernel does no NAT at all (no null binding)
  if (!chain) return;
  // null binding: the source stays, unless that tuple is already used by another connection
  const nullRange: NatRange = { lo: w.p.src, hi: w.p.src };
  const choice = chooseNat(currentTuple(e), range ?? nullRange, 'src', (c) => w.ct.taken(invertTuple(c)));
  e.reply = invertTuple(choice.tuple);
  w.p = setSrc(w.p, choice.tuple);
  if (choice.representative && (range || w.p !== before))
    addNote(w, `${w.os.hostId}: ${choice.representative}`);
  if (range && ruleText !== undefined) {
    e.srcNatRule = ruleText;
    hop(w, 'netfilter', 'translate', ruleText, before, {
      detail:
        w.p === before
          ? `${kind}: the source is already in the translation range and its port is free, so nothing changes`
          : `${kind}: source of a new connection translated${kind === 'MASQUERADE' ? ' to the primary address of the outgoing interface' : ''}${choice.tuple.sport === before.srcPort && (before.proto === 6 || before.proto === 17 || isIcmpProto(before.proto)) ? ` (${isIcmpProto(before.proto) ? 'ICMP echo id' : 'source port'} kept: it is free)` : ''}`,
      refs: ['NATI-3', 'NATI-5'],
      unsupported,
      ...(unsupported ? { code: 'IPTABLES_UNSUPPORTED_RULE' } : {}),
    });
  } else if (w.p !== before) {
    hop(w, 'netfilter', 'translate', 'conntrack', before, {
      detail: 'source port remapped: the tuple was already used by another connection',
    });
  }
}

/** Evaluate a filter chain; returns false when the packet is dropped (a drop hop was added). */
function filterStage(
  w: Walk,
  chainName: 'INPUT' | 'FORWARD' | 'OUTPUT',
  inIf: number,
  outIf: number,
): boolean {
  const chain: CompiledChain | undefined = w.os.chains.filter.get(chainName);
  if (!chain) return true;
  const r = evalChain(chain, w.p, ctx(w, inIf, outIf));
  addDepends(w, r.dependsOn);
  const v = r.verdict;
  const unsupported = r.dependsOn.length > 0 ? r.dependsOn : undefined;
  if (v.kind === 'policy') {
    if (v.policy === 'DROP') {
      hop(w, 'netfilter', 'drop', v.chain.policyText, w.p, {
        code: 'IPTABLES_POLICY_DROP',
        detail: `no rule of filter ${chainName} accepted the packet and the chain's policy is DROP`,
        unsupported,
      });
      return false;
    }
    if (v.examined) {
      hop(w, 'netfilter', 'allow', v.chain.policyText, w.p, {
        detail: `no rule of filter ${chainName} matched; the policy accepts`,
        unsupported,
      });
    }
    return true;
  }
  const t = v.target;
  const deciderUnsupported = v.rule.unsupported !== undefined;
  if (t.kind === 'ACCEPT') {
    hop(w, 'netfilter', 'allow', v.rule.text, w.p, {
      unsupported,
      ...(deciderUnsupported ? { code: 'IPTABLES_UNSUPPORTED_RULE' } : {}),
    });
    return true;
  }
  if (t.kind === 'DROP' || t.kind === 'REJECT') {
    hop(w, 'netfilter', 'drop', v.rule.text, w.p, {
      code: deciderUnsupported
        ? 'IPTABLES_UNSUPPORTED_RULE'
        : t.kind === 'DROP'
          ? 'IPTABLES_RULE_DROP'
          : 'IPTABLES_RULE_REJECT',
      detail:
        t.kind === 'REJECT'
          ? `rejected: Linux answers the sender with ${t.with}`
          : `dropped by filter ${chainName}`,
      unsupported,
    });
    return false;
  }
  // NAT targets cannot appear in the filter table (the parser refuses them); treat as not deciding
  return true;
}

function result(w: Walk, kind: OsResult['kind'], extra?: Partial<OsResult>): OsResult {
  return {
    kind,
    packet: w.p,
    hops: w.hops,
    ...(w.dependsOn ? { dependsOn: [...new Set(w.dependsOn)] } : {}),
    ...(w.notes ? { notes: w.notes } : {}),
    ...extra,
  };
}

function drop(w: Walk): OsResult {
  const last = w.hops[w.hops.length - 1];
  return result(w, 'drop', { code: last?.code });
}

/** 127.0.0.0/8, or ::1 for IPv6. */
function isLoopback(a: Addr): boolean {
  return typeof a === 'number' ? a >>> 24 === 127 : a === 1n;
}

/** The stack of the packet's family: IPv6 packets go through the IPv6 stack (ip6tables, IPv6 routes). */
function stackFor(os: CompiledOs, pkt: Packet): CompiledOs | undefined {
  if (typeof pkt.src === 'number') return os;
  return os.family === 6 ? os : os.v6;
}

/** Deliver locally: INPUT filter, nat INPUT, confirm. */
function deliverLocal(w: Walk, inIf: number): OsResult {
  if (!filterStage(w, 'INPUT', inIf, -1)) return drop(w);
  snatStage(w, 'INPUT', inIf, -1);
  if (w.entry && w.isNew) w.ct.confirm(w.entry);
  return result(w, 'local');
}

/**
 * A packet arrives at the instance on interface `inIf` (index into the compiled interfaces).
 * `osReceive(nat, ct, 0, pkt)` → `{kind:'forward', outIf: 0, packet: <translated>, hops}`.
 */
export function osReceive(
  os4: CompiledOs,
  ct: Conntrack,
  inIf: number,
  pkt: Packet,
  record = true,
): OsResult {
  const os = stackFor(os4, pkt);
  if (!os) return ipv6Passes(pkt, 'local', inIf);
  const v6 = os.family === 6;
  // IPv4 fib_validate_source: a packet arriving from the network with one of our own addresses as its source is
  // a martian (accept_local=0), dropped before any netfilter hook after PREROUTING. IPv6 (ip6_rcv_core) only
  // drops a loopback (::1) source arriving on a real interface.
  if ((!v6 && os.local.has(pkt.src)) || isLoopback(pkt.src)) {
    const w0: Walk = {
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
    };
    hop(w0, 'os', 'drop', `martian source ${formatAddr(pkt.src)}`, pkt, {
      code: 'INSTANCE_MARTIAN_SOURCE',
      detail: v6
        ? 'the source address is the loopback address ::1; Linux drops such packets arriving on an interface'
        : "the source address is one of the instance's own addresses; Linux drops such packets arriving on an interface (net.ipv4.conf.*.accept_local=0)",
    });
    return drop(w0);
  }
  const w = start(os, ct, pkt, record);
  dnatStage(w, 'PREROUTING', inIf);
  const dst = w.p.dst;
  const localIf = os.local.get(dst);
  if (localIf !== undefined || isLoopback(dst)) {
    const name = localIf !== undefined ? (os.ifaces[localIf]?.name ?? 'lo') : 'lo';
    hop(w, 'os', 'deliver', `local delivery: ${formatAddr(dst)} is an address of ${name}`, w.p, {
      detail:
        localIf !== undefined && (os.ifaces[localIf]?.addresses[0] ?? dst) !== dst
          ? 'a secondary private IP is an address of the instance like the primary one; the instance itself answers'
          : 'addressed to the instance itself',
    });
    return deliverLocal(w, inIf);
  }
  const inName = os.ifaces[inIf]?.name ?? `if${inIf}`;
  if (os.forwarding[inIf] !== true) {
    const perIf = v6
      ? 'net.ipv6.conf.all.forwarding=0'
      : os.ipForward
        ? `net.ipv4.conf.${inName}.forwarding=0`
        : 'net.ipv4.ip_forward=0';
    hop(w, 'os', 'drop', perIf, w.p, {
      code: 'INSTANCE_IP_FORWARDING_DISABLED',
      detail: `${formatAddr(dst)} is not an address of this instance and IP forwarding is off, so Linux drops the packet`,
      refs: ['NATI-3'],
    });
    return drop(w);
  }
  const route = routeFor(os, dst);
  if (!route) {
    hop(w, 'os', 'drop', `no route to ${formatAddr(dst)}`, w.p, {
      code: 'INSTANCE_NO_ROUTE',
      detail: "the instance's routing table has no route for the destination",
    });
    return drop(w);
  }
  const outName = os.ifaces[route.outIf]?.name ?? `if${route.outIf}`;
  const redirect = route.outIf === inIf && os.sendRedirects[inIf] === true;
  hop(
    w,
    'os',
    'forward',
    `${v6 ? 'net.ipv6.conf.all.forwarding=1' : 'ip_forward=1'}, route ${route.text}`,
    w.p,
    {
      detail: `forwarded out of ${outName}${redirect ? ' (the same interface it came in on: with send_redirects=1 Linux also sends the sender an ICMP redirect, which does not stop forwarding)' : ''}`,
      refs: ['NATI-3'],
    },
  );
  if (!filterStage(w, 'FORWARD', inIf, route.outIf)) return drop(w);
  snatStage(w, 'POSTROUTING', inIf, route.outIf);
  if (w.entry && w.isNew) w.ct.confirm(w.entry);
  return result(w, 'forward', { outIf: route.outIf, nextHop: route.via ?? w.p.dst });
}

/**
 * A packet the instance originates or replies with (source address set by the caller; 0 = the outgoing
 * interface's primary address). `osSend(nat, ct, replyOf(delivered))`.
 */
export function osSend(os4: CompiledOs, ct: Conntrack, pkt: Packet, record = true): OsResult {
  const os = stackFor(os4, pkt);
  if (!os) return ipv6Passes(pkt, 'forward', 0);
  let p0 = pkt;
  if (p0.src === 0 || p0.src === 0n) {
    const r0 = routeFor(os, p0.dst);
    const a = r0 ? os.ifaces[r0.outIf]?.addresses[0] : undefined;
    if (a !== undefined) p0 = { ...p0, src: a };
  }
  const w = start(os, ct, p0, record);
  dnatStage(w, 'OUTPUT', -1);
  const dst = w.p.dst;
  const localIf = os.local.get(dst);
  if (localIf !== undefined || isLoopback(dst)) {
    if (!filterStage(w, 'OUTPUT', -1, -1)) return drop(w);
    hop(w, 'os', 'deliver', `local delivery: ${formatAddr(dst)} is an address of this instance`, w.p);
    return deliverLocal(w, -1);
  }
  const route = routeFor(os, dst);
  if (!route) {
    hop(w, 'os', 'drop', `no route to ${formatAddr(dst)}`, w.p, { code: 'INSTANCE_NO_ROUTE' });
    return drop(w);
  }
  if (!filterStage(w, 'OUTPUT', -1, route.outIf)) return drop(w);
  hop(w, 'os', 'forward', `route ${route.text}`, w.p, {
    detail: `sent by the instance out of ${os.ifaces[route.outIf]?.name ?? ''}`,
  });
  snatStage(w, 'POSTROUTING', -1, route.outIf);
  if (w.entry && w.isNew) w.ct.confirm(w.entry);
  return result(w, 'forward', { outIf: route.outIf, nextHop: route.via ?? w.p.dst });
}

export { Conntrack };

/**
 * A stack compiled without its IPv6 half (a hand-built CompiledOs): the packet passes unchanged and the result
 * says it depends on ip6tables (uncertain), never silently.
 */
function ipv6Passes(pkt: Packet, kind: 'local' | 'forward', outIf: number): OsResult {
  return {
    kind,
    packet: pkt,
    outIf: kind === 'forward' ? outIf : undefined,
    hops: [],
    dependsOn: ['ip6tables / IPv6 routing in the instance OS (not modelled: IPv6 passes unfiltered)'],
  };
}
