/**
 * Evaluation of one stack's template values: parameters (defaults, overrides, AllowedValues/AllowedPattern, list
 * types), pseudo parameters, Mappings, Conditions and every intrinsic function (Ref, GetAtt, Sub, Join, Select,
 * Split, Cidr, GetAZs, FindInMap, If/Equals/And/Or/Not, Base64, ImportValue, Length, ToJsonString).
 *
 * Model: values are plain JSON-like data (`CfnValue`), `NO_VALUE` for `AWS::NoValue` (removed from the enclosing
 * list or mapping) and `undefined` for "could not be evaluated" — always with a diagnostic at the node's
 * file:line:col. What a resource *is* at deploy time (Ref/GetAtt of resources, exports of other stacks) comes from
 * the `EvalHost`, so this module knows no resource types. Evaluation is lazy (only values the importer needs) and
 * guarded against circular conditions. A template is data: nothing in it is ever executed.
 */
import { error, warning, type Diagnostic } from '../../diag/diagnostic.js';
import { userRegExp } from '../user-regexp.js';
import { own } from '../../model/name-table.js';
import {
  asText,
  isList,
  NO_VALUE,
  type CfnValue,
  type EvalContext,
  type Evaluated,
  type EvalHost,
} from './cfn-value.js';
import { PSEUDO_PARAMETERS } from './checks.js';
import { intrinsic, type IntrinsicScope } from './intrinsics.js';
import { scalarText, type CfnNode, type Pos } from './node.js';
import { spanOf, type ParameterDecl, type Template } from './template.js';
import type { DiagnosticCode } from '../../diag/codes.js';

export { NO_VALUE, type CfnValue, type EvalContext, type Evaluated, type EvalHost } from './cfn-value.js';

/** Documentation-range values tried against a parameter's AllowedPattern, so a placeholder is a value AWS accepts. */
const PATTERN_CANDIDATES = ['192.0.2.10/32', '192.0.2.0/24', '10.0.0.0/16', '192.0.2.10', '1'];

function patternPlaceholder(pattern: string | undefined): string | undefined {
  if (pattern === undefined) return undefined;
  const re = userRegExp(`^(?:${pattern})$`);
  if ('error' in re) return undefined;
  return PATTERN_CANDIDATES.find((c) => re.test(c));
}

function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Evaluates values of one template. Create one per stack. */
export class Evaluator implements IntrinsicScope {
  private readonly params = new Map<string, CfnValue>();
  private readonly condMemo = new Map<string, boolean>();
  private readonly condBusy = new Set<string>();
  readonly file: string;

  constructor(
    readonly template: Template,
    readonly ctx: EvalContext,
    readonly host: EvalHost,
    private readonly diags: Diagnostic[],
  ) {
    this.file = template.file;
    let azIndex = 0;
    for (const p of template.parameters.values()) {
      const v = this.resolveParameter(p, azIndex);
      if (p.type === 'AWS::EC2::AvailabilityZone::Name') azIndex++;
      if (v !== undefined) this.params.set(p.name, v);
    }
  }

  /** Record an error; returns `undefined` (as an `Evaluated`) so callers can `return this.err(…)`. */
  err(code: DiagnosticCode, message: string, pos: Pos): Evaluated {
    this.diags.push(error(code, message, spanOf(this.file, pos)));
    return undefined;
  }

  private resolveParameter(p: ParameterDecl, azIndex: number): CfnValue | undefined {
    // A parameter named `constructor` or `toString` is the template's own, not the prototype's (issue 21 item 4).
    const override = own(this.ctx.params, p.name);
    let raw: string | undefined = override;
    if (raw === undefined && p.defaultNode) {
      const d = p.defaultNode;
      if (d.kind === 'seq') raw = d.items.map((i) => scalarText(i) ?? '').join(',');
      else raw = scalarText(d);
    }
    const isList =
      p.type === 'CommaDelimitedList' || p.type.startsWith('List<') || p.type.includes('::List<');
    let placeholderUsed = false;
    if (raw === undefined) {
      // No default and no override: AWS would prompt for it. Use a deterministic placeholder and say so.
      let placeholder: string;
      placeholderUsed = true;
      if (p.type === 'AWS::EC2::AvailabilityZone::Name')
        placeholder = this.ctx.azs[azIndex % Math.max(1, this.ctx.azs.length)] ?? `${this.ctx.region}a`;
      else if (p.type === 'List<AWS::EC2::AvailabilityZone::Name>') placeholder = this.ctx.azs.join(',');
      else if (p.allowedValues && p.allowedValues.length > 0) placeholder = p.allowedValues[0] ?? '';
      else placeholder = patternPlaceholder(p.allowedPattern) ?? `<${p.name}>`;
      this.diags.push(
        warning(
          'PARAMETER_NO_VALUE',
          `parameter ${p.name} has no Default and no --param value; assuming "${placeholder}"`,
          spanOf(this.file, p.pos),
        ),
      );
      raw = placeholder;
    }
    const values = isList ? raw.split(',').map((s) => s.trim()) : [raw];
    if (!placeholderUsed && p.allowedValues && p.allowedValues.length > 0) {
      for (const v of values) {
        if (!p.allowedValues.includes(v)) {
          this.err(
            'PARAMETER_NOT_ALLOWED',
            `Parameter '${p.name}' must be one of AllowedValues (${p.allowedValues.join(', ')}); got "${v}"`,
            p.pos,
          );
        }
      }
    }
    if (p.allowedPattern !== undefined && !placeholderUsed) {
      // A pattern JavaScript cannot compile, or that could backtrack without end, is not checked.
      const compiled = userRegExp(`^(?:${p.allowedPattern})$`);
      const re = 'error' in compiled ? undefined : compiled;
      if (re)
        for (const v of values)
          if (!re.test(v))
            this.err(
              'PARAMETER_NOT_ALLOWED',
              `Parameter '${p.name}' must match pattern ${p.allowedPattern}; got "${v}"`,
              p.pos,
            );
    }
    if (!placeholderUsed && p.type === 'Number' && !/^-?[0-9]+(\.[0-9]+)?$/.test(raw.trim())) {
      this.err('PARAMETER_NOT_ALLOWED', `Parameter '${p.name}' must be a number; got "${raw}"`, p.pos);
    }
    return isList ? values : raw;
  }

  /** The value of a parameter or pseudo parameter, or undefined if not defined. */
  parameter(name: string): Evaluated {
    switch (name) {
      case 'AWS::Region':
        return this.ctx.region;
      case 'AWS::AccountId':
        return this.ctx.accountId;
      case 'AWS::StackName':
        return this.ctx.stackName;
      case 'AWS::Partition':
        return partition(this.ctx.region);
      case 'AWS::URLSuffix':
        return this.ctx.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackId':
        return `arn:${partition(this.ctx.region)}:cloudformation:${this.ctx.region}:${this.ctx.accountId}:stack/${this.ctx.stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return this.params.get(name);
    }
  }

  /** Is the resource created (its Condition true, or none)? */
  resourceEnabled(logicalId: string): boolean {
    const r = this.template.resources.get(logicalId);
    if (!r) return false;
    return r.condition === undefined ? true : this.condition(r.condition, r.conditionPos ?? r.pos);
  }

  /** Evaluate a named condition (memoised; a circular definition is an error and false). */
  condition(name: string, pos: Pos): boolean {
    const memo = this.condMemo.get(name);
    if (memo !== undefined) return memo;
    const decl = this.template.conditions.get(name);
    if (!decl) {
      this.err('UNDEFINED_CONDITION', `condition ${name} is not defined in Conditions`, pos);
      return false;
    }
    if (this.condBusy.has(name)) {
      this.err(
        'CIRCULAR_CONDITION',
        `Template format error: circular dependency between conditions (via ${name})`,
        decl.pos,
      );
      return false;
    }
    this.condBusy.add(name);
    const v = this.conditionValue(decl.node);
    this.condBusy.delete(name);
    this.condMemo.set(name, v);
    return v;
  }

  /** A condition operand: a `{Condition: Name}`, an intrinsic, or a literal true/false. */
  conditionValue(node: CfnNode): boolean {
    if (node.kind === 'map' && node.entries.length === 1 && node.entries[0]?.key === 'Condition') {
      const n = scalarText(node.entries[0].value);
      return n === undefined ? false : this.condition(n, node.pos);
    }
    const v = this.value(node);
    if (typeof v === 'boolean') return v;
    if (v === 'true') return true;
    if (v === 'false') return false;
    if (v !== undefined) this.err('INTRINSIC_TYPE', 'a condition must evaluate to true or false', node.pos);
    return false;
  }

  /** Evaluate any node. */
  value(node: CfnNode): Evaluated {
    switch (node.kind) {
      case 'scalar':
        return node.value;
      case 'seq': {
        const out: CfnValue[] = [];
        for (const it of node.items) {
          const v = this.value(it);
          if (v === NO_VALUE) continue;
          if (v === undefined) return undefined;
          out.push(v);
        }
        return out;
      }
      case 'map': {
        const out: Record<string, CfnValue> = {};
        for (const e of node.entries) {
          const v = this.value(e.value);
          if (v === NO_VALUE || v === undefined) continue;
          out[e.key] = v;
        }
        return out;
      }
      case 'fn':
        return intrinsic(this, node.name, node.arg, node.pos);
    }
  }

  /** Evaluate to text (numbers and booleans as text); diagnoses anything else. */
  text(node: CfnNode): string | undefined {
    const v = this.value(node);
    if (v === undefined || v === NO_VALUE) return undefined;
    const t = asText(v);
    if (t === undefined)
      this.err(
        'INTRINSIC_TYPE',
        `expected a string here, got ${Array.isArray(v) ? 'a list' : typeof v}`,
        node.pos,
      );
    return t;
  }

  /** Evaluate to a list of texts (a single text becomes a one-item list). */
  textList(node: CfnNode): string[] | undefined {
    const v = this.value(node);
    if (v === undefined || v === NO_VALUE) return undefined;
    if (isList(v)) {
      const out: string[] = [];
      for (const x of v) {
        const t = asText(x);
        if (t !== undefined) out.push(t);
      }
      return out;
    }
    const t = asText(v);
    return t === undefined ? undefined : [t];
  }

  /** `Ref` of a name: a parameter (or pseudo parameter), else a resource of the stack. */
  refName(name: string, pos: Pos): Evaluated {
    if (PSEUDO_PARAMETERS.has(name) || this.template.parameters.has(name)) return this.parameter(name);
    if (this.template.resources.has(name)) return this.host.refResource(name, pos);
    return this.err('REF_TO_MISSING', `Unresolved reference ${name}`, pos);
  }
}
