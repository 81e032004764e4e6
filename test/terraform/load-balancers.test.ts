/**
 * Terraform load balancers, listeners, rules, target groups and attachments, Classic ELBs and endpoint services
 * (issue 16 item 6; aws-semantics.md B14, B15): S6 written in HCL traces like the native example (same verdict, code
 * and hops, hand-derived in test/fixtures/load-balancers/s6-flows.ts), and state JSON names them by ARN.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { traceFlow } from '../../src/analysis/trace.js';
import { importTerraform } from '../../src/formats/terraform/index.js';
import {
  checkS6Flow,
  nativeS6,
  NATIVE_IDS,
  S6_FLOWS,
  type S6Name,
} from '../fixtures/load-balancers/s6-flows.js';
import { codesOf, errorsOf, writeTree } from './helpers.js';

const DIR = 'test/fixtures/load-balancers/s6-tf';
const ASSUME = { 'aws_eip.nlb_a.public_ip': '203.0.113.70', 'aws_eip.nlb_c.public_ip': '203.0.113.71' };

const TF_IDS: Readonly<Record<S6Name, string>> = {
  igw: 'aws_internet_gateway.igw',
  acl: 'aws_vpc.web:default-acl',
  'pub-rtb': 'aws_route_table.pub',
  'sg-nlb': 'aws_security_group.nlb',
  'sg-web': 'aws_security_group.web',
  'sg-api': 'aws_security_group.api',
  'sg-alb': 'aws_security_group.alb',
  'sg-app': 'aws_security_group.app',
  'nlb-pub': 'aws_lb.nlb_pub',
  'alb-app': 'aws_alb.app',
  'tg-inst': 'aws_lb_target_group.inst',
  'tg-ip': 'aws_lb_target_group.ip',
  'tg-app': 'aws_lb_target_group.app',
  web1: 'aws_instance.web1',
  api2: 'aws_instance.api2',
  app1: 'aws_instance.app1',
};

// The ALB's public addresses are placeholders (an ALB has no Elastic IPs); its flows address it by name.
const albByName = (to: string): string => (to === '203.0.113.80' ? 'aws_alb.app' : to);

describe('S6 from Terraform HCL (B14)', async () => {
  const r = await importTerraform([DIR], { assume: ASSUME });

  it('imports without errors or unsupported resources', () => {
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.network.unsupported).toEqual([]);
  });

  for (const f of S6_FLOWS) {
    it(`${f.name}: as hand-derived`, () => {
      checkS6Flow(r.network, { ...f, flow: { ...f.flow, to: albByName(f.flow.to) } }, TF_IDS);
    });
    it(`${f.name}: as the native example`, () => {
      const native = traceFlow(nativeS6(), f.flow);
      const tf = traceFlow(r.network, { ...f.flow, to: albByName(f.flow.to) });
      const rename = new Map(Object.entries(NATIVE_IDS).map(([k, v]) => [v, TF_IDS[k as S6Name]]));
      expect([tf.verdict, tf.forward.code]).toEqual([native.verdict, native.forward.code]);
      expect(tf.forward.hops.map((h) => `${h.kind}:${h.id}`)).toEqual(
        native.forward.hops.map((h) => `${h.kind}:${rename.get(h.id) ?? h.id}`),
      );
    });
  }

  it('reads listeners (forward, weighted forward), rules and attachments; the ALB public addresses are assumed', () => {
    const nlb = r.network.loadBalancers?.find((l) => l.id === 'aws_lb.nlb_pub');
    expect(nlb?.listeners.map((l) => [l.id, l.protocol, l.port, l.targetGroup])).toEqual([
      ['aws_lb_listener.nlb_443', 'TCP', 443, 'aws_lb_target_group.inst'],
      ['aws_lb_listener.nlb_8443', 'TCP', 8443, 'aws_lb_target_group.ip'],
    ]);
    expect(nlb?.assumed).toBeUndefined();
    const alb = r.network.loadBalancers?.find((l) => l.id === 'aws_alb.app');
    expect(alb?.assumed).toEqual(['nodes']);
    expect(alb?.listeners[0]?.rules).toEqual([
      {
        priority: 10,
        hosts: ['admin.example.com'],
        paths: [],
        action: 'forward',
        targetGroups: ['aws_lb_target_group.admin'],
      },
    ]);
    expect(
      r.network.targetGroups?.find((t) => t.id === 'aws_lb_target_group.inst')?.targets.map((t) => t.id),
    ).toEqual(['aws_instance.web1', 'aws_instance.web2']);
  });
});

const STATE = (resources: unknown[]): string =>
  JSON.stringify({
    format_version: '1.0',
    terraform_version: '1.9.5',
    values: { root_module: { resources } },
  });
const res = (address: string, values: Record<string, unknown>) => {
  const [type, name] = address.split('.');
  return {
    address,
    mode: 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    values,
  };
};
const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';

describe('Terraform state JSON: load balancers by ARN', () => {
  it('listeners, attachments and endpoint services name their resources by ARN and AWS id', async () => {
    const dir = writeTree({
      'terraform.tfstate.json': STATE([
        res('aws_vpc.v', { id: 'vpc-0a1b2c3d4e5f60718', cidr_block: '10.0.0.0/16' }),
        res('aws_subnet.a', {
          id: 'subnet-0aaaaaaaaaaaaaaaa',
          vpc_id: 'vpc-0a1b2c3d4e5f60718',
          cidr_block: '10.0.1.0/24',
          availability_zone: 'us-east-1a',
        }),
        res('aws_instance.i', {
          id: 'i-0123456789abcdef0',
          subnet_id: 'subnet-0aaaaaaaaaaaaaaaa',
          private_ip: '10.0.1.10',
        }),
        res('aws_lb.n', {
          id: `${ARN}:loadbalancer/net/n/1`,
          arn: `${ARN}:loadbalancer/net/n/1`,
          load_balancer_type: 'network',
          internal: true,
          subnets: ['subnet-0aaaaaaaaaaaaaaaa'],
          security_groups: [],
        }),
        res('aws_lb_target_group.t', {
          id: `${ARN}:targetgroup/t/1`,
          arn: `${ARN}:targetgroup/t/1`,
          vpc_id: 'vpc-0a1b2c3d4e5f60718',
          protocol: 'TCP',
          port: 443,
          target_type: 'instance',
          preserve_client_ip: 'false',
        }),
        res('aws_lb_listener.l', {
          id: `${ARN}:listener/net/n/1/2`,
          arn: `${ARN}:listener/net/n/1/2`,
          load_balancer_arn: `${ARN}:loadbalancer/net/n/1`,
          protocol: 'TCP',
          port: 443,
          default_action: [{ type: 'forward', target_group_arn: `${ARN}:targetgroup/t/1`, forward: [] }],
        }),
        res('aws_lb_target_group_attachment.a', {
          target_group_arn: `${ARN}:targetgroup/t/1`,
          target_id: 'i-0123456789abcdef0',
          port: 8443,
        }),
        res('aws_vpc_endpoint_service.s', {
          id: 'vpce-svc-0123456789abcdef0',
          service_name: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
          network_load_balancer_arns: [`${ARN}:loadbalancer/net/n/1`],
          acceptance_required: true,
          allowed_principals: [],
        }),
      ]),
    });
    const r = await importTerraform([join(dir, 'terraform.tfstate.json')], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.network.unsupported).toEqual([]);
    const lb = r.network.loadBalancers?.[0];
    expect(lb).toMatchObject({ id: 'aws_lb.n', vpc: 'aws_vpc.v', type: 'network', scheme: 'internal' });
    expect(lb?.listeners.map((l) => [l.port, l.targetGroup])).toEqual([[443, 'aws_lb_target_group.t']]);
    expect(lb?.securityGroups).toBeUndefined(); // NLB-7: created without security groups
    expect(r.network.targetGroups?.[0]).toMatchObject({
      preserveClientIp: false,
      targets: [{ id: 'aws_instance.i', port: 8443 }],
    });
    expect(r.network.endpointServices?.[0]).toMatchObject({
      loadBalancers: ['aws_lb.n'],
      serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
      acceptanceRequired: true,
    });
  });

  it('a Classic ELB with listener blocks and an aws_elb_attachment; cross-zone defaults to the provider default (on)', async () => {
    const dir = writeTree({
      'main.tf': `
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id = aws_vpc.v.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_instance" "i" { subnet_id = aws_subnet.a.id }
resource "aws_elb" "c" {
  subnets  = [aws_subnet.a.id]
  internal = true
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 8080
    instance_protocol = "http"
  }
}
resource "aws_elb_attachment" "x" {
  elb      = aws_elb.c.id
  instance = aws_instance.i.id
}
resource "aws_lb_listener" "orphan" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/gone/1"
  port = 80
}
`,
    });
    const r = await importTerraform([dir], {});
    const clb = r.network.loadBalancers?.[0];
    expect(clb).toMatchObject({
      type: 'classic',
      scheme: 'internal',
      crossZone: true,
      instances: ['aws_instance.i'],
    });
    expect(clb?.listeners.map((l) => [l.protocol, l.port, l.instancePort])).toEqual([['HTTP', 80, 8080]]);
    expect(codesOf(r.diagnostics)).toContain('TF_REFERENCE_UNRESOLVED');
    expect(r.network.unsupported.map((u) => u.id)).toEqual(['aws_lb_listener.orphan']);
  });
});
