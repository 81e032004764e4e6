/**
 * Sets of IP addresses of both families: an IPv4 `RangeSet` (uint32) beside an IPv6 `RangeSet6` (bigint).
 *
 * Model: immutable, built once (firewall variables, Suricata address specifications, rule sources), queried per
 * packet with `has(addr)`, which dispatches on the family (`typeof`), so IPv4 membership costs what it did before
 * IPv6 existed. The families never mix: `0.0.0.0/0` admits no IPv6 address and `::/0` no IPv4 address (V6-7).
 */
import { MAX_ADDR4, type Addr } from './addr.js';
import { last4, last6, type Prefix } from './prefix.js';
import { RangeSet } from './range-set.js';
import { RangeSet6 } from './range-set6.js';

export class AddrSet {
  readonly v4: RangeSet;
  readonly v6: RangeSet6;

  constructor(v4: RangeSet, v6: RangeSet6) {
    this.v4 = v4;
    this.v6 = v6;
  }

  /** The set of every address in the given prefixes (either family). */
  static ofPrefixes(prefixes: readonly Prefix[]): AddrSet {
    const r4: [number, number][] = [];
    const r6: [bigint, bigint][] = [];
    for (const p of prefixes) {
      if (p.family === 4) r4.push([p.base, last4(p)]);
      else r6.push([p.base, last6(p)]);
    }
    return new AddrSet(RangeSet.of(r4, MAX_ADDR4), RangeSet6.of(r6));
  }

  static empty(): AddrSet {
    return new AddrSet(RangeSet.empty(MAX_ADDR4), RangeSet6.empty());
  }

  /** Every address of both families (Suricata `any`). */
  static all(): AddrSet {
    return new AddrSet(RangeSet.all(MAX_ADDR4), RangeSet6.all());
  }

  has(a: Addr): boolean {
    return typeof a === 'number' ? this.v4.has(a) : this.v6.has(a);
  }

  get isEmpty(): boolean {
    return this.v4.isEmpty && this.v6.isEmpty;
  }

  /** Both families complete. */
  get isAll(): boolean {
    return this.v4.isAll && this.v6.isAll;
  }

  union(o: AddrSet): AddrSet {
    return new AddrSet(this.v4.union(o.v4), this.v6.union(o.v6));
  }

  intersect(o: AddrSet): AddrSet {
    return new AddrSet(this.v4.intersect(o.v4), this.v6.intersect(o.v6));
  }

  minus(o: AddrSet): AddrSet {
    return new AddrSet(this.v4.minus(o.v4), this.v6.minus(o.v6));
  }

  complement(): AddrSet {
    return new AddrSet(this.v4.complement(), this.v6.complement());
  }

  covers(o: AddrSet): boolean {
    return this.v4.covers(o.v4) && this.v6.covers(o.v6);
  }
}
