/**
 * Sets of unsigned integers (IPv4 addresses as uint32, or ports) as sorted disjoint closed ranges. IPv6 address
 * sets are `RangeSet6` (range-set6.ts, bigint bounds); a set of addresses of both families is `AddrSet`.
 *
 * Model: immutable; built once when a firewall is compiled, queried per packet with a binary search (no
 * allocation). Invariants: ranges sorted by start, non-overlapping and non-adjacent; every bound within
 * [0, max]. Operations return new sets.
 */

export class RangeSet {
  /** Inclusive starts, ascending. (Plain fields: this is the per-packet hot path.) */
  private readonly lo: readonly number[];
  /** Inclusive ends. */
  private readonly hi: readonly number[];
  readonly max: number;
  /** The whole universe [0, max]. */
  readonly isAll: boolean;
  /** Bounds of the first range, for the common one-range case. */
  private readonly lo0: number;
  private readonly hi0: number;

  private constructor(lo: number[], hi: number[], max: number) {
    this.lo = lo;
    this.hi = hi;
    this.max = max;
    this.isAll = lo.length === 1 && lo[0] === 0 && hi[0] === max;
    this.lo0 = lo.length > 0 ? (lo[0] as number) : 1;
    this.hi0 = lo.length > 0 ? (hi[0] as number) : 0;
  }

  /** Build from arbitrary (possibly overlapping) ranges. `RangeSet.of([[80,80],[443,443]], 65535)`. */
  static of(ranges: readonly (readonly [number, number])[], max: number): RangeSet {
    const sorted = ranges
      .map(([a, b]) => [Math.max(0, a), Math.min(max, b)] as [number, number])
      .filter(([a, b]) => a <= b)
      .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const lo: number[] = [];
    const hi: number[] = [];
    for (const [a, b] of sorted) {
      const last = hi.length - 1;
      if (last >= 0 && a <= (hi[last] ?? -2) + 1) {
        if (b > (hi[last] ?? 0)) hi[last] = b;
      } else {
        lo.push(a);
        hi.push(b);
      }
    }
    return new RangeSet(lo, hi, max);
  }

  static empty(max: number): RangeSet {
    return RangeSet.of([], max);
  }

  static all(max: number): RangeSet {
    return RangeSet.of([[0, max]], max);
  }

  /** Is `x` in the set? O(log n), O(1) for one range. */
  has(x: number): boolean {
    const lo = this.lo;
    if (lo.length <= 1) return x >= this.lo0 && x <= this.hi0;
    let a = 0;
    let b = lo.length - 1;
    while (a <= b) {
      const m = (a + b) >>> 1;
      if ((lo[m] as number) <= x) a = m + 1;
      else b = m - 1;
    }
    return b >= 0 && x <= (this.hi[b] as number);
  }

  get isEmpty(): boolean {
    return this.lo.length === 0;
  }

  ranges(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.lo.length; i++) out.push([this.lo[i] as number, this.hi[i] as number]);
    return out;
  }

  union(other: RangeSet): RangeSet {
    return RangeSet.of([...this.ranges(), ...other.ranges()], this.max);
  }

  complement(): RangeSet {
    const out: [number, number][] = [];
    let next = 0;
    for (const [a, b] of this.ranges()) {
      if (a > next) out.push([next, a - 1]);
      next = b + 1;
    }
    if (next <= this.max) out.push([next, this.max]);
    return RangeSet.of(out, this.max);
  }

  minus(other: RangeSet): RangeSet {
    return this.intersect(other.complement());
  }

  intersect(other: RangeSet): RangeSet {
    const a = this.ranges();
    const b = other.ranges();
    const out: [number, number][] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const [a0, a1] = a[i] as [number, number];
      const [b0, b1] = b[j] as [number, number];
      const lo = Math.max(a0, b0);
      const hi = Math.min(a1, b1);
      if (lo <= hi) out.push([lo, hi]);
      if (a1 < b1) i++;
      else j++;
    }
    return RangeSet.of(out, this.max);
  }

  /** Does this set contain every element of `other`? */
  covers(other: RangeSet): boolean {
    return other.minus(this).isEmpty;
  }
}

export const MAX_IPV4 = 0xffffffff;
export const MAX_PORT = 65535;
