/**
 * Longest-prefix match over IPv4, compiled once into sorted disjoint intervals.
 *
 * Model: a list of (prefix, value) entries. Compilation sweeps the prefixes' boundaries and, for each
 * elementary interval, records the entry with the longest prefix that covers it (ties: the first entry
 * given wins — callers order same-length entries by their own tie-break, RT-4). Lookup is a binary search
 * over interval starts: O(log n), no allocation. `LinearLpm` is the obvious reference implementation; the
 * two are checked against each other by property tests.
 */
import { contains4, last4, type Prefix4 } from './prefix.js';

export interface LpmEntry<T> {
  readonly prefix: Prefix4;
  readonly value: T;
}

export interface Lpm<T> {
  /** The value of the longest prefix containing `addr`, or undefined. */
  lookup(addr: number): T | undefined;
}

/** Reference implementation: scan every entry. */
export class LinearLpm<T> implements Lpm<T> {
  readonly #entries: readonly LpmEntry<T>[];
  constructor(entries: readonly LpmEntry<T>[]) {
    this.#entries = entries;
  }
  lookup(addr: number): T | undefined {
    let best: LpmEntry<T> | undefined;
    for (const e of this.#entries) {
      if (contains4(e.prefix, addr) && (best === undefined || e.prefix.len > best.prefix.len)) best = e;
    }
    return best?.value;
  }
}

/** Compiled implementation: sorted disjoint intervals with binary search. */
export class IntervalLpm<T> implements Lpm<T> {
  /** Start address of each interval, ascending. */
  readonly #starts: Float64Array;
  /** Value index per interval (-1 = no route). */
  readonly #slots: Int32Array;
  readonly #values: T[];

  constructor(entries: readonly LpmEntry<T>[]) {
    // Keep, per distinct prefix, only the first entry (tie-break by input order).
    const seen = new Map<string, number>();
    const uniq: LpmEntry<T>[] = [];
    for (const e of entries) {
      const key = `${e.prefix.base}/${e.prefix.len}`;
      if (seen.has(key)) continue;
      seen.set(key, uniq.length);
      uniq.push(e);
    }
    this.#values = uniq.map((e) => e.value);
    // Boundaries: every prefix start and every (end + 1).
    const bounds = new Set<number>([0]);
    for (const e of uniq) {
      bounds.add(e.prefix.base);
      const end = last4(e.prefix);
      if (end < 0xffffffff) bounds.add(end + 1);
    }
    const starts = [...bounds].sort((a, b) => a - b);
    // Paint longer prefixes over shorter ones: process in ascending length order.
    const order = uniq
      .map((_, i) => i)
      .sort((a, b) => (uniq[a]?.prefix.len ?? 0) - (uniq[b]?.prefix.len ?? 0));
    const slots = new Int32Array(starts.length).fill(-1);
    for (const idx of order) {
      const p = (uniq[idx] as LpmEntry<T>).prefix;
      const end = last4(p);
      let lo = lowerBound(starts, p.base);
      while (lo < starts.length && (starts[lo] as number) <= end) {
        slots[lo] = idx;
        lo++;
      }
    }
    this.#starts = Float64Array.from(starts);
    this.#slots = slots;
  }

  lookup(addr: number): T | undefined {
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

  /** Number of elementary intervals (for benchmarks). */
  get intervals(): number {
    return this.#starts.length;
  }
}

function lowerBound(arr: readonly number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
