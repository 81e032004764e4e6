import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeJsonSchema } from './json-schema.js';

describe('schema/vpcsim.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'schema', 'vpcsim.schema.json'),
      'utf8',
    );
    expect(committed).toBe(nativeJsonSchema());
  });
  it('describes the top-level keys', () => {
    const s = JSON.parse(nativeJsonSchema()) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(s.properties)).toEqual(
      expect.arrayContaining(['vpcsim', 'vpcs', 'expect', 'variants', 'firewallPolicies']),
    );
    expect(s.required).toContain('vpcs');
  });
});
