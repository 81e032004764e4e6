/**
 * "Did you mean": the known name closest to what the user typed (edit distance with swaps, case-insensitive), or
 * undefined when nothing is reasonably close (more than a third of the name differs). Used for codes in
 * expectations and for flow endpoints.
 */

/** Edit distance counting an insertion, deletion, substitution or swap of two adjacent letters as 1 (optimal
 * string alignment), so the commonest typo, two letters swapped, is one edit. */
export function editDistance(a: string, b: string): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The closest of `names` to `text`; ties go to the alphabetically first. `closestName('web1', ['web', 'db'])` → 'web'. */
export function closestName(text: string, names: Iterable<string>): string | undefined {
  const t = text.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const d = editDistance(t, n.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && n < best)) {
      best = n;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}
