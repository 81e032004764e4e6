/**
 * Security groups on the per-packet path (issue 19): the flat rule index must decide exactly as the rules read one
 * by one do (SG-1: any rule of any group allows; SG-6: a reference matches the private IPs of the group's ENIs;
 * SG-7: without the sender's identity a reference does not match, and is reported as lost; V6-7: a rule matches only
 * packets of its CIDR's family — `0.0.0.0/0` never an IPv6 peer, `::/0` never an IPv4 one; V6-9: ICMPv6 selectors).
 */
import { describe, expect, it } from 'vitest';
import { mustParseAddr, type Addr } from '../net/addr.js';
import { containsAddr, mustParseCidr, prefix4, type Prefix } from '../net/prefix.js';
import type { SecurityGroup, SecurityGroupRule } from '../model/network.js';
import type { CSecurityGroup, CSgRule } from './compiled.js';
import type { Packet } from './packet.js';
import { compileSecurityGroup, evaluateSecurityGroups, type SgDecision } from './security-group.js';

/** The rules read one by one, in order: the reference the index is checked against. */
function reference(
  sgs: readonly CSecurityGroup[],
  inbound: boolean,
  p: Packet,
  identity: boolean,
): SgDecision {
  const peer = inbound ? p.src : p.dst;
  const ports = (r: CSgRule): boolean => {
    if (r.proto === -1) return true;
    if (r.proto !== p.proto) return false;
    if (p.proto === 6 || p.proto === 17) return p.dstPort >= r.fromPort && p.dstPort <= r.toPort;
    if (p.proto === 1 || p.proto === 58)
      return (
        (r.icmpType === -1 || r.icmpType === p.icmpType) && (r.icmpCode === -1 || r.icmpCode === p.icmpCode)
      );
    return true;
  };
  let lost: CSgRule | undefined;
  for (const sg of sgs)
    for (const r of inbound ? sg.inbound : sg.outbound) {
      if (!ports(r)) continue;
      if (r.refIps) {
        if (r.refIps.has(peer)) {
          if (identity) return { allowed: true, rule: r };
          lost ??= r;
        }
        continue;
      }
      if (r.prefixes.some((pre) => containsAddr(pre, peer))) return { allowed: true, rule: r };
    }
  return { allowed: false, lostReference: lost };
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADDRS: readonly Addr[] = [
  0x0a000001,
  0x0a000102,
  0x0a010203,
  0xc0a80001,
  0x08080808,
  0xcb007132,
  mustParseAddr('2001:db8::1'),
  mustParseAddr('2001:db8:0:1::5'),
  mustParseAddr('2600::1'),
];
const PROTOS: readonly number[] = [-1, 6, 17, 1, 58, 50];

function randomRule(r: () => number): SecurityGroupRule {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const protocol = pick(PROTOS);
  const from = Math.floor(r() * 2000);
  const peerKind = r();
  return {
    protocol,
    ports:
      (protocol === 6 || protocol === 17) && r() < 0.8
        ? { from, to: from + Math.floor(r() * 500) }
        : undefined,
    icmp:
      (protocol === 1 || protocol === 58) && r() < 0.7
        ? { type: pick([0, 3, 8]), code: pick([-1, 0, 1]) }
        : undefined,
    peer:
      peerKind < 0.6
        ? {
            kind: 'cidr',
            cidr:
              r() < 0.7
                ? `${pick(['10.0.0.0', '10.0.1.0', '192.168.0.0', '0.0.0.0', '8.8.8.8'])}/${pick([0, 8, 16, 24, 32])}`
                : pick(['::/0', '2001:db8::/32', '2001:db8:0:1::/64', '2600::1/128']),
          }
        : peerKind < 0.8
          ? { kind: 'security-group', group: pick(['sg-ref', 'sg-none']) }
          : { kind: 'prefix-list', prefixList: pick(['pl-two', 'pl-missing']) },
  };
}

describe('security-group rule index', () => {
  it('decides as the rules read one by one, on 3,000 random IPv4 and IPv6 packets over random groups (SG-1, SG-6, SG-7, V6-7, V6-9)', () => {
    const r = rng(19);
    const pl: Prefix[] = [prefix4(0x0a000000, 16), prefix4(0xc0a80000, 16), mustParseCidr('2001:db8::/48')];
    const res = {
      groupIps: (id: string) =>
        id === 'sg-ref' ? new Set<Addr>([0x0a000102, 0xc0a80001, mustParseAddr('2001:db8::1')]) : undefined,
      prefixList: (id: string) => (id === 'pl-two' ? pl : undefined),
      parseCidr: (t: string) => mustParseCidr(t),
    };
    const groups = Array.from({ length: 6 }, (_, g) => {
      const sg: SecurityGroup = {
        id: `sg-${g}`,
        vpc: 'vpc',
        inbound: Array.from({ length: Math.floor(r() * 8) }, () => randomRule(r)),
        outbound: Array.from({ length: Math.floor(r() * 8) }, () => randomRule(r)),
      };
      return compileSecurityGroup(sg, res);
    });
    let allowed = 0;
    for (let k = 0; k < 3000; k++) {
      const sgs = groups.filter(() => r() < 0.4);
      const proto = [6, 17, 1, 58, 50][Math.floor(r() * 5)] as number;
      const p: Packet = {
        proto,
        src: ADDRS[Math.floor(r() * ADDRS.length)] as Addr,
        dst: ADDRS[Math.floor(r() * ADDRS.length)] as Addr,
        srcPort: 40000,
        dstPort: proto === 6 || proto === 17 ? Math.floor(r() * 2600) : 0,
        icmpType: proto === 1 || proto === 58 ? (([0, 3, 8] as const)[Math.floor(r() * 3)] ?? 8) : 0,
        icmpCode: proto === 1 || proto === 58 ? Math.floor(r() * 2) : 0,
      };
      const inbound = r() < 0.5;
      const identity = r() < 0.7;
      const got = evaluateSecurityGroups(sgs, inbound, p, identity);
      expect(got).toEqual(reference(sgs, inbound, p, identity));
      if (got.allowed) allowed++;
    }
    // Both answers occur often enough for the comparison to mean something.
    expect(allowed).toBeGreaterThan(300);
    expect(allowed).toBeLessThan(2700);
  });
});
