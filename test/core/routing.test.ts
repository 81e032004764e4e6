/**
 * Route tables: RT-1 longest prefix, RT-2 replaced local target, RT-4 same-prefix priority, RT-7 blackhole wins,
 * RT-8 same subnet not routed. Expected hops derived by hand from aws-semantics.md.
 */
import { describe, expect, it } from 'vitest';
import { doc, hopIds, trace } from '../helpers.js';

const base = `cidr: 10.0.0.0/16
internetGateway: igw
subnets:
  a: { cidr: 10.0.1.0/24, routeTable: rt-a }
  b: { cidr: 10.0.2.0/24, routeTable: rt-b }
  c: { cidr: 10.0.3.0/24, routeTable: rt-c }
securityGroups:
  open: { inbound: [all from 0.0.0.0/0], outbound: [all to 0.0.0.0/0] }
instances:
  h1: { subnet: a, ip: 10.0.1.10, securityGroups: [open] }
  h1b: { subnet: a, ip: 10.0.1.11, securityGroups: [open] }
  h2: { subnet: b, ip: 10.0.2.10, securityGroups: [open] }
  fw: { subnet: c, ip: 10.0.3.10, securityGroups: [open], sourceDestCheck: false, os: 'sysctl -w net.ipv4.ip_forward=1' }
`;

describe('route tables', () => {
  it('RT-1: the longest matching prefix wins (a /24 to the appliance beats the /16 local route)', () => {
    const y = doc(`${base}routeTables:
  rt-a: { routes: { 10.0.2.0/24: fw } }
  rt-b: { routes: { 10.0.1.0/24: fw } }
  rt-c: {}`);
    const t = trace(y, { from: 'h1', to: 'h2', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    // h1 → rt-a (10.0.2.0/24 -> fw) → fw forwards → rt-c local → h2; reply the same way back through fw.
    expect(hopIds(t)).toEqual(
      expect.arrayContaining(['route-table:rt-a', 'os:fw', 'route-table:rt-c', 'instance:h2']),
    );
    expect(t.forward.hops.find((h) => h.id === 'rt-a')?.rule).toBe('10.0.2.0/24 -> fw');
    expect(hopIds(t, 'return')).toContain('os:fw');
  });

  it('RT-2: the local route target replaced by an appliance sends intra-VPC traffic through it', () => {
    const y = doc(`${base}routeTables:
  rt-a: { routes: { 10.0.0.0/16: fw } }
  rt-b: { routes: { 10.0.0.0/16: fw } }
  rt-c: {}`);
    const t = trace(y, { from: 'h1', to: 'h2', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.find((h) => h.id === 'rt-a')?.rule).toBe('10.0.0.0/16 -> fw');
  });

  it('RT-7: a blackhole route still wins the match and drops (BAD_STATE_ROUTE), it does not fall back to 0.0.0.0/0', () => {
    const y = doc(`${base}routeTables:
  rt-a: { routes: { 0.0.0.0/0: igw, 192.0.2.0/24: blackhole } }
  rt-b: {}
  rt-c: {}`);
    const t = trace(y, { from: 'h1', to: '192.0.2.7', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('BAD_STATE_ROUTE');
    expect(t.forward.hops.at(-1)?.id).toBe('rt-a');
  });

  it('RT-8: a host in the same subnet is reached without route table or NACL', () => {
    const y = doc(`${base}routeTables:
  rt-a: { routes: { 10.0.1.0/24: fw } }
  rt-b: {}
  rt-c: {}
networkAcls:
  deny-all: { inbound: [], outbound: [] }`);
    const t = trace(
      y.replace(
        'a: { cidr: 10.0.1.0/24, routeTable: rt-a }',
        'a: { cidr: 10.0.1.0/24, routeTable: rt-a, networkAcl: deny-all }',
      ),
      {
        from: 'h1',
        to: 'h1b',
        protocol: 'tcp',
        port: 22,
      },
    );
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.some((h) => h.kind === 'network-acl')).toBe(false);
    expect(t.forward.hops.some((h) => h.id === 'rt-a')).toBe(false);
    expect(t.forward.hops.find((h) => h.kind === 'route-table')?.rule).toBe(
      'same subnet: delivered at layer 2',
    );
  });

  it('RT-1: no matching route is NO_ROUTE_TO_DESTINATION at the source subnet table', () => {
    const y = doc(`${base}routeTables:
  rt-a: {}
  rt-b: {}
  rt-c: {}`);
    const t = trace(y, { from: 'h1', to: '192.0.2.7', protocol: 'tcp', port: 443 });
    expect(t.forward.code).toBe('NO_ROUTE_TO_DESTINATION');
    expect(t.forward.hops.at(-1)?.id).toBe('rt-a');
  });

  it('RT-4: a static CIDR route beats a prefix-list route for the same prefix', () => {
    const y = doc(
      `${base}routeTables:
  rt-a: { routes: { 192.0.2.0/24: igw, pl-test: fw } }
  rt-b: {}
  rt-c: {}`,
      'prefixLists:\n  pl-test: { entries: [192.0.2.0/24, 198.51.100.0/24] }\n',
    );
    const t = trace(y, { from: 'h1', to: '192.0.2.7', protocol: 'tcp', port: 443 });
    const hop = t.forward.hops.find((h) => h.id === 'rt-a');
    expect(hop?.rule).toBe('192.0.2.0/24 -> igw');
    expect(hop?.detail).toContain('pl-test (192.0.2.0/24) -> fw');
    // The prefix list's other entry has no competitor: it routes to the appliance.
    const t2 = trace(y, { from: 'h1', to: '198.51.100.7', protocol: 'tcp', port: 443 });
    expect(t2.forward.hops.find((h) => h.id === 'rt-a')?.rule).toBe('pl-test (198.51.100.0/24) -> fw');
  });
});
