/**
 * One address type for both families: `Addr = number | bigint`.
 *
 * Model (CORE-DESIGN §1, after Go's net/netip): an IPv4 address is a JS number (uint32), an IPv6 address a bigint
 * (0..2^128-1). `typeof a === 'number'` is the family test, so IPv4 code paths allocate nothing and keep their
 * speed. Values are comparable with `===` and usable as Map keys; an IPv4 address never equals an IPv6 one (a
 * family mismatch is `false`, never a throw). IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) stay IPv6 — AWS
 * treats the families separately (RT-1, V6-3, V6-7).
 *
 * Parsing is strict (ipv4.ts: four decimal octets without leading zeros; ipv6.ts: RFC 4291 text forms without
 * zones or brackets); errors carry the 0-based column where the problem was found.
 */
import { formatIpv4, parseIpv4, type ParseError, type ParseResult } from './ipv4.js';
import { formatIpv6, parseIpv6 } from './ipv6.js';

export type Addr = number | bigint;
export type Family = 4 | 6;

export const MAX_ADDR4 = 0xffffffff;
export const MAX_ADDR6 = (1n << 128n) - 1n;

/** 4 for a number, 6 for a bigint. */
export function family(a: Addr): Family {
  return typeof a === 'number' ? 4 : 6;
}

export function isV4(a: Addr): a is number {
  return typeof a === 'number';
}

export function isV6(a: Addr): a is bigint {
  return typeof a === 'bigint';
}

/**
 * Parse an IPv4 or IPv6 address; the family is decided by the presence of `:`. `parseAddr("10.0.0.1")` →
 * `{ok:true, value: 167772161}`, `parseAddr("2001:db8::1")` → a bigint. Errors carry the column.
 */
export function parseAddr(text: string): ParseResult<Addr> {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/** Parse an address or return null (call sites that already reported errors). */
export function tryAddr(text: string): Addr | null {
  const r = parseAddr(text);
  return r.ok ? r.value : null;
}

/** Parse an address the caller knows to be valid; throws otherwise (tests and constants only). */
export function mustParseAddr(text: string): Addr {
  const r = parseAddr(text);
  if (!r.ok) throw new Error(`invalid IP address ${text}: ${r.message}`);
  return r.value;
}

/** Dotted quad for IPv4, RFC 5952 canonical text for IPv6. */
export function formatAddr(a: Addr): string {
  return typeof a === 'number' ? formatIpv4(a) : formatIpv6(a);
}

/**
 * Total order: every IPv4 address sorts before every IPv6 address; within a family by value.
 * Returns -1, 0 or 1 (usable with `Array.prototype.sort`).
 */
export function compareAddr(a: Addr, b: Addr): number {
  const fa = typeof a === 'number';
  const fb = typeof b === 'number';
  if (fa !== fb) return fa ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The largest address of `a`'s family. */
export function maxOf(a: Addr): Addr {
  return typeof a === 'number' ? MAX_ADDR4 : MAX_ADDR6;
}

/** The next address, or null after the last of the family. */
export function nextAddr(a: Addr): Addr | null {
  if (typeof a === 'number') return a >= MAX_ADDR4 ? null : a + 1;
  return a >= MAX_ADDR6 ? null : a + 1n;
}

/** The previous address, or null before the first of the family. */
export function prevAddr(a: Addr): Addr | null {
  if (typeof a === 'number') return a <= 0 ? null : a - 1;
  return a <= 0n ? null : a - 1n;
}

/** An IPv4 address embedded in the low 32 bits of an IPv6 address (NAT64, RFC 6052 /96: V6-6). */
export function embeddedIpv4(a: bigint): number {
  return Number(a & 0xffffffffn);
}

export type { ParseError, ParseResult };
