/**
 * The native format written as JSON (YAML's flow style, what a program emits): recognised by the loader and read
 * by the same reader into the same network, with positions in the JSON text.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { importNative, isNative } from '../../src/formats/native/index.js';
import { readYaml } from '../../src/formats/native/yaml-source.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/s2-ingress-routing.yaml');

describe('native format as JSON', () => {
  const yaml = readFileSync(EXAMPLE, 'utf8');
  const json = JSON.stringify(readYaml(yaml, EXAMPLE).value, null, 2);

  it('is recognised by its first key', () => {
    expect(isNative(json)).toBe(true);
    expect(isNative('{"Resources": {}, "vpcsim": 1}')).toBe(false);
  });

  it('loads into the same network as the YAML it was written from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-native-json-'));
    const file = join(dir, 's2.json');
    writeFileSync(file, json);
    const fromJson = await loadInputs([file]);
    const fromYaml = importNative(yaml, EXAMPLE);
    expect(fromJson.diagnostics).toEqual([]);
    const strip = (v: unknown): unknown =>
      JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'span' || k === 'spans' ? undefined : x)));
    expect(strip(fromJson.network)).toEqual(strip(fromYaml.network));
  });

  // The unknown key `"colour"` starts at column 35 of line 4 (4 spaces, `"v": { "cidr": "10.0.0.0/16", `).
  it('reports a mistake at its line and column in the JSON text', () => {
    const bad =
      '{\n  "vpcsim": 1,\n  "vpcs": {\n    "v": { "cidr": "10.0.0.0/16", "colour": "blue" }\n  }\n}\n';
    const r = importNative(bad, 'bad.json');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'SCHEMA', span: { file: 'bad.json', line: 4, col: 35 } }),
    ]);
  });
});
