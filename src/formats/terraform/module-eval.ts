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
 *
 * This module is the entry (variables from --var / --var-file / *.auto.tfvars, the providers' Region, the root
 * instance, then every instance's attributes); the evaluation itself is in evaluator.ts (shared state),
 * module-instance.ts (a module's scope and calls), expansion.ts, resource-instance.ts and data-sources.ts.
 */
import { join } from 'node:path';
import { error, warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import { parseJsonText } from '../json-source.js';
import type { ImportOptions } from '../import-result.js';
import { readInputFile } from '../input-file.js';
import { EvalBudget } from './budget.js';
import { Evaluator, isRawObject, reportEval, templateExpr, type ParseCache } from './evaluator.js';
import { evaluate, type Scope } from './expr-eval.js';
import { parseExpression, type Expr } from './expr-parse.js';
import type { HclParser } from './hcl-parser.js';
import { loadModule, parseHcl, type BlockDef, type Raw, type RawObject } from './hcl-load.js';
import { ModuleInst } from './module-instance.js';
import { loadModuleCalls } from './module-sources.js';
import type { TfObject, TfValue } from './value.js';
import type { UndeclaredData } from './undeclared-data.js';

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
