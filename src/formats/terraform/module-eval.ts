/**
 * Evaluate a Terraform configuration (root module and local child modules) into resource instances.
 *
 * Model: values are computed lazily and memoised — a variable, local, resource attribute, data source or module
 * output is evaluated on first use, so references between resources resolve in any order; a reference cycle is
 * reported (TF_CYCLE) and yields an Unknown. A resource with `count` becomes instances `TYPE.NAME[i]`, with
 * `for_each` `TYPE.NAME["key"]`; inside a module the address is prefixed `module.NAME.`. The value of `TYPE.NAME.id`
 * is the instance's address itself (ids in the model are Terraform addresses); other attributes are what the
 * configuration says, a few computed ones are derived (a VPC's default route table / SG / NACL ids, an instance's
 * primary ENI, Network Firewall endpoint ids), and the rest are Unknown (deploy-time values). Data sources:
 * `aws_availability_zones` (opts.azs, default `<region>a…c`), `aws_region`, `aws_partition`; others are Unknown.
 * Module calls: a local source is read from its folder; any other (registry, git, URL) from the folder
 * `terraform init` downloaded it to, found in `.terraform/modules/modules.json` (module-manifest.ts) — without it,
 * warning TF_MODULE_NOT_LOCAL (run terraform init, or use `terraform show -json`) and its outputs are unknown. A
 * module with `count` / `for_each` is expanded like a resource: instances `module.NAME[0]` / `module.NAME["k"]`,
 * each with its own inputs (`count.index`, `each.key`/`each.value` in the module block), and `module.NAME` is then
 * a list / map of their outputs. `depends_on` orders nothing offline and is accepted; `providers` passing a
 * provider whose Region differs from the configuration's is a warning (one Region per configuration is modelled).
 * Every evaluation error becomes one diagnostic at the attribute that holds the faulty expression.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { error, warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import { parseJsonText } from '../json-source.js';
import type { ImportOptions } from '../import-result.js';
import { readInputFile, readInputFileSync } from '../input-file.js';
import { LIMIT_CODES, LIMITS } from '../limits.js';
import { asEvalError, EvalBudget } from './budget.js';
import { childScope, entries, evaluate, type Scope } from './expr-eval.js';
import { loadModuleCalls } from './module-sources.js';
import { parseExpression, parseTemplate, type Expr } from './expr-parse.js';
import type { FunctionContext } from './functions.js';
import type { HclParser } from './hcl-parser.js';
import { loadModule, parseHcl, type BlockDef, type ModuleDef, type Raw, type RawObject } from './hcl-load.js';
import {
  EvalError,
  isObj,
  isUnknown,
  RESOURCE,
  ROOT,
  toStr,
  UndeclaredDataSource,
  Unknown,
  type TfObject,
  type TfValue,
} from './value.js';
import { UndeclaredData } from './undeclared-data.js';
import type { DiagnosticCode } from '../../diag/codes.js';

export interface TfInstance {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly attrs: TfObject;
  /** The block as written (for user_data source positions). */
  readonly block: BlockDef;
  readonly span: Span;
  /** Span of each attribute / nested block occurrence (`ingress.0`). */
  readonly spans: Readonly<Record<string, Span>>;
  readonly moduleDir: string;
}

export interface EvaluatedConfig {
  readonly instances: readonly TfInstance[];
  readonly region: string;
  readonly files: readonly string[];
  /** Modules that could not be read (registry, git): address and source. */
  readonly externalModules: readonly {
    readonly address: string;
    readonly source: string;
    readonly span: Span;
  }[];
  /** Values that name an undeclared data source (reported by the mapping, undeclared-data.ts). */
  readonly undeclared: UndeclaredData;
}

const info = (code: DiagnosticCode, message: string, span?: Span): Diagnostic => ({
  severity: 'info',
  code,
  message,
  span,
});

const META = new Set([
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
  'provisioner',
  'connection',
  'timeouts',
]);
const MODULE_META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

function isRawObject(v: Raw | undefined): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse-once cache of template strings, per evaluation. */
type ParseCache = Map<string, Expr>;

function templateExpr(s: string, cache: ParseCache): Expr {
  let e = cache.get(s);
  if (!e) {
    e =
      s.includes('${') || s.includes('%{')
        ? { k: 'tmpl', parts: parseTemplate(s) }
        : { k: 'lit', v: s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') };
    cache.set(s, e);
  }
  return e;
}

interface InstCtx {
  readonly count?: TfValue | undefined;
  readonly each?: TfValue | undefined;
}

/** One evaluation of a whole configuration. */
class Evaluator {
  readonly diags: Diagnostic[];
  readonly cache: ParseCache = new Map();
  readonly byAddress = new Map<string, TfObject>();
  readonly instances: {
    address: string;
    type: string;
    name: string;
    obj: TfObject;
    block: BlockDef;
    mod: ModuleInst;
  }[] = [];
  readonly modules: ModuleInst[] = [];
  readonly external: { address: string; source: string; span: Span }[] = [];
  /** Every module call's definition by call path (`vpc`, `vpc.nested`), loaded before evaluation; null: unread. */
  readonly defs = new Map<string, ModuleDef | null>();
  readonly reported = new Set<string>();
  readonly budget = new EvalBudget();
  /** Resource instances count and for_each have created so far (LIMITS.expansionTotal). */
  expanded = 0;
  readonly undeclared = new UndeclaredData();
  region = 'us-east-1';
  /** The Region of each aliased aws provider of the root module (`aws.west` → `us-west-2`). */
  readonly aliasRegions = new Map<string, string>();
  constructor(
    readonly opts: ImportOptions,
    diags: Diagnostic[],
    readonly rootDir: string,
  ) {
    this.diags = diags;
  }
  report(d: Diagnostic): void {
    const k = `${d.code}|${d.message}|${d.span?.file ?? ''}:${d.span?.line ?? 0}`;
    if (this.reported.has(k)) return;
    this.reported.add(k);
    this.diags.push(d);
  }
  /** The folders `file()` and `templatefile()` may read: the root module's and every local module's (real paths). */
  configDirs(): string[] {
    const dirs = new Set<string>();
    for (const d of [this.rootDir, ...this.modules.map((m) => m.def.dir)]) {
      try {
        dirs.add(realpathSync(d));
      } catch {
        // a folder that cannot be resolved allows nothing
      }
    }
    return [...dirs];
  }
  /** Pay for `n` instances of one resource block; an EvalError with TF_EXPANSION_LIMIT when over a limit. */
  expand(n: number, where: string, how: string): void {
    if (n > LIMITS.expansionPerBlock)
      throw new EvalError(
        `${how} asks for ${n.toLocaleString('en-US')} instances; vpcsim expands at most ${LIMITS.expansionPerBlock.toLocaleString('en-US')} per block (no instance of it is modelled)`,
        LIMIT_CODES.expansion,
      );
    if (this.expanded + n > LIMITS.expansionTotal)
      throw new EvalError(
        `${how} would bring the configuration to ${(this.expanded + n).toLocaleString('en-US')} resource instances; vpcsim expands at most ${LIMITS.expansionTotal.toLocaleString('en-US')} in all (no instance of it is modelled)`,
        LIMIT_CODES.expansion,
      );
    this.expanded += n;
  }
  azs(): TfValue {
    const given = this.opts.azs?.[this.region];
    return given ? [...given] : ['a', 'b', 'c'].map((s) => `${this.region}${s}`);
  }
}

/**
 * `file()` / `templatefile()`: the text of a file inside the configuration's folders (its root module's and local
 * modules' trees, symbolic links resolved), at most `LIMITS.fileFunctionBytes`; undefined when there is no such file.
 * A path outside them is refused with TF_FILE_OUTSIDE_CONFIGURATION (its content is never read, so never shown).
 */
function readConfigFile(
  candidates: readonly string[],
  written: string,
  dirs: readonly string[],
): string | undefined {
  let real: string | undefined;
  for (const c of candidates) {
    try {
      real = realpathSync(c);
      break;
    } catch {
      // not there: the next candidate
    }
  }
  if (real === undefined) return undefined;
  const inside = dirs.some((d) => {
    const r = relative(d, real);
    return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
  });
  if (!inside)
    throw new EvalError(
      `"${written}" is outside the configuration's folders (${dirs.join(', ')}); vpcsim reads files only inside them (use path.module)`,
      LIMIT_CODES.fileOutside,
    );
  const r = readInputFileSync(real, LIMITS.fileFunctionBytes);
  if (!r.ok) throw new EvalError(r.diagnostic.message, r.diagnostic.code);
  return r.text;
}

/** Evaluation errors → diagnostics: a missing file is a warning (value unknown), anything else an error. */
function reportEval(ev: Evaluator, thrown: unknown, span: Span, where: string): TfValue {
  const e = asEvalError(thrown);
  if (!(e instanceof EvalError)) throw e;
  if (e.code === 'TF_FILE_MISSING' || e.code === LIMIT_CODES.fileOutside)
    ev.report(warning(e.code, `${where}: ${e.message}; its value is unknown`, span));
  else ev.report(error(e.code, `${where}: ${e.message}`, span));
  return new Unknown(`${where} (error)`);
}

/** How a block with `count` / `for_each` repeats: one instance, a list, or a map of them. */
interface Expansion {
  readonly shape: 'one' | 'list' | 'map';
  /** Address suffix (`[0]`, `["a"]`), key, and the `count` / `each` the instance sees. */
  readonly items: readonly { readonly suffix: string; readonly key: string; readonly ctx: InstCtx }[];
}

/** The instances of one module call. */
type ModuleCallInstances =
  | { readonly shape: 'one' | 'list' | 'map'; readonly insts: readonly [string, ModuleInst][] }
  | { readonly shape: 'none' }
  | { readonly shape: 'unknown'; readonly value: Unknown };

class ModuleInst {
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
        evaluate({ k: 'tmpl', parts: parseTemplate(text) }, { lookup: (n) => vars[n], fn }),
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

  /** How `b` repeats (`count`, `for_each`, or once); Unknown when that depends on a value known only after apply. */
  expansion(b: BlockDef, base: string): Expansion | Unknown {
    if ('count' in b.body) {
      const span = this.spanOfBlock(b, 'count');
      const c = this.evalRaw(b.body['count'] ?? null, this.scopeBase, span, `${base}.count`);
      if (isUnknown(c)) {
        this.ev.report(
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
      if (!this.expandOrReport(n, base, `count = ${n}`, span)) return { shape: 'list', items: [] };
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
      const span = this.spanOfBlock(b, 'for_each');
      const fe = this.evalRaw(b.body['for_each'] ?? null, this.scopeBase, span, `${base}.for_each`);
      if (isUnknown(fe)) {
        this.ev.report(
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
      this.ev.expand(pairs.length, base, 'for_each');
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

  /** A resource instance: its attributes are evaluated on first access. */
  instance(b: BlockDef, address: string, ctx: InstCtx): TfObject {
    const [type, name] = b.labels as [string, string];
    const scope: Scope = childScope(this.scopeBase, {
      ...(ctx.count !== undefined ? { count: ctx.count } : {}),
      ...(ctx.each !== undefined ? { each: ctx.each } : {}),
    });
    const o: TfObject = {};
    Object.defineProperty(o, RESOURCE, { value: address, enumerable: false });
    const keys = new Set(Object.keys(b.body).filter((k) => !META.has(k) && k !== 'dynamic'));
    const dyn = b.body['dynamic'];
    if (isRawObject(dyn)) for (const k of Object.keys(dyn)) keys.add(k);
    for (const k of keys) {
      Object.defineProperty(o, k, {
        enumerable: true,
        get: () =>
          this.memoised(`attr.${address}.${k}`, this.spanOfBlock(b, k), `${address}.${k}`, () => {
            const stat =
              k in b.body
                ? this.evalRaw(b.body[k] ?? null, scope, this.spanOfBlock(b, k), `${address}.${k}`)
                : null;
            if (isRawObject(dyn) && k in dyn) {
              const d = this.dynamicBlocks(dyn, k, scope, this.spanOfBlock(b, k), address);
              return [...(Array.isArray(stat) ? stat : []), ...d];
            }
            return stat;
          }),
      });
    }
    const computed = (k: string, get: () => TfValue) => {
      if (!keys.has(k) && !Object.prototype.hasOwnProperty.call(o, k))
        Object.defineProperty(o, k, { enumerable: false, get });
    };
    computed('id', () => address);
    if (type.startsWith('aws_networkfirewall_')) computed('arn', () => address);
    if (type === 'aws_eip') computed('allocation_id', () => address);
    // An Auto Scaling group may name its template by name; one set at apply (name_prefix) is the template itself.
    if (type === 'aws_launch_template' || type === 'aws_launch_configuration')
      computed('name', () => address);
    if (type === 'aws_vpc') {
      computed('default_route_table_id', () => `${address}.default_route_table`);
      computed('main_route_table_id', () => `${address}.default_route_table`);
      computed('default_security_group_id', () => `${address}.default_security_group`);
      computed('default_network_acl_id', () => `${address}.default_network_acl`);
    }
    if (type === 'aws_instance')
      computed('primary_network_interface_id', () => `${address}.primary_network_interface`);
    if (type === 'aws_networkfirewall_firewall')
      computed('firewall_status', () => {
        const maps = o['subnet_mapping'];
        const states: TfValue[] = [];
        for (const m of Array.isArray(maps) ? maps : []) {
          const sid = isObj(m) ? m['subnet_id'] : null;
          if (typeof sid !== 'string') continue;
          const az = this.ev.byAddress.get(sid)?.['availability_zone'];
          states.push({
            availability_zone: typeof az === 'string' ? az : sid,
            attachment: [
              {
                endpoint_id: `${address}@${typeof az === 'string' ? az : sid}`,
                subnet_id: sid,
                status: 'READY',
              },
            ],
          });
        }
        return [{ sync_states: states }];
      });
    this.ev.byAddress.set(address, o);
    this.ev.instances.push({ address, type, name, obj: o, block: b, mod: this });
    return o;
  }

  data(key: string): TfValue {
    const b = this.def.data.get(key);
    if (!b) throw new EvalError(`reference to undeclared data source "data.${key}"`, 'TF_UNKNOWN_REFERENCE');
    const [type] = b.labels as [string, string];
    const address = `${this.prefix}data.${key}`;
    return this.memoised(`data.${key}`, b.pos.span, address, () => {
      const o: TfObject = {};
      Object.defineProperty(o, RESOURCE, { value: address, enumerable: false });
      o['id'] = address;
      switch (type) {
        case 'aws_availability_zones':
          // Placeholder zones: opts.azs[region] or <region>a, b, c.
          o['names'] = this.ev.azs();
          break;
        case 'aws_region':
          o['name'] = this.ev.region;
          o['region'] = this.ev.region;
          o['id'] = this.ev.region;
          break;
        case 'aws_partition':
          o['partition'] = 'aws';
          o['dns_suffix'] = 'amazonaws.com';
          break;
        case 'aws_caller_identity':
          if (this.ev.opts.accountId) o['account_id'] = this.ev.opts.accountId;
          break;
        default:
          this.ev.report(
            info(
              'TF_DATA_SOURCE_UNKNOWN',
              `data.${key}: data sources are not read offline; its attributes are unknown`,
              b.pos.span,
            ),
          );
      }
      return o;
    });
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

/** Value of `--var name=value` given the variable's declared type. */
function cliVar(text: string, type: Raw | undefined): TfValue {
  const t = typeof type === 'string' ? type.replace(/^\$\{|\}$/g, '') : '';
  if (t === '' || t === 'string') return text;
  if (t === 'number') return Number(text);
  if (t === 'bool') return text === 'true';
  try {
    const e: Expr = parseExpression(text);
    return evaluate(e, {
      lookup: () => undefined,
      fn: { readFile: () => undefined, renderTemplate: () => null, budget: new EvalBudget() },
    });
  } catch {
    return text;
  }
}

async function loadVarFile(file: string, diags: Diagnostic[], parser: HclParser): Promise<RawObject> {
  const read = await readInputFile(file);
  if (!read.ok) {
    diags.push(read.diagnostic);
    return {};
  }
  if (file.endsWith('.json')) {
    const r = parseJsonText(file, read.text);
    if (!r.ok) {
      diags.push(r.diagnostic);
      return {};
    }
    const v = r.source.value;
    return isRawObject(v) ? v : {};
  }
  return ((await parseHcl(parser, file, read.text, diags)) ?? {}) as RawObject;
}

/** Evaluate a root module directory (or file list) with its local child modules. */
export async function evaluateConfig(
  dir: string,
  files: readonly string[],
  opts: ImportOptions,
  diags: Diagnostic[],
  parser: HclParser,
): Promise<EvaluatedConfig> {
  const ev = new Evaluator(opts, diags, dir);
  const rootDef = await loadModule(dir, files, diags, parser);
  const allFiles = [...files];

  // Root variable values: defaults < terraform.tfvars < *.auto.tfvars < var files < --var.
  const given = new Map<string, TfValue>();
  const empty: Scope = {
    lookup: () => undefined,
    fn: { readFile: () => undefined, renderTemplate: () => null, budget: ev.budget },
  };
  const autoFiles = (
    await import('node:fs/promises').then((fs) => fs.readdir(dir).catch(() => [] as string[]))
  )
    .filter(
      (n) =>
        n === 'terraform.tfvars' ||
        n === 'terraform.tfvars.json' ||
        n.endsWith('.auto.tfvars') ||
        n.endsWith('.auto.tfvars.json'),
    )
    .sort((a, b) => Number(a.includes('.auto.')) - Number(b.includes('.auto.')) || a.localeCompare(b))
    .map((n) => join(dir, n));
  for (const vf of [...autoFiles, ...(opts.varFiles ?? [])]) {
    allFiles.push(vf);
    const raw = await loadVarFile(vf, diags, parser);
    for (const [k, v] of Object.entries(raw)) {
      if (!rootDef.variables.has(k)) {
        diags.push(
          warning('TF_UNDECLARED_VARIABLE', `value for undeclared variable "${k}" in ${vf}; ignored`, {
            file: vf,
            line: 1,
            col: 1,
          }),
        );
        continue;
      }
      try {
        given.set(k, typeof v === 'string' ? v : evaluateRawConst(v, ev.cache, empty));
      } catch (e) {
        reportEval(ev, e, { file: vf, line: 1, col: 1 }, `var.${k}`);
      }
    }
  }
  for (const [k, v] of Object.entries(opts.vars ?? {})) {
    const b = rootDef.variables.get(k);
    if (!b) {
      diags.push(
        error(
          'TF_UNDECLARED_VARIABLE',
          `--var ${k}: no variable "${k}" is declared in the root module`,
          undefined,
        ),
      );
      continue;
    }
    given.set(k, cliVar(v, b.body['type']));
  }
  // Every module call's code, loaded before evaluation so every value can be computed synchronously.
  const loaded = await loadModuleCalls(rootDef, dir, diags, parser);
  for (const [k, d] of loaded.defs) ev.defs.set(k, d);
  ev.external.push(...loaded.external);
  allFiles.push(...loaded.files);
  const root = new ModuleInst(ev, rootDef, '', '', (n) => given.get(n));
  ev.modules.push(root);

  // Region: opts.region, else the aws provider's region, else us-east-1.
  const prov = rootDef.providers.find((p) => p.labels[0] === 'aws' && !('alias' in p.body));
  if (opts.region) ev.region = opts.region;
  else if (prov && 'region' in prov.body) {
    try {
      const r = root.evalRaw(
        prov.body['region'] ?? null,
        root.scopeBase,
        prov.pos.span,
        'provider.aws.region',
      );
      if (typeof r === 'string') ev.region = r;
    } catch (e) {
      reportEval(ev, e, prov.pos.span, 'provider.aws.region');
    }
  }

  for (const p of rootDef.providers) {
    const alias = p.body['alias'];
    if (p.labels[0] !== 'aws' || typeof alias !== 'string' || !('region' in p.body)) continue;
    try {
      const r = root.evalRaw(
        p.body['region'] ?? null,
        root.scopeBase,
        p.pos.span,
        `provider.aws.${alias}.region`,
      );
      if (typeof r === 'string') ev.aliasRegions.set(alias, r);
    } catch (e) {
      reportEval(ev, e, p.pos.span, `provider.aws.${alias}.region`);
    }
  }

  // Instantiate every module call (which appends its instances to ev.modules) and every resource of every
  // module, then evaluate every attribute.
  for (let i = 0; i < ev.modules.length; i++) {
    const m = ev.modules[i];
    if (!m) continue;
    for (const name of m.def.modules.keys()) m.moduleInstances(name);
    for (const key of m.def.resources.keys()) m.resource(key);
  }
  const out: TfInstance[] = [];
  for (const inst of [...ev.instances]) {
    const attrs: TfObject = {};
    for (const k of Object.keys(inst.obj)) attrs[k] = inst.obj[k] ?? null;
    const spans: Record<string, Span> = {};
    for (const [k] of inst.block.pos.attrs) spans[k] = inst.mod.spanOfBlock(inst.block, k);
    for (const [k, lines] of inst.block.pos.nested)
      lines.forEach((line, i) => (spans[`${k}.${i}`] = { file: inst.block.file, line, col: 1 }));
    out.push({
      address: inst.address,
      type: inst.type,
      name: inst.name,
      attrs,
      block: inst.block,
      span: inst.block.pos.span,
      spans,
      moduleDir: inst.mod.def.dir,
    });
  }
  out.sort((a, b) => a.address.localeCompare(b.address));
  return {
    instances: out,
    region: ev.region,
    files: allFiles,
    externalModules: ev.external,
    undeclared: ev.undeclared,
  };
}

function evaluateRawConst(v: Raw, cache: ParseCache, scope: Scope): TfValue {
  if (typeof v === 'string') return evaluate(templateExpr(v, cache), scope);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => evaluateRawConst(x, cache, scope));
  const o: TfObject = {};
  for (const [k, x] of Object.entries(v)) o[k] = evaluateRawConst(x, cache, scope);
  return o;
}
