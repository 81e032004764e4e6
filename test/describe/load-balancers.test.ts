/**
 * describe-* load balancers, listeners, rules, target groups with their targets (describe-target-health), Classic
 * LBs and endpoint service configurations (issue 16 item 6; aws-semantics.md B14, B15): S6 as a describe-* snapshot
 * traces like the native example (same verdict, code and hops, hand-derived in
 * test/fixtures/load-balancers/s6-flows.ts); node addresses come from the ENIs AWS created (`ELB net/…`).
 */
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importDescribe } from '../../src/formats/describe/index.js';
import {
  checkS6Flow,
  nativeS6,
  NATIVE_IDS,
  S6_FLOWS,
  type S6Name,
} from '../fixtures/load-balancers/s6-flows.js';

const DIR = 'test/fixtures/load-balancers/s6-describe/aws_configs';
const ARN = 'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012';
const NLB = `${ARN}:loadbalancer/net/nlb-pub/0123456789abcdef`;
const ALB = `${ARN}:loadbalancer/app/alb-app/fedcba9876543210`;
const tg = (name: string, n: string): string => `${ARN}:targetgroup/${name}/${n.repeat(16)}`;

const IDS: Readonly<Record<S6Name, string>> = {
  igw: 'igw-0700000000000000a',
  acl: 'acl-0700000000000000a',
  'pub-rtb': 'rtb-0700000000000pub',
  'sg-nlb': 'sg-07000000000000nlb',
  'sg-web': 'sg-07000000000000web',
  'sg-api': 'sg-07000000000000api',
  'sg-alb': 'sg-07000000000000alb',
  'sg-app': 'sg-07000000000000app',
  'nlb-pub': NLB,
  'alb-app': ALB,
  'tg-inst': tg('tg-inst', '1'),
  'tg-ip': tg('tg-ip', '2'),
  'tg-app': tg('tg-app', '3'),
  web1: 'i-07000000000web1',
  api2: 'i-07000000000api2',
  app1: 'i-07000000000app1',
};

describe('S6 from a describe-* snapshot (B14)', async () => {
  const r = await importDescribe(DIR, {});

  it('imports without warnings or unsupported resources', () => {
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.network.unsupported).toEqual([]);
  });

  for (const f of S6_FLOWS) {
    it(`${f.name}: as hand-derived`, () => {
      checkS6Flow(r.network, f, IDS);
    });
    it(`${f.name}: as the native example`, () => {
      const native = traceFlow(nativeS6(), f.flow);
      const d = traceFlow(r.network, f.flow);
      const rename = new Map(Object.entries(NATIVE_IDS).map(([k, v]) => [v, IDS[k as S6Name]]));
      expect([d.verdict, d.forward.code]).toEqual([native.verdict, native.forward.code]);
      expect(d.forward.hops.map((h) => `${h.kind}:${h.id}`)).toEqual(
        native.forward.hops.map((h) => `${h.kind}:${rename.get(h.id) ?? h.id}`),
      );
    });
  }

  it('nodes take their ENIs’ addresses (not assumed); the ELB ENIs are not separate interfaces', () => {
    const alb = r.network.loadBalancers?.find((l) => l.id === ALB);
    expect(alb?.nodes).toEqual([
      { subnet: 'subnet-070000000000000a1', privateIp: '10.70.0.100', publicIp: '203.0.113.80' },
      { subnet: 'subnet-070000000000000c1', privateIp: '10.70.1.100', publicIp: '203.0.113.81' },
    ]);
    expect(alb?.assumed).toBeUndefined();
    expect(r.network.networkInterfaces.some((e) => e.id.startsWith('eni-0700000000nlb'))).toBe(false);
  });

  it('rules come from describe-rules by their listener ARN; the default rule is the listener default action', () => {
    const l = r.network.loadBalancers?.find((x) => x.id === ALB)?.listeners[0];
    expect(l?.targetGroup).toBe(tg('tg-app', '3'));
    expect(l?.rules).toEqual([
      {
        priority: 10,
        hosts: ['admin.example.com'],
        paths: [],
        action: 'forward',
        targetGroups: [tg('tg-admin', '4')],
      },
    ]);
  });

  it('targets come from describe-target-health-<id>.json, with their health shown only', () => {
    const g = r.network.targetGroups?.find((t) => t.id === tg('tg-inst', '1'));
    expect(g?.targets.map((t) => [t.id, t.port, t.health])).toEqual([
      ['i-07000000000web1', 443, 'healthy'],
      ['i-07000000000web2', 443, 'healthy'],
    ]);
  });
});
