/**
 * Line and column of an offset in a text, from the text itself (the `yaml` package's LineCounter misses the
 * newlines inside some tokens of malformed input, so its positions can run past the end of a line). One index of line
 * starts per text; each lookup is a binary search.
 */

/** Line starts of a text, for offset → line/col conversion. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line/col of an offset. */
export function offsetToLineCol(starts: readonly number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
}

/** `positionsOf(text)(offset)` → 1-based `{ line, col }`; `shift` subtracts columns a reader added on a line. */
export function positionsOf(
  text: string,
  shift: ReadonlyMap<number, number> = new Map(),
): (offset: number) => { line: number; col: number } {
  const starts = lineStarts(text);
  return (offset) => {
    const p = offsetToLineCol(starts, offset);
    return { line: p.line, col: Math.max(1, p.col - (shift.get(p.line) ?? 0)) };
  };
}
