/**
 * ip6tables and the IPv6 path through an instance (issue 18; V6-2, NATI-3, NATI-5 for IPv6): `ip6tables`
 * commands and `ip6tables-save` dumps fill the IPv6 tables, separate from iptables; IPv6 forwarding follows
 * `net.ipv6.conf.all.forwarding` (Linux's ip6_forward reads that one switch); filter, NAT66 (MASQUERADE, SNAT,
 * DNAT, REDIRECT) and conntrack work as for IPv4. Expected values are derived by hand from the kernel's rules.
 */
import { describe, expect, it } from 'vitest';
import { parseOsConfig } from '../../formats/iptables/index.js';
import { compileOs, Conntrack, osReceive, osSend, type CompiledOs, type OsInterface } from './index.js';
import { formatAddr, mustParseAddr as ip } from '../../net/addr.js';
import { mustParseCidr, type Prefix6 } from '../../net/prefix.js';
import { replyOf, type Packet } from '../packet.js';

/** A dual-stack box: eth0 10.0.0.10 + 2001:db8:0:1::10 (and ::11), eth1 10.0.1.10 + 2001:db8:0:2::10. */
const IFACES: OsInterface[] = [
  {
    name: 'eth0',
    addresses: [ip('10.0.0.10')],
    subnet: mustParseCidr('10.0.0.0/24'),
    addresses6: [ip('2001:db8:0:1::10') as bigint, ip('2001:db8:0:1::11') as bigint],
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

function box(text: string, kind: 'commands' | 'ip6tables-save' = 'commands'): CompiledOs {
  const { os, diagnostics } = parseOsConfig(text, { file: 'os.sh', kind });
  expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  return compileOs('box', os, IFACES);
}
const pk = (proto: number, src: string, sport: number, dst: string, dport: number): Packet => ({
  proto,
  src: ip(src),
  dst: ip(dst),
  srcPort: sport,
  dstPort: dport,
  icmpType: proto === 58 ? 128 : 0,
  icmpCode: 0,
});
const ends = (p: Packet): string => `${formatAddr(p.src)}:${p.srcPort} → ${formatAddr(p.dst)}:${p.dstPort}`;

const FWD6 = 'sysctl -w net.ipv6.conf.all.forwarding=1';

describe('IPv6 forwarding switch (NATI-3 for IPv6)', () => {
  it('net.ipv4.ip_forward=1 alone does not forward IPv6: dropped with net.ipv6.conf.all.forwarding=0', () => {
    const os = box('sysctl -w net.ipv4.ip_forward=1');
    const r = osReceive(os, new Conntrack(), 1, pk(17, '2001:db8:0:2::20', 5000, '2001:db8:ffff::1', 53));
    expect(r.kind).toBe('drop');
    expect(r.code).toBe('INSTANCE_IP_FORWARDING_DISABLED');
    expect(r.hops.map((h) => h.rule)).toEqual(['net.ipv6.conf.all.forwarding=0']);
    // IPv4 is forwarded by the same box.
    expect(osReceive(os, new Conntrack(), 1, pk(17, '10.0.1.20', 5000, '198.51.100.1', 53)).kind).toBe(
      'forward',
    );
  });

  it('with net.ipv6.conf.all.forwarding=1 an IPv6 packet is routed by the IPv6 table: default via the /64 router', () => {
    const os = box(FWD6);
    const r = osReceive(os, new Conntrack(), 1, pk(17, '2001:db8:0:2::20', 5000, '2001:db8:ffff::1', 53));
    expect(r.kind).toBe('forward');
    expect(r.outIf).toBe(0);
    // V6-1: the subnet router is ::1 of the /64.
    expect(r.nextHop).toBe(ip('2001:db8:0:1::1'));
    expect(r.hops.map((h) => h.rule)).toEqual([
      'net.ipv6.conf.all.forwarding=1, route default via 2001:db8:0:1::1 dev eth0',
    ]);
    expect(r.dependsOn).toBeUndefined();
  });

  it('every IPv6 address of the box is local: delivered, not forwarded', () => {
    const os = box('');
    const r = osReceive(os, new Conntrack(), 0, pk(6, '2001:db8:0:1::20', 40000, '2001:db8:0:1::11', 22));
    expect(r.kind).toBe('local');
  });
});

describe('ip6tables filter: a separate rule set from iptables', () => {
  const os = box(
    [
      FWD6,
      'sysctl -w net.ipv4.ip_forward=1',
      'iptables -A FORWARD -p udp --dport 53 -j DROP',
      'ip6tables -A FORWARD -s 2001:db8:0:2::/64 -p tcp --dport 22 -j DROP',
      'ip6tables -A FORWARD -p ipv6-icmp --icmpv6-type echo-request -j REJECT',
    ].join('\n'),
  );

  it('the iptables udp/53 rule does not touch IPv6; the ip6tables tcp/22 rule does not touch IPv4', () => {
    expect(
      osReceive(os, new Conntrack(), 1, pk(17, '2001:db8:0:2::20', 5000, '2001:db8:ffff::1', 53)).kind,
    ).toBe('forward');
    const v4 = osReceive(os, new Conntrack(), 1, pk(17, '10.0.1.20', 5000, '198.51.100.1', 53));
    expect(v4.code).toBe('IPTABLES_RULE_DROP');
    expect(osReceive(os, new Conntrack(), 1, pk(6, '10.0.1.20', 40000, '198.51.100.1', 22)).kind).toBe(
      'forward',
    );
  });

  it('ip6tables -s 2001:db8:0:2::/64 --dport 22 drops IPv6 ssh from that /64 only', () => {
    const r = osReceive(os, new Conntrack(), 1, pk(6, '2001:db8:0:2::20', 40000, '2001:db8:ffff::1', 22));
    expect(r.kind).toBe('drop');
    expect(r.code).toBe('IPTABLES_RULE_DROP');
    expect(r.hops.at(-1)?.rule).toBe('-t filter -A FORWARD -s 2001:db8:0:2::/64 -p tcp --dport 22 -j DROP');
    expect(
      osReceive(os, new Conntrack(), 0, pk(6, '2001:db8:0:1::20', 40000, '2001:db8:ffff::1', 22)).kind,
    ).toBe('forward');
  });

  it('--icmpv6-type echo-request matches ICMPv6 type 128; REJECT answers with icmp6-port-unreachable', () => {
    const r = osReceive(os, new Conntrack(), 1, pk(58, '2001:db8:0:2::20', 7, '2001:db8:ffff::1', 0));
    expect(r.code).toBe('IPTABLES_RULE_REJECT');
    expect(r.hops.at(-1)?.detail).toBe('rejected: Linux answers the sender with icmp6-port-unreachable');
  });
});

describe('NAT66 and conntrack (NATI-5 for IPv6)', () => {
  it('MASQUERADE takes the first IPv6 address of the outgoing interface; the reply is translated back', () => {
    const os = box([FWD6, 'ip6tables -t nat -A POSTROUTING -o eth0 -j MASQUERADE'].join('\n'));
    const ct = new Conntrack();
    const req = pk(6, '2001:db8:0:2::20', 40000, '2001:db8:ffff::1', 443);
    const out = osReceive(os, ct, 1, req);
    expect(out.kind).toBe('forward');
    // 2001:db8:0:1::10 was added first; port 40000 is free, so it is kept.
    expect(ends(out.packet)).toBe('2001:db8:0:1::10:40000 → 2001:db8:ffff::1:443');
    // eth0 has two IPv6 addresses: the kernel's RFC 6724 choice is named, not hidden.
    expect(out.notes?.join(' ')).toContain(
      'among 2 addresses of the interface; vpcsim shows the first listed',
    );
    const back = osReceive(os, ct, 0, replyOf(out.packet));
    expect(back.kind).toBe('forward');
    expect(back.outIf).toBe(1);
    expect(ends(back.packet)).toBe('2001:db8:ffff::1:443 → 2001:db8:0:2::20:40000');
  });

  it('DNAT --to-destination [addr]:port rewrites the destination; SNAT --to-source an address range', () => {
    const os = box(
      [
        FWD6,
        'ip6tables -t nat -A PREROUTING -d 2001:db8:0:1::11 -p tcp --dport 80 -j DNAT --to-destination [2001:db8:0:2::30]:8080',
        'ip6tables -t nat -A POSTROUTING -o eth1 -j SNAT --to-source 2001:db8:0:2::10',
      ].join('\n'),
    );
    const ct = new Conntrack();
    const out = osReceive(os, ct, 0, pk(6, '2001:db8:ffff::9', 50000, '2001:db8:0:1::11', 80));
    expect(out.kind).toBe('forward');
    expect(out.outIf).toBe(1);
    expect(ends(out.packet)).toBe('2001:db8:0:2::10:50000 → 2001:db8:0:2::30:8080');
    const back = osReceive(os, ct, 1, replyOf(out.packet));
    expect(ends(back.packet)).toBe('2001:db8:0:1::11:80 → 2001:db8:ffff::9:50000');
  });

  it('ctstate ESTABLISHED with a DROP policy: the reply of an outbound IPv6 connection passes, an unsolicited one does not', () => {
    const os = box(
      [
        FWD6,
        'ip6tables -P FORWARD DROP',
        'ip6tables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
        'ip6tables -A FORWARD -i eth1 -j ACCEPT',
      ].join('\n'),
    );
    const ct = new Conntrack();
    const req = pk(17, '2001:db8:0:2::20', 5353, '2001:db8:ffff::1', 53);
    expect(osReceive(os, ct, 1, req).kind).toBe('forward');
    expect(osReceive(os, ct, 0, replyOf(req)).kind).toBe('forward');
    const unsolicited = osReceive(os, ct, 0, pk(17, '2001:db8:ffff::1', 53, '2001:db8:0:2::20', 5354));
    expect(unsolicited.code).toBe('IPTABLES_POLICY_DROP');
    expect(unsolicited.hops.at(-1)?.rule).toBe('ip6tables -t filter -P FORWARD DROP');
  });

  it('an ICMPv6 echo reply matches the request as conntrack pairs them (128 ↔ 129)', () => {
    const os = box(
      [
        FWD6,
        'ip6tables -P FORWARD DROP',
        'ip6tables -A FORWARD -m state --state ESTABLISHED -j ACCEPT',
        'ip6tables -A FORWARD -i eth1 -p icmpv6 -j ACCEPT',
      ].join('\n'),
    );
    const ct = new Conntrack();
    const req = pk(58, '2001:db8:0:2::20', 7, '2001:db8:ffff::1', 0);
    expect(osReceive(os, ct, 1, req).kind).toBe('forward');
    const reply: Packet = { ...replyOf(req), icmpType: 129 };
    expect(osReceive(os, ct, 0, reply).kind).toBe('forward');
  });
});

describe('ip6tables-save and scripts', () => {
  it('an ip6tables-save dump fills the IPv6 tables only', () => {
    const dump = [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD DROP [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      '-A FORWARD -d 2001:db8:ffff::/48 -j ACCEPT',
      'COMMIT',
    ].join('\n');
    const { os, diagnostics } = parseOsConfig(dump, { file: 'rules.v6', kind: 'ip6tables-save' });
    expect(diagnostics).toEqual([]);
    expect(os.netfilter.tables).toEqual({});
    expect(os.netfilter6?.tables.filter?.chains['FORWARD']?.policy).toBe('DROP');
  });

  it('a user-data script with ip6tables lines and an ip6tables-restore heredoc', () => {
    const script = [
      '#!/bin/bash',
      'sysctl -w net.ipv6.conf.all.forwarding=1',
      'ip6tables -t nat -A POSTROUTING -o eth0 -j MASQUERADE',
      'ip6tables-restore <<EOF',
      '*filter',
      ':FORWARD ACCEPT [0:0]',
      '-A FORWARD -p tcp --dport 25 -j DROP',
      'COMMIT',
      'EOF',
    ].join('\n');
    const { os, diagnostics } = parseOsConfig(script, { file: 'user-data.sh' });
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(os.ipv6Forward).toBe(true);
    expect(os.ipForward).toBe(false);
    expect(os.netfilter6?.tables.nat?.chains['POSTROUTING']?.rules).toHaveLength(1);
    expect(os.netfilter6?.tables.filter?.chains['FORWARD']?.rules[0]?.text).toBe(
      '-t filter -A FORWARD -p tcp --dport 25 -j DROP',
    );
  });

  it('ip6tables refuses an IPv4 address, and iptables an IPv6 one, as the tools do', () => {
    const a = parseOsConfig('ip6tables -A FORWARD -s 10.0.0.0/8 -j DROP', { file: 'x.sh', kind: 'commands' });
    expect(a.diagnostics.map((d) => d.code)).toEqual(['IPTABLES_BAD_ADDRESS']);
    const b = parseOsConfig('iptables -A FORWARD -s 2001:db8::/32 -j DROP', {
      file: 'x.sh',
      kind: 'commands',
    });
    expect(b.diagnostics.map((d) => d.code)).toEqual(['IPTABLES_BAD_ADDRESS']);
  });
});

describe('osSend over IPv6', () => {
  it('a reply the box sends itself leaves by the IPv6 route and passes ip6tables OUTPUT', () => {
    const os = box('ip6tables -A OUTPUT -p udp --sport 53 -j DROP');
    const r = osSend(os, new Conntrack(), pk(17, '2001:db8:0:1::10', 53, '2001:db8:ffff::1', 5000));
    expect(r.kind).toBe('drop');
    expect(r.code).toBe('IPTABLES_RULE_DROP');
    const ok = osSend(os, new Conntrack(), pk(17, '2001:db8:0:1::10', 54, '2001:db8:ffff::1', 5000));
    expect(ok.kind).toBe('forward');
    expect(ok.nextHop).toBe(ip('2001:db8:0:1::1'));
  });
});
