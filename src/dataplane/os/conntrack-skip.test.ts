/**
 * A stack without a filter or nat chain skips connection tracking (walk.ts `start`, issue 18/19): these tests pin
 * that the skip changes no answer and never applies where something reads the state — a NAT binding kept for
 * later packets and replies (NATI-5), `--ctstate` / `-m state` matches, the state text of netfilter hops, and the
 * other family's half of a dual-stack box. Expected values are derived by hand from the kernel's rules (NATI-3,
 * NATI-5): each would differ if conntrack were skipped for that stack.
 */
import { describe, expect, it } from 'vitest';
import { parseOsConfig } from '../../formats/iptables/index.js';
import { compileOs, Conntrack, osReceive, type CompiledOs, type OsInterface } from './index.js';
import { formatAddr, mustParseAddr as ip } from '../../net/addr.js';
import { mustParseCidr, type Prefix6 } from '../../net/prefix.js';
import { replyOf, type Packet } from '../packet.js';

/** eth0 10.0.0.10 + 2001:db8:0:1::10, eth1 10.0.1.10 + 2001:db8:0:2::10. */
const IFACES: OsInterface[] = [
  {
    name: 'eth0',
    addresses: [ip('10.0.0.10')],
    subnet: mustParseCidr('10.0.0.0/24'),
    addresses6: [ip('2001:db8:0:1::10') as bigint],
    subnet6: mustParseCidr('2001:db8:0:1::/64') as Prefix6,
  },
  {
    name: 'eth1',
    addresses: [ip('10.0.1.10')],
    subnet: mustParseCidr('10.0.1.0/24'),
    addresses6: [ip('2001:db8:0:2::10') as bigint],
    subnet6: mustParseCidr('2001:db8:0:2::/64') as Prefix6,
  },
];
const FWD = 'sysctl -w net.ipv4.ip_forward=1\nsysctl -w net.ipv6.conf.all.forwarding=1';

function box(lines: string[]): CompiledOs {
  const { os, diagnostics } = parseOsConfig([FWD, ...lines].join('\n'), { file: 'os.sh', kind: 'commands' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compileOs('box', os, IFACES);
}
const pk = (proto: number, src: string, sport: number, dst: string, dport: number, icmpType = 0): Packet => ({
  proto,
  src: ip(src),
  dst: ip(dst),
  srcPort: sport,
  dstPort: dport,
  icmpType,
  icmpCode: 0,
});
const ends = (p: Packet): string => `${formatAddr(p.src)}:${p.srcPort} → ${formatAddr(p.dst)}:${p.dstPort}`;

describe('conntrack is skipped only where nothing reads it', () => {
  it('no filter or nat chain: a request and its reply are forwarded as by a stack with an empty filter chain', () => {
    const bare = box([]);
    const empty = box(['iptables -P FORWARD ACCEPT']); // a filter chain: conntrack runs
    expect(bare.chains.filter.size + bare.chains.nat.size).toBe(0);
    for (const os of [bare, empty]) {
      const ct = new Conntrack();
      const out = osReceive(os, ct, 1, pk(6, '10.0.1.5', 1111, '198.51.100.7', 443));
      expect(out.kind).toBe('forward');
      expect(out.outIf).toBe(0);
      expect(ends(out.packet)).toBe('10.0.1.5:1111 → 198.51.100.7:443');
      // NATI-3: the forward hop only (an ACCEPT policy with no rule examined adds no netfilter hop)
      expect(out.hops.map((h) => [h.kind, h.action, h.rule])).toEqual([
        ['os', 'forward', 'ip_forward=1, route default via 10.0.0.1 dev eth0'],
      ]);
      const back = osReceive(os, ct, 0, replyOf(out.packet));
      expect(back.kind).toBe('forward');
      expect(back.outIf).toBe(1);
      expect(ends(back.packet)).toBe('198.51.100.7:443 → 10.0.1.5:1111');
      expect(back.hops.map((h) => h.kind)).toEqual(['os']);
    }
  });

  it('a filter chain alone: netfilter hops say the connection state (NEW, then ESTABLISHED for the reply)', () => {
    const os = box([
      'iptables -A FORWARD -p tcp --dport 443 -j ACCEPT',
      'iptables -A FORWARD -p tcp --sport 443 -j ACCEPT',
    ]);
    const ct = new Conntrack();
    const out = osReceive(os, ct, 1, pk(6, '10.0.1.5', 1111, '198.51.100.7', 443));
    expect(out.hops.at(-1)?.state).toBe(
      'conntrack: NEW tcp 10.0.1.5:1111 → 198.51.100.7:443; replies expected as tcp 198.51.100.7:443 → 10.0.1.5:1111',
    );
    const back = osReceive(os, ct, 0, replyOf(out.packet));
    expect(back.hops.at(-1)?.state).toBe(
      'conntrack: ESTABLISHED, reply of tcp 10.0.1.5:1111 → 198.51.100.7:443',
    );
  });

  it('a filter chain alone: --ctstate INVALID drops an unsolicited echo reply, not the reply of a request', () => {
    const os = box(['iptables -A FORWARD -m conntrack --ctstate INVALID -j DROP']);
    const ct = new Conntrack();
    const cold = osReceive(os, ct, 0, pk(1, '198.51.100.7', 9, '10.0.1.5', 0, 0));
    expect(cold.kind).toBe('drop');
    expect(cold.code).toBe('IPTABLES_RULE_DROP');
    const req = osReceive(os, ct, 1, pk(1, '10.0.1.5', 9, '198.51.100.7', 0, 8));
    expect(req.kind).toBe('forward');
    const back = osReceive(os, ct, 0, replyOf(req.packet));
    expect(back.kind).toBe('forward');
  });

  it('a nat chain alone: a later packet keeps the binding and the reply is translated back (NATI-5)', () => {
    const os = box(['iptables -t nat -A POSTROUTING -o eth0 -j SNAT --to-source 10.0.0.10']);
    const ct = new Conntrack();
    const first = osReceive(os, ct, 1, pk(17, '10.0.1.5', 3000, '198.51.100.7', 53));
    expect(ends(first.packet)).toBe('10.0.0.10:3000 → 198.51.100.7:53');
    const again = osReceive(os, ct, 1, pk(17, '10.0.1.5', 3000, '198.51.100.7', 53));
    expect(ends(again.packet)).toBe('10.0.0.10:3000 → 198.51.100.7:53');
    expect(again.hops.at(-1)?.refs).toEqual(['NATI-5']);
    const back = osReceive(os, ct, 0, replyOf(first.packet));
    expect(ends(back.packet)).toBe('198.51.100.7:53 → 10.0.1.5:3000');
    expect(back.outIf).toBe(1);
  });

  it('dual stack: the IPv4 half without chains skips, the IPv6 half with a nat chain still translates the reply back', () => {
    const os = box(['ip6tables -t nat -A POSTROUTING -o eth0 -j MASQUERADE']);
    expect(os.chains.nat.size + os.chains.filter.size).toBe(0);
    const ct = new Conntrack();
    const v4 = osReceive(os, ct, 1, pk(6, '10.0.1.5', 1111, '198.51.100.7', 443));
    expect(ends(v4.packet)).toBe('10.0.1.5:1111 → 198.51.100.7:443'); // iptables has no nat table: no NAT
    const v6 = osReceive(os, ct, 1, pk(6, '2001:db8:0:2::20', 40000, '2001:db8:ffff::1', 443));
    expect(ends(v6.packet)).toBe('2001:db8:0:1::10:40000 → 2001:db8:ffff::1:443');
    const back = osReceive(os, ct, 0, replyOf(v6.packet));
    expect(back.kind).toBe('forward');
    expect(ends(back.packet)).toBe('2001:db8:ffff::1:443 → 2001:db8:0:2::20:40000');
    expect(back.hops[0]?.refs).toEqual(['NATI-5']);
  });

  it('no filter or nat chain, verdict only: the same decision, code and next hop as the recording walk (NATI-3)', () => {
    const bare = box([]);
    const off = compileOs(
      'box',
      parseOsConfig('sysctl -w net.ipv4.conf.eth1.forwarding=0', { file: 'os.sh', kind: 'commands' }).os,
      IFACES,
    );
    const cases: [CompiledOs, number, Packet, string, string | undefined][] = [
      [bare, 1, pk(6, '10.0.1.5', 1111, '198.51.100.7', 443), 'forward', undefined], // default via 10.0.0.1, eth0
      [bare, 0, pk(6, '198.51.100.7', 443, '10.0.1.10', 22), 'local', undefined], // eth1's address, any interface
      [off, 1, pk(6, '10.0.1.5', 1111, '198.51.100.7', 443), 'drop', 'INSTANCE_IP_FORWARDING_DISABLED'],
    ];
    for (const [os, inIf, p, kind, code] of cases) {
      const full = osReceive(os, new Conntrack(), inIf, p, true);
      const fast = osReceive(os, new Conntrack(), inIf, p, false);
      expect(full.kind).toBe(kind);
      expect(full.code).toBe(code);
      expect([fast.kind, fast.code, fast.outIf, fast.nextHop, fast.packet]).toEqual([
        full.kind,
        full.code,
        full.outIf,
        full.nextHop,
        full.packet,
      ]);
      expect(fast.dropKind).toBe(code === undefined ? undefined : 'os');
      expect(fast.hops).toEqual([]);
    }
  });
});
