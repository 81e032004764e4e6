/**
 * A forward action's target groups as every importer reads them (ALB-3): `TargetGroupArn` (or its Terraform / native
 * spelling) and the weighted groups of `ForwardConfig` / `forward { target_group }`, each group once, in the order
 * given. Weights are kept only when the input gives one (a group without a weight counts 1; 0 = no requests).
 */
import type { ListenerRule } from '../../model/load-balancer.js';

export interface WeightedGroup {
  readonly id: string;
  /** The `Weight` as written (a number or numeric text); absent = not given. */
  readonly weight?: number | string | undefined;
}

/** The groups of one forward action and, when any weight is given, their weights in the same order. */
export function forwardTargets(
  one: string | undefined,
  weighted: readonly WeightedGroup[],
): Pick<ListenerRule, 'targetGroups' | 'weights'> {
  const groups: string[] = [];
  const weights: number[] = [];
  const numberOf = (w: number | string | undefined): number | undefined => {
    const n = typeof w === 'string' ? Number(w) : w;
    return n !== undefined && Number.isFinite(n) ? n : undefined;
  };
  for (const [id, w] of [
    ...(one !== undefined ? [[one, undefined] as const] : []),
    ...weighted.map((g) => [g.id, numberOf(g.weight)] as const),
  ]) {
    const i = groups.indexOf(id);
    if (i >= 0) {
      if (w !== undefined) weights[i] = w;
      continue;
    }
    groups.push(id);
    weights.push(w ?? 1);
  }
  const given = weighted.some((g) => numberOf(g.weight) !== undefined);
  // One group takes every request whatever its weight: the weight matters only between several.
  return given && groups.length > 1 ? { targetGroups: groups, weights } : { targetGroups: groups };
}
