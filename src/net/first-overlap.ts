/**
 * For each IPv4 prefix of a list, the first prefix before it in the list that it overlaps — in O(n log n), so that
 * thousands of subnets sharing one CIDR give one finding each, not one per pair (issue 21: 2,000 such subnets
 * gave 1,999,000 errors and took 3 GB).
 *
 * Two prefixes overlap exactly when one contains the other, so the prefixes form a forest under containment
 * (equal prefixes nest in list order). Sorted by base address and then length, a prefix's ancestors are the open
 * prefixes of a stack and its descendants the run of prefixes after it that start inside it. The answer for
 * prefix k is the smallest list index below k among its ancestors and descendants.
 */
import { last4, type Prefix4 } from './prefix.js';

/**
 * `firstOverlap([10.0.0.0/24, 10.0.1.0/24, 10.0.0.0/16])` → `[undefined, undefined, 0]`: the /16 is the first to
 * overlap an earlier prefix, and the earliest it overlaps is index 0.
 */
export function firstOverlap(prefixes: readonly Prefix4[]): (number | undefined)[] {
  const n = prefixes.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const pa = prefixes[a] as Prefix4;
    const pb = prefixes[b] as Prefix4;
    return pa.base - pb.base || pa.len - pb.len || a - b;
  });
  const ancestorMin = new Array<number>(n).fill(Infinity);
  const descendantMin = new Array<number>(n).fill(Infinity);
  // The open prefixes (ancestors of the next one): list index, last address, smallest index on the way down.
  const stack: { index: number; last: number; minAbove: number }[] = [];
  const close = () => {
    const done = stack.pop();
    if (!done) return;
    const parent = stack[stack.length - 1];
    if (parent)
      descendantMin[parent.index] = Math.min(
        descendantMin[parent.index] ?? Infinity,
        done.index,
        descendantMin[done.index] ?? Infinity,
      );
  };
  for (const k of order) {
    const p = prefixes[k] as Prefix4;
    while (stack.length > 0 && (stack[stack.length - 1]?.last ?? -1) < p.base) close();
    const top = stack[stack.length - 1];
    const above = top ? Math.min(top.minAbove, top.index) : Infinity;
    ancestorMin[k] = above;
    stack.push({ index: k, last: last4(p), minAbove: above });
  }
  while (stack.length > 0) close();
  return prefixes.map((_, k) => {
    const m = Math.min(ancestorMin[k] ?? Infinity, descendantMin[k] ?? Infinity);
    return m < k ? m : undefined;
  });
}
