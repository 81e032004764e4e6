/**
 * Terraform HCL → model: evaluation (variables, count/for_each, dynamic, modules) and mapping (AWS defaults as
 * Terraform applies them), plus bad input. Expected values are derived from Terraform's documented behaviour and
 * aws-semantics.md (IDs cited per case).
 */
import { describe, expect, it } from 'vitest';
import { importTerraform, isTerraformPath } from '../../src/formats/terraform/index.js';
import { codesOf, errorsOf, writeTree } from './helpers.js';

const VPC = `
resource "aws_vpc" "main" {
  cidr_block = var.cidr
}
variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}
`;

describe('evaluation', () => {
  it('count and for_each give indexed addresses; cidrsubnet and each.value are evaluated', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
resource "aws_subnet" "az" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(var.cidr, 8, count.index)
}
resource "aws_subnet" "named" {
  for_each   = { app = 10, db = 20 }
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(var.cidr, 8, each.value)
}`,
    });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const subnets = Object.fromEntries(r.network.subnets.map((s) => [s.id, s.cidr]));
    // count.index 0,1 → 10.0.0.0/24, 10.0.1.0/24; for_each values 10, 20 → 10.0.10.0/24, 10.0.20.0/24
    expect(subnets).toEqual({
      'aws_subnet.az[0]': '10.0.0.0/24',
      'aws_subnet.az[1]': '10.0.1.0/24',
      'aws_subnet.named["app"]': '10.0.10.0/24',
      'aws_subnet.named["db"]': '10.0.20.0/24',
    });
    expect(r.network.subnets.every((s) => s.vpc === 'aws_vpc.main')).toBe(true);
  });

  it('--var and var files override defaults (precedence: default < tfvars < var file < --var)', async () => {
    const dir = writeTree({
      'main.tf': VPC,
      'terraform.tfvars': 'cidr = "10.1.0.0/16"\n',
      'other.tfvars': 'cidr = "10.2.0.0/16"\n',
    });
    expect((await importTerraform([dir], {})).network.vpcs[0]?.cidrs).toEqual(['10.1.0.0/16']);
    expect(
      (await importTerraform([dir], { varFiles: [`${dir}/other.tfvars`] })).network.vpcs[0]?.cidrs,
    ).toEqual(['10.2.0.0/16']);
    expect(
      (await importTerraform([dir], { varFiles: [`${dir}/other.tfvars`], vars: { cidr: '10.3.0.0/16' } }))
        .network.vpcs[0]?.cidrs,
    ).toEqual(['10.3.0.0/16']);
  });

  it('dynamic blocks expand into SG rules; locals and conditionals resolve', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
locals {
  ports = var.web ? [80, 443] : [22]
}
variable "web" {
  type    = bool
  default = true
}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  dynamic "ingress" {
    for_each = local.ports
    iterator = p
    content {
      protocol    = "tcp"
      from_port   = p.value
      to_port     = p.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}`,
    });
    const r = await importTerraform([dir], {});
    const sg = r.network.securityGroups.find((s) => s.id === 'aws_security_group.web');
    expect(sg?.inbound.map((x) => x.ports)).toEqual([
      { from: 80, to: 80 },
      { from: 443, to: 443 },
    ]);
  });

  it('local modules prefix addresses with module.NAME and pass inputs/outputs', async () => {
    const dir = writeTree({
      'main.tf': `
module "net" {
  source = "./modules/net"
  cidr   = "10.9.0.0/16"
}
resource "aws_subnet" "extra" {
  vpc_id     = module.net.vpc_id
  cidr_block = "10.9.200.0/24"
}`,
      'modules/net/main.tf': `
variable "cidr" {}
resource "aws_vpc" "this" {
  cidr_block = var.cidr
}
output "vpc_id" {
  value = aws_vpc.this.id
}`,
    });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.network.vpcs.map((v) => [v.id, v.cidrs[0]])).toEqual([
      ['module.net.aws_vpc.this', '10.9.0.0/16'],
    ]);
    expect(r.network.subnets[0]?.vpc).toBe('module.net.aws_vpc.this');
  });

  it('a registry module is named in a warning and what depends on it is reported, not invented', async () => {
    const dir = writeTree({
      'main.tf': `
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
resource "aws_subnet" "x" {
  vpc_id     = module.vpc.vpc_id
  cidr_block = "10.0.1.0/24"
}`,
    });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.diagnostics.find((d) => d.code === 'TF_MODULE_NOT_LOCAL')?.message).toContain(
      'terraform-aws-modules/vpc/aws',
    );
    expect(r.diagnostics.find((d) => d.code === 'TF_REFERENCE_UNRESOLVED')?.resource).toBe('aws_subnet.x');
    expect(r.network.subnets).toEqual([]);
    expect(r.network.unsupported.map((u) => u.id)).toContain('aws_subnet.x');
  });

  it('data "aws_availability_zones" uses opts.azs, or <region>a, b, c', async () => {
    const files = {
      'main.tf': `${VPC}
provider "aws" {
  region = "eu-west-1"
}
data "aws_availability_zones" "all" {}
resource "aws_subnet" "s" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.cidr, 8, count.index)
  availability_zone = data.aws_availability_zones.all.names[count.index]
}`,
    };
    const dir = writeTree(files);
    expect((await importTerraform([dir], {})).network.subnets.map((s) => s.az)).toEqual([
      'eu-west-1a',
      'eu-west-1b',
    ]);
    expect(
      (
        await importTerraform([dir], { azs: { 'eu-west-1': ['eu-west-1c', 'eu-west-1a'] } })
      ).network.subnets.map((s) => s.az),
    ).toEqual(['eu-west-1c', 'eu-west-1a']);
  });
});

describe('mapping: AWS defaults as Terraform applies them', () => {
  it('aws_security_group: Terraform removes the default allow-all egress (SG-3); inline and separate rules merge', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
resource "aws_security_group" "a" {
  vpc_id = aws_vpc.main.id
}
resource "aws_security_group" "b" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol        = "tcp"
    from_port       = 22
    to_port         = 22
    security_groups = [aws_security_group.a.id]
    self            = true
  }
}
resource "aws_security_group_rule" "b_out" {
  type              = "egress"
  security_group_id = aws_security_group.b.id
  protocol          = "icmp"
  from_port         = 8
  to_port           = -1
  cidr_blocks       = ["10.0.0.0/8"]
}
resource "aws_vpc_security_group_ingress_rule" "b_udp" {
  security_group_id = aws_security_group.b.id
  ip_protocol       = "udp"
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "10.0.0.0/16"
}`,
    });
    const r = await importTerraform([dir], {});
    const a = r.network.securityGroups.find((s) => s.id === 'aws_security_group.a');
    const b = r.network.securityGroups.find((s) => s.id === 'aws_security_group.b');
    expect(a?.outbound).toEqual([]);
    expect(b?.inbound.map((x) => [x.protocol, x.ports, x.peer])).toEqual([
      [6, { from: 22, to: 22 }, { kind: 'security-group', group: 'aws_security_group.a' }],
      [6, { from: 22, to: 22 }, { kind: 'security-group', group: 'aws_security_group.b' }],
      [17, { from: 53, to: 53 }, { kind: 'cidr', cidr: '10.0.0.0/16' }],
    ]);
    // ICMP: from_port is the type (8, echo request), to_port the code (-1 = any).
    expect(b?.outbound.map((x) => [x.protocol, x.icmp])).toEqual([[1, { type: 8, code: -1 }]]);
  });

  it('an instance without security groups gets the VPC default SG (SG-4: self inbound, all outbound)', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
resource "aws_subnet" "s" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_instance" "i" {
  ami       = "ami-1"
  subnet_id = aws_subnet.s.id
}`,
    });
    const r = await importTerraform([dir], {});
    const eni = r.network.networkInterfaces.find((e) => e.instance === 'aws_instance.i');
    const sgId = 'aws_vpc.main.default_security_group';
    expect(eni?.securityGroups).toEqual([sgId]);
    const sg = r.network.securityGroups.find((s) => s.id === sgId);
    expect(sg?.isDefault).toBe(true);
    expect(sg?.inbound).toEqual([{ protocol: -1, peer: { kind: 'security-group', group: sgId } }]);
    expect(sg?.outbound).toEqual([{ protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }]);
    // ADDR-2: no private_ip given → the first address after the four reserved ones, marked assumed.
    expect(eni?.addresses[0]?.private).toBe('10.0.1.4');
    expect(eni?.assumed).toContain('addresses');
  });

  it('aws_default_security_group / _network_acl / _route_table replace the defaults with exactly what is configured', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
resource "aws_default_security_group" "d" {
  vpc_id = aws_vpc.main.id
}
resource "aws_default_network_acl" "d" {
  default_network_acl_id = aws_vpc.main.default_network_acl_id
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "10.0.0.0/8"
  }
}
resource "aws_default_route_table" "d" {
  default_route_table_id = aws_vpc.main.default_route_table_id
}`,
    });
    const r = await importTerraform([dir], {});
    const v = r.network.vpcs[0];
    expect(v?.defaultSecurityGroup).toBe('aws_default_security_group.d');
    expect(v?.defaultNetworkAcl).toBe('aws_default_network_acl.d');
    expect(v?.mainRouteTable).toBe('aws_default_route_table.d');
    const sg = r.network.securityGroups.find((s) => s.id === 'aws_default_security_group.d');
    expect([sg?.inbound, sg?.outbound]).toEqual([[], []]);
    const acl = r.network.networkAcls.find((n) => n.id === 'aws_default_network_acl.d');
    expect(acl?.inbound.map((x) => [x.number, x.cidr, x.action])).toEqual([[100, '10.0.0.0/8', 'allow']]);
    expect(acl?.outbound).toEqual([]); // NACL-2: only the implicit * deny remains
  });

  it('routes: targets by argument, gateway edge association (RT-11), main table association (RT-9)', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}
resource "aws_subnet" "s" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_network_interface" "fw" {
  subnet_id = aws_subnet.s.id
}
resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block           = "10.0.1.0/24"
    network_interface_id = aws_network_interface.fw.id
  }
}
resource "aws_route_table_association" "edge" {
  gateway_id     = aws_internet_gateway.igw.id
  route_table_id = aws_route_table.edge.id
}
resource "aws_route_table" "main" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route" "default" {
  route_table_id         = aws_route_table.main.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.igw.id
}
resource "aws_main_route_table_association" "m" {
  vpc_id         = aws_vpc.main.id
  route_table_id = aws_route_table.main.id
}`,
    });
    const r = await importTerraform([dir], {});
    expect(r.network.internetGateways[0]?.routeTable).toBe('aws_route_table.edge');
    expect(r.network.vpcs[0]?.mainRouteTable).toBe('aws_route_table.main');
    const main = r.network.routeTables.find((t) => t.id === 'aws_route_table.main');
    expect(main?.routes.map((x) => [x.destination, x.target])).toEqual([
      ['0.0.0.0/0', { kind: 'internet-gateway', id: 'aws_internet_gateway.igw' }],
    ]);
    const edge = r.network.routeTables.find((t) => t.id === 'aws_route_table.edge');
    expect(edge?.routes[0]?.target).toEqual({ kind: 'network-interface', id: 'aws_network_interface.fw' });
  });

  it('EIPs: public IP assumed from 198.18.0.0/15 unless pinned with --assume; NAT gateway gets its EIP', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
resource "aws_subnet" "pub" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/24"
}
resource "aws_eip" "a" {
  domain = "vpc"
}
resource "aws_eip" "b" {
  domain = "vpc"
}
resource "aws_nat_gateway" "n" {
  subnet_id     = aws_subnet.pub.id
  allocation_id = aws_eip.b.id
}`,
    });
    const r1 = await importTerraform([dir], {});
    const n1 = r1.network.natGateways[0];
    // EIPs are numbered in address order: aws_eip.a → 198.18.0.1, aws_eip.b → 198.18.0.2.
    expect(n1?.publicIp).toBe('198.18.0.2');
    expect(n1?.privateIp).toBe('10.0.0.4');
    expect(n1?.assumed).toEqual(expect.arrayContaining(['publicIp', 'privateIp']));
    const r2 = await importTerraform([dir], {
      assume: { 'aws_eip.b.public_ip': '203.0.113.60', 'aws_nat_gateway.n.private_ip': '10.0.0.50' },
    });
    const n2 = r2.network.natGateways[0];
    expect([n2?.publicIp, n2?.privateIp, n2?.assumed ?? []]).toEqual(['203.0.113.60', '10.0.0.50', []]);
  });

  it('peering: pending unless auto_accept or an accepter accepts it (PCX-4)', async () => {
    const dir = writeTree({
      'main.tf': `
resource "aws_vpc" "a" {
  cidr_block = "10.1.0.0/16"
}
resource "aws_vpc" "b" {
  cidr_block = "10.2.0.0/16"
}
resource "aws_vpc_peering_connection" "p1" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.b.id
}
resource "aws_vpc_peering_connection" "p2" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.b.id
}
resource "aws_vpc_peering_connection_accepter" "p2" {
  vpc_peering_connection_id = aws_vpc_peering_connection.p2.id
  auto_accept               = true
}`,
    });
    const r = await importTerraform([dir], {});
    expect(r.network.peerings.map((p) => [p.id, p.state])).toEqual([
      ['aws_vpc_peering_connection.p1', 'pending-acceptance'],
      ['aws_vpc_peering_connection.p2', 'active'],
    ]);
  });

  it('user_data with sysctl/iptables becomes the instance OS (NATI-3)', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
resource "aws_subnet" "s" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/24"
}
resource "aws_instance" "nat" {
  subnet_id         = aws_subnet.s.id
  source_dest_check = false
  user_data         = templatefile("\${path.module}/nat.sh.tpl", { iface = "eth0" })
}`,
      'nat.sh.tpl':
        '#!/bin/sh\nsysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -o ${iface} -j MASQUERADE\n',
    });
    const r = await importTerraform([dir], {});
    const inst = r.network.instances[0];
    expect(inst?.os?.ipForward).toBe(true);
    const post = inst?.os?.netfilter.tables.nat?.chains['POSTROUTING']?.rules ?? [];
    expect(post.map((x) => x.target.kind)).toEqual(['MASQUERADE']);
    expect(r.network.networkInterfaces.find((e) => e.instance === 'aws_instance.nat')?.sourceDestCheck).toBe(
      false,
    );
  });

  it('an unmodelled resource type is listed by name, once per type; routes to it carry a caveat', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
resource "aws_ec2_carrier_gateway" "cagw" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table" "r" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block         = "10.8.0.0/16"
    carrier_gateway_id = aws_ec2_carrier_gateway.cagw.id
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = "{}"
}`,
    });
    const r = await importTerraform([dir], {});
    const w = r.diagnostics.filter((d) => d.code === 'UNSUPPORTED_RESOURCE_TYPE');
    // A carrier gateway (Wavelength Zones) is not modelled; transit gateways are (issue 15).
    expect(w.map((d) => d.message.split(':')[0])).toEqual(['aws_ec2_carrier_gateway']);
    expect(r.network.unsupported.map((u) => u.id)).toEqual(['aws_ec2_carrier_gateway.cagw']);
    expect(r.network.routeTables[0]?.routes[0]?.caveat).toMatch(/aws_ec2_carrier_gateway/);
  });
});

describe('routes to targets outside the configuration', () => {
  it('a literal AWS id that is not a resource here is an unknown target with a caveat, not a dangling reference', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
resource "aws_route_table" "r" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = "igw-0123456789abcdef0"
  }
}`,
    });
    const r = await importTerraform([dir], {});
    const route = r.network.routeTables[0]?.routes[0];
    expect(route?.target).toEqual({ kind: 'unknown', id: 'igw-0123456789abcdef0' });
    expect(route?.caveat).toMatch(/not a resource of this configuration/);
  });
});

describe('bad input: diagnostics with file:line:col, never a throw', () => {
  it('HCL syntax error keeps the parser position', async () => {
    const dir = writeTree({ 'main.tf': 'resource "aws_vpc" "x" {\n  cidr_block = [1,\n}\n' });
    const r = await importTerraform([dir], {});
    const e = errorsOf(r.diagnostics)[0];
    expect(e?.code).toBe('TF_SYNTAX');
    expect(e?.span).toEqual({ file: `${dir}/main.tf`, line: 3, col: 1 });
  });

  // Fuzz long run session8-million, tf-hcl:50369: the HCL-to-JSON converter cannot hold blocks of one type with and
  // without labels and failed without a position (TF_PARSER_FAILED at 1:1, the parser restarted); a lone block with
  // a missing or an extra label it converts into a shape the loader skipped without a word. Terraform refuses the
  // block at its header: "Missing name for resource — All resource blocks must have 2 labels (type, name)".
  it('a block with too few or too many labels: TF_SYNTAX at its header, as Terraform says it', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}\n  resource "aws_route_table" {\n  vpc_id = aws_vpc.main.id\n}\n`,
      'b.tf':
        'resource "aws_route_table" "rt" {\n  vpc_id = "vpc-1"\n  route {\n    cidr_block = "0.0.0.0/0"\n  }\n  route "x" {\n    cidr_block = "10.9.0.0/16"\n  }\n}\n',
      'c.tf': 'variable "a" "b" {\n  default = 1\n}\n',
    });
    const r = await importTerraform([dir], {});
    const es = errorsOf(r.diagnostics);
    expect(es.map((e) => [e.code, e.span])).toEqual([
      ['TF_SYNTAX', { file: `${dir}/b.tf`, line: 6, col: 3 }],
      ['TF_SYNTAX', { file: `${dir}/c.tf`, line: 1, col: 1 }],
      ['TF_SYNTAX', { file: `${dir}/main.tf`, line: 10, col: 3 }],
    ]);
    expect(es[0]?.message).toContain('Extraneous label for route: no labels are expected for route blocks');
    expect(es[1]?.message).toContain(
      'Extraneous label for variable: only 1 label (name) is expected for variable blocks',
    );
    expect(es[2]?.message).toContain(
      'Missing name for resource: all resource blocks must have 2 labels (type, name)',
    );
    // Nothing was read from the refused blocks, and the parser was not restarted as if it had crashed: the next
    // load in this process reads a good file.
    expect(r.network.routeTables.map((t) => t.id)).not.toContain('aws_route_table.vpc_id');
    const good = writeTree({ 'main.tf': VPC });
    const ok = await importTerraform([good], {});
    expect(errorsOf(ok.diagnostics)).toEqual([]);
    expect(ok.network.vpcs.map((v) => v.cidrs)).toEqual([['10.0.0.0/16']]);
  });

  // A top-level block type or argument Terraform does not know was skipped without a word (the converter returns it
  // as an ordinary key). Terraform refuses the configuration: "Unsupported block type — Blocks of type "e" are not
  // expected here", "Unsupported argument — An argument named "x" is not expected here", and in JSON syntax
  // "Extraneous JSON object property — No argument or block type is named "bogus"".
  it('an unknown top-level block type or argument: TF_SYNTAX at its line, in Terraform words; the rest is read', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}\nsecurity_group "web" {\n  name = "web"\n}\n`,
      'b.tf': 'region = "us-east-1"\n',
      'c.tf.json': '{\n  "output": {},\n  "bogus": {}\n}\n',
      'd.tf': 'moved {\n  from = aws_vpc.a\n  to   = aws_vpc.main\n}\n',
    });
    const r = await importTerraform([dir], {});
    const es = errorsOf(r.diagnostics);
    expect(es.map((e) => [e.code, e.span, e.message])).toEqual([
      [
        'TF_SYNTAX',
        { file: `${dir}/b.tf`, line: 1, col: 1 },
        'HCL syntax error: Unsupported argument: an argument named "region" is not expected here; terraform would refuse this configuration',
      ],
      [
        'TF_SYNTAX',
        { file: `${dir}/c.tf.json`, line: 3, col: 3 },
        'Extraneous JSON object property: no argument or block type is named "bogus"; terraform would refuse this configuration',
      ],
      [
        'TF_SYNTAX',
        { file: `${dir}/main.tf`, line: 10, col: 1 }, // VPC is lines 1-8 (it starts with a newline), then a blank line
        'HCL syntax error: Unsupported block type: blocks of type "security_group" are not expected here; terraform would refuse this configuration',
      ],
    ]);
    expect(r.network.vpcs.map((v) => v.cidrs)).toEqual([['10.0.0.0/16']]);
  });

  it('.tf.json: an unknown top-level key is placed where it is written, not at the same name inside a block', async () => {
    // The position came from a search of the text for `"bogus":`, which found the tag key on line 5 first.
    const dir = writeTree({
      'c.tf.json':
        '{\n  "resource": {\n    "aws_vpc": {\n      "main": { "cidr_block": "10.0.0.0/16",\n        "tags": { "bogus": "x" } }\n    }\n  },\n    "bogus": {}\n}\n',
    });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics).map((e) => [e.code, e.span])).toEqual([
      ['TF_SYNTAX', { file: `${dir}/c.tf.json`, line: 8, col: 5 }],
    ]);
    expect(r.network.vpcs.map((v) => v.cidrs)).toEqual([['10.0.0.0/16']]);
  });

  // Fuzz long run session10-million, tf-hcl:46630 (minimised into test/fuzz/regressions/tf-hcl-8ac9245b5b.json): a
  // resource type written with dots, `resource "aws_vpc.main.ble" "app"`, made the address aws_vpc.main.ble.app,
  // read as resource `main` of `aws_vpc` a second time: IMPORTER_INTERNAL_ERROR ("Cannot redefine property: main")
  // and the whole configuration lost. Terraform refuses such a label: "Invalid resource type name: A name must start
  // with a letter or underscore and may contain only letters, digits, underscores, and dashes."
  it('an unknown top-level block type written with and without labels: Unsupported block type, not a label error', async () => {
    // The converter fails on the file ("cannot have blocks with and without labels"); Terraform refuses it for the
    // block type first. Braces inside strings, interpolations, comments and heredocs do not count towards nesting:
    // the nested `route "x"` after them is still a label error inside its resource, and `foo` is at the top level.
    const dir = writeTree({
      'a.tf': 'foo "x" {\n  a = 1\n}\nfoo {\n  b = 2\n}\n',
      'b.tf':
        'resource "aws_route_table" "rt" {\n  vpc_id = "vpc-${"}"}" # {\n  /* { */ user = <<EOF\n{ {\nEOF\n  route {\n    cidr_block = "0.0.0.0/0"\n  }\n  route "x" {\n    cidr_block = "10.9.0.0/16"\n  }\n}\n',
      'c.tf': 'locals {\n  s = "}}"\n}\n# }\nbar "x" {\n}\nbar {\n}\n',
    });
    const r = await importTerraform([dir], {});
    const es = errorsOf(r.diagnostics);
    expect(es.map((e) => [e.code, e.span, e.message.split(';')[0]])).toEqual([
      [
        'TF_SYNTAX',
        { file: `${dir}/a.tf`, line: 1, col: 1 },
        'HCL syntax error: Unsupported block type: blocks of type "foo" are not expected here',
      ],
      [
        'TF_SYNTAX',
        { file: `${dir}/b.tf`, line: 9, col: 3 },
        'HCL syntax error: Extraneous label for route: no labels are expected for route blocks',
      ],
      [
        'TF_SYNTAX',
        { file: `${dir}/c.tf`, line: 5, col: 1 },
        'HCL syntax error: Unsupported block type: blocks of type "bar" are not expected here',
      ],
    ]);
  });

  it('a label that is not a name: TF_SYNTAX at its block, in Terraform words; the rest is read', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}\nresource "aws_vpc.main.ble" "app" {\n}\n\nvariable "1st" {\n}\n`,
      'c.tf.json': '{\n  "output": { "a b": { "value": 1 } }\n}\n',
    });
    const r = await importTerraform([dir], {});
    const es = errorsOf(r.diagnostics);
    const detail =
      'A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.';
    expect(es.map((e) => [e.code, e.span, e.message])).toEqual([
      [
        'TF_SYNTAX',
        { file: `${dir}/c.tf.json`, line: 2, col: 15 },
        `Invalid output name: ${detail} ("a b"; the block is not read)`,
      ],
      [
        'TF_SYNTAX',
        { file: `${dir}/main.tf`, line: 10, col: 1 },
        `Invalid resource type name: ${detail} ("aws_vpc.main.ble"; the block is not read)`,
      ],
      [
        'TF_SYNTAX',
        { file: `${dir}/main.tf`, line: 13, col: 1 },
        `Invalid variable name: ${detail} ("1st"; the block is not read)`,
      ],
    ]);
    expect(r.network.vpcs.map((v) => [v.id, v.cidrs])).toEqual([['aws_vpc.main', ['10.0.0.0/16']]]);
  });

  it('reference to an undeclared variable: error at the attribute', async () => {
    const dir = writeTree({ 'main.tf': 'resource "aws_vpc" "x" {\n  cidr_block = var.nope\n}\n' });
    const r = await importTerraform([dir], {});
    const e = errorsOf(r.diagnostics)[0];
    expect(e?.code).toBe('TF_UNDECLARED_VARIABLE');
    expect(e?.message).toContain('"nope"');
    expect(e?.span).toEqual({ file: `${dir}/main.tf`, line: 2, col: 3 });
  });

  it('reference to a missing resource: error naming it', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}\nresource "aws_subnet" "s" {\n  vpc_id     = aws_vpc.other.id\n  cidr_block = "10.0.0.0/24"\n}\n`,
    });
    const r = await importTerraform([dir], {});
    const e = errorsOf(r.diagnostics)[0];
    expect(e?.code).toBe('TF_UNKNOWN_REFERENCE');
    expect(e?.message).toContain('undeclared resource "aws_vpc.other"');
    // VPC is 8 lines (starting with an empty one), then an empty line: the vpc_id line is 11.
    expect(e?.span).toEqual({ file: `${dir}/main.tf`, line: 11, col: 3 });
  });

  it('an unknown function, a wrong index, a missing local module are errors; --var of an undeclared variable too', async () => {
    const dir = writeTree({
      'main.tf': `${VPC}
locals {
  a = nosuch(1)
  b = [1][3]
}
module "m" {
  source = "./missing"
}`,
    });
    const r = await importTerraform([dir], { vars: { zzz: '1' } });
    expect(codesOf(errorsOf(r.diagnostics)).sort()).toEqual(['TF_MODULE_MISSING', 'TF_UNDECLARED_VARIABLE']);
    // locals nobody uses are not evaluated (like Terraform's lazy graph, they cannot affect the network)
  });

  it('a variable without a value is a warning and resources using it are not invented', async () => {
    const dir = writeTree({
      'main.tf': 'variable "cidr" {}\nresource "aws_vpc" "x" {\n  cidr_block = var.cidr\n}\n',
    });
    const r = await importTerraform([dir], {});
    expect(codesOf(r.diagnostics)).toContain('TF_VARIABLE_NOT_SET');
    expect(r.network.vpcs[0]?.assumed).toEqual(['cidrs']);
  });

  it('missing path and not-a-plan JSON', async () => {
    const r = await importTerraform(['/nonexistent/dir'], {});
    expect(errorsOf(r.diagnostics).map((d) => [d.code, d.span?.file])).toEqual([
      ['FILE_UNREADABLE', '/nonexistent/dir'],
    ]);
    const dir = writeTree({ 'x.json': '{"a": 1}', 'bad.json': '{"format_version": ' });
    expect(codesOf(errorsOf((await importTerraform([`${dir}/x.json`], {})).diagnostics))).toEqual([
      'TF_PLAN_SHAPE',
    ]);
    const bad = errorsOf((await importTerraform([`${dir}/bad.json`], {})).diagnostics)[0];
    expect(bad?.code).toBe('INVALID_JSON');
    expect(bad?.span?.line).toBe(1);
  });
});

describe('isTerraformPath', () => {
  it('recognises directories with .tf, .tf files and plan/state JSON only', async () => {
    const dir = writeTree({
      'a/main.tf': '',
      'b/readme.md': '',
      'plan.json': '{"format_version":"1.2","planned_values":{}}',
      'other.json': '{"Vpcs": []}',
    });
    expect(await isTerraformPath(`${dir}/a`)).toBe(true);
    expect(await isTerraformPath(`${dir}/a/main.tf`)).toBe(true);
    expect(await isTerraformPath(`${dir}/b`)).toBe(false);
    expect(await isTerraformPath(`${dir}/plan.json`)).toBe(true);
    expect(await isTerraformPath(`${dir}/other.json`)).toBe(false);
    expect(await isTerraformPath(`${dir}/nope`)).toBe(false);
  });
});
