/**
 * Header-space intervals: closed integer ranges of one dimension (addresses, ports), cut at predicate boundaries
 * and written as a network engineer reads them (CIDR blocks, `a-b`).
 *
 * Model: an `Interval` is `{lo, hi}` inclusive; a boundary list is the ascending starts of the cells a dimension is
 * cut into (predicate boundaries, dataplane/boundaries.ts). IPv4 first; the functions take plain numbers so an
 * address type of number|bigint only changes `formatRange`.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import type { Addr } from '../../net/addr.js';
import { last4, type Prefix } from '../../net/prefix.js';

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

export const ALL_ADDRESSES: Interval = { lo: 0, hi: 0xffffffff };
export const ALL_PORTS: Interval = { lo: 0, hi: 65535 };

/** An IPv4 prefix as an address interval; an IPv6 prefix → undefined (its header space is not yet enumerated,
 * docs/reach.md: callers say so with REACH_IPV6_NOT_ENUMERATED). */
export function prefixInterval(p: Prefix): Interval | undefined {
  return p.family === 4 ? { lo: p.base, hi: last4(p) } : undefined;
}

/** An IPv4 address as a one-address interval; an IPv6 address → undefined. */
export function addrInterval(a: Addr): Interval | undefined {
  return typeof a === 'number' ? { lo: a, hi: a } : undefined;
}

/** The defined intervals of a list (IPv4 ones; IPv6 are left to REACH_IPV6_NOT_ENUMERATED). */
export function v4(xs: readonly (Interval | undefined)[]): Interval[] {
  return xs.filter((x): x is Interval => x !== undefined);
}

/** One-address intervals of the IPv4 addresses among `as`. */
export function addrs4(as: Iterable<Addr>): Interval[] {
  return v4([...as].map(addrInterval));
}

/** Index of the last boundary ≤ x (boundaries ascending, starting at the dimension's minimum). */
function cellOf(starts: readonly number[], x: number): number {
  let a = 0;
  let b = starts.length - 1;
  while (a <= b) {
    const m = (a + b) >>> 1;
    if ((starts[m] as number) <= x) a = m + 1;
    else b = m - 1;
  }
  return b;
}

/** How many cells `cut(r, starts)` makes, without making them. */
export function countCells(r: Interval, starts: readonly number[]): number {
  return cellOf(starts, r.hi) - cellOf(starts, r.lo) + 1;
}

/** Cut `r` at the boundaries: `cut({lo: 0, hi: 99}, [0, 10, 50])` → [0-9], [10-49], [50-99]. */
export function cut(r: Interval, starts: readonly number[]): Interval[] {
  const out: Interval[] = [];
  let lo = r.lo;
  let i = cellOf(starts, lo) + 1;
  while (lo <= r.hi) {
    const next = i < starts.length ? (starts[i] as number) : Infinity;
    const hi = Math.min(r.hi, next - 1);
    out.push({ lo, hi });
    lo = hi + 1;
    i++;
  }
  return out;
}

/** Sorted, merged union of intervals. */
export function union(xs: readonly Interval[]): Interval[] {
  const s = [...xs].sort((a, b) => a.lo - b.lo);
  const out: { lo: number; hi: number }[] = [];
  for (const x of s) {
    const last = out[out.length - 1];
    if (last && x.lo <= last.hi + 1) last.hi = Math.max(last.hi, x.hi);
    else out.push({ lo: x.lo, hi: x.hi });
  }
  return out;
}

/** `xs` minus `ys` (both any intervals), sorted and merged: one sweep over both, merged. */
export function minus(xs: readonly Interval[], ys: readonly Interval[]): Interval[] {
  const a = union(xs);
  const b = union(ys);
  const out: Interval[] = [];
  let j = 0;
  for (const x of a) {
    let lo = x.lo;
    // `b` is sorted and disjoint: skip what ends before x, cut x by what overlaps it.
    while (j < b.length && (b[j] as Interval).hi < lo) j++;
    let k = j;
    while (k < b.length && (b[k] as Interval).lo <= x.hi) {
      const y = b[k] as Interval;
      if (y.lo > lo) out.push({ lo, hi: y.lo - 1 });
      lo = y.hi + 1;
      if (y.hi >= x.hi) break;
      k++;
    }
    if (lo <= x.hi) out.push({ lo, hi: x.hi });
  }
  return out;
}

/** The addresses (or ports) in both `xs` and `ys`, sorted and merged. */
export function intersect(xs: readonly Interval[], ys: readonly Interval[]): Interval[] {
  const a = union(xs);
  const b = union(ys);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const lo = Math.max(x.lo, y.lo);
    const hi = Math.min(x.hi, y.hi);
    if (lo <= hi) out.push({ lo, hi });
    if (x.hi < y.hi) i++;
    else j++;
  }
  return out;
}

export function contains(r: Interval, x: number): boolean {
  return x >= r.lo && x <= r.hi;
}

/** The CIDR blocks that exactly cover an address interval. */
export function cidrsOf(r: Interval): string[] {
  const out: string[] = [];
  let lo = r.lo;
  while (lo <= r.hi) {
    let len = 32;
    while (len > 0) {
      const size = 2 ** (32 - (len - 1));
      if (lo % size !== 0 || lo + size - 1 > r.hi) break;
      len--;
    }
    out.push(`${formatIpv4(lo)}/${len}`);
    lo += 2 ** (32 - len);
  }
  return out;
}

/** An address interval as text: a CIDR list when short (`10.0.1.0/24`), else `10.0.1.7-10.0.3.200`. */
export function formatAddressRange(r: Interval): string {
  if (r.lo === r.hi) return formatIpv4(r.lo);
  const c = cidrsOf(r);
  return c.length <= 2 ? c.join(', ') : `${formatIpv4(r.lo)}-${formatIpv4(r.hi)}`;
}

/** A port interval as text: `443`, `0-65535`. */
export function formatPortRange(r: Interval): string {
  return r.lo === r.hi ? String(r.lo) : `${r.lo}-${r.hi}`;
}
