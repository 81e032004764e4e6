/**
 * Prefixes: strict CIDR parsing (ADDR-3 host bits reported, not silently dropped), `covers`/`overlaps` laws and
 * `contains4` against the interval definition [base, last].
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  contains4,
  covers,
  formatPrefix,
  isRfc1918,
  last4,
  mask4,
  mask6,
  mustParseCidr,
  overlaps,
  parseCidr,
  prefix4,
  prefixEquals,
  size4,
  tryCidr4,
  type Prefix,
  type Prefix4,
  type Prefix6,
} from './prefix.js';
import { mustParseIpv4 } from './ipv4.js';

const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const len4 = fc.integer({ min: 0, max: 32 });
const p4: fc.Arbitrary<Prefix4> = fc.tuple(uint32, len4).map(([b, l]) => prefix4(b, l));
/** Prefixes drawn near each other so that nesting and overlap actually happen. */
const clustered4: fc.Arbitrary<Prefix4> = fc
  .tuple(fc.constantFrom(0x0a000000, 0x0a000100, 0xc0a80000, 0), fc.integer({ min: 0, max: 0x3ff }), len4)
  .map(([hi, lo, l]) => prefix4((hi + lo) >>> 0, l));

const ALL6 = (1n << 128n) - 1n;
const p6: fc.Arbitrary<Prefix6> = fc
  .tuple(
    fc.constantFrom(0x20010db8n << 96n, 0n, 0xfe80n << 112n),
    fc.bigInt({ min: 0n, max: (1n << 20n) - 1n }),
    fc.integer({ min: 0, max: 128 }),
  )
  .map(([hi, lo, l]) => ({ family: 6 as const, base: (hi | (lo << 90n) | lo) & mask6(l) & ALL6, len: l }));

function last6(p: Prefix6): bigint {
  return p.base | (ALL6 ^ mask6(p.len));
}

/** Closed interval of a prefix, for the reference definitions of covers/overlaps. */
function interval(p: Prefix): [bigint, bigint] {
  return p.family === 4 ? [BigInt(p.base), BigInt(last4(p))] : [p.base, last6(p)];
}

describe('parseCidr vectors', () => {
  it('parses and canonicalises with hostBits reported (ADDR-3)', () => {
    expect(parseCidr('10.0.0.0/16')).toEqual({
      ok: true,
      value: { prefix: { family: 4, base: mustParseIpv4('10.0.0.0'), len: 16 }, hostBits: false },
    });
    // ADDR-3: 100.68.0.18/18 → 100.68.0.0/18, with host bits flagged so validation can warn.
    expect(parseCidr('100.68.0.18/18')).toEqual({
      ok: true,
      value: { prefix: { family: 4, base: mustParseIpv4('100.68.0.0'), len: 18 }, hostBits: true },
    });
    expect(parseCidr('0.0.0.0/0')).toEqual({
      ok: true,
      value: { prefix: { family: 4, base: 0, len: 0 }, hostBits: false },
    });
    expect(parseCidr('2001:db8::/32')).toEqual({
      ok: true,
      value: { prefix: { family: 6, base: 0x20010db8n << 96n, len: 32 }, hostBits: false },
    });
    expect(parseCidr('2001:db8::1/64')).toMatchObject({ ok: true, value: { hostBits: true } });
    expect(formatPrefix(mustParseCidr('10.1.2.0/24'))).toBe('10.1.2.0/24');
    expect(formatPrefix(mustParseCidr('2001:DB8:0:0::/48'))).toBe('2001:db8::/48');
  });

  it.each([
    ['10.0.0.0/33', /larger than 32/],
    ['::/129', /larger than 128/],
    ['10.0.0.0', /\/length/], // a bare address is not a CIDR
    ['10.0.0.0/', /not a number/],
    ['10.0.0.0/024', /not a number/], // leading zero in the length
    ['10.0.0.0/-1', /not a number/],
    ['10.0.0.0/ 24', /not a number/],
    ['10.0.0.0/24 ', /not a number/],
    [' 10.0.0.0/24', /unexpected character/],
    ['10.0.0.0 /24', /unexpected character/],
    ['010.0.0.0/8', /leading zero/],
    ['1.2.3/24', /four octets/],
    ['256.0.0.0/8', /larger than 255/],
    ['10.0.0.0/16/16', /not a number/],
    ['1.2.3.4::/64', /./], // IPv4 before "::" is not an IPv6 address
  ])('rejects %j', (text, message) => {
    const r = parseCidr(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
    expect(tryCidr4(text)).toBeNull();
  });

  it('mask, last address, size, RFC 1918', () => {
    expect(mask4(0)).toBe(0);
    expect(mask4(24)).toBe(0xffffff00);
    expect(mask4(32)).toBe(0xffffffff);
    expect(last4(prefix4(mustParseIpv4('10.0.0.0'), 24))).toBe(mustParseIpv4('10.0.0.255'));
    expect(last4(prefix4(0, 0))).toBe(0xffffffff);
    expect(size4(prefix4(0, 0))).toBe(2 ** 32);
    expect(size4(prefix4(0, 32))).toBe(1);
    expect(isRfc1918(mustParseIpv4('172.31.255.255'))).toBe(true);
    expect(isRfc1918(mustParseIpv4('172.32.0.0'))).toBe(false);
    expect(isRfc1918(mustParseIpv4('100.64.0.1'))).toBe(false);
  });

  it('families never mix', () => {
    const v4 = mustParseCidr('0.0.0.0/0');
    const v6 = mustParseCidr('::/0');
    expect(covers(v4, v6)).toBe(false);
    expect(covers(v6, v4)).toBe(false);
    expect(overlaps(v4, v6)).toBe(false);
    expect(prefixEquals(v4, v6)).toBe(false);
  });
});

describe('prefix properties', () => {
  test.prop([uint32, len4])('format then parse gives the same prefix, without host bits', (b, l) => {
    const p = prefix4(b, l);
    expect(parseCidr(formatPrefix(p))).toEqual({ ok: true, value: { prefix: p, hostBits: false } });
  });

  test.prop([uint32, len4])(
    'hostBits is set exactly when the written address is not the network address',
    (b, l) => {
      const text = `${(b >>> 24) & 255}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${l}`;
      const r = parseCidr(text);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      // Network address = b with the low (32 - l) bits cleared.
      const network = l === 0 ? 0 : Math.floor(b / 2 ** (32 - l)) * 2 ** (32 - l);
      expect(r.value.prefix).toEqual({ family: 4, base: network, len: l });
      expect(r.value.hostBits).toBe(network !== b);
    },
  );

  test.prop([fc.integer({ min: 33, max: 999 })])('lengths above 32 are rejected', (l) => {
    expect(parseCidr(`10.0.0.0/${l}`).ok).toBe(false);
  });

  test.prop([p4, uint32])('contains4 means base ≤ addr ≤ last', (p, a) => {
    expect(contains4(p, a)).toBe(p.base <= a && a <= last4(p));
  });

  test.prop([fc.oneof(clustered4, p4), fc.oneof(clustered4, p4)])(
    'covers(a, b) ⇔ [b] ⊆ [a] (IPv4)',
    (a, b) => {
      const [a0, a1] = interval(a);
      const [b0, b1] = interval(b);
      expect(covers(a, b)).toBe(a0 <= b0 && b1 <= a1);
    },
  );

  test.prop([p6, p6])('covers(a, b) ⇔ [b] ⊆ [a] (IPv6)', (a, b) => {
    const [a0, a1] = interval(a);
    const [b0, b1] = interval(b);
    expect(covers(a, b)).toBe(a0 <= b0 && b1 <= a1);
  });

  test.prop([fc.oneof(clustered4, p4, p6), fc.oneof(clustered4, p4, p6)])(
    'overlaps(a, b) ⇔ the intervals intersect (same family); symmetric',
    (a, b) => {
      const [a0, a1] = interval(a);
      const [b0, b1] = interval(b);
      const expected = a.family === b.family && a0 <= b1 && b0 <= a1;
      expect(overlaps(a, b)).toBe(expected);
      expect(overlaps(b, a)).toBe(expected);
    },
  );

  test.prop([fc.oneof(clustered4, p6)])('covers is reflexive', (a) => {
    expect(covers(a, a)).toBe(true);
    expect(overlaps(a, a)).toBe(true);
  });

  test.prop([fc.oneof(clustered4, p6), fc.oneof(clustered4, p6)])('covers is antisymmetric', (a, b) => {
    if (covers(a, b) && covers(b, a)) expect(prefixEquals(a, b)).toBe(true);
  });

  test.prop([clustered4, clustered4, clustered4])('covers is transitive', (a, b, c) => {
    if (covers(a, b) && covers(b, c)) expect(covers(a, c)).toBe(true);
  });

  test.prop([clustered4, fc.integer({ min: 0, max: 32 })])(
    'a prefix covers every longer prefix built from its own base (nesting)',
    (a, extra) => {
      const l = Math.min(32, a.len + extra);
      expect(covers(a, prefix4(a.base, l))).toBe(true);
      if (l > a.len) expect(covers(prefix4(a.base, l), a)).toBe(false);
    },
  );

  test.prop([clustered4, clustered4])('two IPv4 prefixes either nest or are disjoint', (a, b) => {
    // CIDR blocks are aligned: partial overlap is impossible.
    const [a0, a1] = interval(a);
    const [b0, b1] = interval(b);
    const disjoint = a1 < b0 || b1 < a0;
    expect(covers(a, b) || covers(b, a) || disjoint).toBe(true);
  });
});
