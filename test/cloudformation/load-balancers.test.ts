/**
 * CloudFormation load balancers, listeners, rules, target groups, Classic LBs and endpoint services (issue 16 item 6;
 * aws-semantics.md B14, B15): S6 written as a template traces like the native example (same verdict, code, hops),
 * and what the mappers read from each property.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import {
  checkS6Flow,
  nativeS6,
  NATIVE_IDS,
  S6_FLOWS,
  type S6Name,
} from '../fixtures/load-balancers/s6-flows.js';
import { codes, imp } from './helpers.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/load-balancers/s6.cfn.yaml');
const OPTS = {
  region: 'ap-northeast-1',
  assume: { 'EipA.PublicIp': '203.0.113.70', 'EipC.PublicIp': '203.0.113.71' },
};

const CFN_IDS: Readonly<Record<S6Name, string>> = {
  igw: 'Igw',
  acl: 'Web:default-acl',
  'pub-rtb': 'PubRtb',
  'sg-nlb': 'SgNlb',
  'sg-web': 'SgWeb',
  'sg-api': 'SgApi',
  'sg-alb': 'SgAlb',
  'sg-app': 'SgApp',
  'nlb-pub': 'NlbPub',
  'alb-app': 'AlbApp',
  'tg-inst': 'TgInst',
  'tg-ip': 'TgIp',
  'tg-app': 'TgApp',
  web1: 'Web1',
  api2: 'Api2',
  app1: 'App1',
};

describe('S6 from CloudFormation (B14)', () => {
  const r = imp(readFileSync(FIXTURE, 'utf8'), OPTS, 's6.cfn.yaml');
  // The ALB's public addresses are placeholders (an ALB has no Elastic IPs); its flows address it by name.
  const albFlows = (to: string): string => (to === '203.0.113.80' ? 'AlbApp' : to);

  it('imports without errors or unsupported resources', () => {
    expect(codes(r, 'error')).toEqual([]);
    expect(r.network.unsupported).toEqual([]);
  });

  for (const f of S6_FLOWS) {
    it(`${f.name}: as hand-derived`, () => {
      checkS6Flow(r.network, { ...f, flow: { ...f.flow, to: albFlows(f.flow.to) } }, CFN_IDS);
    });
    it(`${f.name}: as the native example`, () => {
      const native = traceFlow(nativeS6(), f.flow);
      const cfn = traceFlow(r.network, { ...f.flow, to: albFlows(f.flow.to) });
      const rename = new Map(Object.entries(NATIVE_IDS).map(([k, v]) => [v, CFN_IDS[k as S6Name]]));
      expect(cfn.verdict).toBe(native.verdict);
      expect(cfn.forward.code).toBe(native.forward.code);
      expect(cfn.forward.hops.map((h) => `${h.kind}:${h.id}`)).toEqual(
        native.forward.hops.map((h) => `${h.kind}:${rename.get(h.id) ?? h.id}`),
      );
    });
  }

  it('maps listeners, rules, target groups and node placeholders', () => {
    const nlb = r.network.loadBalancers?.find((l) => l.id === 'NlbPub');
    expect(nlb?.nodes).toEqual([
      { subnet: 'PubA', privateIp: '10.70.0.50', publicIp: '203.0.113.70' },
      { subnet: 'PubC', privateIp: '10.70.1.50', publicIp: '203.0.113.71' },
    ]);
    expect(nlb?.listeners.map((l) => [l.protocol, l.port, l.targetGroup])).toEqual([
      ['TCP', 443, 'TgInst'],
      ['TCP', 8443, 'TgIp'],
    ]);
    expect(nlb?.assumed).toBeUndefined();
    const alb = r.network.loadBalancers?.find((l) => l.id === 'AlbApp');
    expect(alb?.type).toBe('application');
    expect(alb?.assumed).toEqual(['nodes']); // public addresses AWS assigns (198.18.0.0/15 placeholders)
    expect(alb?.listeners[0]?.rules).toEqual([
      { priority: 10, hosts: ['admin.example.com'], paths: [], action: 'forward', targetGroups: ['TgAdmin'] },
    ]);
    const tgIp = r.network.targetGroups?.find((t) => t.id === 'TgIp');
    expect(tgIp?.targets.map((t) => t.id)).toEqual(['10.70.10.20', '10.70.11.20']);
  });
});

const BASE = `
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  SubA: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a } }
  SubB: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1b } }
  I1: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref SubA, PrivateIpAddress: 10.0.1.10 } }
`;

describe('CloudFormation ELB and PrivateLink mappers', () => {
  it('a listener rule before its listener, path conditions, other conditions shown, attributes read', () => {
    const r = imp(`${BASE}
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref L
      Priority: 5
      Conditions:
        - { Field: path-pattern, Values: [/api/*] }
        - { Field: http-header, HttpHeaderConfig: { HttpHeaderName: X-A, Values: [b] } }
      Actions: [{ Type: redirect, RedirectConfig: { Protocol: HTTPS, StatusCode: HTTP_301 } }]
  L:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404' } }]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internal
      Subnets: [!Ref SubA, !Ref SubB]
      LoadBalancerAttributes: [{ Key: load_balancing.cross_zone.enabled, Value: 'false' }]
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      VpcId: !Ref Vpc
      Port: 80
      Protocol: TCP
      TargetType: ip
      Targets: [{ Id: 10.0.1.10, Port: 8080 }]
      TargetGroupAttributes: [{ Key: preserve_client_ip.enabled, Value: 'true' }]
`);
    expect(codes(r, 'error')).toEqual([]);
    const alb = r.network.loadBalancers?.[0];
    expect(alb).toMatchObject({
      id: 'Alb',
      vpc: 'Vpc',
      type: 'application',
      scheme: 'internal',
      crossZone: false,
    });
    expect(alb?.nodes).toEqual([{ subnet: 'SubA' }, { subnet: 'SubB' }]);
    expect(alb?.assumed).toEqual(['nodes']);
    expect(alb?.listeners[0]).toMatchObject({
      id: 'L',
      protocol: 'HTTP',
      port: 80,
      defaultAction: 'fixed-response',
    });
    expect(alb?.listeners[0]?.rules).toEqual([
      {
        priority: 5,
        hosts: [],
        paths: ['/api/*'],
        otherConditions: ['http-header'],
        action: 'redirect',
        targetGroups: [],
      },
    ]);
    expect(r.network.targetGroups?.[0]).toMatchObject({
      targetType: 'ip',
      preserveClientIp: true,
      targets: [{ id: '10.0.1.10', port: 8080 }],
    });
  });

  it('a Classic Load Balancer: listeners pair ports (CLB-1), instances registered, placeholder public addresses', () => {
    const r = imp(`${BASE}
  Clb:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      Subnets: [!Ref SubA, !Ref SubB]
      CrossZone: true
      Instances: [!Ref I1]
      Listeners: [{ LoadBalancerPort: '80', InstancePort: '8080', Protocol: HTTP }]
`);
    const clb = r.network.loadBalancers?.[0];
    expect(clb).toMatchObject({
      type: 'classic',
      scheme: 'internet-facing',
      crossZone: true,
      instances: ['I1'],
    });
    expect(clb?.listeners).toEqual([
      expect.objectContaining({ protocol: 'HTTP', port: 80, instancePort: 8080, instanceProtocol: 'HTTP' }),
    ]);
    expect(clb?.nodes.map((n) => n.publicIp)).toEqual(['198.18.0.1', '198.18.0.2']);
    expect(clb?.assumed).toEqual(['nodes']);
  });

  it('an endpoint service with permissions, and an interface endpoint naming it, with its security groups (PL-2, PL-5)', () => {
    const r = imp(`${BASE}
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Type: network, Scheme: internal, Subnets: [!Ref SubA] }
  Svc:
    Type: AWS::EC2::VPCEndpointService
    Properties: { NetworkLoadBalancerArns: [!Ref Nlb], AcceptanceRequired: false }
  Perm:
    Type: AWS::EC2::VPCEndpointServicePermissions
    Properties: { ServiceId: !Ref Svc, AllowedPrincipals: ['arn:aws:iam::111122223333:root'] }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: e, VpcId: !Ref Vpc } }
  Ep:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      VpcEndpointType: Interface
      ServiceName: !Sub com.amazonaws.vpce.\${AWS::Region}.\${Svc}
      SubnetIds: [!Ref SubB]
      SecurityGroupIds: [!Ref Sg]
`);
    expect(codes(r, 'error')).toEqual([]);
    expect(r.network.unsupported).toEqual([]);
    expect(r.network.endpointServices).toEqual([
      expect.objectContaining({
        id: 'Svc',
        loadBalancers: ['Nlb'],
        serviceName: 'com.amazonaws.vpce.us-east-1.Svc',
        acceptanceRequired: false,
        allowedPrincipals: ['arn:aws:iam::111122223333:root'],
      }),
    ]);
    const ep = r.network.vpcEndpoints.find((e) => e.id === 'Ep');
    expect(ep).toMatchObject({ service: 'com.amazonaws.vpce.us-east-1.Svc', securityGroups: ['Sg'] });
  });

  it('a listener naming a load balancer that is not in the templates is reported and ignored', () => {
    const r = imp(`${BASE}
  L:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/x/1', Port: 80, Protocol: TCP }
`);
    expect(codes(r, 'warning')).toContain('REFERENCE_NOT_FOUND');
  });
});
