/**
 * JSON Merge Patch (RFC 7386) over values read from YAML, keeping source spans: a variant of a network is the base
 * document with the variant's `patch` merged in. Objects merge key by key; `null` deletes a key; anything else
 * (arrays included) replaces. The result shares untouched subtrees with the base; new objects get spans from the
 * base and the patch (a key the patch sets is found where the patch wrote it, any other where the base did), so
 * diagnostics about a variant point at the line that changed.
 */
import type { Span } from '../../diag/diagnostic.js';
import type { BlockInfo, NodeSpans, SpanIndex, SpanLookup } from '../yaml/spans.js';

/** A YAML mapping: a plain object. A `!!binary` value is a Uint8Array, an object too, but a value to replace with,
 * not a mapping to merge key by key (merged, its bytes became keys "0", "1", … of an object with no position:
 * fuzz session13-million native:122399). */
function isObj(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Spans of a merged object: the patch's for the keys it sets, the base's otherwise. */
class MergedSpans implements NodeSpans {
  readonly self: Span;
  readonly keys: SpanLookup<Span>;
  readonly values: SpanLookup<Span>;
  readonly blocks: SpanLookup<BlockInfo>;
  constructor(patch: Record<string, unknown>, ps: NodeSpans | undefined, bs: NodeSpans | undefined) {
    this.self = ps?.self ?? bs?.self ?? { file: '', line: 0, col: 0 };
    const sets = (k: string): boolean => Object.hasOwn(patch, k) && patch[k] !== null;
    const pick = <T>(f: (s: NodeSpans) => SpanLookup<T>): SpanLookup<T> => ({
      get: (k) => (sets(k) && ps ? f(ps).get(k) : undefined) ?? (bs ? f(bs).get(k) : undefined),
    });
    this.keys = pick((s) => s.keys);
    this.values = pick((s) => s.values);
    this.blocks = pick((s) => s.blocks);
  }
}

/** `mergePatch({a:{b:1,c:2}}, {a:{b:null,d:3}})` → `{a:{c:2,d:3}}`. */
export function mergePatch(target: unknown, patch: unknown, spans: SpanIndex): unknown {
  if (!isObj(patch)) return patch;
  const base = isObj(target) ? target : {};
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      Reflect.deleteProperty(out, k);
      continue;
    }
    out[k] = mergePatch(base[k], v, spans);
  }
  spans.set(out, new MergedSpans(patch, spans.get(patch), spans.get(base)));
  return out;
}
