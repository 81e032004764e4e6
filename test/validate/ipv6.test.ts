/**
 * IPv6 validation (issue 18 item 3): VPC and subnet IPv6 CIDRs (V6-1), IPv6-only subnets, interface IPv6
 * addresses, IPv6 routes to a NAT gateway (NGW-4, V6-6) and to an egress-only gateway (V6-5), and the dual-stack
 * leak lint (V6-7). Each case names the code and where it points; the clean S8 example has no finding.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../helpers.js';

const S8 = readFileSync(new URL('../../examples/s8-dual-stack.yaml', import.meta.url), 'utf8');
const codes = (yaml: string): string[] => diagnose(yaml).map((d) => d.code);
const find = (yaml: string, code: string) => diagnose(yaml).find((d) => d.code === code);

describe('IPv6 addressing (V6-1)', () => {
  it('the S8 network is clean', () => {
    expect(diagnose(S8)).toEqual([]);
  });

  it('a VPC IPv6 block that is not a /56 is a warning (BYOIP/IPAM only)', () => {
    const d = find(
      S8.replace('ipv6Cidr: 2001:db8:80::/56', 'ipv6Cidr: 2001:db8:80::/48'),
      'VPC_IPV6_CIDR_SIZE',
    );
    expect(d?.severity).toBe('warning');
    expect(d?.ref).toBe('V6-1');
  });

  it('a subnet IPv6 CIDR must be a /64 inside the VPC block', () => {
    expect(codes(S8.replace("ipv6Cidr: '2001:db8:80:1::/64'", "ipv6Cidr: '2001:db8:80:1::/60'"))).toContain(
      'SUBNET_IPV6_CIDR_SIZE',
    );
    expect(codes(S8.replace("ipv6Cidr: '2001:db8:80:1::/64'", "ipv6Cidr: '2001:db8:99:1::/64'"))).toContain(
      'SUBNET_OUTSIDE_VPC',
    );
    expect(codes(S8.replace("ipv6Cidr: '2001:db8:80:1::/64'", "ipv6Cidr: '2001:db8:80::/64'"))).toContain(
      'SUBNET_OVERLAP',
    );
  });

  it('a subnet IPv6 CIDR in a VPC without an IPv6 block is refused', () => {
    const d = find(S8.replace('    ipv6Cidr: 2001:db8:80::/56\n', ''), 'SUBNET_IPV6_WITHOUT_VPC_IPV6');
    expect(d?.severity).toBe('error');
  });

  it('a subnet with neither CIDR is refused', () => {
    expect(codes(S8.replace("v6only: { ipv6Cidr: '2001:db8:80:2::/64', ", 'v6only: { '))).toContain(
      'SUBNET_NO_CIDR',
    );
  });

  it('interface IPv6 addresses: in the subnet /64, not reserved, unique', () => {
    expect(codes(S8.replace('ipv6: 2001:db8:80:1::10', 'ipv6: 2001:db8:80:7::10'))).toContain(
      'IP_OUTSIDE_SUBNET',
    );
    expect(codes(S8.replace('ipv6: 2001:db8:80:1::10', 'ipv6: 2001:db8:80:1::3'))).toContain('IP_RESERVED');
    expect(codes(S8.replace('ipv6: 2001:db8:80:2::20', "ipv6: '2001:db8:80:2::'"))).toContain('IP_RESERVED');
    expect(codes(S8.replace('ipv6: 2001:db8:80:1::10', 'ipv6: 2001:db8:80:1::1g'))).toContain('INVALID_IP');
  });
});

describe('IPv6-only subnets (V6-1)', () => {
  it('an interface there cannot have an IPv4 address', () => {
    const d = find(
      S8.replace(
        '        ipv6: 2001:db8:80:2::20',
        '        ip: 10.80.2.20\n        ipv6: 2001:db8:80:2::20',
      ),
      'IPV6_ONLY_SUBNET_IPV4_ADDRESS',
    );
    expect(d?.resource).toBe('v6a/eth0');
  });

  it('a NAT gateway cannot live there (it needs an IPv4 address)', () => {
    const yaml = S8.replace(
      'nat-80: { subnet: public, ip: 10.80.0.10, publicIp: 203.0.113.88 }',
      'nat-80: { subnet: v6only, ip: 10.80.0.10, publicIp: 203.0.113.88 }',
    );
    expect(codes(yaml)).toContain('NAT_GATEWAY_IPV6_ONLY_SUBNET');
  });
});

describe('IPv6 routes', () => {
  it('NGW-4, V6-6: ::/0 → NAT gateway is refused; 64:ff9b::/96 → NAT gateway is NAT64 and fine', () => {
    const yaml = S8.replace(
      "{ 0.0.0.0/0: nat-80, '::/0': eigw-80 }",
      "{ 0.0.0.0/0: nat-80, '::/0': nat-80 }",
    );
    const d = find(yaml, 'ROUTE_IPV6_NAT_GATEWAY');
    expect(d?.severity).toBe('error');
    expect(d?.message).toContain('route ::/0 -> nat-gateway nat-80 in priv-rtb');
    expect(d?.span?.line).toBeGreaterThan(0);
    expect(codes(S8)).not.toContain('ROUTE_IPV6_NAT_GATEWAY');
  });

  it('V6-5: an IPv4 route to an egress-only gateway is refused', () => {
    const yaml = S8.replace(
      "{ 0.0.0.0/0: nat-80, '::/0': eigw-80 }",
      "{ 0.0.0.0/0: eigw-80, '::/0': eigw-80 }",
    );
    expect(codes(yaml)).toContain('ROUTE_EIGW_IPV4');
  });

  it('RT-6: nothing may be routed inside fd00:ec2::/32', () => {
    const yaml = S8.replace(
      "{ 0.0.0.0/0: nat-80, '::/0': eigw-80 }",
      "{ 0.0.0.0/0: nat-80, 'fd00:ec2::/48': eigw-80 }",
    );
    expect(codes(yaml)).toContain('ROUTE_RESERVED_DESTINATION');
  });
});

describe('lint: the dual-stack leak (V6-7)', () => {
  it('::/0 open where 0.0.0.0/0 is not, for the same port', () => {
    const yaml = S8.replace(
      'inbound: [tcp 443 from 0.0.0.0/0]',
      'inbound: [tcp 443 from 0.0.0.0/0, tcp 22 from ::/0]',
    );
    const d = find(yaml, 'SG_DUAL_STACK_LEAK');
    expect(d?.severity).toBe('warning');
    expect(d?.resource).toBe('sg-ds1');
    expect(d?.message).toContain('admits tcp 22 from ::/0 but not from 0.0.0.0/0');
  });

  it('not when 0.0.0.0/0 admits the same traffic', () => {
    const yaml = S8.replace(
      'inbound: [tcp 443 from 0.0.0.0/0]',
      'inbound: [tcp 443 from 0.0.0.0/0, tcp 443 from ::/0]',
    );
    expect(codes(yaml)).not.toContain('SG_DUAL_STACK_LEAK');
  });
});
