/**
 * Evaluate HCL expressions and templates (AST from expr-parse.ts) against a scope.
 *
 * Model: a `Scope` resolves root names (`var`, `local`, `aws_vpc`, `count`, `each`, `module`, `data`, `path`, for-
 * expression variables) to values; evaluation is pure apart from the scope's own lazy lookups. Unknown operands
 * make the result Unknown (a conditional with an Unknown test is Unknown). Type errors and missing attributes of
 * plain objects throw `EvalError`; a missing attribute of a resource instance is an Unknown (it is computed by AWS).
 */
import { checkString } from './budget.js';
import type { Expr, TemplatePart } from './expr-ast.js';
import { callFunction, type FunctionContext } from './functions.js';
import {
  EvalError,
  UndeclaredDataSource,
  isObj,
  isUnknown,
  RESOURCE,
  ROOT,
  tfEquals,
  toBool,
  toNum,
  toStr,
  typeName,
  Unknown,
  type TfObject,
  type TfValue,
} from './value.js';

export interface Scope {
  /** Value of a root name, or undefined when the name is not defined. */
  lookup(name: string): TfValue | undefined;
  readonly fn: FunctionContext;
}

/** A scope with extra local names (for expressions, template for, dynamic blocks). */
export function childScope(parent: Scope, names: Readonly<Record<string, TfValue>>): Scope {
  return {
    lookup: (n) => (Object.prototype.hasOwnProperty.call(names, n) ? names[n] : parent.lookup(n)),
    fn: parent.fn,
  };
}

/** A data source type the configuration has no block of, marked so that reading any of its names is reported. */
function typeOfUndeclaredData(root: string): TfObject {
  const o: TfObject = {};
  Object.defineProperty(o, ROOT, { value: root, enumerable: false });
  return o;
}

/** Attribute of a value: `getAttr({a:1}, "a")` → 1. */
export function getAttr(v: TfValue, name: string, desc: string): TfValue {
  if (isUnknown(v)) return new Unknown(`${v.desc}.${name}`);
  if (isObj(v)) {
    if (Object.prototype.hasOwnProperty.call(v, name)) return v[name] ?? null;
    const addr = v[RESOURCE];
    if (addr !== undefined) return new Unknown(`${addr}.${name}`);
    const root = v[ROOT];
    if (root === 'var')
      throw new EvalError(`reference to undeclared input variable "${name}"`, 'TF_UNDECLARED_VARIABLE');
    if (root === 'local')
      throw new EvalError(`reference to undeclared local value "${name}"`, 'TF_UNKNOWN_REFERENCE');
    if (root === 'module')
      throw new EvalError(`reference to undeclared module "${name}"`, 'TF_UNKNOWN_REFERENCE');
    // A data source type with no block: an empty type, so that its instance name is known when it is read.
    if (root === 'data') return typeOfUndeclaredData(`data.${name}`);
    if (root?.startsWith('data.')) throw new UndeclaredDataSource(`${root}.${name}`);
    if (root !== undefined)
      throw new EvalError(`reference to undeclared resource "${root}.${name}"`, 'TF_UNKNOWN_REFERENCE');
    throw new EvalError(
      `unsupported attribute "${name}" (${desc} has no such attribute)`,
      'TF_UNSUPPORTED_ATTRIBUTE',
    );
  }
  if (v === null) throw new EvalError(`attempt to get attribute "${name}" from a null value (${desc})`);
  if (Array.isArray(v))
    throw new EvalError(
      `${desc} is a list; use an index ([0]) or a splat ([*].${name}) to read "${name}"`,
      'TF_UNSUPPORTED_ATTRIBUTE',
    );
  throw new EvalError(`cannot read attribute "${name}" of ${typeName(v)} (${desc})`);
}

/** Index of a value: lists by number, maps by string. */
export function getIndex(v: TfValue, key: TfValue, desc: string): TfValue {
  if (isUnknown(v)) return new Unknown(`${v.desc}[${isUnknown(key) ? '?' : JSON.stringify(key)}]`);
  if (isUnknown(key)) return new Unknown(`${desc}[${key.desc}]`);
  if (Array.isArray(v)) {
    const n = toNum(key);
    if (isUnknown(n)) return n;
    if (!Number.isInteger(n) || n < 0 || n >= v.length)
      throw new EvalError(`invalid index ${n}: ${desc} has ${v.length} element(s)`, 'TF_INDEX_OUT_OF_RANGE');
    return v[n] ?? null;
  }
  if (isObj(v)) {
    const k = toStr(key);
    if (isUnknown(k)) return k;
    if (Object.prototype.hasOwnProperty.call(v, k)) return v[k] ?? null;
    const addr = v[RESOURCE];
    if (addr !== undefined) return new Unknown(`${addr}[${JSON.stringify(k)}]`);
    throw new EvalError(`invalid index: ${desc} has no element "${k}"`, 'TF_INDEX_OUT_OF_RANGE');
  }
  throw new EvalError(`cannot index ${typeName(v)} (${desc})`);
}

/** Short text of an expression, for Unknown descriptions and messages. */
export function exprText(e: Expr): string {
  switch (e.k) {
    case 'var':
      return e.name;
    case 'attr':
      return `${exprText(e.obj)}.${e.name}`;
    case 'index':
      return `${exprText(e.obj)}[${e.key.k === 'lit' ? JSON.stringify(e.key.v) : exprText(e.key)}]`;
    case 'splat':
      return `${exprText(e.src)}[*]${exprText(e.each)}`;
    case 'anon':
      return '';
    case 'lit':
      return JSON.stringify(e.v);
    case 'call':
      return `${e.name}(…)`;
    case 'tmpl':
    case 'tuple':
    case 'object':
    case 'for':
    case 'cond':
    case 'unary':
    case 'binary':
      return e.k;
  }
}

function evalTemplate(parts: readonly TemplatePart[], scope: Scope): TfValue {
  // A template that is exactly one interpolation yields the value itself, not its string form.
  if (parts.length === 1 && parts[0]?.k === 'interp') return evaluate(parts[0].expr, scope);
  let out = '';
  let unknown: Unknown | undefined;
  const run = (ps: readonly TemplatePart[], sc: Scope) => {
    for (const p of ps) {
      checkString(out.length, 'a template');
      if (p.k === 'text') out += p.text;
      else if (p.k === 'interp') {
        const v = evaluate(p.expr, sc);
        const s = toStr(v);
        if (isUnknown(s)) unknown ??= s;
        else out += s;
      } else if (p.k === 'if') {
        const t = toBool(evaluate(p.test, sc));
        if (isUnknown(t)) unknown ??= t;
        else run(t ? p.then : p.else, sc);
      } else {
        const coll = evaluate(p.coll, sc);
        if (isUnknown(coll)) {
          unknown ??= coll;
          continue;
        }
        for (const [k, v] of entries(coll, 'template for'))
          run(p.body, childScope(sc, { [p.valVar]: v, ...(p.keyVar ? { [p.keyVar]: k } : {}) }));
      }
    }
  };
  run(parts, scope);
  return unknown ? new Unknown(`template containing ${unknown.desc}`) : out;
}

/** Key/value pairs of a collection: list → (index, value), object → (key, value) in key order. */
export function entries(v: TfValue, what: string): [TfValue, TfValue][] {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (isObj(v))
    return Object.keys(v)
      .sort()
      .map((k) => [k, v[k] ?? null]);
  throw new EvalError(`${what} needs a list, set or map, got ${typeName(v)}`);
}

function arith(op: string, a: TfValue, b: TfValue): TfValue {
  if (op === '==') return isUnknown(a) || isUnknown(b) ? new Unknown('comparison') : tfEquals(a, b);
  if (op === '!=') return isUnknown(a) || isUnknown(b) ? new Unknown('comparison') : !tfEquals(a, b);
  if (op === '&&' || op === '||') {
    const x = toBool(a);
    const y = toBool(b);
    if (op === '&&' && (x === false || y === false)) return false;
    if (op === '||' && (x === true || y === true)) return true;
    if (isUnknown(x)) return x;
    if (isUnknown(y)) return y;
    return op === '&&' ? x && y : x || y;
  }
  const x = toNum(a);
  const y = toNum(b);
  if (isUnknown(x)) return x;
  if (isUnknown(y)) return y;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) throw new EvalError('division by zero');
      return x / y;
    case '%':
      if (y === 0) throw new EvalError('division by zero');
      return x % y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    default:
      throw new EvalError(`unknown operator ${op}`);
  }
}

/** Evaluate an expression. */
export function evaluate(e: Expr, scope: Scope): TfValue {
  scope.fn.budget?.spend(); // bounded work (budget.ts)
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'tmpl':
      return evalTemplate(e.parts, scope);
    case 'var': {
      const v = scope.lookup(e.name);
      if (v === undefined)
        throw new EvalError(
          /^[a-z0-9]+_[a-z0-9_]+$/.test(e.name)
            ? `reference to undeclared resource type "${e.name}" (no resource "${e.name}" "…" in this module)`
            : `unknown name "${e.name}"`,
          'TF_UNKNOWN_REFERENCE',
        );
      return v;
    }
    case 'anon': {
      const v = scope.lookup('\u0000anon');
      return v ?? null;
    }
    case 'attr':
      return getAttr(evaluate(e.obj, scope), e.name, exprText(e.obj));
    case 'index':
      return getIndex(evaluate(e.obj, scope), evaluate(e.key, scope), exprText(e.obj));
    case 'splat': {
      const src = evaluate(e.src, scope);
      if (isUnknown(src)) return new Unknown(`${src.desc}[*]`);
      // A splat on a single (non-list) value wraps it; null becomes an empty list.
      const list = src === null ? [] : Array.isArray(src) ? src : [src];
      return list.map((x) => evaluate(e.each, childScope(scope, { '\u0000anon': x })));
    }
    case 'call': {
      if (e.name === 'try' || e.name === 'can') {
        // try/can: an argument that fails to evaluate is skipped (Terraform evaluates them lazily).
        for (const a of e.args) {
          try {
            const v = evaluate(a, scope);
            return e.name === 'can' ? (isUnknown(v) ? v : true) : v;
          } catch (err) {
            if (!(err instanceof EvalError)) throw err;
          }
        }
        if (e.name === 'can') return false;
        throw new EvalError('try: no argument could be evaluated without errors');
      }
      const args = e.args.map((a) => evaluate(a, scope));
      if (e.expand) {
        const last = args.pop();
        if (isUnknown(last)) return new Unknown(`${e.name}(…)`);
        if (!Array.isArray(last)) throw new EvalError(`"..." expansion needs a list in call to ${e.name}`);
        args.push(...last);
      }
      const v = callFunction(e.name, args, scope.fn);
      return scope.fn.budget ? scope.fn.budget.built(v, `${e.name}()`) : v;
    }
    case 'tuple':
      return e.items.map((x) => evaluate(x, scope));
    case 'object': {
      const o: TfObject = {};
      for (const it of e.items) {
        const k = toStr(evaluate(it.key, scope));
        if (isUnknown(k)) return new Unknown('object with an unknown key');
        o[k] = evaluate(it.value, scope);
      }
      return o;
    }
    case 'for': {
      const coll = evaluate(e.coll, scope);
      if (isUnknown(coll)) return new Unknown(`for expression over ${coll.desc}`);
      const pairs = entries(coll, 'for expression');
      if (!e.object) {
        const out: TfValue[] = [];
        for (const [k, v] of pairs) {
          const sc = childScope(scope, { [e.valVar]: v, ...(e.keyVar ? { [e.keyVar]: k } : {}) });
          if (e.cond) {
            const c = toBool(evaluate(e.cond, sc));
            if (isUnknown(c)) return new Unknown('for expression with an unknown condition');
            if (!c) continue;
          }
          out.push(evaluate(e.valExpr, sc));
        }
        return out;
      }
      const o: TfObject = {};
      for (const [k, v] of pairs) {
        const sc = childScope(scope, { [e.valVar]: v, ...(e.keyVar ? { [e.keyVar]: k } : {}) });
        if (e.cond) {
          const c = toBool(evaluate(e.cond, sc));
          if (isUnknown(c)) return new Unknown('for expression with an unknown condition');
          if (!c) continue;
        }
        const key = toStr(evaluate(e.keyExpr ?? { k: 'lit', v: null }, sc));
        if (isUnknown(key)) return new Unknown('for expression with an unknown key');
        const val = evaluate(e.valExpr, sc);
        if (e.grouped) {
          const cur = o[key];
          o[key] = Array.isArray(cur) ? [...cur, val] : [val];
        } else {
          if (Object.prototype.hasOwnProperty.call(o, key))
            throw new EvalError(`duplicate object key "${key}" in for expression (use "..." to group)`);
          o[key] = val;
        }
      }
      return o;
    }
    case 'cond': {
      const t = toBool(evaluate(e.test, scope));
      if (isUnknown(t)) return new Unknown(`conditional on ${t.desc}`);
      return t ? evaluate(e.yes, scope) : evaluate(e.no, scope);
    }
    case 'unary': {
      const v = evaluate(e.arg, scope);
      if (e.op === '!') {
        const b = toBool(v);
        return isUnknown(b) ? b : !b;
      }
      const n = toNum(v);
      return isUnknown(n) ? n : -n;
    }
    case 'binary': {
      // && / || evaluate both sides like HCL (no short-circuit), but tolerate an Unknown on the decided side.
      return arith(e.op, evaluate(e.left, scope), evaluate(e.right, scope));
    }
  }
}
