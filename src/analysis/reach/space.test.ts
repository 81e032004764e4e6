/** Interval set algebra of the header space (space.ts), against sets of numbers on a small line. */
import { describe, expect, it } from 'vitest';
import { intersect, minus, union, type Interval } from './space.js';

/** The numbers of `xs` (on a line of 0..63). */
function members(xs: readonly Interval[]): number[] {
  const s = new Set<number>();
  for (const x of xs) for (let i = x.lo; i <= x.hi; i++) s.add(i);
  return [...s].sort((a, b) => a - b);
}

/** Sorted, disjoint and not touching: the form every operation returns. */
function canonical(xs: readonly Interval[]): boolean {
  return xs.every((x, i) => x.lo <= x.hi && (i === 0 || (xs[i - 1] as Interval).hi + 1 < x.lo));
}

describe('interval sets', () => {
  it('minus, union and intersect agree with sets of numbers on random lists (overlapping, touching, unsorted)', () => {
    let seed = 17;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const list = (): Interval[] =>
      Array.from({ length: next(7) }, () => {
        const lo = next(64);
        return { lo, hi: Math.min(63, lo + next(12)) };
      });
    for (let k = 0; k < 2000; k++) {
      const a = list();
      const b = list();
      const A = members(a);
      const B = new Set(members(b));
      const m = minus(a, b);
      expect(members(m)).toEqual(A.filter((x) => !B.has(x)));
      expect(canonical(m)).toBe(true);
      expect(members(intersect(a, b))).toEqual(A.filter((x) => B.has(x)));
      expect(members(union([...a, ...b]))).toEqual(members([...a, ...b]));
    }
  });

  it('minus at the ends of the address line', () => {
    const all = [{ lo: 0, hi: 0xffffffff }];
    expect(minus(all, [{ lo: 0, hi: 9 }])).toEqual([{ lo: 10, hi: 0xffffffff }]);
    expect(minus(all, [{ lo: 0xfffffff0, hi: 0xffffffff }])).toEqual([{ lo: 0, hi: 0xffffffef }]);
    expect(minus(all, all)).toEqual([]);
    expect(minus([], all)).toEqual([]);
  });
});
