/**
 * Issue 13 §2: the return leg is delivered only if the packet reaching the initiator is the exact reverse of the
 * packet it sent. Expected answers derived by hand from the AWS docs:
 * - IGW-2 (UG/VPC_Internet_Gateway.html): a client connecting to an instance's Elastic IP reaches the instance's
 *   private IP; the reply must leave through the internet gateway to get the Elastic IP back as its source.
 * - NGW-2 (UG/vpc-nat-gateway.html): a NAT gateway replaces the source of what it forwards with its own address
 *   and remaps the port; when the instance's subnet routes 0.0.0.0/0 to a NAT gateway, the reply to the client
 *   leaves that way, arriving from the NAT gateway's Elastic IP and another port — no TCP connection completes.
 */
import { describe, expect, it } from 'vitest';
import { hopIds, trace } from '../helpers.js';
import { traceFlow } from '../../src/analysis/trace.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import { net } from '../helpers.js';

const doc = (appRoute: string): string => `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    internetGateway: igw
    subnets:
      pub: { cidr: 10.0.0.0/24, routeTable: pub-rt }
      app: { cidr: 10.0.1.0/24, routeTable: app-rt }
    routeTables:
      pub-rt: { routes: { 0.0.0.0/0: igw } }
      app-rt: { routes: { 0.0.0.0/0: ${appRoute} } }
    natGateways:
      natgw: { subnet: pub, ip: 10.0.0.100, publicIp: 198.51.100.1 }
    securityGroups:
      open: { inbound: [all from 0.0.0.0/0] }
    instances:
      web: { subnet: app, ip: 10.0.1.10, publicIp: 198.51.100.10, securityGroups: [open] }
`;

describe('a reply translated again on its way back is not a reply (NGW-2)', () => {
  it('client → Elastic IP of an instance whose default route is a NAT gateway: unreachable, REPLY_TUPLE_MISMATCH at the NAT gateway', () => {
    const t = trace(doc('natgw'), { from: '203.0.113.5', to: '198.51.100.10', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('unreachable');
    // The request itself gets there (IGW-2).
    expect(t.forward.disposition).toBe('delivered');
    expect(hopIds(t)).toEqual([
      'internet:internet',
      'internet-gateway:igw',
      'network-acl:a:default-acl',
      'security-group:open',
      'instance:web',
    ]);
    // The reply leaves through the NAT gateway (NGW-2), then the IGW maps the NAT gateway's address (IGW-2).
    expect(hopIds(t, 'return')).toEqual([
      'instance:web',
      'security-group:open',
      'route-table:app-rt',
      'network-acl:a:default-acl',
      'network-acl:a:default-acl',
      'nat-gateway:natgw',
      'route-table:pub-rt',
      'network-acl:a:default-acl',
      'internet-gateway:igw',
      'internet:internet',
      'internet:internet',
    ]);
    expect(t.return?.code).toBe('REPLY_TUPLE_MISMATCH');
    expect(t.return?.retranslatedAt).toBe('natgw');
    const last = t.return?.hops.at(-1);
    expect(last?.action).toBe('drop');
    // What the client waits for (the reverse of what it sent) and what arrives instead.
    expect(last?.detail).toContain('tcp 198.51.100.10:80 → 203.0.113.5:50000');
    expect(last?.packet.src).toBe('198.51.100.1');
    expect(last?.packet.srcPort).not.toBe(80);
  });

  it('the same instance behind a route to the internet gateway answers from its Elastic IP: reachable', () => {
    const t = trace(doc('igw'), { from: '203.0.113.5', to: '198.51.100.10', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('reachable');
    expect(t.return?.finalPacket).toMatchObject({ src: '198.51.100.10', srcPort: 80, dst: '203.0.113.5' });
  });

  it('outbound through the NAT gateway stays reachable: the reply is translated back (NGW-2)', () => {
    const t = trace(doc('natgw'), { from: 'web', to: '192.0.2.1', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    expect(t.return?.finalPacket).toMatchObject({
      src: '192.0.2.1',
      srcPort: 443,
      dst: '10.0.1.10',
      dstPort: 50000,
    });
  });

  it('ICMP echo is judged the same way', () => {
    const t = trace(doc('natgw'), { from: '203.0.113.5', to: '198.51.100.10', protocol: 'icmp' });
    expect(t.verdict).toBe('unreachable');
    expect(t.return?.code).toBe('REPLY_TUPLE_MISMATCH');
  });

  it('a verdict-only trace reaches the same verdict, code and re-translating component', () => {
    const c = compileNetwork(net(doc('natgw'))).compiled;
    const t = traceFlow(
      c,
      { from: '203.0.113.5', to: '198.51.100.10', protocol: 'tcp', port: 80 },
      { record: false },
    );
    expect(t.verdict).toBe('unreachable');
    expect(t.return?.code).toBe('REPLY_TUPLE_MISMATCH');
    expect(t.return?.retranslatedAt).toBe('natgw');
  });
});
