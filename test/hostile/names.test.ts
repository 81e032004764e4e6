/**
 * Issue 21 §4: names are looked up in tables that answer only for their own names. A plain object literal also
 * "has" `constructor`, `toString`, `__proto__` … through its prototype, so `--protocol constructor` used to trace a
 * flow whose protocol printed as "function Object() …". Each surface that takes a name from a user is checked with
 * the prototype's names.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFlow, TraceError } from '../../src/analysis/trace.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { loadInputs } from '../../src/formats/load.js';
import { nameTable, own } from '../../src/model/name-table.js';
import { ICMP_TYPES, protocolNumber } from '../../src/model/protocol.js';
import { doc, net } from '../helpers.js';
import { writeTree } from '../terraform/helpers.js';

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.code}@${d.span?.line ?? 0}`);

describe('name tables', () => {
  it('a name table has only its own names', () => {
    const t = nameTable({ tcp: 6 });
    expect(t['tcp']).toBe(6);
    for (const n of PROTOTYPE_NAMES) {
      expect(t[n]).toBeUndefined();
      expect(own({ a: 1 }, n)).toBeUndefined();
    }
  });

  it.each(PROTOTYPE_NAMES)('protocol and ICMP type "%s" are unknown', (n) => {
    expect(protocolNumber(n)).toBeUndefined();
    expect(ICMP_TYPES[n]).toBeUndefined();
  });

  it('a trace with protocol "constructor" is refused (the CLI and POST /api/trace trace through here)', () => {
    const n = net(
      doc(
        `cidr: 10.0.0.0/16\nsubnets:\n  a: { cidr: 10.0.0.0/24, az: us-east-1a }\ninstances:\n  i: { subnet: a, ip: 10.0.0.5 }`,
      ),
    );
    for (const p of PROTOTYPE_NAMES) {
      const t = () => traceFlow(n, { from: 'i', to: '10.0.0.9', protocol: p });
      expect(t).toThrow(TraceError);
      expect(t).toThrow(`unknown protocol "${p}"`);
    }
  });

  it('every importer refuses a protocol named "constructor" where it would accept "tcp"', async () => {
    const dir = writeTree({
      'cfn.yaml': `Resources:
  V: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  S:
    Type: AWS::EC2::SecurityGroup
    Properties:
      VpcId: !Ref V
      GroupDescription: x
      SecurityGroupIngress: [{ IpProtocol: constructor, FromPort: 1, ToPort: 1, CidrIp: 0.0.0.0/0 }]
`,
      'tf/main.tf': `resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_security_group" "s" {
  vpc_id = aws_vpc.v.id
  ingress {
    protocol    = "constructor"
    from_port   = 1
    to_port     = 1
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
      'describe/vpcs.json': JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] }),
      'describe/sgs.json': JSON.stringify({
        SecurityGroups: [
          {
            GroupId: 'sg-1',
            VpcId: 'vpc-1',
            IpPermissions: [
              { IpProtocol: 'constructor', FromPort: 1, ToPort: 1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            ],
            IpPermissionsEgress: [],
          },
        ],
      }),
      'native.yaml': doc(`cidr: 10.0.0.0/16
subnets:
  a: { cidr: 10.0.0.0/24, az: us-east-1a }
securityGroups:
  sg:
    inbound: [constructor 1 from 0.0.0.0/0]
instances:
  i:
    subnet: a
    ip: 10.0.0.5
    securityGroups: [sg]
    os: |
      iptables -A FORWARD -p constructor -j ACCEPT
      iptables -A FORWARD -p tcp --dport toString -j ACCEPT`),
    });
    const cfn = await loadInputs([join(dir, 'cfn.yaml')]);
    expect(codes(cfn.diagnostics)).toContain('SG_RULE_UNREADABLE@8');
    expect(cfn.network.securityGroups[0]?.inbound).toEqual([]);
    const tf = await loadInputs([join(dir, 'tf')]);
    expect(codes(tf.diagnostics)).toContain('TF_INVALID_PROTOCOL@4');
    const ds = await loadInputs([join(dir, 'describe')]);
    expect(ds.diagnostics.map((d) => d.code)).toContain('DESCRIBE_UNKNOWN_PROTOCOL');
    expect(ds.network.securityGroups[0]?.inbound).toEqual([]);
    const nat = await loadInputs([join(dir, 'native.yaml')]);
    // doc() puts the VPC body under line 4: sg's inbound is line 10, `os: |` line 16, its two lines 17 and 18.
    expect(codes(nat.diagnostics)).toEqual([
      'SG_RULE_SYNTAX@10',
      'IPTABLES_SYNTAX@17',
      'IPTABLES_BAD_PORT@18',
    ]);
  });
});
