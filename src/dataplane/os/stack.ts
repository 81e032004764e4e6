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
import type { Packet } from '../packet.js';
import { routeFor, type CompiledOs } from './compile.js';
import type { OsRouteEntry } from './types.js';
import { Conntrack } from './conntrack.js';
import { dnatStage, filterStage, snatStage } from './netfilter-stages.js';
import { drop, hop, newWalk, result, start, type OsResult, type Walk } from './walk.js';

export type { OsResult } from './walk.js';

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
    const w0 = newWalk(os, ct, pkt, record);
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
    if (record) localHop(w, os, localIf, dst);
    return deliverLocal(w, inIf);
  }
  if (os.forwarding[inIf] !== true) {
    const inName = os.ifaces[inIf]?.name ?? `if${inIf}`;
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
  if (record) forwardHop(w, os, inIf, route);
  if (!filterStage(w, 'FORWARD', inIf, route.outIf)) return drop(w);
  snatStage(w, 'POSTROUTING', inIf, route.outIf);
  if (w.entry && w.isNew) w.ct.confirm(w.entry);
  return result(w, 'forward', { outIf: route.outIf, nextHop: route.via ?? w.p.dst });
}

/** The hop of a packet addressed to the instance itself (built only when the walk records). */
function localHop(w: Walk, os: CompiledOs, localIf: number | undefined, dst: Addr): void {
  const name = localIf !== undefined ? (os.ifaces[localIf]?.name ?? 'lo') : 'lo';
  hop(w, 'os', 'deliver', `local delivery: ${formatAddr(dst)} is an address of ${name}`, w.p, {
    detail:
      localIf !== undefined && (os.ifaces[localIf]?.addresses[0] ?? dst) !== dst
        ? 'a secondary private IP is an address of the instance like the primary one; the instance itself answers'
        : 'addressed to the instance itself',
  });
}

/** The hop of a forwarded packet (NATI-3; built only when the walk records). */
function forwardHop(w: Walk, os: CompiledOs, inIf: number, route: OsRouteEntry): void {
  const outName = os.ifaces[route.outIf]?.name ?? `if${route.outIf}`;
  const redirect = route.outIf === inIf && os.sendRedirects[inIf] === true;
  hop(
    w,
    'os',
    'forward',
    `${os.family === 6 ? 'net.ipv6.conf.all.forwarding=1' : 'ip_forward=1'}, route ${route.text}`,
    w.p,
    {
      detail: `forwarded out of ${outName}${redirect ? ' (the same interface it came in on: with send_redirects=1 Linux also sends the sender an ICMP redirect, which does not stop forwarding)' : ''}`,
      refs: ['NATI-3'],
    },
  );
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
