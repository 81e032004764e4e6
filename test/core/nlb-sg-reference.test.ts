/**
 * NLB-7: a target security-group rule referencing the NLB's security group admits the traffic the NLB forwards, even
 * with client IP preservation on (the packet's source is the client, which is in no group). Expected answers derived
 * by hand from aws-semantics.md NLB-3, NLB-5, NLB-7, SG-6.
 */
import { describe, expect, it } from 'vitest';
import { doc, hopIds, trace } from '../helpers.js';

const net = (targetRule: string): string =>
  doc(`cidr: 10.9.0.0/16
internetGateway: igw-9
subnets:
  pub: { cidr: 10.9.0.0/24, az: us-east-1a, routeTable: pub-rt }
  app: { cidr: 10.9.1.0/24, az: us-east-1a, routeTable: app-rt }
routeTables:
  pub-rt: { routes: { 0.0.0.0/0: igw-9 } }
  app-rt: { routes: {} }
securityGroups:
  sg-nlb: { inbound: [tcp 80 from 0.0.0.0/0] }
  sg-other: { inbound: [] }
  sg-app: { inbound: [${targetRule}] }
instances:
  srv: { subnet: app, ip: 10.9.1.10, securityGroups: [sg-app] }
loadBalancers:
  nlb:
    type: network
    nodes: { pub: { ip: 10.9.0.50, publicIp: 203.0.113.9 } }
    securityGroups: [sg-nlb]
    listeners: ['TCP:80 -> tg']
targetGroups:
  tg: { type: instance, protocol: TCP, port: 80, targets: [srv] }`);

describe('NLB-7: target rules referencing the NLB security group', () => {
  it('admit the forwarded flow although the client address is kept (instance target, NLB-3)', () => {
    const t = trace(net('tcp 80 from sg-nlb'), {
      from: '198.51.100.7',
      to: '203.0.113.9',
      protocol: 'tcp',
      port: 80,
    });
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toEqual([
      'internet:internet',
      'internet-gateway:igw-9',
      'network-acl:vpc:default-acl',
      'security-group:sg-nlb',
      'load-balancer:nlb',
      'target-group:tg',
      'load-balancer:nlb',
      'security-group:sg-nlb',
      'route-table:pub-rt',
      'network-acl:vpc:default-acl',
      'network-acl:vpc:default-acl',
      'security-group:sg-app',
      'instance:srv',
    ]);
    expect(t.forward.finalPacket?.src).toBe('198.51.100.7');
    const sg = t.forward.hops.find((h) => h.id === 'sg-app');
    expect(sg?.refs).toEqual(['SG-1', 'NLB-7']);
    expect(sg?.detail).toContain('NLB-7');
  });

  it('a reference to another group does not match the client address (NLB-5)', () => {
    const t = trace(net('tcp 80 from sg-other'), {
      from: '198.51.100.7',
      to: '203.0.113.9',
      protocol: 'tcp',
      port: 80,
    });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.droppedAt).toBe('sg-app');
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
  });
});
