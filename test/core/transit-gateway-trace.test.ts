/**
 * Transit gateway and VGW walks on hand-built networks (S5 routing without the firewall; S9 hybrid): every expected
 * verdict, code and hop list is derived by hand from aws-semantics.md (RT-19, TGW-2, TGW-3, TGW-9, TGW-17, TGW-20,
 * TGW-24, VGW-1, VPN-4, VPN-5, VPN-6, ONPREM-1, ONPREM-2).
 */
import { describe, expect, it } from 'vitest';
import { emptyNetwork, type Network, type Subnet } from '../../src/model/network.js';
import { traceFlow } from '../../src/analysis/trace.js';

const sub = (id: string, vpc: string, cidr: string, az: string, routeTable?: string): Subnet => ({
  id,
  vpc,
  cidr,
  az,
  routeTable,
});
const tgwRoute = { destination: '0.0.0.0/0', target: { kind: 'transit-gateway' as const, id: 'tgw-hub' } };
const host = (id: string, subnet: string, ip: string, sg: string) => ({
  eni: {
    id: `${id}-eni`,
    subnet,
    addresses: [{ private: ip }],
    sourceDestCheck: true,
    securityGroups: [sg],
    instance: id,
  },
  inst: { id, interfaces: [`${id}-eni`] },
});

/** S5's spokes and TGW tables; the hub VPC has a host `h1` instead of the firewall, its TGW subnets local only. */
function s5(opts: { applianceMode?: boolean; propagateB?: boolean; bInOneAz?: boolean } = {}): Network {
  const a1 = host('a1', 'a-work-1a', '10.1.1.10', 'sg-a');
  const b2 = host('b2', 'b-work-1c', '10.2.2.20', 'sg-b');
  const b1 = host('b1', 'b-work-1a', '10.2.1.10', 'sg-b');
  return {
    ...emptyNetwork(),
    vpcs: [
      { id: 'spoke-a', cidrs: ['10.1.0.0/16'] },
      { id: 'spoke-b', cidrs: ['10.2.0.0/16'] },
      { id: 'hub', cidrs: ['10.100.0.0/16'] },
    ],
    subnets: [
      sub('a-tgw-1a', 'spoke-a', '10.1.0.0/28', '1a', 'TGWSub-A'),
      sub('a-tgw-1c', 'spoke-a', '10.1.0.16/28', '1c', 'TGWSub-A'),
      sub('a-work-1a', 'spoke-a', '10.1.1.0/24', '1a', 'Work-A'),
      sub('b-tgw-1a', 'spoke-b', '10.2.0.0/28', '1a', 'TGWSub-B'),
      ...(opts.bInOneAz ? [] : [sub('b-tgw-1c', 'spoke-b', '10.2.0.16/28', '1c', 'TGWSub-B')]),
      sub('b-work-1a', 'spoke-b', '10.2.1.0/24', '1a', 'Work-B'),
      sub('b-work-1c', 'spoke-b', '10.2.2.0/24', '1c', 'Work-B'),
      sub('hub-tgw-1a', 'hub', '10.100.0.0/28', '1a', 'Hub-TGW'),
      sub('hub-tgw-1c', 'hub', '10.100.0.16/28', '1c', 'Hub-TGW'),
    ],
    routeTables: [
      { id: 'TGWSub-A', vpc: 'spoke-a', routes: [] },
      { id: 'Work-A', vpc: 'spoke-a', routes: [tgwRoute] },
      { id: 'TGWSub-B', vpc: 'spoke-b', routes: [] },
      { id: 'Work-B', vpc: 'spoke-b', routes: [tgwRoute] },
      // The hub sends spoke traffic straight back to the gateway (where S5 puts the firewall).
      {
        id: 'Hub-TGW',
        vpc: 'hub',
        routes: [{ destination: '10.0.0.0/8', target: { kind: 'transit-gateway', id: 'tgw-hub' } }],
      },
    ],
    securityGroups: [
      {
        id: 'sg-a',
        vpc: 'spoke-a',
        inbound: [],
        outbound: [{ protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }],
      },
      {
        id: 'sg-b',
        vpc: 'spoke-b',
        inbound: [
          { protocol: 6, ports: { from: 443, to: 443 }, peer: { kind: 'cidr', cidr: '10.1.0.0/16' } },
        ],
        outbound: [{ protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }],
      },
    ],
    networkInterfaces: [a1.eni, b2.eni, b1.eni],
    instances: [a1.inst, b2.inst, b1.inst],
    transitGateways: [
      { id: 'tgw-hub', defaultRouteTableAssociation: false, defaultRouteTablePropagation: false },
    ],
    transitGatewayAttachments: [
      {
        id: 'att-a',
        transitGateway: 'tgw-hub',
        kind: 'vpc',
        vpc: 'spoke-a',
        subnets: ['a-tgw-1a', 'a-tgw-1c'],
      },
      {
        id: 'att-b',
        transitGateway: 'tgw-hub',
        kind: 'vpc',
        vpc: 'spoke-b',
        subnets: opts.bInOneAz ? ['b-tgw-1a'] : ['b-tgw-1a', 'b-tgw-1c'],
      },
      {
        id: 'att-hub',
        transitGateway: 'tgw-hub',
        kind: 'vpc',
        vpc: 'hub',
        subnets: ['hub-tgw-1a', 'hub-tgw-1c'],
        applianceMode: opts.applianceMode ?? true,
      },
    ],
    transitGatewayRouteTables: [
      {
        id: 'rt-spoke',
        transitGateway: 'tgw-hub',
        routes: [{ destination: '0.0.0.0/0', attachment: 'att-hub' }],
        associations: ['att-a', 'att-b'],
      },
      {
        id: 'rt-hub',
        transitGateway: 'tgw-hub',
        routes: [],
        associations: ['att-hub'],
        propagations: opts.propagateB === false ? ['att-a'] : ['att-a', 'att-b'],
      },
    ],
  };
}

const ids = (hops: readonly { id: string }[]): string[] => hops.map((h) => h.id);

describe('transit gateway walk (S5 routing)', () => {
  it('S5 flow 1: a1 → b2 tcp/443 through the hub; appliance mode keeps the reply on the hub ENI in 1a (TGW-24.3)', () => {
    const t = traceFlow(s5(), { from: 'a1', to: 'b2', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    // Forward: Work-A → att-a (1a, RT-19) → rt-spoke 0/0 → att-hub (1a: entry AZ, hash assumed) → Hub-TGW 10/8 →
    // att-hub re-entry in 1a (TGW-24.4) → rt-hub 10.2/16 (propagated) → att-b ENI in 1a (TGW-24.2) → TGWSub-B local.
    const fwd = ids(t.forward.hops);
    expect(fwd).toEqual(
      expect.arrayContaining([
        'Work-A',
        'att-a',
        'rt-spoke',
        'att-hub',
        'Hub-TGW',
        'rt-hub',
        'att-b',
        'TGWSub-B',
        'b2',
      ]),
    );
    const hubOut = t.forward.hops.find((h) => h.id === 'att-hub' && h.rule?.startsWith('ENI in'));
    expect(hubOut?.rule).toBe('ENI in 1a (subnet hub-tgw-1a)');
    // Return: b2 (1c) → Work-B → att-b in 1c → rt-spoke → att-hub pinned to 1a (appliance mode) → … → att-a → a1.
    const back = t.return?.hops ?? [];
    expect(back.find((h) => h.id === 'att-b')?.rule).toBe('ENI in 1c (subnet b-tgw-1c)');
    expect(back.find((h) => h.id === 'att-hub' && h.rule?.startsWith('ENI in'))?.rule).toBe(
      'ENI in 1a (subnet hub-tgw-1a)',
    );
    expect(t.return?.disposition).toBe('delivered');
  });

  it('B5.1 routing: without appliance mode the reply crosses the hub in 1c, where it entered (TGW-24.2)', () => {
    const t = traceFlow(s5({ applianceMode: false }), { from: 'a1', to: 'b2', protocol: 'tcp', port: 443 });
    const back = t.return?.hops ?? [];
    expect(back.find((h) => h.id === 'att-hub' && h.rule?.startsWith('ENI in'))?.rule).toBe(
      'ENI in 1c (subnet hub-tgw-1c)',
    );
  });

  it('B5.2: att-b not propagated into rt-hub → unreachable at rt-hub naming att-b (TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT)', () => {
    const t = traceFlow(s5({ propagateB: false }), { from: 'a1', to: 'b2', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT');
    const last = t.forward.hops[t.forward.hops.length - 1];
    expect(last?.id).toBe('rt-hub');
    expect(last?.detail).toContain('propagate att-b into rt-hub');
  });

  it('B5.4: spoke B attached in 1a only → the reply from b2 (1c) is dropped at Work-B (TGW_ROUTE_AZ_RESTRICTION, RT-19)', () => {
    const t = traceFlow(s5({ bInOneAz: true }), { from: 'a1', to: 'b2', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.disposition).toBe('delivered');
    expect(t.return?.code).toBe('TGW_ROUTE_AZ_RESTRICTION');
    expect(t.return?.droppedAt).toBe('att-b');
  });

  it('TGW-20: a blackhole route in rt-spoke drops with TGW_RTB_BAD_STATE_ROUTE', () => {
    const net = s5();
    const bh: Network = {
      ...net,
      transitGatewayRouteTables: [
        {
          ...net.transitGatewayRouteTables![0]!,
          routes: [
            { destination: '0.0.0.0/0', attachment: 'att-hub' },
            { destination: '10.2.0.0/16', blackhole: true },
          ],
        },
        net.transitGatewayRouteTables![1]!,
      ],
    };
    const t = traceFlow(bh, { from: 'a1', to: 'b2', protocol: 'tcp', port: 443 });
    expect(t.forward.code).toBe('TGW_RTB_BAD_STATE_ROUTE');
    expect(t.forward.droppedAt).toBe('rt-spoke');
  });
});

/** S9: VPC hq with vgw-90, BGP VPN vpn-dc1 to dc1 (192.168.0.0/16, host ops), lab VPC peered. */
function s9(
  opts: { propagation?: boolean; down?: boolean; staticVpn?: boolean; igwRoute?: boolean } = {},
): Network {
  const app1 = host('app1', 'app', '10.90.1.10', 'sg-app');
  const db1 = host('db1', 'db', '10.90.5.20', 'sg-db');
  return {
    ...emptyNetwork(),
    vpcs: [{ id: 'hq', cidrs: ['10.90.0.0/16'] }],
    subnets: [
      sub('app', 'hq', '10.90.1.0/24', '1a', 'App-RTB'),
      sub('db', 'hq', '10.90.5.0/24', '1a', 'App-RTB'),
    ],
    routeTables: [
      {
        id: 'App-RTB',
        vpc: 'hq',
        routes: opts.igwRoute
          ? [{ destination: '192.168.0.0/16', target: { kind: 'internet-gateway', id: 'igw-90' } }]
          : [],
        propagatingGateways: opts.propagation === false ? [] : ['vgw-90'],
      },
    ],
    internetGateways: [{ id: 'igw-90', vpc: 'hq' }],
    virtualPrivateGateways: [{ id: 'vgw-90', vpc: 'hq' }],
    securityGroups: [
      {
        id: 'sg-app',
        vpc: 'hq',
        inbound: [
          { protocol: 6, ports: { from: 443, to: 443 }, peer: { kind: 'cidr', cidr: '192.168.0.0/16' } },
        ],
        outbound: [{ protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }],
      },
      {
        id: 'sg-db',
        vpc: 'hq',
        inbound: [
          { protocol: 6, ports: { from: 5432, to: 5432 }, peer: { kind: 'cidr', cidr: '10.90.1.0/24' } },
        ],
        outbound: [],
      },
    ],
    networkInterfaces: [app1.eni, db1.eni],
    instances: [app1.inst, db1.inst],
    customerGateways: [{ id: 'cgw-dc1', ipAddress: '198.51.100.90', bgpAsn: 65090 }],
    vpnConnections: [
      opts.staticVpn
        ? {
            id: 'vpn-dc1',
            customerGateway: 'cgw-dc1',
            vpnGateway: 'vgw-90',
            routing: 'static',
            staticRoutes: ['192.168.10.0/24'],
          }
        : {
            id: 'vpn-dc1',
            customerGateway: 'cgw-dc1',
            vpnGateway: 'vgw-90',
            routing: 'bgp',
            bgpPrefixes: ['192.168.0.0/16', '10.90.5.0/24'],
            state: opts.down ? 'down' : 'up',
          },
    ],
    onPremisesNetworks: [
      { id: 'dc1', cidrs: ['192.168.0.0/16'], via: 'vpn-dc1', hosts: { ops: '192.168.10.10' } },
    ],
  };
}

describe('virtual private gateway walk (S9)', () => {
  it('S9 flow 1: app1 → ops tcp/22 exits over vpn-dc1 to dc1 (VPN-5, ONPREM-1); the reply enters at vgw-90 (VGW-1)', () => {
    const t = traceFlow(s9(), { from: 'app1', to: 'ops', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    expect(ids(t.forward.hops)).toEqual(expect.arrayContaining(['App-RTB', 'vgw-90', 'vpn-dc1', 'ops']));
    expect(ids(t.return?.hops ?? [])).toEqual(expect.arrayContaining(['ops', 'vgw-90', 'app1']));
  });

  it('S9 flow 3: ops → app1 tcp/443 (remote-initiated) is reachable; B9.1: without propagation the reply has no route (ONPREM-2)', () => {
    expect(traceFlow(s9(), { from: 'ops', to: 'app1', protocol: 'tcp', port: 443 }).verdict).toBe(
      'reachable',
    );
    const t = traceFlow(s9({ propagation: false }), { from: 'ops', to: 'app1', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.disposition).toBe('delivered');
    expect(t.return?.code).toBe('NO_ROUTE_TO_DESTINATION');
    expect(t.return?.droppedAt).toBe('App-RTB');
  });

  it('S9 flow 4: app1 → db1 by the local route; the propagated 10.90.5.0/24 never wins (VPN-4)', () => {
    const t = traceFlow(s9(), { from: 'app1', to: 'db1', protocol: 'tcp', port: 5432 });
    expect(t.verdict).toBe('reachable');
    const rt = t.forward.hops.find((h) => h.id === 'App-RTB');
    expect(rt?.rule).toBe('10.90.0.0/16 -> local');
    expect(rt?.detail).toContain('10.90.5.0/24 -> vgw-90');
  });

  it('S9 flow 5: ops → 8.8.8.8 is dropped at vgw-90 (VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS)', () => {
    const t = traceFlow(s9(), { from: 'ops', to: '8.8.8.8', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
    expect(t.forward.droppedAt).toBe('vgw-90');
  });

  it('B9.2: a static 192.168.0.0/16 → igw-90 beats the propagated route (VPN-4) and the IGW drops it (IGW-3)', () => {
    const t = traceFlow(s9({ igwRoute: true }), { from: 'app1', to: 'ops', protocol: 'tcp', port: 22 });
    expect(t.forward.code).toBe('IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
    expect(t.forward.hops.find((h) => h.id === 'App-RTB')?.detail).toContain('192.168.0.0/16 -> vgw-90');
  });

  it('B9.3: tunnels down → routes withdrawn: no route at App-RTB (VPN-2)', () => {
    const t = traceFlow(s9({ down: true }), { from: 'app1', to: 'ops', protocol: 'tcp', port: 22 });
    expect(t.forward.code).toBe('NO_ROUTE_TO_DESTINATION');
    expect(t.forward.droppedAt).toBe('App-RTB');
  });

  it('B9.5: static VPN with 192.168.10.0/24 only: ops works, 192.168.20.5 has no route (VPN-2, VPN-6)', () => {
    expect(
      traceFlow(s9({ staticVpn: true }), { from: 'app1', to: 'ops', protocol: 'tcp', port: 22 }).verdict,
    ).toBe('reachable');
    const t = traceFlow(s9({ staticVpn: true }), {
      from: 'app1',
      to: '192.168.20.5',
      protocol: 'tcp',
      port: 22,
    });
    expect(t.forward.code).toBe('NO_ROUTE_TO_DESTINATION');
    expect(t.forward.droppedAt).toBe('App-RTB');
  });
});

describe('IPv6 and transit gateways: an attachment without IPv6 support (V6-11)', () => {
  /** S5 with dual-stack spokes: a1 and b2 get IPv6 addresses and Work-A sends ::/0 to the gateway. */
  function dual(): Network {
    const n = s5();
    return {
      ...n,
      vpcs: n.vpcs.map((v) =>
        v.id === 'spoke-a'
          ? { ...v, ipv6Cidrs: ['2001:db8:1::/56'] }
          : v.id === 'spoke-b'
            ? { ...v, ipv6Cidrs: ['2001:db8:2::/56'] }
            : v,
      ),
      subnets: n.subnets.map((s) =>
        s.id === 'a-work-1a'
          ? { ...s, ipv6Cidr: '2001:db8:1:1::/64' }
          : s.id === 'b-work-1c'
            ? { ...s, ipv6Cidr: '2001:db8:2:2::/64' }
            : s,
      ),
      routeTables: n.routeTables.map((rt) =>
        rt.id === 'Work-A'
          ? { ...rt, routes: [...rt.routes, { destination: '::/0', target: tgwRoute.target }] }
          : rt,
      ),
      // sg-a's 0.0.0.0/0 never matches IPv6 (V6-7): a1 may send IPv6 to ::/0.
      securityGroups: n.securityGroups.map((g) =>
        g.id === 'sg-a'
          ? { ...g, outbound: [...g.outbound, { protocol: -1, peer: { kind: 'cidr', cidr: '::/0' } }] }
          : g,
      ),
      networkInterfaces: n.networkInterfaces.map((e) =>
        e.id === 'a1-eni'
          ? { ...e, ipv6Addresses: ['2001:db8:1:1::10'] }
          : e.id === 'b2-eni'
            ? { ...e, ipv6Addresses: ['2001:db8:2:2::20'] }
            : e,
      ),
    };
  }

  it('an IPv6 flow into an attachment without IPv6 support is dropped there (TGW_ATTACH_IPV6_NOT_SUPPORTED, V6-11)', () => {
    const t = traceFlow(dual(), { from: 'a1', to: '2001:db8:2:2::20', protocol: 'tcp', port: 443 });
    // Work-A's ::/0 → tgw-hub (RT-1, V6-3) reaches att-a, whose Ipv6Support is off (default): its ENIs have no
    // IPv6 address; vpcsim's documented-safe reading carries no IPv6 through it.
    expect(t.verdict).toBe('unreachable');
    expect(t.uncertain).toBe(false);
    expect(t.forward.code).toBe('TGW_ATTACH_IPV6_NOT_SUPPORTED');
    expect(ids(t.forward.hops)).toEqual(['a1', 'sg-a', 'Work-A', 'att-a']);
    expect(t.forward.hops.at(-1)?.detail).toContain('enable IPv6 support on att-a');
  });

  it('validation names the attachment IPv6 would use without IPv6 support (TGW_ATTACHMENT_IPV6_DISABLED)', async () => {
    const { validateNetwork } = await import('../../src/validate/index.js');
    const found = validateNetwork(dual()).filter((d) => d.code === 'TGW_ATTACHMENT_IPV6_DISABLED');
    // Only spoke-a's Work-A sends IPv6 to the gateway; spoke-b has no IPv6 route to it.
    expect(found.map((d) => d.resource)).toEqual(['att-a']);
    expect(found[0]?.severity).toBe('warning');
  });
});
