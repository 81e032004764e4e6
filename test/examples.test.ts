/**
 * The bundled examples are the acceptance tests of scenarios.md: every expectation and validation case written in
 * examples/*.yaml (verdict, explanation code, hops, translated addresses) becomes one test here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importNative } from '../src/formats/native/index.js';
import { runTests } from '../src/analysis/run-tests.js';

const dir = join(import.meta.dirname, '..', 'examples');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe.each(files)('examples/%s', (file) => {
  const path = join('examples', file);
  const r = importNative(readFileSync(join(dir, file), 'utf8'), path);
  it('reads without diagnostics', () => {
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
  it('has expectations', () => {
    expect(r.expectations.length + r.variants.length).toBeGreaterThan(0);
  });
  for (const suite of runTests(r, path)) {
    describe(suite.title, () => {
      for (const o of suite.outcomes) {
        it(o.name, () => {
          expect(o.failures).toEqual([]);
        });
      }
    });
  }
});

describe('the five scenarios are all bundled', () => {
  it.each([
    's0-firewall-natgw.yaml',
    's1-nat-instance.yaml',
    's2-ingress-routing.yaml',
    's3-client-vpn.yaml',
    's4-two-way-nat-peering.yaml',
  ])('%s', (f) => {
    expect(files).toContain(f);
  });
});
