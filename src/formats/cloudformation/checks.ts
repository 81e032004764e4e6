/**
 * Static checks CloudFormation performs before creating anything ("Template format error"), run over the whole
 * template whether or not a value is later needed: unknown intrinsic functions, wrong arity/shape, `Ref`/`GetAtt`/
 * `Sub` naming a resource or parameter that does not exist, conditions that are not defined, and circular
 * dependencies between resources (through Ref, GetAtt, Sub and DependsOn).
 *
 * Output: diagnostics with file:line:col (errors, with the message AWS would give) and, per resource, the set of
 * resources it depends on. Input this module does not understand is reported, never executed.
 */
import { error, warning, type Diagnostic } from '../../diag/diagnostic.js';
import { scalarText, type CfnNode, type FnNode } from './node.js';
import { parseSub } from './sub.js';
import { reportCycles } from './dependency-cycles.js';
import { spanOf, type Template } from './template.js';

/** Known intrinsic functions (long names). */
export const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set([
  'Ref',
  'Condition',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Cidr',
  'Fn::GetAZs',
  'Fn::FindInMap',
  'Fn::If',
  'Fn::Equals',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
  'Fn::Base64',
  'Fn::ImportValue',
  'Fn::Length',
  'Fn::ToJsonString',
  'Fn::Transform',
]);

/** Pseudo parameters (Ref AWS::…). */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export interface CheckResult {
  /** Resources each resource depends on (by logical ID). */
  readonly deps: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Split `!GetAtt A.B.C` / `[A, B]` into resource and attribute, or undefined when malformed. */
export function getAttParts(arg: CfnNode): { resource: string; attribute: string | CfnNode } | undefined {
  const s = scalarText(arg);
  if (s !== undefined) {
    const dot = s.indexOf('.');
    if (dot <= 0 || dot === s.length - 1) return undefined;
    return { resource: s.slice(0, dot), attribute: s.slice(dot + 1) };
  }
  if (arg.kind === 'seq' && arg.items.length === 2) {
    const r = scalarText(arg.items[0]);
    const a = arg.items[1];
    if (r === undefined || a === undefined) return undefined;
    const at = scalarText(a);
    return { resource: r, attribute: at ?? a };
  }
  return undefined;
}

/** Run the static checks. Diagnostics are appended to `diags`. */
export function checkTemplate(t: Template, diags: Diagnostic[]): CheckResult {
  const checker = new TemplateChecker(t, diags);
  checker.checkAll();
  reportCycles(t, checker.deps, diags);
  return { deps: checker.deps };
}

/**
 * One pass over a template: every intrinsic function in conditions, resources and outputs, in document order, with
 * the resource it sits in (its owner) collecting what that resource depends on.
 */
class TemplateChecker {
  readonly deps = new Map<string, Set<string>>();

  constructor(
    private readonly t: Template,
    private readonly diags: Diagnostic[],
  ) {}

  checkAll(): void {
    const t = this.t;
    for (const c of t.conditions.values()) this.walk(c.node, undefined, true);
    for (const r of t.resources.values()) {
      this.deps.set(r.logicalId, new Set());
      if (r.condition !== undefined)
        this.checkCondName(r.condition, { pos: r.conditionPos ?? r.pos } as CfnNode);
    }
    for (const r of t.resources.values()) {
      for (const d of r.dependsOn) {
        if (!t.resources.has(d)) {
          this.diags.push(
            error(
              'REF_TO_MISSING',
              `Template format error: Unresolved resource dependencies [${d}] in the Resources block of the template (DependsOn)`,
              spanOf(t.file, r.pos),
            ),
          );
        } else this.deps.get(r.logicalId)?.add(d);
      }
      if (r.props) this.walk(r.props, r.logicalId, false);
    }
    for (const o of t.outputs.values()) {
      if (o.value) this.walk(o.value, undefined, false);
      if (o.exportName) this.walk(o.exportName, undefined, false);
      if (o.condition !== undefined) this.checkCondName(o.condition, { pos: o.pos } as CfnNode);
    }
  }

  private at(n: { pos: { line: number; col: number } }) {
    return spanOf(this.t.file, n.pos);
  }

  private isResource(name: string): boolean {
    return this.t.resources.has(name);
  }

  private isParam(name: string): boolean {
    return this.t.parameters.has(name) || PSEUDO_PARAMETERS.has(name);
  }

  private arity(fn: FnNode, expect: string): void {
    this.diags.push(
      error('INTRINSIC_ARITY', `Template error: ${fn.name} ${expect}`, this.at(fn), { ref: undefined }),
    );
  }

  private dep(owner: string | undefined, name: string): void {
    if (owner !== undefined && this.isResource(name)) this.deps.get(owner)?.add(name);
  }

  private checkCondName(name: string | undefined, node: CfnNode): void {
    if (name === undefined) return;
    if (!this.t.conditions.has(name)) {
      this.diags.push(
        error(
          'UNDEFINED_CONDITION',
          `Template format error: Unresolved condition dependency ${name} (no such entry in Conditions)`,
          this.at(node),
        ),
      );
    }
  }

  private walk(node: CfnNode, owner: string | undefined, inCondition: boolean): void {
    if (node.kind === 'seq') {
      for (const it of node.items) this.walk(it, owner, inCondition);
      return;
    }
    if (node.kind === 'map') {
      for (const e of node.entries) {
        // { Condition: Name } inside a condition function is a condition reference.
        if (inCondition && e.key === 'Condition' && node.entries.length === 1)
          this.checkCondName(scalarText(e.value), e.value);
        else if (e.key.startsWith('Fn::') && node.entries.length > 1) {
          this.diags.push(
            warning(
              'INTRINSIC_IN_MAP',
              `${e.key} must be the only key of its mapping; treated as a plain key`,
              spanOf(this.t.file, e.keyPos),
            ),
          );
        }
        this.walk(e.value, owner, inCondition);
      }
      return;
    }
    if (node.kind === 'fn') this.walkFn(node, owner, inCondition);
  }

  /** One intrinsic function: its name, its shape, what it names; then its argument. */
  private walkFn(fn: FnNode, owner: string | undefined, inCondition: boolean): void {
    if (!KNOWN_FUNCTIONS.has(fn.name)) {
      this.diags.push(
        error(
          'UNKNOWN_INTRINSIC',
          `Template format error: Unrecognized intrinsic function ${fn.short ? '!' + fn.name.replace(/^Fn::/, '') : fn.name}`,
          this.at(fn),
        ),
      );
      return;
    }
    const a = fn.arg;
    const items = a.kind === 'seq' ? a.items : undefined;
    switch (fn.name) {
      case 'Ref':
        this.checkRef(fn, owner, inCondition);
        return;
      case 'Condition': {
        const name = scalarText(a);
        if (name === undefined) this.arity(fn, 'takes a condition name');
        else this.checkCondName(name, fn);
        return;
      }
      case 'Fn::GetAtt':
        this.checkGetAtt(fn, owner, inCondition);
        return;
      case 'Fn::Sub':
        this.checkSub(fn, owner, inCondition);
        return;
      case 'Fn::If':
        if (!items || items.length !== 3) this.arity(fn, 'takes [ConditionName, ValueIfTrue, ValueIfFalse]');
        else this.checkCondName(scalarText(items[0]), items[0] ?? fn);
        if (items && items.length === 3) {
          this.walk(items[1] as CfnNode, owner, inCondition);
          this.walk(items[2] as CfnNode, owner, inCondition);
        }
        return;
      case 'Fn::And':
      case 'Fn::Or':
        if (!items || items.length < 2 || items.length > 10)
          this.arity(fn, 'takes between 2 and 10 conditions');
        if (items) for (const it of items) this.walk(it, owner, true);
        return;
      case 'Fn::Not':
        if (!items || items.length !== 1) this.arity(fn, 'takes [Condition]');
        if (items) for (const it of items) this.walk(it, owner, true);
        return;
      case 'Fn::Transform':
        this.diags.push(
          warning(
            'UNSUPPORTED_TRANSFORM',
            'Fn::Transform (macros) is not evaluated; the value is left out',
            this.at(fn),
          ),
        );
        return;
      default:
        this.checkListArity(fn, items);
        break;
    }
    this.walk(a, owner, inCondition);
  }

  /** Functions whose argument is a list of a fixed length. */
  private checkListArity(fn: FnNode, items: readonly CfnNode[] | undefined): void {
    const n = items?.length;
    switch (fn.name) {
      case 'Fn::Join':
        if (n !== 2) this.arity(fn, 'takes [Delimiter, [Values]]');
        break;
      case 'Fn::Select':
        if (n !== 2) this.arity(fn, 'takes [Index, [Values]]');
        break;
      case 'Fn::Split':
        if (n !== 2) this.arity(fn, 'takes [Delimiter, String]');
        break;
      case 'Fn::Cidr':
        if (n !== 3) this.arity(fn, 'takes [ipBlock, count, cidrBits]');
        break;
      case 'Fn::FindInMap':
        if (n !== 3 && n !== 4) this.arity(fn, 'takes [MapName, TopLevelKey, SecondLevelKey]');
        break;
      case 'Fn::Equals':
        if (n !== 2) this.arity(fn, 'takes [Value1, Value2]');
        break;
      default:
        break;
    }
  }

  private checkRef(fn: FnNode, owner: string | undefined, inCondition: boolean): void {
    const a = fn.arg;
    const name = scalarText(a);
    if (name === undefined) {
      if (a.kind === 'fn') this.walk(a, owner, inCondition);
      else this.arity(fn, 'takes the name of a parameter or resource');
      return;
    }
    if (!this.isParam(name) && !this.isResource(name)) {
      this.diags.push(
        error(
          'REF_TO_MISSING',
          `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`,
          this.at(fn),
        ),
      );
    } else this.dep(owner, name);
  }

  private checkGetAtt(fn: FnNode, owner: string | undefined, inCondition: boolean): void {
    const parts = getAttParts(fn.arg);
    if (!parts) {
      this.arity(fn, 'takes [LogicalName, AttributeName] or "LogicalName.AttributeName"');
      return;
    }
    if (!this.isResource(parts.resource)) {
      this.diags.push(
        error(
          'REF_TO_MISSING',
          `Template error: instance of Fn::GetAtt references undefined resource ${parts.resource}`,
          this.at(fn),
        ),
      );
    } else this.dep(owner, parts.resource);
    if (typeof parts.attribute !== 'string') this.walk(parts.attribute, owner, inCondition);
  }

  private checkSub(fn: FnNode, owner: string | undefined, inCondition: boolean): void {
    const a = fn.arg;
    let str: string | undefined;
    let vars = new Set<string>();
    if (a.kind === 'seq') {
      if (a.items.length !== 2 || a.items[1]?.kind !== 'map') {
        this.arity(fn, 'takes a string or [String, {Var: Value}]');
        return;
      }
      str = scalarText(a.items[0]);
      const m = a.items[1];
      vars = new Set(m.entries.map((e) => e.key));
      this.walk(m, owner, inCondition);
    } else str = scalarText(a);
    if (str === undefined) {
      this.arity(fn, 'takes a string or [String, {Var: Value}]');
      return;
    }
    for (const p of parseSub(str)) {
      if (p.kind !== 'var' || vars.has(p.name)) continue;
      const dot = p.name.indexOf('.');
      const base = dot > 0 ? p.name.slice(0, dot) : p.name;
      if (dot > 0 ? this.isResource(base) : this.isParam(base) || this.isResource(base))
        this.dep(owner, base);
      else {
        this.diags.push(
          error(
            'REF_TO_MISSING',
            `Template format error: Unresolved resource dependencies [${base}] in the Resources block of the template (Fn::Sub \${${p.name}})`,
            this.at(fn),
          ),
        );
      }
    }
  }
}
