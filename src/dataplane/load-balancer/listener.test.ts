import { describe, expect, it } from 'vitest';
import { listenerCarries, matchListener, selectRule, wildcardMatch } from './listener.js';
import type { CListener, CListenerRule, CLoadBalancer } from './types.js';

const rule = (r: Partial<CListenerRule> & { text: string }): CListenerRule => ({
  priority: undefined,
  hosts: [],
  paths: [],
  other: [],
  action: 'forward',
  groups: [],
  weights: [],
  ...r,
});
const listener = (
  protocol: CListener['protocol'],
  port: number | undefined,
  rules: CListenerRule[] = [],
): CListener => ({
  protocol,
  port,
  rules,
  instancePort: undefined,
  text: `${protocol}:${port ?? ''}`,
});
const lb = (listeners: CListener[]): CLoadBalancer => ({
  id: 'lb',
  type: 'network',
  scheme: 'internal',
  nodes: [],
  listeners,
  crossZone: false,
  hasSecurityGroups: false,
  enforceOnPrivateLink: true,
  active: true,
  classicTargets: [],
});

describe('listener match (NLB-2, GWLB-1)', () => {
  it('TCP_UDP carries both, TLS and HTTP only TCP, QUIC only UDP, GENEVE everything', () => {
    expect([6, 17].map((p) => listenerCarries('TCP_UDP', p))).toEqual([true, true]);
    expect([6, 17].map((p) => listenerCarries('TLS', p))).toEqual([true, false]);
    expect([6, 17].map((p) => listenerCarries('HTTP', p))).toEqual([true, false]);
    expect([6, 17].map((p) => listenerCarries('QUIC', p))).toEqual([false, true]);
    expect([1, 6, 50].map((p) => listenerCarries('GENEVE', p))).toEqual([true, true, true]);
  });
  it('takes a packet only on (protocol, port) of a listener: ELBV2_LISTENERS_MISMATCH otherwise', () => {
    const l443 = listener('TCP', 443);
    const u53 = listener('UDP', 53);
    const b = lb([l443, u53]);
    expect(matchListener(b, 6, 443)).toBe(l443);
    expect(matchListener(b, 17, 53)).toBe(u53);
    expect(matchListener(b, 17, 443)).toBeUndefined();
    expect(matchListener(b, 6, 22)).toBeUndefined();
  });
});

describe('ALB rules (ALB-3)', () => {
  const admin = rule({ priority: 10, hosts: ['admin.example.com'], text: 'rule 10' });
  const api = rule({ priority: 20, paths: ['/api/*'], text: 'rule 20' });
  const hdr = rule({ priority: 5, other: ['http-header X-Env=test'], text: 'rule 5' });
  const def = rule({ text: 'default' });
  const l = listener('HTTP', 80, [hdr, admin, api, def]);
  it('host and path wildcards: host case-insensitive, path case-sensitive', () => {
    expect(wildcardMatch('*.example.com', 'WWW.Example.com', true)).toBe(true);
    expect(wildcardMatch('/api/*', '/API/x', false)).toBe(false);
    expect(wildcardMatch('/img/?.png', '/img/a.png', false)).toBe(true);
  });
  it('first matching rule by priority; the default rule last', () => {
    expect(selectRule(l, 'admin.example.com', '/').rule).toBe(admin);
    expect(selectRule(l, 'www.example.com', '/api/orders').rule).toBe(api);
    expect(selectRule(l, 'www.example.com', '/orders').rule).toBe(def);
    expect(selectRule(l, 'admin.example.com:80', '/').rule).toBe(admin);
  });
  it('a condition whose value the flow does not carry is not evaluated and is listed', () => {
    const r = selectRule(l, undefined, undefined);
    expect(r.rule).toBe(def);
    expect(r.unevaluated).toEqual(['rule 5', 'rule 10', 'rule 20']);
  });
});
