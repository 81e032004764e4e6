/**
 * A variant's patch is a JSON Merge Patch over the YAML document (merge-patch.ts). A `!!binary` scalar reads as a
 * Uint8Array — an object, but not a mapping: it replaces, it is not merged key by key. Merged, its bytes became
 * the keys "0", "1", … of a new object that had no position, and the schema error about it named the file ''
 * (fuzz session13-million native:122399, the S6 example with `!!binary` written before an address in a patch).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importNative } from './index.js';

describe('variant patches', () => {
  it('a !!binary value replaces: its schema error is placed at the patch, in the file', () => {
    const file = join(import.meta.dirname, '../../../examples/s6-load-balancers.yaml');
    const text = readFileSync(file, 'utf8').replace(
      'nodes: { pub-a: 10.70.0.60 }',
      'nodes: { pub-a: !!binary 10.70.0.60 }',
    );
    const line = text.split('\n').findIndex((l) => l.includes('!!binary')) + 1;
    expect(line).toBeGreaterThan(1);
    const r = importNative(text, file);
    const v = r.variants.find((x) => x.name === 'invalid-two-subnets-one-az');
    const schema = (v?.diagnostics ?? []).filter((d) => d.code === 'SCHEMA');
    expect(schema.length).toBeGreaterThan(0);
    for (const d of schema) expect([d.span?.file, d.span?.line]).toEqual([file, line]);
  });
});
