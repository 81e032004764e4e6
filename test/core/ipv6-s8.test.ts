/**
 * Scenario S8 (scenarios.md): egress-only internet gateway (V6-5), NAT64 through a NAT gateway (V6-6), an IPv6-only
 * subnet (V6-1) and the ::/0 vs 0.0.0.0/0 traps (V6-7), on examples/s8-dual-stack.yaml. Every verdict, code and
 * hop list below is derived by hand from the semantics (the reasoning is in the example's comments); the default
 * NACL of VPC `dual` is `dual:default-acl` (rules 100 and 101 allow all, V6-8) and appears where a packet crosses
 * a subnet boundary (NACL-3).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hopIds, net, trace } from '../helpers.js';
import type { Network } from '../../src/model/network.js';

const S8 = readFileSync(new URL('../../examples/s8-dual-stack.yaml', import.meta.url), 'utf8');
const ACL = 'network-acl:dual:default-acl';
const tcp443 = (from: string, to: string) => ({ from, to, protocol: 'tcp', port: 443 });

describe('S8 flows', () => {
  const n = net(S8);

  it('flow 1 (V6-5): ds1 → IPv6 internet through eigw-80; the reply returns through it', () => {
    const t = trace(n, tcp443('ds1', '2001:db8:ffff::10'));
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toEqual([
      'instance:ds1',
      'security-group:sg-ds1',
      'route-table:priv-rtb',
      ACL,
      'egress-only-internet-gateway:eigw-80',
      'internet:internet',
    ]);
    expect(hopIds(t, 'return')).toEqual([
      'internet:internet',
      'egress-only-internet-gateway:eigw-80',
      ACL,
      'security-group:sg-ds1',
      'instance:ds1',
    ]);
    expect(t.forward.finalPacket?.src).toBe('2001:db8:80:1::10'); // V6-2: no translation
  });

  it('flow 2 (V6-4, V6-7): the SYN comes in through igw-80 and sg-ds1 (0.0.0.0/0 only) drops it', () => {
    const t = trace(n, tcp443('2001:db8:ffff::10', 'ds1'));
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(hopIds(t)).toEqual(['internet:internet', 'internet-gateway:igw-80', ACL, 'security-group:sg-ds1']);
  });

  it('flow 3 (V6-6): v6a → 64:ff9b::c633:640a through NAT64 in nat-80, then igw-80; back the same way', () => {
    const t = trace(n, tcp443('v6a', '64:ff9b::c633:640a'));
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toEqual([
      'instance:v6a',
      'security-group:sg-v6a',
      'route-table:v6-rtb',
      ACL, // v6only outbound
      ACL, // public inbound
      'nat-gateway:nat-80',
      'route-table:pub-rtb',
      ACL, // public outbound
      'internet-gateway:igw-80',
      'internet:internet',
    ]);
    const nat = t.forward.hops.find((h) => h.id === 'nat-80');
    expect(nat?.after).toMatchObject({ src: '10.80.0.10', dst: '198.51.100.10', dstPort: 443 });
    expect(t.forward.finalPacket).toMatchObject({ src: '203.0.113.88', dst: '198.51.100.10' });
    expect(hopIds(t, 'return')).toEqual([
      'internet:internet',
      'internet-gateway:igw-80',
      ACL, // public inbound
      'nat-gateway:nat-80',
      'route-table:pub-rtb',
      ACL, // public outbound
      ACL, // v6only inbound
      'security-group:sg-v6a',
      'instance:v6a',
    ]);
    expect(t.return?.finalPacket).toMatchObject({ src: '64:ff9b::c633:640a', dst: '2001:db8:80:2::20' });
  });

  it('flow 4 (V6-5): v6a → IPv6 internet through eigw-80', () => {
    const t = trace(n, tcp443('v6a', '2001:db8:ffff::10'));
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toEqual([
      'instance:v6a',
      'security-group:sg-v6a',
      'route-table:v6-rtb',
      ACL,
      'egress-only-internet-gateway:eigw-80',
      'internet:internet',
    ]);
  });

  it('flow 5 (V6-6 [DERIVED]): v6a has no IPv4 address and cannot send IPv4', () => {
    const t = trace(n, tcp443('v6a', '198.51.100.10'));
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('SOURCE_HAS_NO_IPV4');
    expect(hopIds(t)).toEqual(['instance:v6a', 'network-interface:v6a/eth0']);
  });

  it('flow 6 (NGW-2, IGW-2): ds1 → 198.51.100.10 by IPv4 through nat-80', () => {
    const t = trace(n, tcp443('ds1', '198.51.100.10'));
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toEqual([
      'instance:ds1',
      'security-group:sg-ds1',
      'route-table:priv-rtb',
      ACL,
      ACL,
      'nat-gateway:nat-80',
      'route-table:pub-rtb',
      ACL,
      'internet-gateway:igw-80',
      'internet:internet',
    ]);
    expect(t.forward.finalPacket?.src).toBe('203.0.113.88');
  });
});

describe('S8 broken variants', () => {
  it('B8.2 (V6-4, V6-5): sg-ds1 admits ::/0 — in through igw-80, the reply out through eigw-80: asymmetric', () => {
    const yaml = S8.replace(
      'inbound: [tcp 443 from 0.0.0.0/0]',
      'inbound: [tcp 443 from 0.0.0.0/0, tcp 443 from ::/0]',
    );
    const t = trace(net(yaml), tcp443('2001:db8:ffff::10', 'ds1'));
    expect(t.verdict).toBe('asymmetric');
    expect(t.asymmetry?.code).toBe('ASYMMETRIC_ROUTING');
    expect(t.asymmetry?.extra).toEqual(['eigw-80']);
    expect(t.asymmetry?.suggestion).toContain('whose ::/0 route points to the internet gateway');
    expect(hopIds(t, 'return')).toEqual([
      'instance:ds1',
      'security-group:sg-ds1',
      'route-table:priv-rtb',
      ACL,
      'egress-only-internet-gateway:eigw-80',
      'internet:internet',
    ]);
  });

  it('B8.3 (V6-6): without 64:ff9b::/96 → nat-80 the NAT64 address leaves through eigw-80 and is lost', () => {
    const yaml = S8.replace("{ '64:ff9b::/96': nat-80, '::/0': eigw-80 }", "{ '::/0': eigw-80 }");
    const t = trace(net(yaml), tcp443('v6a', '64:ff9b::c633:640a'));
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('NAT64_PREFIX_NOT_ROUTED');
    expect(hopIds(t).slice(-2)).toEqual(['egress-only-internet-gateway:eigw-80', 'internet:internet']);
  });
});

describe('egress-only internet gateway alone (V6-5)', () => {
  /** S8 without igw-80: the only IPv6 way in or out is eigw-80. */
  function eigwOnly(): Network {
    const n = net(S8);
    return { ...n, internetGateways: [] };
  }

  it('an IPv6 connection initiated from the internet is dropped at the egress-only gateway', () => {
    const yaml = S8.replace('inbound: [tcp 443 from 0.0.0.0/0]', 'inbound: [tcp 443 from ::/0]');
    const n = { ...net(yaml), internetGateways: [] };
    const t = trace(n, tcp443('2001:db8:ffff::10', 'ds1'));
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('EGRESS_ONLY_IGW_INBOUND_RESTRICTION');
    expect(hopIds(t)).toEqual(['internet:internet', 'egress-only-internet-gateway:eigw-80']);
  });

  it('outbound-initiated flows still go out and their replies come back', () => {
    const t = trace(eigwOnly(), tcp443('ds1', '2001:db8:ffff::10'));
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t, 'return')[1]).toBe('egress-only-internet-gateway:eigw-80');
  });

  it('RT-7: a detached egress-only gateway blackholes its routes', () => {
    const n = net(S8);
    const detached: Network = {
      ...n,
      egressOnlyInternetGateways: (n.egressOnlyInternetGateways ?? []).map((g) => ({ ...g, vpc: undefined })),
    };
    const t = trace(detached, tcp443('ds1', '2001:db8:ffff::10'));
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('BAD_STATE_ROUTE');
    expect(hopIds(t).at(-1)).toBe('route-table:priv-rtb');
  });

  it("a route to an egress-only gateway the input does not declare implies it in the route table's VPC", () => {
    const n = net(S8);
    const t = trace({ ...n, egressOnlyInternetGateways: [] }, tcp443('ds1', '2001:db8:ffff::10'));
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.find((h) => h.id === 'eigw-80')?.detail).toContain('assumed attached to dual');
  });
});

describe('NAT64 (V6-6, NGW-4)', () => {
  it('ICMPv6 echo to 64:ff9b::/96 leaves as ICMP echo and its reply comes back as ICMPv6 echo reply', () => {
    const t = trace(net(S8), {
      from: 'v6a',
      to: '64:ff9b::c633:640a',
      protocol: 'icmpv6',
    });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.finalPacket).toMatchObject({ protocol: 'icmp', icmpType: 8 });
    expect(t.return?.finalPacket).toMatchObject({ protocol: 'icmpv6', icmpType: 129 });
  });

  it('an IPv6 destination outside 64:ff9b::/96 routed to a NAT gateway is dropped there (NGW-4)', () => {
    const yaml = S8.replace("{ '64:ff9b::/96': nat-80, '::/0': eigw-80 }", "{ '::/0': nat-80 }");
    const t = trace(net(yaml), tcp443('v6a', '2001:db8:ffff::10'));
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('PROTOCOL_RESTRICTION');
    expect(hopIds(t).at(-1)).toBe('nat-gateway:nat-80');
  });
});
