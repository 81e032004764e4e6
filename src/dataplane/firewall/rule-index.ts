/**
 * An index over the stateful rules so a packet is checked only against rules that can match it.
 *
 * Model: every rule (by its position in evaluation order) lands in exactly one bucket:
 * - content-indexed: its first content match is on `tls.sni`/`http.host`, case-insensitive (nocase, or the
 *   lower-cased Host buffer), and either exact (`startswith; endswith`) or a leading-dot suffix
 *   (`dotprefix; content:".x"; endswith`) — every domain-list rule. Looked up by the packet's SNI/Host.
 * - destination-indexed: one-directional rules whose destination is a small set of IPv4 addresses only (≤ 16
 *   ranges, ≤ 2^24 addresses); a destination with IPv6 members is scanned.
 *   Elementary address intervals map to the rules covering them.
 * - scanned: everything else.
 * Candidates are only a superset: the evaluator still runs the full match on each, in ascending position, so the
 * result equals a linear scan (checked by tests). Built once per compiled firewall; lookups do not allocate except
 * for the (small) content candidate list.
 */
import type { Phase } from './phases.js';
import type { CompiledStatefulRule } from './types.js';

const EMPTY: readonly number[] = [];
const MAX_INDEX_ENTRIES = 4_000_000;
const SPECIFIC_SIZE = 2 ** 24;

function contentKey(r: CompiledStatefulRule): string | undefined {
  const c = r.contents[0];
  if (!c || c.negate) return undefined;
  if (!c.nocase && c.buffer !== 'http.host') return undefined;
  if (c.startswith && c.endswith) return `${c.buffer}|=|${c.content}`;
  if (c.endswith && c.dotprefix && c.content.startsWith('.') && !c.startswith)
    return `${c.buffer}|.|${c.content}`;
  return undefined;
}

export class StatefulRuleIndex {
  /** Positions always checked, ascending. */
  readonly scan: readonly number[];
  private readonly starts: readonly number[];
  private readonly lists: readonly (readonly number[])[];
  private readonly content: ReadonlyMap<string, readonly number[]>;

  /** An index that scans every rule (the reference the differential test compares against). */
  static linear(rules: readonly CompiledStatefulRule[]): StatefulRuleIndex {
    return new StatefulRuleIndex(rules, true);
  }

  constructor(rules: readonly CompiledStatefulRule[], linear = false) {
    if (linear) {
      this.scan = rules.map((_, i) => i);
      this.starts = [];
      this.lists = [];
      this.content = new Map();
      return;
    }
    const scan: number[] = [];
    const content = new Map<string, number[]>();
    const specific: { i: number; ranges: [number, number][] }[] = [];
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i] as CompiledStatefulRule;
      if (r.undetectedProto !== undefined) {
        scan.push(i);
        continue;
      }
      const key = contentKey(r);
      if (key !== undefined) {
        const l = content.get(key);
        if (l) l.push(i);
        else content.set(key, [i]);
        continue;
      }
      if (!r.bidirectional && r.dst.v6.isEmpty && !r.dst.v4.isAll) {
        const ranges = r.dst.v4.ranges();
        let size = 0;
        for (const [a, b] of ranges) size += b - a + 1;
        if (ranges.length <= 16 && size <= SPECIFIC_SIZE) {
          specific.push({ i, ranges });
          continue;
        }
      }
      scan.push(i);
    }
    // Elementary intervals of the destination-indexed rules.
    const points = new Set<number>();
    for (const s of specific)
      for (const [a, b] of s.ranges) {
        points.add(a);
        points.add(b + 1);
      }
    const starts = [...points].sort((x, y) => x - y);
    const lists: number[][] = starts.map(() => []);
    let entries = 0;
    let overflow = false;
    for (const s of specific) {
      for (const [a, b] of s.ranges) {
        let k = lowerBound(starts, a);
        while (k < starts.length && (starts[k] as number) <= b) {
          (lists[k] as number[]).push(s.i);
          k++;
          if (++entries > MAX_INDEX_ENTRIES) overflow = true;
        }
        if (overflow) break;
      }
      if (overflow) break;
    }
    if (overflow) {
      // Pathological overlap: fall back to scanning those rules.
      for (const s of specific) scan.push(s.i);
      scan.sort((x, y) => x - y);
      this.starts = [];
      this.lists = [];
    } else {
      this.starts = starts;
      this.lists = lists;
    }
    this.scan = scan;
    this.content = content;
  }

  /** Destination-indexed rules that may match `dst`, ascending. */
  byDestination(dst: number): readonly number[] {
    const s = this.starts;
    let a = 0;
    let b = s.length - 1;
    while (a <= b) {
      const m = (a + b) >>> 1;
      if ((s[m] as number) <= dst) a = m + 1;
      else b = m - 1;
    }
    return b >= 0 ? (this.lists[b] as readonly number[]) : EMPTY;
  }

  /** Content-indexed rules that may match the packet's SNI/Host, ascending. */
  byContent(ph: Phase): readonly number[] {
    if (this.content.size === 0) return EMPTY;
    let buffer: string;
    let value: string | undefined;
    if (ph.app === 'tls') {
      buffer = 'tls.sni';
      value = ph.sni;
    } else if (ph.app === 'http') {
      buffer = 'http.host';
      value = ph.host;
    } else return EMPTY;
    if (value === undefined) return EMPTY;
    const v = value.toLowerCase();
    const out: number[] = [];
    pushAll(out, this.content.get(`${buffer}|=|${v}`));
    pushAll(out, this.content.get(`${buffer}|=|.${v}`));
    const dotted = `.${v}`;
    for (let i = 0; i < dotted.length; i++) {
      if (dotted.charCodeAt(i) === 46) pushAll(out, this.content.get(`${buffer}|.|${dotted.slice(i)}`));
    }
    if (out.length === 0) return EMPTY;
    out.sort((x, y) => x - y);
    return out;
  }
}

function pushAll(out: number[], l: readonly number[] | undefined): void {
  if (l) for (const x of l) out.push(x);
}

function lowerBound(xs: readonly number[], x: number): number {
  let a = 0;
  let b = xs.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if ((xs[m] as number) < x) a = m + 1;
    else b = m;
  }
  return a;
}
