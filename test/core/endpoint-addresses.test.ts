/**
 * Issue 13 §1 and §7: what address a flow's endpoints mean. Expected answers derived by hand from the AWS docs:
 * - IGW-3 (UG/VPC_Internet_Gateway.html, RA `IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS`): the internet gateway only
 *   admits inbound packets addressed to a public IP mapped to an ENI of its VPC — a private address is never
 *   forwarded from the internet, whatever public IP the ENI owning it has.
 * - PCX-4 / RT-7 (PEER/vpc-peering-routing.html, EC2API/API_Route.html): a route to a peering connection that is
 *   not active (pending-acceptance) is a blackhole; RA `BAD_STATE_ROUTE`.
 * - IGW-2: a *name* resolves as the instance's public DNS name does — to its public IP from outside its VPC.
 * - An instance sending to one of its own addresses: the OS delivers it on the loopback interface; it never
 *   reaches the ENI, so no security group, NACL or route table sees it.
 */
import { describe, expect, it } from 'vitest';
import { hopIds, trace } from '../helpers.js';

const y = `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    internetGateway: igw
    subnets:
      pub: { cidr: 10.0.0.0/24, routeTable: pub-rt }
    routeTables:
      pub-rt: { routes: { 0.0.0.0/0: igw } }
    securityGroups:
      open: { inbound: [all from 0.0.0.0/0] }
      closed: { inbound: [], outbound: [] }
    instances:
      web: { subnet: pub, ip: 10.0.0.91, publicIp: 18.216.80.133, securityGroups: [open] }
      locked: { subnet: pub, ips: [10.0.0.50, 10.0.0.51], securityGroups: [closed] }
  b:
    cidr: 10.1.0.0/16
    internetGateway: igw-b
    subnets:
      bs: { cidr: 10.1.0.0/24, routeTable: b-rt }
    routeTables:
      b-rt: { routes: { 10.0.0.0/16: pcx, 0.0.0.0/0: igw-b } }
    securityGroups:
      open-b: { inbound: [all from 0.0.0.0/0] }
    instances:
      peer: { subnet: bs, ip: 10.1.0.10, publicIp: 18.216.80.150, securityGroups: [open-b] }
peerings:
  pcx: { between: [b, a], state: pending-acceptance }
`;

describe('a literal address given as a destination means that address (issue 13 §1)', () => {
  it('IGW-3: internet → the private address of an instance that has a public IP is dropped at the internet gateway', () => {
    const t = trace(y, { from: '203.0.113.5', to: '10.0.0.91', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
    expect(t.flow.packet.dst).toBe('10.0.0.91');
    expect(hopIds(t)).toEqual(['internet:internet', 'internet-gateway:igw']);
    expect(t.return).toBeNull();
  });

  it('PCX-4, RT-7: a peered VPC → the literal private address takes the pending peering route, a blackhole', () => {
    const t = trace(y, { from: 'peer', to: '10.0.0.91', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('BAD_STATE_ROUTE');
    expect(t.flow.packet.dst).toBe('10.0.0.91');
    expect(hopIds(t)).toEqual(['instance:peer', 'security-group:open-b', 'route-table:b-rt']);
    expect(t.forward.hops.at(-1)?.rule).toBe('10.0.0.0/16 -> pcx');
  });

  it('IGW-2: a name from the internet resolves to the public IP, and the trace says which address and why', () => {
    const t = trace(y, { from: '203.0.113.5', to: 'web', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('reachable');
    expect(t.flow.packet.dst).toBe('18.216.80.133');
    expect(hopIds(t)).toEqual([
      'internet:internet',
      'internet-gateway:igw',
      'network-acl:a:default-acl',
      'security-group:open',
      'instance:web',
    ]);
    expect(t.notes[0]).toContain('addressed by its public IP 18.216.80.133');
    expect(t.notes[0]).toContain('give 10.0.0.91 to trace its private address');
  });

  it('a name from a VPC whose peering is not active resolves to the public IP (no peering DNS, PCX-4)', () => {
    const t = trace(y, { from: 'peer', to: 'web', protocol: 'tcp', port: 80 });
    expect(t.flow.packet.dst).toBe('18.216.80.133');
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t).slice(0, 5)).toEqual([
      'instance:peer',
      'security-group:open-b',
      'route-table:b-rt',
      'network-acl:b:default-acl',
      'internet-gateway:igw-b',
    ]);
    expect(t.notes.some((n) => n.includes('has no active peering with a'))).toBe(true);
  });

  it('a name with several private addresses stands for the primary one of its first interface, and says so', () => {
    const t = trace(y, { from: 'locked', to: 'web', protocol: 'tcp', port: 80 });
    expect(t.flow.packet.src).toBe('10.0.0.50');
    expect(t.notes[0]).toBe(
      'locked has 2 private IPv4 addresses: the name stands for the primary address 10.0.0.50 of locked/eth0 (its first interface); give another address to trace it',
    );
  });

  it('a literal public address is used as written, with no note', () => {
    const t = trace(y, { from: '203.0.113.5', to: '18.216.80.133', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('reachable');
    expect(t.notes.some((n) => n.includes('is named'))).toBe(false);
  });
});

describe('an instance tracing to its own address (issue 13 §7)', () => {
  it('is delivered inside the host: no security group, network ACL or route table, with a note', () => {
    // `locked` has no inbound and no outbound rules at all: anything that left the ENI would be dropped.
    const t = trace(y, { from: 'locked', to: '10.0.0.50', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toEqual(['instance:locked', 'instance:locked']);
    expect(t.forward.hops[1]?.action).toBe('deliver');
    expect(hopIds(t, 'return')).toEqual(['instance:locked', 'instance:locked']);
    expect(t.notes.some((n) => n.includes('never leaves the host'))).toBe(true);
  });

  it('a secondary private address of the same instance is also its own', () => {
    const t = trace(y, { from: 'locked', to: '10.0.0.51', protocol: 'udp', port: 53 });
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toEqual(['instance:locked', 'instance:locked']);
  });

  it('with an OS configuration, netfilter still sees the loopback packet (OUTPUT, then INPUT)', () => {
    const os = `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    subnets:
      s: { cidr: 10.0.0.0/24 }
    instances:
      box:
        subnet: s
        ip: 10.0.0.10
        os: |
          iptables -A INPUT -p tcp --dport 22 -j DROP
`;
    const ssh = trace(os, { from: 'box', to: '10.0.0.10', protocol: 'tcp', port: 22 });
    expect(ssh.verdict).toBe('unreachable');
    expect(ssh.forward.code).toBe('IPTABLES_RULE_DROP');
    expect(hopIds(ssh)).toEqual(['instance:box', 'os:box', 'netfilter:box']);
    const web = trace(os, { from: 'box', to: '10.0.0.10', protocol: 'tcp', port: 80 });
    expect(web.verdict).toBe('reachable');
    expect(hopIds(web)).toEqual(['instance:box', 'os:box', 'netfilter:box', 'instance:box']);
  });
});
