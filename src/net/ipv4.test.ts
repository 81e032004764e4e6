/**
 * IPv4 parsing and formatting: hand-checked vectors plus fast-check properties.
 *
 * Strictness follows the AWS API (aws-semantics ADDR-3 and architecture.md "net/"): exactly four decimal octets
 * 0–255, no leading zeros (`010.0.0.1` would be octal 8 to inet_aton, so AWS refuses it), no whitespace, no
 * shorthand forms (`1.2.3`, `10`), nothing after the fourth octet.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { formatIpv4, isIpv4, mustParseIpv4, parseIpv4 } from './ipv4.js';

const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const octet = fc.integer({ min: 0, max: 255 });

describe('parseIpv4 vectors', () => {
  // Values computed by hand: a.b.c.d = a·2^24 + b·2^16 + c·2^8 + d.
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 10 * 2 ** 24 + 1], // 167772161
    ['192.168.1.254', 192 * 2 ** 24 + 168 * 2 ** 16 + 1 * 2 ** 8 + 254],
    ['255.255.255.255', 2 ** 32 - 1],
    ['100.64.0.0', 100 * 2 ** 24 + 64 * 2 ** 16],
  ])('%s = %d', (text, value) => {
    expect(parseIpv4(text)).toEqual({ ok: true, value });
    expect(formatIpv4(value)).toBe(text);
  });

  // Each of these is refused by the AWS API; the column is where the problem is (0-based).
  it.each([
    ['010.0.0.1', 0, /leading zero/], // octal-looking octet
    ['10.0.0.01', 7, /leading zero/],
    ['00.0.0.0', 0, /leading zero/],
    ['256.0.0.1', 0, /larger than 255/],
    ['1.2.3.256', 6, /larger than 255/],
    ['1.2.3', 5, /four octets/], // shorthand: inet_aton would read 1.2.0.3
    ['10', 2, /four octets/],
    ['1.2.3.4.5', 7, /more than four/],
    ['1.2.3.4.', 7, /more than four/],
    ['1.2..4', 4, /unexpected character|ends early/],
    ['1.2.3.', 6, /ends early/],
    ['.1.2.3', 0, /unexpected character/],
    [' 1.2.3.4', 0, /unexpected character/],
    ['1.2.3.4 ', 7, /unexpected character/],
    ['1.2. 3.4', 4, /unexpected character/],
    ['1.2.3.4\n', 7, /unexpected character/],
    ['1.2.3.-4', 6, /unexpected character/],
    ['1.2.3.+4', 6, /unexpected character/],
    ['0x1.2.3.4', 1, /unexpected character/],
    ['1.2.3.4/32', 7, /unexpected character/],
    ['1234.1.1.1', 0, /longer than 3/],
    ['', 0, /empty/],
  ])('rejects %j at column %d', (text, column, message) => {
    const r = parseIpv4(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.column).toBe(column);
    expect(r.message).toMatch(message);
    expect(isIpv4(text)).toBe(false);
  });

  it('mustParseIpv4 throws on bad input and returns the value on good input', () => {
    expect(mustParseIpv4('10.0.0.1')).toBe(167772161);
    expect(() => mustParseIpv4('010.0.0.1')).toThrow(/010\.0\.0\.1/);
  });
});

describe('IPv4 properties', () => {
  test.prop([uint32])('format then parse is the identity on uint32', (addr) => {
    const r = parseIpv4(formatIpv4(addr));
    expect(r).toEqual({ ok: true, value: addr });
  });

  test.prop([octet, octet, octet, octet])(
    'four canonical octets parse to a·2^24+b·2^16+c·2^8+d',
    (a, b, c, d) => {
      const text = `${a}.${b}.${c}.${d}`;
      expect(parseIpv4(text)).toEqual({ ok: true, value: ((a * 256 + b) * 256 + c) * 256 + d });
      expect(formatIpv4(mustParseIpv4(text))).toBe(text);
    },
  );

  test.prop([
    fc.tuple(octet, octet, octet, octet),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 1, max: 2 }),
  ])('an octet written with leading zeros is rejected', (octets, which, zeros) => {
    const parts = octets.map(String);
    parts[which] = '0'.repeat(zeros) + (parts[which] ?? '');
    expect(parseIpv4(parts.join('.')).ok).toBe(false);
  });

  test.prop([uint32, fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0'), fc.integer({ min: 0, max: 15 })])(
    'whitespace anywhere is rejected',
    (addr, ws, pos) => {
      const text = formatIpv4(addr);
      const at = Math.min(pos, text.length);
      expect(parseIpv4(text.slice(0, at) + ws + text.slice(at)).ok).toBe(false);
    },
  );

  test.prop([uint32, fc.integer({ min: 1, max: 3 })])('fewer than four octets are rejected', (addr, keep) => {
    const text = formatIpv4(addr).split('.').slice(0, keep).join('.');
    expect(parseIpv4(text).ok).toBe(false);
  });

  test.prop([uint32, octet])('more than four octets are rejected', (addr, extra) => {
    expect(parseIpv4(`${formatIpv4(addr)}.${extra}`).ok).toBe(false);
  });

  test.prop([
    fc.tuple(octet, octet, octet),
    fc.integer({ min: 256, max: 999 }),
    fc.integer({ min: 0, max: 3 }),
  ])('an octet above 255 is rejected', (three, big, at) => {
    const parts = three.map(String);
    parts.splice(at, 0, String(big));
    expect(parseIpv4(parts.join('.')).ok).toBe(false);
  });

  test.prop([fc.string({ maxLength: 20 })])(
    'never throws; accepts only what it formats back identically',
    (s) => {
      const r = parseIpv4(s);
      if (r.ok) expect(formatIpv4(r.value)).toBe(s);
      else expect(r.column).toBeGreaterThanOrEqual(0);
    },
  );
});
