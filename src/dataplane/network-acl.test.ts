/**
 * Network ACLs on the per-packet path (issue 19): the flat rule index must decide exactly as the rules read one by
 * one, lowest number first, do (NACL-2: first match wins, the `*` rules deny the rest; NACL-3: inbound matches the
 * source, outbound the destination; V6-8: a rule matches only packets of its CIDR's family, each family has its own
 * `*` deny; V6-9: ICMP and ICMPv6 type/code; NACL-6: TCP/UDP rules match the destination port).
 */
import { describe, expect, it } from 'vitest';
import { mustParseAddr, type Addr } from '../net/addr.js';
import { containsAddr, tryCidr } from '../net/prefix.js';
import type { NetworkAcl, NetworkAclRule, ProtocolNumber } from '../model/network.js';
import type { Packet } from './packet.js';
import { compileNacl, defaultNacl, evaluateNacl } from './network-acl.js';

/** NACL-2 read literally from the model rules: sorted by number, the first whose every field matches decides. */
function reference(rules: readonly NetworkAclRule[], inbound: boolean, p: Packet): string {
  const peer = inbound ? p.src : p.dst;
  for (const r of [...rules].sort((a, b) => a.number - b.number)) {
    const prefix = tryCidr(r.cidr);
    if (!prefix || !containsAddr(prefix, peer)) continue;
    if (r.protocol !== -1) {
      if (r.protocol !== p.proto) continue;
      if (
        (p.proto === 6 || p.proto === 17) &&
        r.ports &&
        (p.dstPort < r.ports.from || p.dstPort > r.ports.to)
      )
        continue;
      if ((p.proto === 1 || p.proto === 58) && r.icmp) {
        if (r.icmp.type !== -1 && r.icmp.type !== p.icmpType) continue;
        if (r.icmp.code !== -1 && r.icmp.code !== p.icmpCode) continue;
      }
    }
    return `${r.number} ${r.action}`;
  }
  return `* deny ${typeof peer === 'number' ? 'v4' : 'v6'}`;
}

function decided(acl: NetworkAcl, inbound: boolean, p: Packet): string {
  const r = evaluateNacl(compileNacl(acl, tryCidr), inbound, p);
  if (r.number === 32767) return `* deny ${r.prefix?.family === 4 ? 'v4' : 'v6'}`;
  return `${r.number} ${r.allow ? 'allow' : 'deny'}`;
}

const pkt = (proto: number, src: Addr, dst: Addr, dstPort = 443, icmpType = -1, icmpCode = -1): Packet => ({
  proto,
  src,
  dst,
  srcPort: 40000,
  dstPort,
  icmpType,
  icmpCode,
});

const acl = (inbound: NetworkAclRule[], outbound: NetworkAclRule[] = []): NetworkAcl => ({
  id: 'acl-1',
  vpc: 'vpc-1',
  inbound,
  outbound,
});

describe('network ACL flat index (NACL-2, NACL-3, V6-8, V6-9)', () => {
  it('first match by number, not by position in the input', () => {
    const a = acl([
      { number: 200, protocol: 6, ports: { from: 443, to: 443 }, cidr: '0.0.0.0/0', action: 'allow' },
      { number: 100, protocol: 6, ports: { from: 443, to: 443 }, cidr: '10.0.0.0/8', action: 'deny' },
    ]);
    const ten = mustParseAddr('10.1.2.3');
    const other = mustParseAddr('192.0.2.1');
    const me = mustParseAddr('10.0.0.10');
    expect(decided(a, true, pkt(6, ten, me))).toBe('100 deny');
    expect(decided(a, true, pkt(6, other, me))).toBe('200 allow');
    expect(decided(a, true, pkt(6, other, me, 80))).toBe('* deny v4');
    // Outbound matches the destination (NACL-3): no outbound rule, so the IPv4 `*` deny.
    expect(decided(a, false, pkt(6, me, other))).toBe('* deny v4');
  });

  it('an IPv4 rule never matches IPv6 and the IPv6 `*` deny decides (V6-8)', () => {
    const a = acl([{ number: 100, protocol: -1, cidr: '0.0.0.0/0', action: 'allow' }]);
    const v6 = mustParseAddr('2001:db8::1');
    expect(decided(a, true, pkt(6, v6, mustParseAddr('2001:db8::2')))).toBe('* deny v6');
    const d = defaultNacl('acl-default');
    expect(evaluateNacl(d, true, pkt(6, v6, mustParseAddr('2001:db8::2'))).text).toBe('* All All ::/0 DENY');
    expect(evaluateNacl(d, true, pkt(6, mustParseAddr('192.0.2.1'), mustParseAddr('10.0.0.1'))).allow).toBe(
      true,
    );
  });

  it('agrees with the rules read one by one on random ACLs and packets', () => {
    let seed = 19;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n; // the high bits: an LCG's low bits repeat with a short period
    };
    const v4 = [
      '0.0.0.0/0',
      '10.0.0.0/8',
      '10.1.0.0/16',
      '10.1.2.0/24',
      '192.0.2.7/32',
      '10.1.2.9/30',
      'bad',
    ];
    const v6 = ['::/0', '2001:db8::/32', '2001:db8:1::/48', '2001:db8::1/128'];
    const protos: ProtocolNumber[] = [-1, 6, 17, 1, 58, 50];
    const addrs = [
      '10.1.2.3',
      '10.1.2.9',
      '10.9.9.9',
      '192.0.2.7',
      '198.51.100.1',
      '2001:db8::1',
      '2001:db8:1::5',
      '2001:db9::1',
    ].map(mustParseAddr);
    for (let t = 0; t < 400; t++) {
      const rules: NetworkAclRule[] = [];
      const used = new Set<number>();
      for (let k = rnd(8); k > 0; k--) {
        let number = 1 + rnd(300);
        while (used.has(number)) number++;
        used.add(number);
        const protocol = protos[rnd(protos.length)] as ProtocolNumber;
        const from = rnd(3) === 0 ? 0 : ([22, 80, 443, 1024][rnd(4)] as number);
        const to = from + [0, 100, 65535 - from][rnd(3)]!;
        rules.push({
          number,
          protocol,
          ports: protocol === 6 || protocol === 17 ? (rnd(4) === 0 ? undefined : { from, to }) : undefined,
          icmp:
            protocol === 1 || protocol === 58
              ? { type: [-1, 0, 8][rnd(3)]!, code: [-1, 0][rnd(2)]! }
              : undefined,
          cidr: (rnd(3) === 0 ? v6[rnd(v6.length)] : v4[rnd(v4.length)]) as string,
          action: rnd(2) === 0 ? 'allow' : 'deny',
        });
      }
      const a = acl(rules, rules);
      for (let q = 0; q < 10; q++) {
        const peer = addrs[rnd(addrs.length)] as Addr;
        const local = typeof peer === 'number' ? mustParseAddr('10.0.0.10') : mustParseAddr('2001:db8::10');
        const proto = [6, 17, 1, 58, 50][rnd(5)] as number;
        const p = pkt(
          proto,
          peer,
          local,
          [21, 22, 23, 79, 80, 81, 443, 444, 1023, 1024, 1025, 1124, 1125][rnd(13)],
          [0, 8, 3][rnd(3)],
          [0, 1][rnd(2)],
        );
        expect(decided(a, true, p)).toBe(reference(rules, true, p));
        const out = pkt(proto, local, peer, p.dstPort, p.icmpType, p.icmpCode);
        expect(decided(a, false, out)).toBe(reference(rules, false, out));
      }
    }
  });
});
