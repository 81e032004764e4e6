/**
 * Longest-prefix match over IPv4 and IPv6, compiled once into sorted disjoint intervals per family.
 *
 * Model: a list of (prefix, value) entries of either family. Compilation sweeps each family's prefix boundaries
 * and, for each elementary interval, records the entry with the longest prefix that covers it (ties: the first
 * entry given wins — callers order same-length entries by their own tie-break, RT-4). IPv4 and IPv6 lookups are
 * independent (RT-1, V6-3): an IPv4 address only ever matches IPv4 prefixes. Lookup is a binary search over
 * interval starts — IPv4 starts in a Float64Array (numbers, no allocation: the IPv4 path is unchanged by IPv6),
 * IPv6 starts in a sorted bigint array. `LinearLpm` is the obvious reference implementation; the two are checked
 * against each other by property tests for both families.
 */
import type { Addr } from './addr.js';
import { containsAddr, last4, last6, type Prefix, type Prefix4, type Prefix6 } from './prefix.js';

export interface LpmEntry<T> {
  readonly prefix: Prefix;
  readonly value: T;
}

export interface Lpm<T> {
  /** The value of the longest prefix (of the address's family) containing `addr`, or undefined. */
  lookup(addr: Addr): T | undefined;
}

/** Reference implementation: scan every entry. */
export class LinearLpm<T> implements Lpm<T> {
  readonly #entries: readonly LpmEntry<T>[];
  constructor(entries: readonly LpmEntry<T>[]) {
    this.#entries = entries;
  }
  lookup(addr: Addr): T | undefined {
    let best: LpmEntry<T> | undefined;
    for (const e of this.#entries) {
      if (containsAddr(e.prefix, addr) && (best === undefined || e.prefix.len > best.prefix.len)) best = e;
    }
    return best?.value;
  }
}

const MAX6 = (1n << 128n) - 1n;

/** Compiled implementation: sorted disjoint intervals with binary search, one table per family. */
export class IntervalLpm<T> implements Lpm<T> {
  /** IPv4: start address of each interval, ascending. */
  readonly #starts: Float64Array;
  /** IPv4: value index per interval (-1 = no route). */
  readonly #slots: Int32Array;
  /** IPv6: start address of each interval, ascending (empty when the table has no IPv6 entry). */
  readonly #starts6: readonly bigint[];
  readonly #slots6: Int32Array;
  readonly #values: T[];

  constructor(entries: readonly LpmEntry<T>[]) {
    // Keep, per distinct prefix, only the first entry (tie-break by input order).
    const seen = new Set<string>();
    const uniq: LpmEntry<T>[] = [];
    for (const e of entries) {
      const key = `${e.prefix.family}|${e.prefix.base}/${e.prefix.len}`;
      if (seen.has(key)) continue;
      seen.add(key);
      uniq.push(e);
    }
    this.#values = uniq.map((e) => e.value);
    const v4: number[] = [];
    const v6: number[] = [];
    uniq.forEach((e, i) => (e.prefix.family === 4 ? v4 : v6).push(i));
    const t4 = build4(uniq, v4);
    this.#starts = Float64Array.from(t4.starts);
    this.#slots = t4.slots;
    const t6 = build6(uniq, v6);
    this.#starts6 = t6.starts;
    this.#slots6 = t6.slots;
  }

  lookup(addr: Addr): T | undefined {
    if (typeof addr !== 'number') return this.#lookup6(addr);
    const s = this.#starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((s[mid] as number) <= addr) lo = mid;
      else hi = mid - 1;
    }
    const slot = this.#slots[lo] as number;
    return slot < 0 ? undefined : this.#values[slot];
  }

  #lookup6(addr: bigint): T | undefined {
    const s = this.#starts6;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((s[mid] as bigint) <= addr) lo = mid;
      else hi = mid - 1;
    }
    const slot = this.#slots6[lo] as number;
    return slot < 0 ? undefined : this.#values[slot];
  }

  /** Number of elementary intervals over both families (for benchmarks). */
  get intervals(): number {
    return this.#starts.length + this.#starts6.length;
  }
}

/** Elementary intervals of the IPv4 entries (indexes into `uniq`), longer prefixes painted over shorter ones. */
function build4<T>(
  uniq: readonly LpmEntry<T>[],
  idx: readonly number[],
): { starts: number[]; slots: Int32Array } {
  const bounds = new Set<number>([0]);
  for (const i of idx) {
    const p = (uniq[i] as LpmEntry<T>).prefix as Prefix4;
    bounds.add(p.base);
    const end = last4(p);
    if (end < 0xffffffff) bounds.add(end + 1);
  }
  const starts = [...bounds].sort((a, b) => a - b);
  const slots = new Int32Array(starts.length).fill(-1);
  for (const i of byLength(uniq, idx)) {
    const p = (uniq[i] as LpmEntry<T>).prefix as Prefix4;
    const end = last4(p);
    for (let k = lowerBound(starts, p.base); k < starts.length && (starts[k] as number) <= end; k++)
      slots[k] = i;
  }
  return { starts, slots };
}

/** The same for IPv6 (bigint bounds). */
function build6<T>(
  uniq: readonly LpmEntry<T>[],
  idx: readonly number[],
): { starts: bigint[]; slots: Int32Array } {
  if (idx.length === 0) return { starts: [0n], slots: new Int32Array([-1]) };
  const bounds = new Set<bigint>([0n]);
  for (const i of idx) {
    const p = (uniq[i] as LpmEntry<T>).prefix as Prefix6;
    bounds.add(p.base);
    const end = last6(p);
    if (end < MAX6) bounds.add(end + 1n);
  }
  const starts = [...bounds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const slots = new Int32Array(starts.length).fill(-1);
  for (const i of byLength(uniq, idx)) {
    const p = (uniq[i] as LpmEntry<T>).prefix as Prefix6;
    const end = last6(p);
    for (let k = lowerBound(starts, p.base); k < starts.length && (starts[k] as bigint) <= end; k++)
      slots[k] = i;
  }
  return { starts, slots };
}

/** Entry indexes in ascending prefix length (stable), so longer prefixes paint last. */
function byLength<T>(uniq: readonly LpmEntry<T>[], idx: readonly number[]): number[] {
  return [...idx].sort((a, b) => (uniq[a]?.prefix.len ?? 0) - (uniq[b]?.prefix.len ?? 0) || a - b);
}

function lowerBound<A extends number | bigint>(arr: readonly A[], x: A): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as A) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
