/**
 * firstOverlap (issue 21 item 2): the first earlier prefix each prefix overlaps, checked by hand and against the
 * definition (every pair) on random lists that nest, repeat and are disjoint.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { firstOverlap } from './first-overlap.js';
import { mustParseCidr, overlaps, prefix4, type Prefix4 } from './prefix.js';

const p4 = (cidr: string) => mustParseCidr(cidr) as Prefix4;

describe('firstOverlap', () => {
  it('names, for each prefix, the earliest prefix before it that it overlaps', () => {
    const list = ['10.0.0.0/24', '10.0.1.0/24', '10.0.0.0/16', '10.0.1.128/25', '10.1.0.0/24', '10.0.0.0/24'];
    // /16 (2) contains 0 and 1 → 0; 10.0.1.128/25 (3) is in 1 and 2 → 1; 10.1.0.0/24 overlaps nothing;
    // the repeated 10.0.0.0/24 (5) overlaps 0 and 2 → 0.
    expect(firstOverlap(list.map(p4))).toEqual([undefined, undefined, 0, 1, undefined, 0]);
  });
  it('5,000 copies of one CIDR: each copy overlaps the first, once', () => {
    const r = firstOverlap(Array.from({ length: 5000 }, () => p4('10.0.0.0/24')));
    expect(r[0]).toBeUndefined();
    expect(r.slice(1).every((x) => x === 0)).toBe(true);
  });
  test.prop([
    fc.array(fc.record({ base: fc.integer({ min: 0, max: 255 }), len: fc.integer({ min: 16, max: 28 }) }), {
      maxLength: 60,
    }),
  ])('agrees with checking every pair', (raw) => {
    // Few distinct bases (10.0.0.0 + base·64) so that prefixes nest and repeat often.
    const list = raw.map(({ base, len }) => prefix4((0x0a000000 + base * 64) >>> 0, len));
    const naive = list.map((p, k) => {
      const j = list.findIndex((q, i) => i < k && overlaps(p, q));
      return j < 0 ? undefined : j;
    });
    expect(firstOverlap(list)).toEqual(naive);
  });
});
