/**
 * One evaluation of a whole Terraform configuration: what every module instance shares — the diagnostics (each
 * reported once), the parse-once cache of template strings, the resource instances made so far by address, the
 * module instances, the evaluation budget and the expansion count against the input limits, the Region and the
 * aliased providers' Regions, and the folders `file()` / `templatefile()` may read (readConfigFile). reportEval turns
 * an evaluation error into one diagnostic at the attribute that holds the faulty expression.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { error, warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { DiagnosticCode } from '../../diag/codes.js';
import type { ImportOptions } from '../import-result.js';
import { readInputFileSync } from '../input-file.js';
import { LIMIT_CODES, LIMITS } from '../limits.js';
import { own } from '../../model/name-table.js';
import { asEvalError, EvalBudget } from './budget.js';
import { parseTemplate, type Expr } from './expr-parse.js';
import type { BlockDef, ModuleDef, Raw, RawObject } from './hcl-load.js';
import type { ModuleInst } from './module-instance.js';
import { UndeclaredData } from './undeclared-data.js';
import { EvalError, Unknown, type TfObject, type TfValue } from './value.js';

export const info = (code: DiagnosticCode, message: string, span?: Span): Diagnostic => ({
  severity: 'info',
  code,
  message,
  span,
});

export const META = new Set([
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
  'provisioner',
  'connection',
  'timeouts',
]);
export const MODULE_META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

export function isRawObject(v: Raw | undefined): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse-once cache of template strings, per evaluation. */
export type ParseCache = Map<string, Expr>;

export function templateExpr(s: string, cache: ParseCache): Expr {
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

export interface InstCtx {
  readonly count?: TfValue | undefined;
  readonly each?: TfValue | undefined;
}

/** One evaluation of a whole configuration. */
export class Evaluator {
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
    // The region is a name from the input (a provider's `region`): own entries only (issue 21 item 4).
    const given = own(this.opts.azs, this.region);
    return given ? [...given] : ['a', 'b', 'c'].map((s) => `${this.region}${s}`);
  }
}

/**
 * `file()` / `templatefile()`: the text of a file inside the configuration's folders (its root module's and local
 * modules' trees, symbolic links resolved), at most `LIMITS.fileFunctionBytes`; undefined when there is no such file.
 * A path outside them is refused with TF_FILE_OUTSIDE_CONFIGURATION (its content is never read, so never shown).
 */
export function readConfigFile(
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
export function reportEval(ev: Evaluator, thrown: unknown, span: Span, where: string): TfValue {
  const e = asEvalError(thrown);
  if (!(e instanceof EvalError)) throw e;
  if (e.code === 'TF_FILE_MISSING' || e.code === LIMIT_CODES.fileOutside)
    ev.report(warning(e.code, `${where}: ${e.message}; its value is unknown`, span));
  else ev.report(error(e.code, `${where}: ${e.message}`, span));
  return new Unknown(`${where} (error)`);
}
