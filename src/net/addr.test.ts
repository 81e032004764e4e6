/**
 * One address type for both families (CORE-DESIGN §1; V6-1..V6-3): parsing decides the family, errors carry the
 * column, `===` compares, a family mismatch is never equal and never throws.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  compareAddr,
  embeddedIpv4,
  family,
  formatAddr,
  MAX_ADDR4,
  MAX_ADDR6,
  mustParseAddr,
  nextAddr,
  parseAddr,
  prevAddr,
  tryAddr,
  type Addr,
} from './addr.js';
import { containsAddr, lastAddr, mustParseCidr } from './prefix.js';

describe('parseAddr / formatAddr', () => {
  it('IPv4 is a number, IPv6 a bigint', () => {
    expect(parseAddr('10.80.1.10')).toEqual({ ok: true, value: 0x0a50010a });
    expect(parseAddr('2001:db8:80:1::10')).toEqual({ ok: true, value: 0x20010db8008000010000000000000010n });
    expect(family(mustParseAddr('10.0.0.1'))).toBe(4);
    expect(family(mustParseAddr('::'))).toBe(6);
  });

  it('strict, with the column of the problem', () => {
    expect(parseAddr('10.080.0.1')).toMatchObject({ ok: false, column: 3 });
    expect(parseAddr('2001:db8::1::2')).toMatchObject({ ok: false, column: 11 });
    expect(parseAddr('2001:db8:zz::1')).toMatchObject({ ok: false, column: 9 });
    expect(parseAddr('fe80::1%eth0')).toMatchObject({ ok: false });
    expect(parseAddr('[2001:db8::1]')).toMatchObject({ ok: false });
    expect(tryAddr('')).toBeNull();
  });

  it('formats canonically (RFC 5952) and round-trips', () => {
    expect(formatAddr(mustParseAddr('2001:DB8:0080:0001:0:0:0:0010'))).toBe('2001:db8:80:1::10');
    expect(formatAddr(mustParseAddr('64:ff9b::198.51.100.10'))).toBe('64:ff9b::c633:640a');
    expect(formatAddr(0x0a50010a)).toBe('10.80.1.10');
  });

  test.prop([fc.oneof(fc.integer({ min: 0, max: MAX_ADDR4 }), fc.bigInt({ min: 0n, max: MAX_ADDR6 }))])(
    'format then parse gives the same value',
    (a: Addr) => {
      expect(mustParseAddr(formatAddr(a))).toBe(a);
    },
  );
});

describe('comparison across families', () => {
  it('0.0.0.0 and :: are different addresses; === never throws', () => {
    const v4: Addr = 0;
    const v6: Addr = 0n;
    expect(v4 === (v6 as unknown)).toBe(false);
    expect(new Set<Addr>([v4, v6]).size).toBe(2);
    expect(compareAddr(v4, v6)).toBe(-1);
    expect(compareAddr(v6, v4)).toBe(1);
    expect(compareAddr(MAX_ADDR4, 0n)).toBe(-1);
    expect(compareAddr(5n, 5n)).toBe(0);
  });

  it('next / prev stop at the ends of each family', () => {
    expect(nextAddr(MAX_ADDR4)).toBeNull();
    expect(nextAddr(MAX_ADDR6)).toBeNull();
    expect(prevAddr(0)).toBeNull();
    expect(prevAddr(0n)).toBeNull();
    expect(nextAddr(1)).toBe(2);
    expect(prevAddr(2n)).toBe(1n);
  });

  it('containsAddr: a family mismatch is false (V6-7)', () => {
    expect(containsAddr(mustParseCidr('0.0.0.0/0'), mustParseAddr('::'))).toBe(false);
    expect(containsAddr(mustParseCidr('::/0'), mustParseAddr('0.0.0.0'))).toBe(false);
    expect(containsAddr(mustParseCidr('2001:db8:80::/56'), mustParseAddr('2001:db8:80:ff::1'))).toBe(true);
    expect(containsAddr(mustParseCidr('2001:db8:80::/56'), mustParseAddr('2001:db8:80:100::'))).toBe(false);
    expect(formatAddr(lastAddr(mustParseCidr('2001:db8:80:1::/64')))).toBe(
      '2001:db8:80:1:ffff:ffff:ffff:ffff',
    );
  });

  it('NAT64 (V6-6): the IPv4 address embedded in 64:ff9b::/96', () => {
    expect(formatAddr(embeddedIpv4(0x0064ff9b0000000000000000c633640an))).toBe('198.51.100.10');
  });
});
