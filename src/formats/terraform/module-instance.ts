/**
 * One instance of a Terraform module (the root, or one instance of a module call): its scope (`var`, `local`,
 * resources, `data`, `module`, `path`, `terraform`) with every value evaluated lazily and memoised — a reference cycle
 * is reported (TF_CYCLE) and yields an Unknown — and its module calls, expanded like resources (count / for_each) into
 * child instances whose inputs are the call's arguments. Resource instances, expansion and data sources are in
 * resource-instance.ts, expansion.ts and data-sources.ts.
 */
import { isAbsolute, join, normalize } from 'node:path';
import { error, warning, type Span } from '../../diag/diagnostic.js';
import { dataSource } from './data-sources.js';
import {
  isRawObject,
  MODULE_META,
  readConfigFile,
  reportEval,
  templateExpr,
  type Evaluator,
  type InstCtx,
} from './evaluator.js';
import { expansionOf, type Expansion } from './expansion.js';
import { childScope, entries, evaluate, type Scope } from './expr-eval.js';
import { parseTemplate } from './expr-parse.js';
import { own } from '../../model/name-table.js';
import type { FunctionContext } from './functions.js';
import type { BlockDef, ModuleDef, Raw, RawObject } from './hcl-load.js';
import { resourceInstance } from './resource-instance.js';
import {
  EvalError,
  isUnknown,
  RESOURCE,
  ROOT,
  UndeclaredDataSource,
  Unknown,
  type TfObject,
  type TfValue,
} from './value.js';

/** The instances of one module call. */
type ModuleCallInstances =
  | { readonly shape: 'one' | 'list' | 'map'; readonly insts: readonly [string, ModuleInst][] }
  | { readonly shape: 'none' }
  | { readonly shape: 'unknown'; readonly value: Unknown };

export class ModuleInst {
  readonly memo = new Map<string, TfValue>();
  readonly busy = new Set<string>();
  readonly children = new Map<string, ModuleCallInstances>();
  readonly scopeBase: Scope;
  private outputsObject: TfObject | undefined;
  constructor(
    readonly ev: Evaluator,
    readonly def: ModuleDef,
    /** `module.nat.` or '' */
    readonly prefix: string,
    /** The call path of this module (`vpc`, `vpc.nested`), '' for the root. */
    readonly key: string,
    /** Input variable values given by the caller (lazy), or undefined when not given. */
    readonly input: (name: string) => TfValue | undefined,
  ) {
    const fn: FunctionContext = {
      readFile: (p) => {
        const full = isAbsolute(p) ? p : join(this.def.dir, p);
        const cached = this.def.texts.get(full) ?? this.def.texts.get(normalize(full));
        if (cached !== undefined) return cached;
        // Relative to the module, else to the working folder (path.module is relative to it, as in Terraform).
        return readConfigFile(isAbsolute(p) ? [p] : [full, p], p, this.ev.configDirs());
      },
      budget: ev.budget,
      renderTemplate: (text, vars) =>
        // A template's names are the map's own keys: `${constructor}` is an unknown name (issue 21 item 4).
        evaluate({ k: 'tmpl', parts: parseTemplate(text) }, { lookup: (n) => own(vars, n), fn }),
    };
    const roots = new Map<string, TfValue>();
    const lazyObj = (names: Iterable<string>, get: (n: string) => TfValue, root?: string): TfObject => {
      const o: TfObject = {};
      if (root) Object.defineProperty(o, ROOT, { value: root, enumerable: false });
      for (const n of names) Object.defineProperty(o, n, { get: () => get(n), enumerable: true });
      return o;
    };
    roots.set(
      'var',
      lazyObj(def.variables.keys(), (n) => this.variable(n), 'var'),
    );
    roots.set(
      'local',
      lazyObj(def.locals.keys(), (n) => this.local(n), 'local'),
    );
    const types = new Map<string, string[]>();
    for (const k of def.resources.keys()) {
      const [t, n] = k.split('.') as [string, string];
      types.set(t, [...(types.get(t) ?? []), n]);
    }
    for (const [t, names] of types)
      roots.set(
        t,
        lazyObj(names, (n) => this.resource(`${t}.${n}`), t),
      );
    const dtypes = new Map<string, string[]>();
    for (const k of def.data.keys()) {
      const [t, n] = k.split('.') as [string, string];
      dtypes.set(t, [...(dtypes.get(t) ?? []), n]);
    }
    const dataObj: TfObject = {};
    Object.defineProperty(dataObj, ROOT, { value: 'data', enumerable: false });
    for (const [t, names] of dtypes) dataObj[t] = lazyObj(names, (n) => this.data(`${t}.${n}`), `data.${t}`);
    roots.set('data', dataObj);
    roots.set(
      'module',
      lazyObj(def.modules.keys(), (n) => this.moduleOutputs(n), 'module'),
    );
    roots.set('path', { module: def.dir, root: ev.rootDir, cwd: process.cwd() });
    roots.set('terraform', { workspace: 'default' });
    this.scopeBase = { lookup: (n) => roots.get(n), fn };
  }

  memoised(key: string, span: Span, where: string, compute: () => TfValue): TfValue {
    if (this.memo.has(key)) return this.memo.get(key) ?? null;
    if (this.busy.has(key)) {
      this.ev.report(error('TF_CYCLE', `${where}: reference cycle (the value depends on itself)`, span));
      return new Unknown(`${where} (cycle)`);
    }
    this.busy.add(key);
    let v: TfValue;
    try {
      v = compute();
    } catch (e) {
      // An attribute or local naming an undeclared data source: reported once mapping knows what reads it.
      v =
        e instanceof UndeclaredDataSource && (key.startsWith('attr.') || key.startsWith('local.'))
          ? this.ev.undeclared.defer(e.source, span, where)
          : reportEval(this.ev, e, span, where);
    } finally {
      this.busy.delete(key);
    }
    this.memo.set(key, v);
    return v;
  }

  /** Evaluate hcl2json output: strings are templates, objects map (with `dynamic` blocks expanded). */
  evalRaw(raw: Raw, scope: Scope, span: Span, where: string): TfValue {
    if (typeof raw === 'string') return evaluate(templateExpr(raw, this.ev.cache), scope);
    if (raw === null || typeof raw !== 'object') return raw;
    if (Array.isArray(raw)) return raw.map((x) => this.evalRaw(x, scope, span, where));
    const o: TfObject = {};
    for (const [k, v] of Object.entries(raw)) {
      if (k === 'dynamic') continue;
      o[k] = this.evalRaw(v, scope, span, `${where}.${k}`);
    }
    const dyn = raw['dynamic'];
    if (isRawObject(dyn))
      for (const name of Object.keys(dyn)) {
        const prev = o[name];
        o[name] = [
          ...(Array.isArray(prev) ? prev : []),
          ...this.dynamicBlocks(dyn, name, scope, span, where),
        ];
      }
    return o;
  }

  /** Expand `dynamic "NAME" { for_each, iterator, content }`. */
  dynamicBlocks(dyn: RawObject, name: string, scope: Scope, span: Span, where: string): TfValue[] {
    const specs = dyn[name];
    const out: TfValue[] = [];
    for (const spec of Array.isArray(specs) ? specs : [specs]) {
      if (!isRawObject(spec)) continue;
      const coll = this.evalRaw(spec['for_each'] ?? null, scope, span, `${where}.dynamic.${name}.for_each`);
      if (isUnknown(coll)) {
        this.ev.report(
          warning(
            'TF_DYNAMIC_UNKNOWN',
            `${where}: dynamic "${name}" iterates over a value known only after apply (${coll.desc}); those blocks are not modelled`,
            span,
          ),
        );
        continue;
      }
      const it = spec['iterator'];
      const iter = typeof it === 'string' ? it.replace(/^\$\{\s*|\s*\}$/g, '') : name;
      const contentRaw = Array.isArray(spec['content']) ? spec['content'][0] : spec['content'];
      for (const [k, v] of entries(coll, `dynamic "${name}" for_each`)) {
        const sc = childScope(scope, { [iter]: { key: k, value: v } });
        out.push(this.evalRaw(contentRaw ?? {}, sc, span, `${where}.${name}`));
      }
    }
    return out;
  }

  readonly lines = new Map<string, string[]>();
  spanOfBlock(b: BlockDef, attr?: string): Span {
    const line = attr ? b.pos.attrs.get(attr) : undefined;
    if (line === undefined) return b.pos.span;
    let ls = this.lines.get(b.file);
    if (!ls) this.lines.set(b.file, (ls = this.def.texts.get(b.file)?.split('\n') ?? []));
    const text = ls[line - 1] ?? '';
    return { file: b.file, line, col: Math.max(1, text.indexOf(attr ?? '') + 1) };
  }

  variable(name: string): TfValue {
    const b = this.def.variables.get(name);
    if (!b) throw new EvalError(`reference to undeclared input variable "${name}"`, 'TF_UNDECLARED_VARIABLE');
    return this.memoised(`var.${name}`, b.pos.span, `var.${name}`, () => {
      const given = this.input(name);
      if (given !== undefined) return given;
      if ('default' in b.body)
        return this.evalRaw(
          b.body['default'] ?? null,
          { lookup: () => undefined, fn: this.scopeBase.fn },
          b.pos.span,
          `var.${name}`,
        );
      this.ev.report(
        warning(
          'TF_VARIABLE_NOT_SET',
          `variable "${name}" has no default and no value was given (--var ${name}=…); resources using it get placeholders`,
          b.pos.span,
        ),
      );
      return new Unknown(`${this.prefix}var.${name}`);
    });
  }

  local(name: string): TfValue {
    const l = this.def.locals.get(name);
    if (!l) throw new EvalError(`reference to undeclared local value "${name}"`, 'TF_UNKNOWN_REFERENCE');
    return this.memoised(`local.${name}`, l.span, `local.${name}`, () =>
      this.evalRaw(l.raw, this.scopeBase, l.span, `local.${name}`),
    );
  }

  /** Pay for `n` instances (Evaluator.expand); over a limit, report at the count/for_each attribute and say no. */
  expandOrReport(n: number, where: string, how: string, span: Span): boolean {
    try {
      this.ev.expand(n, where, how);
      return true;
    } catch (e) {
      reportEval(this.ev, e, span, where);
      return false;
    }
  }

  /** The value of `TYPE.NAME`: one instance object, a list (count) or a map (for_each). */
  resource(key: string): TfValue {
    const b = this.def.resources.get(key);
    if (!b) throw new EvalError(`reference to undeclared resource "${key}"`, 'TF_UNKNOWN_REFERENCE');
    return this.memoised(`resource.${key}`, b.pos.span, this.prefix + key, () => {
      const base = this.prefix + key;
      const x = this.expansion(b, base);
      if (x instanceof Unknown) return x;
      if (x.shape === 'one') return this.instance(b, base, {});
      const made = x.items.map((it) => [it.key, this.instance(b, base + it.suffix, it.ctx)] as const);
      return x.shape === 'list' ? made.map(([, o]) => o) : Object.fromEntries(made);
    });
  }

  /** How `b` repeats (expansion.ts). */
  expansion(b: BlockDef, base: string): Expansion | Unknown {
    return expansionOf(this, b, base);
  }

  /** A resource instance (resource-instance.ts). */
  instance(b: BlockDef, address: string, ctx: InstCtx): TfObject {
    return resourceInstance(this, b, address, ctx);
  }

  /** `data.TYPE.NAME` (data-sources.ts). */
  data(key: string): TfValue {
    return dataSource(this, key);
  }

  /** The instances of module call `name` (expanded on first use, like a resource). */
  moduleInstances(name: string): ModuleCallInstances {
    const have = this.children.get(name);
    if (have) return have;
    const b = this.def.modules.get(name);
    const key = this.key ? `${this.key}.${name}` : name;
    const def = this.ev.defs.get(key);
    const base = `${this.prefix}module.${name}`;
    if (!b || !def) {
      this.children.set(name, { shape: 'none' });
      return { shape: 'none' };
    }
    if (this.busy.has(`module.${name}`)) {
      this.ev.report(
        error('TF_CYCLE', `${base}: its count or for_each depends on its own outputs`, b.pos.span),
      );
      return { shape: 'unknown', value: new Unknown(`${base} (cycle)`) };
    }
    this.busy.add(`module.${name}`);
    let out: ModuleCallInstances;
    try {
      const x = this.expansion(b, base);
      out =
        x instanceof Unknown
          ? { shape: 'unknown', value: x }
          : {
              shape: x.shape,
              insts: (x.shape === 'one' ? [{ suffix: '', key: '', ctx: {} }] : x.items).map((it) => [
                it.key,
                this.childModule(b, def, key, base + it.suffix, it.ctx),
              ]),
            };
    } catch (e) {
      out = { shape: 'unknown', value: reportEval(this.ev, e, b.pos.span, base) as Unknown };
    } finally {
      this.busy.delete(`module.${name}`);
    }
    this.children.set(name, out);
    return out;
  }

  /** One instance of a module call: its inputs are the call's arguments, evaluated here with its count/each. */
  childModule(b: BlockDef, def: ModuleDef, key: string, address: string, ctx: InstCtx): ModuleInst {
    for (const k of Object.keys(b.body))
      if (!MODULE_META.has(k) && !def.variables.has(k))
        this.ev.report(
          error(
            'TF_UNDECLARED_VARIABLE',
            `${address}: argument "${k}" is not a variable of module "${typeof b.body['source'] === 'string' ? b.body['source'] : ''}"`,
            this.spanOfBlock(b, k),
          ),
        );
    this.checkProviders(b, address);
    const scope = childScope(this.scopeBase, {
      ...(ctx.count !== undefined ? { count: ctx.count } : {}),
      ...(ctx.each !== undefined ? { each: ctx.each } : {}),
    });
    const child = new ModuleInst(this.ev, def, `${address}.`, key, (n) =>
      n in b.body && !MODULE_META.has(n)
        ? this.memoised(`modarg.${address}.${n}`, this.spanOfBlock(b, n), `${address}.${n}`, () =>
            this.evalRaw(b.body[n] ?? null, scope, this.spanOfBlock(b, n), `${address}.${n}`),
          )
        : undefined,
    );
    this.ev.modules.push(child);
    return child;
  }

  /** `providers = { aws = aws.west }`: a provider in another Region than the one modelled is a warning. */
  checkProviders(b: BlockDef, address: string): void {
    const passed = b.body['providers'];
    if (!isRawObject(passed)) return;
    for (const [local, ref] of Object.entries(passed)) {
      const alias = typeof ref === 'string' ? /^\$\{\s*aws\.([\w-]+)\s*\}$/.exec(ref)?.[1] : undefined;
      const region = alias === undefined ? undefined : this.ev.aliasRegions.get(alias);
      if (!local.startsWith('aws') || region === undefined || region === this.ev.region) continue;
      this.ev.report(
        warning(
          'TF_MODULE_PROVIDER_REGION',
          `${address}: the provider aws.${alias ?? ''} passed to it is in ${region}, but vpcsim models one Region per configuration; its resources are modelled in ${this.ev.region}`,
          this.spanOfBlock(b, 'providers'),
        ),
      );
    }
  }

  /** This module instance's outputs, each evaluated on first use. */
  outputs(address: string): TfObject {
    if (this.outputsObject) return this.outputsObject;
    const o: TfObject = {};
    for (const [out, ob] of this.def.outputs)
      Object.defineProperty(o, out, {
        enumerable: true,
        get: () =>
          this.memoised(`output.${out}`, ob.pos.span, `${address}.${out}`, () =>
            this.evalRaw(ob.body['value'] ?? null, this.scopeBase, ob.pos.span, `${address}.${out}`),
          ),
      });
    this.outputsObject = o;
    return o;
  }

  /** `module.NAME`: the outputs of its one instance, or a list / map of them (count / for_each). */
  moduleOutputs(name: string): TfValue {
    if (!this.def.modules.has(name))
      throw new EvalError(`reference to undeclared module "${name}"`, 'TF_UNKNOWN_REFERENCE');
    const address = `${this.prefix}module.${name}`;
    const c = this.moduleInstances(name);
    if (c.shape === 'unknown') return c.value;
    if (c.shape === 'none') {
      const o: TfObject = {};
      Object.defineProperty(o, RESOURCE, { value: address, enumerable: false });
      return o;
    }
    const outs = c.insts.map(([k, m]): [string, TfObject] => [k, m.outputs(m.prefix.slice(0, -1))]);
    if (c.shape === 'one') return outs[0]?.[1] ?? {};
    return c.shape === 'list' ? outs.map(([, o]) => o) : Object.fromEntries(outs);
  }
}
