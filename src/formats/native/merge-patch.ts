/**
 * JSON Merge Patch (RFC 7386) over values read from YAML, keeping source spans: a variant of a network is the base
 * document with the variant's `patch` merged in. Objects merge key by key; `null` deletes a key; anything else
 * (arrays included) replaces. The result shares untouched subtrees with the base; new objects get spans from the
 * base and the patch, so diagnostics about a variant point at the line that changed.
 */
import type { NodeSpans, SpanIndex } from './yaml-source.js';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `mergePatch({a:{b:1,c:2}}, {a:{b:null,d:3}})` → `{a:{c:2,d:3}}`. */
export function mergePatch(target: unknown, patch: unknown, spans: SpanIndex): unknown {
  if (!isObj(patch)) return patch;
  const base = isObj(target) ? target : {};
  const out: Record<string, unknown> = { ...base };
  const bs = spans.get(base);
  const ps = spans.get(patch);
  const merged: NodeSpans = {
    self: ps?.self ?? bs?.self ?? { file: '', line: 0, col: 0 },
    keys: new Map(bs?.keys),
    values: new Map(bs?.values),
    blocks: new Map(bs?.blocks),
  };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      Reflect.deleteProperty(out, k);
      continue;
    }
    out[k] = mergePatch(base[k], v, spans);
    const ks = ps?.keys.get(k);
    if (ks) merged.keys.set(k, ks);
    const vs = ps?.values.get(k);
    if (vs) merged.values.set(k, vs);
    const bl = ps?.blocks.get(k);
    if (bl) merged.blocks.set(k, bl);
  }
  spans.set(out, merged);
  return out;
}
