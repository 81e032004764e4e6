/**
 * Differences between what a new YAML reader returns and what the oracle (`yaml-oracle.ts`) returns for the same
 * text: the value (deep, `Object.is` on scalars), the diagnostics, and for every object and array its own span and
 * the span of each key, of each value and the block details of each scalar, looked up through the public API.
 */
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import type { NodeSpans, SpanIndex } from '../../src/formats/yaml/spans.js';
import { readYamlOracle, type OracleSpans } from './yaml-oracle.js';

export interface ReadLike {
  readonly value: unknown;
  readonly spans: SpanIndex;
  readonly diagnostics?: readonly Diagnostic[];
}

/** Compare `got` with the oracle's reading of `text`; returns the first differences found (empty when equal). */
export function differences(text: string, file: string, got: ReadLike, limit = 5): string[] {
  const want = readYamlOracle(text, file);
  const out: string[] = [];
  const say = (s: string): void => {
    if (out.length < limit) out.push(s);
  };
  if (got.diagnostics !== undefined) {
    const a = JSON.stringify(got.diagnostics);
    const b = JSON.stringify(want.diagnostics);
    if (a !== b) say(`diagnostics: got ${a}, want ${b}`);
  }
  if (want.diagnostics.length > 0) return out;
  const walk = (g: unknown, w: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (typeof w !== 'object' || w === null) {
      if (!Object.is(g, w))
        say(`${path}: value ${JSON.stringify(g)} (${typeof g}), want ${JSON.stringify(w)} (${typeof w})`);
      return;
    }
    if (typeof g !== 'object' || g === null || Array.isArray(g) !== Array.isArray(w)) {
      say(`${path}: got ${JSON.stringify(g)}, want a ${Array.isArray(w) ? 'sequence' : 'mapping'}`);
      return;
    }
    if (Object.getPrototypeOf(g) !== Object.getPrototypeOf(w)) say(`${path}: prototypes differ`);
    const gk = Object.keys(g);
    const wk = Object.keys(w);
    if (JSON.stringify(gk) !== JSON.stringify(wk))
      say(`${path}: keys ${JSON.stringify(gk)}, want ${JSON.stringify(wk)}`);
    compareSpans(got.spans.get(g), want.spans.get(w), w, path, say);
    for (const k of wk)
      walk((g as Record<string, unknown>)[k], (w as Record<string, unknown>)[k], `${path}.${k}`);
  };
  walk(got.value, want.value, '$');
  return out;
}

function compareSpans(
  g: NodeSpans | undefined,
  w: OracleSpans | undefined,
  obj: object,
  path: string,
  say: (s: string) => void,
): void {
  if (!w) {
    if (g) say(`${path}: has spans, the oracle none`);
    return;
  }
  if (!g) {
    say(`${path}: no spans`);
    return;
  }
  const eq = (a: unknown, b: unknown, what: string): void => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    if (x !== y) say(`${path}: ${what} ${x}, want ${y}`);
  };
  eq(g.self, w.self, 'self');
  const names = new Set([...Object.keys(obj), ...w.keys.keys(), ...w.values.keys(), ...w.blocks.keys()]);
  for (const k of names) {
    eq(g.keys.get(k), w.keys.get(k), `key span of ${k}`);
    eq(g.values.get(k), w.values.get(k), `value span of ${k}`);
    eq(g.blocks.get(k), w.blocks.get(k), `block info of ${k}`);
  }
}
