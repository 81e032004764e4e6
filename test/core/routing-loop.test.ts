/**
 * Issue 13 §8: routing loops. Expected answers derived by hand from the AWS docs:
 * - RT-1 (UG/VPC_Route_Tables.html): every route table forwards by longest prefix match, the same way each time.
 * - NGW-1/NGW-2 (UG/vpc-nat-gateway.html): a public NAT gateway lives in a public subnet and reaches the internet
 *   through the internet gateway; it rewrites only the source. Placed in a subnet whose default route points at
 *   itself, what it translates comes straight back to it: pub-rt → natgw → pub-rt, forever.
 * The trace stops at the first repeated forwarding state and reports `ROUTING_LOOP` once, naming the cycle; the
 * diagram draws each edge of the cycle once; validation warns about the configuration.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, hopIds, net, trace } from '../helpers.js';
import { buildTopology } from '../../src/render/diagram/topology.js';
import { traceOverlay } from '../../src/render/diagram/overlay.js';
import { traceFlow } from '../../src/analysis/trace.js';
import { compileNetwork } from '../../src/dataplane/compile.js';

const y = `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    internetGateway: igw
    subnets:
      pub: { cidr: 10.0.0.0/24, routeTable: pub-rt }
      app: { cidr: 10.0.1.0/24, routeTable: app-rt }
    routeTables:
      pub-rt: { routes: { 0.0.0.0/0: natgw } }
      app-rt: { routes: { 0.0.0.0/0: natgw } }
    natGateways:
      natgw: { subnet: pub, ip: 10.0.0.100, publicIp: 198.51.100.1 }
    instances:
      web: { subnet: app, ip: 10.0.1.10 }
`;

describe('a public NAT gateway whose own subnet routes 0.0.0.0/0 to it', () => {
  const flow = { from: 'web', to: '192.0.2.1', protocol: 'tcp', port: 443 } as const;

  it('RT-1: the trace stops at the first repeated state with ROUTING_LOOP naming the cycle, once', () => {
    const t = trace(y, flow);
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('ROUTING_LOOP');
    expect(hopIds(t)).toEqual([
      'instance:web',
      'security-group:a:default-sg',
      'route-table:app-rt',
      'network-acl:a:default-acl',
      'network-acl:a:default-acl',
      'nat-gateway:natgw',
      'route-table:pub-rt',
      'nat-gateway:natgw',
      'nat-gateway:natgw',
    ]);
    const last = t.forward.hops.at(-1);
    expect(last).toMatchObject({ kind: 'nat-gateway', action: 'drop', code: 'ROUTING_LOOP' });
    expect(last?.rule).toBe('cycle: pub-rt → natgw → pub-rt');
    expect(t.forward.hops.filter((h) => h.code === 'ROUTING_LOOP')).toHaveLength(1);
    expect(t.forward.droppedAt).toBe('natgw');
  });

  it('a verdict-only trace stops at the same place with the same code', () => {
    const t = traceFlow(compileNetwork(net(y)).compiled, flow, { record: false });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('ROUTING_LOOP');
    expect(t.forward.droppedAt).toBe('natgw');
  });

  it('the diagram draws the cycle once: no edge twice', () => {
    const n = net(y);
    const o = traceOverlay(buildTopology(n), trace(n, flow));
    const edges = o.forward.steps.map((s) => `${s.from} > ${s.to}`);
    expect(new Set(edges).size).toBe(edges.length);
    expect(edges).toEqual([
      'inst:web > router:app',
      'router:app > nat:natgw',
      'nat:natgw > router:pub',
      'router:pub > nat:natgw',
    ]);
    expect(o.forward.drop).toMatchObject({ node: 'nat:natgw', code: 'ROUTING_LOOP' });
  });

  it('validation warns: the loop (RT-1) and the NAT gateway without an internet route (NGW-1)', () => {
    const d = diagnose(y);
    const loop = d.filter((x) => x.code === 'ROUTING_LOOP');
    expect(loop).toHaveLength(1);
    expect(loop[0]?.severity).toBe('warning');
    expect(loop[0]?.message).toContain('natgw → pub-rt → natgw');
    const ngw = d.find((x) => x.code === 'NAT_GATEWAY_SUBNET_NOT_PUBLIC');
    expect(ngw).toMatchObject({ severity: 'warning', resource: 'natgw', ref: 'NGW-1' });
  });

  it('the same network with the NAT gateway subnet routed to the internet gateway: no loop, no warning', () => {
    const fixed = y.replace(
      'pub-rt: { routes: { 0.0.0.0/0: natgw } }',
      'pub-rt: { routes: { 0.0.0.0/0: igw } }',
    );
    expect(trace(fixed, flow).verdict).toBe('reachable');
    const codes = diagnose(fixed).map((x) => x.code);
    expect(codes).not.toContain('ROUTING_LOOP');
    expect(codes).not.toContain('NAT_GATEWAY_SUBNET_NOT_PUBLIC');
  });

  it('a NAT gateway whose subnet has no route for the destination: lost there, but no loop is claimed (RT-1)', () => {
    // app-rt sends 0.0.0.0/0 to natgw; pub-rt routes only 192.0.2.0/24 (to the IGW), so 0.0.0.0/0 meets no route
    // in natgw's subnet: the chain ends there (before, the lint reported 'natgw → natgw').
    const noRoute = y.replace(
      'pub-rt: { routes: { 0.0.0.0/0: natgw } }',
      'pub-rt: { routes: { 192.0.2.0/24: igw } }',
    );
    expect(diagnose(noRoute).map((x) => x.code)).not.toContain('ROUTING_LOOP');
  });
});
