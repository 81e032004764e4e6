/**
 * Endpoint resolution is done once per distinct endpoint and compiled network (issue 19) and must give the same
 * answer as resolving afresh; a failure is not kept (the message is rebuilt, nothing grows for bad names).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importNative } from '../formats/native/index.js';
import { compileNetwork } from '../dataplane/compile.js';
import { resolveEndpoint } from './endpoints.js';

function s2() {
  const file = join(import.meta.dirname, '..', '..', 'examples', 's2-ingress-routing.yaml');
  return compileNetwork(importNative(readFileSync(file, 'utf8'), file).network).compiled;
}

describe('resolveEndpoint memo', () => {
  it('returns the same resolution for the same name, and a fresh network resolves it alike', () => {
    const c = s2();
    const first = resolveEndpoint(c, 'app');
    expect(first.ok && first.value.kind).toBe('instance');
    expect(resolveEndpoint(c, 'app')).toBe(first);
    expect(resolveEndpoint(s2(), 'app')).toEqual(first);
    expect(resolveEndpoint(c, '203.0.113.50')).toEqual({
      ok: true,
      value: { kind: 'internet', addr: 0xcb007132, label: '203.0.113.50', unresolvedEip: undefined },
    });
  });

  it('keeps no failure', () => {
    const c = s2();
    const bad = resolveEndpoint(c, 'no-such-host');
    expect(bad.ok).toBe(false);
    expect((c.memo.get('endpoints') as Map<string, unknown>).has('no-such-host')).toBe(false);
  });
});
