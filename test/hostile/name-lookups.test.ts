/**
 * Issue 21 item 4, the audit of the remaining lookups keyed by names from the input: each site that looked a name
 * up on a plain object (which also "has" `constructor`, `toString` … through its prototype) now reads own entries
 * only, and an unknown name is an error or a named warning — never an internal error, never silently accepted.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { resolveAddress, resolvePort } from '../../src/dataplane/firewall/resolve.js';
import { loadInputs } from '../../src/formats/load.js';
import { writeTree } from '../terraform/helpers.js';

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.code}@${d.span?.line ?? 0}`);

describe('lookups of names from the input', () => {
  it('Suricata variables $constructor / $toString are undefined variables (dataplane/firewall/resolve.ts)', () => {
    const problems: string[] = [];
    const scope = { ip: { HOME_NET: ['10.0.0.0/16'] }, port: {} };
    const a = resolveAddress({ kind: 'var', name: 'constructor' }, scope, (m) => problems.push(m));
    const p = resolvePort({ kind: 'var', name: 'toString' }, scope, (m) => problems.push(m));
    expect(a.isEmpty).toBe(true);
    expect(p.isEmpty).toBe(true);
    // Before: `def.map is not a function`, an internal error of the whole trace.
    expect(problems).toEqual([
      'variable $constructor is not defined (IP sets of the rule group or the policy)',
      'port variable $toString is not defined (port sets of the rule group)',
    ]);
  });

  it('CloudFormation !GetAZs with a region named "constructor" is that region’s placeholder AZs (context.ts)', async () => {
    const dir = writeTree({
      'cfn.yaml': `Resources:
  V: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  S:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref V
      CidrBlock: 10.0.1.0/24
      AvailabilityZone: !Select [0, !GetAZs constructor]
`,
    });
    const r = await loadInputs([`${dir}/cfn.yaml`], {});
    // Before: IMPORTER_INTERNAL_ERROR and the whole template dropped.
    expect(codes(r.diagnostics)).toEqual([]);
    expect(r.network.subnets.map((s) => [s.id, s.az])).toEqual([['S', 'constructora']]);
  });

  it('Terraform resource types named like prototype properties are unsupported, not silently dropped (map-resources.ts)', async () => {
    const dir = writeTree({
      'main.tf': `resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "constructor" "x" {
  a = 1
}
resource "toString" "y" {
  a = 1
}
`,
    });
    const r = await loadInputs([dir], {});
    const unsupported = r.diagnostics.filter((d) => d.code === 'UNSUPPORTED_RESOURCE_TYPE');
    expect(unsupported.map((d) => d.message.split(':')[0])).toEqual(['constructor', 'toString']);
    expect(unsupported.map((d) => d.span?.line)).toEqual([4, 7]);
  });

  it('Terraform templatefile: ${constructor} is an unknown name, not Object (module-eval.ts)', async () => {
    const dir = writeTree({
      't.tpl': '${constructor}',
      'main.tf': `resource "aws_vpc" "v" {
  cidr_block = templatefile("\${path.module}/t.tpl", { a = "10.0.0.0/16" })
}
`,
    });
    const r = await loadInputs([dir], {});
    // Before: no error at all — the value was taken for one known only after apply.
    const unknown = r.diagnostics.find((d) => d.code === 'TF_UNKNOWN_REFERENCE');
    expect(unknown?.message).toContain('unknown name "constructor"');
    expect(unknown?.span?.line).toBe(2);
  });

  it('Terraform: a provider region named "constructor" gets placeholder AZs (module-eval.ts)', async () => {
    const dir = writeTree({
      'main.tf': `provider "aws" {
  region = "constructor"
}
data "aws_availability_zones" "az" {}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "s" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = data.aws_availability_zones.az.names[0]
}
`,
    });
    const r = await loadInputs([dir], { azs: { 'us-east-1': ['use1-x'] } });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]);
    expect(r.network.subnets.map((s) => s.az)).toEqual(['constructora']);
  });
});
