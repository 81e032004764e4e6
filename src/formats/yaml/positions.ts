/**
 * Source positions computed lazily: readers keep plain character offsets, and a `SourcePositions` turns an offset
 * into a 1-based `file:line:col` only when a diagnostic (or a model span) asks for it.
 *
 * Model: the line-start table is built on first use (one pass over the text with `indexOf('\n')`) and kept as an
 * `Int32Array`; `span(offset)` is a binary search. Lines are counted the way the `yaml` package's `LineCounter`
 * counts them (a line starts after every `\n`; `\r` is not a line break of its own), so a position is the same
 * whichever reader produced the offset.
 */
import type { Span } from '../../diag/diagnostic.js';

export class SourcePositions {
  readonly file: string;
  readonly text: string;
  #starts: Int32Array | undefined;

  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
  }

  /** Offsets where each line starts (line 1 at index 0). */
  lineStarts(): Int32Array {
    if (this.#starts) return this.#starts;
    let n = 1;
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) n++;
    const starts = new Int32Array(n);
    let k = 1;
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    this.#starts = starts;
    return starts;
  }

  /** 0-based index of the line that holds `offset`. */
  lineIndex(offset: number): number {
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid + 1;
      else high = mid;
    }
    return Math.max(0, low - 1);
  }

  /** `{ file, line, col }` (1-based) of a character offset. */
  span(offset: number): Span {
    const i = this.lineIndex(offset);
    return { file: this.file, line: i + 1, col: offset - (this.lineStarts()[i] ?? 0) + 1 };
  }

  /** Text of the 0-based line `i` (without its `\n`), or undefined past the end. */
  line(i: number): string | undefined {
    const starts = this.lineStarts();
    const start = starts[i];
    if (start === undefined) return undefined;
    const next = starts[i + 1];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1);
  }

  /** Number of lines (`text.split('\n').length`). */
  lineCount(): number {
    return this.lineStarts().length;
  }
}
