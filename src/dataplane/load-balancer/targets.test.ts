import { describe, expect, it } from 'vitest';
import { crossZoneFor, eligibleTargets, remappedPort, sourceSeenByTarget } from './targets.js';
import type { CLbNode, CLbTarget, CLoadBalancer, CTargetGroup } from './types.js';
import type { CEni } from '../compiled.js';

function lbWith(type: CLoadBalancer['type'], azs: string[], crossZone = false): CLoadBalancer {
  const lb: CLoadBalancer = {
    id: 'lb',
    type,
    scheme: 'internal',
    nodes: [],
    listeners: [],
    crossZone,
    hasSecurityGroups: false,
    enforceOnPrivateLink: true,
    active: true,
    classicTargets: [],
  };
  azs.forEach((az, i) => lb.nodes.push({ lb, eni: {} as CEni, az, ip: i + 1 }));
  return lb;
}
const t = (id: string, az: string): CLbTarget => ({ id, ip: 1, port: 443, az });
const tg = (over: Partial<CTargetGroup>): CTargetGroup => ({
  id: 'tg',
  type: 'instance',
  protocol: 'TCP',
  port: 443,
  targets: [],
  preserveClientIp: true,
  preserveExplicit: false,
  crossZone: undefined,
  ...over,
});

describe('target choice by AZ (ELB-1, ELB-2)', () => {
  const lb = lbWith('network', ['1a', '1c']);
  const node = lb.nodes[0] as CLbNode;
  const targets = [t('web2', '1c'), t('web1', '1a'), t('far', '1d'), t('onprem', 'all')];
  it('cross-zone off: only the node AZ (and IP targets outside the VPC); the others named', () => {
    const e = eligibleTargets(node, targets, false);
    expect(e.targets.map((x) => x.id)).toEqual(['web1', 'onprem']);
    expect(e.otherAz.map((x) => x.id)).toEqual(['web2']);
    expect(e.noNode.map((x) => x.id)).toEqual(['far']);
  });
  it('cross-zone on: own AZ first, then the other AZs with a node; never an AZ without a node', () => {
    const e = eligibleTargets(node, targets, true);
    expect(e.targets.map((x) => x.id)).toEqual(['web1', 'onprem', 'web2']);
    expect(e.noNode.map((x) => x.id)).toEqual(['far']);
  });
  it('a target group may override the load balancer setting; ALB is on at LB level', () => {
    expect(crossZoneFor(lb, tg({ crossZone: true }))).toBe(true);
    expect(crossZoneFor(lbWith('application', ['1a'], true), tg({}))).toBe(true);
    expect(crossZoneFor(lb, undefined)).toBe(false);
  });
});

describe('the source a target sees (NLB-3, NLB-4, ALB-1, PL-6)', () => {
  const nlb = lbWith('network', ['1a']);
  it('instance targets keep the client address by default', () => {
    expect(sourceSeenByTarget(nlb, tg({ type: 'instance' }), false).kind).toBe('client');
  });
  it('ip targets over TCP get the node address when preservation is off', () => {
    const s = sourceSeenByTarget(nlb, tg({ type: 'ip', preserveClientIp: false }), false);
    expect(s.kind).toBe('node');
    expect(s.refs).toContain('NLB-4');
  });
  it('PrivateLink traffic always arrives from the node, whatever the setting', () => {
    expect(sourceSeenByTarget(nlb, tg({ preserveClientIp: true }), true).kind).toBe('node');
  });
  it('ALB and Classic are proxies', () => {
    expect(sourceSeenByTarget(lbWith('application', ['1a']), tg({}), false).kind).toBe('node');
    expect(sourceSeenByTarget(lbWith('classic', ['1a']), undefined, false).kind).toBe('node');
  });
  it('remapped ports stay in 1024-65535', () => {
    expect(remappedPort(50000)).toBe(50000);
    expect(remappedPort(80)).toBe(1104);
  });
});
