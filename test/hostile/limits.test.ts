/**
 * Issue 21 §2, §3 and §7: explicit limits, each breach reported with its own code at file:line:col, and the rest of
 * the input still read. Every case is a small input that used to make vpcsim work without bound (or crash).
 * Positions are counted by hand from the texts below.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { loadInputs } from '../../src/formats/load.js';
import { writeTree } from '../terraform/helpers.js';

const at = (d: Diagnostic) => [d.code, d.span?.line, d.span?.col];
const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');

describe('CloudFormation', () => {
  it('a YAML alias bomb stops at the alias expansion limit; the resources are still read', async () => {
    // Each anchor is ten aliases of the one before: *i would be 10^9 scalars (506 bytes of text).
    const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const meta = levels
      .map((l, k) =>
        k === 0
          ? `  a: &a ["x","x","x","x","x","x","x","x","x","x"]`
          : `  ${l}: &${l} [${Array.from({ length: 10 }, () => `*${levels[k - 1] ?? ''}`).join(',')}]`,
      )
      .join('\n');
    const dir = writeTree({
      'bomb.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${meta}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n`,
    });
    const r = await loadInputs([join(dir, 'bomb.yaml')]);
    // Nodes made by following aliases: each *a in b is 1 + 10 (b: 110); each *b in c is 1 + 10 × (1 + 11) = 121
    // (c: 1,210; 1,320 so far); each *c in d is 1 + 10 × (1 + 121) = 1,221. The 10,001st node is made while
    // following the 8th *c of line 6 (`  d: &d [` is 9 columns, 3 per alias: column 10 + 7 × 3 = 31).
    expect(errors(r.diagnostics).map(at)).toEqual([['YAML_ALIAS_EXPANSION_LIMIT', 6, 31]]);
    expect(r.network.vpcs.map((v) => v.cidrs)).toEqual([['10.0.0.0/16']]);
  });

  it('JSON nested deeper than the limit is INPUT_NESTING_TOO_DEEP at the bracket that opens level 101', async () => {
    const dir = writeTree({
      't.json': `{\n"AWSTemplateFormatVersion": "2010-09-09",\n"Metadata": ${'['.repeat(5000)}${']'.repeat(5000)},\n"Resources": {}\n}\n`,
    });
    const r = await loadInputs([join(dir, 't.json')]);
    // `{` of line 1 is level 1; line 3 `"Metadata": ` is 12 columns, so level 101 (the 100th `[`) is column 112.
    expect(r.diagnostics.map(at)).toEqual([['INPUT_NESTING_TOO_DEEP', 3, 112]]);
  });

  it('YAML nested deeper than the limit is INPUT_NESTING_TOO_DEEP, not a syntax error', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n');
    const dir = writeTree({
      't.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${lines} 1\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n`,
    });
    const r = await loadInputs([join(dir, 't.yaml')]);
    // Root map (1), Metadata's map (2), k0's map (3) … k98's map is level 101: it starts at line 3 + 99, column 102.
    expect(errors(r.diagnostics).map(at)).toEqual([['INPUT_NESTING_TOO_DEEP', 102, 102]]);
    expect(r.network.vpcs).toHaveLength(1);
  });

  it("AWS's quotas: more than 500 resources and more than 1,000,000 bytes are errors; the template is still read", async () => {
    const res = Array.from(
      { length: 501 },
      (_, i) => `  Vpc${i}:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16`,
    ).join('\n');
    const padding = 'x'.repeat(1_000_000);
    const dir = writeTree({
      'big.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  Pad: ${padding}\nResources:\n${res}\n`,
    });
    const r = await loadInputs([join(dir, 'big.yaml')]);
    expect(errors(r.diagnostics).map(at)).toEqual([
      ['CFN_TEMPLATE_TOO_LARGE', 1, 1],
      ['CFN_TOO_MANY_RESOURCES', 4, 1],
    ]);
    expect(r.diagnostics.find((d) => d.code === 'CFN_TOO_MANY_RESOURCES')?.message).toMatch(
      /Number of resources, 501, is greater than maximum allowed, 500/,
    );
    expect(r.network.vpcs).toHaveLength(501);
  });
});

describe('Terraform', () => {
  it('count beyond the per-block limit is TF_EXPANSION_LIMIT at the count; other resources are still read', async () => {
    const dir = writeTree({
      'main.tf': `resource "aws_vpc" "many" {\n  count      = 1000000000\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_vpc" "one" {\n  cidr_block = "10.1.0.0/16"\n}\n`,
    });
    const r = await loadInputs([dir]);
    expect(errors(r.diagnostics).map(at)).toEqual([['TF_EXPANSION_LIMIT', 2, 3]]);
    expect(r.network.vpcs.map((v) => v.id)).toEqual(['aws_vpc.one']);
  });

  it('for_each and count together are held to the total limit (20,000 instances)', async () => {
    const dir = writeTree({
      'main.tf': [
        'resource "null_resource" "a" {\n  count = 10000\n}',
        'resource "null_resource" "b" {\n  for_each = toset([for i in range(1000) : tostring(i)])\n}',
        'resource "null_resource" "c" {\n  count = 9000\n}',
        'resource "null_resource" "d" {\n  count = 1\n}',
      ].join('\n'),
    });
    const r = await loadInputs([dir]);
    // a, b and c make exactly 20,000; d's one more is over (line 10 is d's `count`).
    expect(errors(r.diagnostics).map(at)).toEqual([['TF_EXPANSION_LIMIT', 11, 3]]);
  });

  it('nested for expressions stop at the evaluation limit', async () => {
    const dir = writeTree({
      'main.tf': `locals {\n  big = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]\n}\nresource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  tags       = { n = length(local.big) }\n}\n`,
    });
    const r = await loadInputs([dir]);
    expect(errors(r.diagnostics).map((d) => d.code)).toContain('TF_EVALUATION_LIMIT');
    expect(r.network.vpcs).toHaveLength(1);
  });

  it('functions that would build huge values are TF_VALUE_TOO_LARGE; chunklist(…, 0) and a backtracking regex end', async () => {
    const dir = writeTree({
      'main.tf': [
        'resource "aws_vpc" "a" {',
        '  cidr_block = "10.0.0.0/16"',
        '  tags = {',
        '    f = format("%999999999d", 1)',
        '    g = length(chunklist([1, 2], 0))',
        '    r = regex("^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")',
        '    j = join("", [for i in range(1000) : replace("x", "x", format("%10000d", i))])',
        '  }',
        '}',
      ].join('\n'),
    });
    const r = await loadInputs([dir]);
    const codes = errors(r.diagnostics).map((d) => d.code);
    expect(codes).toContain('TF_VALUE_TOO_LARGE');
    expect(codes).not.toContain('IMPORTER_INTERNAL_ERROR');
  });

  it('file() outside the configuration is refused without reading it; inside, a FIFO is refused too', async () => {
    const dir = writeTree({
      'main.tf': [
        'resource "aws_vpc" "a" {',
        '  cidr_block = file("/etc/passwd")',
        '}',
        'resource "aws_vpc" "b" {',
        '  cidr_block = file("/dev/zero")',
        '}',
        'resource "aws_vpc" "c" {',
        '  cidr_block = file("${path.module}/escape")',
        '}',
        'resource "aws_vpc" "d" {',
        '  cidr_block = file("${path.module}/pipe")',
        '}',
        'resource "aws_vpc" "e" {',
        '  cidr_block = trimspace(file("${path.module}/cidr.txt"))',
        '}',
      ].join('\n'),
      'cidr.txt': '10.9.0.0/16\n',
    });
    symlinkSync('/etc/hostname', join(dir, 'escape')); // inside by name, outside once resolved
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const r = await loadInputs([dir]);
    const fileDiags = r.diagnostics.filter((d) => d.code !== 'TF_VALUE_UNKNOWN').map(at);
    expect(fileDiags).toEqual([
      ['TF_FILE_OUTSIDE_CONFIGURATION', 2, 3],
      ['TF_FILE_OUTSIDE_CONFIGURATION', 5, 3],
      ['TF_FILE_OUTSIDE_CONFIGURATION', 8, 3],
      ['INPUT_NOT_A_FILE', 11, 3],
    ]);
    // Nothing of an outside file is ever shown.
    expect(r.diagnostics.map((d) => d.message).join('\n')).not.toMatch(/root:/);
    expect(r.network.vpcs.find((v) => v.id === 'aws_vpc.e')?.cidrs).toEqual(['10.9.0.0/16']);
  });
});

describe('any input', () => {
  it('a FIFO or a device given as input is INPUT_NOT_A_FILE at once (it would block or never end)', async () => {
    const dir = writeTree({});
    execFileSync('mkfifo', [join(dir, 'x.yaml')]);
    const r = await loadInputs([join(dir, 'x.yaml'), '/dev/zero']);
    expect(r.diagnostics.map((d) => [d.code, d.span?.file])).toEqual([
      ['INPUT_NOT_A_FILE', join(dir, 'x.yaml')],
      ['INPUT_NOT_A_FILE', '/dev/zero'],
    ]);
  });

  it('native YAML nested deeper than the limit is INPUT_NESTING_TOO_DEEP', async () => {
    const dir = writeTree({ 'n.yaml': `vpcsim: 1\nvpcs: ${'['.repeat(2000)}${']'.repeat(2000)}\n` });
    const r = await loadInputs([join(dir, 'n.yaml')]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['INPUT_NESTING_TOO_DEEP']);
    expect(r.diagnostics[0]?.span?.line).toBe(2);
  });

  it('native YAML: deep compact sequences are refused before the YAML parser reads them (native:45146)', async () => {
    // Fuzz session13-million native:45146: 2,286 lines of `- - - …` 108 levels deep (518 KB) after a valid start;
    // the yaml package took 1.9 s of CPU to read them and reported three syntax errors before the nesting one.
    const deep = `${'- '.repeat(108)}1\n`;
    const dir = writeTree({ 'n.yaml': `vpcsim: 1\nvpcs: {}\n${deep.repeat(2286)}` });
    const r = await loadInputs([join(dir, 'n.yaml')]);
    // The root mapping is level 1, so level 101 is the 100th dash of line 3: column 1 + 2 × 99. Nothing else: the
    // parser's syntax errors about the lines (a sequence as an implicit key) are gone with the parse.
    expect(r.diagnostics.map(at)).toEqual([['INPUT_NESTING_TOO_DEEP', 3, 199]]);
  });

  it('native YAML: a __proto__ key is an unknown key, and no prototype changes', async () => {
    const dir = writeTree({
      'p.yaml': 'vpcsim: 1\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    __proto__: { polluted: yes }\n',
    });
    const r = await loadInputs([join(dir, 'p.yaml')]);
    expect(r.diagnostics.map(at)).toEqual([['SCHEMA', 5, 5]]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('describe-* and plan JSON nested too deep are INPUT_NESTING_TOO_DEEP, the other files still read', async () => {
    const deep = `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Tags": ${'['.repeat(3000)}${']'.repeat(3000)}}]}`;
    const dir = writeTree({
      'aws_configs/Vpcs.json': deep,
      'aws_configs/Subnets.json': JSON.stringify({
        Subnets: [
          { SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-east-1a' },
        ],
      }),
    });
    const r = await loadInputs([join(dir, 'aws_configs')]);
    // `{"Vpcs": [{` is three levels (columns 1, 10, 11); the brackets after `"Tags": ` start at column 66, the
    // k-th being level 3 + k at column 65 + k: level 101 is k = 98, column 163.
    expect(r.diagnostics.filter((d) => d.code === 'INPUT_NESTING_TOO_DEEP').map(at)).toEqual([
      ['INPUT_NESTING_TOO_DEEP', 1, 163],
    ]);
    expect(r.diagnostics.map((d) => d.code)).not.toContain('IMPORTER_INTERNAL_ERROR');
    expect(r.network.subnets.map((s) => s.id)).toEqual(['subnet-1']);
    const plan = writeTree({
      'plan.json': `{"format_version": "1.2", "planned_values": {"root_module": {"resources": ${'['.repeat(3000)}${']'.repeat(3000)}}}}`,
    });
    const p = await loadInputs([join(plan, 'plan.json')]);
    expect(p.diagnostics.map((d) => d.code)).toEqual(['INPUT_NESTING_TOO_DEEP']);
  });
});

// Fuzz session12-clean native:43406: `<<: *a` with no anchor `&a` in a variant's patch came out of the native
// reader as the alias node itself ({source: "a"}), and the schema error about it had no position. An alias now
// stands for the node its anchor names in both YAML readers, and one that names none is an error where it is.
describe('YAML aliases', () => {
  it("native: an alias is its anchor's value; one with no anchor is YAML_SYNTAX at the alias", async () => {
    const ok = writeTree({
      'n.yaml': 'vpcsim: 1\nvpcs:\n  a:\n    cidr: &cidr 10.0.0.0/16\n  b:\n    cidr: *cidr\n',
    });
    const good = await loadInputs([join(ok, 'n.yaml')]);
    expect(errors(good.diagnostics)).toEqual([]);
    expect(good.network.vpcs.map((v) => v.cidrs)).toEqual([['10.0.0.0/16'], ['10.0.0.0/16']]);
    const bad = writeTree({ 'n.yaml': 'vpcsim: 1\nvpcs:\n  vpc:\n    cidr: *cidr\n' });
    const r = await loadInputs([join(bad, 'n.yaml')]);
    // `    cidr: ` is 10 columns: the alias starts at column 11 of line 4.
    expect(errors(r.diagnostics).map(at)).toEqual([['YAML_SYNTAX', 4, 11]]);
    expect(errors(r.diagnostics)[0]?.message).toBe('alias *cidr names no anchor &cidr defined before it');
  });

  it('native: an alias bomb stops at the alias expansion limit', async () => {
    const levels = ['a', 'b', 'c', 'd', 'e'];
    const meta = levels
      .map((l, k) =>
        k === 0
          ? `x-a: &a [1,1,1,1,1,1,1,1,1,1]`
          : `x-${l}: &${l} [${Array.from({ length: 10 }, () => `*${levels[k - 1] ?? ''}`).join(',')}]`,
      )
      .join('\n');
    const dir = writeTree({ 'n.yaml': `vpcsim: 1\n${meta}\n` });
    const r = await loadInputs([join(dir, 'n.yaml')]);
    // As for CloudFormation above: b adds 110 nodes, c 1,210, and the 10,001st is made following the 8th *c of
    // line 5 (`x-d: &d [` is 9 columns, 3 per alias: column 10 + 7 × 3 = 31).
    expect(errors(r.diagnostics).map(at)).toEqual([['YAML_ALIAS_EXPANSION_LIMIT', 5, 31]]);
  });

  it('CloudFormation: an alias with no anchor is TEMPLATE_SYNTAX at the alias', async () => {
    const dir = writeTree({
      't.yaml':
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: *cidr\n',
    });
    const r = await loadInputs([join(dir, 't.yaml')]);
    // `      CidrBlock: ` is 17 columns: the alias is at column 18 of line 6.
    expect(errors(r.diagnostics).map(at)).toContainEqual(['TEMPLATE_SYNTAX', 6, 18]);
  });
});
