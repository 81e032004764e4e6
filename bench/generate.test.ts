/**
 * The benchmark generator: deterministic, the sizes issue 2 §9 asks for, and valid by its own independent check
 * (which must itself catch broken networks).
 */
import { describe, expect, it } from 'vitest';
import {
  generateNetwork,
  generatePreset,
  makeRng,
  PRESETS,
  s2Network,
  sampleFlows,
  selfCheck,
} from './generate.js';
import type { Network } from '../src/model/network.js';

describe('makeRng', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = makeRng(42);
    const b = makeRng(42);
    const c = makeRng(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('generateNetwork', () => {
  it('same parameters → the same network; another seed → another one', () => {
    const a = JSON.stringify(generateNetwork(PRESETS.realistic).network);
    const b = JSON.stringify(generateNetwork(PRESETS.realistic).network);
    const c = JSON.stringify(generateNetwork({ ...PRESETS.realistic, seed: 99 }).network);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('small: one VPC, 4 subnets × 10 ENIs, 2 NACLs × 2 directions × 10 rules, 120 SG rules', () => {
    const g = generatePreset('small');
    expect(g.stats).toMatchObject({
      vpcs: 1,
      subnets: 4,
      enis: 40,
      instances: 40,
      sgRules: 120,
      naclRules: 40,
    });
    // Counted from the objects, not from the stats the generator reports.
    const n = g.network;
    expect(n.securityGroups.reduce((s, x) => s + x.inbound.length + x.outbound.length, 0)).toBe(120);
    expect(n.networkAcls.reduce((s, x) => s + x.inbound.length + x.outbound.length, 0)).toBe(40);
    // 2 public + 2 private subnets in 2 AZs → one NAT gateway per AZ (NGW-1), one private table per AZ.
    expect(n.natGateways).toHaveLength(2);
    expect(n.routeTables.map((r) => r.id).sort()).toEqual([
      'vpc0-rt-private-0',
      'vpc0-rt-private-1',
      'vpc0-rt-public',
    ]);
    expect(selfCheck(n)).toEqual([]);
  });

  it('realistic: 20 VPCs / 200 subnets / 5,000 ENIs / 50,000 SG+NACL rules, valid', () => {
    const g = generatePreset('realistic');
    expect(g.stats).toMatchObject({ vpcs: 20, subnets: 200, enis: 5000 });
    const n = g.network;
    const rules =
      n.securityGroups.reduce((s, x) => s + x.inbound.length + x.outbound.length, 0) +
      n.networkAcls.reduce((s, x) => s + x.inbound.length + x.outbound.length, 0);
    expect(rules).toBe(50_000);
    expect(selfCheck(n)).toEqual([]);
  });

  it('huge: 1,000 VPCs / 10,000 subnets / 100,000 ENIs / 1,000,000 SG+NACL rules, valid', () => {
    const g = generatePreset('huge');
    const n = g.network;
    expect(n.vpcs).toHaveLength(1000);
    expect(n.subnets).toHaveLength(10_000);
    expect(n.networkInterfaces).toHaveLength(100_000);
    const rules =
      n.securityGroups.reduce((s, x) => s + x.inbound.length + x.outbound.length, 0) +
      n.networkAcls.reduce((s, x) => s + x.inbound.length + x.outbound.length, 0);
    expect(rules).toBe(1_000_000);
    expect(selfCheck(n)).toEqual([]);
  });

  it('S2 is the network of scenarios.md', () => {
    const n = s2Network().network;
    expect(n.vpcs.map((v) => v.cidrs)).toEqual([['10.0.0.0/16']]);
    expect(n.subnets.map((s) => [s.cidr, s.routeTable])).toEqual([
      ['10.0.0.0/24', 'appliance-rtb'],
      ['10.0.1.0/24', 'app-rtb'],
    ]);
    expect(n.internetGateways).toEqual([{ id: 'igw', vpc: 'vpc', routeTable: 'gateway-rtb' }]);
    const appliance = n.networkInterfaces.find((e) => e.id === 'appliance-eni');
    expect(appliance?.addresses).toEqual([{ private: '10.0.0.10', public: '198.51.100.20' }]);
    expect(appliance?.sourceDestCheck).toBe(false);
    expect(n.instances.find((i) => i.id === 'appliance')?.os?.ipForward).toBe(true);
    expect(n.networkInterfaces.find((e) => e.id === 'app-eni')?.addresses).toEqual([
      { private: '10.0.1.10', public: '198.51.100.10' },
    ]);
    expect(n.routeTables.find((r) => r.id === 'gateway-rtb')?.routes).toEqual([
      { destination: '10.0.1.0/24', target: { kind: 'network-interface', id: 'appliance-eni' } },
    ]);
    expect(selfCheck(n)).toEqual([]);
  });
});

describe('selfCheck catches broken networks', () => {
  const base = generatePreset('small').network;
  const cases: [string, (n: Network) => Network, RegExp][] = [
    ['duplicate id', (n) => ({ ...n, subnets: [...n.subnets, n.subnets[0]!] }), /duplicate id/],
    [
      'ENI address in the reserved .0–.3 (ADDR-2)',
      (n) => ({
        ...n,
        networkInterfaces: n.networkInterfaces.map((e, i) =>
          i === 0 ? { ...e, addresses: [{ private: '10.0.0.2' }] } : e,
        ),
      }),
      /ADDR-2/,
    ],
    [
      'missing SG',
      (n) => ({
        ...n,
        networkInterfaces: n.networkInterfaces.map((e, i) =>
          i === 0 ? { ...e, securityGroups: ['nope'] } : e,
        ),
      }),
      /no security group nope/,
    ],
    [
      'too many NACL rules (NACL-9)',
      (n) => ({
        ...n,
        networkAcls: n.networkAcls.map((a, i) =>
          i === 0
            ? {
                ...a,
                inbound: Array.from({ length: 20 }, (_, k) => ({
                  number: k + 1,
                  protocol: -1,
                  cidr: '0.0.0.0/0',
                  action: 'allow' as const,
                })),
              }
            : a,
        ),
      }),
      /NACL-9/,
    ],
    [
      'subnet outside VPC',
      (n) => ({ ...n, subnets: n.subnets.map((s, i) => (i === 0 ? { ...s, cidr: '11.0.0.0/24' } : s)) }),
      /outside its VPC/,
    ],
  ];
  it.each(cases)('%s', (_, mutate, message) => {
    const problems = selfCheck(mutate(base));
    expect(problems.some((p) => message.test(p))).toBe(true);
  });
});

describe('sampleFlows', () => {
  it('is deterministic and gives many different flows', () => {
    const g = generatePreset('realistic');
    const a = sampleFlows(g, 2000, 5);
    expect(sampleFlows(g, 2000, 5)).toEqual(a);
    expect(a).toHaveLength(2000);
    expect(new Set(a.map((f) => JSON.stringify(f))).size).toBeGreaterThan(1900);
    // Every destination is an address; every named source is an ENI of the network.
    const enis = new Set(g.network.networkInterfaces.map((e) => e.id));
    for (const f of a) {
      expect(f.to).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(enis.has(f.from) || /^\d+\.\d+\.\d+\.\d+$/.test(f.from)).toBe(true);
    }
  });

  it('S2: flow 1 and flow 2 of scenarios.md with varied internet peers and source ports', () => {
    const flows = sampleFlows(s2Network(), 100, 1);
    expect(flows.filter((f) => f.to === '198.51.100.10' && f.port === 443)).toHaveLength(50);
    expect(flows.filter((f) => f.from === 'app' && f.port === 443)).toHaveLength(50);
    expect(new Set(flows.map((f) => f.srcPort)).size).toBeGreaterThan(90);
  });
});
