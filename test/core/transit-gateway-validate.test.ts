/**
 * Transit gateway and hybrid-edge validation (TGW-2, TGW-4, TGW-8, TGW-14, TGW-17, TGW-25, VPN-1, VPN-4, ONPREM-1).
 * Each test builds a small network by hand and checks the diagnostic AWS (or the lint) gives.
 */
import { describe, expect, it } from 'vitest';
import { emptyNetwork, type Network, type RouteTable, type Subnet } from '../../src/model/network.js';
import type { TgwAttachment, TgwRouteTable } from '../../src/model/transit-gateway.js';
import { validateNetwork } from '../../src/validate/index.js';

const sub = (id: string, vpc: string, cidr: string, az: string, routeTable?: string): Subnet => ({
  id,
  vpc,
  cidr,
  az,
  routeTable,
});

/** Two spokes on one gateway with the S5 layout (no hub): att-a, att-b associated and propagated in rt-1. */
function spokes(
  patch: {
    attachments?: TgwAttachment[];
    tables?: TgwRouteTable[];
    routeTables?: RouteTable[];
    subnets?: Subnet[];
  } = {},
): Network {
  return {
    ...emptyNetwork(),
    vpcs: [
      { id: 'spoke-a', cidrs: ['10.1.0.0/16'] },
      { id: 'spoke-b', cidrs: ['10.2.0.0/16'] },
    ],
    subnets: patch.subnets ?? [
      sub('a-tgw-1a', 'spoke-a', '10.1.0.0/28', 'az-1a'),
      sub('a-tgw-1c', 'spoke-a', '10.1.0.16/28', 'az-1c'),
      sub('a-work', 'spoke-a', '10.1.1.0/24', 'az-1a', 'work-a'),
      sub('b-tgw-1a', 'spoke-b', '10.2.0.0/28', 'az-1a'),
      sub('b-work', 'spoke-b', '10.2.1.0/24', 'az-1a', 'work-b'),
    ],
    routeTables: patch.routeTables ?? [
      {
        id: 'work-a',
        vpc: 'spoke-a',
        routes: [{ destination: '0.0.0.0/0', target: { kind: 'transit-gateway', id: 'tgw' } }],
      },
      {
        id: 'work-b',
        vpc: 'spoke-b',
        routes: [{ destination: '0.0.0.0/0', target: { kind: 'transit-gateway', id: 'tgw' } }],
      },
    ],
    transitGateways: [
      { id: 'tgw', defaultRouteTableAssociation: false, defaultRouteTablePropagation: false },
    ],
    transitGatewayAttachments: patch.attachments ?? [
      { id: 'att-a', transitGateway: 'tgw', kind: 'vpc', vpc: 'spoke-a', subnets: ['a-tgw-1a', 'a-tgw-1c'] },
      { id: 'att-b', transitGateway: 'tgw', kind: 'vpc', vpc: 'spoke-b', subnets: ['b-tgw-1a'] },
    ],
    transitGatewayRouteTables: patch.tables ?? [
      {
        id: 'rt-1',
        transitGateway: 'tgw',
        routes: [],
        associations: ['att-a', 'att-b'],
        propagations: ['att-a', 'att-b'],
      },
    ],
  };
}

const codes = (net: Network): string[] =>
  validateNetwork(net)
    .filter(
      (d) =>
        d.code.startsWith('TGW_') ||
        d.code.startsWith('VPN_') ||
        d.code.startsWith('VGW_') ||
        d.code.startsWith('ONPREM_') ||
        d.code === 'UNKNOWN_REFERENCE',
    )
    .map((d) => `${d.severity} ${d.code} ${d.resource ?? ''}`);

describe('transit gateway validation', () => {
  it('a correct two-spoke network has no finding', () => {
    expect(codes(spokes())).toEqual([]);
  });

  it('TGW-8: two subnets in one AZ, an IPv6-only subnet, a second attachment of one VPC are refused', () => {
    const net = spokes({
      subnets: [
        sub('a-tgw-1a', 'spoke-a', '10.1.0.0/28', 'az-1a'),
        sub('a-tgw-1a2', 'spoke-a', '10.1.0.32/28', 'az-1a'),
        { id: 'a-v6', vpc: 'spoke-a', cidr: '', ipv6Cidr: '2600:1f18::/64', az: 'az-1c' },
        sub('a-work', 'spoke-a', '10.1.1.0/24', 'az-1a', 'work-a'),
        sub('b-tgw-1a', 'spoke-b', '10.2.0.0/28', 'az-1a'),
        sub('b-work', 'spoke-b', '10.2.1.0/24', 'az-1a', 'work-b'),
      ],
      attachments: [
        {
          id: 'att-a',
          transitGateway: 'tgw',
          kind: 'vpc',
          vpc: 'spoke-a',
          subnets: ['a-tgw-1a', 'a-tgw-1a2', 'a-v6'],
        },
        { id: 'att-b', transitGateway: 'tgw', kind: 'vpc', vpc: 'spoke-b', subnets: ['b-tgw-1a'] },
        { id: 'att-a2', transitGateway: 'tgw', kind: 'vpc', vpc: 'spoke-a', subnets: ['a-tgw-1a'] },
      ],
    });
    const c = codes(net);
    expect(c).toContain('error TGW_ATTACHMENT_DUPLICATE_AZ att-a');
    expect(c).toContain('error TGW_ATTACHMENT_SUBNET_IPV6_ONLY att-a');
    expect(c).toContain('error TGW_VPC_ATTACHMENT_DUPLICATE att-a2');
  });

  it('TGW-2: a second association is refused; TGW-17: an unassociated attachment is a warning', () => {
    const two = spokes({
      tables: [
        {
          id: 'rt-1',
          transitGateway: 'tgw',
          routes: [],
          associations: ['att-a', 'att-b'],
          propagations: ['att-a', 'att-b'],
        },
        { id: 'rt-2', transitGateway: 'tgw', routes: [], associations: ['att-b'] },
      ],
    });
    expect(codes(two)).toContain('error TGW_ASSOCIATION_DUPLICATE att-b');
    const none = spokes({
      tables: [
        {
          id: 'rt-1',
          transitGateway: 'tgw',
          routes: [],
          associations: ['att-a'],
          propagations: ['att-a', 'att-b'],
        },
      ],
    });
    expect(codes(none)).toContain('warning TGW_ATTACHMENT_NOT_ASSOCIATED att-b');
  });

  it('TGW-2: a route to an attachment of another transit gateway is refused; TGW-14: peering cannot propagate', () => {
    const net = spokes();
    const other: Network = {
      ...net,
      transitGateways: [...(net.transitGateways ?? []), { id: 'tgw-2' }],
      transitGatewayAttachments: [
        ...(net.transitGatewayAttachments ?? []),
        { id: 'att-peer', transitGateway: 'tgw-2', kind: 'peering', peerTransitGateway: 'tgw' },
      ],
      transitGatewayRouteTables: [
        {
          id: 'rt-1',
          transitGateway: 'tgw',
          routes: [{ destination: '172.16.0.0/12', attachment: 'att-peer' }],
          associations: ['att-a', 'att-b'],
          propagations: ['att-a', 'att-b'],
        },
        {
          id: 'rt-peer',
          transitGateway: 'tgw-2',
          routes: [],
          associations: ['att-peer'],
          propagations: ['att-peer'],
        },
      ],
    };
    const c = codes(other);
    expect(c).toContain('error TGW_ATTACHMENT_OTHER_GATEWAY rt-1');
    expect(c).toContain('error TGW_PEERING_PROPAGATION rt-peer');
  });

  it('TGW-4: two VPCs with identical CIDRs propagating into one table', () => {
    const net = spokes();
    const same: Network = { ...net, vpcs: [net.vpcs[0]!, { id: 'spoke-b', cidrs: ['10.1.0.0/16'] }] };
    expect(codes(same)).toContain('warning TGW_PROPAGATION_DUPLICATE_CIDR rt-1');
  });

  it('TGW-17: spoke B reachable from A but its table has no route back to A (lint with the fix)', () => {
    const net = spokes({
      routeTables: [
        {
          id: 'work-a',
          vpc: 'spoke-a',
          routes: [{ destination: '0.0.0.0/0', target: { kind: 'transit-gateway', id: 'tgw' } }],
        },
        {
          id: 'work-b',
          vpc: 'spoke-b',
          routes: [{ destination: '10.9.0.0/16', target: { kind: 'transit-gateway', id: 'tgw' } }],
        },
      ],
    });
    const d = validateNetwork(net).find((x) => x.code === 'TGW_RETURN_ROUTE_MISSING');
    expect(d?.resource).toBe('work-b');
    expect(d?.message).toContain('add 10.1.0.0/16 -> tgw');
  });

  it('TGW-25: an inspection VPC in two AZs without appliance mode gets the fix text', () => {
    const net = spokes();
    const insp: Network = {
      ...net,
      subnets: [...net.subnets, sub('b-tgw-1c', 'spoke-b', '10.2.0.16/28', 'az-1c', 'b-tgw-rt')],
      routeTables: [
        ...net.routeTables,
        {
          id: 'b-tgw-rt',
          vpc: 'spoke-b',
          routes: [{ destination: '0.0.0.0/0', target: { kind: 'firewall-endpoint', id: 'vpce-fw' } }],
        },
      ],
      transitGatewayAttachments: [
        net.transitGatewayAttachments![0]!,
        {
          id: 'att-b',
          transitGateway: 'tgw',
          kind: 'vpc',
          vpc: 'spoke-b',
          subnets: ['b-tgw-1a', 'b-tgw-1c'],
        },
      ],
    };
    const d = validateNetwork(insp).find((x) => x.code === 'TGW_APPLIANCE_MODE_RECOMMENDED');
    expect(d?.message).toContain('enable appliance mode on attachment att-b');
    const on: Network = {
      ...insp,
      transitGatewayAttachments: [
        insp.transitGatewayAttachments![0]!,
        { ...insp.transitGatewayAttachments![1]!, applianceMode: true },
      ],
    };
    expect(validateNetwork(on).some((x) => x.code === 'TGW_APPLIANCE_MODE_RECOMMENDED')).toBe(false);
  });
});

describe('hybrid edge validation', () => {
  const hq = (): Network => ({
    ...emptyNetwork(),
    vpcs: [{ id: 'hq', cidrs: ['10.90.0.0/16'] }],
    subnets: [sub('app', 'hq', '10.90.1.0/24', 'az-1a', 'app-rtb')],
    routeTables: [
      {
        id: 'app-rtb',
        vpc: 'hq',
        routes: [{ destination: '192.168.50.0/24', target: { kind: 'vpc-peering', id: 'pcx' } }],
        propagatingGateways: ['vgw-90'],
      },
    ],
    virtualPrivateGateways: [{ id: 'vgw-90', vpc: 'hq' }],
    customerGateways: [{ id: 'cgw', ipAddress: '198.51.100.90', bgpAsn: 65090 }],
    vpnConnections: [
      {
        id: 'vpn-dc1',
        customerGateway: 'cgw',
        vpnGateway: 'vgw-90',
        routing: 'bgp',
        bgpPrefixes: ['192.168.0.0/16', '10.90.5.0/24'],
      },
    ],
    onPremisesNetworks: [
      { id: 'dc1', cidrs: ['192.168.0.0/16'], via: 'vpn-dc1', hosts: { ops: '192.168.10.10' } },
    ],
  });

  it('VPN-4: an advertisement inside the VPC CIDR is flagged; a more specific static route is noted (info)', () => {
    const c = codes(hq());
    expect(c).toContain('warning VPN_ROUTE_INSIDE_VPC_CIDR app-rtb');
    expect(c).toContain('info VGW_PROPAGATION_SHADOWED app-rtb');
  });

  it('VPN-1: a VPN connection needs exactly one gateway; ONPREM-1: hosts inside the network, via known', () => {
    const net = hq();
    const bad: Network = {
      ...net,
      vpnConnections: [{ id: 'vpn-dc1', customerGateway: 'cgw', routing: 'bgp' }],
      onPremisesNetworks: [
        { id: 'dc1', cidrs: ['192.168.0.0/16'], via: 'vpn-dc1', hosts: { ops: '172.16.0.1' } },
        { id: 'dc2', cidrs: ['172.20.0.0/16'], via: 'vpn-nowhere' },
      ],
    };
    const c = codes(bad);
    expect(c).toContain('error VPN_CONNECTION_GATEWAY vpn-dc1');
    expect(c).toContain('error ONPREM_HOST_OUTSIDE dc1');
    expect(c).toContain('error UNKNOWN_REFERENCE dc2');
  });

  it('TGW-12: an attachment from another account needs the gateway shared with it; VPN and peering only from the owner', () => {
    const base = spokes();
    const owned = (sharedWith?: string[]): Network => ({
      ...base,
      vpcs: [
        { id: 'spoke-a', cidrs: ['10.1.0.0/16'], accountId: '111111111111' },
        // spoke-b belongs to a participant account.
        { id: 'spoke-b', cidrs: ['10.2.0.0/16'], accountId: '222222222222' },
      ],
      transitGateways: [
        {
          id: 'tgw',
          accountId: '111111111111',
          sharedWith,
          defaultRouteTableAssociation: false,
          defaultRouteTablePropagation: false,
        },
      ],
    });
    // Shared, but with another account: att-b (from spoke-b's account) is refused; att-a (the owner's) is fine.
    expect(codes(owned(['333333333333']))).toEqual(['error TGW_NOT_SHARED att-b']);
    expect(codes(owned([]))).toEqual(['error TGW_NOT_SHARED att-b']);
    // Sharing not given (a describe-* snapshot lists accepted attachments, not RAM shares): not judged.
    expect(codes(owned())).toEqual([]);
    // Shared through RAM with the participant: no finding (the two-spoke network is otherwise correct).
    expect(codes(owned(['222222222222']))).toEqual([]);
    // A VPN and a peering attachment requested from the participant account are refused even when shared.
    const more: Network = {
      ...owned(['222222222222']),
      transitGatewayAttachments: [
        ...(base.transitGatewayAttachments ?? []),
        { id: 'att-vpn', transitGateway: 'tgw', kind: 'vpn', accountId: '222222222222' },
        {
          id: 'att-peer',
          transitGateway: 'tgw',
          kind: 'peering',
          peerTransitGateway: 'tgw-west',
          accountId: '222222222222',
        },
      ],
    };
    const c = codes(more);
    expect(c).toContain('error TGW_ATTACHMENT_ACCOUNT att-vpn');
    expect(c).toContain('error TGW_ATTACHMENT_ACCOUNT att-peer');
    expect(c).not.toContain('error TGW_NOT_SHARED att-b');
  });
});
