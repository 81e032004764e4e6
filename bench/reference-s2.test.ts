/**
 * The hand-written S2 reference evaluator (bench/reference-s2.ts, issue 19) agrees with vpcsim's verdict-only traces
 * on the bench's S2 sample, and on the broken variants of scenarios.md S2 where the answer is a drop: B2.2 (source/
 * destination check on the appliance: ENI-1), B2.3 (IP forwarding off: NATI-3), and an app security group admitting
 * only 8443 (SG-1: flow 1 dropped at the app ENI; flow 2, outbound, still reachable through SG-2). No timing.
 */
import { describe, expect, it } from 'vitest';
import type { Network } from '../src/model/network.js';
import { compileNetwork } from '../src/dataplane/compile.js';
import { traceFlow } from '../src/analysis/trace.js';
import { s2Network, sampleFlows } from './generate.js';
import { checkAgreement, compileReferenceS2, verdictKey } from './reference-s2.js';

function agreement(net: Network, n: number): ReturnType<typeof checkAgreement> {
  const c = compileNetwork(net).compiled;
  const flows = sampleFlows({ ...s2Network(), network: net }, n, 7);
  return checkAgreement(compileReferenceS2(net), flows, (f) =>
    verdictKey(traceFlow(c, f, { record: false })),
  );
}

describe('S2 reference evaluator (issue 19)', () => {
  it('agrees with vpcsim on the 20,000 flows of the bench sample, all reachable (S2 flows 1 and 2)', () => {
    const net = s2Network().network;
    const a = agreement(net, 20_000);
    expect(a).toEqual({ flows: 20_000, disagreements: 0, first: null });
    const ref = compileReferenceS2(net);
    expect(ref.evaluate({ from: '203.0.113.50', to: '198.51.100.10', protocol: 'tcp', port: 443 })).toBe(
      'reachable',
    );
    expect(ref.evaluate({ from: 'app', to: '203.0.113.50', protocol: 'tcp', port: 443 })).toBe('reachable');
  });

  it('B2.2: source/destination check on the appliance drops both flows at its ENI (ENI-1)', () => {
    const base = s2Network().network;
    const net: Network = {
      ...base,
      networkInterfaces: base.networkInterfaces.map((e) =>
        e.id === 'appliance-eni' ? { ...e, sourceDestCheck: true } : e,
      ),
    };
    const ref = compileReferenceS2(net);
    for (const f of sampleFlows(s2Network(), 2, 7))
      expect(ref.evaluate(f)).toBe('unreachable:ENI_SOURCE_DEST_CHECK_RESTRICTION');
    expect(agreement(net, 500).disagreements).toBe(0);
  });

  it('B2.3: IP forwarding off in the appliance drops both flows inside it (NATI-3)', () => {
    const base = s2Network().network;
    const net: Network = {
      ...base,
      instances: base.instances.map((i) =>
        i.id === 'appliance' && i.os ? { ...i, os: { ...i.os, ipForward: false } } : i,
      ),
    };
    const ref = compileReferenceS2(net);
    for (const f of sampleFlows(s2Network(), 2, 7))
      expect(ref.evaluate(f)).toBe('unreachable:INSTANCE_IP_FORWARDING_DISABLED');
    expect(agreement(net, 500).disagreements).toBe(0);
  });

  it('app security group admitting only tcp/8443: flow 1 dropped at the app ENI (SG-1), flow 2 reachable (SG-2)', () => {
    const base = s2Network().network;
    const net: Network = {
      ...base,
      securityGroups: base.securityGroups.map((g) =>
        g.id === 'app-sg'
          ? { ...g, inbound: g.inbound.map((r) => ({ ...r, ports: { from: 8443, to: 8443 } })) }
          : g,
      ),
    };
    const ref = compileReferenceS2(net);
    const [inbound, outbound] = sampleFlows(s2Network(), 2, 7);
    expect(ref.evaluate(inbound!)).toBe('unreachable:ENI_SG_RULES_MISMATCH');
    expect(ref.evaluate(outbound!)).toBe('reachable');
    expect(agreement(net, 500).disagreements).toBe(0);
  });

  it('refuses a network it does not model rather than answer for it', () => {
    const base = s2Network().network;
    expect(() =>
      compileReferenceS2({ ...base, peerings: [{ id: 'pcx', requesterVpc: 'vpc', accepterVpc: 'vpc2' }] }),
    ).toThrow(/peerings/);
  });
});
