/**
 * Issue 12 defect: a multi-line quoted scalar whose continuation lines (and closing quote) sit at the key's own
 * indentation — a JSON policy written inline as `PolicyDocument: '{` … `}'` — is accepted, as CloudFormation's
 * YAML parser (SnakeYAML) and the CloudFormation tool chain (PyYAML) accept it; positions stay those of the file.
 * The value is derived from YAML flow-scalar folding: each line break and the next line's leading white space fold
 * into one space.
 */
import { describe, expect, it } from 'vitest';
import { readYamlTemplate } from '../../src/formats/cloudformation/read.js';
import { child, scalarText } from '../../src/formats/cloudformation/node.js';
import { at, codes, errors, imp } from './helpers.js';

const POLICY = `Resources:
  Role:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: '{
        "Version": "2012-10-17",
        "Statement": []
      }'
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Ref Nowhere
`;

describe('multi-line quoted scalars at the key indentation (CloudFormation accepts them)', () => {
  it('single-quoted JSON policy closing at the key indentation: read, value folded as YAML folds it', () => {
    const r = readYamlTemplate(POLICY, 't.yaml');
    expect(r.diagnostics).toEqual([]);
    const doc = child(child(child(child(r.root, 'Resources'), 'Role'), 'Properties'), 'PolicyDocument');
    expect(scalarText(doc)).toBe('{ "Version": "2012-10-17", "Statement": [] }');
    expect(doc?.pos).toEqual({ line: 5, col: 23 });
  });

  it('the rest of the template imports, and later positions are those of the file', () => {
    const r = imp(POLICY);
    expect(r.network.vpcs.map((v) => v.id)).toEqual(['Vpc']);
    // The unresolved !Ref is reported where it is written: line 17, column 18.
    const bad = errors(r).find((d) => d.code === 'REF_TO_MISSING' || d.message.includes('Nowhere'));
    expect(at(bad)).toBe('t.yaml:17:18');
  });

  it('double-quoted, with a continuation line indented less than the key', () => {
    const r = readYamlTemplate(
      'Resources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: "a\n  b\n      c"\n',
      't.yaml',
    );
    expect(r.diagnostics).toEqual([]);
    expect(scalarText(child(child(child(child(r.root, 'Resources'), 'P'), 'Properties'), 'Value'))).toBe(
      'a b c',
    );
  });

  it('a quote that never closes is still a syntax error at its position', () => {
    const r = imp(
      "Resources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: 'a\n      b\n",
    );
    expect(codes(r, 'error')).toContain('TEMPLATE_SYNTAX');
    // The text has 7 lines (the last one empty, where the input ends).
    for (const d of errors(r)) expect(d.span?.line).toBeLessThanOrEqual(7);
  });
});
