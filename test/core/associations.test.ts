/**
 * One answer to "which route table and NACL apply here" (RT-9, RT-10, RT-11, NACL-4, SG-4): the data plane, the
 * validator and the diagram agree on a network with explicit, main and implied associations, and a VPC with two
 * main tables is a validation error naming both positions. Expected values derived by hand from aws-semantics.md.
 */
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../../src/dataplane/compile.js';
import { buildTopology } from '../../src/render/diagram/topology.js';
import { validateNetwork } from '../../src/validate/index.js';
import { impliedDefaultNetworkAcl } from '../../src/associations/implied.js';
import { resolveAssociations } from '../../src/associations/resolve.js';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import { diagnose, net, trace } from '../helpers.js';

const YAML = `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    internetGateway: igw
    subnets:
      pub: { cidr: 10.0.1.0/24, routeTable: pub-rtb, networkAcl: pub-acl }
      priv: { cidr: 10.0.2.0/24 }
    routeTables:
      pub-rtb: { routes: { 0.0.0.0/0: igw } }
      main-rtb: { main: true, routes: {} }
      gw-rtb: { edge: igw, routes: { 10.0.1.0/24: local } }
    networkAcls:
      pub-acl:
        inbound: [100 allow all from 0.0.0.0/0]
        outbound: [100 allow all to 0.0.0.0/0]
      default-acl:
        default: true
        inbound: [100 allow all from 0.0.0.0/0]
        outbound: [100 allow all to 0.0.0.0/0]
    securityGroups:
      open: { inbound: [all from 0.0.0.0/0], outbound: [all to 0.0.0.0/0] }
    instances:
      web: { subnet: pub, ip: 10.0.1.10, securityGroups: [open] }
      db: { subnet: priv, ip: 10.0.2.10, securityGroups: [open] }
  b:
    cidr: 10.1.0.0/16
    subnets:
      lone: { cidr: 10.1.1.0/24 }
    instances:
      solo: { subnet: lone, ip: 10.1.1.10 }
`;

/** subnet → [route table, NACL] in effect, as RT-9 / NACL-4 say for this network. */
const EXPECTED: Record<string, [string, string]> = {
  pub: ['pub-rtb', 'pub-acl'], // explicit associations
  priv: ['main-rtb', 'default-acl'], // implicit: the VPC's main table (flagged) and default NACL (flagged)
  lone: ['b:main-rtb', 'b:default-acl'], // VPC b has neither: AWS's implied ones
};

describe('compile, validate and the diagram agree on associations', () => {
  const network = net(YAML);

  it('the associations layer answers RT-9 / NACL-4 / RT-11 / SG-4 for the whole network', () => {
    const a = resolveAssociations(network);
    for (const [s, [rt, acl]] of Object.entries(EXPECTED)) {
      expect(a.subnets.get(s)?.routeTable.id).toBe(rt);
      expect(a.subnets.get(s)?.networkAcl.id).toBe(acl);
    }
    expect(a.gatewayRouteTables.get('igw')?.id).toBe('gw-rtb');
    expect(a.vpcs.get('b')?.defaultSecurityGroup).toMatchObject({ id: 'b:default-sg', implied: true });
  });

  it('the data plane compiles exactly those tables and ACLs', () => {
    const { compiled } = compileNetwork(network);
    for (const [s, [rt, acl]] of Object.entries(EXPECTED)) {
      expect(compiled.subnets.get(s)?.routeTable.id).toBe(rt);
      expect(compiled.subnets.get(s)?.nacl.id).toBe(acl);
    }
    expect(compiled.vpcs.get('a')?.mainRouteTable.id).toBe('main-rtb');
    expect(compiled.igws.get('igw')?.routeTable?.id).toBe('gw-rtb');
    // SG-4: an instance launched without a security group carries the VPC's default group.
    expect(compiled.instances.get('solo')?.enis.map((e) => e.sgs.map((g) => g.id))).toEqual([
      ['b:default-sg'],
    ]);
  });

  it('the diagram labels each subnet router with the same table and NACL', () => {
    const g = buildTopology(network);
    const label = (s: string) => g.nodes.find((n) => n.id === `router:${s}`)?.label;
    expect(label('pub')).toEqual(['route table pub-rtb', 'NACL pub-acl']);
    expect(label('priv')).toEqual(['route table main-rtb (main)', 'NACL default-acl (default)']);
    expect(label('lone')).toEqual([
      'route table main (implied: local only)',
      'NACL default (implied: allow all)',
    ]);
  });

  it('validation treats the main table as used and finds nothing wrong', () => {
    expect(
      validateNetwork(network).filter((d) => d.severity === 'error' || d.code === 'ROUTE_TABLE_UNUSED'),
    ).toEqual([]);
  });

  it('a trace uses them: db → web leaves priv by main-rtb and default-acl, enters pub by pub-acl', () => {
    const t = trace(network, { from: 'db', to: 'web', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    const of = (kind: string) => t.forward.hops.filter((h) => h.kind === kind).map((h) => h.id);
    expect(of('route-table')).toEqual(['main-rtb']);
    expect(of('network-acl')).toEqual(['default-acl', 'pub-acl']);
    // VPC b: the implied main table has only the local route, so the internet is unreachable from solo (RT-9).
    const out = trace(network, { from: 'solo', to: '198.51.100.1', protocol: 'tcp', port: 443 });
    expect(out.verdict).toBe('unreachable');
    expect(out.forward.hops.at(-1)?.id).toBe('b:main-rtb');
  });
});

describe('RT-9: one main route table per VPC', () => {
  const two = `vpcsim: 1
vpcs:
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      s: { cidr: 10.0.1.0/24 }
    routeTables:
      first: { main: true, routes: {} }
      second: { main: true, routes: {} }
`;

  it('two main-flagged tables are an error naming both positions, not a tie', () => {
    const ds = diagnose(two).filter((d) => d.code === 'MAIN_ROUTE_TABLE_CONFLICT');
    expect(ds).toEqual([
      {
        severity: 'error',
        code: 'MAIN_ROUTE_TABLE_CONFLICT',
        message:
          'VPC vpc has two main route tables: first (test.yaml:8:7) and second (test.yaml:9:7); a VPC has exactly one main route table (RT-9). vpcsim uses first',
        span: { file: 'test.yaml', line: 9, col: 7 },
        resource: 'second',
        ref: 'RT-9',
      },
    ]);
  });

  it('the data plane and the diagram use the same one (the first), so they cannot disagree', () => {
    const n = net(two);
    expect(compileNetwork(n).compiled.subnets.get('s')?.routeTable.id).toBe('first');
    expect(buildTopology(n).nodes.find((x) => x.id === 'router:s')?.label[0]).toBe(
      'route table first (main)',
    );
  });

  it('two default NACLs (NACL-4) and two default security groups (SG-4) are errors too', () => {
    const ds = diagnose(`vpcsim: 1
vpcs:
  vpc:
    cidr: 10.0.0.0/16
    networkAcls:
      acl-1: { default: true }
      acl-2: { default: true }
    securityGroups:
      sg-1: { default: true }
      sg-2: { default: true }
`);
    expect(ds.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.resource} ${d.ref}`)).toEqual([
      'DEFAULT_NETWORK_ACL_CONFLICT acl-2 NACL-4',
      'DEFAULT_SECURITY_GROUP_CONFLICT sg-2 SG-4',
    ]);
  });
});

describe('the implied default network ACL has one rule list per direction (NACL-4)', () => {
  it('inbound and outbound are separate lists, each allowing all (rule 100; 101 for IPv6, V6-8)', () => {
    const acl = impliedDefaultNetworkAcl({ id: 'v', cidrs: ['10.0.0.0/16'], ipv6Cidrs: ['2001:db8::/56'] });
    expect(acl.inbound).not.toBe(acl.outbound);
    const rows = [
      [100, -1, '0.0.0.0/0', 'allow'],
      [101, -1, '::/0', 'allow'],
    ];
    expect(acl.inbound.map((r) => [r.number, r.protocol, r.cidr, r.action])).toEqual(rows);
    expect(acl.outbound.map((r) => [r.number, r.protocol, r.cidr, r.action])).toEqual(rows);
  });

  it('an outbound entry added to the default ACL by an importer stays outbound', () => {
    // CloudFormation: an egress NetworkAclEntry on !GetAtt Vpc.DefaultNetworkAcl (formats/build/implied.ts makes the
    // default explicit from the associations layer's shape, without copying its lists).
    const r = importCloudFormation(
      [
        {
          path: 't.yaml',
          text: `Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Out: { Type: AWS::EC2::NetworkAclEntry, Properties: { NetworkAclId: !GetAtt Vpc.DefaultNetworkAcl, RuleNumber: 50, Protocol: 6, RuleAction: deny, Egress: true, CidrBlock: 192.0.2.0/24, PortRange: { From: 22, To: 22 } } }
`,
        },
      ],
      {},
    );
    const acl = r.network.networkAcls.find((a) => a.id === 'Vpc.DefaultNetworkAcl');
    expect(acl?.inbound.map((x) => [x.number, x.action])).toEqual([[100, 'allow']]);
    expect(acl?.outbound.map((x) => [x.number, x.action])).toEqual([
      [100, 'allow'],
      [50, 'deny'],
    ]);
  });
});
