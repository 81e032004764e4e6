/**
 * Issue 13 §4: services the platform answers at link-local and reserved addresses. From the AWS docs:
 * - ADDR-4 (UG/VPC_Security.html, UG/vpc-network-acls.html): security groups and network ACLs do not filter
 *   traffic to or from the Amazon DNS server (Route 53 Resolver, VPC base + 2 and 169.254.169.253), instance
 *   metadata (169.254.169.254) and the Amazon Time Sync Service (169.254.169.123).
 * - EC2API/API_ModifyVpcAttribute.html, EnableDnsSupport: "If enabled, queries to the Amazon provided DNS server
 *   at the 169.254.169.253 IP address, or the reserved IP address at the base of the VPC network range "plus two"
 *   succeed."
 * - PCX-7: an instance cannot reach the Amazon DNS server of a peer VPC.
 * The network below denies everything in its security group and its network ACL: any packet that entered the VPC
 * fabric would be dropped, so a `reachable` answer can only come from the platform answering at the host.
 */
import { describe, expect, it } from 'vitest';
import { hopIds, net, trace } from '../helpers.js';
import { imp } from '../cloudformation/helpers.js';
import { importTerraform } from '../../src/formats/terraform/index.js';
import { writeTree } from '../terraform/helpers.js';

const doc = (extra = ''): string => `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
${extra}    subnets:
      s: { cidr: 10.0.1.0/24, networkAcl: deny-all }
    networkAcls:
      deny-all: { inbound: [], outbound: [] }
    securityGroups:
      closed: { inbound: [], outbound: [] }
    instances:
      app: { subnet: s, ip: 10.0.1.10, securityGroups: [closed] }
`;

describe('ADDR-4: the platform answers these addresses; security groups and NACLs do not filter them', () => {
  const cases: [string, string, string, number, string][] = [
    ['the VPC resolver at base + 2', '10.0.0.2', 'udp', 53, 'amazon-dns'],
    ['the VPC resolver over TCP', '10.0.0.2', 'tcp', 53, 'amazon-dns'],
    ['the resolver at 169.254.169.253', '169.254.169.253', 'udp', 53, 'amazon-dns'],
    ['instance metadata', '169.254.169.254', 'tcp', 80, 'instance-metadata'],
    ['Amazon Time Sync', '169.254.169.123', 'udp', 123, 'amazon-time-sync'],
  ];
  it.each(cases)('%s (%s %s/%i): reachable, answered by %s', (_, to, protocol, port, svc) => {
    const t = trace(doc(), { from: 'app', to, protocol, port });
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toEqual(['instance:app', `amazon-service:${svc}`]);
    expect(hopIds(t, 'return')).toEqual([`amazon-service:${svc}`, 'instance:app']);
    expect(t.forward.hops[1]?.refs).toContain('ADDR-4');
    expect(t.return?.finalPacket).toMatchObject({ src: to, dst: '10.0.1.10' });
  });

  it('a service answers only its own protocol and port: ping to instance metadata is not answered', () => {
    const t = trace(doc(), { from: 'app', to: '169.254.169.254', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('PROTOCOL_RESTRICTION');
    expect(hopIds(t)).toEqual(['instance:app', 'amazon-service:instance-metadata']);
  });

  it('enableDnsSupport false: the DNS server answers neither at base + 2 nor at 169.254.169.253; IMDS still does', () => {
    const off = doc('    enableDnsSupport: false\n');
    for (const to of ['10.0.0.2', '169.254.169.253']) {
      const t = trace(off, { from: 'app', to, protocol: 'udp', port: 53 });
      expect(t.verdict).toBe('unreachable');
      expect(t.forward.code).toBe('VPC_DNS_SUPPORT_DISABLED');
      expect(hopIds(t)).toEqual(['instance:app', 'amazon-service:amazon-dns']);
    }
    expect(trace(off, { from: 'app', to: '169.254.169.254', protocol: 'tcp', port: 80 }).verdict).toBe(
      'reachable',
    );
  });

  it("the instance's own netfilter still applies (a common IMDS hardening rule)", () => {
    const y = `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    subnets:
      s: { cidr: 10.0.1.0/24 }
    instances:
      app:
        subnet: s
        ip: 10.0.1.10
        os: |
          iptables -A OUTPUT -d 169.254.169.254 -j DROP
`;
    const t = trace(y, { from: 'app', to: '169.254.169.254', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('IPTABLES_RULE_DROP');
    expect(trace(y, { from: 'app', to: '10.0.0.2', protocol: 'udp', port: 53 }).verdict).toBe('reachable');
  });

  it('another reserved address (a subnet base + 2 that is not the VPC resolver) is not a service: the SG filters it', () => {
    const t = trace(doc(), { from: 'app', to: '10.0.1.2', protocol: 'udp', port: 53 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('SG_HAS_NO_RULES');
  });

  it('PCX-7: the Amazon DNS server of a peer VPC does not answer across the peering', () => {
    const y = `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    subnets:
      s: { cidr: 10.0.1.0/24, routeTable: a-rt }
    routeTables:
      a-rt: { routes: { 10.1.0.0/16: pcx } }
    instances:
      app: { subnet: s, ip: 10.0.1.10 }
  b:
    cidr: 10.1.0.0/16
    subnets:
      bs: { cidr: 10.1.1.0/24, routeTable: b-rt }
    routeTables:
      b-rt: { routes: { 10.0.0.0/16: pcx } }
peerings:
  pcx: { between: [a, b] }
`;
    const t = trace(y, { from: 'app', to: '10.1.0.2', protocol: 'udp', port: 53 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('NO_ROUTE_TO_DESTINATION');
    expect(hopIds(t).slice(-2)).toEqual(['vpc-peering:pcx', 'route-table:b']);
    expect(t.forward.hops.at(-1)?.refs).toContain('PCX-7');
  });

  it('link-local addresses are never forwarded by the VPC router (RT-6) nor routed on the internet', () => {
    const open = `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    internetGateway: igw
    subnets:
      s: { cidr: 10.0.1.0/24, routeTable: rt }
    routeTables:
      rt: { routes: { 0.0.0.0/0: igw } }
    instances:
      app: { subnet: s, ip: 10.0.1.10, publicIp: 198.51.100.10 }
`;
    const t = trace(open, { from: 'app', to: '169.254.1.1', protocol: 'tcp', port: 80 });
    expect(t.forward.code).toBe('NO_ROUTE_TO_DESTINATION');
    expect(t.forward.hops.at(-1)).toMatchObject({ id: 'rt', kind: 'route-table' });
    const i = trace(open, { from: '203.0.113.5', to: '169.254.169.254', protocol: 'tcp', port: 80 });
    expect(i.verdict).toBe('unreachable');
    expect(hopIds(i)).toEqual(['internet:internet', 'internet:internet']);
  });
});

describe('enableDnsSupport in each importer (ADDR-4)', () => {
  it('native YAML', () => {
    expect(net(doc('    enableDnsSupport: false\n')).vpcs[0]?.enableDnsSupport).toBe(false);
    expect(net(doc()).vpcs[0]?.enableDnsSupport).toBeUndefined();
  });

  it('CloudFormation EnableDnsSupport', () => {
    const r = imp(`Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16, EnableDnsSupport: "false" }
`);
    expect(r.network.vpcs[0]?.enableDnsSupport).toBe(false);
  });

  it('Terraform enable_dns_support', async () => {
    const dir = writeTree({
      'main.tf': 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  enable_dns_support = false\n}\n',
    });
    const r = await importTerraform([dir], {});
    expect(r.network.vpcs[0]?.enableDnsSupport).toBe(false);
  });
});
