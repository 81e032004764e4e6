/**
 * Synthesizes a few small CDK stacks with aws-cdk-lib (a dev dependency used only here) and writes their
 * CloudFormation templates to test/fixtures/cloudformation/cdk/, where the importer's tests read them.
 *
 *   npx tsx scripts/cdk-synth.ts
 *
 * Stacks are environment-agnostic (no account/region), so CDK writes `Fn::GetAZs`, `AWS::Region` and mappings
 * instead of looking anything up: the synthesis needs no AWS credentials and no network. Output is deterministic
 * (same aws-cdk-lib version → same files); re-run and commit when the stacks change.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import type { Construct } from 'constructs';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/cloudformation/cdk');

/** The classic L2 VPC: public and private subnets in two AZs, one NAT gateway, and a host in a private subnet. */
class VpcWithNatStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.10.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    const sg = new ec2.SecurityGroup(this, 'AppSg', {
      vpc,
      description: 'app hosts',
      allowAllOutbound: true,
    });
    sg.addIngressRule(ec2.Peer.ipv4('10.10.0.0/16'), ec2.Port.tcp(22), 'ssh from the VPC');
    new ec2.Instance(this, 'App', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.genericLinux({
        'us-east-1': 'ami-0123456789abcdef0',
        'ap-northeast-1': 'ami-0fedcba9876543210',
      }),
      securityGroup: sg,
    });
  }
}

/** Scenario S0 in CDK L1 constructs: Network Firewall in front of a NAT gateway, with the return route (RT-3). */
class NfwBeforeNatStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const az = Fn.select(0, Fn.getAzs());
    const vpc = new ec2.CfnVPC(this, 'Vpc', { cidrBlock: '10.60.0.0/16' });
    const igw = new ec2.CfnInternetGateway(this, 'Igw');
    new ec2.CfnVPCGatewayAttachment(this, 'IgwAttach', { vpcId: vpc.ref, internetGatewayId: igw.ref });
    const subnet = (name: string, cidr: string) =>
      new ec2.CfnSubnet(this, name, { vpcId: vpc.ref, cidrBlock: cidr, availabilityZone: az });
    const fwSubnet = subnet('FirewallSubnet', '10.60.10.0/24');
    const natSubnet = subnet('NatSubnet', '10.60.20.0/24');
    const privSubnet = subnet('PrivateSubnet', '10.60.30.0/24');
    const table = (name: string, s: ec2.CfnSubnet) => {
      const rt = new ec2.CfnRouteTable(this, name, { vpcId: vpc.ref });
      new ec2.CfnSubnetRouteTableAssociation(this, `${name}Assoc`, { routeTableId: rt.ref, subnetId: s.ref });
      return rt;
    };
    const fwRt = table('FwRtb', fwSubnet);
    const natRt = table('NatgwRtb', natSubnet);
    const privRt = table('PrivateRtb', privSubnet);

    const domains = new nfw.CfnRuleGroup(this, 'AllowDomains', {
      ruleGroupName: 'allow-domains',
      type: 'STATEFUL',
      capacity: 100,
      ruleGroup: {
        rulesSource: {
          rulesSourceList: {
            targets: ['.amazonaws.com', 'www.google.com'],
            targetTypes: ['TLS_SNI', 'HTTP_HOST'],
            generatedRulesType: 'ALLOWLIST',
          },
        },
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
      },
    });
    const policy = new nfw.CfnFirewallPolicy(this, 'Policy', {
      firewallPolicyName: 'egress-policy',
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        statefulEngineOptions: { ruleOrder: 'STRICT_ORDER' },
        statefulDefaultActions: ['aws:drop_established'],
        statefulRuleGroupReferences: [{ resourceArn: domains.attrRuleGroupArn, priority: 1 }],
      },
    });
    const fw = new nfw.CfnFirewall(this, 'Firewall', {
      firewallName: 'egress-firewall',
      firewallPolicyArn: policy.attrFirewallPolicyArn,
      vpcId: vpc.ref,
      subnetMappings: [{ subnetId: fwSubnet.ref }],
    });
    const endpoint = Fn.select(1, Fn.split(':', Fn.select(0, fw.attrEndpointIds)));

    const eip = new ec2.CfnEIP(this, 'NatEip', { domain: 'vpc' });
    const nat = new ec2.CfnNatGateway(this, 'NatGw', {
      subnetId: natSubnet.ref,
      allocationId: eip.attrAllocationId,
    });

    new ec2.CfnRoute(this, 'PrivateDefault', {
      routeTableId: privRt.ref,
      destinationCidrBlock: '0.0.0.0/0',
      vpcEndpointId: endpoint,
    });
    new ec2.CfnRoute(this, 'FwDefault', {
      routeTableId: fwRt.ref,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat.ref,
    });
    new ec2.CfnRoute(this, 'NatDefault', {
      routeTableId: natRt.ref,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.ref,
    });
    new ec2.CfnRoute(this, 'NatReturn', {
      routeTableId: natRt.ref,
      destinationCidrBlock: '10.60.30.0/24',
      vpcEndpointId: endpoint,
    });

    const sg = new ec2.CfnSecurityGroup(this, 'AppSg', { groupDescription: 'app', vpcId: vpc.ref });
    new ec2.CfnInstance(this, 'App', {
      imageId: 'ami-0123456789abcdef0',
      instanceType: 't3.micro',
      subnetId: privSubnet.ref,
      privateIpAddress: '10.60.30.10',
      securityGroupIds: [sg.attrGroupId],
    });
  }
}

/** Scenario S1 in CDK: a NAT instance (source/destination check off, iptables MASQUERADE in user data). */
class NatInstanceStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.CfnVPC(this, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const igw = new ec2.CfnInternetGateway(this, 'Igw');
    new ec2.CfnVPCGatewayAttachment(this, 'IgwAttach', { vpcId: vpc.ref, internetGatewayId: igw.ref });
    const pub = new ec2.CfnSubnet(this, 'PublicSubnet', { vpcId: vpc.ref, cidrBlock: '10.0.0.0/24' });
    const priv = new ec2.CfnSubnet(this, 'PrivateSubnet', { vpcId: vpc.ref, cidrBlock: '10.0.1.0/24' });
    const pubRt = new ec2.CfnRouteTable(this, 'PublicRtb', { vpcId: vpc.ref });
    const privRt = new ec2.CfnRouteTable(this, 'PrivateRtb', { vpcId: vpc.ref });
    new ec2.CfnSubnetRouteTableAssociation(this, 'PublicAssoc', {
      routeTableId: pubRt.ref,
      subnetId: pub.ref,
    });
    new ec2.CfnSubnetRouteTableAssociation(this, 'PrivateAssoc', {
      routeTableId: privRt.ref,
      subnetId: priv.ref,
    });
    new ec2.CfnRoute(this, 'PublicDefault', {
      routeTableId: pubRt.ref,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.ref,
    });

    const webSg = new ec2.CfnSecurityGroup(this, 'WebSg', {
      groupDescription: 'web',
      vpcId: vpc.ref,
      securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }],
    });
    const natSg = new ec2.CfnSecurityGroup(this, 'NatSg', {
      groupDescription: 'nat',
      vpcId: vpc.ref,
      securityGroupIngress: [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, sourceSecurityGroupId: webSg.attrGroupId },
        { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '198.51.100.7/32' },
      ],
      securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }],
    });
    const userData = ec2.UserData.forLinux();
    userData.addCommands(
      'sysctl -w net.ipv4.ip_forward=1',
      'sysctl -w net.ipv4.conf.eth0.send_redirects=0',
      'iptables -t nat -A POSTROUTING -o eth0 -s 10.0.0.0/16 -j MASQUERADE',
    );
    const nat = new ec2.CfnInstance(this, 'Nat', {
      imageId: 'ami-0123456789abcdef0',
      instanceType: 't3.micro',
      subnetId: pub.ref,
      privateIpAddress: '10.0.0.10',
      sourceDestCheck: false,
      securityGroupIds: [natSg.attrGroupId],
      userData: Fn.base64(userData.render()),
    });
    const eip = new ec2.CfnEIP(this, 'NatEip', { domain: 'vpc' });
    new ec2.CfnEIPAssociation(this, 'NatEipAssoc', {
      allocationId: eip.attrAllocationId,
      instanceId: nat.ref,
    });
    new ec2.CfnRoute(this, 'PrivateDefault', {
      routeTableId: privRt.ref,
      destinationCidrBlock: '0.0.0.0/0',
      instanceId: nat.ref,
    });
    new ec2.CfnInstance(this, 'Web', {
      imageId: 'ami-0123456789abcdef0',
      instanceType: 't3.micro',
      subnetId: priv.ref,
      privateIpAddress: '10.0.1.10',
      securityGroupIds: [webSg.attrGroupId],
    });
  }
}

function main(): void {
  const app = new App({ analyticsReporting: false });
  const stacks = [
    new VpcWithNatStack(app, 'VpcWithNat'),
    new NfwBeforeNatStack(app, 'NfwBeforeNat'),
    new NatInstanceStack(app, 'NatInstance'),
  ];
  const assembly = app.synth();
  mkdirSync(OUT, { recursive: true });
  for (const s of stacks) {
    const template: unknown = assembly.getStackByName(s.stackName).template;
    const file = join(OUT, `${s.stackName}.json`);
    writeFileSync(file, `${JSON.stringify(template, null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}

main();
