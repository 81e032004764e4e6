/**
 * Exact coverage of one box by a union of boxes, for lint that asks "can this rule ever match?". A box is an
 * inclusive integer interval per dimension (bigint, so IPv6 addresses fit); `uncovered(box, others)` subtracts the
 * others one at a time, splitting the remainder into at most 2·d boxes per subtraction. Rule sets are small
 * (NACL-9: 20 rules per direction; RT-20: 50 routes per table), so the remainder stays small.
 */

export type Interval = readonly [bigint, bigint];
export type Box = readonly Interval[];

/** box − cut, as disjoint boxes (empty when `cut` covers `box`). */
function subtract(box: Box, cut: Box): Box[] {
  for (let d = 0; d < box.length; d++) {
    const [lo, hi] = box[d] as Interval;
    const [clo, chi] = cut[d] as Interval;
    if (chi < lo || clo > hi) return [box]; // disjoint in one dimension: nothing removed
  }
  const out: Box[] = [];
  let rest: Interval[] = [...box];
  for (let d = 0; d < box.length; d++) {
    const [lo, hi] = rest[d] as Interval;
    const [clo, chi] = cut[d] as Interval;
    if (lo < clo) out.push(rest.map((iv, i) => (i === d ? ([lo, clo - 1n] as const) : iv)));
    if (chi < hi) out.push(rest.map((iv, i) => (i === d ? ([chi + 1n, hi] as const) : iv)));
    rest = rest.map((iv, i) => (i === d ? ([lo > clo ? lo : clo, hi < chi ? hi : chi] as const) : iv));
  }
  return out;
}

/**
 * A necessary condition, cheap to test: in every dimension, the intervals of the boxes that meet `box` together
 * cover `box`'s interval (a point whose coordinate no box reaches in one dimension is uncovered). Most rules fail it
 * at once, before the subtraction (which allocates boxes) runs.
 */
function coveredPerDimension(box: Box, meeting: readonly Box[]): boolean {
  for (let d = 0; d < box.length; d++) {
    const [lo, hi] = box[d] as Interval;
    const ivs = meeting.map((b) => b[d] as Interval).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    let next = lo; // the first value of [lo, hi] not yet covered
    for (const [a, b] of ivs) {
      if (a > next) break;
      if (b >= next) next = b + 1n;
      if (next > hi) break;
    }
    if (next <= hi) return false;
  }
  return true;
}

/** True when the union of `cover` contains every point of `box`. */
export function coveredBy(box: Box, cover: readonly Box[]): boolean {
  const meeting = cover.filter((c) => intersects(c, box));
  if (!coveredPerDimension(box, meeting)) return false;
  let remaining: Box[] = [box];
  for (const c of meeting) {
    remaining = remaining.flatMap((b) => subtract(b, c));
    if (remaining.length === 0) return true;
  }
  return remaining.length === 0;
}

/** True when the two boxes share at least one point. */
export function intersects(a: Box, b: Box): boolean {
  return a.every((iv, d) => {
    const o = b[d] as Interval;
    return iv[0] <= o[1] && o[0] <= iv[1];
  });
}
