/**
 * Gateway Load Balancer with its appliances in the input (issue 16 item 3; aws-semantics.md GWLB-5…GWLB-8): the
 * endpoint's hop follows the GENEVE path to one appliance chosen per flow (symmetric 5-tuple hash, GWLB-7), through
 * the network ACLs and the appliance's security group for UDP 6081 both ways (GWLB-5), and back to the same endpoint
 * unchanged (GWLB-8). Expected hops derived by hand from those IDs and RT-3, RT-11, SG-1/SG-2, NACL-3.
 */
import { describe, expect, it } from 'vitest';
import { hopIds, net, trace } from '../helpers.js';

const doc = (fwRules: string, withGwlb = true): string => `vpcsim: 1
region: us-east-1
vpcs:
  app:
    cidr: 10.0.0.0/16
    internetGateway: { name: igw-1, routeTable: edge-rt }
    subnets:
      web-sub: { cidr: 10.0.1.0/24, az: us-east-1a, routeTable: web-rt }
      gwlbe-sub: { cidr: 10.0.0.0/28, az: us-east-1a, routeTable: gwlbe-rt }
    routeTables:
      web-rt: { routes: { 0.0.0.0/0: gwlbe } }
      gwlbe-rt: { routes: { 0.0.0.0/0: igw-1 } }
      edge-rt: { routes: { 10.0.1.0/24: gwlbe } }
    securityGroups:
      sg-web: { inbound: [] }
    instances:
      web: { subnet: web-sub, ip: 10.0.1.10, publicIp: 203.0.113.10, securityGroups: [sg-web] }
    endpoints:
      gwlbe: { type: gwlb, subnet: gwlbe-sub, service: svc-fw }
  sec:
    cidr: 10.9.0.0/16
    subnets:
      appl: { cidr: 10.9.1.0/24, az: us-east-1a, routeTable: appl-rt }
    routeTables:
      appl-rt: { routes: {} }
    securityGroups:
      sg-fw: { inbound: [${fwRules}] }
    instances:
      fw1: { subnet: appl, ip: 10.9.1.11, securityGroups: [sg-fw], sourceDestCheck: false }
      fw2: { subnet: appl, ip: 10.9.1.12, securityGroups: [sg-fw], sourceDestCheck: false }
${
  withGwlb
    ? `    loadBalancers:
      gwlb: { type: gateway, nodes: { appl: 10.9.1.100 }, listeners: ['GENEVE -> tg-fw'] }
    targetGroups:
      tg-fw: { type: instance, protocol: GENEVE, port: 6081, targets: [fw1, fw2] }
endpointServices:
  svc-fw: { loadBalancers: [gwlb] }`
    : ''
}
`;

const FLOW = { from: 'web', to: '198.51.100.7', protocol: 'tcp', port: 443 } as const;

describe('GWLB endpoint with the Gateway Load Balancer and appliances in the input', () => {
  it('goes through one appliance (GENEVE UDP 6081 admitted both ways) and back to the endpoint, unchanged', () => {
    const t = trace(doc('udp 6081 from 10.9.0.0/16'), FLOW);
    expect(t.verdict).toBe('reachable');
    const fw = hopIds(t).find((h) => h === 'instance:fw1' || h === 'instance:fw2');
    expect(fw).toBeDefined();
    // web → sg-web out → web-rt 0/0 → gwlbe (GWLB-2) → GWLB node → tg-fw picks fw → GENEVE: NACL out of the node
    // subnet is skipped (same subnet as the appliance, NACL-3), sg-fw in (udp 6081) → appliance → sg-fw out (reply of
    // the admitted GENEVE flow, SG-2) → GWLB → back at gwlbe → gwlbe-rt 0/0 → IGW (IGW-2: 203.0.113.10) → internet.
    expect(hopIds(t)).toEqual([
      'instance:web',
      'security-group:sg-web',
      'route-table:web-rt',
      'network-acl:app:default-acl',
      'network-acl:app:default-acl',
      'gwlb-endpoint:gwlbe',
      'load-balancer:gwlb',
      'target-group:tg-fw',
      'security-group:sg-fw',
      fw,
      'security-group:sg-fw',
      'load-balancer:gwlb',
      'gwlb-endpoint:gwlbe',
      'route-table:gwlbe-rt',
      'network-acl:app:default-acl',
      'internet-gateway:igw-1',
      'internet:internet',
    ]);
    // GWLB-7: the reply, back through the edge table to the same endpoint, reaches the same appliance.
    expect(hopIds(t, 'return').filter((h) => h.startsWith('instance:fw'))).toEqual([fw]);
    expect(hopIds(t, 'return')).toContain('gwlb-endpoint:gwlbe');
    expect(t.forward.finalPacket).toMatchObject({ dst: '198.51.100.7', dstPort: 443 });
  });

  it("the appliance's security group without UDP 6081 drops the GENEVE leg (GWLB-5)", () => {
    const t = trace(doc('tcp 22 from 10.9.0.0/16'), FLOW);
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(t.forward.droppedAt).toBe('sg-fw');
    const sg = t.forward.hops.find((h) => h.id === 'sg-fw');
    expect(sg?.detail).toContain('6081');
  });

  it('without the GWLB in the input the configured verdict stands, and the trace says so (GWLB-3)', () => {
    const t = trace(net(doc('udp 6081 from 10.9.0.0/16', false)), FLOW);
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).not.toContain('load-balancer:gwlb');
    const ep = t.forward.hops.find((h) => h.id === 'gwlbe');
    expect(ep?.detail).toContain('not in the input');
  });
});
