/**
 * The values of a CloudFormation template once evaluated: plain JSON-like data (`CfnValue`), `NO_VALUE` for
 * `AWS::NoValue` (removed from the enclosing list or mapping) and `undefined` for "could not be evaluated"; what
 * the evaluator asks the importer (`EvalHost`: Ref/GetAtt of resources, exports of other stacks) and what it is
 * given (`EvalContext`: Region, account, stack name, AZs, `--param`).
 */
import type { Pos } from './node.js';

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

export function isList(v: Evaluated): v is readonly CfnValue[] {
  return Array.isArray(v);
}

export function asText(v: Evaluated): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
