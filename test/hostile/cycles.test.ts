/**
 * Issue 21 §3: every CloudFormation cycle — through Fn::GetAtt as well as Ref, Sub and DependsOn, of one resource on
 * itself or around several — is a positioned CIRCULAR_DEPENDENCY ("Template format error: Circular dependency
 * between resources"), and nothing else of the template is lost. A cycle of 20,000 dependencies is found without
 * exhausting the stack.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { checkTemplate } from '../../src/formats/cloudformation/checks.js';
import { readTemplate } from '../../src/formats/cloudformation/read.js';
import { splitTemplate } from '../../src/formats/cloudformation/template.js';
import { loadInputs } from '../../src/formats/load.js';
import { writeTree } from '../terraform/helpers.js';

const OTHER = '  Other:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.9.0.0/16\n';

async function load(resources: string) {
  const dir = writeTree({
    't.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resources}${OTHER}`,
  });
  return loadInputs([join(dir, 't.yaml')]);
}
const errorsAt = (r: Awaited<ReturnType<typeof load>>) =>
  r.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => [d.code, d.span?.line, d.span?.col, d.message]);

describe('CloudFormation cycles', () => {
  it('a resource reading its own attribute (VpcId: !GetAtt Sg.VpcId on Sg)', async () => {
    const r = await load(
      '  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      VpcId: !GetAtt Sg.VpcId\n',
    );
    expect(errorsAt(r)).toEqual([
      ['CIRCULAR_DEPENDENCY', 3, 3, 'Template format error: Circular dependency between resources: [Sg]'],
    ]);
    expect(r.network.vpcs.map((v) => v.id)).toEqual(['Other']);
    expect(r.network.securityGroups.map((g) => g.id)).toContain('Sg');
  });

  it('two resources reading each other’s attributes', async () => {
    const sg = (name: string, other: string) =>
      `  ${name}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      VpcId: !GetAtt ${other}.VpcId\n`;
    const r = await load(sg('A', 'B') + sg('B', 'A'));
    expect(errorsAt(r)).toEqual([
      ['CIRCULAR_DEPENDENCY', 3, 3, 'Template format error: Circular dependency between resources: [A, B]'],
    ]);
    expect(r.network.vpcs.map((v) => v.id)).toEqual(['Other']);
  });

  it('self Ref and self Sub', async () => {
    const r = await load(
      '  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Ref V\n  W:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Sub "${W}"\n',
    );
    expect(errorsAt(r).map((e) => e.slice(0, 3))).toEqual([
      ['CIRCULAR_DEPENDENCY', 3, 3],
      ['CIRCULAR_DEPENDENCY', 7, 3],
    ]);
    expect(r.network.vpcs.map((v) => v.id)).toContain('Other');
  });

  it('attributes computed from the resource itself (an instance’s AZ, an EIP’s address)', async () => {
    const r = await load(
      '  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      SubnetId: !GetAtt I.AvailabilityZone\n  E:\n    Type: AWS::EC2::EIP\n    Properties:\n      Domain: !Ref E\n',
    );
    expect(errorsAt(r).map((e) => e.slice(0, 3))).toEqual([
      ['CIRCULAR_DEPENDENCY', 3, 3],
      ['CIRCULAR_DEPENDENCY', 7, 3],
    ]);
  });

  it('a chain of 20,000 DependsOn is checked (no recursion on its length)', () => {
    const n = 20_000;
    const resources = Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        `R${i}`,
        { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' }, DependsOn: `R${(i + 1) % n}` },
      ]),
    );
    // The last resource closes the chain into one cycle of 20,000.
    const read = readTemplate(
      JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }),
      't.json',
    );
    const diags: Diagnostic[] = [];
    const t = read.root && splitTemplate(read.root, 't.json', diags);
    expect(t).toBeDefined();
    if (t) checkTemplate(t, diags);
    expect(diags.map((d) => d.code)).toEqual(['CIRCULAR_DEPENDENCY']);
  });
});
