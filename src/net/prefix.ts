/**
 * IPv4 and IPv6 prefixes (CIDR blocks) as small immutable values.
 *
 * `parseCidr` is strict like the AWS API for resources that must be canonical (subnets, VPCs, routes):
 * host bits set are reported (`hostBits: true`) so the caller decides between "reject" and "canonicalise"
 * (ADDR-3: the API canonicalises subnet and NACL CIDRs). Family mismatch is `false`, never a throw.
 */
import { formatIpv4, parseIpv4, type ParseError, type ParseResult } from './ipv4.js';
import { formatIpv6, parseIpv6 } from './ipv6.js';
import type { Addr } from './addr.js';

export interface Prefix4 {
  readonly family: 4;
  /** Network address (host bits cleared). */
  readonly base: number;
  readonly len: number;
}
export interface Prefix6 {
  readonly family: 6;
  readonly base: bigint;
  readonly len: number;
}
export type Prefix = Prefix4 | Prefix6;

export interface ParsedCidr {
  readonly prefix: Prefix;
  /** True when the written address had bits set beyond the prefix length (e.g. `10.0.0.5/24`). */
  readonly hostBits: boolean;
}

const MASKS4: number[] = [];
for (let l = 0; l <= 32; l++) MASKS4.push(l === 0 ? 0 : (0xffffffff << (32 - l)) >>> 0);

/** Network mask of an IPv4 prefix length as uint32. `mask4(24)` → `0xffffff00`. */
export function mask4(len: number): number {
  return MASKS4[len] ?? 0;
}

const ALL6 = (1n << 128n) - 1n;
/** Network mask of an IPv6 prefix length. */
export function mask6(len: number): bigint {
  return len === 0 ? 0n : (ALL6 << BigInt(128 - len)) & ALL6;
}

function fail(message: string, column: number): ParseError {
  return { ok: false, message, column };
}

/** Parse `a.b.c.d/n` or an IPv6 CIDR. `parseCidr("10.0.0.0/16")`. A bare address is rejected. */
export function parseCidr(text: string): ParseResult<ParsedCidr> {
  const slash = text.indexOf('/');
  if (slash < 0) return fail('CIDR block needs a "/length" suffix', text.length);
  const addrText = text.slice(0, slash);
  const lenText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(lenText))
    return fail(`prefix length "${lenText}" is not a number`, slash + 1);
  const len = Number(lenText);
  if (addrText.includes(':')) {
    if (len > 128) return fail(`prefix length /${len} is larger than 128`, slash + 1);
    const a = parseIpv6(addrText);
    if (!a.ok) return a;
    const base = a.value & mask6(len);
    return { ok: true, value: { prefix: { family: 6, base, len }, hostBits: base !== a.value } };
  }
  if (len > 32) return fail(`prefix length /${len} is larger than 32`, slash + 1);
  const a = parseIpv4(addrText);
  if (!a.ok) return a;
  const base = (a.value & mask4(len)) >>> 0;
  return { ok: true, value: { prefix: { family: 4, base, len }, hostBits: base !== a.value } };
}

/** Parse a CIDR known to be valid and canonical; throws otherwise (tests and constants only). */
export function mustParseCidr(text: string): Prefix {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(`invalid CIDR ${text}: ${r.message}`);
  return r.value.prefix;
}

/** IPv4 prefix from a base and length (host bits are cleared). */
export function prefix4(base: number, len: number): Prefix4 {
  return { family: 4, base: (base & mask4(len)) >>> 0, len };
}

/** Canonical text. `formatPrefix(prefix4(0x0a000000, 8))` → `"10.0.0.0/8"`. */
export function formatPrefix(p: Prefix): string {
  return p.family === 4 ? `${formatIpv4(p.base)}/${p.len}` : `${formatIpv6(p.base)}/${p.len}`;
}

/** Does IPv4 prefix `p` contain address `addr` (uint32)? */
export function contains4(p: Prefix4, addr: number): boolean {
  return (addr & mask4(p.len)) >>> 0 === p.base;
}

/** IPv6 prefix from a base and length (host bits are cleared). */
export function prefix6(base: bigint, len: number): Prefix6 {
  return { family: 6, base: base & mask6(len), len };
}

/**
 * Does prefix `p` contain address `addr`, whatever their families? A family mismatch is `false` (an IPv4 rule
 * never matches an IPv6 packet and vice versa: V6-7, V6-8). The IPv4 path is the same arithmetic as `contains4`.
 */
export function containsAddr(p: Prefix, addr: Addr): boolean {
  if (typeof addr === 'number') {
    return p.family === 4 && (addr & mask4(p.len)) >>> 0 === p.base;
  }
  return p.family === 6 && (addr & mask6(p.len)) === p.base;
}

/** Last address of a prefix of either family. */
export function lastAddr(p: Prefix): Addr {
  return p.family === 4 ? last4(p) : last6(p);
}

/** Last address of an IPv6 prefix. */
export function last6(p: Prefix6): bigint {
  return p.base | (~mask6(p.len) & ALL6);
}

/** Does prefix `outer` contain prefix `inner` (equal counts)? Different families → false. */
export function covers(outer: Prefix, inner: Prefix): boolean {
  if (outer.family !== inner.family || outer.len > inner.len) return false;
  if (outer.family === 4) return ((inner.base as number) & mask4(outer.len)) >>> 0 === outer.base;
  return ((inner.base as bigint) & mask6(outer.len)) === outer.base;
}

/** Do two prefixes share any address? Different families → false. */
export function overlaps(a: Prefix, b: Prefix): boolean {
  return covers(a, b) || covers(b, a);
}

/** Same family, base and length. */
export function prefixEquals(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.len === b.len && a.base === b.base;
}

/** Last address of an IPv4 prefix. `last4(10.0.0.0/24)` → 10.0.0.255. */
export function last4(p: Prefix4): number {
  return (p.base | (~mask4(p.len) >>> 0)) >>> 0;
}

/** Number of addresses in an IPv4 prefix. */
export function size4(p: Prefix4): number {
  return 2 ** (32 - p.len);
}

/** Parse an IPv4 address or return null. Convenience for call sites that already reported errors. */
export function tryIpv4(text: string): number | null {
  const r = parseIpv4(text);
  return r.ok ? r.value : null;
}

/** Parse a CIDR (canonicalising host bits) or return null. */
export function tryCidr(text: string): Prefix | null {
  const r = parseCidr(text);
  return r.ok ? r.value.prefix : null;
}

/** Parse an IPv4 CIDR (canonicalising host bits) or return null; IPv6 → null. */
export function tryCidr4(text: string): Prefix4 | null {
  const p = tryCidr(text);
  return p && p.family === 4 ? p : null;
}

/** RFC 1918 private ranges (IGW-3). */
export const RFC1918: readonly Prefix4[] = [
  prefix4(0x0a000000, 8),
  prefix4(0xac100000, 12),
  prefix4(0xc0a80000, 16),
];
/** RFC 6598 shared address space 100.64.0.0/10 (IGW-3). */
export const RFC6598: Prefix4 = prefix4(0x64400000, 10);

/** Is the address in RFC 1918 space? (Never for IPv6.) */
export function isRfc1918(addr: Addr): boolean {
  return typeof addr === 'number' && RFC1918.some((p) => contains4(p, addr));
}
