/**
 * IPv6 parsing (RFC 4291 §2.2 text forms) and RFC 5952 canonical formatting: RFC vectors and properties.
 *
 * The properties generate addresses as eight 16-bit groups biased towards zero (so `::` compression, ties between
 * zero runs and single zero groups all occur often), then check that every textual variant RFC 4291 allows parses to
 * the same value and that the formatter's output obeys each rule of RFC 5952 §4.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { formatIpv6, parseIpv6 } from './ipv6.js';

/** A 16-bit group, zero half of the time. */
const group = fc.oneof(
  { weight: 5, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 0xf }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
);
const groups8 = fc.array(group, { minLength: 8, maxLength: 8 });

function toBig(groups: readonly number[]): bigint {
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

function groupsOf(v: bigint): number[] {
  const out: number[] = [];
  for (let i = 7; i >= 0; i--) out.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  return out;
}

/** Longest run of zero groups: [start, length]; the first on ties; length 0 when none. */
function longestZeroRun(gs: readonly number[]): [number, number] {
  let best: [number, number] = [-1, 0];
  for (let i = 0; i < gs.length; i++) {
    if (gs[i] !== 0) continue;
    let j = i;
    while (j < gs.length && gs[j] === 0) j++;
    if (j - i > best[1]) best = [i, j - i];
    i = j;
  }
  return best;
}

describe('RFC 5952 vectors', () => {
  // Each expected string follows one rule of RFC 5952 §4, named in the comment.
  it.each([
    ['0:0:0:0:0:0:0:0', '::'], // all zeros
    ['0:0:0:0:0:0:0:1', '::1'], // loopback
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'], // §4.1 leading zeros dropped, §4.2.1 longest run
    ['2001:DB8::1', '2001:db8::1'], // §4.3 lower case
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2 a single 0 group is not compressed
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // §4.2.3 the longest run is compressed
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // §4.2.3 equal runs: the first is compressed
    ['1:0:0:0:0:0:0:0', '1::'],
    ['fe80::0:0:1', 'fe80::1'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'], // embedded IPv4 tail (RFC 4291 §2.2 form 3); we print hex groups
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'], // "::" for one group parses; output never compresses one group
  ])('%s → %s', (text, canonical) => {
    const r = parseIpv6(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(formatIpv6(r.value)).toBe(canonical);
  });

  it('parses to the right value', () => {
    expect(parseIpv6('::1')).toEqual({ ok: true, value: 1n });
    expect(parseIpv6('2001:db8::')).toEqual({ ok: true, value: 0x20010db8n << 96n });
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual({ ok: true, value: (0xffffn << 32n) | 0x01020304n });
    expect(parseIpv6('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toEqual({
      ok: true,
      value: (1n << 128n) - 1n,
    });
  });

  it.each([
    '',
    ':',
    ':::',
    '1::2::3', // two "::"
    '1:2:3:4:5:6:7:8:9', // nine groups
    '1:2:3:4:5:6:7', // seven groups without "::"
    '1::2:3:4:5:6:7:8', // "::" standing for zero groups
    '12345::', // five hex digits
    'g::1',
    ':1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:',
    ' ::1',
    '::1 ',
    ':: 1',
    'fe80::1%eth0', // zone ids are not addresses in AWS
    '[::1]',
    '::ffff:1.2.3', // short IPv4 tail
    '::ffff:010.0.0.1', // IPv4 tail with a leading zero (same strictness as IPv4)
    '::1.2.3.4:5', // IPv4 only as the last 32 bits
    '1.2.3.4::', // IPv4 only as the last 32 bits, never before "::"
    '1.2.3.4::1',
    '1:2:3:4:5:6:7:1.2.3.4', // 7 groups + IPv4 = 9 groups
    '0x1::',
    '-1::',
  ])('rejects %j', (text) => {
    expect(parseIpv6(text).ok).toBe(false);
  });
});

describe('IPv6 properties', () => {
  test.prop([groups8])('format then parse is the identity', (gs) => {
    const v = toBig(gs);
    expect(parseIpv6(formatIpv6(v))).toEqual({ ok: true, value: v });
  });

  test.prop([groups8])('canonical output obeys RFC 5952 §4', (gs) => {
    const text = formatIpv6(toBig(gs));
    // §4.3: lower case; §4.1: no leading zeros in a group.
    expect(text).toBe(text.toLowerCase());
    for (const piece of text.split(':')) if (piece.length > 1) expect(piece.startsWith('0')).toBe(false);
    // §4.2: at most one "::", and exactly where the first longest run of ≥ 2 zero groups is.
    const [start, len] = longestZeroRun(gs);
    const dbl = text.indexOf('::');
    if (len >= 2) {
      expect(dbl).toBeGreaterThanOrEqual(0);
      expect(text.indexOf('::', dbl + 1)).toBe(-1);
      const head = text.slice(0, dbl);
      const headGroups = head === '' ? 0 : head.split(':').length;
      expect(headGroups).toBe(start);
      const tail = text.slice(dbl + 2);
      const tailGroups = tail === '' ? 0 : tail.split(':').length;
      expect(8 - headGroups - tailGroups).toBe(len);
    } else {
      // §4.2.2: nothing to compress (no run of two zero groups): all eight groups written.
      expect(dbl).toBe(-1);
      expect(text.split(':')).toHaveLength(8);
    }
  });

  test.prop([
    groups8,
    fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
    fc.nat(),
  ])('every RFC 4291 spelling parses to the same value', (gs, upper, pad, pick) => {
    // Spell each group with optional upper case and optional leading zeros (up to 4 digits).
    const spelled = gs.map((g, i) => {
      let h = g.toString(16);
      h = '0'.repeat(Math.min(pad[i] ?? 0, 4 - h.length)) + h;
      return upper[i] ? h.toUpperCase() : h;
    });
    const v = toBig(gs);
    expect(parseIpv6(spelled.join(':'))).toEqual({ ok: true, value: v });
    // Compress any run of zero groups (not necessarily the longest): still the same address.
    const runs: [number, number][] = [];
    for (let i = 0; i < 8; i++) {
      if (gs[i] !== 0) continue;
      let j = i;
      while (j < 8 && gs[j] === 0) j++;
      for (let a = i; a < j; a++) for (let b = a + 1; b <= j; b++) runs.push([a, b]);
      i = j;
    }
    if (runs.length > 0) {
      const [a, b] = runs[pick % runs.length] as [number, number];
      const text = `${spelled.slice(0, a).join(':')}::${spelled.slice(b).join(':')}`;
      expect(parseIpv6(text)).toEqual({ ok: true, value: v });
    }
    // The last 32 bits as a dotted quad.
    const low = Number(v & 0xffffffffn);
    const quad = `${low >>> 24}.${(low >>> 16) & 255}.${(low >>> 8) & 255}.${low & 255}`;
    expect(parseIpv6(`${spelled.slice(0, 6).join(':')}:${quad}`)).toEqual({ ok: true, value: v });
  });

  test.prop([groups8])(
    'the canonical form is no longer than spelling out or compressing a shorter run',
    (gs) => {
      // RFC 5952 §4.2.1/§4.2.3: "::" replaces the longest zero run. Every spelling that compresses a strictly shorter
      // run of two or more zero groups (or nothing) is at least as long. Not "shortest overall": a tie is broken by
      // position (first run), and a single 0 group is never compressed (§4.2.2) even where that would be shorter.
      const text = formatIpv6(toBig(gs));
      const [, longest] = longestZeroRun(gs);
      const plain = gs.map((g) => g.toString(16));
      const spellings = [plain.join(':')];
      for (let a = 0; a < 8; a++) {
        for (let b = a + 1; b <= 8 && gs[b - 1] === 0; b++) {
          if (b - a >= 2 && b - a < longest)
            spellings.push(`${plain.slice(0, a).join(':')}::${plain.slice(b).join(':')}`);
        }
      }
      for (const s of spellings) {
        expect(parseIpv6(s)).toEqual({ ok: true, value: toBig(gs) });
        expect(text.length).toBeLessThanOrEqual(s.length);
      }
    },
  );

  test.prop([fc.string({ maxLength: 45 })])('never throws on arbitrary text', (s) => {
    const r = parseIpv6(s);
    if (r.ok) expect(r.value >= 0n && r.value < 1n << 128n).toBe(true);
  });

  test.prop([fc.bigInt({ min: 0n, max: (1n << 128n) - 1n })])('uniform 128-bit round trip', (v) => {
    expect(parseIpv6(formatIpv6(v))).toEqual({ ok: true, value: v });
    expect(groupsOf(v)).toHaveLength(8);
  });
});
