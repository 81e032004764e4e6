/**
 * The CloudFormation template as a tree of positioned nodes, independent of whether it was written as JSON or YAML.
 *
 * Model: a template value is a scalar, a sequence, a mapping, or an intrinsic function call (`fn`). Short-form YAML
 * tags (`!Ref X`) and long-form single-key mappings (`{"Ref": "X"}`, `{"Fn::Sub": …}`) both become `fn` nodes with
 * the long name (`Ref`, `Condition`, `Fn::Sub` …), so nothing downstream cares which form the author used.
 * Every node carries its 1-based line/column; the file name is known by the stack that owns the tree.
 * Invariants: mapping keys are unique (duplicates are reported by the reader); `fn.name` is exactly what was written
 * (an unknown name such as `Fn::Foo` is kept and reported by the static checks, never executed).
 */

/** A position in the template (the file is known by the owning stack). */
export interface Pos {
  readonly line: number;
  readonly col: number;
}

export type CfnScalar = string | number | boolean | null;

export interface ScalarNode {
  readonly kind: 'scalar';
  readonly value: CfnScalar;
  readonly pos: Pos;
  /** Position where the scalar's text starts (differs from `pos` for block scalars `|`, whose text is below). */
  readonly textPos: Pos;
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly items: readonly CfnNode[];
  readonly pos: Pos;
}

export interface MapEntry {
  readonly key: string;
  readonly keyPos: Pos;
  readonly value: CfnNode;
}

export interface MapNode {
  readonly kind: 'map';
  readonly entries: readonly MapEntry[];
  /** Same entries by key, for lookups. */
  readonly byKey: ReadonlyMap<string, MapEntry>;
  readonly pos: Pos;
}

export interface FnNode {
  readonly kind: 'fn';
  /** Long name: `Ref`, `Condition`, `Fn::GetAtt`, `Fn::Sub` … */
  readonly name: string;
  readonly arg: CfnNode;
  readonly pos: Pos;
  /** True when written as a YAML short-form tag (`!GetAtt A.B`). */
  readonly short: boolean;
}

export type CfnNode = ScalarNode | SeqNode | MapNode | FnNode;

/** Entry value of a mapping node, or undefined. */
export function child(node: CfnNode | undefined, key: string): CfnNode | undefined {
  return node?.kind === 'map' ? node.byKey.get(key)?.value : undefined;
}

/** Literal string of a scalar node (numbers and booleans as text), or undefined. */
export function scalarText(node: CfnNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** Build a mapping node (keeps the first entry of a duplicated key in `byKey`; the reader reports duplicates). */
export function mapNode(entries: readonly MapEntry[], pos: Pos): MapNode {
  const byKey = new Map<string, MapEntry>();
  for (const e of entries) if (!byKey.has(e.key)) byKey.set(e.key, e);
  return { kind: 'map', entries, byKey, pos };
}
