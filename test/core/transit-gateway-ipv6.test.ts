/**
 * IPv6 through transit gateways (issue 18; V6-11, TGW-2, TGW-3, TGW-14, TGW-15, TGW-18, TGW-24, VPN-6, VPN-9). The
 * dual-stack hub-and-spoke is examples/tgw-dual-stack.yaml (its expectations and broken variants run in
 * test/examples.test.ts); here its flow 1 is pinned hop by hop both ways, and peering, validation and the VGW edge
 * are checked on small networks. Every expected hop and code is derived by hand from aws-semantics.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importNative } from '../../src/formats/native/index.js';
import { traceFlow } from '../../src/analysis/trace.js';
import type { TraceResult } from '../../src/analysis/trace-result.js';
import { validateNetwork } from '../../src/validate/index.js';

const load = (text: string) => {
  const r = importNative(text, 'test.yaml');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  return r.network;
};
const hops = (t: TraceResult, dir: 'forward' | 'return' = 'forward'): string[] =>
  ((dir === 'forward' ? t.forward : t.return)?.hops ?? []).map((h) => `${h.kind}:${h.id}/${h.action}`);

describe('dual-stack hub-and-spoke (examples/tgw-dual-stack.yaml)', () => {
  const net = load(readFileSync('examples/tgw-dual-stack.yaml', 'utf8'));

  it('flow 1: a1 → b2 over IPv6 through the TGW-attached firewall, both ways (V6-11, TGW-15, TGW-24)', () => {
    const t = traceFlow(net, { from: 'a1', to: '2001:db8:2:2::20', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    // Forward: sg-a ::/0 (V6-7) → Work-A ::/0 → tgw-hub (RT-1) → NACL-8 (rule 101, V6-8) → att-a ENI in 1a (RT-19) →
    // rt-spoke ::/0 → att-fw (static) → endpoint in the entry AZ 1a (TGW-24.3) → rt-fw 2001:db8:2::/56 (propagated:
    // att-b has IPv6 support, V6-11) → att-b ENI in 1a (AZ affinity, TGW-24.2) → TGWSub-B local (TGW-9) → NACL-8 →
    // sg-b (443 from 2001:db8:1::/56) → b2.
    expect(hops(t)).toEqual([
      'instance:a1/forward',
      'security-group:sg-a/allow',
      'route-table:Work-A/forward',
      'network-acl:spoke-a:default-acl/allow',
      'network-acl:spoke-a:default-acl/allow',
      'transit-gateway-attachment:att-a/forward',
      'transit-gateway-route-table:rt-spoke/forward',
      'firewall-endpoint:fw-central@ap-northeast-1a/forward',
      'transit-gateway-route-table:rt-fw/forward',
      'transit-gateway-attachment:att-b/forward',
      'route-table:TGWSub-B/forward',
      'network-acl:spoke-b:default-acl/allow',
      'network-acl:spoke-b:default-acl/allow',
      'security-group:sg-b/allow',
      'instance:b2/deliver',
    ]);
    // Return: b2 is in 1c → att-b's ENI in 1c (b-tgw-1c has an IPv6 /64) → rt-spoke → the same endpoint in 1a
    // (appliance mode always on, TGW-15) → rt-fw 2001:db8:1::/56 → att-a (1a) → TGWSub-A local → a1.
    expect(hops(t, 'return')).toEqual([
      'instance:b2/forward',
      'security-group:sg-b/allow',
      'route-table:Work-B/forward',
      'network-acl:spoke-b:default-acl/allow',
      'network-acl:spoke-b:default-acl/allow',
      'transit-gateway-attachment:att-b/forward',
      'transit-gateway-route-table:rt-spoke/forward',
      'firewall-endpoint:fw-central@ap-northeast-1a/forward',
      'transit-gateway-route-table:rt-fw/forward',
      'transit-gateway-attachment:att-a/forward',
      'route-table:TGWSub-A/forward',
      'network-acl:spoke-a:default-acl/allow',
      'network-acl:spoke-a:default-acl/allow',
      'security-group:sg-a/allow',
      'instance:a1/deliver',
    ]);
    const rtFw = t.forward.hops.find((h) => h.id === 'rt-fw');
    expect(rtFw?.rule).toBe('2001:db8:2::/56 -> att-b (propagated, vpc)');
    const attB = t.return?.hops.find((h) => h.id === 'att-b');
    expect(attB?.rule).toBe('ENI in ap-northeast-1c (subnet b-tgw-1c)');
  });

  it('the validation of the example is clean of IPv6 transit findings', () => {
    const codes = validateNetwork(net).map((d) => d.code);
    expect(codes).not.toContain('TGW_ATTACHMENT_IPV6_DISABLED');
    expect(codes).not.toContain('TGW_ATTACHMENT_SUBNET_NO_IPV6');
    expect(codes).not.toContain('VPN_MIXED_FAMILIES');
  });
});

/** Two gateways peered across Regions (TGW-14), a dual-stack VPC on each; static routes only. */
const PEERED = (opts: { staticV6OnWest?: boolean } = {}) => `
vpcsim: 1
region: ap-northeast-1
vpcs:
  east:
    cidr: 10.10.0.0/16
    ipv6Cidr: 2001:db8:10::/56
    subnets:
      e-tgw: { cidr: 10.10.0.0/28, ipv6Cidr: '2001:db8:10:ff::/64', az: ap-northeast-1a, routeTable: e-tgw-rt }
      e-work: { cidr: 10.10.1.0/24, ipv6Cidr: '2001:db8:10:1::/64', az: ap-northeast-1a, routeTable: e-rt }
    routeTables:
      e-tgw-rt: {}
      e-rt: { routes: { '::/0': tgw-east } }
    securityGroups:
      sg-e: { outbound: [all to ::/0] }
    instances:
      e1: { subnet: e-work, ip: 10.10.1.10, ipv6: '2001:db8:10:1::10', securityGroups: [sg-e] }
  west:
    region: us-west-2
    cidr: 10.20.0.0/16
    ipv6Cidr: 2001:db8:20::/56
    subnets:
      w-tgw: { cidr: 10.20.0.0/28, ipv6Cidr: '2001:db8:20:ff::/64', az: us-west-2a, routeTable: w-tgw-rt }
      w-work: { cidr: 10.20.1.0/24, ipv6Cidr: '2001:db8:20:1::/64', az: us-west-2a, routeTable: w-rt }
    routeTables:
      w-tgw-rt: {}
      w-rt: { routes: { '::/0': tgw-west } }
    securityGroups:
      sg-w: { inbound: [tcp 443 from 2001:db8:10::/56], outbound: [all to ::/0] }
    instances:
      w1: { subnet: w-work, ip: 10.20.1.10, ipv6: '2001:db8:20:1::10', securityGroups: [sg-w] }
transitGateways:
  tgw-east:
    defaultAssociation: false
    defaultPropagation: false
    attachments:
      att-east: { vpc: east, subnets: [e-tgw], ipv6Support: true }
      peer-e: { peer: tgw-west }
    routeTables:
      rt-e:
        associations: [att-east, peer-e]
        propagations: [att-east]
        routes: { '2001:db8:20::/56': peer-e }
  tgw-west:
    region: us-west-2
    defaultAssociation: false
    defaultPropagation: false
    attachments:
      att-west: { vpc: west, subnets: [w-tgw], ipv6Support: true }
      peer-w: { peer: tgw-east }
    routeTables:
      rt-w:
        associations: [att-west, peer-w]
        propagations: [att-west]
        ${opts.staticV6OnWest === false ? '' : "routes: { '2001:db8:10::/56': peer-w }"}
`;

describe('IPv6 across a transit gateway peering (TGW-14: static routes, both families)', () => {
  it('e1 → w1 over IPv6: rt-e static → peer-e, the peer gateway looks up in rt-w (propagated) → att-west', () => {
    const t = traceFlow(load(PEERED()), { from: 'e1', to: '2001:db8:20:1::10', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    const ids = hops(t).filter((h) => h.startsWith('transit-gateway'));
    expect(ids).toEqual([
      'transit-gateway-attachment:att-east/forward',
      'transit-gateway-route-table:rt-e/forward',
      'transit-gateway-attachment:peer-e/forward',
      'transit-gateway-route-table:rt-w/forward',
      'transit-gateway-attachment:att-west/forward',
    ]);
    // The reply: rt-w static 2001:db8:10::/56 → peer-w, rt-e propagated → att-east.
    expect(hops(t, 'return').filter((h) => h.startsWith('transit-gateway'))).toEqual([
      'transit-gateway-attachment:att-west/forward',
      'transit-gateway-route-table:rt-w/forward',
      'transit-gateway-attachment:peer-w/forward',
      'transit-gateway-route-table:rt-e/forward',
      'transit-gateway-attachment:att-east/forward',
    ]);
  });

  it('without the static IPv6 route on the west side the reply has no route in rt-w (TGW-14: peering is static only)', () => {
    const t = traceFlow(load(PEERED({ staticV6OnWest: false })), {
      from: 'e1',
      to: '2001:db8:20:1::10',
      protocol: 'tcp',
      port: 443,
    });
    expect(t.verdict).toBe('unreachable');
    expect(t.return?.code).toBe('TGW_RTB_CANNOT_ROUTE');
    expect(t.return?.droppedAt).toBe('rt-w');
  });
});

describe('IPv6 at the VPN edge (VPN-6, VPN-9) — validation', () => {
  const base = (vpn: string) => `
vpcsim: 1
region: ap-northeast-1
vpcs:
  hq:
    cidr: 10.90.0.0/16
    virtualPrivateGateway: vgw-90
    subnets:
      app: { cidr: 10.90.1.0/24, az: ap-northeast-1a }
transitGateways:
  tgw-1: { attachments: { att-vpn: { vpn: vpn-6 } } }
customerGateways:
  cgw-1: { ip: 198.51.100.90, asn: 65090 }
vpnConnections:
  vpn-6: ${vpn}
`;
  const codes = (text: string) => {
    const r = importNative(text, 'test.yaml');
    return [...r.diagnostics, ...validateNetwork(r.network)].map((d) => `${d.severity}:${d.code}`);
  };

  it('an IPv6 prefix on a VGW VPN is refused (VPN_IPV6_ON_VGW, VPN-6)', () => {
    expect(
      codes(
        base(
          "{ customerGateway: cgw-1, gateway: vgw-90, routing: static, staticRoutes: ['2001:db8:f::/48'] }",
        ),
      ),
    ).toContain('error:VPN_IPV6_ON_VGW');
  });

  it('IPv4 and IPv6 prefixes on one connection are refused (VPN_MIXED_FAMILIES, VPN-9)', () => {
    const c = codes(
      base(
        "{ customerGateway: cgw-1, gateway: tgw-1, routing: bgp, advertises: ['192.168.0.0/16', '2001:db8:f::/48'] }",
      ),
    );
    expect(c).toContain('error:VPN_MIXED_FAMILIES');
    expect(c).not.toContain('error:VPN_IPV6_ON_VGW');
  });

  it('an IPv6-only BGP VPN on the transit gateway is accepted', () => {
    const c = codes(
      base("{ customerGateway: cgw-1, gateway: tgw-1, routing: bgp, advertises: ['2001:db8:f::/48'] }"),
    );
    expect(c.filter((x) => x.startsWith('error:'))).toEqual([]);
  });
});
