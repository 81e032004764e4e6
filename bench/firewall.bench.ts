/**
 * Network Firewall benchmark (issue 4 §8): parse and compile a policy with 10,000 Suricata rules and a
 * 1,000-entry domain list, then evaluate flows (forward + return) through `inspectPacket`.
 *
 * Deterministic: rules and flows come from a fixed-seed generator. Reports milliseconds for parsing and compiling
 * and microseconds per flow, plus flows per second. No numeric target in the issue: the figures are reported.
 */
import { performance } from 'node:perf_hooks';
import { parseSuricataRules } from '../src/model/suricata/parse.js';
import type { Firewall, FirewallPolicy, RuleGroup } from '../src/model/firewall.js';
import { emptyNetwork, type Network } from '../src/model/network.js';
import { compileFirewall, FirewallFlows, inspectPacket } from '../src/dataplane/firewall/index.js';
import { replyOf, type Packet } from '../src/dataplane/packet.js';

/** Small deterministic PRNG (mulberry32). */
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

const RULES = 10_000;
const DOMAINS = 1_000;
const FLOWS = 2_000;

function ruleText(rand: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < RULES; i++) {
    const action = rand() < 0.5 ? 'pass' : 'drop';
    const proto = ['tcp', 'udp', 'ip'][Math.floor(rand() * 3)] ?? 'tcp';
    const net = `${100 + Math.floor(rand() * 100)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.0/24`;
    const port = proto === 'ip' ? 'any' : String(1 + Math.floor(rand() * 65000));
    const flow = rand() < 0.3 ? ' flow:to_server, established;' : '';
    out.push(
      `${action} ${proto} $HOME_NET any -> ${net} ${port} (msg:"generated ${i}";${flow} sid:${i + 1};)`,
    );
  }
  return out;
}

function buildNetwork(rules: string): { net: Network; fw: Firewall; parseMs: number } {
  const t0 = performance.now();
  const parsed = parseSuricataRules(rules, { file: 'bench.rules' });
  const parseMs = performance.now() - t0;
  const domains = Array.from({ length: DOMAINS }, (_, i) =>
    i % 2 === 0 ? `.d${i}.example.com` : `host${i}.example.net`,
  );
  const groups: RuleGroup[] = [
    {
      id: 'domains',
      type: 'STATEFUL',
      ruleOrder: 'STRICT_ORDER',
      domainList: {
        targets: domains,
        targetTypes: ['TLS_SNI', 'HTTP_HOST'],
        generatedRulesType: 'ALLOWLIST',
      },
    },
    { id: 'big', type: 'STATEFUL', ruleOrder: 'STRICT_ORDER', suricataRules: parsed.rules },
  ];
  const policy: FirewallPolicy = {
    id: 'policy',
    statelessRuleGroups: [],
    statelessDefaultActions: ['aws:forward_to_sfe'],
    statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
    // The big group first, so every domain-list flow also scans all 10,000 rules.
    statefulRuleGroups: [
      { ruleGroup: 'big', priority: 1 },
      { ruleGroup: 'domains', priority: 2 },
    ],
    ruleOrder: 'STRICT_ORDER',
    statefulDefaultActions: ['aws:drop_established'],
  };
  const fw: Firewall = {
    id: 'fw',
    vpc: 'vpc',
    policy: 'policy',
    endpoints: [{ id: 'vpce-1', subnet: 'fw-subnet' }],
  };
  const net: Network = {
    ...emptyNetwork(),
    vpcs: [{ id: 'vpc', cidrs: ['10.0.0.0/16'] }],
    subnets: [{ id: 'fw-subnet', vpc: 'vpc', cidr: '10.0.0.0/28' }],
    firewalls: [fw],
    firewallPolicies: [policy],
    ruleGroups: groups,
  };
  return { net, fw, parseMs };
}

function flows(rand: () => number): Packet[] {
  const out: Packet[] = [];
  for (let i = 0; i < FLOWS; i++) {
    const d = Math.floor(rand() * DOMAINS * 2); // half the names are in the list
    const name = d % 2 === 0 ? `www.d${d}.example.com` : `host${d}.example.net`;
    const tls = rand() < 0.7;
    out.push({
      proto: 6,
      src: (10 << 24) + Math.floor(rand() * 65536),
      dst: ((200 + Math.floor(rand() * 50)) << 24) >>> 0,
      srcPort: 1024 + Math.floor(rand() * 60000),
      dstPort: tls ? 443 : 80,
      icmpType: 0,
      icmpCode: 0,
      sni: tls ? name : undefined,
      host: tls ? undefined : name,
    });
  }
  return out;
}

export async function benchFirewall(): Promise<{ name: string; value: number; unit: string }[]> {
  await Promise.resolve();
  const rand = rng(4);
  const text = ruleText(rand).join('\n');
  const { net, fw, parseMs } = buildNetwork(text);
  const t1 = performance.now();
  const compiled = compileFirewall(net, fw);
  const compileMs = performance.now() - t1;
  const packets = flows(rand);
  // Warm-up, then measure.
  for (const p of packets.slice(0, 100)) inspectPacket(compiled.firewall, new FirewallFlows(), p);
  const state = new FirewallFlows();
  let passed = 0;
  const t2 = performance.now();
  for (const p of packets) {
    const r = inspectPacket(compiled.firewall, state, p, { endpoint: 'vpce-1' });
    if (r.action === 'pass') {
      passed++;
      inspectPacket(compiled.firewall, state, replyOf(p), { endpoint: 'vpce-1' });
    }
  }
  const evalMs = performance.now() - t2;
  return [
    { name: 'parse 10,000 Suricata rules', value: Number(parseMs.toFixed(1)), unit: 'ms' },
    {
      name: 'compile policy (10,000 rules + 1,000-entry domain list)',
      value: Number(compileMs.toFixed(1)),
      unit: 'ms',
    },
    {
      name: `evaluate a flow, forward + return (${FLOWS} flows, ${passed} passed)`,
      value: Number(((evalMs * 1000) / FLOWS).toFixed(1)),
      unit: 'µs/flow',
    },
    { name: 'flow evaluation throughput', value: Math.round(FLOWS / (evalMs / 1000)), unit: 'flows/s' },
  ];
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  benchFirewall().then(
    (r) => {
      console.log(JSON.stringify(r, null, 2));
    },
    (e: unknown) => {
      console.error(e);
    },
  );
}
