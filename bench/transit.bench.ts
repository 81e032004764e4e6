/**
 * Hub-and-spoke benchmark (issue 15 "Done when"): one transit gateway, 100 spoke VPCs in 3 AZs (a /28 attachment
 * subnet and a /24 workload subnet per AZ, one instance per spoke), and an inspection VPC — attachment subnets in
 * the 3 AZs with appliance mode on, a Network Firewall endpoint per AZ. Spoke table: 0.0.0.0/0 → the inspection
 * attachment; inspection table: every spoke propagated (the S5 design, scaled up).
 *
 * Written as native YAML and loaded through the importer (the path a user's file takes), then validated, compiled
 * and traced: spoke i → spoke j tcp/443 (east-west through the firewall, both directions) over a fixed set of pairs.
 * Reports load, validate and compile milliseconds, and full traces (hops recorded) and verdict-only traces per
 * second. No numeric target in the issue: the figures are reported (docs/benchmarks.md states the load average).
 */
import { performance } from 'node:perf_hooks';
import { traceFlow } from '../src/analysis/trace.js';
import { compileNetwork } from '../src/dataplane/compile.js';
import { importNative } from '../src/formats/native/index.js';
import type { FlowSpec } from '../src/model/expectation.js';
import { validateNetwork } from '../src/validate/index.js';

export const SPOKES = 100;
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const SECONDS = 3;

/** The hub-and-spoke network as native YAML. */
export function hubAndSpokeYaml(spokes = SPOKES): string {
  const out: string[] = ['vpcsim: 1', 'region: us-east-1', 'vpcs:'];
  for (let i = 1; i <= spokes; i++) {
    const b = `10.${i}`;
    out.push(`  spoke-${i}:`, `    cidr: ${b}.0.0/16`, '    subnets:');
    AZS.forEach((az, k) => {
      out.push(`      s${i}-tgw-${k}: { cidr: ${b}.0.${16 * k}/28, az: ${az}, routeTable: tgwsub-${i} }`);
      out.push(`      s${i}-work-${k}: { cidr: ${b}.${k + 1}.0/24, az: ${az}, routeTable: work-${i} }`);
    });
    out.push(
      '    routeTables:',
      `      tgwsub-${i}: {}`,
      `      work-${i}: { routes: { 0.0.0.0/0: hub } }`,
      '    securityGroups:',
      `      sg-${i}: { inbound: [tcp 443 from 10.0.0.0/8], outbound: [all to 0.0.0.0/0] }`,
      '    instances:',
      `      host-${i}: { subnet: s${i}-work-${i % 3}, ip: ${b}.${(i % 3) + 1}.10, securityGroups: [sg-${i}] }`,
    );
  }
  out.push('  inspection:', '    cidr: 100.64.0.0/16', '    subnets:');
  AZS.forEach((az, k) => {
    out.push(`      insp-tgw-${k}: { cidr: 100.64.0.${16 * k}/28, az: ${az}, routeTable: rt-insp-tgw-${k} }`);
    out.push(`      insp-fw-${k}: { cidr: 100.64.1.${16 * k}/28, az: ${az}, routeTable: insp-fw }`);
  });
  out.push('    routeTables:');
  AZS.forEach((_, k) => out.push(`      rt-insp-tgw-${k}: { routes: { 0.0.0.0/0: fwe-${k} } }`));
  out.push(
    '      insp-fw: { routes: { 10.0.0.0/8: hub } }',
    '    firewalls:',
    '      fw:',
    '        policy: policy',
    `        subnets: [${AZS.map((_, k) => `insp-fw-${k}`).join(', ')}]`,
    `        endpoints: { ${AZS.map((_, k) => `insp-fw-${k}: fwe-${k}`).join(', ')} }`,
    'transitGateways:',
    '  hub:',
    '    defaultAssociation: false',
    '    defaultPropagation: false',
    '    attachments:',
  );
  for (let i = 1; i <= spokes; i++)
    out.push(
      `      att-${i}: { vpc: spoke-${i}, subnets: [${AZS.map((_, k) => `s${i}-tgw-${k}`).join(', ')}] }`,
    );
  out.push(
    `      att-insp: { vpc: inspection, subnets: [insp-tgw-0, insp-tgw-1, insp-tgw-2], applianceMode: true }`,
    '    routeTables:',
    '      rt-spoke:',
    `        associations: [${Array.from({ length: spokes }, (_, i) => `att-${i + 1}`).join(', ')}]`,
    '        routes: { 0.0.0.0/0: att-insp }',
    '      rt-inspection:',
    '        associations: [att-insp]',
    `        propagations: [${Array.from({ length: spokes }, (_, i) => `att-${i + 1}`).join(', ')}]`,
    'firewallPolicies:',
    '  policy:',
    "    statelessDefaultActions: ['aws:forward_to_sfe']",
    "    statelessFragmentDefaultActions: ['aws:forward_to_sfe']",
    '    ruleOrder: STRICT_ORDER',
    "    statefulDefaultActions: ['aws:drop_established']",
    '    statefulRuleGroups: [{ ruleGroup: east-west, priority: 1 }]',
    '    variables: { HOME_NET: 10.0.0.0/8 }',
    'ruleGroups:',
    '  east-west:',
    '    type: stateful',
    '    ruleOrder: STRICT_ORDER',
    '    suricata: |',
    '      pass tcp $HOME_NET any -> $HOME_NET 443 (flow:to_server; sid:1;)',
  );
  return `${out.join('\n')}\n`;
}

/** Spoke i → spoke j tcp/443 for a fixed spread of pairs (every AZ combination occurs). */
function flows(spokes: number): FlowSpec[] {
  const out: FlowSpec[] = [];
  for (let i = 1; i <= spokes; i++) {
    const j = ((i * 37) % spokes) + 1;
    if (j !== i) out.push({ from: `host-${i}`, to: `host-${j}`, protocol: 'tcp', port: 443 });
  }
  return out;
}

/** Traces per second over `SECONDS`, cycling through `fs`. */
function rate(fn: (f: FlowSpec) => unknown, fs: readonly FlowSpec[]): number {
  for (const f of fs) fn(f); // warm-up
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) fn(fs[n++ % fs.length] as FlowSpec);
  return Math.round(n / ((performance.now() - t0) / 1000));
}

export async function benchTransit(): Promise<{ name: string; value: number; unit: string }[]> {
  await new Promise((r) => setImmediate(r));
  const text = hubAndSpokeYaml();
  let t = performance.now();
  const r = importNative(text, 'hub-and-spoke.yaml');
  const loadMs = performance.now() - t;
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(`hub-and-spoke YAML: ${errors[0]?.code ?? ''} ${errors[0]?.message ?? ''}`);
  t = performance.now();
  validateNetwork(r.network);
  const validateMs = performance.now() - t;
  t = performance.now();
  const { compiled } = compileNetwork(r.network);
  const compileMs = performance.now() - t;
  const fs = flows(SPOKES);
  const first = traceFlow(compiled, fs[0] as FlowSpec);
  if (first.verdict !== 'reachable')
    throw new Error(
      `hub-and-spoke: ${JSON.stringify(fs[0])} is ${first.verdict} (${first.forward.code ?? ''})`,
    );
  const full = rate((f) => traceFlow(compiled, f), fs);
  const verdictOnly = rate((f) => traceFlow(compiled, f, { record: false }), fs);
  const n = `hub-and-spoke (${SPOKES} spokes × 3 AZs, inspection VPC)`;
  return [
    {
      name: `${n}: load native YAML (${Math.round(text.length / 1024)} KiB)`,
      value: round(loadMs),
      unit: 'ms',
    },
    { name: `${n}: validate`, value: round(validateMs), unit: 'ms' },
    { name: `${n}: compile`, value: round(compileMs), unit: 'ms' },
    { name: `${n}: full traces spoke → spoke tcp/443, both ways`, value: full, unit: 'traces/s' },
    { name: `${n}: verdict-only traces`, value: verdictOnly, unit: 'traces/s' },
  ];
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
