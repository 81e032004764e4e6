import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonTemplate } from '../../src/formats/cloudformation/json-read.js';
import { readYamlTemplate } from '../../src/formats/cloudformation/read.js';
import { EXTERNAL } from '../external-fixtures.js';

// Differential: the fast JSON reader and the YAML parser must give the same positioned tree for JSON templates.
const FILES = [
  join(EXTERNAL, 'cloudformation/vpc-managed-nat/VPC_With_Managed_NAT_And_Private_Subnet.json'),
  join(import.meta.dirname, '../fixtures/cloudformation/cdk/VpcWithNat.json'),
  join(import.meta.dirname, '../fixtures/cloudformation/cdk/NfwBeforeNat.json'),
  join(import.meta.dirname, '../fixtures/cloudformation/cdk/NatInstance.json'),
];

describe('readJsonTemplate', () => {
  it.each(FILES)('agrees with the YAML parser on %s', (file) => {
    const text = readFileSync(file, 'utf8');
    const fast = readJsonTemplate(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(readYamlTemplate(text, file).root);
  });

  it('escapes, numbers, literals, nesting and positions', () => {
    const t = '{\n  "A": ["x\\n\\u0041", -1.5e2, true, false, null],\n  "B": {"Ref": "C"}\n}';
    expect(readJsonTemplate(t)).toEqual(readYamlTemplate(t, 'x.json').root);
  });

  it('returns undefined for anything that is not strict JSON (the YAML parser then reports it)', () => {
    for (const bad of [
      '{"a": 1,}',
      '{"a": 1} x',
      '{"a": "b',
      "{'a': 1}",
      '{"a": 1, "a": 2}',
      '{"a": 01}',
      '{"a": [1 2]}',
    ]) {
      expect(readJsonTemplate(bad)).toBeUndefined();
    }
  });
});
