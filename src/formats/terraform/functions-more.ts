/**
 * More Terraform built-in functions the widely used AWS network modules call (beside functions.ts): `setproduct`
 * (every combination, as rule × CIDR tables are built), `transpose`, `matchkeys`, `regexall`, and `sensitive` /
 * `nonsensitive` (which only mark a value). Unknown arguments were already turned into an Unknown result by the
 * caller; errors are EvalErrors with Terraform's own wording.
 */
import { userRegExp } from '../user-regexp.js';
import { checkElements } from './budget.js';
import { EvalError, isObj, tfEquals, toStr, typeName, type TfObject, type TfValue } from './value.js';

function list(v: TfValue, fn: string): TfValue[] {
  if (Array.isArray(v)) return v;
  throw new EvalError(`${fn}: a list or set is required, got ${typeName(v)}`);
}

/** `setproduct(["a","b"], [1,2])` → `[["a",1],["a",2],["b",1],["b",2]]`. */
function setproduct(args: readonly TfValue[]): TfValue[] {
  if (args.length < 2) throw new EvalError('setproduct: at least two arguments are required');
  let out: TfValue[][] = [[]];
  for (const a of args) {
    const xs = list(a, 'setproduct');
    checkElements(out.length * xs.length, 'setproduct()'); // before building it (LIMITS.collectionElements)
    out = out.flatMap((prefix) => xs.map((x) => [...prefix, x]));
  }
  return out;
}

/** `transpose({a = ["1","2"], b = ["2"]})` → `{"1" = ["a"], "2" = ["a","b"]}`. */
function transpose(v: TfValue): TfObject {
  if (!isObj(v)) throw new EvalError(`transpose: a map of lists of strings is required, got ${typeName(v)}`);
  const out: TfObject = {};
  for (const k of Object.keys(v).sort())
    for (const x of list(v[k] ?? null, 'transpose')) {
      const s = toStr(x);
      if (typeof s !== 'string') continue;
      const prev = out[s];
      out[s] = [...(Array.isArray(prev) ? prev : []), k];
    }
  return out;
}

/** Call one of these functions; undefined when `name` is not one of them. */
export function callMoreFunction(name: string, args: readonly TfValue[]): TfValue | undefined {
  const a0 = args[0] ?? null;
  const a1 = args[1] ?? null;
  switch (name) {
    case 'setproduct':
      return setproduct(args);
    case 'transpose':
      return transpose(a0);
    case 'matchkeys': {
      const values = list(a0, name);
      const keys = list(a1, name);
      const search = list(args[2] ?? null, name);
      if (values.length !== keys.length)
        throw new EvalError('matchkeys: length of keys and values should be equal');
      return values.filter((_, i) => search.some((s) => tfEquals(s, keys[i] ?? null)));
    }
    case 'regexall': {
      const [pattern, text] = [toStr(a0), toStr(a1)];
      if (typeof pattern !== 'string' || typeof text !== 'string') return [];
      // Linear-time matching, RE2's syntax (user-regexp.ts), as regex() and replace() in functions.ts.
      const re = userRegExp(pattern, 'g');
      if ('error' in re)
        throw new EvalError(`regexall: invalid regular expression "${pattern}": ${re.error}`);
      return [...text.matchAll(re)].map((m): TfValue => {
        if (m.groups) return { ...m.groups };
        const groups: (string | undefined)[] = m.slice(1);
        return m.length > 1 ? groups.map((x) => x ?? null) : m[0];
      });
    }
    case 'sensitive':
    case 'nonsensitive':
      return a0;
    default:
      return undefined;
  }
}
