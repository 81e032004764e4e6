/**
 * Netfilter benchmark (issue 3 §8): per-packet cost of the compiled Linux stack with 1,000-rule chains.
 *
 * A NAT instance with 1,000 rules in filter FORWARD (mostly non-matching: the worst case walks the whole chain),
 * 1,000 DNAT rules in nat PREROUTING and 1,000 SNAT rules in nat POSTROUTING, parsed from iptables-save text and
 * compiled once. Measured: parse + compile time; microseconds per first packet (both nat chains and the filter
 * chain walked, conntrack entry created); microseconds per reply (conntrack only, no nat table). Deterministic:
 * fixed-seed rules and flows. No numeric target in the issue: the figures are reported.
 */
import { performance } from 'node:perf_hooks';
import { parseOsConfig } from '../src/formats/iptables/index.js';
import { compileOs, Conntrack, osReceive } from '../src/dataplane/os/index.js';
import { mustParseIpv4 } from '../src/net/ipv4.js';
import { prefix4 } from '../src/net/prefix.js';
import { replyOf, type Packet } from '../src/dataplane/packet.js';

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

const RULES = 1_000;
const FLOWS = 5_000;

function dump(rand: () => number): string {
  const n = (k: number): number => Math.floor(rand() * k);
  const lines = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
  ];
  for (let i = 0; i < RULES; i++) {
    // DNAT rules for addresses the flows never use, so every first packet walks the whole chain
    lines.push(
      `-A PREROUTING -d 172.16.${n(256)}.${n(256)}/32 -p tcp --dport ${1 + n(65000)} -j DNAT --to-destination 10.1.${n(256)}.${1 + n(254)}`,
    );
  }
  for (let i = 0; i < RULES - 1; i++) {
    lines.push(`-A POSTROUTING -s 172.17.${n(256)}.0/24 -j SNAT --to-source 10.0.0.${10 + n(5)}`);
  }
  lines.push(
    '-A POSTROUTING -o eth0 -j MASQUERADE',
    'COMMIT',
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
  );
  lines.push('-A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT');
  for (let i = 0; i < RULES - 2; i++) {
    const proto = rand() < 0.5 ? 'tcp' : 'udp';
    lines.push(
      `-A FORWARD -s 192.168.${n(256)}.0/24 -p ${proto} -m multiport --dports ${1 + n(1000)},${1 + n(1000)} -j ${rand() < 0.5 ? 'DROP' : 'ACCEPT'}`,
    );
  }
  lines.push('-A FORWARD -s 10.0.0.0/8 -j ACCEPT', 'COMMIT');
  return lines.join('\n');
}

/** `benchNetfilter()` → figures for `npm run bench`. */
export async function benchNetfilter(): Promise<{ name: string; value: number; unit: string }[]> {
  await new Promise((r) => setImmediate(r)); // let the harness breathe before a long synchronous run
  const rand = rng(3);
  const text = dump(rand);
  const t0 = performance.now();
  const { os, diagnostics } = parseOsConfig(text, { file: 'bench.rules', kind: 'iptables-save' });
  if (diagnostics.some((d) => d.severity === 'error'))
    throw new Error(`bench rules do not parse: ${diagnostics[0]?.message ?? ''}`);
  const t1 = performance.now();
  const compiled = compileOs('nat', { ...os, ipForward: true }, [
    { name: 'eth0', addresses: [mustParseIpv4('10.0.0.10')], subnet: prefix4(mustParseIpv4('10.0.0.0'), 24) },
  ]);
  const t2 = performance.now();
  const flows: Packet[] = [];
  for (let i = 0; i < FLOWS; i++) {
    flows.push({
      proto: 6,
      src: mustParseIpv4(`10.0.${1 + Math.floor(rand() * 200)}.${1 + Math.floor(rand() * 254)}`),
      dst: mustParseIpv4(`93.184.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`),
      srcPort: 1024 + Math.floor(rand() * 60000),
      dstPort: 443,
      icmpType: 0,
      icmpCode: 0,
    });
  }
  // warm-up (JIT), then measure on a fresh conntrack
  const warm = new Conntrack();
  for (const p of flows.slice(0, 200)) osReceive(compiled, warm, 0, p);
  const ct = new Conntrack();
  const outs: Packet[] = [];
  const t3 = performance.now();
  for (const p of flows) {
    const r = osReceive(compiled, ct, 0, p);
    if (r.kind !== 'forward') throw new Error(`bench flow not forwarded: ${r.code ?? r.kind}`);
    outs.push(r.packet);
  }
  const t4 = performance.now();
  for (const p of outs) {
    const r = osReceive(compiled, ct, 0, replyOf(p));
    if (r.kind !== 'forward') throw new Error(`bench reply not forwarded: ${r.code ?? r.kind}`);
  }
  const t5 = performance.now();
  return [
    {
      name: 'netfilter: parse 3,000-rule iptables-save dump',
      value: Math.round((t1 - t0) * 10) / 10,
      unit: 'ms',
    },
    { name: 'netfilter: compile 3,000 rules', value: Math.round((t2 - t1) * 10) / 10, unit: 'ms' },
    {
      name: 'netfilter: first packet (1,000-rule nat PREROUTING + FORWARD + POSTROUTING chains walked)',
      value: Math.round(((t4 - t3) / FLOWS) * 1000 * 100) / 100,
      unit: 'µs/packet',
    },
    {
      name: 'netfilter: reply packet (conntrack, no nat table)',
      value: Math.round(((t5 - t4) / FLOWS) * 1000 * 100) / 100,
      unit: 'µs/packet',
    },
    {
      name: 'netfilter: first packets per second',
      value: Math.round(FLOWS / ((t4 - t3) / 1000)),
      unit: 'packets/s',
    },
  ];
}
