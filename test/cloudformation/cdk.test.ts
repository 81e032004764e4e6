/**
 * Templates synthesized by aws-cdk-lib (scripts/cdk-synth.ts → test/fixtures/cloudformation/cdk/): they import
 * like hand-written ones, and the S0/S1-shaped stacks give the scenario answers (scenarios.md), derived by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import type { TraceResult } from '../../src/analysis/trace-result.js';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import type { ImportResult } from '../../src/formats/import-result.js';

const DIR = join(import.meta.dirname, '../fixtures/cloudformation/cdk');

function load(name: string, opts = {}): ImportResult {
  const path = join(DIR, `${name}.json`);
  return importCloudFormation([{ path, text: readFileSync(path, 'utf8') }], opts);
}
const hops = (t: TraceResult, dir: 'forward' | 'return' = 'forward') =>
  ((dir === 'forward' ? t.forward : t.return)?.hops ?? []).map((h) => `${h.kind}:${h.id}`);
const errs = (r: ImportResult) => r.diagnostics.filter((d) => d.severity === 'error');

describe('CDK VpcWithNat (ec2.Vpc L2: public + private subnets in 2 AZs, 1 NAT gateway)', () => {
  const r = load('VpcWithNat');
  it('imports without errors: Fn::GetAZs/Select, Fn::FindInMap on AWS::Region, CDK logical IDs', () => {
    expect(errs(r)).toEqual([]);
    expect(r.network.unsupported).toEqual([]);
    // subnetConfiguration cidrMask 24 from 10.10.0.0/16: public /24s first, then the private ones, alternating AZs.
    expect(r.network.subnets.map((s) => [s.cidr, s.az])).toEqual([
      ['10.10.0.0/24', 'us-east-1a'],
      ['10.10.1.0/24', 'us-east-1b'],
      ['10.10.2.0/24', 'us-east-1a'],
      ['10.10.3.0/24', 'us-east-1b'],
    ]);
    expect(r.network.natGateways).toHaveLength(1);
  });

  it('flow: App (private subnet 1) → internet tcp/443 through the single NAT gateway in public subnet 1', () => {
    const t = traceFlow(r.network, {
      from: 'AppF1B96344',
      to: '142.250.196.100',
      protocol: 'tcp',
      port: 443,
    });
    expect(t.verdict).toBe('reachable');
    expect(hops(t)).toContain('nat-gateway:VpcPublicSubnet1NATGateway4D7517AA');
  });

  it('addIngressRule(Peer.ipv4, Port.tcp(22)) becomes an inline SG rule; allowAllOutbound the explicit egress rule', () => {
    const sg = r.network.securityGroups.find((g) => g.id === 'AppSg898BCA4E');
    expect(sg?.inbound.map((x) => [x.protocol, x.ports, x.peer])).toEqual([
      [6, { from: 22, to: 22 }, { kind: 'cidr', cidr: '10.10.0.0/16' }],
    ]);
  });
});

describe('CDK NfwBeforeNat (scenario S0 in L1 constructs)', () => {
  const r = load('NfwBeforeNat');
  it('imports without errors; routes to the firewall endpoint come from Fn::Select/Fn::Split of EndpointIds', () => {
    expect(errs(r)).toEqual([]);
    expect(r.network.unsupported).toEqual([]);
    const natRt = r.network.routeTables.find((t) => t.id === 'NatgwRtb');
    expect(natRt?.routes.map((x) => [x.destination, x.target.kind, x.target.id])).toEqual([
      ['0.0.0.0/0', 'internet-gateway', 'Igw'],
      ['10.60.30.0/24', 'firewall-endpoint', 'Firewall@us-east-1a'],
    ]);
  });

  it('S0 flow 1: App → www.google.com tcp/443 is reachable through the firewall both ways (domain allowlist, RT-3 return route)', () => {
    const t = traceFlow(r.network, {
      from: 'App',
      to: '142.250.196.100',
      protocol: 'tcp',
      port: 443,
      sni: 'www.google.com',
    });
    expect(t.verdict).toBe('reachable');
    expect(hops(t)).toContain('firewall-endpoint:Firewall@us-east-1a');
    expect(hops(t, 'return')).toContain('firewall-endpoint:Firewall@us-east-1a');
  });

  it('S0 flow 3: App → example.com tcp/443 is dropped by the firewall (drop_established, NFW-11)', () => {
    const t = traceFlow(r.network, {
      from: 'App',
      to: '93.184.215.14',
      protocol: 'tcp',
      port: 443,
      sni: 'example.com',
    });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('FIREWALL_RULES_RESTRICTION');
  });

  it('S0 flow 4: App → 1.1.1.1 udp/53 is dropped by the firewall (UDP not explicitly passed, NFW-11)', () => {
    const t = traceFlow(r.network, { from: 'App', to: '1.1.1.1', protocol: 'udp', port: 53 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('FIREWALL_RULES_RESTRICTION');
  });
});

describe('CDK NatInstance (scenario S1)', () => {
  const r = load('NatInstance', { assume: { 'NatEip.PublicIp': '203.0.113.20' } });
  it('imports without errors; user data from ec2.UserData sets ip_forward and MASQUERADE (NATI-3)', () => {
    expect(errs(r)).toEqual([]);
    const os = r.network.instances.find((i) => i.id === 'Nat')?.os;
    expect(os?.ipForward).toBe(true);
    expect(os?.netfilter.tables.nat?.chains['POSTROUTING']?.rules[0]?.target.kind).toBe('MASQUERADE');
    expect(r.network.networkInterfaces.find((e) => e.id === 'Nat.eth0')).toMatchObject({
      sourceDestCheck: false,
      addresses: [{ private: '10.0.0.10', public: '203.0.113.20' }],
    });
  });

  it('S1 flow 1: Web → 142.250.196.100 tcp/443 is reachable; the internet sees the EIP (SG-6: NatSg admits WebSg members)', () => {
    const t = traceFlow(r.network, { from: 'Web', to: '142.250.196.100', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.at(-1)?.packet.src).toBe('203.0.113.20');
  });

  it('S1 flow 2: Web → 142.250.196.100 tcp/80 is dropped by WebSg outbound (443 only)', () => {
    const t = traceFlow(r.network, { from: 'Web', to: '142.250.196.100', protocol: 'tcp', port: 80 });
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(hops(t).at(-1)).toBe('security-group:WebSg');
  });

  it('S1 flows 3 and 4: ssh to the EIP from 198.51.100.7 is delivered to the NAT instance; from 192.0.2.99 it is dropped by NatSg', () => {
    expect(
      traceFlow(r.network, { from: '198.51.100.7', to: '203.0.113.20', protocol: 'tcp', port: 22 }).verdict,
    ).toBe('reachable');
    const t = traceFlow(r.network, { from: '192.0.2.99', to: '203.0.113.20', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('unreachable');
    expect(hops(t).at(-1)).toBe('security-group:NatSg');
  });
});
