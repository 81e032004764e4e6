import { describe, expect, it } from 'vitest';
import { coveredBy, type Box } from './box-cover.js';

const b = (...iv: [number, number][]): Box => iv.map(([lo, hi]) => [BigInt(lo), BigInt(hi)] as const);

describe('coveredBy (exact union coverage used by the shadowing lints)', () => {
  it('a box inside one other box is covered', () => {
    expect(coveredBy(b([2, 5], [0, 9]), [b([0, 9], [0, 9])])).toBe(true);
  });
  it('two halves cover the whole, one half does not', () => {
    expect(coveredBy(b([0, 9], [0, 9]), [b([0, 4], [0, 9]), b([5, 9], [0, 9])])).toBe(true);
    expect(coveredBy(b([0, 9], [0, 9]), [b([0, 4], [0, 9])])).toBe(false);
  });
  it('a single missing point is found', () => {
    expect(coveredBy(b([0, 9], [0, 9]), [b([0, 9], [0, 8]), b([0, 8], [9, 9])])).toBe(false);
    expect(coveredBy(b([0, 9], [0, 9]), [b([0, 9], [0, 8]), b([0, 8], [9, 9]), b([9, 9], [9, 9])])).toBe(
      true,
    );
  });
  it('disjoint boxes cover nothing; an empty cover covers nothing', () => {
    expect(coveredBy(b([0, 1]), [b([2, 3])])).toBe(false);
    expect(coveredBy(b([0, 1]), [])).toBe(false);
  });
  it('agrees with point enumeration on random small boxes', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const box = (): Box => {
      const a = rnd(6),
        c = rnd(6);
      const x = a + rnd(6 - a),
        y = c + rnd(6 - c);
      return b([a, x], [c, y]);
    };
    for (let t = 0; t < 300; t++) {
      const target = box();
      const cover = Array.from({ length: rnd(5) }, box);
      let all = true;
      for (let i = Number(target[0]![0]); i <= Number(target[0]![1]); i++)
        for (let j = Number(target[1]![0]); j <= Number(target[1]![1]); j++)
          if (
            !cover.some(
              (c) =>
                c[0]![0] <= BigInt(i) &&
                BigInt(i) <= c[0]![1] &&
                c[1]![0] <= BigInt(j) &&
                BigInt(j) <= c[1]![1],
            )
          )
            all = false;
      expect(coveredBy(target, cover)).toBe(all);
    }
  });
});
