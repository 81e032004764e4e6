/**
 * Terraform's collection functions: lists (`concat`, `element`, `flatten`, `slice`, `reverse`, `sort`, `chunklist`,
 * `range`, `index`, `contains`, `one`, `compact`, `coalescelist`, `length`), maps (`lookup`, `merge`, `keys`,
 * `values`, `zipmap`, `tomap`), sets (`toset`, `distinct`, `setunion`, `setintersection`, `setsubtract`) and list
 * reductions (`sum`, `alltrue`, `anytrue`). Unknown values pass through where Terraform can still answer.
 */
import { distinctList, functionTable, int, list, obj, str, type TfFunction } from './fn-args.js';
import {
  EvalError,
  isObj,
  isUnknown,
  tfEquals,
  toNum,
  Unknown,
  type TfObject,
  type TfValue,
} from './value.js';

function flatten(v: TfValue): TfValue[] {
  const out: TfValue[] = [];
  for (const x of list(v, 'flatten'))
    if (Array.isArray(x)) out.push(...flatten(x));
    else out.push(x);
  return out;
}

export const COLLECTION_FUNCTIONS: ReadonlyMap<string, TfFunction> = functionTable([
  [
    ['concat'],
    (args, _ctx, name) => {
      const out: TfValue[] = [];
      for (const a of args) {
        if (isUnknown(a)) return new Unknown(`concat(${a.desc})`);
        out.push(...list(a, name));
      }
      return out;
    },
  ],
  [
    ['element'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const unk = (v: TfValue) => (isUnknown(v) ? v : undefined);
      if (unk(a0) || unk(a1)) return new Unknown('element(…)');
      const l = list(a0, name);
      if (l.length === 0) throw new EvalError('element: cannot use element function with an empty list');
      const i = int(a1, name);
      return l[((i % l.length) + l.length) % l.length] ?? null;
    },
  ],
  [
    ['lookup'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const a2 = args[2] ?? null;
      const unk = (v: TfValue) => (isUnknown(v) ? v : undefined);
      if (unk(a0)) return new Unknown(`lookup(${(a0 as Unknown).desc})`);
      const o = obj(a0, name);
      const k = str(a1, name);
      if (Object.prototype.hasOwnProperty.call(o, k)) return o[k] ?? null;
      if (args.length >= 3) return a2;
      throw new EvalError(`lookup: the given key "${k}" is not present and no default was given`);
    },
  ],
  [
    ['merge'],
    (args, _ctx, name) => {
      const out: TfObject = {};
      for (const a of args) {
        if (a === null) continue;
        if (isUnknown(a)) return new Unknown(`merge(${a.desc})`);
        Object.assign(out, obj(a, name));
      }
      return out;
    },
  ],
  [
    ['length'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return new Unknown(`length(${a0.desc})`);
      if (Array.isArray(a0)) return a0.length;
      if (isObj(a0)) return Object.keys(a0).length;
      // Terraform counts Unicode characters, not UTF-16 units.
      // eslint-disable-next-line @typescript-eslint/no-misused-spread
      return [...str(a0, name)].length;
    },
  ],
  [
    ['tolist', 'toset'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return a0;
      const l = isObj(a0) ? Object.values(a0) : list(a0, name);
      if (name === 'tolist') return [...l];
      // Sets of strings come out sorted, like Terraform's set ordering.
      const d = distinctList(l);
      return d.every((x) => typeof x === 'string') ? [...d].sort() : d;
    },
  ],
  [
    ['tomap'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return a0;
      return { ...obj(a0, name) };
    },
  ],
  [
    ['zipmap'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const unk = (v: TfValue) => (isUnknown(v) ? v : undefined);
      if (unk(a0) || unk(a1)) return new Unknown('zipmap(…)');
      const ks = list(a0, name);
      const vs = list(a1, name);
      if (ks.length !== vs.length) throw new EvalError('zipmap: number of keys and values differ');
      const out: TfObject = {};
      ks.forEach((k, i) => (out[str(k, name)] = vs[i] ?? null));
      return out;
    },
  ],
  [
    ['flatten'],
    (args) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return a0;
      return flatten(a0);
    },
  ],
  [
    ['coalescelist'],
    (args) => {
      for (const a of args) if (Array.isArray(a) && a.length > 0) return a;
      return [];
    },
  ],
  [
    ['compact'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return a0;
      return list(a0, name).filter((x) => x !== null && x !== '');
    },
  ],
  [
    ['keys'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return a0;
      return Object.keys(obj(a0, name)).sort();
    },
  ],
  [
    ['values'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return a0;
      const o = obj(a0, name);
      return Object.keys(o)
        .sort()
        .map((k) => o[k] ?? null);
    },
  ],
  [
    ['range'],
    (args) => {
      const ns = args.map((x) => Number(toNum(x)));
      const [start, end, step] =
        ns.length === 1
          ? [0, ns[0] ?? 0, 1]
          : [ns[0] ?? 0, ns[1] ?? 0, ns[2] ?? ((ns[0] ?? 0) <= (ns[1] ?? 0) ? 1 : -1)];
      if (step === 0) throw new EvalError('range: step must not be zero');
      const out: number[] = [];
      for (let i = start; step > 0 ? i < end : i > end; i += step) {
        out.push(i);
        if (out.length > 1024) throw new EvalError('range: more than 1024 elements');
      }
      return out;
    },
  ],
  [
    ['contains'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const unk = (v: TfValue) => (isUnknown(v) ? v : undefined);
      if (unk(a0)) return new Unknown('contains(…)');
      return list(a0, name).some((x) => tfEquals(x, a1));
    },
  ],
  [
    ['distinct'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return a0;
      return distinctList(list(a0, name));
    },
  ],
  [
    ['slice'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const a2 = args[2] ?? null;
      const unk = (v: TfValue) => (isUnknown(v) ? v : undefined);
      if (unk(a0)) return new Unknown('slice(…)');
      const l = list(a0, name);
      const s = int(a1, name);
      const e = int(a2, name);
      if (s < 0 || e > l.length || s > e)
        throw new EvalError(`slice: indices ${s}..${e} out of range for ${l.length} elements`);
      return l.slice(s, e);
    },
  ],
  [
    ['reverse'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return a0;
      return [...list(a0, name)].reverse();
    },
  ],
  [
    ['one'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return a0;
      const l = list(a0, name);
      if (l.length > 1) throw new EvalError('one: must be a list with no more than one element');
      return l[0] ?? null;
    },
  ],
  [
    ['index'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const i = list(a0, name).findIndex((x) => tfEquals(x, a1));
      if (i < 0) throw new EvalError('index: value not found in list');
      return i;
    },
  ],
  [
    ['setunion'],
    (args) => {
      return distinctList(args.flatMap((a) => (Array.isArray(a) ? a : [])));
    },
  ],
  [
    ['setintersection'],
    (args, _ctx, name) => {
      const [first, ...rest] = args.map((a) => list(a, name));
      return distinctList((first ?? []).filter((x) => rest.every((r) => r.some((y) => tfEquals(x, y)))));
    },
  ],
  [
    ['setsubtract'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      return distinctList(list(a0, name).filter((x) => !list(a1, name).some((y) => tfEquals(x, y))));
    },
  ],
  [
    ['sort'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return [...list(a0, name)].map((x) => str(x, name)).sort();
    },
  ],
  [
    ['chunklist'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const l = list(a0, name);
      const n = int(a1, name);
      if (n < 0) throw new EvalError('chunklist: the chunk size must not be negative');
      if (n === 0) return [l]; // Terraform: size 0 puts the whole list in one chunk
      const out: TfValue[] = [];
      for (let i = 0; i < l.length; i += n) out.push(l.slice(i, i + n));
      return out;
    },
  ],
  [
    ['sum'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return list(a0, name).reduce<number>((s, x) => s + Number(toNum(x)), 0);
    },
  ],
  [
    ['alltrue'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return list(a0, name).every((x) => x === true || x === 'true');
    },
  ],
  [
    ['anytrue'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return list(a0, name).some((x) => x === true || x === 'true');
    },
  ],
]);
