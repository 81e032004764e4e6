/**
 * Longest-prefix match (RT-1): one conformance suite run against both implementations, then a differential
 * property: `IntervalLpm` answers exactly like `LinearLpm` on random route sets that include /0, /32, duplicates and
 * same-prefix ties (the first entry given wins in both: callers order ties by RT-4 before building).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { IntervalLpm, LinearLpm, type Lpm, type LpmEntry } from './lpm.js';
import {
  lastAddr,
  mustParseCidr,
  prefix4,
  prefix6,
  type Prefix,
  type Prefix4,
  type Prefix6,
} from './prefix.js';
import { mustParseAddr, nextAddr, prevAddr, type Addr } from './addr.js';
import { mustParseIpv4 } from './ipv4.js';

function p(text: string): Prefix4 {
  const x = mustParseCidr(text);
  if (x.family !== 4) throw new Error('IPv4 only');
  return x;
}
const ip = mustParseIpv4;
function entries(list: [string, string][]): LpmEntry<string>[] {
  return list.map(([c, v]) => ({ prefix: p(c), value: v }));
}

type Make = <T>(e: readonly LpmEntry<T>[]) => Lpm<T>;

/** The behaviour every LPM implementation must have; expected values worked out by hand from RT-1/RT-4/RT-7. */
function lpmConformance(name: string, make: Make): void {
  describe(`${name} conformance`, () => {
    it('empty table: no route', () => {
      const t = make<string>([]);
      expect(t.lookup(0)).toBeUndefined();
      expect(t.lookup(0xffffffff)).toBeUndefined();
    });

    it('RT-1: the most specific matching route wins (S2 application subnet table)', () => {
      // S2: application subnet table = local 10.0.0.0/16, 0.0.0.0/0 → appliance ENI.
      const t = make(
        entries([
          ['0.0.0.0/0', 'eni-appliance'],
          ['10.0.0.0/16', 'local'],
        ]),
      );
      expect(t.lookup(ip('10.0.0.10'))).toBe('local'); // inside the VPC: /16 beats /0
      expect(t.lookup(ip('203.0.113.50'))).toBe('eni-appliance'); // only /0 matches
      expect(t.lookup(ip('10.1.0.0'))).toBe('eni-appliance'); // just past the /16
      expect(t.lookup(ip('9.255.255.255'))).toBe('eni-appliance'); // just before it
    });

    it('RT-3: a subnet route more specific than local wins over local (S0 NATGW-RTB)', () => {
      const t = make(
        entries([
          ['10.60.0.0/16', 'local'],
          ['0.0.0.0/0', 'igw'],
          ['10.60.30.0/24', 'vpce-firewall'],
        ]),
      );
      expect(t.lookup(ip('10.60.30.10'))).toBe('vpce-firewall');
      expect(t.lookup(ip('10.60.30.255'))).toBe('vpce-firewall');
      expect(t.lookup(ip('10.60.31.0'))).toBe('local');
      expect(t.lookup(ip('10.60.29.255'))).toBe('local');
      expect(t.lookup(ip('142.250.196.100'))).toBe('igw');
    });

    it('order of entries does not matter for different lengths', () => {
      const t = make(
        entries([
          ['10.60.30.0/24', 'x'],
          ['0.0.0.0/0', 'igw'],
          ['10.60.0.0/16', 'local'],
        ]),
      );
      expect(t.lookup(ip('10.60.30.1'))).toBe('x');
      expect(t.lookup(ip('10.60.1.1'))).toBe('local');
    });

    it('RT-4: with the same prefix twice, the first entry given wins', () => {
      const t = make(
        entries([
          ['10.0.0.0/8', 'static'],
          ['10.0.0.0/8', 'propagated'],
          ['0.0.0.0/0', 'igw'],
        ]),
      );
      expect(t.lookup(ip('10.2.3.4'))).toBe('static');
      const u = make(
        entries([
          ['10.0.0.0/8', 'propagated'],
          ['10.0.0.0/8', 'static'],
        ]),
      );
      expect(u.lookup(ip('10.2.3.4'))).toBe('propagated');
    });

    it('/32 host routes and the edges of the address space', () => {
      const t = make(
        entries([
          ['0.0.0.0/32', 'zero'],
          ['255.255.255.255/32', 'ones'],
          ['128.0.0.0/1', 'upper-half'],
          ['192.0.2.1/32', 'host'],
        ]),
      );
      expect(t.lookup(0)).toBe('zero');
      expect(t.lookup(1)).toBeUndefined();
      expect(t.lookup(0x7fffffff)).toBeUndefined();
      expect(t.lookup(0x80000000)).toBe('upper-half');
      expect(t.lookup(0xfffffffe)).toBe('upper-half');
      expect(t.lookup(0xffffffff)).toBe('ones');
      expect(t.lookup(ip('192.0.2.1'))).toBe('host');
      expect(t.lookup(ip('192.0.2.0'))).toBe('upper-half');
      expect(t.lookup(ip('192.0.2.2'))).toBe('upper-half');
    });

    it('RT-7: a more specific route wins even if its value says blackhole (no fall-through)', () => {
      const t = make(
        entries([
          ['0.0.0.0/0', 'igw'],
          ['10.0.5.0/24', 'blackhole'],
        ]),
      );
      expect(t.lookup(ip('10.0.5.7'))).toBe('blackhole');
    });

    it('gaps between routes answer undefined', () => {
      const t = make(
        entries([
          ['10.0.0.0/24', 'a'],
          ['10.0.2.0/24', 'b'],
        ]),
      );
      expect(t.lookup(ip('10.0.1.0'))).toBeUndefined();
      expect(t.lookup(ip('10.0.0.255'))).toBe('a');
      expect(t.lookup(ip('10.0.2.0'))).toBe('b');
      expect(t.lookup(ip('10.0.3.0'))).toBeUndefined();
    });
  });
}

lpmConformance('LinearLpm', (e) => new LinearLpm(e));
lpmConformance('IntervalLpm', (e) => new IntervalLpm(e));

/** Prefixes biased so that nesting, duplicates, /0 and /32 are common. */
const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const routePrefix: fc.Arbitrary<Prefix4> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(prefix4(0, 0)) },
  { weight: 2, arbitrary: uint32.map((a) => prefix4(a, 32)) },
  {
    weight: 6,
    // Near 10.0.0.0 so routes nest and overlap.
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 8, max: 32 }))
      .map(([lo, l]) => prefix4(0x0a000000 + lo * 16, l)),
  },
  { weight: 2, arbitrary: fc.tuple(uint32, fc.integer({ min: 0, max: 32 })).map(([a, l]) => prefix4(a, l)) },
  { weight: 1, arbitrary: fc.constant(prefix4(0xffffffff, 32)) },
);

/** IPv6 prefixes biased the same way: /0, /128, nested near 2001:db8:80::/56 (S8), random. */
const uint128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const S8_BASE = 0x20010db8008000000000000000000000n;
const routePrefix6: fc.Arbitrary<Prefix6> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(prefix6(0n, 0)) },
  { weight: 2, arbitrary: uint128.map((a) => prefix6(a, 128)) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.bigInt({ min: 0n, max: 0xffffn }), fc.integer({ min: 32, max: 128 }))
      .map(([lo, l]) => prefix6(S8_BASE + (lo << 60n), l)),
  },
  { weight: 1, arbitrary: fc.constant(prefix6(0x0064ff9b000000000000000000000000n, 96)) },
  {
    weight: 2,
    arbitrary: fc.tuple(uint128, fc.integer({ min: 0, max: 128 })).map(([a, l]) => prefix6(a, l)),
  },
  { weight: 1, arbitrary: fc.constant(prefix6((1n << 128n) - 1n, 128)) },
);

/** A route list: random prefixes, then some of them repeated (same-prefix ties) with other values. */
function routeSetOf(prefix: fc.Arbitrary<Prefix>): fc.Arbitrary<LpmEntry<number>[]> {
  return fc
    .tuple(fc.array(prefix, { minLength: 0, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 10 }))
    .map(([prefixes, dupIdx]) => {
      const list: LpmEntry<number>[] = prefixes.map((prefix, i) => ({ prefix, value: i }));
      for (const d of dupIdx) {
        if (prefixes.length === 0) break;
        const prefix = prefixes[d % prefixes.length] as Prefix;
        list.push({ prefix, value: 1000 + list.length });
      }
      return list;
    });
}
const routeSet = routeSetOf(routePrefix);
/** Both families in one table (a dual-stack route table: RT-1 and V6-3 keep the lookups independent). */
const dualRouteSet = routeSetOf(fc.oneof(routePrefix, routePrefix6));
const anyAddr: fc.Arbitrary<Addr> = fc.oneof(uint32, uint128);

/** Addresses worth asking about: each route's first/last address and their neighbours, plus random ones. */
function probes(list: readonly LpmEntry<number>[], extra: readonly Addr[]): Addr[] {
  const out = new Set<Addr>([0, 0xffffffff, 0n, (1n << 128n) - 1n, ...extra]);
  for (const e of list) {
    const lo = e.prefix.base;
    const hi = lastAddr(e.prefix);
    out.add(lo);
    out.add(hi);
    const before = prevAddr(lo);
    const after = nextAddr(hi);
    if (before !== null) out.add(before);
    if (after !== null) out.add(after);
  }
  return [...out];
}

describe('IntervalLpm == LinearLpm', () => {
  test.prop([routeSet, fc.array(uint32, { maxLength: 20 })], { numRuns: 300 })(
    'IPv4: same answer for every boundary and random address',
    (list, extra) => {
      const lin = new LinearLpm(list);
      const itv = new IntervalLpm(list);
      for (const a of probes(list, extra)) expect(itv.lookup(a)).toBe(lin.lookup(a));
    },
  );

  test.prop([dualRouteSet, fc.array(anyAddr, { maxLength: 20 })], { numRuns: 300 })(
    'both families in one table: same answer for every boundary and random address (V6-3)',
    (list, extra) => {
      const lin = new LinearLpm(list);
      const itv = new IntervalLpm(list);
      for (const a of probes(list, extra)) expect(itv.lookup(a)).toBe(lin.lookup(a));
    },
  );

  test.prop([dualRouteSet, fc.array(anyAddr, { maxLength: 5 })])(
    'the answer does not depend on the order of routes of different lengths',
    (list, extra) => {
      // Stable sort by length keeps same-prefix ties in their original order, so the answer must not change.
      const sorted = [...list].sort((a, b) => b.prefix.len - a.prefix.len);
      const a = new IntervalLpm(list);
      const b = new IntervalLpm(sorted);
      for (const x of probes(list, extra)) expect(b.lookup(x)).toBe(a.lookup(x));
    },
  );

  test.prop([dualRouteSet])(
    'elementary intervals: at most 2·(distinct prefixes)+2 (one start per family)',
    (list) => {
      const distinct = new Set(list.map((e) => `${e.prefix.family}|${e.prefix.base}/${e.prefix.len}`)).size;
      expect(new IntervalLpm(list).intervals).toBeLessThanOrEqual(2 * distinct + 2);
    },
  );
});

describe('IPv6 and dual-stack tables (V6-3, RT-1)', () => {
  const s8Priv = (make: <T>(e: readonly LpmEntry<T>[]) => Lpm<T>): Lpm<string> =>
    make([
      { prefix: mustParseCidr('10.80.0.0/16'), value: 'local' },
      { prefix: mustParseCidr('2001:db8:80::/56'), value: 'local6' },
      { prefix: mustParseCidr('0.0.0.0/0'), value: 'nat-80' },
      { prefix: mustParseCidr('::/0'), value: 'eigw-80' },
      { prefix: mustParseCidr('64:ff9b::/96'), value: 'nat-80(64)' },
    ]);
  for (const [name, make] of [
    ['LinearLpm', <T>(e: readonly LpmEntry<T>[]) => new LinearLpm(e)],
    ['IntervalLpm', <T>(e: readonly LpmEntry<T>[]) => new IntervalLpm(e)],
  ] as const) {
    it(`${name}: S8 private table — each family only matches its own routes`, () => {
      const t = s8Priv(make);
      expect(t.lookup(mustParseAddr('10.80.1.10'))).toBe('local');
      expect(t.lookup(mustParseAddr('198.51.100.10'))).toBe('nat-80');
      expect(t.lookup(mustParseAddr('2001:db8:80:1::10'))).toBe('local6');
      expect(t.lookup(mustParseAddr('2001:db8:ffff::10'))).toBe('eigw-80');
      // V6-6: the NAT64 prefix beats ::/0.
      expect(t.lookup(mustParseAddr('64:ff9b::c633:640a'))).toBe('nat-80(64)');
      // Just outside the /96 and the /56.
      expect(t.lookup(mustParseAddr('64:ff9b::1:0:0'))).toBe('eigw-80');
      expect(t.lookup(mustParseAddr('2001:db8:80:100::'))).toBe('eigw-80');
      // 0.0.0.0 (a number) and :: (a bigint) are different addresses.
      expect(t.lookup(0)).toBe('nat-80');
      expect(t.lookup(0n)).toBe('eigw-80');
    });
    it(`${name}: an IPv4-only table has no route for IPv6 and vice versa`, () => {
      const v4 = make([{ prefix: mustParseCidr('0.0.0.0/0'), value: 'igw' }]);
      expect(v4.lookup(mustParseAddr('2001:db8::1'))).toBeUndefined();
      const v6 = make([{ prefix: mustParseCidr('::/0'), value: 'igw' }]);
      expect(v6.lookup(mustParseAddr('10.0.0.1'))).toBeUndefined();
      expect(v6.lookup(mustParseAddr('::ffff:10.0.0.1'))).toBe('igw');
    });
  }
});
