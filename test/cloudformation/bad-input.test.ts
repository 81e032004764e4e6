import { describe, expect, it } from 'vitest';
import { isCloudFormation } from '../../src/formats/cloudformation/index.js';
import { at, errors, imp } from './helpers.js';

// Every error class of issue 6 "Bad input": a diagnostic at file:line:col, never a throw.
describe('bad input', () => {
  it('invalid YAML: TEMPLATE_SYNTAX at the offending line', () => {
    const r = imp('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Vpc: { Type: AWS::EC2::VPC\n');
    const e = errors(r);
    expect(e[0]?.code).toBe('TEMPLATE_SYNTAX');
    expect(e[0]?.span?.file).toBe('t.yaml');
    expect(e[0]?.span?.line).toBeGreaterThanOrEqual(3);
    expect(r.network.vpcs).toEqual([]);
  });

  it('invalid JSON: TEMPLATE_SYNTAX with a position', () => {
    const r = imp('{\n  "Resources": {\n    "Vpc": { "Type": "AWS::EC2::VPC", }\n  ', {}, 't.json');
    expect(errors(r)[0]?.code).toBe('TEMPLATE_SYNTAX');
    expect(errors(r)[0]?.span?.file).toBe('t.json');
  });

  // Both were read without a word (the section) or a warning (the resource key) although CloudFormation refuses the
  // template: "Template validation error: Invalid template property or properties [X]" and "Template format error:
  // Invalid template resource property 'X'" (a property written beside Properties). With a Transform declared, a
  // macro may consume sections and keys of its own (SAM's Globals): then only a warning, and no resource-key check.
  it('an unknown top-level section or resource key: errors in CloudFormation words, the rest read', () => {
    const r = imp(`Resourcez:
  A: { Type: AWS::EC2::VPC }
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    CidrBlock: 10.9.0.0/16
    DeletionPolicy: Retain
    Properties:
      CidrBlock: 10.0.0.0/16
`);
    expect(errors(r).map((d) => [d.code, at(d), d.message])).toEqual([
      [
        'TEMPLATE_UNKNOWN_SECTION',
        't.yaml:1:1',
        'Template validation error: Invalid template property or properties [Resourcez] (ignored by vpcsim; CloudFormation refuses the template)',
      ],
      [
        'TEMPLATE_FORMAT',
        't.yaml:6:5',
        "Template format error: Invalid template resource property 'CidrBlock' (a resource's properties belong under Properties; vpcsim ignores it)",
      ],
    ]);
    expect(r.network.vpcs.map((v) => v.cidrs)).toEqual([['10.0.0.0/16']]);
    const sam = imp(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function: { Timeout: 3 }
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
`);
    expect(
      sam.diagnostics.filter((d) => d.code === 'TEMPLATE_UNKNOWN_SECTION').map((d) => d.severity),
    ).toEqual(['warning']);
  });

  it('duplicate keys are a syntax error (AWS: not well-formed)', () => {
    const r = imp('Resources:\n  A: { Type: AWS::EC2::VPC }\n  A: { Type: AWS::EC2::VPC }\n');
    expect(errors(r).map((d) => d.code)).toContain('TEMPLATE_SYNTAX');
  });

  it('unknown intrinsic, short and long form', () => {
    const r = imp(`Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Frobnicate [a]
      Tags: [{ Key: Name, Value: { "Fn::Nope": x } }]
`);
    const e = errors(r).filter((d) => d.code === 'UNKNOWN_INTRINSIC');
    expect(e.map(at)).toEqual(['t.yaml:5:18', 't.yaml:6:34']);
    expect(e[0]?.message).toContain('!Frobnicate');
  });

  it('wrong arity: Select with one argument, If with two, Join without a list', () => {
    const r = imp(`Conditions:
  C: !Equals [a, a]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Select [0]
      InstanceTenancy: !If [C, a]
      Tags: [{ Key: Name, Value: !Join [","] }]
`);
    const e = errors(r).filter((d) => d.code === 'INTRINSIC_ARITY');
    expect(e.map(at)).toEqual(['t.yaml:7:18', 't.yaml:8:24', 't.yaml:9:34']);
  });

  it('Ref / GetAtt / Sub naming a missing resource or parameter', () => {
    const r = imp(`Resources:
  Sub:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref NoSuchVpc
      CidrBlock: !GetAtt Nothing.CidrBlock
      AvailabilityZone: !Sub "\${Missing}a"
`);
    const e = errors(r).filter((d) => d.code === 'REF_TO_MISSING');
    expect(e.map(at)).toEqual(['t.yaml:5:14', 't.yaml:6:18', 't.yaml:7:25']);
    expect(e[0]?.message).toContain('Unresolved resource dependencies [NoSuchVpc]');
  });

  it('circular dependencies between resources, reported once with the cycle', () => {
    const r = imp(`Resources:
  A:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: !GetAtt B.GroupId, VpcId: v }
  B:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: !Ref A, VpcId: v }
  C:
    Type: AWS::EC2::SecurityGroup
    DependsOn: C
    Properties: { GroupDescription: c, VpcId: v }
`);
    const e = errors(r).filter((d) => d.code === 'CIRCULAR_DEPENDENCY');
    expect(e.map((d) => d.message)).toEqual([
      'Template format error: Circular dependency between resources: [A, B]',
      'Template format error: Circular dependency between resources: [C]',
    ]);
    expect(at(e[0])).toBe('t.yaml:2:3');
  });

  it('circular conditions', () => {
    const r = imp(`Conditions:
  X: !Not [!Condition Y]
  Y: !Not [!Condition X]
Resources:
  Vpc: { Type: AWS::EC2::VPC, Condition: X, Properties: { CidrBlock: 10.0.0.0/16 } }
`);
    expect(errors(r).map((d) => d.code)).toContain('CIRCULAR_CONDITION');
  });

  it('a condition that is not defined (resource Condition, Fn::If, !Condition)', () => {
    const r = imp(`Conditions:
  Real: !Equals [a, a]
  Uses: !Not [!Condition Ghost]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Condition: Phantom
    Properties: { CidrBlock: !If [Spectre, 10.0.0.0/16, 10.1.0.0/16] }
`);
    const e = errors(r).filter((d) => d.code === 'UNDEFINED_CONDITION');
    expect(e.map(at).sort()).toEqual(['t.yaml:3:15', 't.yaml:7:16', 't.yaml:8:35'].sort());
  });

  it('a parameter value outside AllowedValues (default or --param)', () => {
    const text = `Parameters:
  Env:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
`;
    expect(errors(imp(text))).toEqual([]);
    const r = imp(text, { params: { Env: 'qa' } });
    const e = errors(r);
    expect(e.map((d) => d.code)).toEqual(['PARAMETER_NOT_ALLOWED']);
    expect(at(e[0])).toBe('t.yaml:2:3');
    expect(e[0]?.message).toContain("Parameter 'Env' must be one of AllowedValues");
  });

  it('AllowedPattern and Number are checked on given values', () => {
    const r = imp(
      `Parameters:
  Cidr: { Type: String, AllowedPattern: "\\\\d+\\\\.\\\\d+\\\\.\\\\d+\\\\.\\\\d+/\\\\d+" }
  Count: { Type: Number, Default: three }
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: !Ref Cidr } }
`,
      { params: { Cidr: 'ten/8' } },
    );
    expect(errors(r).map((d) => d.code)).toEqual(['PARAMETER_NOT_ALLOWED', 'PARAMETER_NOT_ALLOWED']);
  });

  it('evaluation errors in a property the network needs: FindInMap key, Select out of range, Fn::Cidr that does not fit', () => {
    const r = imp(`Mappings:
  M: { a: { b: c } }
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: !FindInMap [M, a, zz] } }
  S1: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: !Select [5, [a, b]] } }
  S2: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [10.0.0.0/24, 9, 5]] } }
`);
    const e = errors(r);
    expect(e.map((d) => [d.code, at(d)])).toEqual([
      ['FIND_IN_MAP_MISSING', 't.yaml:4:56'],
      ['SELECT_OUT_OF_RANGE', 't.yaml:5:75'],
      ['CIDR_INVALID', 't.yaml:6:87'],
    ]);
  });

  it('a resource without Type and a template without Resources', () => {
    expect(errors(imp('Resources:\n  A: { Properties: {} }\n')).map((d) => [d.code, at(d)])).toEqual([
      ['TEMPLATE_FORMAT', 't.yaml:2:3'],
    ]);
    expect(
      errors(imp('AWSTemplateFormatVersion: "2010-09-09"\nDescription: x\n')).map((d) => d.code),
    ).toEqual(['TEMPLATE_FORMAT']);
    expect(errors(imp('- just\n- a list\n')).map((d) => d.code)).toEqual(['TEMPLATE_FORMAT']);
  });

  it('nothing in a template is executed: Lambda code and UserData are data', () => {
    const r = imp(`Resources:
  F:
    Type: AWS::Lambda::Function
    Properties: { Code: { ZipFile: "import os; os.system('touch /tmp/vpcsim-pwned')" } }
`);
    expect(r.network.unsupported.map((u) => u.type)).toEqual(['AWS::Lambda::Function']);
  });
});

describe('isCloudFormation', () => {
  it('recognises templates by content, not by name', () => {
    expect(isCloudFormation('AWSTemplateFormatVersion: "2010-09-09"\n', 'x.txt')).toBe(true);
    expect(isCloudFormation('{"Resources":{"V":{"Type":"AWS::EC2::VPC"}}}', 'x.json')).toBe(true);
    expect(isCloudFormation('Resources:\n  V:\n    Type: Custom::Thing\n', 'x.yaml')).toBe(true);
    expect(isCloudFormation('vpcs:\n  - name: a\n    cidr: 10.0.0.0/16\n', 'net.yaml')).toBe(false);
    expect(isCloudFormation('{"format_version":"1.2","planned_values":{}}', 'plan.json')).toBe(false);
  });
});

// A property name the resource type does not have was ignored without a word, although CloudFormation refuses the
// resource ("Properties validation failed for resource R with message: #: extraneous key [K] is not permitted"): a
// rule's `CidrIP` left the rule without a source, `EnableDnsHostname` left DNS hostnames off. Names come from AWS's
// resource specification (src/formats/cloudformation/spec-properties.generated.ts). Checked by hand: each name below
// is absent from the type's documentation page, and the suggested one is the nearest by edit distance.
describe('property names the type does not have (PROPERTY_UNKNOWN)', () => {
  const template = `Conditions:
  Never: !Equals [a, b]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      EnableDnsHostname: true
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIP: 0.0.0.0/0
        - !If [Never, { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIpv4: 10.0.0.0/8 }, !Ref AWS::NoValue]
  Rules:
    Type: AWS::NetworkFirewall::RuleGroup
    Properties:
      RuleGroupName: r
      Type: STATEFUL
      Capacity: 10
      RuleGroup:
        RuleVariables:
          IPSets:
            HOME_NET: { Definitions: [10.0.0.0/16] }
        RulesSource: { RulesString: 'pass tcp any any -> any 443 (sid:1;)' }
`;
  it('an error at each unknown key, nested ones with their path, the nearest known name suggested', () => {
    const r = imp(template);
    const found = r.diagnostics.filter((d) => d.code === 'PROPERTY_UNKNOWN');
    expect(found.map((d) => [d.severity, at(d)])).toEqual([
      ['error', 't.yaml:8:7'],
      ['error', 't.yaml:18:11'],
      ['error', 't.yaml:19:68'],
      ['error', 't.yaml:29:25'],
    ]);
    const msg = found.map((d) => d.message.replace(/ \(vpcsim ignores.*$/, ''));
    expect(msg).toEqual([
      'Vpc: AWS::EC2::VPC has no property EnableDnsHostname. Did you mean EnableDnsHostnames? CloudFormation would say: Properties validation failed for resource Vpc with message: #: extraneous key [EnableDnsHostname] is not permitted',
      'Web: AWS::EC2::SecurityGroup has no property CidrIP in SecurityGroupIngress. Did you mean CidrIp? CloudFormation would say: Properties validation failed for resource Web with message: #: extraneous key [CidrIP] is not permitted',
      'Web: AWS::EC2::SecurityGroup has no property CidrIpv4 in SecurityGroupIngress. Did you mean CidrIpv6? CloudFormation would say: Properties validation failed for resource Web with message: #: extraneous key [CidrIpv4] is not permitted',
      'Rules: AWS::NetworkFirewall::RuleGroup has no property Definitions in RuleGroup.RuleVariables.IPSets.HOME_NET. Did you mean Definition? CloudFormation would say: Properties validation failed for resource Rules with message: #: extraneous key [Definitions] is not permitted',
    ]);
    // The rest is read: the VPC and both resources exist.
    expect(r.network.vpcs.map((v) => v.cidrs)).toEqual([['10.0.0.0/16']]);
  });

  it('not checked when a Transform is declared (a macro may rewrite properties)', () => {
    const r = imp(`Transform: MyMacro\n${template}`);
    expect(r.diagnostics.filter((d) => d.code === 'PROPERTY_UNKNOWN')).toEqual([]);
  });
});
