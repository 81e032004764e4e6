/**
 * Weighted forwards (issue 16, ALB-3): an ALB rule forwarding to several target groups with weights. AWS sends each
 * request to one group by weight, so a flow may go to any group of weight > 0; vpcsim's choice (docs/load-balancers.md):
 * the trace follows the first group in the rule's order with weight > 0 and registered targets, and the per-target
 * report covers the targets of every group that may receive the flow; a group of weight 0 receives nothing. Expected
 * answers derived by hand from ALB-1 (new connection from the node), ALB-2 (target SG must admit the ALB), ELB-2
 * (cross-zone always on for an ALB) and SG-1.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDescribe } from '../../src/formats/describe/index.js';
import { importTerraform } from '../../src/formats/terraform/index.js';
import { imp } from '../cloudformation/helpers.js';
import { writeTree } from '../terraform/helpers.js';
import { hopIds, net, trace } from '../helpers.js';

const doc = (forward: string): string => `vpcsim: 1
region: us-east-1
vpcs:
  web:
    cidr: 10.70.0.0/16
    internetGateway: igw-70
    subnets:
      pub-a: { cidr: 10.70.0.0/24, az: us-east-1a, routeTable: pub-rtb }
      pub-b: { cidr: 10.70.1.0/24, az: us-east-1b, routeTable: pub-rtb }
      app-a: { cidr: 10.70.10.0/24, az: us-east-1a, routeTable: app-rtb }
    routeTables:
      pub-rtb: { routes: { 0.0.0.0/0: igw-70 } }
      app-rtb: { routes: {} }
    securityGroups:
      sg-alb: { inbound: [tcp 80 from 0.0.0.0/0] }
      sg-blue: { inbound: [tcp 8080 from sg-alb] }
      sg-green: { inbound: [tcp 22 from 10.70.0.0/16] }
    instances:
      blue1: { subnet: app-a, ip: 10.70.10.10, securityGroups: [sg-blue] }
      green1: { subnet: app-a, ip: 10.70.10.20, securityGroups: [sg-green] }
    loadBalancers:
      alb:
        type: application
        nodes:
          pub-a: { ip: 10.70.0.100, publicIp: 203.0.113.80 }
          pub-b: { ip: 10.70.1.100, publicIp: 203.0.113.81 }
        securityGroups: [sg-alb]
        listeners:
          - protocol: HTTP
            port: 80
            rules: [{ forward: ${forward} }]
    targetGroups:
      tg-blue: { type: instance, protocol: HTTP, port: 8080, targets: [blue1] }
      tg-green: { type: instance, protocol: HTTP, port: 8080, targets: [green1] }
`;

const FLOW = { from: '198.51.100.7', to: 'alb', protocol: 'tcp', port: 80 } as const;

describe('weighted forward in the data plane (ALB-3)', () => {
  it('80/20 blue/green: the trace follows tg-blue (reachable); the report shows green1 refused by sg-green — some targets answer', () => {
    const t = trace(doc('{ tg-blue: 80, tg-green: 20 }'), FLOW);
    expect([t.verdict, t.forward.code]).toEqual(['reachable', null]);
    // IGW → pub-a node (the first node, ELB-1) → sg-alb in → listener rule → tg-blue → blue1 from the node (ALB-1).
    expect(hopIds(t)).toEqual([
      'internet:internet',
      'internet-gateway:igw-70',
      'network-acl:web:default-acl',
      'security-group:sg-alb',
      'load-balancer:alb',
      'target-group:tg-blue',
      'load-balancer:alb',
      'security-group:sg-alb',
      'route-table:pub-rtb',
      'network-acl:web:default-acl',
      'network-acl:web:default-acl',
      'security-group:sg-blue',
      'instance:blue1',
    ]);
    expect(t.forward.hops.find((h) => h.kind === 'load-balancer')?.rule).toContain(
      'forward tg-blue (weight 80), tg-green (weight 20)',
    );
    expect(t.targets?.reachable).toBe('some');
    expect(t.targets?.results.map((x) => [x.target, x.verdict, x.code])).toEqual([
      ['blue1', 'reachable', undefined],
      ['green1', 'unreachable', 'ENI_SG_RULES_MISMATCH'],
    ]);
    expect(t.notes.join('\n')).toContain('weighted forward');
  });

  it('weight 0 for tg-blue: every request goes to tg-green, whose target refuses it', () => {
    const t = trace(doc('{ tg-blue: 0, tg-green: 100 }'), FLOW);
    expect([t.verdict, t.forward.code, t.forward.droppedAt]).toEqual([
      'unreachable',
      'ENI_SG_RULES_MISMATCH',
      'sg-green',
    ]);
    expect(hopIds(t)).toContain('target-group:tg-green');
    expect(hopIds(t)).not.toContain('target-group:tg-blue');
    expect(t.targets?.results.map((x) => x.target)).toEqual(['green1']);
    expect(t.notes.join('\n')).toContain('tg-blue receives nothing (weight 0)');
  });

  it('weight 0 everywhere: no group receives requests (ELBV2_LISTENER_HAS_NO_TG)', () => {
    const t = trace(doc('{ tg-blue: 0, tg-green: 0 }'), FLOW);
    expect([t.verdict, t.forward.code]).toEqual(['unreachable', 'ELBV2_LISTENER_HAS_NO_TG']);
  });

  it('an unweighted list of groups counts each as weight 1', () => {
    const rule = net(doc('[tg-green, tg-blue]')).loadBalancers?.[0]?.listeners[0]?.rules?.[0];
    expect(rule).toMatchObject({ targetGroups: ['tg-green', 'tg-blue'] });
    expect(rule?.weights).toBeUndefined();
    const t = trace(doc('[tg-green, tg-blue]'), FLOW);
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH'); // follows tg-green, the first
    expect(t.targets?.results.map((x) => [x.target, x.verdict])).toEqual([
      ['green1', 'unreachable'],
      ['blue1', 'reachable'],
    ]);
  });
});

describe('every importer carries the weights', () => {
  it('CloudFormation: ForwardConfig.TargetGroups[].Weight of a listener and of a listener rule', () => {
    const r = imp(`AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  A: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a } }
  B: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1b } }
  Alb: { Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: { Type: application, Scheme: internal, Subnets: [!Ref A, !Ref B] } }
  Blue: { Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: { VpcId: !Ref Vpc, Protocol: HTTP, Port: 80 } }
  Green: { Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: { VpcId: !Ref Vpc, Protocol: HTTP, Port: 80 } }
  L:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Protocol: HTTP
      Port: 80
      DefaultActions:
        - Type: forward
          ForwardConfig: { TargetGroups: [{ TargetGroupArn: !Ref Blue, Weight: 90 }, { TargetGroupArn: !Ref Green, Weight: 10 }] }
  R:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref L
      Priority: 5
      Conditions: [{ Field: path-pattern, Values: [/beta/*] }]
      Actions:
        - Type: forward
          ForwardConfig: { TargetGroups: [{ TargetGroupArn: !Ref Blue, Weight: 0 }, { TargetGroupArn: !Ref Green, Weight: 1 }] }
`);
    const rules = r.network.loadBalancers?.[0]?.listeners[0]?.rules;
    expect(rules?.map((x) => [x.priority, x.targetGroups, x.weights])).toEqual([
      [undefined, ['Blue', 'Green'], [90, 10]],
      [5, ['Blue', 'Green'], [0, 1]],
    ]);
  });

  it('Terraform: forward { target_group { arn, weight } }', async () => {
    const dir = writeTree({
      'main.tf': `resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}
resource "aws_lb" "alb" {
  load_balancer_type = "application"
  internal           = true
  subnets            = [aws_subnet.a.id, aws_subnet.b.id]
}
resource "aws_lb_target_group" "blue" {
  vpc_id   = aws_vpc.v.id
  protocol = "HTTP"
  port     = 80
}
resource "aws_lb_target_group" "green" {
  vpc_id   = aws_vpc.v.id
  protocol = "HTTP"
  port     = 80
}
resource "aws_lb_listener" "l" {
  load_balancer_arn = aws_lb.alb.arn
  protocol          = "HTTP"
  port              = 80
  default_action {
    type = "forward"
    forward {
      target_group {
        arn    = aws_lb_target_group.blue.arn
        weight = 75
      }
      target_group {
        arn    = aws_lb_target_group.green.arn
        weight = 25
      }
    }
  }
}
`,
    });
    const r = await importTerraform([dir], {});
    const l = r.network.loadBalancers?.[0]?.listeners[0];
    expect(l?.rules?.map((x) => [x.targetGroups, x.weights])).toEqual([
      [
        ['aws_lb_target_group.blue', 'aws_lb_target_group.green'],
        [75, 25],
      ],
    ]);
  });

  it('describe-*: describe-rules ForwardConfig weights (a single group keeps no weight)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-weights-'));
    cpSync('test/fixtures/load-balancers/s6-describe', dir, { recursive: true });
    const file = join(dir, 'aws_configs/ap-northeast-1/describe-rules-bbbbbbbbbbbbbbb1.json');
    const rules = JSON.parse(readFileSync(file, 'utf8')) as {
      Rules: {
        Actions: { ForwardConfig?: { TargetGroups: { TargetGroupArn: string; Weight: number }[] } }[];
      }[];
    };
    const tgs = rules.Rules[0]?.Actions[0]?.ForwardConfig?.TargetGroups;
    const app =
      'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/tg-app/3333333333333333';
    tgs?.push({ TargetGroupArn: app, Weight: 3 });
    writeFileSync(file, JSON.stringify(rules));
    const r = await importDescribe(join(dir, 'aws_configs'), {});
    const alb = r.network.loadBalancers?.find((x) => x.type === 'application');
    const rule10 = alb?.listeners.flatMap((l) => l.rules ?? []).find((x) => x.priority === 10);
    expect(rule10?.weights).toEqual([1, 3]);
    expect(rule10?.targetGroups).toHaveLength(2);
  });
});
