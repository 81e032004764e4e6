/**
 * Issue 13 "also check": per-AZ NAT gateway and firewall-endpoint affinity. From the AWS docs:
 * - NGW-10 (UG/vpc-nat-gateway.html): a NAT gateway is AZ-scoped; AWS still forwards a subnet's traffic to a NAT
 *   gateway in another AZ when its route says so (only cost and resilience suffer), so the trace follows the route.
 * - NFW-1/NFW-4 (NFW/firewalls.html, NFW/asymmetric-routing.html): one firewall endpoint per AZ, and both
 *   directions of a flow must pass the same endpoint; an IGW edge route (RT-11) that sends a subnet's inbound
 *   traffic to another AZ's endpoint while the subnet's outbound route uses its own breaks that.
 * vpcsim follows the routes as written (trace) and warns about the crossing (validate, CROSS_AZ_ROUTE).
 */
import { describe, expect, it } from 'vitest';
import { diagnose, trace } from '../helpers.js';

const nat = `vpcsim: 1
region: us-east-1
vpcs:
  v:
    cidr: 10.0.0.0/16
    internetGateway: igw
    subnets:
      pub-a: { cidr: 10.0.0.0/24, az: us-east-1a, routeTable: pub }
      pub-b: { cidr: 10.0.1.0/24, az: us-east-1b, routeTable: pub }
      app-a: { cidr: 10.0.10.0/24, az: us-east-1a, routeTable: priv }
      app-b: { cidr: 10.0.11.0/24, az: us-east-1b, routeTable: priv }
    routeTables:
      pub: { routes: { 0.0.0.0/0: igw } }
      priv: { routes: { 0.0.0.0/0: natgw-a } }
    natGateways:
      natgw-a: { subnet: pub-a, ip: 10.0.0.100, publicIp: 198.51.100.1 }
      natgw-b: { subnet: pub-b, ip: 10.0.1.100, publicIp: 198.51.100.2 }
    instances:
      web-b: { subnet: app-b, ip: 10.0.11.10 }
`;

describe('NAT gateway affinity (NGW-10)', () => {
  it('AWS forwards to the other AZ as routed: the trace from AZ b leaves through natgw-a', () => {
    const t = trace(nat, { from: 'web-b', to: '192.0.2.1', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.some((h) => h.id === 'natgw-a' && h.action === 'translate')).toBe(true);
    expect(t.forward.finalPacket?.src).toBe('198.51.100.1');
  });

  it('validate warns once for the shared route, naming the subnet in AZ b and its own NAT gateway', () => {
    const d = diagnose(nat).filter((x) => x.code === 'CROSS_AZ_ROUTE');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'warning', resource: 'priv', ref: 'NGW-10' });
    expect(d[0]?.message).toContain('app-b (us-east-1b, which has natgw-b)');
    expect(d[0]?.message).not.toContain('app-a');
  });

  it('one route table per AZ, each to its own NAT gateway: no warning', () => {
    const fixed = nat
      .replace(
        'app-b: { cidr: 10.0.11.0/24, az: us-east-1b, routeTable: priv }',
        'app-b: { cidr: 10.0.11.0/24, az: us-east-1b, routeTable: priv-b }',
      )
      .replace(
        'priv: { routes: { 0.0.0.0/0: natgw-a } }',
        'priv: { routes: { 0.0.0.0/0: natgw-a } }\n      priv-b: { routes: { 0.0.0.0/0: natgw-b } }',
      );
    expect(diagnose(fixed).map((x) => x.code)).not.toContain('CROSS_AZ_ROUTE');
  });
});

const fw = `vpcsim: 1
region: us-east-1
vpcs:
  v:
    cidr: 10.0.0.0/16
    internetGateway: { name: igw, routeTable: edge }
    subnets:
      fw-a: { cidr: 10.0.0.0/28, az: us-east-1a, routeTable: fw }
      fw-b: { cidr: 10.0.0.16/28, az: us-east-1b, routeTable: fw }
      web-a: { cidr: 10.0.1.0/24, az: us-east-1a, routeTable: web-a-rt }
      web-b: { cidr: 10.0.2.0/24, az: us-east-1b, routeTable: web-b-rt }
    routeTables:
      fw: { routes: { 0.0.0.0/0: igw } }
      web-a-rt: { routes: { 0.0.0.0/0: vpce-a } }
      web-b-rt: { routes: { 0.0.0.0/0: vpce-b } }
      edge: { routes: { 10.0.1.0/24: vpce-a, 10.0.2.0/24: vpce-a } }
    firewalls:
      nfw:
        policy: pass-all
        subnets: [fw-a, fw-b]
        endpoints: { fw-a: vpce-a, fw-b: vpce-b }
    securityGroups:
      web: { inbound: [tcp 443 from 0.0.0.0/0] }
    instances:
      server-b: { subnet: web-b, ip: 10.0.2.10, publicIp: 198.51.100.20, securityGroups: [web] }
firewallPolicies:
  pass-all:
    statelessDefaultActions: ['aws:forward_to_sfe']
    statelessFragmentDefaultActions: ['aws:forward_to_sfe']
`;

describe('firewall endpoint affinity (NFW-1, NFW-4)', () => {
  it('internet → server in AZ b: in through vpce-a (edge route), the reply out through vpce-b, which drops it (NFW-4)', () => {
    const t = trace(fw, { from: '203.0.113.5', to: 'server-b', protocol: 'tcp', port: 443 });
    expect(t.forward.hops.some((h) => h.id === 'vpce-a')).toBe(true);
    // vpce-b never saw the request: with the default StreamExceptionPolicy DROP it drops the reply (NFW-4).
    expect(t.verdict).toBe('unreachable');
    expect(t.return?.code).toBe('FIREWALL_RULES_RESTRICTION');
    expect(t.return?.droppedAt).toBe('vpce-b');
  });

  it("validate warns about the edge route for web-b's CIDR (another AZ's endpoint), not about web-a's", () => {
    const d = diagnose(fw).filter((x) => x.code === 'CROSS_AZ_ROUTE');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ resource: 'edge', ref: 'NFW-1' });
    expect(d[0]?.message).toContain('10.0.2.0/24 -> vpce-a');
    expect(d[0]?.message).toContain('web-b (us-east-1b, which has vpce-b)');
    expect(d[0]?.message).toContain('NFW-4');
  });
});
