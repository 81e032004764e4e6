/**
 * What every Terraform built-in function works with: its context (files, templates, the evaluation budget), the
 * table form of a category of functions, and the argument checks Terraform makes (a list, a map, a string, a whole
 * number) with its messages; sets as Terraform compares values (distinct by `tfEquals`).
 */
import { userRegExp } from '../user-regexp.js';
import type { EvalBudget } from './budget.js';
import {
  EvalError,
  isObj,
  isUnknown,
  toNum,
  toStr,
  typeName,
  Unknown,
  type TfObject,
  type TfValue,
} from './value.js';

export interface FunctionContext {
  /** Read a file relative to the module directory; undefined when absent. */
  readFile(path: string): string | undefined;
  /** Render a template text with the given variables. */
  renderTemplate(text: string, vars: TfObject, file: string): TfValue;
  /** The configuration's evaluation budget (budget.ts); none for one-off constant evaluations in tests. */
  readonly budget?: EvalBudget | undefined;
}

/** A built-in function: its evaluated arguments, the context, and the name it was called by. */
export type TfFunction = (args: TfValue[], ctx: FunctionContext, name: string) => TfValue;

/** A table of functions, each under all its names (`tolist` and `toset` share one). */
export function functionTable(
  entries: readonly (readonly [readonly string[], TfFunction])[],
): ReadonlyMap<string, TfFunction> {
  return new Map(entries.flatMap(([names, f]) => names.map((n) => [n, f] as const)));
}

export function list(v: TfValue, fn: string): TfValue[] {
  if (Array.isArray(v)) return v;
  throw new EvalError(`${fn}: a list is required, got ${typeName(v)}`);
}
export function obj(v: TfValue, fn: string): TfObject {
  if (isObj(v)) return v;
  throw new EvalError(`${fn}: a map or object is required, got ${typeName(v)}`);
}
export function str(v: TfValue, fn: string): string {
  const s = toStr(v);
  if (isUnknown(s)) throw new EvalError(`${fn}: unknown string`);
  return s;
}
export function int(v: TfValue, fn: string): number {
  const n = toNum(v);
  if (isUnknown(n) || !Number.isInteger(n)) throw new EvalError(`${fn}: a whole number is required`);
  return n;
}
/** A pattern as Terraform's RE2 reads it, compiled so that matching takes linear time (user-regexp.ts). */
export function regexpOf(pattern: string, flags = ''): RegExp {
  const r = userRegExp(pattern, flags);
  if ('error' in r) throw new EvalError(`invalid regular expression "${pattern}": ${r.error}`);
  return r;
}

/** A text equal for two values exactly when `tfEquals` says they are equal (object keys in sorted order). */
function canonical(v: TfValue, unknowns: Map<Unknown, number>): string {
  if (v === null) return 'null';
  if (isUnknown(v)) {
    if (!unknowns.has(v)) unknowns.set(v, unknowns.size);
    return `unknown:${unknowns.get(v) ?? 0}`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, unknowns)).join(',')}]`;
  if (isObj(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k] ?? null, unknowns)}`)
      .join(',')}}`;
  return `${typeof v}:${String(v)}`;
}

/** Duplicates removed, first occurrence kept; linear (a set of canonical texts). */
export function distinctList(xs: readonly TfValue[]): TfValue[] {
  const out: TfValue[] = [];
  const seen = new Set<string>();
  const unknowns = new Map<Unknown, number>();
  for (const x of xs) {
    const k = canonical(x, unknowns);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(x);
  }
  return out;
}
