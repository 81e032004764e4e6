/**
 * Every registered importer passes the conformance suite (conformance.ts), and the registry holds exactly these.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudFormationImporter } from '../../src/formats/cloudformation/importer.js';
import { describeImporter } from '../../src/formats/describe/importer.js';
import { nativeImporter } from '../../src/formats/native/importer.js';
import { IMPORTERS } from '../../src/formats/registry.js';
import { terraformImporter } from '../../src/formats/terraform/importer.js';
import { EXTERNAL } from '../external-fixtures.js';
import { runImporterConformance } from './conformance.js';

const REPO = join(import.meta.dirname, '..', '..');
const NATIVE = join(REPO, 'examples/s1-nat-instance.yaml');
const CFN_YAML = join(REPO, 'test/fixtures/cloudformation/scenarios/s1-nat-instance.yaml');
const CFN_JSON = join(REPO, 'test/fixtures/cloudformation/cdk/VpcWithNat.json');
const TF_DIR = join(REPO, 'test/fixtures/terraform/scenarios/s1-nat-instance');
const TF_PLAN = join(REPO, 'test/fixtures/terraform/plan/plan.json');
const DESCRIBE = join(EXTERNAL, 'describe/batfish-test-subnet');
const DESCRIBE_NFW = join(REPO, 'test/describe/fixtures/s0-nfw');

const ALL = [NATIVE, CFN_YAML, CFN_JSON, TF_DIR, TF_PLAN, DESCRIBE];
const others = (...mine: string[]) => ALL.filter((p) => !mine.includes(p));

/** Write `text` as the file `name` in `dir`; the input is the file. */
const file =
  (name: string) =>
  (dir: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
/** Write `text` as the file `name` in a folder of `dir`; the input is the folder. */
const inFolder =
  (name: string) =>
  (dir: string, text: string): string => {
    const d = join(dir, 'input');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, name), text);
    return d;
  };

describe('the registry', () => {
  it('holds the four importers, native first (a `vpcsim:` file is never mistaken for CloudFormation)', () => {
    expect(IMPORTERS.map((i) => i.kind)).toEqual(['native', 'describe', 'terraform', 'cloudformation']);
  });
});

runImporterConformance({
  importer: nativeImporter,
  samples: [[NATIVE]],
  others: others(NATIVE),
  write: file('network.yaml'),
  unknownKind: {
    text: 'vpcsim: 1\nvpcs: {}\nunsupported:\n  tgw:\n    type: AWS::EC2::TransitGateway\n',
    resource: 'tgw',
    type: 'AWS::EC2::TransitGateway',
  },
});

runImporterConformance({
  importer: cloudFormationImporter,
  samples: [[CFN_YAML], [CFN_JSON]],
  others: others(CFN_YAML, CFN_JSON),
  write: file('template.yaml'),
  unknownKind: {
    text: 'Resources:\n  Tgw:\n    Type: AWS::EC2::TransitGatewayConnect\n',
    resource: 'Tgw',
    type: 'AWS::EC2::TransitGatewayConnect',
  },
});

runImporterConformance({
  importer: terraformImporter,
  samples: [[TF_DIR], [TF_PLAN]],
  others: others(TF_DIR, TF_PLAN),
  write: inFolder('main.tf'),
  unknownKind: {
    text: 'resource "aws_ec2_transit_gateway_connect" "tgw" {\n  description = "hub"\n}\n',
    resource: 'aws_ec2_transit_gateway_connect.tgw',
    type: 'aws_ec2_transit_gateway_connect',
  },
  runs: 15,
});

runImporterConformance({
  importer: describeImporter,
  samples: [[DESCRIBE], [DESCRIBE_NFW]],
  others: others(DESCRIBE),
  write: inFolder('Vpcs.json'),
  unknownKind: {
    text: '{ "LocalGateways": [ { "LocalGatewayId": "lgw-0abc" } ] }\n',
    resource: 'lgw-0abc',
    type: 'LocalGateways',
  },
});
