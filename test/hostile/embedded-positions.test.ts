/**
 * Issue 21, found by the long fuzz run of session 6 (cfn-json, seed session6-long2, input 304; minimised in
 * test/fuzz/regressions/cfn-json-63ecfa37c7.json): a script written as a quoted string with `\n` escapes on one
 * line was positioned as if its lines were lines of the file — SYSCTL_UNKNOWN_KEY at line 3 of a one-line file.
 * Only a block scalar holds its text line for line (formats/cloudformation/embedded-text.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { loadInputs } from '../../src/formats/load.js';
import { writeTree } from '../terraform/helpers.js';

const at = (ds: readonly Diagnostic[], code: string) =>
  ds.filter((d) => d.code === code).map((d) => [d.span?.line, d.span?.col]);

const template = (userData: string) => `Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24 }
  Nat:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123456789abcdef0
      SubnetId: !Ref Subnet
      UserData:
${userData}
`;

describe('positions of text embedded in a CloudFormation template', () => {
  it('a block scalar: each script line at its own line of the file', async () => {
    const dir = writeTree({
      't.yaml': template(`        Fn::Base64: |
          #!/bin/bash
          sysctl -w net.ipv4.ip_forward=1
          sysctl -w net.ipv4.bogus_key=1`),
    });
    const r = await loadInputs([`${dir}/t.yaml`], {});
    // Line 15 of the file, the script's third line, the key at column 21 (10 columns of indentation).
    expect(at(r.diagnostics, 'SYSCTL_UNKNOWN_KEY')).toEqual([[15, 21]]);
  });

  it('a quoted string with \\n escapes: every line at the start of the string, inside the file', async () => {
    const dir = writeTree({
      't.yaml': template(
        `        Fn::Base64: "#!/bin/bash\\nsysctl -w net.ipv4.ip_forward=1\\nsysctl -w net.ipv4.bogus_key=1"`,
      ),
    });
    const r = await loadInputs([`${dir}/t.yaml`], {});
    // Before: line 14 of a 12-line file.
    expect(at(r.diagnostics, 'SYSCTL_UNKNOWN_KEY')).toEqual([[12, 21]]);
  });

  // Fuzz finding cfn-yaml:29 of seed prof (session 7): a plain scalar folds its lines into one line of text, so
  // a column in that text is no column of the file (was column 70 of a 22-character line).
  it('a plain multi-line scalar: its folded text is placed at the scalar, never past the end of a line', async () => {
    const dir = writeTree({
      't.yaml': template(`        ip_forward=1
          sysctl -w net.ipv4.bogus_key=1`),
    });
    const r = await loadInputs([`${dir}/t.yaml`], {});
    // The text is "ip_forward=1 sysctl -w net.ipv4.bogus_key=1"; the scalar starts at line 12, column 9.
    expect(at(r.diagnostics, 'SYSCTL_UNKNOWN_KEY')).toEqual([[12, 9]]);
  });

  it('base64 text: decoded lines are not in the file, so they are placed at the literal', async () => {
    const script = Buffer.from('#!/bin/bash\nsysctl -w net.ipv4.bogus_key=1\n').toString('base64');
    const dir = writeTree({ 't.yaml': template(`        ${script}`) });
    const r = await loadInputs([`${dir}/t.yaml`], {});
    expect(at(r.diagnostics, 'SYSCTL_UNKNOWN_KEY')).toEqual([[12, 9]]);
  });
});

// Fuzz long run session8-million, native:5306 (regressions/native-438f95dd05.json): a native NACL rule continued on a
// more-indented line is one plain scalar that YAML folds into one line of text; the syntax error in its second part
// was placed at that text's column on the scalar's first line — beyond the line's end.
describe('positions inside a native rule string', () => {
  const doc = (rules: string) => `vpcsim: 1
vpcs:
  vpc:
    cidr: 10.0.0.0/16
    networkAcls:
      public-acl:
        inbound:
${rules}
`;
  it('folded from two lines: at the rule string start, never past the end of its first line', async () => {
    const dir = writeTree({
      'n.yaml': doc(
        '          - 100 allow tcp 443 from 0.0.0.0/0\n            - 110 allow tcp 80 from 0.0.0.0/0',
      ),
    });
    const r = await loadInputs([`${dir}/n.yaml`], {});
    // "100 allow tcp 443 from 0.0.0.0/0 - 110 allow tcp 80 from 0.0.0.0/0": the fault ("-", column 35 of the
    // folded text) lies beyond the 44-character first line, so the error is at the string's start, line 8 column 13.
    expect(at(r.diagnostics, 'NACL_RULE_SYNTAX')).toEqual([[8, 13]]);
  });
});

// Fuzz long run session8-million, tf-plan:5859 (regressions/tf-plan-a8f0a62cb6.json): user_data that is not a
// heredoc — a plan JSON value, a quoted HCL string with \n escapes — was placed as if its script started on the line
// after the attribute (OS_SCRIPT_LINES_IGNORED at line 2 of a one-line plan file). Only a heredoc or a templated
// file holds the script line for line; anything else is placed at the attribute.
describe('positions of a Terraform user_data script', () => {
  const script = 'sysctl -w net.ipv4.ip_forward=1\\necho configured';
  it('a quoted string in a .tf file: at the user_data line', async () => {
    const dir = writeTree({
      'main.tf': `resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_subnet" "s" {\n  vpc_id     = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n}\nresource "aws_instance" "nat" {\n  ami           = "ami-1"\n  instance_type = "t3.micro"\n  subnet_id     = aws_subnet.s.id\n  user_data     = "${script}"\n}\n`,
    });
    const r = await loadInputs([dir], {});
    expect(at(r.diagnostics, 'OS_SCRIPT_LINES_IGNORED').map(([line]) => line)).toEqual([12]);
  });
  // The plan JSON case is regressions/tf-plan-a8f0a62cb6.json (test/fuzz/regressions.test.ts).
});

// Fuzz long run session10-million, native:23007: `os: routeTables:|` (a key pasted before the block indicator) makes
// the whole script one plain scalar, folded into one line of text; IPTABLES_SYNTAX was placed at column 122 of a
// 31-character line. In the native format too only a block scalar holds its text line for line.
describe('positions of text embedded in a native vpcsim file', () => {
  const network = (os: string) => `vpcsim: 1
region: ap-northeast-1
vpcs:
  v:
    cidr: 10.0.0.0/16
    subnets:
      a: { cidr: 10.0.1.0/24, az: ap-northeast-1a }
    instances:
      nat:
        subnet: a
${os}
`;
  const script = `          sudo /sbin/iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j SNAT --to-source 10.0.1.9
          sudo /sbin/iptables -t nat -A PREROUTING --bogus-option 1 -j ACCEPT`;

  it('a block scalar: the error at its own line and column', async () => {
    const dir = writeTree({ 'n.yaml': network(`        os: |\n${script}`) });
    const r = await loadInputs([`${dir}/n.yaml`], {});
    // Line 13, the script's second line; the rule starts at column 11 (10 columns of indentation).
    expect(at(r.diagnostics, 'IPTABLES_UNSUPPORTED_OPTION')).toEqual([[13, 11]]);
  });

  it('a plain multi-line scalar: placed at the scalar, never past the end of its line', async () => {
    const dir = writeTree({ 'n.yaml': network(`        os: routeTables:|\n${script}`) });
    const r = await loadInputs([`${dir}/n.yaml`], {});
    // One line of text "routeTables:| sudo /sbin/iptables … sudo /sbin/iptables …": the second sudo and what follows
    // are errors of the first rule. Line 11 is `        os: routeTables:|` (25 characters), the scalar starts at
    // column 13; before, the errors were at columns 100-140 of line 11.
    expect(at(r.diagnostics, 'IPTABLES_SYNTAX')).toEqual([
      [11, 13],
      [11, 13],
      [11, 13],
      [11, 13],
    ]);
  });
});
