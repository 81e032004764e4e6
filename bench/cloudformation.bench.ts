/**
 * CloudFormation import benchmark (issue 6): generate a 5,000-resource template (50 VPCs × 100 resources: VPC,
 * IGW, subnets from `!Select`/`!Cidr` of `!GetAtt Vpc.CidrBlock`, route tables, routes, NAT gateways with EIPs,
 * security groups with inline and separate rules, NACL entries, instances with placeholder addresses) as YAML with
 * short-form tags and as JSON, and time `importCloudFormation` on each (CPU time, median of several runs, after a warm-up).
 * Target: under 2 s. Deterministic: the template is the same on every run.
 */
import { importCloudFormation } from '../src/formats/cloudformation/index.js';

/** CPU seconds of this process since `t0` (all its threads: a busy machine does not inflate it, unlike wall time). */
function cpuSeconds(t0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

const VPCS = 50;
const RUNS = 5;

/** One VPC's 100 resources, YAML with short-form tags. */
function vpcYaml(v: number): string {
  const p = `V${v}`;
  const out: string[] = [];
  const r = (id: string, body: string) => out.push(`  ${p}${id}:\n${body}`);
  r(
    'Vpc',
    `    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Sub "10.\${Oct${v}}.0.0/16"\n      Tags: [{ Key: Name, Value: !Sub "\${AWS::StackName}-${p}" }]\n`,
  );
  r('Igw', `    Type: AWS::EC2::InternetGateway\n`);
  r(
    'Attach',
    `    Type: AWS::EC2::VPCGatewayAttachment\n    Properties: { VpcId: !Ref ${p}Vpc, InternetGatewayId: !Ref ${p}Igw }\n`,
  );
  r('Acl', `    Type: AWS::EC2::NetworkAcl\n    Properties: { VpcId: !Ref ${p}Vpc }\n`);
  for (let s = 0; s < 8; s++) {
    r(
      `Sub${s}`,
      `    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref ${p}Vpc\n      CidrBlock: !Select [${s}, !Cidr [!GetAtt ${p}Vpc.CidrBlock, 8, 8]]\n      AvailabilityZone: !Select [${s % 3}, !GetAZs ""]\n      MapPublicIpOnLaunch: ${s < 2}\n`,
    );
    r(`Rt${s}`, `    Type: AWS::EC2::RouteTable\n    Properties: { VpcId: !Ref ${p}Vpc }\n`);
    r(
      `Assoc${s}`,
      `    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties: { SubnetId: !Ref ${p}Sub${s}, RouteTableId: !Ref ${p}Rt${s} }\n`,
    );
    const target = s < 2 ? `GatewayId: !Ref ${p}Igw` : `NatGatewayId: !Ref ${p}Nat`;
    r(
      `Route${s}`,
      `    Type: AWS::EC2::Route\n    Properties: { RouteTableId: !Ref ${p}Rt${s}, DestinationCidrBlock: 0.0.0.0/0, ${target} }\n`,
    );
    r(
      `AclAssoc${s}`,
      `    Type: AWS::EC2::SubnetNetworkAclAssociation\n    Properties: { SubnetId: !Ref ${p}Sub${s}, NetworkAclId: !Ref ${p}Acl }\n`,
    );
  }
  r('Eip', `    Type: AWS::EC2::EIP\n    Properties: { Domain: vpc }\n`);
  r(
    'Nat',
    `    Type: AWS::EC2::NatGateway\n    Properties: { SubnetId: !Ref ${p}Sub0, AllocationId: !GetAtt ${p}Eip.AllocationId }\n`,
  );
  for (let g = 0; g < 10; g++) {
    r(
      `Sg${g}`,
      `    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: !Join [" ", [group, "${g}"]]\n      VpcId: !Ref ${p}Vpc\n      SecurityGroupIngress:\n        - { IpProtocol: tcp, FromPort: ${1000 + g}, ToPort: ${1000 + g}, CidrIp: 10.0.0.0/8 }\n        - { IpProtocol: icmp, FromPort: 8, ToPort: -1, CidrIp: 0.0.0.0/0 }\n`,
    );
    r(
      `In${g}`,
      `    Type: AWS::EC2::SecurityGroupIngress\n    Properties: { GroupId: !GetAtt ${p}Sg${g}.GroupId, IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: !Ref ${p}Sg${(g + 1) % 10} }\n`,
    );
    r(
      `Entry${g}`,
      `    Type: AWS::EC2::NetworkAclEntry\n    Properties: { NetworkAclId: !Ref ${p}Acl, RuleNumber: ${100 + g}, Protocol: 6, RuleAction: allow, Egress: ${g % 2 === 0}, CidrBlock: 0.0.0.0/0, PortRange: { From: ${g * 100}, To: ${g * 100 + 99} } }\n`,
    );
  }
  for (let i = 0; i < 24; i++) {
    r(
      `Host${i}`,
      `    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: !FindInMap [Ami, !Ref AWS::Region, Id]\n      SubnetId: !Ref ${p}Sub${i % 8}\n      SecurityGroupIds: [!Ref ${p}Sg${i % 10}]\n`,
    );
  }
  return out.join('');
}

/** The whole template as YAML (5,000 resources). */
export function cloudFormationYaml(): string {
  const params: string[] = [];
  for (let v = 0; v < VPCS; v++)
    params.push(
      `  Oct${v}:\n    Type: Number\n    Default: ${v + 1}\n    AllowedValues: [${v + 1}, ${v + 101}]\n`,
    );
  const body: string[] = [];
  for (let v = 0; v < VPCS; v++) body.push(vpcYaml(v));
  return `AWSTemplateFormatVersion: "2010-09-09"\nDescription: vpcsim bench - ${VPCS * 100} resources\nParameters:\n${params.join('')}Mappings:\n  Ami:\n    us-east-1: { Id: ami-0123456789abcdef0 }\nResources:\n${body.join('')}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function time(path: string, text: string): { seconds: number; resources: number } {
  const runs: number[] = [];
  let resources = 0;
  importCloudFormation([{ path, text }], {}); // warm-up
  for (let k = 0; k < RUNS; k++) {
    const t0 = process.cpuUsage();
    const r = importCloudFormation([{ path, text }], {});
    runs.push(cpuSeconds(t0));
    const n = r.network;
    resources =
      n.vpcs.length + n.subnets.length + n.routeTables.length + n.instances.length + n.securityGroups.length;
    // The template is over CloudFormation's own quotas on purpose (one stack, 5,000 resources): those two errors
    // are expected; any other error means the benchmark measures a broken import.
    const quota = new Set(['CFN_TOO_MANY_RESOURCES', 'CFN_TEMPLATE_TOO_LARGE']);
    if (r.diagnostics.some((d) => d.severity === 'error' && !quota.has(d.code)))
      throw new Error('bench template has errors');
  }
  return { seconds: median(runs), resources };
}

/** Results for `npm run bench`. */
// eslint-disable-next-line @typescript-eslint/require-await
export async function benchCloudFormation(): Promise<{ name: string; value: number; unit: string }[]> {
  const yaml = cloudFormationYaml();
  const y = time('bench.yaml', yaml);
  // A JSON template of the same size (long-form intrinsics), as CDK writes them: the fast JSON reader's path.
  const json = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: jsonResources() });
  const j = time('bench.json', json);
  return [
    {
      name: `import a 5,000-resource YAML template (CPU, median of ${RUNS}, ${y.resources} core objects)`,
      value: Number(y.seconds.toFixed(3)),
      unit: 's',
    },
    {
      name: `import a 5,000-resource JSON template (CPU, median of ${RUNS})`,
      value: Number(j.seconds.toFixed(3)),
      unit: 's',
    },
  ];
}

/** 5,000 resources in JSON long form (subnets with Fn::Select/Fn::Cidr, instances with placeholder addresses). */
function jsonResources(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let v = 0; v < VPCS; v++) {
    const p = `V${v}`;
    out[`${p}Vpc`] = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: `10.${v + 1}.0.0/16` } };
    for (let s = 0; s < 16; s++) {
      out[`${p}Sub${s}`] = {
        Type: 'AWS::EC2::Subnet',
        Properties: {
          VpcId: { Ref: `${p}Vpc` },
          CidrBlock: {
            'Fn::Select': [s, { 'Fn::Cidr': [{ 'Fn::GetAtt': [`${p}Vpc`, 'CidrBlock'] }, 16, 8] }],
          },
        },
      };
      out[`${p}Rt${s}`] = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: `${p}Vpc` } } };
      out[`${p}Assoc${s}`] = {
        Type: 'AWS::EC2::SubnetRouteTableAssociation',
        Properties: { SubnetId: { Ref: `${p}Sub${s}` }, RouteTableId: { Ref: `${p}Rt${s}` } },
      };
    }
    for (let i = 0; i < 51; i++) {
      out[`${p}Host${i}`] = {
        Type: 'AWS::EC2::Instance',
        Properties: { SubnetId: { Ref: `${p}Sub${i % 16}` } },
      };
    }
  }
  return out;
}
