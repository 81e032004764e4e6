/**
 * Issue 21 §1: the Terraform parser cannot be poisoned. The HCL parser (Go compiled to WebAssembly) runs in a worker
 * thread that is replaced after a crash or a time-out, and nesting is checked before the parser sees a file, so a
 * hostile configuration never breaks a later load in the same process.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { hclNestingOffset, LIMITS } from '../../src/formats/limits.js';
import { HclParser } from '../../src/formats/terraform/hcl-parser.js';
import { writeTree } from '../terraform/helpers.js';

const root = join(import.meta.dirname, '..', '..');
const S1 = join(root, 'test', 'fixtures', 'terraform', 'scenarios', 's1-nat-instance');
/** `locals { x = {a={a=…1}…} }` with `n` nested objects (Go's parser recurses once per level). */
const nestedObjects = (n: number) => `locals {\n x = ${'{a='.repeat(n)}1${'}'.repeat(n)}\n}\n`;

describe('HclParser (worker thread)', () => {
  it('a parse that overflows the parser does not break the next one', async () => {
    const parser = new HclParser();
    try {
      // 20,000 levels overflow the parser's stack inside the worker whatever its size.
      const bad = await parser.parse('bad.tf', nestedObjects(20_000));
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.kind).toBe('failed');
      const good = await parser.parse('good.tf', 'locals {\n y = 1\n}\n');
      expect(good).toEqual({ ok: true, json: { locals: [{ y: 1 }] } });
    } finally {
      await parser.close();
    }
  });

  it('a syntax error is an answer, not a failure, and keeps the worker', async () => {
    const parser = new HclParser();
    try {
      const r = await parser.parse('bad.tf', 'locals {\n x = \n}\n');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.kind).toBe('syntax');
        expect(r.message).toMatch(/bad\.tf:\d+,\d+/);
      }
      expect((await parser.parse('good.tf', 'locals {\n y = 2\n}\n')).ok).toBe(true);
    } finally {
      await parser.close();
    }
  });

  it('a parse with no answer in time is stopped and reported, never awaited for ever', async () => {
    const parser = new HclParser(0.001); // 1 ms: less than the worker needs to start
    try {
      const r = await parser.parse('slow.tf', 'locals {\n y = 1\n}\n');
      expect(r).toEqual({ ok: false, kind: 'failed', message: 'no answer within 0.001 s' });
    } finally {
      await parser.close();
    }
  });
});

describe('loading Terraform after a poisoning input, in the same process', () => {
  it('deep nesting is INPUT_NESTING_TOO_DEEP at the level over the limit; a good configuration then loads', async () => {
    const bad = writeTree({ 'main.tf': nestedObjects(3000) });
    const r1 = await loadInputs([bad]);
    // `locals {` is level 1; the k-th `{a=` of line 2 (` x = ` is 5 columns, 3 columns per level) is level k + 1
    // and starts at column 6 + 3(k − 1): level 101 is k = 100, column 303.
    expect(r1.diagnostics.map((d) => [d.code, d.span?.line, d.span?.col])).toEqual([
      ['INPUT_NESTING_TOO_DEEP', 2, 303],
    ]);
    const r2 = await loadInputs([S1]);
    expect(r2.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r2.network.vpcs.map((v) => v.id)).toEqual(['aws_vpc.main']);
  });

  it('a unary operator chain (no brackets) is caught the same way', async () => {
    const bad = writeTree({ 'main.tf': `locals {\n x = ${'!'.repeat(5000)}true\n}\n` });
    const r1 = await loadInputs([bad]);
    expect(r1.diagnostics.map((d) => d.code)).toEqual(['INPUT_NESTING_TOO_DEEP']);
    const r2 = await loadInputs([S1]);
    expect(r2.network.vpcs).toHaveLength(1);
  });

  it('a var file is checked the same way', async () => {
    const dir = writeTree({
      'main.tf': 'variable "x" {\n default = 1\n}\n',
      'terraform.tfvars': `x = ${'['.repeat(500)}1${']'.repeat(500)}\n`,
    });
    const r = await loadInputs([dir]);
    expect(r.diagnostics.map((d) => [d.code, d.span?.file])).toEqual([
      ['INPUT_NESTING_TOO_DEEP', join(dir, 'terraform.tfvars')],
    ]);
  });
});

describe('hclNestingOffset', () => {
  const deepest = (text: string) => {
    for (let k = 0; k < 50; k++) if (hclNestingOffset(text, k) === undefined) return k;
    return Infinity;
  };
  it('counts brackets, strings and template sequences, not what strings and comments contain', () => {
    expect(deepest('a = 1')).toBe(0);
    expect(deepest('a = [1, [2]]')).toBe(2);
    expect(deepest('a = "x"')).toBe(1);
    expect(deepest('a = "${f(1)}"')).toBe(3); // string, ${, (
    expect(deepest('a = "[[[[ {{{{ (((("')).toBe(1);
    expect(deepest('a = "$${[[[[[" # [[[[[\n// ((((\n/* {{{{ */ b = 1')).toBe(1);
    expect(deepest('a = <<EOT\n[[[[ ${x} ((((\nEOT\nb = [1]')).toBe(2); // heredoc, ${
  });
  it('counts the operators the parser recurses on without brackets', () => {
    expect(deepest('a = !!!true')).toBe(3);
    expect(deepest('a = - - -1')).toBe(3);
    expect(deepest('a = x ? 1 : y ? 2 : 3')).toBe(2);
    expect(deepest('a = x[*].y[*].z')).toBe(3); // two splats, then the bracket of the second
    expect(deepest('a = 1 - 2 - 3')).toBe(0); // binary minus is a loop in the parser, not a level
  });
  it('each attribute of a block starts again (operators are counted per line inside braces)', () => {
    const many = Array.from({ length: 300 }, (_, i) => `  a${i} = x ? 1 : 2`).join('\n');
    expect(hclNestingOffset(`locals {\n${many}\n}\n`)).toBeUndefined();
  });
  it('the limit is the documented one', () => {
    expect(LIMITS.nestingDepth).toBe(100);
  });
});
