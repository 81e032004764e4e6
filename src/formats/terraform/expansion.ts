/**
 * How a Terraform resource or module block repeats: once, `count` (a list of instances `[i]`) or `for_each` (a map of
 * instances `["key"]`), each instance with the `count` / `each` it sees. Expansion is paid for against the input
 * limits (LIMITS.expansionPerBlock / expansionTotal, TF_EXPANSION_LIMIT); a count or for_each known only after apply
 * models no instance and says so (TF_COUNT_UNKNOWN, TF_FOR_EACH_UNKNOWN).
 */
import { warning } from '../../diag/diagnostic.js';
import type { BlockDef } from './hcl-load.js';
import type { InstCtx } from './evaluator.js';
import type { ModuleInst } from './module-instance.js';
import { EvalError, isObj, isUnknown, toStr, Unknown, type TfValue } from './value.js';

/** How a block with `count` / `for_each` repeats: one instance, a list, or a map of them. */
export interface Expansion {
  readonly shape: 'one' | 'list' | 'map';
  /** Address suffix (`[0]`, `["a"]`), key, and the `count` / `each` the instance sees. */
  readonly items: readonly { readonly suffix: string; readonly key: string; readonly ctx: InstCtx }[];
}

/** How `b` repeats (`count`, `for_each`, or once); Unknown when that depends on a value known only after apply. */
export function expansionOf(m: ModuleInst, b: BlockDef, base: string): Expansion | Unknown {
  if ('count' in b.body) {
    const span = m.spanOfBlock(b, 'count');
    const c = m.evalRaw(b.body['count'] ?? null, m.scopeBase, span, `${base}.count`);
    if (isUnknown(c)) {
      m.ev.report(
        warning(
          'TF_COUNT_UNKNOWN',
          `${base}: count depends on a value known only after apply (${c.desc}); no instances are modelled`,
          span,
        ),
      );
      return c;
    }
    const n = typeof c === 'number' ? c : Number(toStr(c));
    if (!Number.isInteger(n) || n < 0)
      throw new EvalError(`${base}: count must be a whole number, got ${JSON.stringify(c)}`);
    if (!m.expandOrReport(n, base, `count = ${n}`, span)) return { shape: 'list', items: [] };
    return {
      shape: 'list',
      items: Array.from({ length: n }, (_, i) => ({
        suffix: `[${i}]`,
        key: String(i),
        ctx: { count: { index: i } },
      })),
    };
  }
  if ('for_each' in b.body) {
    const span = m.spanOfBlock(b, 'for_each');
    const fe = m.evalRaw(b.body['for_each'] ?? null, m.scopeBase, span, `${base}.for_each`);
    if (isUnknown(fe)) {
      m.ev.report(
        warning(
          'TF_FOR_EACH_UNKNOWN',
          `${base}: for_each depends on a value known only after apply (${fe.desc}); no instances are modelled`,
          span,
        ),
      );
      return fe;
    }
    const pairs: [string, TfValue][] = [];
    if (Array.isArray(fe)) {
      for (const k of fe) {
        const ks = toStr(k);
        if (!isUnknown(ks)) pairs.push([ks, ks]);
      }
    } else if (isObj(fe))
      pairs.push(...Object.entries(fe).map(([k, v]): [string, TfValue] => [k, v ?? null]));
    else throw new EvalError(`${base}: for_each needs a map or a set of strings`);
    m.ev.expand(pairs.length, base, 'for_each');
    return {
      shape: 'map',
      items: pairs.map(([k, v]) => ({
        suffix: `[${JSON.stringify(k)}]`,
        key: k,
        ctx: { each: { key: k, value: v } },
      })),
    };
  }
  return { shape: 'one', items: [] };
}
