/**
 * Issue 13 §6: an Elastic IP the input declares but whose network interface vpcsim cannot resolve (attached by a
 * launch template, a script, another stack). From the AWS docs (IGW-2, UG/vpc-eips.html): an Elastic IP is a
 * public address of the account, mapped 1:1 by an internet gateway to the private IP of the ENI it is associated
 * with — it is never an arbitrary host on the internet. Which ENI holds it decides the path, and the input does not
 * say: the result must be uncertain and name what is unresolved, not "reachable" as internet-to-internet.
 */
import { describe, expect, it } from 'vitest';
import { hopIds, trace } from '../helpers.js';
import { imp } from '../cloudformation/helpers.js';
import { traceFlow } from '../../src/analysis/trace.js';
import { compileNetwork } from '../../src/dataplane/compile.js';

const template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: { VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw }
  Public:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24 }
  Rt:
    Type: AWS::EC2::RouteTable
    Properties: { VpcId: !Ref Vpc }
  Default:
    Type: AWS::EC2::Route
    Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw }
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: { SubnetId: !Ref Public, RouteTableId: !Ref Rt }
  Bastion:
    Type: AWS::EC2::Instance
    Properties: { SubnetId: !Ref Public, PrivateIpAddress: 10.0.0.10 }
  WebEip:
    Type: AWS::EC2::EIP
    Properties: { Domain: vpc }
`;

const load = () => {
  // The template pins the address (as a deployed stack's output would show it).
  const r = imp(template, { assume: { 'WebEip.PublicIp': '52.1.2.3' } });
  return compileNetwork(r.network).compiled;
};

describe('an Elastic IP whose network interface is not in the input is never "the internet"', () => {
  it('internet → the Elastic IP: uncertain, UNKNOWN_DESTINATION, naming the Elastic IP and what is unresolved', () => {
    const t = traceFlow(load(), { from: '203.0.113.5', to: '52.1.2.3', protocol: 'tcp', port: 443 });
    expect(t.uncertain).toBe(true);
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('UNKNOWN_DESTINATION');
    expect(hopIds(t)).toEqual(['internet:internet', 'unsupported:WebEip']);
    expect(t.forward.hops.at(-1)?.unsupported).toEqual(['Elastic IP WebEip: interface unresolved']);
    expect(t.notes.some((n) => n.includes('Elastic IP WebEip') && n.includes('not in the input'))).toBe(true);
  });

  it('an instance of the VPC → the Elastic IP: out through the IGW (IGW-2), then uncertain at the Elastic IP', () => {
    const r = imp(
      `${template}  BastionEip:
    Type: AWS::EC2::EIP
    Properties: { Domain: vpc, InstanceId: !Ref Bastion }
`,
      { assume: { 'WebEip.PublicIp': '52.1.2.3', 'BastionEip.PublicIp': '52.1.2.4' } },
    );
    const t = traceFlow(compileNetwork(r.network).compiled, {
      from: 'Bastion',
      to: '52.1.2.3',
      protocol: 'tcp',
      port: 443,
    });
    expect(t.uncertain).toBe(true);
    expect(t.forward.code).toBe('UNKNOWN_DESTINATION');
    // Filters (the VPC's default SG and NACL, which allow it) left out: the path is what matters here.
    expect(
      t.forward.hops
        .filter((h) => h.kind !== 'security-group' && h.kind !== 'network-acl')
        .map((h) => `${h.kind}:${h.id}`),
    ).toEqual(['instance:Bastion', 'route-table:Rt', 'internet-gateway:Igw', 'unsupported:WebEip']);
    expect(t.forward.hops.find((h) => h.id === 'Igw')?.after?.src).toBe('52.1.2.4');
  });

  it('the Elastic IP as a source is traced as an internet host, but the result says the sender is unknown', () => {
    const t = traceFlow(load(), { from: '52.1.2.3', to: '198.51.100.7', protocol: 'tcp', port: 443 });
    expect(t.uncertain).toBe(true);
    expect(t.notes[0]).toContain('Elastic IP WebEip');
  });

  it('an Elastic IP associated in the input is resolved as before (IGW-2), with no uncertainty', () => {
    const withAssoc = `${template}  WebAssoc:
    Type: AWS::EC2::EIPAssociation
    Properties: { AllocationId: !GetAtt WebEip.AllocationId, InstanceId: !Ref Bastion }
`;
    const r = imp(withAssoc, { assume: { 'WebEip.PublicIp': '52.1.2.3' } });
    const t = traceFlow(compileNetwork(r.network).compiled, {
      from: '203.0.113.5',
      to: '52.1.2.3',
      protocol: 'tcp',
      port: 22,
    });
    expect(t.uncertain).toBeFalsy();
    expect(hopIds(t).slice(0, 2)).toEqual(['internet:internet', 'internet-gateway:Igw']);
  });

  it('native YAML: a top-level elasticIps entry is an address that is never the internet', () => {
    const y = `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    subnets:
      s: { cidr: 10.0.0.0/24 }
elasticIps:
  web-eip: { publicIp: 52.9.9.9, description: attached by the launch template of the web fleet }
`;
    const t = trace(y, { from: '203.0.113.5', to: '52.9.9.9', protocol: 'tcp', port: 443 });
    expect(t.uncertain).toBe(true);
    expect(t.forward.code).toBe('UNKNOWN_DESTINATION');
    expect(t.forward.hops.at(-1)?.detail).toContain('attached by the launch template of the web fleet');
    // An address nobody declares is still the internet.
    expect(trace(y, { from: '203.0.113.5', to: '52.9.9.8', protocol: 'tcp', port: 443 }).verdict).toBe(
      'reachable',
    );
  });
});
