/**
 * CloudFormation's intrinsic functions, one entry a function in a table by name: Ref, Condition, Fn::GetAtt,
 * Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::Cidr, Fn::GetAZs, Fn::FindInMap, Fn::If, Fn::Equals, Fn::And, Fn::Or,
 * Fn::Not, Fn::Base64, Fn::ImportValue, Fn::Length, Fn::ToJsonString (Fn::Transform is not expanded). Each checks
 * its arity and argument types with the error CloudFormation gives, at the function's file:line:col; a name not
 * in the table is "Template format error: Unrecognized intrinsic function". The evaluator (evaluate.ts) is the
 * scope each works in: values of nodes, conditions, references, and the resource facts of its host.
 */
import type { DiagnosticCode } from '../../diag/codes.js';
import { asText, isList, NO_VALUE, type EvalContext, type Evaluated, type EvalHost } from './cfn-value.js';
import { fnCidr } from './cidr.js';
import { getAttParts, PSEUDO_PARAMETERS } from './checks.js';
import { child, scalarText, type CfnNode, type Pos } from './node.js';
import { parseSub } from './sub.js';
import type { Template } from './template.js';

/** What an intrinsic function evaluates with (the stack's evaluator). */
export interface IntrinsicScope {
  readonly template: Template;
  readonly ctx: EvalContext;
  readonly host: EvalHost;
  value(node: CfnNode): Evaluated;
  condition(name: string, pos: Pos): boolean;
  conditionValue(node: CfnNode): boolean;
  refName(name: string, pos: Pos): Evaluated;
  /** Record an error; returns `undefined` so that a function can `return s.err(…)`. */
  err(code: DiagnosticCode, message: string, pos: Pos): Evaluated;
}

/** One intrinsic: `arg` is its argument node, `items` the argument's items when it is a list. */
type Intrinsic = (
  s: IntrinsicScope,
  arg: CfnNode,
  items: readonly CfnNode[] | undefined,
  pos: Pos,
  name: string,
) => Evaluated;

const ref: Intrinsic = (s, arg, _items, pos) => {
  const n = arg.kind === 'fn' ? asText(s.value(arg)) : scalarText(arg);
  return n === undefined ? s.err('INTRINSIC_ARITY', 'Ref takes a name', pos) : s.refName(n, pos);
};

const getAtt: Intrinsic = (s, arg, _items, pos) => {
  const parts = getAttParts(arg);
  if (!parts) return s.err('INTRINSIC_ARITY', 'Fn::GetAtt takes [LogicalName, AttributeName]', pos);
  const attr = typeof parts.attribute === 'string' ? parts.attribute : asText(s.value(parts.attribute));
  if (attr === undefined) return undefined;
  if (!s.template.resources.has(parts.resource))
    return s.err('REF_TO_MISSING', `Fn::GetAtt references undefined resource ${parts.resource}`, pos);
  return s.host.getAtt(parts.resource, attr, pos);
};

/** The value of one `${Name}` of Fn::Sub: a variable of its map, a `Resource.Attribute`, or a Ref. */
function subVariable(s: IntrinsicScope, name: string, vars: Map<string, CfnNode>, pos: Pos): Evaluated {
  const local = vars.get(name);
  if (local) return s.value(local);
  const dot = name.indexOf('.');
  if (dot > 0 && !PSEUDO_PARAMETERS.has(name) && s.template.resources.has(name.slice(0, dot)))
    return s.host.getAtt(name.slice(0, dot), name.slice(dot + 1), pos);
  return s.refName(name, pos);
}

const sub: Intrinsic = (s, arg, _items, pos) => {
  let str: string | undefined;
  const vars = new Map<string, CfnNode>();
  if (arg.kind === 'seq') {
    str = scalarText(arg.items[0]);
    const m = arg.items[1];
    if (m?.kind === 'map') for (const e of m.entries) vars.set(e.key, e.value);
  } else str = scalarText(arg);
  if (str === undefined)
    return s.err('INTRINSIC_ARITY', 'Fn::Sub takes a string or [String, {Var: Value}]', pos);
  let out = '';
  for (const p of parseSub(str)) {
    if (p.kind === 'text') {
      out += p.text;
      continue;
    }
    let v = subVariable(s, p.name, vars, pos);
    if (v === undefined) return undefined;
    if (isList(v)) v = v.map((x) => asText(x) ?? '').join(',');
    const t = asText(v);
    if (t === undefined)
      return s.err('INTRINSIC_TYPE', `Fn::Sub variable \${${p.name}} is not a string`, pos);
    out += t;
  }
  return out;
};

const join: Intrinsic = (s, _arg, items, pos) => {
  if (!items || items.length !== 2)
    return s.err('INTRINSIC_ARITY', 'Fn::Join takes [Delimiter, [Values]]', pos);
  const delim = asText(s.value(items[0] as CfnNode));
  const list = s.value(items[1] as CfnNode);
  if (delim === undefined || list === undefined) return undefined;
  if (!isList(list)) return s.err('INTRINSIC_TYPE', 'Fn::Join needs a list of values', pos);
  const parts: string[] = [];
  for (const x of list) {
    const t = asText(x);
    if (t === undefined) return s.err('INTRINSIC_TYPE', 'Fn::Join values must be strings', pos);
    parts.push(t);
  }
  return parts.join(delim);
};

const select: Intrinsic = (s, _arg, items, pos) => {
  if (!items || items.length !== 2)
    return s.err('INTRINSIC_ARITY', 'Fn::Select takes [Index, [Values]]', pos);
  const idxV = s.value(items[0] as CfnNode);
  const list = s.value(items[1] as CfnNode);
  if (idxV === undefined || list === undefined) return undefined;
  const idxT = asText(idxV);
  const idx = idxT !== undefined && /^[0-9]+$/.test(idxT) ? Number(idxT) : NaN;
  if (!Number.isInteger(idx))
    return s.err(
      'INTRINSIC_TYPE',
      `Fn::Select index must be a non-negative integer, got ${String(idxT)}`,
      pos,
    );
  if (!isList(list)) return s.err('INTRINSIC_TYPE', 'Fn::Select needs a list', pos);
  if (idx >= list.length)
    return s.err(
      'SELECT_OUT_OF_RANGE',
      `Template error: Fn::Select cannot select nonexistent value at index ${idx} (list has ${list.length})`,
      pos,
    );
  return list[idx];
};

const split: Intrinsic = (s, _arg, items, pos) => {
  if (!items || items.length !== 2)
    return s.err('INTRINSIC_ARITY', 'Fn::Split takes [Delimiter, String]', pos);
  const delim = asText(s.value(items[0] as CfnNode));
  const str = asText(s.value(items[1] as CfnNode));
  if (delim === undefined || str === undefined) return undefined;
  if (delim === '') return s.err('INTRINSIC_TYPE', 'Fn::Split delimiter must not be empty', pos);
  return str.split(delim);
};

const cidr: Intrinsic = (s, _arg, items, pos) => {
  if (!items || items.length !== 3)
    return s.err('INTRINSIC_ARITY', 'Fn::Cidr takes [ipBlock, count, cidrBits]', pos);
  const vals = items.map((i) => s.value(i));
  if (vals.some((v) => v === undefined)) return undefined;
  const r = fnCidr(vals[0], vals[1], vals[2]);
  return r.ok ? r.value : s.err('CIDR_INVALID', r.message, pos);
};

const getAzs: Intrinsic = (s, arg) => {
  const region = asText(s.value(arg));
  if (region === undefined) return undefined;
  if (region === '' || region === s.ctx.region) return [...s.ctx.azs];
  return [...(s.ctx.azsOf?.(region) ?? ['a', 'b', 'c'].map((x) => `${region}${x}`))];
};

const findInMap: Intrinsic = (s, _arg, items, pos) => {
  if (!items || (items.length !== 3 && items.length !== 4))
    return s.err('INTRINSIC_ARITY', 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]', pos);
  const keys = items.slice(0, 3).map((i) => asText(s.value(i)));
  if (keys.some((k) => k === undefined)) return undefined;
  const [m, k1, k2] = keys as [string, string, string];
  const found = child(child(child(s.template.mappings, m), k1), k2);
  if (found !== undefined) return s.value(found);
  const dflt = items[3] ? child(items[3], 'DefaultValue') : undefined;
  if (dflt) return s.value(dflt);
  return s.err('FIND_IN_MAP_MISSING', `Template error: Unable to get mapping for ${m}::${k1}::${k2}`, pos);
};

const fnIf: Intrinsic = (s, _arg, items, pos) => {
  if (!items || items.length !== 3)
    return s.err('INTRINSIC_ARITY', 'Fn::If takes [ConditionName, ValueIfTrue, ValueIfFalse]', pos);
  const c = scalarText(items[0]);
  if (c === undefined) return s.err('INTRINSIC_ARITY', 'Fn::If needs a condition name', pos);
  return s.value((s.condition(c, pos) ? items[1] : items[2]) as CfnNode);
};

/** Fn::Equals compares values as CloudFormation does: numbers and booleans as their text. */
function comparable(v: Evaluated): string {
  return typeof v === 'symbol'
    ? ''
    : JSON.stringify(v, (_k, x: unknown) =>
        typeof x === 'number' || typeof x === 'boolean' ? String(x) : x,
      );
}

const equals: Intrinsic = (s, _arg, items, pos) => {
  if (!items || items.length !== 2) return s.err('INTRINSIC_ARITY', 'Fn::Equals takes [Value1, Value2]', pos);
  const a = s.value(items[0] as CfnNode);
  const b = s.value(items[1] as CfnNode);
  if (a === undefined || b === undefined) return undefined;
  return comparable(a) === comparable(b);
};

const andOr: Intrinsic = (s, _arg, items, pos, name) => {
  if (!items || items.length < 2 || items.length > 10)
    return s.err('INTRINSIC_ARITY', `${name} takes 2 to 10 conditions`, pos);
  const vs = items.map((i) => s.conditionValue(i));
  return name === 'Fn::And' ? vs.every(Boolean) : vs.some(Boolean);
};

const not: Intrinsic = (s, _arg, items, pos) => {
  if (!items || items.length !== 1) return s.err('INTRINSIC_ARITY', 'Fn::Not takes [Condition]', pos);
  return !s.conditionValue(items[0] as CfnNode);
};

/** Every intrinsic function vpcsim evaluates, by name. */
const INTRINSICS: ReadonlyMap<string, Intrinsic> = new Map<string, Intrinsic>([
  ['Ref', ref],
  [
    'Condition',
    (s, arg, _items, pos) => {
      const n = scalarText(arg);
      return n === undefined ? undefined : s.condition(n, pos);
    },
  ],
  ['Fn::GetAtt', getAtt],
  ['Fn::Sub', sub],
  ['Fn::Join', join],
  ['Fn::Select', select],
  ['Fn::Split', split],
  ['Fn::Cidr', cidr],
  ['Fn::GetAZs', getAzs],
  ['Fn::FindInMap', findInMap],
  ['Fn::If', fnIf],
  ['Fn::Equals', equals],
  ['Fn::And', andOr],
  ['Fn::Or', andOr],
  ['Fn::Not', not],
  [
    'Fn::Base64',
    (s, arg) => {
      const str = asText(s.value(arg));
      return str === undefined ? undefined : Buffer.from(str, 'utf8').toString('base64');
    },
  ],
  [
    'Fn::ImportValue',
    (s, arg, _items, pos) => {
      const n = asText(s.value(arg));
      return n === undefined ? undefined : s.host.importValue(n, pos);
    },
  ],
  [
    'Fn::Length',
    (s, arg, _items, pos) => {
      const v = s.value(arg);
      return isList(v) ? v.length : s.err('INTRINSIC_TYPE', 'Fn::Length needs a list', pos);
    },
  ],
  [
    'Fn::ToJsonString',
    (s, arg) => {
      const v = s.value(arg);
      return v === undefined || v === NO_VALUE ? undefined : JSON.stringify(v);
    },
  ],
  ['Fn::Transform', () => undefined],
]);

/** Evaluate the intrinsic function `name` applied to `arg`. */
export function intrinsic(s: IntrinsicScope, name: string, arg: CfnNode, pos: Pos): Evaluated {
  const f = INTRINSICS.get(name);
  if (!f)
    return s.err('UNKNOWN_INTRINSIC', `Template format error: Unrecognized intrinsic function ${name}`, pos);
  return f(s, arg, arg.kind === 'seq' ? arg.items : undefined, pos, name);
}
