/**
 * Shrinking a failing fuzz input to a small one that fails the same way (same signature): drop the other files,
 * then delta-debug the mutated file by lines, then by characters (Zeller's ddmin, bounded by a number of tries).
 */
import type { FuzzInput } from './formats.js';

export type StillFails = (input: FuzzInput) => Promise<boolean>;

/** ddmin over a list: the smallest sublist (1-minimal within the budget) for which `test` holds. */
async function ddmin<T>(
  items: T[],
  test: (xs: T[]) => Promise<boolean>,
  budget: { tries: number },
): Promise<T[]> {
  let cur = items;
  let n = 2;
  while (cur.length >= 2 && budget.tries > 0) {
    const size = Math.ceil(cur.length / n);
    let reduced = false;
    for (let i = 0; i < n && budget.tries > 0; i++) {
      const complement = [...cur.slice(0, i * size), ...cur.slice((i + 1) * size)];
      if (complement.length === cur.length) continue;
      budget.tries--;
      if (await test(complement)) {
        cur = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= cur.length) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  return cur;
}

/** The smallest input found within `tries` runs that still fails. */
export async function minimise(input: FuzzInput, stillFails: StillFails, tries = 400): Promise<FuzzInput> {
  const budget = { tries };
  let best = input;
  // 1. Files other than the one mutated and the one loaded.
  const keep = new Set([input.target, input.entry, 'host.yaml']);
  const others = Object.keys(best.files).filter((f) => !keep.has(f));
  if (others.length > 0) {
    const kept = await ddmin(
      others,
      (xs) =>
        stillFails({
          ...best,
          files: Object.fromEntries(
            Object.entries(best.files).filter(([f]) => keep.has(f) || xs.includes(f)),
          ),
        }),
      budget,
    );
    best = {
      ...best,
      files: Object.fromEntries(Object.entries(best.files).filter(([f]) => keep.has(f) || kept.includes(f))),
    };
  }
  const withText = (text: string): FuzzInput => ({ ...best, files: { ...best.files, [best.target]: text } });
  // 2. Lines of the mutated file, then 3. characters when it is small enough.
  const lines = (best.files[best.target] ?? '').split('\n');
  const keptLines = await ddmin(lines, (xs) => stillFails(withText(xs.join('\n'))), budget);
  best = withText(keptLines.join('\n'));
  const text = best.files[best.target] ?? '';
  if (text.length <= 4000) {
    const chars = await ddmin(Array.from(text), (xs) => stillFails(withText(xs.join(''))), budget);
    best = withText(chars.join(''));
  }
  return best;
}
