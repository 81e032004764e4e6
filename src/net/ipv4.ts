/**
 * IPv4 addresses as unsigned 32-bit numbers, parsed strictly the way the AWS API does.
 *
 * Model: an address is a `number` in 0..2^32-1. Parsing accepts exactly four decimal octets 0–255 with no
 * leading zeros (`010.0.0.1` is rejected: AWS rejects it, and some libraries read it as octal), no whitespace,
 * no shorthand (`1.2.3`). Errors say which part is wrong and where (0-based column in the input string).
 */

/** A parse failure: what is wrong and the column (0-based) in the input where it was found. */
export interface ParseError {
  readonly ok: false;
  readonly message: string;
  readonly column: number;
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | ParseError;

function fail(message: string, column: number): ParseError {
  return { ok: false, message, column };
}

/** Parse a dotted-quad IPv4 address. `parseIpv4("10.0.0.1")` → `{ok:true, value: 167772161}`. */
export function parseIpv4(text: string): ParseResult<number> {
  let value = 0;
  let octets = 0;
  let i = 0;
  const n = text.length;
  if (n === 0) return fail('empty IPv4 address', 0);
  while (i <= n) {
    const start = i;
    let octet = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      i++;
      if (i - start > 3) return fail(`octet "${text.slice(start, i)}…" is longer than 3 digits`, start);
    }
    if (i === start) {
      return fail(
        i < n ? `unexpected character "${text[i] ?? ''}" in IPv4 address` : 'IPv4 address ends early',
        i,
      );
    }
    if (i - start > 1 && text.charCodeAt(start) === 48) {
      return fail(`octet "${text.slice(start, i)}" has a leading zero (AWS rejects it)`, start);
    }
    if (octet > 255) return fail(`octet ${octet} is larger than 255`, start);
    value = value * 256 + octet;
    octets++;
    if (i === n) break;
    if (text[i] !== '.') return fail(`unexpected character "${text[i] ?? ''}" in IPv4 address`, i);
    if (octets === 4) return fail('IPv4 address has more than four octets', i);
    i++;
  }
  if (octets !== 4) return fail(`IPv4 address needs four octets, found ${octets}`, n);
  return { ok: true, value };
}

/** Format a uint32 as dotted quad. `formatIpv4(167772161)` → `"10.0.0.1"`. */
export function formatIpv4(addr: number): string {
  return `${(addr >>> 24) & 255}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

/** True when `text` is a strictly valid IPv4 address. */
export function isIpv4(text: string): boolean {
  return parseIpv4(text).ok;
}

/** Parse an address that the caller already knows to be valid; throws otherwise (tests and constants only). */
export function mustParseIpv4(text: string): number {
  const r = parseIpv4(text);
  if (!r.ok) throw new Error(`invalid IPv4 address ${text}: ${r.message}`);
  return r.value;
}
