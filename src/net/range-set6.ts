/**
 * Sets of IPv6 addresses (bigint, 0..2^128-1) as sorted disjoint closed ranges — `RangeSet` (range-set.ts) for
 * 128-bit values.
 *
 * Model: immutable; built once at compile time, queried per packet with a binary search (no allocation).
 * Invariants: ranges sorted by start, non-overlapping and non-adjacent, every bound within [0, 2^128-1].
 * Operations return new sets.
 */
import { MAX_ADDR6 } from './addr.js';

export class RangeSet6 {
  private readonly lo: readonly bigint[];
  private readonly hi: readonly bigint[];
  /** The whole IPv6 space. */
  readonly isAll: boolean;

  private constructor(lo: bigint[], hi: bigint[]) {
    this.lo = lo;
    this.hi = hi;
    this.isAll = lo.length === 1 && lo[0] === 0n && hi[0] === MAX_ADDR6;
  }

  /** Build from arbitrary (possibly overlapping) closed ranges; bounds are clamped to the IPv6 space. */
  static of(ranges: readonly (readonly [bigint, bigint])[]): RangeSet6 {
    const sorted = ranges
      .map(([a, b]) => [a < 0n ? 0n : a, b > MAX_ADDR6 ? MAX_ADDR6 : b] as [bigint, bigint])
      .filter(([a, b]) => a <= b)
      .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
    const lo: bigint[] = [];
    const hi: bigint[] = [];
    for (const [a, b] of sorted) {
      const last = hi.length - 1;
      if (last >= 0 && a <= (hi[last] as bigint) + 1n) {
        if (b > (hi[last] as bigint)) hi[last] = b;
      } else {
        lo.push(a);
        hi.push(b);
      }
    }
    return new RangeSet6(lo, hi);
  }

  static empty(): RangeSet6 {
    return RangeSet6.of([]);
  }

  static all(): RangeSet6 {
    return RangeSet6.of([[0n, MAX_ADDR6]]);
  }

  /** Is `x` in the set? O(log n). */
  has(x: bigint): boolean {
    const lo = this.lo;
    let a = 0;
    let b = lo.length - 1;
    while (a <= b) {
      const m = (a + b) >>> 1;
      if ((lo[m] as bigint) <= x) a = m + 1;
      else b = m - 1;
    }
    return b >= 0 && x <= (this.hi[b] as bigint);
  }

  get isEmpty(): boolean {
    return this.lo.length === 0;
  }

  ranges(): [bigint, bigint][] {
    const out: [bigint, bigint][] = [];
    for (let i = 0; i < this.lo.length; i++) out.push([this.lo[i] as bigint, this.hi[i] as bigint]);
    return out;
  }

  union(other: RangeSet6): RangeSet6 {
    return RangeSet6.of([...this.ranges(), ...other.ranges()]);
  }

  complement(): RangeSet6 {
    const out: [bigint, bigint][] = [];
    let next = 0n;
    for (const [a, b] of this.ranges()) {
      if (a > next) out.push([next, a - 1n]);
      next = b + 1n;
    }
    if (next <= MAX_ADDR6) out.push([next, MAX_ADDR6]);
    return RangeSet6.of(out);
  }

  minus(other: RangeSet6): RangeSet6 {
    return this.intersect(other.complement());
  }

  intersect(other: RangeSet6): RangeSet6 {
    const a = this.ranges();
    const b = other.ranges();
    const out: [bigint, bigint][] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const [a0, a1] = a[i] as [bigint, bigint];
      const [b0, b1] = b[j] as [bigint, bigint];
      const lo = a0 > b0 ? a0 : b0;
      const hi = a1 < b1 ? a1 : b1;
      if (lo <= hi) out.push([lo, hi]);
      if (a1 < b1) i++;
      else j++;
    }
    return RangeSet6.of(out);
  }

  /** Does this set contain every element of `other`? */
  covers(other: RangeSet6): boolean {
    return other.minus(this).isEmpty;
  }
}
