/**
 * The five acceptance scenarios (scenarios.md) written as CloudFormation (test/fixtures/cloudformation/scenarios):
 * their Metadata expectations pass, and they agree with the native examples (examples/*.yaml) flow by flow —
 * same verdict, same codes, same kinds of hops in the same order, same packets at every hop. Ids differ by
 * design (CloudFormation logical IDs are alphanumeric), so hop ids are not compared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExpectation } from '../../src/analysis/expectations.js';
import { traceFlow } from '../../src/analysis/trace.js';
import type { TraceResult } from '../../src/analysis/trace-result.js';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import { importNative } from '../../src/formats/native/index.js';
import type { FlowSpec } from '../../src/model/expectation.js';

const CFN = join(import.meta.dirname, '../fixtures/cloudformation/scenarios');
const NATIVE = join(import.meta.dirname, '../../examples');

/** Flows of scenarios.md; endpoints named per format (CloudFormation logical ID vs native name). */
const SCENARIOS: { name: string; file: string; flows: { cfn: FlowSpec; native: FlowSpec }[] }[] = [
  {
    name: 'S0',
    file: 's0-firewall-natgw',
    flows: [
      {
        cfn: { from: 'App', to: '142.250.196.100', protocol: 'tcp', port: 443, sni: 'www.google.com' },
        native: { from: 'app', to: '142.250.196.100', protocol: 'tcp', port: 443, sni: 'www.google.com' },
      },
      {
        cfn: {
          from: 'App',
          to: '52.119.160.10',
          protocol: 'tcp',
          port: 443,
          sni: 'ssm.ap-northeast-1.amazonaws.com',
        },
        native: {
          from: 'app',
          to: '52.119.160.10',
          protocol: 'tcp',
          port: 443,
          sni: 'ssm.ap-northeast-1.amazonaws.com',
        },
      },
      {
        cfn: { from: 'App', to: '93.184.215.14', protocol: 'tcp', port: 443, sni: 'example.com' },
        native: { from: 'app', to: '93.184.215.14', protocol: 'tcp', port: 443, sni: 'example.com' },
      },
      {
        cfn: { from: 'App', to: '1.1.1.1', protocol: 'udp', port: 53 },
        native: { from: 'app', to: '1.1.1.1', protocol: 'udp', port: 53 },
      },
    ],
  },
  {
    name: 'S1',
    file: 's1-nat-instance',
    flows: [
      {
        cfn: { from: 'Web', to: '142.250.196.100', protocol: 'tcp', port: 443 },
        native: { from: 'web', to: '142.250.196.100', protocol: 'tcp', port: 443 },
      },
      {
        cfn: { from: 'Web', to: '142.250.196.100', protocol: 'tcp', port: 80 },
        native: { from: 'web', to: '142.250.196.100', protocol: 'tcp', port: 80 },
      },
      {
        cfn: { from: '198.51.100.7', to: '203.0.113.20', protocol: 'tcp', port: 22 },
        native: { from: '198.51.100.7', to: '203.0.113.20', protocol: 'tcp', port: 22 },
      },
      {
        cfn: { from: '192.0.2.99', to: '203.0.113.20', protocol: 'tcp', port: 22 },
        native: { from: '192.0.2.99', to: '203.0.113.20', protocol: 'tcp', port: 22 },
      },
    ],
  },
  {
    name: 'S2',
    file: 's2-ingress-routing',
    flows: [
      {
        cfn: { from: '203.0.113.50', to: '198.51.100.10', protocol: 'tcp', port: 443 },
        native: { from: '203.0.113.50', to: '198.51.100.10', protocol: 'tcp', port: 443 },
      },
      {
        cfn: { from: 'App', to: '203.0.113.50', protocol: 'tcp', port: 443 },
        native: { from: 'app', to: '203.0.113.50', protocol: 'tcp', port: 443 },
      },
    ],
  },
  {
    name: 'S3',
    file: 's3-client-vpn',
    flows: [
      {
        cfn: { from: 'client:user', to: '192.168.1.63', protocol: 'tcp', port: 22 },
        native: { from: 'client:user', to: '192.168.1.63', protocol: 'tcp', port: 22 },
      },
      {
        cfn: { from: 'client:user', to: '192.168.2.20', protocol: 'tcp', port: 22 },
        native: { from: 'client:user', to: '192.168.2.20', protocol: 'tcp', port: 22 },
      },
      {
        cfn: { from: 'client:user', to: '8.8.8.8', protocol: 'udp', port: 53 },
        native: { from: 'client:user', to: '8.8.8.8', protocol: 'udp', port: 53 },
      },
    ],
  },
  {
    name: 'S4',
    file: 's4-two-way-nat-peering',
    flows: [
      {
        cfn: { from: 'A1', to: '10.33.1.151', protocol: 'icmp' },
        native: { from: 'a1', to: '10.33.1.151', protocol: 'icmp' },
      },
      {
        cfn: { from: 'B1', to: '10.33.1.145', protocol: 'icmp' },
        native: { from: 'b1', to: '10.33.1.145', protocol: 'icmp' },
      },
      {
        cfn: { from: 'A1', to: '10.33.1.151', protocol: 'udp', port: 5000 },
        native: { from: 'a1', to: '10.33.1.151', protocol: 'udp', port: 5000 },
      },
      {
        cfn: { from: 'A1', to: '10.34.1.125', protocol: 'icmp' },
        native: { from: 'a1', to: '10.34.1.125', protocol: 'icmp' },
      },
    ],
  },
];

/** What must agree between formats: verdict, codes, and per hop its kind, action, code and packet. */
function shape(t: TraceResult) {
  const path = (p: TraceResult['forward'] | null) =>
    p && {
      disposition: p.disposition,
      code: p.code,
      hops: p.hops.map((h) => ({ kind: h.kind, action: h.action, code: h.code ?? null, packet: h.packet })),
    };
  return { verdict: t.verdict, forward: path(t.forward), return: path(t.return) };
}

describe.each(SCENARIOS)('$name as CloudFormation', ({ file, flows }) => {
  const path = join(CFN, `${file}.yaml`);
  const r = importCloudFormation([{ path, text: readFileSync(path, 'utf8') }], {});

  it('imports without errors and nothing unsupported', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.network.unsupported).toEqual([]);
  });

  it('its Metadata expectations pass', () => {
    expect(r.expectations.length).toBeGreaterThan(0);
    const failed = r.expectations
      .map((e) => checkExpectation(r.network, e))
      .filter((o) => !o.passed)
      .map((o) => `${o.name}: ${o.failures.join('; ')}`);
    expect(failed).toEqual([]);
  });

  it('gives the same traces as the native example', () => {
    const nativePath = join(NATIVE, `${file}.yaml`);
    const n = importNative(readFileSync(nativePath, 'utf8'), nativePath);
    expect(n.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const f of flows) {
      expect({ flow: f.cfn, ...shape(traceFlow(r.network, f.cfn)) }).toEqual({
        flow: f.cfn,
        ...shape(traceFlow(n.network, f.native)),
      });
    }
  });
});
