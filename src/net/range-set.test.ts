/**
 * Range sets (the address and port sets of firewall rules, NFW-6/NFW-9; IPv6: V6-7, V6-12) against a linear
 * reference: a set is the list of closed ranges it was built from, membership is "some range contains x". Every
 * operation is checked at each range's bounds and their neighbours, for IPv4/ports (`RangeSet`), IPv6
 * (`RangeSet6`) and both families at once (`AddrSet`).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MAX_PORT, RangeSet } from './range-set.js';
import { RangeSet6 } from './range-set6.js';
import { AddrSet } from './addr-set.js';
import { MAX_ADDR4, MAX_ADDR6, mustParseAddr, type Addr } from './addr.js';
import { mustParseCidr, type Prefix } from './prefix.js';

type R<T> = readonly [T, T];
const inAny = <T>(rs: readonly R<T>[], x: T): boolean => rs.some(([a, b]) => a <= x && x <= b);

function probes<T extends number | bigint>(rs: readonly R<T>[], max: T, one: T): T[] {
  const zero = (typeof max === 'number' ? 0 : 0n) as T;
  const out = new Set<T>([zero, max]);
  for (const [a, b] of rs) {
    for (const x of [a, b]) {
      out.add(x);
      if (x > zero) out.add(((x as number) - (one as number)) as T);
      if (x < max) out.add(((x as number) + (one as number)) as T);
    }
  }
  return [...out];
}

const range4 = fc
  .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40 }))
  .map(([a, w]) => [a, a + w] as const);
const ranges4 = fc.array(range4, { maxLength: 8 });
const big = fc.bigInt({ min: 0n, max: MAX_ADDR6 });
const range6 = fc.oneof(
  fc
    .tuple(fc.bigInt({ min: 0n, max: 300n }), fc.bigInt({ min: 0n, max: 40n }))
    .map(([a, w]) => [a, a + w] as const),
  fc.tuple(big, big).map(([a, b]) => (a <= b ? ([a, b] as const) : ([b, a] as const))),
  fc.bigInt({ min: 0n, max: 40n }).map((w) => [MAX_ADDR6 - w, MAX_ADDR6] as const),
);
const ranges6 = fc.array(range6, { maxLength: 8 });

describe('RangeSet (ports, IPv4) against the linear reference', () => {
  const max = 400;
  test.prop([ranges4, ranges4], { numRuns: 200 })(
    'has, union, intersect, minus, complement, covers',
    (ra, rb) => {
      const a = RangeSet.of(ra, max);
      const b = RangeSet.of(rb, max);
      const u = a.union(b);
      const i = a.intersect(b);
      const m = a.minus(b);
      const c = a.complement();
      for (const x of probes([...ra, ...rb], max, 1)) {
        if (x > max) continue;
        const ia = inAny(ra, x);
        const ib = inAny(rb, x);
        expect(a.has(x)).toBe(ia);
        expect(u.has(x)).toBe(ia || ib);
        expect(i.has(x)).toBe(ia && ib);
        expect(m.has(x)).toBe(ia && !ib);
        expect(c.has(x)).toBe(!ia);
      }
      expect(u.covers(a) && u.covers(b)).toBe(true);
      expect(a.covers(i)).toBe(true);
    },
  );

  it('ports: the whole range, one port, empty', () => {
    expect(RangeSet.all(MAX_PORT).isAll).toBe(true);
    expect(RangeSet.of([[443, 443]], MAX_PORT).has(443)).toBe(true);
    expect(RangeSet.of([[443, 443]], MAX_PORT).has(444)).toBe(false);
    expect(RangeSet.empty(MAX_PORT).isEmpty).toBe(true);
  });
});

describe('RangeSet6 against the linear reference', () => {
  test.prop([ranges6, ranges6], { numRuns: 200 })(
    'has, union, intersect, minus, complement, covers',
    (ra, rb) => {
      const a = RangeSet6.of(ra);
      const b = RangeSet6.of(rb);
      const u = a.union(b);
      const i = a.intersect(b);
      const m = a.minus(b);
      const c = a.complement();
      for (const x of probes([...ra, ...rb], MAX_ADDR6, 1n)) {
        const ia = inAny(ra, x);
        const ib = inAny(rb, x);
        expect(a.has(x)).toBe(ia);
        expect(u.has(x)).toBe(ia || ib);
        expect(i.has(x)).toBe(ia && ib);
        expect(m.has(x)).toBe(ia && !ib);
        expect(c.has(x)).toBe(!ia);
      }
      expect(u.covers(a) && u.covers(b)).toBe(true);
      expect(a.covers(i)).toBe(true);
      expect(a.union(c).isAll).toBe(true);
    },
  );
});

describe('AddrSet: both families, never mixed (V6-7)', () => {
  const set = (...cidrs: string[]): AddrSet => AddrSet.ofPrefixes(cidrs.map((c) => mustParseCidr(c)));
  const a = mustParseAddr;

  it('0.0.0.0/0 admits no IPv6 address and ::/0 no IPv4 address', () => {
    const any4 = set('0.0.0.0/0');
    const any6 = set('::/0');
    expect(any4.has(a('198.51.100.10'))).toBe(true);
    expect(any4.has(a('2001:db8:ffff::10'))).toBe(false);
    expect(any6.has(a('2001:db8:ffff::10'))).toBe(true);
    expect(any6.has(a('198.51.100.10'))).toBe(false);
    // An IPv4-mapped IPv6 address is IPv6.
    expect(any4.has(a('::ffff:198.51.100.10'))).toBe(false);
    expect(AddrSet.all().isAll).toBe(true);
    expect(any4.union(any6).isAll).toBe(true);
  });

  it('S8: the VPC block of both families, minus a subnet', () => {
    const vpc = set('10.80.0.0/16', '2001:db8:80::/56');
    const notPriv = vpc.minus(set('10.80.1.0/24', '2001:db8:80:1::/64'));
    expect(notPriv.has(a('10.80.0.10'))).toBe(true);
    expect(notPriv.has(a('10.80.1.10'))).toBe(false);
    expect(notPriv.has(a('2001:db8:80:2::20'))).toBe(true);
    expect(notPriv.has(a('2001:db8:80:1::10'))).toBe(false);
    expect(vpc.covers(notPriv)).toBe(true);
    expect(notPriv.covers(vpc)).toBe(false);
  });

  const prefix: fc.Arbitrary<Prefix> = fc.oneof(
    fc
      .tuple(fc.integer({ min: 0, max: MAX_ADDR4 }), fc.integer({ min: 0, max: 32 }))
      .map(([b, l]) =>
        mustParseCidr(`${[b >>> 24, (b >>> 16) & 255, (b >>> 8) & 255, b & 255].join('.')}/${l}`),
      ),
    fc.tuple(big, fc.integer({ min: 0, max: 128 })).map(([b, l]) =>
      mustParseCidr(
        `${b
          .toString(16)
          .padStart(32, '0')
          .replace(/(.{4})(?!$)/g, '$1:')}/${l}`,
      ),
    ),
  );
  test.prop([fc.array(prefix, { maxLength: 6 }), fc.array(prefix, { maxLength: 6 })])(
    'membership of the union and the difference equals the linear answer over prefixes',
    (pa, pb) => {
      const A = AddrSet.ofPrefixes(pa);
      const B = AddrSet.ofPrefixes(pb);
      const contains = (ps: readonly Prefix[], x: Addr): boolean =>
        ps.some((p) =>
          typeof x === 'number'
            ? p.family === 4 && p.base <= x && x <= p.base + 2 ** (32 - p.len) - 1
            : p.family === 6 && p.base <= x && x <= p.base + (1n << BigInt(128 - p.len)) - 1n,
        );
      const xs: Addr[] = [0, MAX_ADDR4, 0n, MAX_ADDR6];
      for (const p of [...pa, ...pb]) xs.push(p.base);
      for (const x of xs) {
        expect(A.union(B).has(x)).toBe(contains(pa, x) || contains(pb, x));
        expect(A.minus(B).has(x)).toBe(contains(pa, x) && !contains(pb, x));
      }
    },
  );
});
