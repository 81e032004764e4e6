import { describe, expect, it } from 'vitest';
import { emptyNetwork, type Network } from '../../model/network.js';
import { buildTopology } from './topology.js';
import { s0Network } from '../../../test/browser/fixtures/s0.js';

describe('buildTopology', () => {
  const g = buildTopology(s0Network());
  const cluster = (id: string) => g.clusters.find((c) => c.id === id);
  const node = (id: string) => g.nodes.find((n) => n.id === id);

  it('nests region › VPC › AZ › subnet', () => {
    expect(cluster('subnet:PrivateSubnet')?.parent).toBe('az:S0-VPC:ap-northeast-1a');
    expect(cluster('az:S0-VPC:ap-northeast-1a')?.parent).toBe('vpc:S0-VPC');
    expect(cluster('vpc:S0-VPC')?.parent).toBe('region:ap-northeast-1');
    expect(cluster('vpc:S0-VPC')?.label).toContain('10.60.0.0/16');
    expect(cluster('subnet:PrivateSubnet')?.label).toContain('10.60.30.0/24');
  });

  it('puts workloads and gateways where they live, with their addresses and groups', () => {
    expect(node('inst:app')?.parent).toBe('subnet:PrivateSubnet');
    expect(node('inst:app')?.label.join(' ')).toContain('10.60.30.10');
    expect(node('inst:app')?.label.join(' ')).toContain('SG app-sg');
    expect(node('nat:NATGW')?.parent).toBe('subnet:NatGwSubnet');
    expect(node('nat:NATGW')?.label.join(' ')).toContain('203.0.113.60');
    expect(node('fwe:vpce-fw-1a')?.parent).toBe('subnet:FirewallSubnet');
    expect(node('igw:IGW')?.parent).toBe('vpc:S0-VPC');
    expect(node('internet')?.parent).toBeUndefined();
  });

  it('labels each subnet router with its route table and NACL (default NACL by NACL-4)', () => {
    expect(node('router:PrivateSubnet')?.label).toEqual([
      'route table Private-RTB',
      'NACL acl-default (default)',
    ]);
  });

  it('draws routes from subnet routers to their targets, including the RT-3 more-specific return route', () => {
    const route = (from: string, to: string) =>
      g.edges.find((e) => e.kind === 'route' && e.from === from && e.to === to);
    expect(route('router:PrivateSubnet', 'fwe:vpce-fw-1a')?.label).toBe('0.0.0.0/0');
    expect(route('router:NatGwSubnet', 'fwe:vpce-fw-1a')?.label).toBe('10.60.30.0/24');
    expect(route('router:NatGwSubnet', 'igw:IGW')?.label).toBe('0.0.0.0/0');
    expect(g.edges.some((e) => e.kind === 'attachment' && e.from === 'igw:IGW' && e.to === 'internet')).toBe(
      true,
    );
  });

  it('maps route tables, NACLs and security groups onto the nodes that carry them', () => {
    // acl-default is the default NACL of all three subnets (NACL-4).
    expect(g.resources['acl-default']).toEqual([
      'router:FirewallSubnet',
      'router:NatGwSubnet',
      'router:PrivateSubnet',
    ]);
    expect(g.resources['Private-RTB']).toEqual(['router:PrivateSubnet']);
    expect(g.resources['app-sg']).toEqual(['inst:app']);
    expect(g.resources['app-eni']).toEqual(['inst:app']);
    expect(g.resources['Firewall']).toEqual(['fwe:vpce-fw-1a']);
  });

  it('shows implied defaults: no main table → local only (RT-9), no NACL → allow all (NACL-4)', () => {
    const net: Network = {
      ...emptyNetwork(),
      vpcs: [{ id: 'v', cidrs: ['10.0.0.0/16'] }],
      subnets: [{ id: 's', vpc: 'v', cidr: '10.0.1.0/24' }],
    };
    const t = buildTopology(net);
    expect(t.nodes.find((n) => n.id === 'router:s')?.label).toEqual([
      'route table main (implied: local only)',
      'NACL default (implied: allow all)',
    ]);
    expect(t.clusters.find((c) => c.id === 'region:(region not given)')).toBeDefined();
    expect(t.clusters.find((c) => c.id === 'az:v:(AZ not given)')).toBeDefined();
  });

  it('keeps a route to something missing as an external node instead of dropping it', () => {
    const net: Network = {
      ...emptyNetwork(),
      vpcs: [{ id: 'v', cidrs: ['10.0.0.0/16'] }],
      subnets: [{ id: 's', vpc: 'v', cidr: '10.0.1.0/24', routeTable: 'rt' }],
      routeTables: [
        {
          id: 'rt',
          vpc: 'v',
          routes: [
            { destination: '0.0.0.0/0', target: { kind: 'nat-gateway', id: 'nat-gone' }, state: 'blackhole' },
          ],
        },
      ],
    };
    const t = buildTopology(net);
    expect(t.nodes.find((n) => n.id === 'ext:nat-gateway:nat-gone')?.kind).toBe('external');
    expect(t.edges.find((e) => e.from === 'router:s')?.label).toBe('0.0.0.0/0 (blackhole)');
  });

  it('is independent of input order', () => {
    const a = s0Network();
    const b: Network = { ...a, subnets: [...a.subnets].reverse(), routeTables: [...a.routeTables].reverse() };
    expect(JSON.stringify(buildTopology(b))).toBe(JSON.stringify(buildTopology(a)));
  });

  it('lists resources it does not model by name in one box', () => {
    const net: Network = {
      ...emptyNetwork(),
      unsupported: Array.from({ length: 14 }, (_, i) => ({
        id: `Tgw${String(i).padStart(2, '0')}`,
        type: 'AWS::EC2::TransitGateway',
      })),
    };
    const n = buildTopology(net).nodes.find((x) => x.id === 'unsupported');
    // 14 resources: the first 12 by id, then a count of the rest.
    expect(n?.label[0]).toBe('not modelled (14)');
    expect(n?.label[1]).toBe('AWS::EC2::TransitGateway Tgw00');
    expect(n?.label.at(-1)).toBe('… and 2 more');
    expect(n?.label).toHaveLength(1 + 12 + 1);
    expect(buildTopology(emptyNetwork()).nodes.some((x) => x.id === 'unsupported')).toBe(false);
  });

  it('places GWLB and interface endpoints in their subnets, gateway endpoints and peerings outside them', () => {
    const net: Network = {
      ...emptyNetwork(),
      vpcs: [
        { id: 'a', cidrs: ['10.0.0.0/16'], region: 'eu-west-1' },
        { id: 'b', cidrs: ['10.1.0.0/16'], region: 'eu-west-1' },
      ],
      subnets: [{ id: 'sa', vpc: 'a', cidr: '10.0.1.0/24', az: 'eu-west-1a', routeTable: 'rt' }],
      routeTables: [
        {
          id: 'rt',
          vpc: 'a',
          routes: [
            { destination: '0.0.0.0/0', target: { kind: 'gwlb-endpoint', id: 'gwlbe' } },
            { destination: '10.1.0.0/16', target: { kind: 'vpc-peering', id: 'pcx' } },
          ],
        },
      ],
      vpcEndpoints: [
        {
          id: 'gwlbe',
          vpc: 'a',
          type: 'gateway-load-balancer',
          service: 'com.amazonaws.vpce.appliance',
          subnets: ['sa'],
          inspection: 'drop',
        },
        { id: 's3', vpc: 'a', type: 'gateway', service: 'com.amazonaws.eu-west-1.s3', routeTables: ['rt'] },
      ],
      peerings: [{ id: 'pcx', requesterVpc: 'a', accepterVpc: 'b' }],
    };
    const t = buildTopology(net);
    const node = (id: string) => t.nodes.find((n) => n.id === id);
    expect(node('vpce:gwlbe')?.parent).toBe('subnet:sa');
    expect(node('vpce:gwlbe')?.label).toContain('appliance drops'); // GWLB-3
    expect(node('vpce:s3')?.parent).toBe('vpc:a');
    // Both VPCs are in eu-west-1, so the peering sits in the region, between them.
    expect(node('pcx:pcx')?.parent).toBe('region:eu-west-1');
    expect(t.edges.filter((e) => e.kind === 'route' && e.from === 'router:sa').map((e) => e.to)).toEqual([
      'pcx:pcx',
      'vpce:gwlbe',
    ]);
  });

  it('draws the internet only where an attached internet gateway is routed to (IGW-1, issue 14)', () => {
    // S0: NATGW-RTB routes 0.0.0.0/0 to the IGW, so the NAT subnet is public and the internet is drawn.
    expect(node('internet')?.kind).toBe('internet');
    expect(g.edges).toContainEqual({ from: 'igw:IGW', to: 'internet', kind: 'attachment' });
    // No route to the IGW anywhere: no subnet reaches the internet, so it is not drawn, and the gateway says why.
    const s0 = s0Network();
    const unrouted: Network = {
      ...s0,
      routeTables: s0.routeTables.map((t) => ({
        ...t,
        routes: t.routes.filter((r) => r.target.kind !== 'internet-gateway'),
      })),
    };
    const u = buildTopology(unrouted);
    expect(u.nodes.find((n) => n.id === 'internet')).toBeUndefined();
    expect(u.edges.filter((e) => e.to === 'internet')).toEqual([]);
    expect(u.nodes.find((n) => n.id === 'igw:IGW')?.label).toContain(
      'no route to it: no subnet reaches the internet',
    );
    // A detached gateway (routes to it blackhole, RT-7) reaches nothing either.
    const detached = buildTopology({
      ...s0,
      internetGateways: s0.internetGateways.map((x) => ({ ...x, vpc: undefined })),
    });
    expect(detached.nodes.find((n) => n.id === 'internet')).toBeUndefined();
  });
});
