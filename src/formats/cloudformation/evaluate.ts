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
import { fnCidr } from './cidr.js';
import { getAttParts, PSEUDO_PARAMETERS } from './checks.js';
import { child, scalarText, type CfnNode, type Pos } from './node.js';
import { parseSub } from './sub.js';
import { spanOf, type ParameterDecl, type Template } from './template.js';
import type { DiagnosticCode } from '../../diag/codes.js';

export type CfnValue =
  string | number | boolean | null | readonly CfnValue[] | { readonly [k: string]: CfnValue };

/** `AWS::NoValue`: the property (or list item) is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type Evaluated = CfnValue | typeof NO_VALUE | undefined;

/** Deploy-time knowledge the evaluator asks for. */
export interface EvalHost {
  /** `Ref` of a resource (usually its id; an Elastic IP's address). */
  refResource(logicalId: string, pos: Pos): CfnValue | undefined;
  /** `Fn::GetAtt` of a resource attribute. */
  getAtt(logicalId: string, attribute: string, pos: Pos): CfnValue | undefined;
  /** `Fn::ImportValue` of an export name. */
  importValue(name: string, pos: Pos): CfnValue | undefined;
}

export interface EvalContext {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly azs: readonly string[];
  /** AZs of another region (Fn::GetAZs with an explicit region); default `<region>a`, `b`, `c`. */
  readonly azsOf?: ((region: string) => readonly string[]) | undefined;
  /** Parameter overrides (`--param`). */
  readonly params: Readonly<Record<string, string>>;
}

function isList(v: Evaluated): v is readonly CfnValue[] {
  return Array.isArray(v);
}

function asText(v: Evaluated): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

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
export class Evaluator {
  private readonly params = new Map<string, CfnValue>();
  private readonly condMemo = new Map<string, boolean>();
  private readonly condBusy = new Set<string>();
  readonly file: string;

  constructor(
    readonly template: Template,
    readonly ctx: EvalContext,
    private readonly host: EvalHost,
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
  private err(code: DiagnosticCode, message: string, pos: Pos): Evaluated {
    this.diags.push(error(code, message, spanOf(this.file, pos)));
    return undefined;
  }

  private resolveParameter(p: ParameterDecl, azIndex: number): CfnValue | undefined {
    const override = this.ctx.params[p.name];
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

  private conditionValue(node: CfnNode): boolean {
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
        return this.fn(node.name, node.arg, node.pos);
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

  private refName(name: string, pos: Pos): Evaluated {
    if (PSEUDO_PARAMETERS.has(name) || this.template.parameters.has(name)) return this.parameter(name);
    if (this.template.resources.has(name)) return this.host.refResource(name, pos);
    return this.err('REF_TO_MISSING', `Unresolved reference ${name}`, pos);
  }

  private fn(name: string, arg: CfnNode, pos: Pos): Evaluated {
    const items = arg.kind === 'seq' ? arg.items : undefined;
    switch (name) {
      case 'Ref': {
        const n = arg.kind === 'fn' ? asText(this.value(arg)) : scalarText(arg);
        return n === undefined ? this.err('INTRINSIC_ARITY', 'Ref takes a name', pos) : this.refName(n, pos);
      }
      case 'Condition': {
        const n = scalarText(arg);
        return n === undefined ? undefined : this.condition(n, pos);
      }
      case 'Fn::GetAtt': {
        const parts = getAttParts(arg);
        if (!parts) return this.err('INTRINSIC_ARITY', 'Fn::GetAtt takes [LogicalName, AttributeName]', pos);
        const attr =
          typeof parts.attribute === 'string' ? parts.attribute : asText(this.value(parts.attribute));
        if (attr === undefined) return undefined;
        if (!this.template.resources.has(parts.resource))
          return this.err(
            'REF_TO_MISSING',
            `Fn::GetAtt references undefined resource ${parts.resource}`,
            pos,
          );
        return this.host.getAtt(parts.resource, attr, pos);
      }
      case 'Fn::Sub':
        return this.sub(arg, pos);
      case 'Fn::Join': {
        if (!items || items.length !== 2)
          return this.err('INTRINSIC_ARITY', 'Fn::Join takes [Delimiter, [Values]]', pos);
        const delim = asText(this.value(items[0] as CfnNode));
        const list = this.value(items[1] as CfnNode);
        if (delim === undefined || list === undefined) return undefined;
        if (!isList(list)) return this.err('INTRINSIC_TYPE', 'Fn::Join needs a list of values', pos);
        const parts: string[] = [];
        for (const x of list) {
          const t = asText(x);
          if (t === undefined) return this.err('INTRINSIC_TYPE', 'Fn::Join values must be strings', pos);
          parts.push(t);
        }
        return parts.join(delim);
      }
      case 'Fn::Select': {
        if (!items || items.length !== 2)
          return this.err('INTRINSIC_ARITY', 'Fn::Select takes [Index, [Values]]', pos);
        const idxV = this.value(items[0] as CfnNode);
        const list = this.value(items[1] as CfnNode);
        if (idxV === undefined || list === undefined) return undefined;
        const idxT = asText(idxV);
        const idx = idxT !== undefined && /^[0-9]+$/.test(idxT) ? Number(idxT) : NaN;
        if (!Number.isInteger(idx))
          return this.err(
            'INTRINSIC_TYPE',
            `Fn::Select index must be a non-negative integer, got ${String(idxT)}`,
            pos,
          );
        if (!isList(list)) return this.err('INTRINSIC_TYPE', 'Fn::Select needs a list', pos);
        if (idx >= list.length)
          return this.err(
            'SELECT_OUT_OF_RANGE',
            `Template error: Fn::Select cannot select nonexistent value at index ${idx} (list has ${list.length})`,
            pos,
          );
        return list[idx];
      }
      case 'Fn::Split': {
        if (!items || items.length !== 2)
          return this.err('INTRINSIC_ARITY', 'Fn::Split takes [Delimiter, String]', pos);
        const delim = asText(this.value(items[0] as CfnNode));
        const s = asText(this.value(items[1] as CfnNode));
        if (delim === undefined || s === undefined) return undefined;
        if (delim === '') return this.err('INTRINSIC_TYPE', 'Fn::Split delimiter must not be empty', pos);
        return s.split(delim);
      }
      case 'Fn::Cidr': {
        if (!items || items.length !== 3)
          return this.err('INTRINSIC_ARITY', 'Fn::Cidr takes [ipBlock, count, cidrBits]', pos);
        const vals = items.map((i) => this.value(i));
        if (vals.some((v) => v === undefined)) return undefined;
        const r = fnCidr(vals[0], vals[1], vals[2]);
        return r.ok ? r.value : this.err('CIDR_INVALID', r.message, pos);
      }
      case 'Fn::GetAZs': {
        const region = asText(this.value(arg));
        if (region === undefined) return undefined;
        if (region === '' || region === this.ctx.region) return [...this.ctx.azs];
        return [...(this.ctx.azsOf?.(region) ?? ['a', 'b', 'c'].map((s) => `${region}${s}`))];
      }
      case 'Fn::FindInMap': {
        if (!items || (items.length !== 3 && items.length !== 4))
          return this.err(
            'INTRINSIC_ARITY',
            'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]',
            pos,
          );
        const keys = items.slice(0, 3).map((i) => asText(this.value(i)));
        if (keys.some((k) => k === undefined)) return undefined;
        const [m, k1, k2] = keys as [string, string, string];
        const found = child(child(child(this.template.mappings, m), k1), k2);
        if (found === undefined) {
          const dflt = items[3] ? child(items[3], 'DefaultValue') : undefined;
          if (dflt) return this.value(dflt);
          return this.err(
            'FIND_IN_MAP_MISSING',
            `Template error: Unable to get mapping for ${m}::${k1}::${k2}`,
            pos,
          );
        }
        return this.value(found);
      }
      case 'Fn::If': {
        if (!items || items.length !== 3)
          return this.err('INTRINSIC_ARITY', 'Fn::If takes [ConditionName, ValueIfTrue, ValueIfFalse]', pos);
        const c = scalarText(items[0]);
        if (c === undefined) return this.err('INTRINSIC_ARITY', 'Fn::If needs a condition name', pos);
        return this.value((this.condition(c, pos) ? items[1] : items[2]) as CfnNode);
      }
      case 'Fn::Equals': {
        if (!items || items.length !== 2)
          return this.err('INTRINSIC_ARITY', 'Fn::Equals takes [Value1, Value2]', pos);
        const a = this.value(items[0] as CfnNode);
        const b = this.value(items[1] as CfnNode);
        if (a === undefined || b === undefined) return undefined;
        const norm = (v: Evaluated) =>
          typeof v === 'symbol'
            ? ''
            : JSON.stringify(v, (_k, x: unknown) =>
                typeof x === 'number' || typeof x === 'boolean' ? String(x) : x,
              );
        return norm(a) === norm(b);
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!items || items.length < 2 || items.length > 10)
          return this.err('INTRINSIC_ARITY', `${name} takes 2 to 10 conditions`, pos);
        const vs = items.map((i) => this.conditionValue(i));
        return name === 'Fn::And' ? vs.every(Boolean) : vs.some(Boolean);
      }
      case 'Fn::Not': {
        if (!items || items.length !== 1)
          return this.err('INTRINSIC_ARITY', 'Fn::Not takes [Condition]', pos);
        return !this.conditionValue(items[0] as CfnNode);
      }
      case 'Fn::Base64': {
        const s = asText(this.value(arg));
        return s === undefined ? undefined : Buffer.from(s, 'utf8').toString('base64');
      }
      case 'Fn::ImportValue': {
        const n = asText(this.value(arg));
        return n === undefined ? undefined : this.host.importValue(n, pos);
      }
      case 'Fn::Length': {
        const v = this.value(arg);
        return isList(v) ? v.length : this.err('INTRINSIC_TYPE', 'Fn::Length needs a list', pos);
      }
      case 'Fn::ToJsonString': {
        const v = this.value(arg);
        return v === undefined || v === NO_VALUE ? undefined : JSON.stringify(v);
      }
      case 'Fn::Transform':
        return undefined;
      default:
        return this.err(
          'UNKNOWN_INTRINSIC',
          `Template format error: Unrecognized intrinsic function ${name}`,
          pos,
        );
    }
  }

  private sub(arg: CfnNode, pos: Pos): Evaluated {
    let str: string | undefined;
    const vars = new Map<string, CfnNode>();
    if (arg.kind === 'seq') {
      str = scalarText(arg.items[0]);
      const m = arg.items[1];
      if (m?.kind === 'map') for (const e of m.entries) vars.set(e.key, e.value);
    } else str = scalarText(arg);
    if (str === undefined)
      return this.err('INTRINSIC_ARITY', 'Fn::Sub takes a string or [String, {Var: Value}]', pos);
    let out = '';
    for (const p of parseSub(str)) {
      if (p.kind === 'text') {
        out += p.text;
        continue;
      }
      const local = vars.get(p.name);
      let v: Evaluated;
      if (local) v = this.value(local);
      else {
        const dot = p.name.indexOf('.');
        if (dot > 0 && !PSEUDO_PARAMETERS.has(p.name) && this.template.resources.has(p.name.slice(0, dot))) {
          v = this.host.getAtt(p.name.slice(0, dot), p.name.slice(dot + 1), pos);
        } else v = this.refName(p.name, pos);
      }
      if (v === undefined) return undefined;
      if (isList(v)) v = v.map((x) => asText(x) ?? '').join(',');
      const t = asText(v);
      if (t === undefined)
        return this.err('INTRINSIC_TYPE', `Fn::Sub variable \${${p.name}} is not a string`, pos);
      out += t;
    }
    return out;
  }
}
