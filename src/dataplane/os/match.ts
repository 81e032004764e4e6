/**
 * One iptables/ip6tables match compiled into a predicate over the packet and its context: addresses by mask (IPv4)
 * or prefix containment (IPv6), protocol, interfaces (with `+` wildcards), ports (TCP/UDP/SCTP only, negated or
 * not), conntrack state bits, ICMP / ICMPv6 type and code. A match that cannot be evaluated returns the reason.
 */
import type { NetfilterMatch } from '../../model/os.js';
import { parseAddr, type Addr } from '../../net/addr.js';
import { containsAddr, mask4, tryCidr, tryCidr4 } from '../../net/prefix.js';
import type { Packet } from '../packet.js';
import {
  CT_DNAT,
  CT_ESTABLISHED,
  CT_INVALID,
  CT_NEW,
  CT_RELATED,
  CT_SNAT,
  CT_UNTRACKED,
} from './conntrack.js';
import type { Matcher, OsInterface } from './types.js';

const STATE_BITS: Readonly<Record<string, number>> = {
  NEW: CT_NEW,
  ESTABLISHED: CT_ESTABLISHED,
  RELATED: CT_RELATED,
  INVALID: CT_INVALID,
  UNTRACKED: CT_UNTRACKED,
  SNAT: CT_SNAT,
  DNAT: CT_DNAT,
};

function ifaceMask(ifaces: readonly OsInterface[], name: string): boolean[] {
  const wildcard = name.endsWith('+');
  const stem = wildcard ? name.slice(0, -1) : name;
  return ifaces.map((i) => (wildcard ? i.name.startsWith(stem) : i.name === name));
}

function portsMatcher(ranges: readonly (readonly [number, number])[]): (port: number) => boolean {
  if (ranges.length === 1) {
    const [lo, hi] = ranges[0] as readonly [number, number];
    return (port) => port >= lo && port <= hi;
  }
  const flat = ranges.flat();
  return (port) => {
    for (let k = 0; k < flat.length; k += 2)
      if (port >= (flat[k] as number) && port <= (flat[k + 1] as number)) return true;
    return false;
  };
}

function hasPortsProto(p: Packet): boolean {
  return p.proto === 6 || p.proto === 17 || p.proto === 132;
}

/** An address match: IPv4 by mask arithmetic (as before IPv6 existed), IPv6 by prefix containment. */
function addressMatcher(
  m: NetfilterMatch & { kind: 'source' | 'destination' },
  family: 4 | 6,
): Matcher | string {
  const opt = m.kind === 'source' ? '-s' : '-d';
  if (family === 6) {
    const pre = tryCidr(m.cidr.includes('/') ? m.cidr : `${m.cidr}/128`);
    if (!pre || pre.family !== 6) return `${opt} ${m.cidr} (not an IPv6 address)`;
    return m.kind === 'source' ? (p) => containsAddr(pre, p.src) : (p) => containsAddr(pre, p.dst);
  }
  const pre = tryCidr4(m.cidr.includes('/') ? m.cidr : `${m.cidr}/32`);
  if (!pre) return `${opt} ${m.cidr} (not an IPv4 address)`;
  const mk = mask4(pre.len);
  const base = pre.base;
  return m.kind === 'source'
    ? (p) => typeof p.src === 'number' && (p.src & mk) >>> 0 === base
    : (p) => typeof p.dst === 'number' && (p.dst & mk) >>> 0 === base;
}

/** One match → a predicate, or a string saying why it cannot be evaluated. */
export function compileMatch(
  m: NetfilterMatch,
  ifaces: readonly OsInterface[],
  family: 4 | 6,
): Matcher | string {
  const neg = m.negate;
  const wrap = (f: Matcher): Matcher => (neg ? (p, c) => !f(p, c) : f);
  switch (m.kind) {
    case 'source':
    case 'destination': {
      const f = addressMatcher(m, family);
      return typeof f === 'string' ? f : wrap(f);
    }
    case 'protocol': {
      const n = m.protocol;
      return wrap((p) => p.proto === n);
    }
    case 'in-interface': {
      const set = ifaceMask(ifaces, m.name);
      return wrap((_p, c) => c.inIf >= 0 && set[c.inIf] === true);
    }
    case 'out-interface': {
      const set = ifaceMask(ifaces, m.name);
      return wrap((_p, c) => c.outIf >= 0 && set[c.outIf] === true);
    }
    case 'source-port': {
      const f = portsMatcher(m.ports);
      // a port match only ever matches TCP/UDP packets, negated or not (the -p tcp is part of the match)
      return neg ? (p) => hasPortsProto(p) && !f(p.srcPort) : (p) => hasPortsProto(p) && f(p.srcPort);
    }
    case 'destination-port': {
      const f = portsMatcher(m.ports);
      return neg ? (p) => hasPortsProto(p) && !f(p.dstPort) : (p) => hasPortsProto(p) && f(p.dstPort);
    }
    case 'port': {
      const f = portsMatcher(m.ports);
      return neg
        ? (p) => hasPortsProto(p) && !(f(p.srcPort) || f(p.dstPort))
        : (p) => hasPortsProto(p) && (f(p.srcPort) || f(p.dstPort));
    }
    case 'ctstate': {
      let bits = 0;
      for (const s of m.states) bits |= STATE_BITS[s] ?? 0;
      return wrap((_p, c) => (c.state & bits) !== 0);
    }
    case 'icmp-type': {
      // iptables --icmp-type is ICMP (1); ip6tables --icmpv6-type is ICMPv6 (58).
      const proto = family === 6 ? 58 : 1;
      const t = m.type;
      const code = m.code;
      const f: Matcher =
        code === undefined
          ? (p) => p.proto === proto && p.icmpType === t
          : (p) => p.proto === proto && p.icmpType === t && p.icmpCode === code;
      return neg ? (p, c) => p.proto === proto && !f(p, c) : f;
    }
  }
}

/** An address of the given family, or null. */
export function addressOf(text: string, family: 4 | 6): Addr | null {
  const r = parseAddr(text);
  return r.ok && (typeof r.value === 'number' ? 4 : 6) === family ? r.value : null;
}
