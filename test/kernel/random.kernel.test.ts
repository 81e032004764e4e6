/**
 * Kernel conformance on random rule sets: a seeded generator makes ≥200 NAT-instance configurations (SNAT,
 * DNAT, MASQUERADE, REDIRECT, nat exemptions, filter rules with ports, multiport, negation, conntrack states, user
 * chains, policies, ip_forward on/off) and one flow each (UDP or TCP, from either side, to any of the box's
 * primary and secondary addresses). Each configuration is applied with the real iptables in a namespace, the flow
 * is sent for real, and what arrives (which host, addresses and ports as the sockets saw them, the reply's
 * source) is compared with vpcsim's prediction. The result is reported as "N/N agree".
 *
 * Every flow uses its own source port, so kernel conntrack entries of earlier cases never collide with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Addr } from '../../src/net/addr.js';
import { kernelUnavailable } from './lab.js';
import { buildVpcLab, compileBox, observe, predict, type Flow, type HostSpec, type Observation, type VpcLab } from './vpc-lab.js';

const why = kernelUnavailable();
if (why) console.warn(`kernel conformance (random rule sets) skipped: ${why}`);

const HOSTS: HostSpec[] = [
  { role: 'c', addresses: ['10.32.1.157', '10.32.1.158'], prefixLen: 24 },
  { role: 'box', addresses: ['10.33.1.124', '10.33.1.145', '10.33.1.151'], prefixLen: 24 },
  { role: 's', addresses: ['10.34.1.125'], prefixLen: 24 },
];
const BOX = HOSTS[1] as HostSpec;
const PORTS = [5000, 5001, 6000];
const CASES = 220;
const SEED = 20260323;

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
export function generateCase(r: () => number, index: number): Case {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const chance = (p: number): boolean => r() < p;
  const box = BOX.addresses;
  const cAddrs = HOSTS[0]?.addresses ?? [];
  const sAddr = '10.34.1.125';
  const proto = pick(['udp', 'tcp'] as const);
  const lines: string[] = [`sysctl -w net.ipv4.ip_forward=${chance(0.9) ? 1 : 0}`];
  const protoOpt = (): string => (chance(0.5) ? `-p ${proto}` : chance(0.3) ? `-p ${proto === 'udp' ? 'tcp' : 'udp'}` : '');
  const cidrOf = (a: string): string => pick([a, `${a}/32`, `${a.split('.').slice(0, 3).join('.')}.0/24`, `${a.split('.').slice(0, 2).join('.')}.0.0/16`]);

  // nat PREROUTING
  const nPre = 1 + Math.floor(r() * 2);
  const dnatTo: string[] = [];
  for (let k = 0; k < nPre; k++) {
    const kind = pick(['dnat', 'dnat', 'dnat', 'dnat-port', 'redirect', 'accept', 'dnat-neg']);
    const d = pick(box);
    if (kind.startsWith('dnat')) dnatTo.push(d);
    if (kind === 'dnat') lines.push(`iptables -t nat -A PREROUTING -d ${d} ${protoOpt()} -j DNAT --to-destination ${pick([sAddr, sAddr, cAddrs[0] ?? ''])}`);
    else if (kind === 'dnat-port') lines.push(`iptables -t nat -A PREROUTING -d ${d} -p ${proto} --dport ${pick(PORTS)} -j DNAT --to-destination ${pick([sAddr, cAddrs[0] ?? ''])}:${pick(PORTS)}`);
    else if (kind === 'redirect') lines.push(`iptables -t nat -A PREROUTING -p ${proto} --dport ${pick(PORTS)} -j REDIRECT --to-ports ${pick(PORTS)}`);
    else if (kind === 'accept') lines.push(`iptables -t nat -A PREROUTING -s ${cidrOf(pick([...cAddrs, sAddr]))} -j ACCEPT`);
    else lines.push(`iptables -t nat -A PREROUTING ! -s ${cidrOf(pick([...cAddrs, sAddr]))} -d ${d} -j DNAT --to-destination ${sAddr}`);
  }
  // nat POSTROUTING
  const nPost = Math.floor(r() * 3);
  for (let k = 0; k < nPost; k++) {
    const kind = pick(['snat', 'snat', 'masq', 'accept', 'snat-out']);
    if (kind === 'snat') lines.push(`iptables -t nat -A POSTROUTING -s ${cidrOf(pick([...cAddrs, sAddr]))} ${protoOpt()} -j SNAT --to-source ${pick(box)}`);
    else if (kind === 'masq') lines.push(`iptables -t nat -A POSTROUTING ${chance(0.5) ? '-o eth0' : ''} ${chance(0.5) ? `-s ${cidrOf(pick([...cAddrs, sAddr]))}` : ''} -j MASQUERADE`);
    else if (kind === 'accept') lines.push(`iptables -t nat -A POSTROUTING -d ${cidrOf(pick([...cAddrs, sAddr]))} -j ACCEPT`);
    else lines.push(`iptables -t nat -A POSTROUTING ${chance(0.5) ? '!' : ''} -o eth0 -j SNAT --to-source ${pick(box)}`);
  }
  // filter FORWARD
  const nFwd = Math.floor(r() * 4);
  let userChain = false;
  for (let k = 0; k < nFwd; k++) {
    const kind = pick(['port', 'port', 'state-policy', 'neg', 'multiport', 'ctnew', 'chain']);
    const target = pick(['DROP', 'ACCEPT', 'REJECT']);
    if (kind === 'port') lines.push(`iptables -A FORWARD -p ${proto} --dport ${pick(PORTS)} -j ${target}`);
    else if (kind === 'state-policy') {
      lines.push('iptables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT');
      lines.push(`iptables -A FORWARD -d ${pick([sAddr, cAddrs[0] ?? ''])} -j ACCEPT`);
      lines.push('iptables -P FORWARD DROP');
    } else if (kind === 'neg') lines.push(`iptables -A FORWARD -s ${cidrOf(pick([...cAddrs, sAddr]))} ! -d ${cidrOf(pick([...cAddrs, sAddr]))} -j ${target}`);
    else if (kind === 'multiport') lines.push(`iptables -A FORWARD -p ${proto} -m multiport ${pick(['--dports', '--sports', '--ports'])} ${pick(PORTS)},${pick(PORTS)} -j ${target}`);
    else if (kind === 'ctnew') lines.push(`iptables -A FORWARD -m conntrack ${chance(0.5) ? '!' : ''} --ctstate ${pick(['NEW', 'ESTABLISHED', 'DNAT', 'SNAT'])} -p ${proto} -j ${pick(['DROP', 'ACCEPT'])}`);
    else if (!userChain) {
      userChain = true;
      lines.push('iptables -N CHK');
      lines.push(`iptables -A CHK -p ${proto} --sport ${pick(PORTS)} -j RETURN`);
      lines.push(`iptables -A CHK -s ${cidrOf(pick([...cAddrs, sAddr]))} -j ${pick(['DROP', 'ACCEPT', 'RETURN'])}`);
      lines.push(`iptables -A FORWARD ${chance(0.5) ? `-p ${proto}` : ''} ${chance(0.5) ? '-g' : '-j'} CHK`);
    }
  }
  // filter INPUT / OUTPUT
  if (chance(0.25)) lines.push(`iptables -A INPUT -p ${proto} --dport ${pick(PORTS)} -j ${pick(['DROP', 'REJECT'])}`);
  if (chance(0.1)) lines.push(`iptables -A OUTPUT -p ${proto} --sport ${pick(PORTS)} -j DROP`);
  if (chance(0.1)) {
    lines.push('iptables -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT');
    lines.push(`iptables -A INPUT -p ${proto} -m multiport --dports ${pick(PORTS)},${pick(PORTS)} -j ACCEPT`);
    lines.push('iptables -P INPUT DROP');
  }
  const fromC = chance(0.6);
  // a UDP flow from c to s's real address is routed through the box (like a route table 0.0.0.0/0 → NAT instance;
  // UDP only: with TCP the reply could bypass the box, which conntrack's TCP state machine treats as INVALID)
  const throughBox = fromC && proto === 'udp' && chance(0.6);
  const flow: Flow = {
    proto,
    from: fromC ? 'c' : 's',
    src: fromC ? pick(cAddrs) : sAddr,
    sport: 20000 + index,
    dst: throughBox ? sAddr : dnatTo.length > 0 && chance(0.7) ? pick(dnatTo) : pick(box),
    dport: pick(PORTS),
    via: throughBox ? 'box' : undefined,
  };
  return { text: lines.map((l) => l.replace(/ +/g, ' ')).join('\n'), flow };
}

/** The router's policy route (see beforeAll): c's packets for 10.34.0.0/16 go through the box. */
const S_NET = { base: 0x0a220000, mask: 0xffff0000 };
const routerVia = (sender: string, dst: Addr): string | undefined =>
  sender === 'c' && typeof dst === 'number' && ((dst & S_NET.mask) >>> 0) === S_NET.base ? 'box' : undefined;

const RESET = [
  'iptables -P INPUT ACCEPT', 'iptables -P FORWARD ACCEPT', 'iptables -P OUTPUT ACCEPT',
  'iptables -F', 'iptables -X', 'iptables -t nat -F', 'iptables -t nat -X',
].join('; ');

describe.skipIf(why !== null)('kernel conformance: random rule sets and flows', () => {
  let lab: VpcLab | undefined;
  /** The lab built in beforeAll (throws if building it failed). */
  const labOf = (): VpcLab => {
    if (!lab) throw new Error('the namespace lab was not built');
    return lab;
  };
  beforeAll(async () => {
    // the router sends c's traffic for 10.34.0.0/16 through the box (policy route), everything else by owner
    lab = await buildVpcLab('rnd', HOSTS, PORTS, 'ip rule add iif r0 to 10.34.0.0/16 lookup 100 pref 100; ip route add default via 10.33.1.124 dev r1 table 100');
  }, 60_000);
  afterAll(() => {
    lab?.lab.destroy();
  });

  it(`${CASES} seeded configurations: vpcsim agrees with the kernel on every one`, async () => {
    const l = labOf();
    const r = rng(SEED);
    const disagreements: string[] = [];
    let agree = 0;
    const tally: Record<string, number> = {};
    for (let i = 0; i < CASES; i++) {
      const c = generateCase(r, i);
      const { os, errors } = compileBox(BOX, c.text);
      expect(errors, c.text).toEqual([]);
      l.lab.sh(l.ns.box as string, `${RESET}; ${c.text.split('\n').join(' && ')} >/dev/null`);
      const p = predict(l, { box: os }, c.flow, PORTS, routerVia);
      expect(p.dependsOn, c.text).toEqual([]);
      const predicted: Observation = { received: p.received, seenAs: p.seenAs, reply: p.reply };
      const observed = await observe(l, c.flow, `rnd-${i}`, predicted.received || predicted.reply ? 1500 : 350);
      const kind = !observed.received ? 'nothing received' : observed.received === 'box' ? 'delivered to the box itself' : 'forwarded';
      tally[kind] = (tally[kind] ?? 0) + 1;
      if (observed.seenAs && !observed.seenAs.endsWith(`← ${c.flow.src}:${c.flow.sport}`)) tally['source translated'] = (tally['source translated'] ?? 0) + 1;
      if (observed.reply && observed.reply !== `${c.flow.dst}:${c.flow.dport}`) tally['reply from another address'] = (tally['reply from another address'] ?? 0) + 1;
      if (JSON.stringify(predicted) === JSON.stringify(observed)) agree++;
      else {
        disagreements.push(`case ${i}: ${c.flow.proto} ${c.flow.src}:${c.flow.sport} → ${c.flow.dst}:${c.flow.dport}\n${c.text}\n  predicted ${JSON.stringify(predicted)}\n  observed  ${JSON.stringify(observed)}`);
      }
    }
    console.log(`kernel conformance, random rule sets (seed ${SEED}): ${agree}/${CASES} agree; outcomes ${JSON.stringify(tally)}`);
    // the generator must exercise every kind of outcome, or agreement says little
    expect(Object.keys(tally).length).toBeGreaterThanOrEqual(4);
    expect(disagreements.join('\n\n')).toBe('');
  }, 170_000);
});
