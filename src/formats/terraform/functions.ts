/**
 * The Terraform built-in functions network code uses.
 *
 * Model: pure functions over `TfValue`; an Unknown argument makes the result Unknown (except where Terraform can
 * answer anyway, e.g. `length` of a list holding unknowns, `try`/`coalesce` skipping them). File functions read
 * through the context (`file`, `templatefile` of files that are present; a missing file is an EvalError with code
 * TF_FILE_MISSING). An unknown function name is an EvalError naming it (TF_UNKNOWN_FUNCTION).
 */
import { parseCidr, mask4 } from '../../net/prefix.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { formatIpv6 } from '../../net/ipv6.js';
import { userRegExp } from '../user-regexp.js';
import { checkString, type EvalBudget } from './budget.js';
import { callMoreFunction } from './functions-more.js';
import {
  EvalError,
  findUnknown,
  isObj,
  isUnknown,
  tfEquals,
  toNum,
  toPlain,
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

function list(v: TfValue, fn: string): TfValue[] {
  if (Array.isArray(v)) return v;
  throw new EvalError(`${fn}: a list is required, got ${typeName(v)}`);
}
function obj(v: TfValue, fn: string): TfObject {
  if (isObj(v)) return v;
  throw new EvalError(`${fn}: a map or object is required, got ${typeName(v)}`);
}
function str(v: TfValue, fn: string): string {
  const s = toStr(v);
  if (isUnknown(s)) throw new EvalError(`${fn}: unknown string`);
  return s;
}
function int(v: TfValue, fn: string): number {
  const n = toNum(v);
  if (isUnknown(n) || !Number.isInteger(n)) throw new EvalError(`${fn}: a whole number is required`);
  return n;
}
/** A pattern as Terraform's RE2 reads it, compiled so that matching takes linear time (user-regexp.ts). */
function regexpOf(pattern: string, flags = ''): RegExp {
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
function distinctList(xs: readonly TfValue[]): TfValue[] {
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

/** `cidrsubnet("10.0.0.0/16", 8, 2)` → `"10.0.2.0/24"`. */
export function cidrsubnet(prefix: string, newbits: number, netnum: number): string {
  const r = parseCidr(prefix);
  if (!r.ok) throw new EvalError(`cidrsubnet: invalid CIDR "${prefix}": ${r.message}`);
  const p = r.value.prefix;
  const len = p.len + newbits;
  if (p.family === 4) {
    if (len > 32)
      throw new EvalError(
        `cidrsubnet: insufficient address space to extend prefix of ${p.len} by ${newbits}`,
      );
    if (netnum < 0 || netnum >= 2 ** newbits)
      throw new EvalError(
        `cidrsubnet: prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`,
      );
    const base = (p.base + (len === 32 ? netnum : netnum * 2 ** (32 - len))) >>> 0;
    return `${formatIpv4(base)}/${len}`;
  }
  if (len > 128)
    throw new EvalError(`cidrsubnet: insufficient address space to extend prefix of ${p.len} by ${newbits}`);
  if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits))
    throw new EvalError(`cidrsubnet: subnet number ${netnum} too large`);
  const base = p.base | (BigInt(netnum) << BigInt(128 - len));
  return `${formatIpv6(base)}/${len}`;
}

/** `cidrhost("10.0.1.0/24", 5)` → `"10.0.1.5"`; negative numbers count from the end. */
export function cidrhost(prefix: string, hostnum: number): string {
  const r = parseCidr(prefix);
  if (!r.ok) throw new EvalError(`cidrhost: invalid CIDR "${prefix}": ${r.message}`);
  const p = r.value.prefix;
  if (p.family === 4) {
    const size = 2 ** (32 - p.len);
    const n = hostnum < 0 ? size + hostnum : hostnum;
    if (n < 0 || n >= size)
      throw new EvalError(`cidrhost: prefix of ${p.len} does not accommodate a host numbered ${hostnum}`);
    return formatIpv4((p.base + n) >>> 0);
  }
  const size = 1n << BigInt(128 - p.len);
  const n = hostnum < 0 ? size + BigInt(hostnum) : BigInt(hostnum);
  if (n < 0n || n >= size) throw new EvalError(`cidrhost: host number ${hostnum} out of range`);
  return formatIpv6(p.base + n);
}

function cidrsubnets(prefix: string, bits: number[]): string[] {
  const r = parseCidr(prefix);
  if (!r.ok) throw new EvalError(`cidrsubnets: invalid CIDR "${prefix}": ${r.message}`);
  const p = r.value.prefix;
  const out: string[] = [];
  if (p.family === 4) {
    let next = p.base;
    for (const nb of bits) {
      const len = p.len + nb;
      if (len > 32) throw new EvalError('cidrsubnets: not enough address space');
      const size = 2 ** (32 - len);
      const start = Math.ceil((next - p.base) / size) * size + p.base;
      if (start + size > p.base + 2 ** (32 - p.len))
        throw new EvalError('cidrsubnets: not enough remaining address space');
      out.push(`${formatIpv4(start >>> 0)}/${len}`);
      next = start + size;
    }
    return out;
  }
  let next = p.base;
  for (const nb of bits) {
    const len = p.len + nb;
    const size = 1n << BigInt(128 - len);
    const start = ((next - p.base + size - 1n) / size) * size + p.base;
    out.push(`${formatIpv6(start)}/${len}`);
    next = start + size;
  }
  return out;
}

function flatten(v: TfValue): TfValue[] {
  const out: TfValue[] = [];
  for (const x of list(v, 'flatten'))
    if (Array.isArray(x)) out.push(...flatten(x));
    else out.push(x);
  return out;
}

function formatFn(fmt: string, args: TfValue[]): string {
  let i = 0;
  return fmt.replace(
    /%(-?\d*)(\.\d+)?([sdvfqtx%])/g,
    (_m, width: string, prec: string | undefined, verb: string) => {
      if (verb === '%') return '%';
      const a = args[i++] ?? null;
      let s: string;
      switch (verb) {
        case 'd':
          s = String(Math.trunc(Number(toNum(a))));
          break;
        case 'f':
          s = Number(toNum(a)).toFixed(prec ? Number(prec.slice(1)) : 6);
          break;
        case 'q':
          s = JSON.stringify(str(a, 'format'));
          break;
        case 'x':
          s = Math.trunc(Number(toNum(a))).toString(16);
          break;
        case 'v':
          s = typeof a === 'object' && a !== null ? JSON.stringify(toPlain(a)) : str(a, 'format');
          break;
        default:
          s = str(a, 'format');
      }
      const w = Number(width || '0');
      checkString(Math.abs(w), 'format');
      if (Math.abs(w) > s.length) s = w < 0 ? s.padEnd(-w) : s.padStart(w, width.startsWith('0') ? '0' : ' ');
      return s;
    },
  );
}

const UNKNOWN_TOLERANT = new Set([
  'length',
  'try',
  'coalesce',
  'can',
  'concat',
  'tolist',
  'toset',
  'merge',
  'compact',
  'flatten',
  'jsonencode',
  'yamlencode',
  'base64encode',
  'element',
  'slice',
  'lookup',
  'keys',
  'values',
  'zipmap',
  'distinct',
  'contains',
  'one',
  'coalescelist',
  'tomap',
  'reverse',
  'setunion',
]);

/** Call a built-in function. */
export function callFunction(name: string, args: TfValue[], ctx: FunctionContext): TfValue {
  // Most functions: any Unknown argument → Unknown result.
  if (!UNKNOWN_TOLERANT.has(name)) {
    for (const a of args) {
      const u = findUnknown(a);
      if (u) return new Unknown(`${name}(${u.desc})`);
    }
  }
  const a0 = args[0] ?? null;
  const a1 = args[1] ?? null;
  const a2 = args[2] ?? null;
  const unk = (v: TfValue) => (isUnknown(v) ? v : undefined);
  switch (name) {
    case 'cidrsubnet':
      return cidrsubnet(str(a0, name), int(a1, name), int(a2, name));
    case 'cidrsubnets':
      return cidrsubnets(
        str(a0, name),
        args.slice(1).map((x) => int(x, name)),
      );
    case 'cidrhost':
      return cidrhost(str(a0, name), int(a1, name));
    case 'cidrnetmask': {
      const r = parseCidr(str(a0, name));
      if (!r.ok || r.value.prefix.family !== 4) throw new EvalError('cidrnetmask: an IPv4 CIDR is required');
      return formatIpv4(mask4(r.value.prefix.len));
    }
    case 'concat': {
      const out: TfValue[] = [];
      for (const a of args) {
        if (isUnknown(a)) return new Unknown(`concat(${a.desc})`);
        out.push(...list(a, name));
      }
      return out;
    }
    case 'element': {
      if (unk(a0) || unk(a1)) return new Unknown('element(…)');
      const l = list(a0, name);
      if (l.length === 0) throw new EvalError('element: cannot use element function with an empty list');
      const i = int(a1, name);
      return l[((i % l.length) + l.length) % l.length] ?? null;
    }
    case 'lookup': {
      if (unk(a0)) return new Unknown(`lookup(${(a0 as Unknown).desc})`);
      const o = obj(a0, name);
      const k = str(a1, name);
      if (Object.prototype.hasOwnProperty.call(o, k)) return o[k] ?? null;
      if (args.length >= 3) return a2;
      throw new EvalError(`lookup: the given key "${k}" is not present and no default was given`);
    }
    case 'merge': {
      const out: TfObject = {};
      for (const a of args) {
        if (a === null) continue;
        if (isUnknown(a)) return new Unknown(`merge(${a.desc})`);
        Object.assign(out, obj(a, name));
      }
      return out;
    }
    case 'length': {
      if (isUnknown(a0)) return new Unknown(`length(${a0.desc})`);
      if (Array.isArray(a0)) return a0.length;
      if (isObj(a0)) return Object.keys(a0).length;
      // Terraform counts Unicode characters, not UTF-16 units.
      // eslint-disable-next-line @typescript-eslint/no-misused-spread
      return [...str(a0, name)].length;
    }
    case 'format':
      return formatFn(str(a0, name), args.slice(1));
    case 'formatlist': {
      const fmt = str(a0, name);
      const lists = args.slice(1);
      const n = Math.max(0, ...lists.filter(Array.isArray).map((l) => l.length));
      const out: TfValue[] = [];
      for (let i = 0; i < n; i++)
        out.push(
          formatFn(
            fmt,
            lists.map((l) => (Array.isArray(l) ? (l[i] ?? null) : l)),
          ),
        );
      return out;
    }
    case 'join': {
      const parts = list(a1, name).map((x) => str(x, name));
      const sep = str(a0, name);
      checkString(parts.reduce((n, p) => n + p.length, 0) + sep.length * Math.max(0, parts.length - 1), name);
      return parts.join(sep);
    }
    case 'split': {
      const sep = str(a0, name);
      const s = str(a1, name);
      return s === '' ? [''] : s.split(sep);
    }
    case 'tolist':
    case 'toset': {
      if (isUnknown(a0)) return a0;
      const l = isObj(a0) ? Object.values(a0) : list(a0, name);
      if (name === 'tolist') return [...l];
      // Sets of strings come out sorted, like Terraform's set ordering.
      const d = distinctList(l);
      return d.every((x) => typeof x === 'string') ? [...d].sort() : d;
    }
    case 'tomap':
      if (isUnknown(a0)) return a0;
      return { ...obj(a0, name) };
    case 'tostring':
      return a0 === null ? null : toStr(a0);
    case 'tonumber':
      return a0 === null ? null : toNum(a0);
    case 'tobool':
      return a0 === null ? null : a0 === true || a0 === 'true';
    case 'zipmap': {
      if (unk(a0) || unk(a1)) return new Unknown('zipmap(…)');
      const ks = list(a0, name);
      const vs = list(a1, name);
      if (ks.length !== vs.length) throw new EvalError('zipmap: number of keys and values differ');
      const out: TfObject = {};
      ks.forEach((k, i) => (out[str(k, name)] = vs[i] ?? null));
      return out;
    }
    case 'flatten':
      if (isUnknown(a0)) return a0;
      return flatten(a0);
    case 'try':
    case 'coalesce': {
      // `try` gets its arguments already evaluated; errors in them were raised before the call (see evalTry).
      for (const a of args) {
        if (isUnknown(a)) return a;
        if (name === 'coalesce' && (a === null || a === '')) continue;
        return a;
      }
      if (name === 'coalesce') throw new EvalError('coalesce: no non-null, non-empty arguments');
      throw new EvalError('try: no argument could be evaluated');
    }
    case 'coalescelist':
      for (const a of args) if (Array.isArray(a) && a.length > 0) return a;
      return [];
    case 'compact':
      if (isUnknown(a0)) return a0;
      return list(a0, name).filter((x) => x !== null && x !== '');
    case 'keys':
      if (isUnknown(a0)) return a0;
      return Object.keys(obj(a0, name)).sort();
    case 'values': {
      if (isUnknown(a0)) return a0;
      const o = obj(a0, name);
      return Object.keys(o)
        .sort()
        .map((k) => o[k] ?? null);
    }
    case 'range': {
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
    }
    case 'min':
    case 'max': {
      const ns = args.map((x) => Number(toNum(x)));
      if (ns.length === 0) throw new EvalError(`${name}: at least one argument is required`);
      return name === 'min' ? Math.min(...ns) : Math.max(...ns);
    }
    case 'abs':
      return Math.abs(Number(toNum(a0)));
    case 'floor':
      return Math.floor(Number(toNum(a0)));
    case 'ceil':
      return Math.ceil(Number(toNum(a0)));
    case 'pow':
      return Number(toNum(a0)) ** Number(toNum(a1));
    case 'contains':
      if (unk(a0)) return new Unknown('contains(…)');
      return list(a0, name).some((x) => tfEquals(x, a1));
    case 'distinct':
      if (isUnknown(a0)) return a0;
      return distinctList(list(a0, name));
    case 'slice': {
      if (unk(a0)) return new Unknown('slice(…)');
      const l = list(a0, name);
      const s = int(a1, name);
      const e = int(a2, name);
      if (s < 0 || e > l.length || s > e)
        throw new EvalError(`slice: indices ${s}..${e} out of range for ${l.length} elements`);
      return l.slice(s, e);
    }
    case 'reverse':
      if (isUnknown(a0)) return a0;
      return [...list(a0, name)].reverse();
    case 'one': {
      if (isUnknown(a0)) return a0;
      const l = list(a0, name);
      if (l.length > 1) throw new EvalError('one: must be a list with no more than one element');
      return l[0] ?? null;
    }
    case 'index': {
      const i = list(a0, name).findIndex((x) => tfEquals(x, a1));
      if (i < 0) throw new EvalError('index: value not found in list');
      return i;
    }
    case 'setunion':
      return distinctList(args.flatMap((a) => (Array.isArray(a) ? a : [])));
    case 'setintersection': {
      const [first, ...rest] = args.map((a) => list(a, name));
      return distinctList((first ?? []).filter((x) => rest.every((r) => r.some((y) => tfEquals(x, y)))));
    }
    case 'setsubtract':
      return distinctList(list(a0, name).filter((x) => !list(a1, name).some((y) => tfEquals(x, y))));
    case 'replace': {
      const s = str(a0, name);
      const from = str(a1, name);
      const to = str(a2, name);
      const re = /^\/(.*)\/$/.exec(from);
      if (re) {
        const rx = regexpOf(re[1] ?? '', 'g');
        // Each match adds at most the replacement's length (which may quote the match: at most s again).
        checkString(s.length + (s.match(rx)?.length ?? 0) * (to.length + s.length), name);
        return s.replace(rx, to.replace(/\$\{(\d+)\}/g, '$$$1'));
      }
      const pieces = s.split(from);
      checkString(s.length + (pieces.length - 1) * (to.length - from.length), name);
      return pieces.join(to);
    }
    case 'lower':
      return str(a0, name).toLowerCase();
    case 'upper':
      return str(a0, name).toUpperCase();
    case 'title':
      return str(a0, name).replace(/\b\w/g, (c) => c.toUpperCase());
    case 'trimspace':
      return str(a0, name).trim();
    case 'trim': {
      // eslint-disable-next-line @typescript-eslint/no-misused-spread -- characters, as Terraform counts them
      const chars = [...str(a1, name)];
      let s = str(a0, name);
      while (s && chars.includes(s[0] ?? '')) s = s.slice(1);
      while (s && chars.includes(s[s.length - 1] ?? '')) s = s.slice(0, -1);
      return s;
    }
    case 'trimprefix': {
      const s = str(a0, name);
      const p = str(a1, name);
      return s.startsWith(p) ? s.slice(p.length) : s;
    }
    case 'trimsuffix': {
      const s = str(a0, name);
      const p = str(a1, name);
      return s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    }
    case 'substr': {
      // eslint-disable-next-line @typescript-eslint/no-misused-spread -- characters, as Terraform counts them
      const s = [...str(a0, name)];
      const off = int(a1, name);
      const len = int(a2, name);
      return s.slice(off, len < 0 ? undefined : off + len).join('');
    }
    case 'startswith':
      return str(a0, name).startsWith(str(a1, name));
    case 'endswith':
      return str(a0, name).endsWith(str(a1, name));
    case 'strcontains':
      return str(a0, name).includes(str(a1, name));
    case 'regex':
    case 'can':
      if (name === 'can') return !isUnknown(a0);
      {
        const m = regexpOf(str(a0, name)).exec(str(a1, name));
        if (!m) throw new EvalError('regex: pattern did not match');
        return m.length > 1 ? m.slice(1).map((x: string | undefined): TfValue => x ?? null) : m[0];
      }
    case 'jsonencode':
      if (findUnknown(a0)) return new Unknown('jsonencode(…)');
      return JSON.stringify(toPlain(a0));
    case 'jsondecode':
      try {
        return JSON.parse(str(a0, name)) as TfValue;
      } catch (e) {
        throw new EvalError(`jsondecode: ${e instanceof Error ? e.message : String(e)}`);
      }
    case 'yamlencode':
      if (findUnknown(a0)) return new Unknown('yamlencode(…)');
      return JSON.stringify(toPlain(a0), null, 2);
    case 'base64encode':
      if (isUnknown(a0)) return new Unknown(`base64encode(${a0.desc})`);
      return Buffer.from(str(a0, name), 'utf8').toString('base64');
    case 'base64decode':
      return Buffer.from(str(a0, name), 'base64').toString('utf8');
    case 'file': {
      const t = ctx.readFile(str(a0, name));
      if (t === undefined)
        throw new EvalError(`file: no file exists at "${str(a0, name)}"`, 'TF_FILE_MISSING');
      return t;
    }
    case 'fileexists':
      return ctx.readFile(str(a0, name)) !== undefined;
    case 'templatefile': {
      const p = str(a0, name);
      const t = ctx.readFile(p);
      if (t === undefined) throw new EvalError(`templatefile: no file exists at "${p}"`, 'TF_FILE_MISSING');
      return ctx.renderTemplate(t, args.length > 1 ? obj(a1, name) : {}, p);
    }
    case 'sort':
      return [...list(a0, name)].map((x) => str(x, name)).sort();
    case 'chunklist': {
      const l = list(a0, name);
      const n = int(a1, name);
      if (n < 0) throw new EvalError('chunklist: the chunk size must not be negative');
      if (n === 0) return [l]; // Terraform: size 0 puts the whole list in one chunk
      const out: TfValue[] = [];
      for (let i = 0; i < l.length; i += n) out.push(l.slice(i, i + n));
      return out;
    }
    case 'sum':
      return list(a0, name).reduce<number>((s, x) => s + Number(toNum(x)), 0);
    case 'alltrue':
      return list(a0, name).every((x) => x === true || x === 'true');
    case 'anytrue':
      return list(a0, name).some((x) => x === true || x === 'true');
    case 'timestamp':
      return new Unknown('timestamp()');
    case 'uuid':
      return new Unknown('uuid()');
    case 'md5':
    case 'sha1':
    case 'sha256':
      return new Unknown(`${name}(…)`);
    default: {
      const more = callMoreFunction(name, args);
      if (more !== undefined) return more;
      throw new EvalError(`call to unknown function "${name}"`, 'TF_UNKNOWN_FUNCTION');
    }
  }
}
