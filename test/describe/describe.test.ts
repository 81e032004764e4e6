/**
 * AWS CLI describe-* import: the Batfish/pybatfish snapshots in ../shared/fixtures/external/describe, states, and
 * bad input.
 *
 * Flow tests replay what Batfish's own tests check (batfish/batfish, projects/batfish/src/test/java/org/batfish/
 * representation/aws/AwsConfiguration{NatGateway,PublicSubnet,Subnet,VpcPeering,VpcPeeringCrossAccount}Test.java).
 * Each expected result is derived by hand from the snapshot's JSON and aws-semantics.md (the comment says how);
 * where vpcsim's answer differs from Batfish's, the comment says why.
 */
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importDescribe, isDescribeFolder } from '../../src/formats/describe/index.js';
import type { Network } from '../../src/model/network.js';
import { EXTERNAL_REL } from '../external-fixtures.js';
import { codesOf, errorsOf, hopIds, inOrder, writeTree } from '../terraform/helpers.js';

const BASE = `${EXTERNAL_REL}/describe`;
const load = async (d: string): Promise<Network> => {
  const r = await importDescribe(`${BASE}/${d}`, {});
  expect(errorsOf(r.diagnostics)).toEqual([]);
  return r.network;
};

describe('every external describe fixture imports', () => {
  const all = [
    'batfish-test-nat-gateway',
    'batfish-test-public-subnet',
    'batfish-test-subnet',
    'batfish-test-vpc-peering',
    'batfish-test-vpc-peering-multi-account',
    'pybatfish-hybrid-cloud',
  ];
  for (const d of all)
    it(`${d}: no errors, recognised as a describe folder, every file's key modelled or warned`, async () => {
      expect(await isDescribeFolder(`${BASE}/${d}`)).toBe(true);
      const r = await importDescribe(`${BASE}/${d}`, {});
      expect(errorsOf(r.diagnostics)).toEqual([]);
      // No file was silently ignored: unknown keys would be DESCRIBE_UNKNOWN_SHAPE warnings.
      expect(codesOf(r.diagnostics)).not.toContain('DESCRIBE_UNKNOWN_SHAPE');
      expect(r.network.vpcs.length).toBeGreaterThan(0);
    });

  it('pybatfish hybrid cloud: two regions in one model; transit gateways, attachments, tables and VPN modelled (B10, B16)', async () => {
    const r = await importDescribe(`${BASE}/pybatfish-hybrid-cloud`, {});
    expect(new Set(r.network.vpcs.map((v) => v.region))).toEqual(new Set(['us-east-2', 'us-west-2']));
    const kinds = r.diagnostics
      .filter((d) => d.code === 'UNSUPPORTED_RESOURCE_TYPE')
      .map((d) => d.message.split(':')[0]);
    expect(kinds.filter((k) => /Transit|Vpn|CustomerGateway/.test(k ?? ''))).toEqual([]);
    expect(r.network.transitGateways?.map((t) => t.id).sort()).toEqual([
      'tgw-06b348adabd13452d',
      'tgw-0888a76c8a371246d',
    ]);
    // TGW-14: the peering attachment has one id on both gateways; the second side is named <id>@<gateway>.
    expect(r.network.transitGatewayAttachments?.map((a) => a.id)).toContain(
      'tgw-attach-0cc6cf6a578b754e3@tgw-0888a76c8a371246d',
    );
    const tgwRoute = r.network.routeTables
      .flatMap((t) => t.routes)
      .find((x) => x.target.kind === 'transit-gateway');
    expect(tgwRoute?.caveat).toBeUndefined();
  });

  it('multi-account: account ids from accounts/<id>/, the peering listed twice is one, terminated instances and deleted peerings are gone', async () => {
    const net = await load('batfish-test-vpc-peering-multi-account');
    expect(net.peerings.map((p) => [p.id, p.state])).toEqual([['pcx-0040f7640e10191f4', 'active']]);
    expect(net.instances.map((i) => i.id).sort()).toEqual(['i-066ce0b1efbb5602c', 'i-07ae69cc808e8804e']);
    expect(new Set(net.vpcs.map((v) => v.region))).toEqual(new Set(['us-east-1']));
  });
});

describe('Batfish AwsConfigurationNatGatewayTest (test-nat-gateway)', () => {
  const inst = 'i-0a128d26e59be60f3'; // 10.1.1.98 in subnet-06f4… (10.1.1.0/24), route table rtb-02fe… 0/0 → NAT
  const nat = 'nat-07ab4846da51f4612'; // 10.1.250.210 / 3.135.127.225 in subnet-0428… (rtb-0ddf…: 0/0 → igw)

  it('instance → 8.8.8.8:80 goes out through the NAT gateway and the IGW and comes back (Batfish: bidirectional success)', async () => {
    // SG sg-0253… allows all outbound; default NACL allows all; NAT subnet NACL acl-0792… inbound rule 200 allows
    // all (NGW-9); NAT GW rewrites the source to 10.1.250.210 (NGW-2), the IGW to 3.135.127.225 (IGW-2).
    const t = traceFlow(await load('batfish-test-nat-gateway'), {
      from: inst,
      to: '8.8.8.8',
      protocol: 'tcp',
      port: 80,
    });
    expect(t.verdict).toBe('reachable');
    expect(
      inOrder(hopIds(t), [
        `instance:${inst}`,
        'route-table:rtb-02fe228b42de92a7c',
        `nat-gateway:${nat}`,
        'route-table:rtb-0ddf14681733ed0b7',
        'internet-gateway:igw-071753b9c23d8a9b2',
      ]),
    ).toBe(true);
    expect(t.forward.hops.find((h) => h.kind === 'nat-gateway')?.after?.src).toBe('10.1.250.210');
    expect(t.forward.hops.find((h) => h.kind === 'internet-gateway')?.after?.src).toBe('3.135.127.225');
    expect(
      inOrder(hopIds(t, 'return'), [
        'internet-gateway:igw-071753b9c23d8a9b2',
        `nat-gateway:${nat}`,
        `instance:${inst}`,
      ]),
    ).toBe(true);
  });

  it('an IP protocol other than TCP/UDP/ICMP is dropped at the NAT gateway (NGW-4; Batfish: DENIED_IN at the NAT)', async () => {
    const t = traceFlow(await load('batfish-test-nat-gateway'), {
      from: inst,
      to: '8.8.8.8',
      protocol: '107',
    });
    expect([t.verdict, hopIds(t).at(-1)]).toEqual(['unreachable', `nat-gateway:${nat}`]);
  });

  it('a packet from the internet to the NAT gateway without a session is dropped there (NGW-3)', async () => {
    const t = traceFlow(await load('batfish-test-nat-gateway'), {
      from: '8.8.8.8',
      to: '3.135.127.225',
      protocol: 'tcp',
      port: 80,
    });
    expect([t.verdict, hopIds(t).at(-1)]).toEqual(['unreachable', `nat-gateway:${nat}`]);
    expect(hopIds(t)).toContain('internet-gateway:igw-071753b9c23d8a9b2');
  });

  it('a packet to the NAT gateway from its own subnet is dropped at the NAT, without route table or NACL (RT-8, NGW-3)', async () => {
    const t = traceFlow(await load('batfish-test-nat-gateway'), {
      from: 'i-0b31b509174d7f5de',
      to: '10.1.250.210',
      protocol: 'tcp',
      port: 80,
    });
    expect([t.verdict, hopIds(t).at(-1)]).toEqual(['unreachable', `nat-gateway:${nat}`]);
    expect(t.forward.hops.some((h) => h.kind === 'network-acl')).toBe(false);
  });
});

describe('Batfish AwsConfigurationPublicSubnetTest (test-public-subnet)', () => {
  const inst = 'i-06669a407b2ef3ae5'; // 10.0.0.91 ↔ 18.216.80.133; SG launch-wizard-1: inbound tcp/22 only

  it('internet → public IP: the IGW translates to 10.0.0.91 and the SG denies port 80 (Batfish: DENIED_IN)', async () => {
    const t = traceFlow(await load('batfish-test-public-subnet'), {
      from: '8.8.8.8',
      to: '18.216.80.133',
      protocol: 'tcp',
      port: 80,
    });
    expect([t.verdict, t.forward.code, hopIds(t).at(-1)]).toEqual([
      'unreachable',
      'ENI_SG_RULES_MISMATCH',
      'security-group:sg-09ccba6656672061b',
    ]);
    expect(t.forward.hops.find((h) => h.kind === 'internet-gateway')?.after?.dst).toBe('10.0.0.91');
  });

  it('internet → public IP port 22 is admitted (same rule set, the allowed port)', async () => {
    const t = traceFlow(await load('batfish-test-public-subnet'), {
      from: '8.8.8.8',
      to: '18.216.80.133',
      protocol: 'tcp',
      port: 22,
    });
    expect([t.verdict, hopIds(t).at(-1)]).toEqual(['reachable', `instance:${inst}`]);
  });

  it('internet → an address not in the snapshot never enters the modelled network', async () => {
    // Batfish: NULL_ROUTED at its "AWS backbone" node, which knows AWS-owned prefixes. vpcsim does not model AWS's
    // address ownership: 54.191.107.23 is just another internet host, so the flow stays outside (no VPC hop).
    const t = traceFlow(await load('batfish-test-public-subnet'), {
      from: '8.8.8.8',
      to: '54.191.107.23',
      protocol: 'tcp',
      port: 80,
    });
    expect(t.forward.hops.every((h) => h.kind === 'internet')).toBe(true);
  });

  it('instance → 8.8.8.8 exits through the IGW with source 18.216.80.133 (IGW-2; Batfish: EXITS_NETWORK, SOURCE_NAT)', async () => {
    const t = traceFlow(await load('batfish-test-public-subnet'), {
      from: inst,
      to: '8.8.8.8',
      protocol: 'tcp',
      port: 80,
    });
    expect([t.verdict, t.forward.disposition]).toEqual(['reachable', 'exited']);
    expect(
      inOrder(hopIds(t), [
        `instance:${inst}`,
        'route-table:rtb-0489000c9e6c299e8',
        'internet-gateway:igw-0a409e562d251f766',
      ]),
    ).toBe(true);
    expect(t.forward.hops.find((h) => h.kind === 'internet-gateway')?.after?.src).toBe('18.216.80.133');
  });
});

describe('Batfish AwsConfigurationSubnetTest (test-subnet)', () => {
  it('instance → instance in the same subnet: no NACL (RT-8, NACL-3), denied by the destination SG (tcp/22 only)', async () => {
    const t = traceFlow(await load('batfish-test-subnet'), {
      from: 'i-08ef86e76fceabd8d',
      to: '10.10.1.44',
      protocol: 'tcp',
      port: 80,
    });
    expect([t.verdict, hopIds(t).at(-1)]).toEqual(['unreachable', 'security-group:sg-02566e413c0030c70']);
    expect(t.forward.hops.some((h) => h.kind === 'network-acl')).toBe(false);
    const ssh = traceFlow(await load('batfish-test-subnet'), {
      from: 'i-08ef86e76fceabd8d',
      to: '10.10.1.44',
      protocol: 'tcp',
      port: 22,
    });
    expect([ssh.verdict, hopIds(ssh).at(-1)]).toEqual(['reachable', 'instance:i-07519d6ba3f9497e4']);
  });

  it('instance → 10.10.0.1 (in the VPC, in no subnet) is dropped (Batfish: NULL_ROUTED at the VPC)', async () => {
    const t = traceFlow(await load('batfish-test-subnet'), {
      from: 'i-08ef86e76fceabd8d',
      to: '10.10.0.1',
      protocol: 'tcp',
      port: 80,
    });
    expect([t.verdict, t.forward.disposition]).toEqual(['unreachable', 'dropped']);
    expect(hopIds(t)).toContain('route-table:rtb-07243bb4843d61c35');
  });
});

describe('Batfish AwsConfigurationVpcPeeringTest (test-vpc-peering)', () => {
  const a = 'i-06ba034d88c84ef07'; // 10.10.10.157, VPC A 10.10.0.0/16: 192.168.1.0/24 → pcx-0b89 (B), 192.168.2.0/24 → pcx-0d5b (C)
  const b = 'i-0b14080af811fda3d'; // 192.168.1.106, VPC B 192.168.0.0/16: 10.10.0.0/16 → pcx-0b89
  it("A → B: crosses pcx-0b89, denied by B's SG (only tcp/22 in); ssh gets through both ways", async () => {
    const net = await load('batfish-test-vpc-peering');
    const t = traceFlow(net, { from: a, to: '192.168.1.106', protocol: 'tcp', port: 80 });
    expect([t.verdict, hopIds(t).at(-1)]).toEqual(['unreachable', 'security-group:sg-065c26b39e45ae384']);
    expect(hopIds(t)).toContain('vpc-peering:pcx-0b89b559e3319d6cf');
    const ssh = traceFlow(net, { from: a, to: '192.168.1.106', protocol: 'tcp', port: 22 });
    expect(ssh.verdict).toBe('reachable');
    expect(hopIds(ssh, 'return')).toContain('vpc-peering:pcx-0b89b559e3319d6cf');
  });
  it("B → A: denied by A's SG", async () => {
    const t = traceFlow(await load('batfish-test-vpc-peering'), {
      from: b,
      to: '10.10.10.157',
      protocol: 'tcp',
      port: 80,
    });
    expect([t.verdict, hopIds(t).at(-1)]).toEqual(['unreachable', 'security-group:sg-09606ce9642cac154']);
  });
  it("A → C uses the other peering although B and C overlap (RT-1 on A's /24 routes)", async () => {
    const t = traceFlow(await load('batfish-test-vpc-peering'), {
      from: a,
      to: '192.168.2.229',
      protocol: 'tcp',
      port: 22,
    });
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toContain('vpc-peering:pcx-0d5b836985ac8ca8c');
  });
  it('A → 192.168.100.1: no route in A (Batfish: NO_ROUTE at subnet A)', async () => {
    const t = traceFlow(await load('batfish-test-vpc-peering'), {
      from: a,
      to: '192.168.100.1',
      protocol: 'tcp',
      port: 80,
    });
    expect([t.verdict, t.forward.code, hopIds(t).at(-1)]).toEqual([
      'unreachable',
      'NO_ROUTE_TO_DESTINATION',
      'route-table:rtb-0891861fffaea6d52',
    ]);
  });
  it('B → 10.10.100.1: crosses the peering, then nothing in A has it (Batfish: NULL_ROUTED at VPC A)', async () => {
    const t = traceFlow(await load('batfish-test-vpc-peering'), {
      from: b,
      to: '10.10.100.1',
      protocol: 'tcp',
      port: 80,
    });
    expect(t.verdict).toBe('unreachable');
    expect(hopIds(t)).toContain('vpc-peering:pcx-0b89b559e3319d6cf');
  });
  it('B → 10.10.10.11 (subnet A, no interface): unreachable', async () => {
    // Batfish: DELIVERED_TO_SUBNET — it stops at the subnet because a host might own the address. vpcsim knows every
    // ENI of the snapshot, and none has 10.10.10.11, so nothing can answer: unreachable.
    const t = traceFlow(await load('batfish-test-vpc-peering'), {
      from: b,
      to: '10.10.10.11',
      protocol: 'tcp',
      port: 80,
    });
    expect(t.verdict).toBe('unreachable');
  });
});

describe('Batfish AwsConfigurationVpcPeeringCrossAccountTest (test-vpc-peering-multi-account)', () => {
  it('A → B and B → A over ssh are accepted across accounts', async () => {
    const net = await load('batfish-test-vpc-peering-multi-account');
    const ab = traceFlow(net, { from: 'i-07ae69cc808e8804e', to: '10.2.1.252', protocol: 'tcp', port: 22 });
    expect([ab.verdict, ab.forward.disposition]).toEqual(['reachable', 'delivered']);
    expect(
      inOrder(hopIds(ab), [
        'instance:i-07ae69cc808e8804e',
        'route-table:rtb-0039abf2a28b091bb',
        'vpc-peering:pcx-0040f7640e10191f4',
        'instance:i-066ce0b1efbb5602c',
      ]),
    ).toBe(true);
    const ba = traceFlow(net, { from: 'i-066ce0b1efbb5602c', to: '10.1.1.100', protocol: 'tcp', port: 22 });
    expect(ba.verdict).toBe('reachable');
  });
});

describe('pybatfish hybrid-cloud through the transit gateway (TGW-2, TGW-16, TGW-18, TGW-24, RT-19)', () => {
  it('i-01602d9efaed4409a (vpc-1, 10.20.1.207) → i-04cd3db5124a05ee6 (vpc-2, 10.30.1.166) tcp/22 past the hub', async () => {
    const net = await load('pybatfish-hybrid-cloud');
    const t = traceFlow(net, {
      from: 'i-01602d9efaed4409a',
      to: 'i-04cd3db5124a05ee6',
      protocol: 'tcp',
      port: 22,
    });
    // vpc-1's main table: 10.30.0.0/16 → tgw-06b3…; attachment tgw-attach-0648… (subnet-06a6…, the sender's own
    // subnet and AZ, RT-19); the default table tgw-rtb-00e3… (both VPC attachments associated and propagating)
    // has 10.30.0.0/16 → tgw-attach-021f… (vpc-2), whose subnet is the destination's: delivered; sg-0242… admits
    // tcp/22 from 0.0.0.0/0. The reply takes vpc-2's 10.20.0.0/16 → tgw back the same way.
    expect(t.verdict).toBe('reachable');
    expect(t.uncertain).toBe(false);
    const hub = hopIds(t).filter((h) => h.startsWith('transit-gateway'));
    expect(hub).toEqual([
      'transit-gateway-attachment:tgw-attach-0648110513acd6de5',
      'transit-gateway-route-table:tgw-rtb-00e37bc5142347b03',
      'transit-gateway-attachment:tgw-attach-021f89744fac566dd',
    ]);
    expect(hopIds(t).at(-1)).toBe('instance:i-04cd3db5124a05ee6');
    expect(hopIds(t, 'return').filter((h) => h.startsWith('transit-gateway'))).toEqual([
      'transit-gateway-attachment:tgw-attach-021f89744fac566dd',
      'transit-gateway-route-table:tgw-rtb-00e37bc5142347b03',
      'transit-gateway-attachment:tgw-attach-0648110513acd6de5',
    ]);
    expect(JSON.stringify(t)).not.toContain('UNSUPPORTED_COMPONENT');
  });

  it('to 203.0.113.0/24 (the on-premises side, routed to the gateway): BGP routes not in the snapshot → uncertain', async () => {
    const net = await load('pybatfish-hybrid-cloud');
    const t = traceFlow(net, { from: 'i-01602d9efaed4409a', to: '203.0.113.10', protocol: 'tcp', port: 22 });
    // The VPN attachment propagates BGP routes into the default table, but the snapshot lists none of them (no
    // search-transit-gateway-routes, no on-premises network declared): no route found, and the answer depends on
    // them (ONPREM-1).
    expect(t.forward.droppedAt).toBe('tgw-rtb-00e37bc5142347b03');
    expect(t.uncertain).toBe(true);
  });
});

describe('pybatfish hybrid-cloud (flows that stay out of the transit gateway)', () => {
  it('internet → the public host: ssh admitted, http denied by launch-wizard-1', async () => {
    const net = await load('pybatfish-hybrid-cloud');
    const ssh = traceFlow(net, { from: '198.51.100.9', to: '13.59.144.125', protocol: 'tcp', port: 22 });
    expect([ssh.verdict, hopIds(ssh).at(-1)]).toEqual(['reachable', 'instance:i-01602d9efaed4409a']);
    const http = traceFlow(net, { from: '198.51.100.9', to: '13.59.144.125', protocol: 'tcp', port: 80 });
    expect([http.verdict, hopIds(http).at(-1)]).toEqual([
      'unreachable',
      'security-group:sg-0e37fc2ef01c89369',
    ]);
  });
});

const fileSet = (o: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, JSON.stringify(v, null, 1)]));
const VPC = {
  Vpcs: [
    {
      VpcId: 'vpc-1',
      CidrBlock: '10.0.0.0/16',
      CidrBlockAssociationSet: [
        { CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
        { CidrBlock: '10.9.0.0/16', CidrBlockState: { State: 'disassociated' } },
      ],
    },
  ],
};
const SUBNETS = { Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' }] };

describe('states (RT-7, PCX-4, NGW-11, ADDR-1)', () => {
  it('terminated instance and deleted NAT gateway are gone and routes to them become blackholes; disassociated CIDRs ignored; pending peering kept pending', async () => {
    const dir = writeTree(
      fileSet({
        'Vpcs.json': VPC,
        'Subnets.json': SUBNETS,
        'Reservations.json': {
          Reservations: [{ Instances: [{ InstanceId: 'i-dead', State: { Name: 'terminated' } }] }],
        },
        'NatGateways.json': {
          NatGateways: [{ NatGatewayId: 'nat-old', SubnetId: 'subnet-1', State: 'deleted' }],
        },
        'VpcPeeringConnections.json': {
          VpcPeeringConnections: [
            {
              VpcPeeringConnectionId: 'pcx-1',
              RequesterVpcInfo: { VpcId: 'vpc-1' },
              AccepterVpcInfo: { VpcId: 'vpc-2' },
              Status: { Code: 'pending-acceptance' },
            },
          ],
        },
        'RouteTables.json': {
          RouteTables: [
            {
              RouteTableId: 'rtb-1',
              VpcId: 'vpc-1',
              Associations: [{ Main: true, RouteTableId: 'rtb-1' }],
              Routes: [
                { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
                { DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-dead', State: 'active' },
                { DestinationCidrBlock: '192.0.2.0/24', NatGatewayId: 'nat-old', State: 'active' },
                { DestinationCidrBlock: '198.51.100.0/24', GatewayId: 'igw-gone', State: 'blackhole' },
                { DestinationCidrBlock: '10.2.0.0/16', VpcPeeringConnectionId: 'pcx-1', State: 'blackhole' },
              ],
            },
          ],
        },
      }),
    );
    const r = await importDescribe(dir, {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.network.vpcs[0]?.cidrs).toEqual(['10.0.0.0/16']);
    expect(r.network.vpcs[0]?.mainRouteTable).toBe('rtb-1');
    expect(r.network.instances).toEqual([]);
    expect(r.network.natGateways).toEqual([]);
    expect(r.network.peerings.map((p) => p.state)).toEqual(['pending-acceptance']);
    const routes = r.network.routeTables[0]?.routes ?? [];
    // The local route is implied (RT-2); the other four keep their order.
    expect(routes.map((x) => [x.destination, x.state])).toEqual([
      ['0.0.0.0/0', 'blackhole'],
      ['192.0.2.0/24', 'blackhole'],
      ['198.51.100.0/24', 'blackhole'],
      ['10.2.0.0/16', 'blackhole'],
    ]);
    expect(routes[0]?.caveat).toMatch(/i-dead is terminated/);
    expect(routes[1]?.caveat).toMatch(/nat-old is deleted/);
  });

  it('a route to a gateway the snapshot does not contain has an unknown target with a caveat', async () => {
    const dir = writeTree(
      fileSet({
        'Vpcs.json': VPC,
        'RouteTables.json': {
          RouteTables: [
            {
              RouteTableId: 'rtb-1',
              VpcId: 'vpc-1',
              Associations: [],
              Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-notexported', State: 'active' }],
            },
          ],
        },
      }),
    );
    const r = await importDescribe(dir, {});
    const route = r.network.routeTables[0]?.routes[0];
    expect(route?.target).toEqual({ kind: 'unknown', id: 'igw-notexported' });
    expect(route?.caveat).toMatch(/no InternetGateways output/);
  });

  it('NACL entries: * rules are implicit, rules sorted by number, ICMP type/code and port ranges kept', async () => {
    const dir = writeTree(
      fileSet({
        'Vpcs.json': VPC,
        'NetworkAcls.json': {
          NetworkAcls: [
            {
              NetworkAclId: 'acl-1',
              VpcId: 'vpc-1',
              IsDefault: true,
              Associations: [],
              Entries: [
                {
                  RuleNumber: 32767,
                  Egress: false,
                  Protocol: '-1',
                  RuleAction: 'deny',
                  CidrBlock: '0.0.0.0/0',
                },
                {
                  RuleNumber: 200,
                  Egress: false,
                  Protocol: '6',
                  RuleAction: 'allow',
                  CidrBlock: '0.0.0.0/0',
                  PortRange: { From: 1024, To: 65535 },
                },
                {
                  RuleNumber: 100,
                  Egress: false,
                  Protocol: '1',
                  RuleAction: 'deny',
                  CidrBlock: '10.0.0.0/8',
                  IcmpTypeCode: { Type: 8, Code: -1 },
                },
              ],
            },
          ],
        },
      }),
    );
    const r = await importDescribe(dir, {});
    const acl = r.network.networkAcls[0];
    expect(acl?.inbound.map((x) => [x.number, x.protocol, x.action, x.ports ?? x.icmp])).toEqual([
      [100, 1, 'deny', { type: 8, code: -1 }],
      [200, 6, 'allow', { from: 1024, to: 65535 }],
    ]);
    expect(r.network.vpcs[0]?.defaultNetworkAcl).toBe('acl-1');
  });
});

describe('bad input: diagnostics with file:line:col, never a throw', () => {
  it('invalid JSON names the position; the other files still import', async () => {
    const dir = writeTree({
      'Vpcs.json': '{\n  "Vpcs": [\n    { "VpcId": "vpc-1", }\n  ]\n}\n',
      'Subnets.json': JSON.stringify(SUBNETS),
    });
    const r = await importDescribe(dir, {});
    const e = errorsOf(r.diagnostics)[0];
    expect(e?.code).toBe('INVALID_JSON');
    // The trailing comma: line 3; JSON.parse reports the position of the unexpected "}" (column 25).
    expect([e?.span?.file, e?.span?.line, e?.span?.col]).toEqual([`${dir}/Vpcs.json`, 3, 25]);
    expect(r.network.subnets.map((s) => s.id)).toEqual(['subnet-1']);
  });

  it('an unknown top-level key is a warning at the key; a non-object file too', async () => {
    const dir = writeTree({ 'Weird.json': '{\n  "Gadgets": []\n}\n', 'list.json': '[1, 2]' });
    const r = await importDescribe(dir, {});
    const w = r.diagnostics.filter((d) => d.code === 'DESCRIBE_UNKNOWN_SHAPE');
    expect(w.map((d) => [d.span?.file.split('/').pop(), d.span?.line, d.span?.col]).sort()).toEqual([
      ['Weird.json', 2, 3],
      ['list.json', 1, 1],
    ]);
    expect(errorsOf(r.diagnostics)).toEqual([]);
  });

  it('an entry without its id is reported and skipped', async () => {
    const dir = writeTree({ 'Subnets.json': JSON.stringify({ Subnets: [{ VpcId: 'vpc-1' }] }) });
    const r = await importDescribe(dir, {});
    expect(codesOf(r.diagnostics)).toEqual(['DESCRIBE_MISSING_FIELD']);
  });

  it('a missing folder is an error, not a throw; isDescribeFolder says no', async () => {
    const r = await importDescribe('/nonexistent/aws_configs', {});
    expect(codesOf(errorsOf(r.diagnostics))).toEqual(['FILE_UNREADABLE']);
    expect(await isDescribeFolder('/nonexistent/aws_configs')).toBe(false);
    expect(await isDescribeFolder(writeTree({ 'a.json': '{"x": 1}' }))).toBe(false);
  });
});
