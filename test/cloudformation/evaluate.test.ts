import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { Evaluator, NO_VALUE, type EvalContext } from '../../src/formats/cloudformation/evaluate.js';
import { readTemplate } from '../../src/formats/cloudformation/read.js';
import { splitTemplate } from '../../src/formats/cloudformation/template.js';
import { imp } from './helpers.js';

/** Evaluate every Output value of a template (with a host that names resources by logical ID). */
function outputs(text: string, ctx: Partial<EvalContext> = {}) {
  const diags: Diagnostic[] = [];
  const read = readTemplate(text, 't.yaml');
  diags.push(...read.diagnostics);
  const t = splitTemplate(read.root!, 't.yaml', diags)!;
  const ev = new Evaluator(
    t,
    {
      region: 'eu-west-1',
      accountId: '111122223333',
      stackName: 'Demo',
      azs: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      params: {},
      ...ctx,
    },
    {
      refResource: (id) => id,
      getAtt: (id, attr) => `${id}.${attr}`,
      importValue: (name) => `imported:${name}`,
    },
    diags,
  );
  const values: Record<string, unknown> = {};
  for (const o of t.outputs.values()) values[o.name] = o.value ? ev.value(o.value) : undefined;
  return { values, diags, ev };
}

const HEAD = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
`;

describe('intrinsic functions', () => {
  it('Ref of parameters (default / override), pseudo parameters and resources', () => {
    const { values } = outputs(
      `Parameters:
  Env: { Type: String, Default: dev }
  Azs: { Type: CommaDelimitedList, Default: "a, b" }
${HEAD}Outputs:
  env: { Value: !Ref Env }
  region: { Value: !Ref AWS::Region }
  account: { Value: { Ref: "AWS::AccountId" } }
  stack: { Value: !Ref AWS::StackName }
  partition: { Value: !Ref AWS::Partition }
  suffix: { Value: !Ref AWS::URLSuffix }
  vpc: { Value: !Ref Vpc }
  list: { Value: !Ref Azs }
`,
      { params: { Env: 'prod' } },
    );
    expect(values).toMatchObject({
      env: 'prod',
      region: 'eu-west-1',
      account: '111122223333',
      stack: 'Demo',
      partition: 'aws',
      suffix: 'amazonaws.com',
      vpc: 'Vpc',
      list: ['a', 'b'],
    });
  });

  it('Fn::Sub in both forms, with ${!Literal} and GetAtt variables', () => {
    const { values } = outputs(`${HEAD}Outputs:
  a: { Value: !Sub "\${AWS::StackName}-\${Vpc}-\${Vpc.CidrBlock}" }
  b: { Value: !Sub ["\${X}/\${Y}", { X: !Ref AWS::Region, Y: "z" }] }
  c: { Value: !Sub "literal \${!NotAVar}" }
`);
    expect(values).toEqual({ a: 'Demo-Vpc-Vpc.CidrBlock', b: 'eu-west-1/z', c: 'literal ${NotAVar}' });
  });

  it('Join, Select, Split, GetAZs, FindInMap, Base64, ImportValue, Length', () => {
    const { values } = outputs(`Mappings:
  M: { eu-west-1: { Ami: ami-123 } }
${HEAD}Outputs:
  join: { Value: !Join [",", [a, b, c]] }
  select: { Value: !Select [1, [x, y, z]] }
  split: { Value: !Select [1, !Split [":", "us-east-1a:vpce-1"]] }
  azs: { Value: !GetAZs "" }
  firstAz: { Value: !Select [0, !GetAZs { Ref: "AWS::Region" }] }
  map: { Value: !FindInMap [M, !Ref AWS::Region, Ami] }
  b64: { Value: !Base64 "hi" }
  imp: { Value: !ImportValue Shared-Vpc }
  len: { Value: { "Fn::Length": [1, 2, 3] } }
`);
    expect(values).toEqual({
      join: 'a,b,c',
      select: 'y',
      split: 'vpce-1',
      azs: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      firstAz: 'eu-west-1a',
      map: 'ami-123',
      b64: 'aGk=', // base64("hi")
      imp: 'imported:Shared-Vpc',
      len: 3,
    });
  });

  it('Conditions: Equals/And/Or/Not/Condition, Fn::If and AWS::NoValue', () => {
    const { values } = outputs(`Parameters:
  Env: { Type: String, Default: prod, AllowedValues: [dev, prod] }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, { Condition: IsProd }]
  Either: !Or [!Condition IsDev, !Equals [1, "1"]]
${HEAD}Outputs:
  a: { Value: !If [IsProd, big, small] }
  b: { Value: !If [IsDev, big, small] }
  c: { Value: !If [Both, yes, no] }
  d: { Value: !If [Either, yes, no] }
  e: { Value: [x, !If [IsDev, y, !Ref AWS::NoValue], z] }
  f: { Value: !If [IsDev, y, !Ref AWS::NoValue] }
`);
    // Equals compares as strings: 1 and "1" are equal.
    expect(values).toEqual({ a: 'big', b: 'small', c: 'yes', d: 'yes', e: ['x', 'z'], f: NO_VALUE });
  });

  it('Fn::Cidr inside Select, as templates write subnet CIDRs', () => {
    const { values } = outputs(`${HEAD}Outputs:
  s2: { Value: !Select [2, !Cidr ["10.0.0.0/16", 4, 8]] }
`);
    expect(values).toEqual({ s2: '10.0.2.0/24' });
  });
});

describe('multi-stack import/export', () => {
  it('Fn::ImportValue resolves against another loaded stack, else --import, else a placeholder warning', async () => {
    const { importCloudFormation } = await import('../../src/formats/cloudformation/index.js');
    const net = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.9.0.0/16 } }
Outputs:
  VpcId: { Value: !Ref Vpc, Export: { Name: !Sub "\${AWS::StackName}-VpcId" } }
`;
    const app = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Sub: { Type: AWS::EC2::Subnet, Properties: { VpcId: !ImportValue net-VpcId, CidrBlock: 10.9.1.0/24 } }
  Other: { Type: AWS::EC2::Subnet, Properties: { VpcId: !ImportValue Missing, CidrBlock: 10.9.2.0/24 } }
`;
    const r = importCloudFormation(
      [
        { path: 'stacks/net.yaml', text: net },
        { path: 'stacks/app.yaml', text: app },
      ],
      {},
    );
    expect(r.network.subnets.find((s) => s.id === 'Sub')?.vpc).toBe('Vpc'); // export Name "net-VpcId" from stack "net"
    expect(r.network.subnets.find((s) => s.id === 'Other')?.vpc).toBe('<import:Missing>');
    expect(r.diagnostics.filter((d) => d.code === 'IMPORT_VALUE_UNRESOLVED')).toHaveLength(1);
    const r2 = importCloudFormation([{ path: 'app.yaml', text: app }], {
      imports: { 'net-VpcId': 'vpc-0abc', Missing: 'vpc-1' },
    });
    expect(r2.network.subnets.map((s) => s.vpc)).toEqual(['vpc-0abc', 'vpc-1']);
  });

  it('logical IDs present in two stacks are prefixed with the stack name', () => {
    const t = (cidr: string) =>
      `Resources:\n  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: ${cidr} } }\n  Only${cidr.split('.')[1]}: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: ${cidr.replace('/16', '/24')} } }\n`;
    return import('../../src/formats/cloudformation/index.js').then(({ importCloudFormation }) => {
      const res = importCloudFormation(
        [
          { path: 'a/One.yaml', text: t('10.1.0.0/16') },
          { path: 'b/Two.json', text: t('10.2.0.0/16') },
        ],
        {},
      );
      expect(res.network.vpcs.map((v) => v.id)).toEqual(['One/Vpc', 'Two/Vpc']);
      expect(res.network.subnets.map((s) => [s.id, s.vpc])).toEqual([
        ['Only1', 'One/Vpc'],
        ['Only2', 'Two/Vpc'],
      ]);
    });
  });
});

describe('parameters', () => {
  it('Fn::GetAZs of another region uses the configured list (opts.azs)', () => {
    const r = imp(
      `Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  A: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [1, !GetAZs ap-northeast-1] } }
`,
      { azs: { 'ap-northeast-1': ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'] } },
    );
    // ap-northeast-1 has no "b" zone for new accounts: the configured list decides.
    expect(r.network.subnets[0]?.az).toBe('ap-northeast-1c');
  });

  it('a parameter without Default or --param gets a placeholder and a warning; AZ parameters get distinct AZs', () => {
    const r = imp(
      `Parameters:
  Az1: { Type: "AWS::EC2::AvailabilityZone::Name" }
  Az2: { Type: "AWS::EC2::AvailabilityZone::Name" }
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  A: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Ref Az1 } }
  B: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: !Ref Az2 } }
`,
      {
        region: 'ap-northeast-1',
        azs: { 'ap-northeast-1': ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'] },
      },
    );
    expect(r.network.subnets.map((s) => s.az)).toEqual(['ap-northeast-1a', 'ap-northeast-1c']);
    expect(r.diagnostics.filter((d) => d.code === 'PARAMETER_NO_VALUE')).toHaveLength(2);
  });

  it('the placeholder satisfies AllowedPattern when a documentation-range value does, else the first AllowedValue', () => {
    const r = imp(`Parameters:
  Src: { Type: String, AllowedPattern: '^(\\d{1,3}\\.){3}\\d{1,3}/32$' }
  Size: { Type: String, AllowedValues: [small, large] }
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: !Ref Size, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Src }] } }
`);
    // 192.0.2.10/32 (TEST-NET-1) matches the /32 pattern; Size takes its first allowed value.
    expect(r.network.securityGroups[0]?.inbound[0]?.peer).toEqual({ kind: 'cidr', cidr: '192.0.2.10/32' });
    expect(r.network.securityGroups[0]?.name).toBe('small');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
