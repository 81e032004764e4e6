/**
 * osReceive / osSend: the Linux path through a NAT instance, behaviour by behaviour, with expected values derived
 * by hand from the kernel's rules (netfilter hook order, nat only for a connection's first packet, conntrack
 * reverse translation, get_unique_tuple, local delivery for every own address) and from scenarios S1 and S4.
 */
import { describe, expect, it } from 'vitest';
import { parseOsConfig } from '../../formats/iptables/index.js';
import { compileOs, Conntrack, osReceive, osSend, type CompiledOs, type OsInterface } from './index.js';
import { mustParseIpv4 as ip } from '../../net/ipv4.js';
import { formatAddr } from '../../net/addr.js';
import { prefix4 } from '../../net/prefix.js';
import { replyOf, type Packet } from '../packet.js';

function box(
  text: string,
  ifaces: { name: string; addresses: string[]; subnet: string }[],
  id = 'nat',
): CompiledOs {
  const { os, diagnostics } = parseOsConfig(text, { file: 'os.sh', kind: 'commands' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const ifs: OsInterface[] = ifaces.map((i) => {
    const [base, len] = i.subnet.split('/') as [string, string];
    return { name: i.name, addresses: i.addresses.map(ip), subnet: prefix4(ip(base), Number(len)) };
  });
  return compileOs(id, os, ifs);
}
const udp = (src: string, sport: number, dst: string, dport: number): Packet => ({
  proto: 17,
  src: ip(src),
  dst: ip(dst),
  srcPort: sport,
  dstPort: dport,
  icmpType: 0,
  icmpCode: 0,
});
const tcp = (src: string, sport: number, dst: string, dport: number): Packet => ({
  ...udp(src, sport, dst, dport),
  proto: 6,
});
const echo = (src: string, dst: string, id: number): Packet => ({
  proto: 1,
  src: ip(src),
  dst: ip(dst),
  srcPort: id,
  dstPort: 0,
  icmpType: 8,
  icmpCode: 0,
});
const ends = (p: Packet): string => `${formatAddr(p.src)}:${p.srcPort} → ${formatAddr(p.dst)}:${p.dstPort}`;

// ---------------------------------------------------------------- S1
const S1_OS = [
  'sudo sysctl -w net.ipv4.ip_forward=1 | sudo tee -a /etc/sysctl.conf',
  'sudo sysctl -w net.ipv4.conf.eth0.send_redirects=0',
  'sudo /sbin/iptables -t nat -A POSTROUTING -o eth0 -s 10.0.0.0/16 -j MASQUERADE',
].join('\n');
const S1_IF = [{ name: 'eth0', addresses: ['10.0.0.10'], subnet: '10.0.0.0/24' }];

describe('S1: NAT instance (NATI-3, NATI-5)', () => {
  it('flow 1: web → 142.250.196.100 tcp/443 is forwarded and MASQUERADEd to 10.0.0.10, port kept; the reply goes back to web', () => {
    const nat = box(S1_OS, S1_IF);
    const ct = new Conntrack();
    const r = osReceive(nat, ct, 0, tcp('10.0.1.10', 40000, '142.250.196.100', 443));
    expect(r.kind).toBe('forward');
    expect(r.outIf).toBe(0);
    expect(r.nextHop).toBe(ip('10.0.0.1')); // default via the VPC router (subnet base + 1)
    expect(ends(r.packet)).toBe('10.0.0.10:40000 → 142.250.196.100:443');
    expect(r.hops.map((h) => [h.kind, h.action, h.rule])).toEqual([
      ['os', 'forward', 'ip_forward=1, route default via 10.0.0.1 dev eth0'],
      ['netfilter', 'translate', '-t nat -A POSTROUTING -o eth0 -s 10.0.0.0/16 -j MASQUERADE'],
    ]);
    expect(r.hops[1]?.after).toMatchObject({ src: '10.0.0.10', srcPort: 40000 });
    const back = osReceive(nat, ct, 0, replyOf(r.packet));
    expect(back.kind).toBe('forward');
    expect(ends(back.packet)).toBe('142.250.196.100:443 → 10.0.1.10:40000');
    expect(back.hops[0]).toMatchObject({
      kind: 'netfilter',
      action: 'translate',
      after: { dst: '10.0.1.10' },
    });
    expect(back.hops[0]?.state).toContain('ESTABLISHED, reply of tcp 10.0.1.10:40000 → 142.250.196.100:443');
  });

  it('MASQUERADE uses the primary address of the outgoing interface even with secondary IPs', () => {
    const nat = box(S1_OS, [{ name: 'eth0', addresses: ['10.0.0.10', '10.0.0.11'], subnet: '10.0.0.0/24' }]);
    const r = osReceive(nat, new Conntrack(), 0, tcp('10.0.1.10', 40000, '142.250.196.100', 443));
    expect(formatAddr(r.packet.src)).toBe('10.0.0.10');
  });

  it("flow 3: a packet to the instance's own address is delivered locally (INPUT), not forwarded", () => {
    const nat = box(S1_OS, S1_IF);
    const ct = new Conntrack();
    const r = osReceive(nat, ct, 0, tcp('198.51.100.7', 50000, '10.0.0.10', 22));
    expect(r.kind).toBe('local');
    expect(r.hops.map((h) => h.rule)).toEqual(['local delivery: 10.0.0.10 is an address of eth0']);
    // its reply matches -s 10.0.0.0/16 but replies never see the nat table
    const ans = osSend(nat, ct, replyOf(r.packet));
    expect(ans.kind).toBe('forward');
    expect(ends(ans.packet)).toBe('10.0.0.10:22 → 198.51.100.7:50000');
  });

  it('B1.3 ip_forward = 0: dropped with INSTANCE_IP_FORWARDING_DISABLED', () => {
    const nat = box(S1_OS.replace('ip_forward=1', 'ip_forward=0'), S1_IF);
    const ct = new Conntrack();
    const r = osReceive(nat, ct, 0, tcp('10.0.1.10', 40000, '142.250.196.100', 443));
    expect(r).toMatchObject({ kind: 'drop', code: 'INSTANCE_IP_FORWARDING_DISABLED' });
    expect(r.hops).toMatchObject([
      { kind: 'os', action: 'drop', rule: 'net.ipv4.ip_forward=0', refs: ['NATI-3'] },
    ]);
    expect(ct.entries()).toEqual([]); // a dropped first packet leaves no connection behind
  });

  it('an unconfigured instance (os undefined) does not forward', () => {
    const nat = compileOs('x', undefined, [
      { name: 'eth0', addresses: [ip('10.0.0.10')], subnet: prefix4(ip('10.0.0.0'), 24) },
    ]);
    expect(osReceive(nat, new Conntrack(), 0, tcp('10.0.1.10', 1, '8.8.8.8', 53)).code).toBe(
      'INSTANCE_IP_FORWARDING_DISABLED',
    );
  });

  it('B1.4 no MASQUERADE rule: forwarded with the private source unchanged', () => {
    const nat = box(S1_OS.split('\n').slice(0, 2).join('\n'), S1_IF);
    const r = osReceive(nat, new Conntrack(), 0, tcp('10.0.1.10', 40000, '142.250.196.100', 443));
    expect(r.kind).toBe('forward');
    expect(ends(r.packet)).toBe('10.0.1.10:40000 → 142.250.196.100:443');
  });
});

// ---------------------------------------------------------------- S4
const S4_OS = [
  'sysctl -w net.ipv4.ip_forward=1',
  'iptables -t nat -A POSTROUTING -s 10.32.1.157 -j SNAT --to-source 10.33.1.145',
  'iptables -t nat -A PREROUTING  -d 10.33.1.145 -j DNAT --to-destination 10.32.1.157',
  'iptables -t nat -A POSTROUTING -s 10.34.1.125 -j SNAT --to-source 10.33.1.151',
  'iptables -t nat -A PREROUTING  -d 10.33.1.151 -j DNAT --to-destination 10.34.1.125',
].join('\n');
const S4_IF = [
  { name: 'eth0', addresses: ['10.33.1.124', '10.33.1.145', '10.33.1.151'], subnet: '10.33.1.0/24' },
];

describe('S4: two-way 1:1 NAT (DNAT and SNAT on one connection)', () => {
  it('flow 1: a1 → 10.33.1.151 echo is DNATed to b1 and SNATed to 10.33.1.145; the reply comes back from 10.33.1.151', () => {
    const nat = box(S4_OS, S4_IF);
    const ct = new Conntrack();
    const r = osReceive(nat, ct, 0, echo('10.32.1.157', '10.33.1.151', 7));
    expect(r.kind).toBe('forward');
    expect([formatAddr(r.packet.src), formatAddr(r.packet.dst), r.packet.srcPort]).toEqual([
      '10.33.1.145',
      '10.34.1.125',
      7,
    ]);
    expect(r.hops.map((h) => [h.kind, h.action, h.rule])).toEqual([
      ['netfilter', 'translate', '-t nat -A PREROUTING -d 10.33.1.151 -j DNAT --to-destination 10.34.1.125'],
      ['os', 'forward', 'ip_forward=1, route default via 10.33.1.1 dev eth0'],
      ['netfilter', 'translate', '-t nat -A POSTROUTING -s 10.32.1.157 -j SNAT --to-source 10.33.1.145'],
    ]);
    // each netfilter hop shows the packet before and after
    expect(r.hops[0]).toMatchObject({
      packet: { src: '10.32.1.157', dst: '10.33.1.151' },
      after: { src: '10.32.1.157', dst: '10.34.1.125' },
    });
    expect(r.hops[2]).toMatchObject({
      packet: { src: '10.32.1.157', dst: '10.34.1.125' },
      after: { src: '10.33.1.145', dst: '10.34.1.125' },
    });
    const back = osReceive(nat, ct, 0, replyOf(r.packet));
    expect(back.kind).toBe('forward');
    expect([formatAddr(back.packet.src), formatAddr(back.packet.dst), back.packet.icmpType]).toEqual([
      '10.33.1.151',
      '10.32.1.157',
      0,
    ]);
    // reverse of SNAT at PREROUTING, reverse of DNAT at POSTROUTING
    expect(back.hops.filter((h) => h.kind === 'netfilter').map((h) => h.rule)).toEqual([
      '-t nat -A POSTROUTING -s 10.32.1.157 -j SNAT --to-source 10.33.1.145',
      '-t nat -A PREROUTING -d 10.33.1.151 -j DNAT --to-destination 10.34.1.125',
    ]);
  });

  it('flow 2: b1 → 10.33.1.145 echo reaches a1 from 10.33.1.151', () => {
    const r = osReceive(box(S4_OS, S4_IF), new Conntrack(), 0, echo('10.34.1.125', '10.33.1.145', 3));
    expect([formatAddr(r.packet.src), formatAddr(r.packet.dst)]).toEqual(['10.33.1.151', '10.32.1.157']);
  });

  it('flow 3: a1 → 10.33.1.151 udp/5000 arrives at b1 udp/5000 from 10.33.1.145, source port kept', () => {
    const r = osReceive(
      box(S4_OS, S4_IF),
      new Conntrack(),
      0,
      udp('10.32.1.157', 40000, '10.33.1.151', 5000),
    );
    expect(ends(r.packet)).toBe('10.33.1.145:40000 → 10.34.1.125:5000');
  });

  it('the instance answers a ping to its primary address itself (no DNAT rule covers it)', () => {
    const nat = box(S4_OS, S4_IF);
    const ct = new Conntrack();
    const r = osReceive(nat, ct, 0, echo('10.32.1.157', '10.33.1.124', 8));
    expect(r.kind).toBe('local');
    const ans = osSend(nat, ct, replyOf(r.packet));
    expect([ans.kind, formatAddr(ans.packet.src), formatAddr(ans.packet.dst), ans.packet.icmpType]).toEqual([
      'forward',
      '10.33.1.124',
      '10.32.1.157',
      0,
    ]);
  });

  it('a secondary IP without DNAT is an address of the instance: delivered locally, answered from that IP', () => {
    const nat = box('sysctl -w net.ipv4.ip_forward=1', S4_IF);
    const ct = new Conntrack();
    const r = osReceive(nat, ct, 0, echo('10.32.1.157', '10.33.1.145', 8));
    expect(r.kind).toBe('local');
    expect(r.hops[0]?.rule).toBe('local delivery: 10.33.1.145 is an address of eth0');
    expect(formatAddr(osSend(nat, ct, replyOf(r.packet)).packet.src)).toBe('10.33.1.145');
  });

  it('B4.1 ip_forward = 0: flow 1 is dropped inside nat, after the DNAT (the hop shows the translated packet)', () => {
    const r = osReceive(
      box(S4_OS.replace('ip_forward=1', 'ip_forward=0'), S4_IF),
      new Conntrack(),
      0,
      echo('10.32.1.157', '10.33.1.151', 7),
    );
    expect(r.code).toBe('INSTANCE_IP_FORWARDING_DISABLED');
    expect(r.hops[1]).toMatchObject({ kind: 'os', action: 'drop', packet: { dst: '10.34.1.125' } });
  });
});

// ---------------------------------------------------------------- netfilter semantics
const ONE_IF = [{ name: 'eth0', addresses: ['10.0.0.10'], subnet: '10.0.0.0/24' }];

describe('filter table', () => {
  it('a DROP rule in FORWARD: IPTABLES_RULE_DROP naming the rule', () => {
    const r = osReceive(
      box('sysctl -w net.ipv4.ip_forward=1\niptables -A FORWARD -p udp --dport 53 -j DROP', ONE_IF),
      new Conntrack(),
      0,
      udp('10.0.1.5', 1111, '8.8.8.8', 53),
    );
    expect(r).toMatchObject({ kind: 'drop', code: 'IPTABLES_RULE_DROP' });
    expect(r.hops.at(-1)?.rule).toBe('-t filter -A FORWARD -p udp --dport 53 -j DROP');
  });
  it('REJECT: IPTABLES_RULE_REJECT', () => {
    const r = osReceive(
      box('iptables -A INPUT -p tcp --dport 22 -j REJECT', ONE_IF),
      new Conntrack(),
      0,
      tcp('10.0.1.5', 1111, '10.0.0.10', 22),
    );
    expect(r).toMatchObject({ kind: 'drop', code: 'IPTABLES_RULE_REJECT' });
  });
  it('policy DROP with an ESTABLISHED rule: the request passes by its rule, the reply by conntrack state', () => {
    const nat = box(
      [
        'sysctl -w net.ipv4.ip_forward=1',
        'iptables -P FORWARD DROP',
        'iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
        'iptables -A FORWARD -s 10.0.1.0/24 -j ACCEPT',
      ].join('\n'),
      ONE_IF,
    );
    const ct = new Conntrack();
    const out = osReceive(nat, ct, 0, tcp('10.0.1.5', 1111, '1.1.1.1', 443));
    expect(out.kind).toBe('forward');
    expect(out.hops.at(-1)?.rule).toBe('-t filter -A FORWARD -s 10.0.1.0/24 -j ACCEPT');
    const back = osReceive(nat, ct, 0, replyOf(out.packet));
    expect(back.hops.at(-1)?.rule).toBe(
      '-t filter -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    );
    // an unsolicited packet from outside hits the policy
    const cold = osReceive(nat, ct, 0, tcp('1.1.1.1', 443, '10.0.1.5', 2222));
    expect(cold).toMatchObject({ kind: 'drop', code: 'IPTABLES_POLICY_DROP' });
    expect(cold.hops.at(-1)?.rule).toBe('-t filter -P FORWARD DROP');
  });
  it('user chains: -j returns to the caller on RETURN, -g does not', () => {
    const base = [
      'sysctl -w net.ipv4.ip_forward=1',
      'iptables -N CHK',
      'iptables -A CHK -p udp -j RETURN',
      'iptables -A CHK -j ACCEPT',
    ];
    const viaJump = box(
      [...base, 'iptables -A FORWARD -j CHK', 'iptables -A FORWARD -j DROP'].join('\n'),
      ONE_IF,
    );
    // udp: RETURN from CHK → next FORWARD rule → DROP
    expect(osReceive(viaJump, new Conntrack(), 0, udp('10.0.1.5', 1, '1.1.1.1', 53)).code).toBe(
      'IPTABLES_RULE_DROP',
    );
    expect(osReceive(viaJump, new Conntrack(), 0, tcp('10.0.1.5', 1, '1.1.1.1', 53)).kind).toBe('forward');
    const viaGoto = box(
      [...base, 'iptables -A FORWARD -g CHK', 'iptables -A FORWARD -j DROP'].join('\n'),
      ONE_IF,
    );
    // udp: RETURN from a chain entered by -g from a built-in chain → the built-in chain's policy (ACCEPT)
    const g = osReceive(viaGoto, new Conntrack(), 0, udp('10.0.1.5', 1, '1.1.1.1', 53));
    expect(g.kind).toBe('forward');
    expect(g.hops.find((h) => h.kind === 'netfilter')?.rule).toBe('-t filter -P FORWARD ACCEPT');
  });
  it('negation and -o on the routed interface', () => {
    const nat = box(
      'sysctl -w net.ipv4.ip_forward=1\niptables -A FORWARD ! -d 10.0.0.0/8 -o eth0 -j DROP',
      ONE_IF,
    );
    expect(osReceive(nat, new Conntrack(), 0, udp('10.0.1.5', 1, '1.1.1.1', 53)).code).toBe(
      'IPTABLES_RULE_DROP',
    );
    expect(osReceive(nat, new Conntrack(), 0, udp('10.0.1.5', 1, '10.9.0.1', 53)).kind).toBe('forward');
  });
});

describe('nat table and conntrack', () => {
  it("the nat table is consulted only for a connection's first packet: a later packet keeps the first binding", () => {
    const nat = box(
      'sysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -j SNAT --to-source 10.0.0.10',
      ONE_IF,
    );
    const ct = new Conntrack();
    const first = osReceive(nat, ct, 0, udp('10.0.1.5', 3000, '1.1.1.1', 53));
    const second = osReceive(nat, ct, 0, udp('10.0.1.5', 3000, '1.1.1.1', 53));
    expect(ends(second.packet)).toBe(ends(first.packet));
    expect(second.hops.at(-1)).toMatchObject({
      action: 'translate',
      detail: 'later packet of the connection: translated by conntrack like the first one',
    });
  });
  it('SNAT keeps the source port when free and remaps it when the tuple is taken (port class 1024–65535)', () => {
    const nat = box(
      'sysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE',
      ONE_IF,
    );
    const ct = new Conntrack();
    const a = osReceive(nat, ct, 0, udp('10.0.1.5', 40000, '1.1.1.1', 53));
    const b = osReceive(nat, ct, 0, udp('10.0.1.6', 40000, '1.1.1.1', 53));
    expect(a.packet.srcPort).toBe(40000);
    expect(b.packet.srcPort).not.toBe(40000);
    expect(b.packet.srcPort).toBeGreaterThanOrEqual(1024);
    expect(b.notes?.[0]).toContain('chosen by the kernel at random from 1024–65535');
    // the reply to the remapped connection finds its way back to 10.0.1.6
    expect(formatAddr(osReceive(nat, ct, 0, replyOf(b.packet)).packet.dst)).toBe('10.0.1.6');
  });
  it("ICMP echo id plays the port's role: a clashing id is remapped and restored on the reply", () => {
    const nat = box('sysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -j MASQUERADE', ONE_IF);
    const ct = new Conntrack();
    const a = osReceive(nat, ct, 0, echo('10.0.1.5', '1.1.1.1', 9));
    const b = osReceive(nat, ct, 0, echo('10.0.1.6', '1.1.1.1', 9));
    expect(a.packet.srcPort).toBe(9);
    expect(b.packet.srcPort).not.toBe(9);
    const back = osReceive(nat, ct, 0, replyOf(b.packet));
    expect([formatAddr(back.packet.dst), back.packet.srcPort]).toEqual(['10.0.1.6', 9]);
  });
  it("DNAT with a port, and REDIRECT to the receiving interface's primary address", () => {
    const nat = box(
      [
        'sysctl -w net.ipv4.ip_forward=1',
        'iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.1.20:8080',
        'iptables -t nat -A PREROUTING -p tcp --dport 81 -j REDIRECT --to-ports 3128',
      ].join('\n'),
      [{ name: 'eth0', addresses: ['10.0.0.10', '10.0.0.11'], subnet: '10.0.0.0/24' }],
    );
    expect(ends(osReceive(nat, new Conntrack(), 0, tcp('10.0.2.5', 5555, '10.0.0.11', 80)).packet)).toBe(
      '10.0.2.5:5555 → 10.0.1.20:8080',
    );
    const ct = new Conntrack();
    const red = osReceive(nat, ct, 0, tcp('10.0.2.5', 5556, '1.2.3.4', 81));
    expect(red.kind).toBe('local');
    expect(ends(red.packet)).toBe('10.0.2.5:5556 → 10.0.0.10:3128');
    // the local answer is translated back to look like it came from 1.2.3.4:81
    expect(ends(osSend(nat, ct, replyOf(red.packet)).packet)).toBe('1.2.3.4:81 → 10.0.2.5:5556');
  });
  it('a nat ACCEPT rule exempts a connection from translation', () => {
    const nat = box(
      'sysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -d 10.0.0.0/8 -j ACCEPT\niptables -t nat -A POSTROUTING -j MASQUERADE',
      ONE_IF,
    );
    expect(
      formatAddr(osReceive(nat, new Conntrack(), 0, udp('10.0.1.5', 1, '10.9.9.9', 53)).packet.src),
    ).toBe('10.0.1.5');
    expect(formatAddr(osReceive(nat, new Conntrack(), 0, udp('10.0.1.5', 1, '9.9.9.9', 53)).packet.src)).toBe(
      '10.0.0.10',
    );
  });
  it('SNAT to a source already in range keeps it untouched', () => {
    const nat = box(
      'sysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -j SNAT --to-source 10.0.1.1-10.0.1.9',
      ONE_IF,
    );
    expect(ends(osReceive(nat, new Conntrack(), 0, udp('10.0.1.5', 1234, '9.9.9.9', 53)).packet)).toBe(
      '10.0.1.5:1234 → 9.9.9.9:53',
    );
  });
  it('an echo reply with no connection is INVALID and never NATed', () => {
    const nat = box(
      'sysctl -w net.ipv4.ip_forward=1\niptables -A FORWARD -m state --state INVALID -j DROP',
      ONE_IF,
    );
    const r = osReceive(nat, new Conntrack(), 0, replyOf(echo('9.9.9.9', '10.0.1.5', 1)));
    expect(r).toMatchObject({ kind: 'drop', code: 'IPTABLES_RULE_DROP' });
  });
});

describe('routing and addresses', () => {
  it("a packet arriving with one of the instance's own addresses as source is a martian", () => {
    const r = osReceive(
      box('sysctl -w net.ipv4.ip_forward=1', ONE_IF),
      new Conntrack(),
      0,
      udp('10.0.0.10', 1, '10.0.1.5', 53),
    );
    expect(r).toMatchObject({ kind: 'drop', code: 'INSTANCE_MARTIAN_SOURCE' });
  });
  it('ip route add chooses the interface; connected subnets beat the default route', () => {
    const nat = box('sysctl -w net.ipv4.ip_forward=1\nip route add 172.16.0.0/12 via 10.0.5.1 dev eth1', [
      { name: 'eth0', addresses: ['10.0.0.10'], subnet: '10.0.0.0/24' },
      { name: 'eth1', addresses: ['10.0.5.10'], subnet: '10.0.5.0/24' },
    ]);
    const r = osReceive(nat, new Conntrack(), 0, udp('10.0.1.5', 1, '172.20.0.1', 53));
    expect([r.outIf, r.nextHop]).toEqual([1, ip('10.0.5.1')]);
    expect(osReceive(nat, new Conntrack(), 0, udp('10.0.1.5', 1, '10.0.5.77', 53)).outIf).toBe(1);
    expect(osReceive(nat, new Conntrack(), 0, udp('10.0.1.5', 1, '8.8.8.8', 53)).outIf).toBe(0);
  });
  it('per-interface forwarding: conf.eth1.forwarding=0 stops packets received on eth1 only', () => {
    const nat = box('sysctl -w net.ipv4.ip_forward=1\nsysctl -w net.ipv4.conf.eth1.forwarding=0', [
      { name: 'eth0', addresses: ['10.0.0.10'], subnet: '10.0.0.0/24' },
      { name: 'eth1', addresses: ['10.0.5.10'], subnet: '10.0.5.0/24' },
    ]);
    expect(osReceive(nat, new Conntrack(), 1, udp('10.0.5.5', 1, '8.8.8.8', 53)).code).toBe(
      'INSTANCE_IP_FORWARDING_DISABLED',
    );
    expect(osReceive(nat, new Conntrack(), 0, udp('10.0.0.5', 1, '8.8.8.8', 53)).kind).toBe('forward');
  });
});

describe('unsupported options: the result says it depends on them', () => {
  it('a deciding rule with -m limit is applied as written and reported', () => {
    const nat = box(
      'sysctl -w net.ipv4.ip_forward=1\niptables -A FORWARD -p udp -m limit --limit 1/s -j DROP',
      ONE_IF,
    );
    const r = osReceive(nat, new Conntrack(), 0, udp('10.0.1.5', 1, '8.8.8.8', 53));
    expect(r).toMatchObject({ kind: 'drop', code: 'IPTABLES_UNSUPPORTED_RULE' });
    expect(r.dependsOn).toEqual(['-m limit', '--limit 1/s (of -m limit)']);
    expect(r.hops.at(-1)?.unsupported).toEqual(['-m limit', '--limit 1/s (of -m limit)']);
  });
  it('a rule with an unsupported option that does not match the packet changes nothing', () => {
    const nat = box(
      'sysctl -w net.ipv4.ip_forward=1\niptables -A FORWARD -p tcp -m limit --limit 1/s -j DROP',
      ONE_IF,
    );
    const r = osReceive(nat, new Conntrack(), 0, udp('10.0.1.5', 1, '8.8.8.8', 53));
    expect(r.kind).toBe('forward');
    expect(r.dependsOn).toBeUndefined();
  });
  it('non-empty mangle/raw tables are reported as not evaluated', () => {
    const nat = box('iptables -t mangle -A PREROUTING -j MARK --set-mark 1', ONE_IF);
    expect(nat.diagnostics.map((d) => d.code)).toEqual(['IPTABLES_TABLE_NOT_EVALUATED']);
  });
});
