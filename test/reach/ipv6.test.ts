/**
 * IPv6 in network-wide answers: the IPv4 header space is enumerated exactly; the IPv6 one is not yet, and the answer
 * says so (REACH_IPV6_NOT_ENUMERATED, V6-7: the families are separate predicates) rather than skipping it silently.
 * The network: S8's dual-stack public subnet (as test/core/ipv6-dataplane.test.ts), ds1 with 2001:db8:80::10.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { net } from '../helpers.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import { reach } from '../../src/analysis/reach/reach.js';
import { exposure } from '../../src/analysis/reach/exposure.js';
import { matrix } from '../../src/analysis/reach/matrix.js';
import { boxJson } from '../../src/render/reach.js';
import { loadInputs } from '../../src/formats/load.js';
import type { Network } from '../../src/model/network.js';

const DUAL = `vpcsim: 1
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

function dualStack(): Network {
  const n = net(DUAL);
  return {
    ...n,
    networkInterfaces: n.networkInterfaces.map((e) =>
      e.instance === 'ds1' ? { ...e, ipv6Addresses: ['2001:db8:80::10'] } : e,
    ),
  };
}

describe('reach on a dual-stack network', () => {
  const c = compileNetwork(dualStack()).compiled;

  it('answers the IPv4 space exactly and warns that IPv6 is not enumerated', () => {
    const r = reach(c, { from: 'internet', to: 'ds1', protocol: 'tcp', verdicts: new Set(['reachable']) });
    // sg-ds1 admits tcp 443 from 0.0.0.0/0 (SG-1); the default NACL admits all (NACL-1); the IGW translates the
    // public IP 203.0.113.80 to 10.80.0.10 (IGW-2); the private address is not reached from outside (IGW-3).
    expect(r.classes).toHaveLength(1);
    const services = new Set(r.classes[0]?.boxes.map(boxJson).map((b) => `${b.dst} ${b.ports}`));
    expect([...services]).toEqual(['203.0.113.80 443']);
    expect(r.warnings.map((w) => w.code)).toEqual(['REACH_IPV6_NOT_ENUMERATED']);
    expect(r.warnings[0]?.message).toContain('IPv4 header space only');
  });

  it('exposure and matrix carry the same warning', () => {
    expect(exposure(c).warnings.map((w) => w.code)).toEqual(['REACH_IPV6_NOT_ENUMERATED']);
    expect(matrix(c, 'subnet').warnings.map((w) => w.code)).toEqual(['REACH_IPV6_NOT_ENUMERATED']);
  });

  it('an IPv6 destination is refused with the code, not answered as "unknown name"', () => {
    expect(() => reach(c, { from: 'ds1', to: '2001:db8:ffff::10' })).toThrow(/REACH_IPV6_NOT_ENUMERATED/);
    expect(() => reach(c, { from: 'ds1', to: '2001:db8:ffff::/48' })).toThrow(/REACH_IPV6_NOT_ENUMERATED/);
  });
});

describe('reach on an IPv4-only network', () => {
  it('has no IPv6 warning', async () => {
    const r = await loadInputs([join(import.meta.dirname, '../../examples/public-private-natgw.yaml')], {});
    const c = compileNetwork(r.network).compiled;
    expect(reach(c, { from: 'web', to: '10.1.0.0/16', protocol: 'icmp' }).warnings).toEqual([]);
  });
});
