/**
 * Kernel conformance on random ip6tables rule sets (issue 18 "Done when"): like random.kernel.test.ts for IPv4, a
 * seeded generator makes NAT66-instance configurations (IPv6 forwarding on/off; ip6tables DNAT with `[addr]:port`,
 * REDIRECT, nat exemptions, SNAT, MASQUERADE; filter rules with ports, multiport, negation, conntrack states, user
 * chains, DROP policies) and one flow each (UDP or TCP from c, to one of the box's IPv6 addresses or through the
 * box to s). Each configuration is applied with the real ip6tables in a namespace, the flow is sent for real, and
 * what arrives is compared with vpcsim's prediction from the same text. Reported as "N/N agree".
 *
 * IPv6 specifics the generator respects: neighbour discovery is ICMPv6 and passes through ip6tables INPUT, so an
 * INPUT DROP policy comes with the neighbour-solicitation/advertisement ACCEPT rules every real IPv6 firewall has
 * (vpcsim does not model ND, V6-9); flows start at c only (a DNAT back to the sender's own address is a case the
 * IPv4 suite covers). Every flow uses its own source port, so conntrack entries of earlier cases never collide.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Addr } from '../../src/net/addr.js';
import { kernelUnavailable } from './lab.js';
import {
  buildVpcLab,
  compileBox,
  observe,
  predict,
  type Flow,
  type HostSpec,
  type Observation,
  type VpcLab,
} from './vpc-lab.js';

const why = kernelUnavailable();
if (why) console.warn(`kernel conformance (random ip6tables rule sets) skipped: ${why}`);

const HOSTS: HostSpec[] = [
  { role: 'c', addresses: ['fd32:1::157', 'fd32:1::158'], prefixLen: 64 },
  { role: 'box', addresses: ['fd33:1::124', 'fd33:1::145', 'fd33:1::151'], prefixLen: 64 },
  { role: 's', addresses: ['fd34:1::125'], prefixLen: 64 },
];
const BOX = HOSTS[1] as HostSpec;
const PORTS = [5000, 5001, 6000];
const CASES = 120;
const SEED = 20261206;

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  readonly text: string;
  readonly flow: Flow;
}

/** Generate one configuration and flow. */
export function generateCase6(r: () => number, index: number): Case {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const chance = (p: number): boolean => r() < p;
  const box = BOX.addresses;
  const cAddrs = HOSTS[0]?.addresses ?? [];
  const sAddr = 'fd34:1::125';
  const proto = pick(['udp', 'tcp'] as const);
  const lines: string[] = [`sysctl -w net.ipv6.conf.all.forwarding=${chance(0.9) ? 1 : 0}`];
  const protoOpt = (): string =>
    chance(0.5) ? `-p ${proto}` : chance(0.3) ? `-p ${proto === 'udp' ? 'tcp' : 'udp'}` : '';
  const cidrOf = (a: string): string =>
    pick([a, `${a}/128`, `${a.split('::')[0] ?? ''}::/64`, `${a.slice(0, 4)}::/16`]);

  // nat PREROUTING
  const nPre = 1 + Math.floor(r() * 2);
  const dnatTo: string[] = [];
  for (let k = 0; k < nPre; k++) {
    const kind = pick(['dnat', 'dnat', 'dnat', 'dnat-port', 'redirect', 'accept', 'dnat-neg']);
    const d = pick(box);
    if (kind.startsWith('dnat')) dnatTo.push(d);
    if (kind === 'dnat')
      lines.push(`ip6tables -t nat -A PREROUTING -d ${d} ${protoOpt()} -j DNAT --to-destination ${sAddr}`);
    else if (kind === 'dnat-port')
      lines.push(
        `ip6tables -t nat -A PREROUTING -d ${d} -p ${proto} --dport ${pick(PORTS)} -j DNAT --to-destination [${sAddr}]:${pick(PORTS)}`,
      );
    else if (kind === 'redirect')
      lines.push(
        `ip6tables -t nat -A PREROUTING -p ${proto} --dport ${pick(PORTS)} -j REDIRECT --to-ports ${pick(PORTS)}`,
      );
    else if (kind === 'accept')
      lines.push(`ip6tables -t nat -A PREROUTING -s ${cidrOf(pick(cAddrs))} -j ACCEPT`);
    else
      lines.push(
        `ip6tables -t nat -A PREROUTING ! -s ${cidrOf(pick([...cAddrs, sAddr]))} -d ${d} -j DNAT --to-destination ${sAddr}`,
      );
  }
  // nat POSTROUTING
  const nPost = Math.floor(r() * 3);
  for (let k = 0; k < nPost; k++) {
    const kind = pick(['snat', 'snat', 'masq', 'accept', 'snat-out']);
    if (kind === 'snat')
      lines.push(
        `ip6tables -t nat -A POSTROUTING -s ${cidrOf(pick([...cAddrs, sAddr]))} ${protoOpt()} -j SNAT --to-source ${pick(box)}`,
      );
    else if (kind === 'masq')
      lines.push(
        `ip6tables -t nat -A POSTROUTING ${chance(0.5) ? '-o eth0' : ''} ${chance(0.5) ? `-s ${cidrOf(pick([...cAddrs, sAddr]))}` : ''} -j MASQUERADE`,
      );
    else if (kind === 'accept')
      lines.push(`ip6tables -t nat -A POSTROUTING -d ${cidrOf(pick([...cAddrs, sAddr]))} -j ACCEPT`);
    else
      lines.push(
        `ip6tables -t nat -A POSTROUTING ${chance(0.5) ? '!' : ''} -o eth0 -j SNAT --to-source ${pick(box)}`,
      );
  }
  // filter FORWARD
  const nFwd = Math.floor(r() * 4);
  let userChain = false;
  for (let k = 0; k < nFwd; k++) {
    const kind = pick(['port', 'port', 'state-policy', 'neg', 'multiport', 'ctnew', 'chain']);
    const target = pick(['DROP', 'ACCEPT', 'REJECT']);
    if (kind === 'port') lines.push(`ip6tables -A FORWARD -p ${proto} --dport ${pick(PORTS)} -j ${target}`);
    else if (kind === 'state-policy') {
      lines.push('ip6tables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT');
      lines.push(`ip6tables -A FORWARD -d ${pick([sAddr, cAddrs[0] ?? ''])} -j ACCEPT`);
      lines.push('ip6tables -P FORWARD DROP');
    } else if (kind === 'neg')
      lines.push(
        `ip6tables -A FORWARD -s ${cidrOf(pick([...cAddrs, sAddr]))} ! -d ${cidrOf(pick([...cAddrs, sAddr]))} -j ${target}`,
      );
    else if (kind === 'multiport')
      lines.push(
        `ip6tables -A FORWARD -p ${proto} -m multiport ${pick(['--dports', '--sports', '--ports'])} ${pick(PORTS)},${pick(PORTS)} -j ${target}`,
      );
    else if (kind === 'ctnew')
      lines.push(
        `ip6tables -A FORWARD -m conntrack ${chance(0.5) ? '!' : ''} --ctstate ${pick(['NEW', 'ESTABLISHED', 'DNAT', 'SNAT'])} -p ${proto} -j ${pick(['DROP', 'ACCEPT'])}`,
      );
    else if (!userChain) {
      userChain = true;
      lines.push('ip6tables -N CHK');
      lines.push(`ip6tables -A CHK -p ${proto} --sport ${pick(PORTS)} -j RETURN`);
      lines.push(
        `ip6tables -A CHK -s ${cidrOf(pick([...cAddrs, sAddr]))} -j ${pick(['DROP', 'ACCEPT', 'RETURN'])}`,
      );
      lines.push(`ip6tables -A FORWARD ${chance(0.5) ? `-p ${proto}` : ''} ${chance(0.5) ? '-g' : '-j'} CHK`);
    }
  }
  // filter INPUT / OUTPUT
  if (chance(0.25))
    lines.push(`ip6tables -A INPUT -p ${proto} --dport ${pick(PORTS)} -j ${pick(['DROP', 'REJECT'])}`);
  if (chance(0.1)) lines.push(`ip6tables -A OUTPUT -p ${proto} --sport ${pick(PORTS)} -j DROP`);
  if (chance(0.1)) {
    // neighbour discovery first: without it the box stops answering neighbour solicitations (V6-9)
    lines.push('ip6tables -A INPUT -p ipv6-icmp --icmpv6-type neighbour-solicitation -j ACCEPT');
    lines.push('ip6tables -A INPUT -p ipv6-icmp --icmpv6-type neighbour-advertisement -j ACCEPT');
    lines.push('ip6tables -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT');
    lines.push(
      `ip6tables -A INPUT -p ${proto} -m multiport --dports ${pick(PORTS)},${pick(PORTS)} -j ACCEPT`,
    );
    lines.push('ip6tables -P INPUT DROP');
  }
  // a UDP flow from c to s's real address is routed through the box (a route table ::/0 → the instance; UDP
  // only: with TCP the reply could bypass the box, which conntrack's TCP state machine treats as INVALID)
  const throughBox = proto === 'udp' && chance(0.5);
  const flow: Flow = {
    proto,
    from: 'c',
    src: pick(cAddrs),
    sport: 21000 + index,
    dst: throughBox ? sAddr : dnatTo.length > 0 && chance(0.7) ? pick(dnatTo) : pick(box),
    dport: pick(PORTS),
    via: throughBox ? 'box' : undefined,
  };
  return { text: lines.map((l) => l.replace(/ +/g, ' ')).join('\n'), flow };
}

/** The router's policy route (see beforeAll): c's packets for fd34::/16 go through the box. */
const routerVia = (sender: string, dst: Addr): string | undefined =>
  sender === 'c' && typeof dst === 'bigint' && dst >> 112n === 0xfd34n ? 'box' : undefined;

const RESET = [
  'ip6tables -P INPUT ACCEPT',
  'ip6tables -P FORWARD ACCEPT',
  'ip6tables -P OUTPUT ACCEPT',
  'ip6tables -F',
  'ip6tables -X',
  'ip6tables -t nat -F',
  'ip6tables -t nat -X',
].join('; ');

describe.skipIf(why !== null)('kernel conformance: random ip6tables rule sets and IPv6 flows', () => {
  let lab: VpcLab | undefined;
  const labOf = (): VpcLab => {
    if (!lab) throw new Error('the namespace lab was not built');
    return lab;
  };
  beforeAll(async () => {
    lab = await buildVpcLab(
      'rnd6',
      HOSTS,
      PORTS,
      'ip -6 rule add iif r0 to fd34::/16 lookup 100 pref 100; ip -6 route add default via fd33:1::124 dev r1 table 100',
    );
  }, 60_000);
  afterAll(() => {
    lab?.lab.destroy();
  });

  it(`${CASES} seeded ip6tables configurations: vpcsim agrees with the kernel on every one`, async () => {
    const l = labOf();
    const r = rng(SEED);
    const disagreements: string[] = [];
    let agree = 0;
    const tally: Record<string, number> = {};
    for (let i = 0; i < CASES; i++) {
      const c = generateCase6(r, i);
      const { os, errors } = compileBox(BOX, c.text);
      expect(errors, c.text).toEqual([]);
      l.lab.sh(l.ns.box as string, `${RESET}; ${c.text.split('\n').join(' && ')} >/dev/null`);
      const p = predict(l, { box: os }, c.flow, PORTS, routerVia);
      expect(p.dependsOn, c.text).toEqual([]);
      const predicted: Observation = { received: p.received, seenAs: p.seenAs, reply: p.reply };
      const observed = await observe(
        l,
        c.flow,
        `rnd6-${i}`,
        predicted.received || predicted.reply ? 1500 : 350,
      );
      const kind = !observed.received
        ? 'nothing received'
        : observed.received === 'box'
          ? 'delivered to the box itself'
          : 'forwarded';
      tally[kind] = (tally[kind] ?? 0) + 1;
      if (observed.seenAs && !observed.seenAs.endsWith(`← ${c.flow.src}:${c.flow.sport}`))
        tally['source translated'] = (tally['source translated'] ?? 0) + 1;
      if (observed.reply && observed.reply !== `${c.flow.dst}:${c.flow.dport}`)
        tally['reply from another address'] = (tally['reply from another address'] ?? 0) + 1;
      if (JSON.stringify(predicted) === JSON.stringify(observed)) agree++;
      else {
        disagreements.push(
          `case ${i}: ${c.flow.proto} [${c.flow.src}]:${c.flow.sport} → [${c.flow.dst}]:${c.flow.dport}\n${c.text}\n  predicted ${JSON.stringify(predicted)}\n  observed  ${JSON.stringify(observed)}`,
        );
      }
    }
    console.log(
      `kernel conformance, random ip6tables rule sets (seed ${SEED}): ${agree}/${CASES} agree; outcomes ${JSON.stringify(tally)}`,
    );
    expect(Object.keys(tally).length).toBeGreaterThanOrEqual(4);
    expect(disagreements.join('\n\n')).toBe('');
  }, 300_000);
});
