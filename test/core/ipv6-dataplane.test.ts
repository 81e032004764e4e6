/**
 * IPv6 in the data plane (issue 18 item 2; S8's dual-stack subnet): IPv6 routes and the IPv6 local route (V6-3),
 * the internet gateway without translation (V6-2, V6-4), security-group rules of each family (V6-7), the default
 * NACL's IPv6 rule and a custom NACL's IPv6 `*` deny (V6-8). Expected verdicts, codes and hops derived by hand.
 * The native format cannot yet declare interface IPv6 addresses, so the test adds them to the model.
 */
import { describe, expect, it } from 'vitest';
import { hopIds, net, trace } from '../helpers.js';
import type { Network } from '../../src/model/network.js';

const S8_PUBLIC = `vpcsim: 1
region: ap-northeast-1
vpcs:
  dual:
    cidr: 10.80.0.0/16
    ipv6Cidr: 2001:db8:80::/56
    internetGateway: igw-80
    subnets:
      pub: { cidr: 10.80.0.0/24, ipv6Cidr: 2001:db8:80::/64, az: ap-northeast-1a, routeTable: Pub-RTB }
    routeTables:
      Pub-RTB:
        routes: { 0.0.0.0/0: igw-80, "::/0": igw-80 }
    securityGroups:
      sg-ds1:
        inbound: [tcp 443 from 0.0.0.0/0]
        outbound: [all to 0.0.0.0/0, all to ::/0]
    instances:
      ds1: { subnet: pub, ip: 10.80.0.10, publicIp: 203.0.113.80, securityGroups: [sg-ds1] }
`;

/** The network with ds1's interface given the IPv6 address 2001:db8:80::10 (V6-1). */
function dualStack(yaml: string): Network {
  const n = net(yaml);
  return {
    ...n,
    networkInterfaces: n.networkInterfaces.map((e) =>
      e.instance === 'ds1' ? { ...e, ipv6Addresses: ['2001:db8:80::10'] } : e,
    ),
  };
}

describe('IPv6 through a dual-stack public subnet', () => {
  it('V6-2, V6-3: ds1 reaches an IPv6 internet host through ::/0 → igw, without translation', () => {
    const t = trace(dualStack(S8_PUBLIC), {
      from: 'ds1',
      to: '2001:db8:ffff::10',
      protocol: 'tcp',
      port: 443,
    });
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toEqual([
      'instance:ds1',
      'security-group:sg-ds1',
      'route-table:Pub-RTB',
      'network-acl:dual:default-acl',
      'internet-gateway:igw-80',
      'internet:internet',
    ]);
    // No NAT for IPv6: the internet sees ds1's own address (V6-2).
    const igw = t.forward.hops.find((h) => h.id === 'igw-80');
    expect(igw?.action).toBe('forward');
    expect(igw?.packet.src).toBe('2001:db8:80::10');
    expect(t.return?.hops.at(-1)?.id).toBe('ds1');
  });

  it('V6-7: an inbound rule for 0.0.0.0/0 never admits an IPv6 source (S8 flow 2)', () => {
    const t = trace(dualStack(S8_PUBLIC), {
      from: '2001:db8:ffff::10',
      to: 'ds1',
      protocol: 'tcp',
      port: 443,
    });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(hopIds(t)).toEqual([
      'internet:internet',
      'internet-gateway:igw-80',
      'network-acl:dual:default-acl',
      'security-group:sg-ds1',
    ]);
  });

  it('V6-7: with tcp/443 from ::/0 the same flow is reachable (V6-4: delivered by the local route)', () => {
    const yaml = S8_PUBLIC.replace(
      'inbound: [tcp 443 from 0.0.0.0/0]',
      'inbound: [tcp 443 from 0.0.0.0/0, tcp 443 from ::/0]',
    );
    const t = trace(dualStack(yaml), { from: '2001:db8:ffff::10', to: 'ds1', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t).at(-1)).toBe('instance:ds1');
  });

  it('the IPv4 flow is unchanged: 1:1 NAT at the internet gateway (IGW-2)', () => {
    const t = trace(dualStack(S8_PUBLIC), { from: 'ds1', to: '198.51.100.10', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    const igw = t.forward.hops.find((h) => h.id === 'igw-80');
    expect(igw?.action).toBe('translate');
  });

  it('V6-8, NACL-2: a custom NACL with only IPv4 rules denies IPv6 at its IPv6 * rule (S8 B8.4)', () => {
    const yaml = S8_PUBLIC.replace(
      'routeTable: Pub-RTB }',
      'routeTable: Pub-RTB, networkAcl: v4-only }',
    ).replace(
      '    securityGroups:',
      `    networkAcls:
      v4-only:
        inbound: ["100 allow all from 0.0.0.0/0"]
        outbound: ["100 allow all to 0.0.0.0/0"]
    securityGroups:`,
    );
    const t = trace(dualStack(yaml), { from: 'ds1', to: '2001:db8:ffff::10', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('SUBNET_ACL_RESTRICTION');
    const acl = t.forward.hops.at(-1);
    expect(acl?.id).toBe('v4-only');
    expect(acl?.rule).toBe('* All All ::/0 DENY');
    // IPv4 still passes rule 100.
    expect(
      trace(dualStack(yaml), { from: 'ds1', to: '198.51.100.10', protocol: 'tcp', port: 443 }).verdict,
    ).toBe('reachable');
  });

  it('a named endpoint without an IPv6 address cannot be one end of an IPv6 flow (V6-1)', () => {
    expect(() =>
      trace(net(S8_PUBLIC), { from: 'ds1', to: '2001:db8:ffff::10', protocol: 'tcp', port: 443 }),
    ).toThrow(/has no IPv6 address/);
  });
});
