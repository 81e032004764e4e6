/**
 * Auto Scaling groups and launch templates in Terraform (issue 20 item 2; formats/build/auto-scaling.ts).
 *
 * The Done-when: S1 (scenarios.md) with its NAT instance launched by a one-instance group
 * (test/fixtures/terraform/scenarios/s1-nat-instance-asg) traces like S1 itself. That fixture puts the private
 * route and the Elastic IP on a fixed interface 10.0.0.10 (source/destination check off, sg-nat) that the instance
 * attaches as eth1 at boot — the group's tag vpcsim:attach-eni says so — and its user data masquerades on eth1 and
 * sends the default route out eth1. So every hop of S1 is there, with the fixed interface in place of the NAT
 * instance's interface and the group's instance in place of aws_instance.nat; hops below are derived from S1's text:
 * web's SG out (443 to 0.0.0.0/0), the private route to the interface, the default NACL out of the private subnet
 * and into the public one, the interface forwarding with the check off (ENI-1, NATI-2), sg-nat admitting 10.0.1.10
 * as a member of sg-web (SG-6), the OS forwarding and masquerading (NATI-3), sg-nat out, the public route, the
 * NACL, the internet gateway mapping 10.0.0.10 to its Elastic IP (IGW-2).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importTerraform } from '../../src/formats/terraform/index.js';
import type { FlowSpec } from '../../src/model/expectation.js';
import type { Network } from '../../src/model/network.js';
import { codesOf, errorsOf, hopIds, writeTree } from './helpers.js';

const DIR = 'test/fixtures/terraform/scenarios';
const EIP = { 'aws_eip.nat.public_ip': '203.0.113.20' };
const NAT = 'aws_autoscaling_group.nat.instance[0]';
const ACL = 'network-acl:aws_vpc.main:default-acl';

async function load(dir: string): Promise<Network> {
  const r = await importTerraform([dir], { assume: EIP });
  expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  return r.network;
}

const FLOW1: FlowSpec = { from: 'aws_instance.web', to: '142.250.196.100', protocol: 'tcp', port: 443 };
const FLOW2: FlowSpec = { ...FLOW1, port: 80 };
const FLOW3: FlowSpec = { from: '198.51.100.7', to: '203.0.113.20', protocol: 'tcp', port: 22 };
const FLOW4: FlowSpec = { ...FLOW3, from: '192.0.2.99' };

describe('S1 with the NAT instance launched by an Auto Scaling group', () => {
  it('flow 1: reachable through the fixed interface and the group instance; the internet sees the Elastic IP', async () => {
    const t = traceFlow(await load(`${DIR}/s1-nat-instance-asg`), FLOW1);
    expect([t.verdict, t.forward.code, t.uncertain]).toEqual(['reachable', null, false]);
    expect(hopIds(t)).toEqual([
      'instance:aws_instance.web',
      'security-group:aws_security_group.web',
      'route-table:aws_route_table.private',
      ACL,
      ACL,
      'network-interface:aws_network_interface.nat',
      'security-group:aws_security_group.nat',
      `os:${NAT}`,
      `netfilter:${NAT}`,
      'security-group:aws_security_group.nat',
      'route-table:aws_route_table.public',
      ACL,
      'internet-gateway:aws_internet_gateway.igw',
      'internet:internet',
    ]);
    const igw = t.forward.hops.find((h) => h.kind === 'internet-gateway');
    expect([igw?.packet.src, igw?.after?.src]).toEqual(['10.0.0.10', '203.0.113.20']);
  });

  it('flows 2-4: web’s SG drops port 80; SSH from the admin reaches the instance, from elsewhere sg-nat drops it', async () => {
    const net = await load(`${DIR}/s1-nat-instance-asg`);
    const t2 = traceFlow(net, FLOW2);
    expect([t2.verdict, t2.forward.code, hopIds(t2)]).toEqual([
      'unreachable',
      'ENI_SG_RULES_MISMATCH',
      ['instance:aws_instance.web', 'security-group:aws_security_group.web'],
    ]);
    const t3 = traceFlow(net, FLOW3);
    expect([t3.verdict, t3.forward.disposition, hopIds(t3)]).toEqual([
      'reachable',
      'delivered',
      [
        'internet:internet',
        'internet-gateway:aws_internet_gateway.igw',
        ACL,
        'security-group:aws_security_group.nat',
        `os:${NAT}`,
        `instance:${NAT}`,
      ],
    ]);
    const t4 = traceFlow(net, FLOW4);
    expect([t4.verdict, t4.forward.code, hopIds(t4).at(-1)]).toEqual([
      'unreachable',
      'ENI_SG_RULES_MISMATCH',
      'security-group:aws_security_group.nat',
    ]);
  });

  it('every flow has S1’s verdict, code and hops, the group’s instance and fixed interface standing for the NAT instance', async () => {
    const plain = await load(`${DIR}/s1-nat-instance`);
    const asg = await load(`${DIR}/s1-nat-instance-asg`);
    const rename = (id: string) =>
      id
        .replace('aws_instance.nat.primary_network_interface', 'aws_network_interface.nat')
        .replace('aws_instance.nat', NAT);
    for (const f of [FLOW1, FLOW2, FLOW3, FLOW4]) {
      const a = traceFlow(plain, f);
      const b = traceFlow(asg, f);
      expect([b.verdict, b.forward.code, hopIds(b), hopIds(b, 'return')]).toEqual([
        a.verdict,
        a.forward.code,
        hopIds(a).map(rename),
        hopIds(a, 'return').map(rename),
      ]);
    }
  });

  it('the launched instance: eth0 from the template with assumed addresses, eth1 the fixed interface, OS from user data', async () => {
    const net = await load(`${DIR}/s1-nat-instance-asg`);
    const inst = net.instances.find((i) => i.id === NAT);
    expect(inst?.interfaces).toEqual([`${NAT}.eth0`, 'aws_network_interface.nat']);
    expect(inst?.os?.ipForward).toBe(true);
    const eth0 = net.networkInterfaces.find((e) => e.id === `${NAT}.eth0`);
    // ADDR-2: the first free address of 10.0.0.0/24 after the five reserved; a placeholder public IP (IGW-2).
    expect(eth0?.addresses[0]?.private).toBe('10.0.0.4');
    expect(eth0?.addresses[0]?.public).toMatch(/^198\.1[89]\./);
    expect(eth0?.assumed).toEqual(['addresses', 'addresses.public']);
    // ENI-1: a launch template cannot turn the check off.
    expect([eth0?.sourceDestCheck, eth0?.securityGroups]).toEqual([true, ['aws_security_group.nat']]);
  });
});

/** The S1 fixture with `edit` applied, in a temporary folder. */
function variant(edit: (tf: string) => string): string {
  const tf = readFileSync(`${DIR}/s1-nat-instance-asg/main.tf`, 'utf8');
  return writeTree({ 'main.tf': edit(tf) });
}
const withoutTag = (tf: string) => tf.replace(/ {2}tag \{[^}]*\}\n/, '');

describe('the fixed interface', () => {
  it('without the tag, the route to the unattached interface leads to an unknown target: uncertain, named, and warned', async () => {
    const r = await importTerraform([variant(withoutTag)], { assume: EIP });
    const w = r.diagnostics.filter((d) => d.code === 'ASG_ENI_ATTACHMENT_UNKNOWN');
    expect(w.map((d) => [d.severity, d.resource])).toEqual([['warning', 'aws_network_interface.nat']]);
    expect(w[0]?.message).toContain('vpcsim:attach-eni');
    const t = traceFlow(r.network, FLOW1);
    expect(t.uncertain).toBe(true);
    expect(t.forward.code).toBe('UNSUPPORTED_COMPONENT');
    expect(hopIds(t).slice(-2)).toEqual([
      'route-table:aws_route_table.private',
      'unsupported:aws_network_interface.nat',
    ]);
    expect(t.forward.hops.at(-1)?.unsupported).toEqual(['unknown aws_network_interface.nat']);
    expect(t.notes.join(' ')).toContain('Auto Scaling group aws_autoscaling_group.nat may attach it at boot');
  });

  it('the user data’s own attach-network-interface names it (the id templated in): attached as that device', async () => {
    const dir = variant((tf) =>
      withoutTag(tf).replace(
        '#!/bin/bash\n',
        '#!/bin/bash\n    aws ec2 attach-network-interface --network-interface-id ${aws_network_interface.nat.id} --instance-id $ID --device-index 1\n',
      ),
    );
    const r = await importTerraform([dir], { assume: EIP });
    expect(codesOf(r.diagnostics)).not.toContain('ASG_ENI_ATTACHMENT_UNKNOWN');
    const t = traceFlow(r.network, FLOW1);
    expect([t.verdict, hopIds(t).at(-2)]).toEqual(['reachable', 'internet-gateway:aws_internet_gateway.igw']);
  });

  it('a tag naming no interface of the input is a warning and attaches nothing', async () => {
    const dir = variant((tf) =>
      tf.replace('value               = aws_network_interface.nat.id', 'value = "eni-0nothere"'),
    );
    const r = await importTerraform([dir], { assume: EIP });
    expect(
      r.diagnostics.filter((d) => d.code === 'ASG_ENI_ATTACHMENT_UNKNOWN').map((d) => d.resource),
    ).toEqual(['aws_autoscaling_group.nat']);
    expect(r.network.instances.find((i) => i.id === NAT)?.interfaces).toEqual([`${NAT}.eth0`]);
  });
});

describe('groups and templates', () => {
  const base = `
provider "aws" {
  region = "us-east-1"
}
resource "aws_vpc" "v" {
  cidr_block = "10.1.0.0/16"
}
resource "aws_subnet" "a" {
  vpc_id                  = aws_vpc.v.id
  cidr_block              = "10.1.1.0/24"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = true
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.1.2.0/24"
  availability_zone = "us-east-1b"
}
resource "aws_security_group" "app" {
  vpc_id = aws_vpc.v.id
}
`;

  it('desired capacity 3 over two subnets: one per subnet in turn, SGs of the template, public IP where the subnet maps one', async () => {
    const dir = writeTree({
      'main.tf': `${base}
resource "aws_launch_template" "app" {
  image_id               = "ami-1"
  vpc_security_group_ids = [aws_security_group.app.id]
  user_data              = base64encode("#!/bin/sh\\naws ec2 modify-instance-attribute --instance-id $I --no-source-dest-check\\nsysctl -w net.ipv4.ip_forward=1\\n")
}
resource "aws_autoscaling_group" "app" {
  min_size            = 1
  max_size            = 5
  desired_capacity    = 3
  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]
  launch_template {
    name = "ignored-when-id-resolves"
    id   = aws_launch_template.app.id
  }
}
`,
    });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const g = 'aws_autoscaling_group.app';
    const enis = r.network.networkInterfaces.filter((e) => e.id.startsWith(g));
    expect(enis.map((e) => [e.id, e.subnet, e.addresses[0]?.private, e.securityGroups])).toEqual([
      [`${g}.instance[0].eth0`, 'aws_subnet.a', '10.1.1.4', ['aws_security_group.app']],
      [`${g}.instance[1].eth0`, 'aws_subnet.b', '10.1.2.4', ['aws_security_group.app']],
      [`${g}.instance[2].eth0`, 'aws_subnet.a', '10.1.1.5', ['aws_security_group.app']],
    ]);
    // map_public_ip_on_launch on subnet a only (IGW-2); the boot script turns the check off (ENI-1, NATI-2).
    expect(enis.map((e) => [e.addresses[0]?.public !== undefined, e.sourceDestCheck])).toEqual([
      [true, false],
      [false, false],
      [true, false],
    ]);
    expect(r.network.instances.filter((i) => i.id.startsWith(g)).map((i) => i.os?.ipForward)).toEqual([
      true,
      true,
      true,
    ]);
    expect(r.diagnostics.find((d) => d.code === 'ASG_INSTANCES_LAUNCHED')?.message).toContain(
      '3 instance(s)',
    );
  });

  it('min_size without desired_capacity; a launch configuration; a mixed instances policy', async () => {
    const dir = writeTree({
      'main.tf': `${base}
resource "aws_launch_configuration" "lc" {
  image_id                    = "ami-1"
  security_groups             = [aws_security_group.app.id]
  associate_public_ip_address = false
}
resource "aws_autoscaling_group" "lc" {
  min_size             = 2
  max_size             = 2
  vpc_zone_identifier  = [aws_subnet.a.id]
  launch_configuration = aws_launch_configuration.lc.name
}
resource "aws_launch_template" "m" {
  name     = "mixed"
  image_id = "ami-1"
}
resource "aws_autoscaling_group" "m" {
  min_size            = 1
  max_size            = 1
  vpc_zone_identifier = [aws_subnet.b.id]
  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_name = aws_launch_template.m.name
      }
    }
  }
}
`,
    });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const ids = r.network.networkInterfaces.map((e) => [e.id, e.addresses[0]?.public, e.securityGroups]);
    expect(ids).toEqual([
      ['aws_autoscaling_group.lc.instance[0].eth0', undefined, ['aws_security_group.app']],
      ['aws_autoscaling_group.lc.instance[1].eth0', undefined, ['aws_security_group.app']],
      // SG-4: a template without security groups launches into the VPC's default group.
      ['aws_autoscaling_group.m.instance[0].eth0', undefined, ['aws_vpc.v.default_security_group']],
    ]);
  });

  it('a group whose template is not in the configuration, or whose subnets are not, is reported and launches nothing', async () => {
    const dir = writeTree({
      'main.tf': `${base}
resource "aws_autoscaling_group" "x" {
  min_size            = 1
  max_size            = 1
  vpc_zone_identifier = [aws_subnet.a.id]
  launch_template {
    id = "lt-0123456789abcdef0"
  }
}
resource "aws_launch_template" "y" {
  image_id = "ami-1"
}
resource "aws_autoscaling_group" "y" {
  min_size            = 1
  max_size            = 1
  vpc_zone_identifier = ["subnet-0elsewhere"]
  launch_template {
    id = aws_launch_template.y.id
  }
}
`,
    });
    const r = await importTerraform([dir], {});
    expect(r.network.instances).toEqual([]);
    expect(r.diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.code, d.resource])).toEqual([
      ['ASG_LAUNCH_TEMPLATE_UNKNOWN', 'aws_autoscaling_group.x'],
      ['TF_REFERENCE_UNRESOLVED', 'aws_autoscaling_group.y'],
    ]);
  });
});
