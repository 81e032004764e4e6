/**
 * Issue 12 defect: docs/cloudformation.md and the code disagreed on how AWS::StackName is derived from the file
 * name. A stack name (CloudFormation CreateStack) starts with a letter and holds only letters, digits and hyphens,
 * at most 128 characters; vpcsim makes the file name one, as the docs now say.
 */
import { describe, expect, it } from 'vitest';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      Tags: [{ Key: Name, Value: !Ref AWS::StackName }]
`;

const stackNames = (...paths: string[]): (string | undefined)[] =>
  importCloudFormation(
    paths.map((path) => ({ path, text: TEMPLATE })),
    {},
  ).network.vpcs.map((v) => v.name);

describe('AWS::StackName from the file name', () => {
  it('is the file name without its last extension', () => {
    expect(stackNames('infra/EgressVpc.yaml')).toEqual(['EgressVpc']);
    expect(stackNames('infra/egress-vpc.template.json')).toEqual(['egress-vpc-template']);
  });

  it('other characters become hyphens; a name not starting with a letter gets Stack- in front', () => {
    expect(stackNames('my stack_v2.yaml')).toEqual(['my-stack-v2']);
    expect(stackNames('01-network.yml')).toEqual(['Stack-01-network']);
  });

  it('two files with one name: the second stack is NAME-2', () => {
    expect(stackNames('a/net.yaml', 'b/net.yaml')).toEqual(['net', 'net-2']);
  });

  it('at most 120 characters, so that a -N suffix keeps it within the 128 CloudFormation allows', () => {
    const long = `${'a'.repeat(150)}.yaml`;
    expect(stackNames(long, long).map((n) => n?.length)).toEqual([120, 122]);
  });
});
