/**
 * Issue 12 defect: a VPC's defaults named through its attributes — `aws_vpc.X.default_route_table_id`,
 * `main_route_table_id`, `default_network_acl_id`, `default_security_group_id` — are the VPC's implied main route
 * table (RT-9), default network ACL (NACL-4) and default security group (SG-4), in the associations layer's shape.
 * Before the fix, `aws_route { route_table_id = aws_vpc.X.default_route_table_id }` was dropped as "route_table_id
 * not in the configuration" and a subnet without an association had no way out. Expected values come from RT-9
 * (a subnet without an explicit association uses the main table), IGW-2 (the internet sees the public IP) and
 * NACL-1 (rules in number order, first match decides).
 */
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importTerraform } from '../../src/formats/terraform/index.js';
import { codesOf, errorsOf, hopIds, writeTree } from './helpers.js';

const BASE = `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}
resource "aws_subnet" "pub" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.pub.id
}
`;

const route = (attr: string): string => `
resource "aws_route" "internet" {
  route_table_id         = aws_vpc.main.${attr}
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.igw.id
}
`;

describe('a VPC default named by its aws_vpc attribute', () => {
  for (const attr of ['default_route_table_id', 'main_route_table_id']) {
    it(`aws_route on aws_vpc.main.${attr} goes into the VPC's main route table (RT-9), which the subnet uses`, async () => {
      const r = await importTerraform([writeTree({ 'main.tf': BASE + route(attr) })], {});
      expect(errorsOf(r.diagnostics)).toEqual([]);
      expect(codesOf(r.diagnostics)).not.toContain('TF_REFERENCE_UNRESOLVED');
      const main = 'aws_vpc.main.default_route_table';
      expect(r.network.vpcs[0]?.mainRouteTable).toBe(main);
      const table = r.network.routeTables.find((t) => t.id === main);
      expect([table?.main, table?.routes.map((x) => [x.destination, x.target])]).toEqual([
        true,
        [['0.0.0.0/0', { kind: 'internet-gateway', id: 'aws_internet_gateway.igw' }]],
      ]);
      // RT-9: the subnet has no association, so the main table routes it; IGW-2: out through the gateway.
      const t = traceFlow(r.network, { from: 'aws_instance.web', to: '8.8.8.8', protocol: 'tcp', port: 443 });
      expect([t.verdict, t.forward.disposition]).toEqual(['reachable', 'exited']);
      const hops = hopIds(t);
      expect(hops.filter((h) => /^(route-table|internet-gateway):/.test(h))).toEqual([
        `route-table:${main}`,
        'internet-gateway:aws_internet_gateway.igw',
      ]);
    });
  }

  it('both attributes name one table: routes through either land in the same main table', async () => {
    const text = `${BASE}
resource "aws_route" "a" {
  route_table_id         = aws_vpc.main.default_route_table_id
  destination_cidr_block = "192.0.2.0/24"
  gateway_id             = aws_internet_gateway.igw.id
}
resource "aws_route" "b" {
  route_table_id         = aws_vpc.main.main_route_table_id
  destination_cidr_block = "198.51.100.0/24"
  gateway_id             = aws_internet_gateway.igw.id
}`;
    const r = await importTerraform([writeTree({ 'main.tf': text })], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.network.routeTables.map((t) => [t.id, t.routes.map((x) => x.destination)])).toEqual([
      ['aws_vpc.main.default_route_table', ['192.0.2.0/24', '198.51.100.0/24']],
    ]);
  });

  it('aws_network_acl_rule on aws_vpc.main.default_network_acl_id joins the default ACL (NACL-4) before its rule 100', async () => {
    const text = `${BASE}
resource "aws_subnet" "b" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.2.0/24"
}
resource "aws_instance" "jump" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.b.id
}
resource "aws_network_acl_rule" "no_ssh" {
  network_acl_id = aws_vpc.main.default_network_acl_id
  rule_number    = 50
  egress         = false
  protocol       = "tcp"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}`;
    const r = await importTerraform([writeTree({ 'main.tf': text })], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const id = 'aws_vpc.main.default_network_acl';
    expect(r.network.vpcs[0]?.defaultNetworkAcl).toBe(id);
    const acl = r.network.networkAcls.find((n) => n.id === id);
    // NACL-4: the default ACL allows all (rule 100); the configured rule 50 is evaluated first (NACL-1).
    const byNumber = [...(acl?.inbound ?? [])].sort((a, b) => a.number - b.number);
    expect(byNumber.map((x) => [x.number, x.action, x.protocol])).toEqual([
      [50, 'deny', 6],
      [100, 'allow', -1],
    ]);
    expect(acl?.outbound.map((x) => [x.number, x.action])).toEqual([[100, 'allow']]);
    // Both instances have the default SG (SG-4: members admit each other) and both subnets the default ACL:
    // SSH is refused at the web subnet's ACL inbound (rule 50), HTTPS passes (rule 100).
    const ssh = traceFlow(r.network, {
      from: 'aws_instance.jump',
      to: 'aws_instance.web',
      protocol: 'tcp',
      port: 22,
    });
    expect([ssh.verdict, ssh.forward.code, hopIds(ssh).at(-1)]).toEqual([
      'unreachable',
      'SUBNET_ACL_RESTRICTION',
      `network-acl:${id}`,
    ]);
    const https = traceFlow(r.network, {
      from: 'aws_instance.jump',
      to: 'aws_instance.web',
      protocol: 'tcp',
      port: 443,
    });
    expect(https.verdict).toBe('reachable');
  });

  it('aws_vpc.main.default_security_group_id is the default group (SG-4), and a rule resource adds to it', async () => {
    const text = `${BASE.replace('subnet_id     = aws_subnet.pub.id', 'subnet_id     = aws_subnet.pub.id\n  vpc_security_group_ids = [aws_vpc.main.default_security_group_id]')}
resource "aws_security_group_rule" "https" {
  security_group_id = aws_vpc.main.default_security_group_id
  type              = "ingress"
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["0.0.0.0/0"]
}`;
    const r = await importTerraform([writeTree({ 'main.tf': text })], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const id = 'aws_vpc.main.default_security_group';
    expect(r.network.vpcs[0]?.defaultSecurityGroup).toBe(id);
    const eni = r.network.networkInterfaces.find((e) => e.instance === 'aws_instance.web');
    expect(eni?.securityGroups).toEqual([id]);
    const sg = r.network.securityGroups.find((s) => s.id === id);
    // SG-4: all from members of the group, all outbound; plus the configured HTTPS rule.
    expect(sg?.inbound.map((x) => [x.protocol, x.ports, x.peer])).toEqual([
      [-1, undefined, { kind: 'security-group', group: id }],
      [6, { from: 443, to: 443 }, { kind: 'cidr', cidr: '0.0.0.0/0' }],
    ]);
    expect(sg?.outbound).toEqual([{ protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }]);
  });

  it("in state JSON, a route on the VPC's default_route_table_id (an AWS id) lands in its main table", async () => {
    const resource = (address: string, values: Record<string, unknown>) => ({
      address,
      mode: 'managed',
      type: address.split('.')[0],
      name: address.split('.')[1],
      values,
    });
    const state = {
      format_version: '1.0',
      terraform_version: '1.9.5',
      values: {
        root_module: {
          resources: [
            resource('aws_vpc.main', {
              id: 'vpc-0a1b2c3d4e5f60718',
              cidr_block: '10.20.0.0/16',
              default_route_table_id: 'rtb-0000000000000aaaa',
              main_route_table_id: 'rtb-0000000000000aaaa',
            }),
            resource('aws_internet_gateway.igw', {
              id: 'igw-0eeeeeeeeeeeeeeee',
              vpc_id: 'vpc-0a1b2c3d4e5f60718',
            }),
            resource('aws_route.internet', {
              id: 'r-rtb-0000000000000aaaa1080289494',
              route_table_id: 'rtb-0000000000000aaaa',
              destination_cidr_block: '0.0.0.0/0',
              gateway_id: 'igw-0eeeeeeeeeeeeeeee',
            }),
          ],
        },
      },
    };
    const r = await importTerraform(
      [writeTree({ 'state.json': JSON.stringify(state, null, 1) }) + '/state.json'],
      {},
    );
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(codesOf(r.diagnostics)).not.toContain('TF_REFERENCE_UNRESOLVED');
    expect(r.network.vpcs[0]?.mainRouteTable).toBe('aws_vpc.main.default_route_table');
    expect(
      r.network.routeTables.map((t) => [t.id, t.main, t.routes.map((x) => [x.destination, x.target])]),
    ).toEqual([
      [
        'aws_vpc.main.default_route_table',
        true,
        [['0.0.0.0/0', { kind: 'internet-gateway', id: 'aws_internet_gateway.igw' }]],
      ],
    ]);
  });
});
