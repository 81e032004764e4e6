/**
 * Associations resolved once (RT-9, RT-10, RT-11, NACL-4, SG-4), each expectation derived by hand from
 * aws-semantics.md on hand-built model networks.
 */
import { describe, expect, it } from 'vitest';
import { emptyNetwork, type Network, type NetworkInterface } from '../model/network.js';
import { interfaceSecurityGroups, resolveAssociations } from './resolve.js';

const span = (line: number) => ({ file: 'n.yaml', line, col: 3 });

function network(over: Partial<Network>): Network {
  return { ...emptyNetwork(), ...over };
}

const vpc = { id: 'vpc', cidrs: ['10.0.0.0/16'], span: span(1) };
const subnets = [
  { id: 'explicit', vpc: 'vpc', cidr: '10.0.1.0/24', routeTable: 'rt-custom', networkAcl: 'acl-custom' },
  { id: 'implicit', vpc: 'vpc', cidr: '10.0.2.0/24' },
];
const custom = { id: 'rt-custom', awsId: 'rtb-0c', vpc: 'vpc', routes: [], span: span(5) };
const customAcl = { id: 'acl-custom', vpc: 'vpc', inbound: [], outbound: [] };

describe('RT-9 / RT-10: the route table of each subnet', () => {
  it('an explicit association applies; without one, the VPC main table named on the VPC applies', () => {
    const a = resolveAssociations(
      network({
        vpcs: [{ ...vpc, mainRouteTable: 'rt-main' }],
        subnets,
        routeTables: [custom, { id: 'rt-main', vpc: 'vpc', routes: [] }],
      }),
    );
    expect(a.subnets.get('explicit')?.routeTable).toEqual({
      id: 'rt-custom',
      via: 'explicit',
      implied: false,
      ref: 'RT-9',
    });
    expect(a.subnets.get('implicit')?.routeTable).toEqual({
      id: 'rt-main',
      via: 'vpc-default',
      implied: false,
      ref: 'RT-9',
    });
    expect(a.vpcs.get('vpc')?.mainRouteTable).toEqual({
      id: 'rt-main',
      via: 'explicit',
      implied: false,
      ref: 'RT-9',
    });
    expect(a.implied.routeTables).toEqual([]);
  });

  it('a table flagged main is the main table when the VPC names none', () => {
    const a = resolveAssociations(
      network({
        vpcs: [vpc],
        subnets,
        routeTables: [custom, { id: 'rt-m', vpc: 'vpc', routes: [], main: true }],
      }),
    );
    expect(a.vpcs.get('vpc')?.mainRouteTable).toMatchObject({ id: 'rt-m', via: 'flagged', implied: false });
    expect(a.subnets.get('implicit')?.routeTable.id).toBe('rt-m');
  });

  it('no main table in the input: AWS created one with local routes only, vpc:main-rtb (implied)', () => {
    const a = resolveAssociations(network({ vpcs: [vpc], subnets, routeTables: [custom] }));
    expect(a.subnets.get('implicit')?.routeTable).toEqual({
      id: 'vpc:main-rtb',
      via: 'vpc-default',
      implied: true,
      ref: 'RT-9',
    });
    expect(a.implied.routeTables).toEqual([
      { id: 'vpc:main-rtb', vpc: 'vpc', routes: [], main: true, span: span(1) },
    ]);
    expect(a.routeTables.get('vpc:main-rtb')?.routes).toEqual([]);
  });

  it('an association by AWS id resolves to the table id; an unknown table falls back to main and is recorded', () => {
    const a = resolveAssociations(
      network({
        vpcs: [vpc],
        subnets: [
          { id: 'byAws', vpc: 'vpc', cidr: '10.0.1.0/24', routeTable: 'rtb-0c' },
          { id: 'dangling', vpc: 'vpc', cidr: '10.0.2.0/24', routeTable: 'rtb-gone' },
        ],
        routeTables: [custom],
      }),
    );
    expect(a.subnets.get('byAws')?.routeTable.id).toBe('rt-custom');
    expect(a.subnets.get('dangling')?.routeTable).toMatchObject({ id: 'vpc:main-rtb', via: 'vpc-default' });
    expect(a.subnets.get('dangling')?.unknownRouteTable).toBe('rtb-gone');
  });

  it('two tables claiming main is a conflict, not a tie: the one named on the VPC is used, the other recorded', () => {
    const first = { id: 'rt-1', vpc: 'vpc', routes: [], main: true, span: span(7) };
    const second = { id: 'rt-2', vpc: 'vpc', routes: [], main: true, span: span(9) };
    const flagged = resolveAssociations(network({ vpcs: [vpc], routeTables: [first, second] }));
    // Neither is named: the first in input order is used.
    expect(flagged.vpcs.get('vpc')?.mainRouteTable.id).toBe('rt-1');
    expect(flagged.conflicts).toEqual([
      { vpc: 'vpc', kind: 'main-route-table', chosen: first, others: [second] },
    ]);
    const named = resolveAssociations(
      network({ vpcs: [{ ...vpc, mainRouteTable: 'rt-2' }], routeTables: [first, second] }),
    );
    expect(named.vpcs.get('vpc')?.mainRouteTable.id).toBe('rt-2');
    expect(named.conflicts).toEqual([
      { vpc: 'vpc', kind: 'main-route-table', chosen: second, others: [first] },
    ]);
  });

  it('a main table named on the VPC but belonging to another VPC is not its main table', () => {
    const a = resolveAssociations(
      network({
        vpcs: [
          { ...vpc, mainRouteTable: 'rt-other' },
          { id: 'vpc2', cidrs: ['10.1.0.0/16'] },
        ],
        routeTables: [{ id: 'rt-other', vpc: 'vpc2', routes: [] }],
      }),
    );
    expect(a.vpcs.get('vpc')?.mainRouteTable).toMatchObject({ id: 'vpc:main-rtb', implied: true });
  });
});

describe('RT-11: gateway route tables', () => {
  it('the edge association of an internet gateway and of a virtual private gateway', () => {
    const a = resolveAssociations(
      network({
        vpcs: [vpc],
        routeTables: [custom, { id: 'rt-vgw', vpc: 'vpc', routes: [] }],
        internetGateways: [
          { id: 'igw', vpc: 'vpc', routeTable: 'rtb-0c' },
          { id: 'igw-plain', vpc: 'vpc' },
        ],
        virtualPrivateGateways: [{ id: 'vgw', vpc: 'vpc', routeTable: 'rt-vgw' }],
      }),
    );
    expect(a.gatewayRouteTables.get('igw')).toEqual({
      id: 'rt-custom',
      via: 'explicit',
      implied: false,
      ref: 'RT-11',
    });
    expect(a.gatewayRouteTables.get('vgw')?.id).toBe('rt-vgw');
    expect(a.gatewayRouteTables.has('igw-plain')).toBe(false);
  });
});

describe('NACL-4: the network ACL of each subnet and the default NACL', () => {
  it('explicit NACL, else the default NACL named, flagged, or implied (allow all, rule 100)', () => {
    const named = resolveAssociations(
      network({
        vpcs: [{ ...vpc, defaultNetworkAcl: 'acl-d' }],
        subnets,
        networkAcls: [customAcl, { id: 'acl-d', vpc: 'vpc', inbound: [], outbound: [] }],
      }),
    );
    expect(named.subnets.get('explicit')?.networkAcl).toEqual({
      id: 'acl-custom',
      via: 'explicit',
      implied: false,
      ref: 'NACL-4',
    });
    expect(named.subnets.get('implicit')?.networkAcl).toMatchObject({ id: 'acl-d', via: 'vpc-default' });
    const flagged = resolveAssociations(
      network({
        vpcs: [vpc],
        subnets,
        networkAcls: [customAcl, { id: 'acl-f', vpc: 'vpc', isDefault: true, inbound: [], outbound: [] }],
      }),
    );
    expect(flagged.subnets.get('implicit')?.networkAcl).toMatchObject({ id: 'acl-f', implied: false });
    const implied = resolveAssociations(network({ vpcs: [vpc], subnets, networkAcls: [customAcl] }));
    expect(implied.subnets.get('implicit')?.networkAcl).toEqual({
      id: 'vpc:default-acl',
      via: 'vpc-default',
      implied: true,
      ref: 'NACL-4',
    });
    const allow = { number: 100, protocol: -1, cidr: '0.0.0.0/0', action: 'allow' };
    expect(implied.networkAcls.get('vpc:default-acl')).toMatchObject({ inbound: [allow], outbound: [allow] });
  });

  it('with an IPv6 CIDR the implied default NACL also allows ::/0 as rule 101 (NACL-4, V6-8)', () => {
    const a = resolveAssociations(network({ vpcs: [{ ...vpc, ipv6Cidrs: ['2600:1f18::/56'] }] }));
    expect(a.implied.networkAcls[0]?.inbound.map((r) => `${r.number} ${r.cidr}`)).toEqual([
      '100 0.0.0.0/0',
      '101 ::/0',
    ]);
  });

  it('two default NACLs in one VPC are a conflict', () => {
    const d1 = { id: 'acl-1', vpc: 'vpc', isDefault: true, inbound: [], outbound: [] };
    const d2 = { id: 'acl-2', vpc: 'vpc', isDefault: true, inbound: [], outbound: [] };
    const a = resolveAssociations(network({ vpcs: [vpc], networkAcls: [d1, d2] }));
    expect(a.conflicts).toEqual([{ vpc: 'vpc', kind: 'default-network-acl', chosen: d1, others: [d2] }]);
  });
});

describe('SG-4: the default security group', () => {
  const eni = (over: Partial<NetworkInterface>): NetworkInterface => ({
    id: 'eni',
    subnet: 'implicit',
    addresses: [{ private: '10.0.2.10' }],
    sourceDestCheck: true,
    securityGroups: [],
    ...over,
  });

  it('implied: inbound all from its own members, outbound all to 0.0.0.0/0 (and ::/0 with IPv6)', () => {
    const a = resolveAssociations(
      network({ vpcs: [vpc, { id: 'v6', cidrs: ['10.9.0.0/16'], ipv6Cidrs: ['2600::/56'] }] }),
    );
    expect(a.vpcs.get('vpc')?.defaultSecurityGroup).toEqual({
      id: 'vpc:default-sg',
      via: 'implied',
      implied: true,
      ref: 'SG-4',
    });
    const sg = a.securityGroups.get('vpc:default-sg');
    expect(sg?.inbound).toEqual([
      { protocol: -1, peer: { kind: 'security-group', group: 'vpc:default-sg' } },
    ]);
    expect(sg?.outbound).toEqual([{ protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }]);
    expect(a.securityGroups.get('v6:default-sg')?.outbound.map((r) => r.peer)).toEqual([
      { kind: 'cidr', cidr: '0.0.0.0/0' },
      { kind: 'cidr', cidr: '::/0' },
    ]);
  });

  it('named on the VPC but not defined: AWS default rules under that name', () => {
    const a = resolveAssociations(network({ vpcs: [{ ...vpc, defaultSecurityGroup: 'sg-0def' }] }));
    expect(a.vpcs.get('vpc')?.defaultSecurityGroup).toMatchObject({ id: 'sg-0def', implied: true });
    expect(a.securityGroups.get('sg-0def')?.inbound[0]?.peer).toEqual({
      kind: 'security-group',
      group: 'sg-0def',
    });
  });

  it('an interface launched without security groups gets the default group; a NAT gateway interface has none', () => {
    const net = network({
      vpcs: [vpc],
      subnets,
      securityGroups: [{ id: 'sg-d', vpc: 'vpc', isDefault: true, inbound: [], outbound: [] }],
    });
    const a = resolveAssociations(net);
    expect(interfaceSecurityGroups(a, eni({}))).toEqual(['sg-d']);
    expect(interfaceSecurityGroups(a, eni({ securityGroups: ['sg-x'] }))).toEqual(['sg-x']);
    expect(interfaceSecurityGroups(a, eni({ owner: 'nat-gateway' }))).toEqual([]);
  });
});
