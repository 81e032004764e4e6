/**
 * The state the fast YAML reader (`fast-reader.ts`, `fast-flow.ts`) shares: the text, the position, the current
 * line and its indentation, the scratch stack of spans, and the moves every part needs (skip blank and comment
 * lines, finish a line, complete a collection, give up).
 *
 * Model: `ReaderState` is the base class of the flow and block readers; giving up throws a `Bail` (caught once,
 * in `readYamlFast`), so the reading code stays straight-line. Nothing here is module state: one reader per text.
 */
import { plainResolver, type PlainResolver } from './plain-scalar.js';
import type { SourcePositions } from './positions.js';
import { CollectionSpans, ScalarStyle, SpanIndex, SpanTable } from './spans.js';

/** Collections nested deeper than this are left to the `yaml` package (and its limits). */
export const MAX_DEPTH = 64;
/** The give-up reason past MAX_DEPTH. */
export const NESTED_TOO_DEEPLY = 'nested too deeply';
/** YAML limits implicit keys to 1024 characters. */
export const MAX_KEY = 1024;

export const NL = 10;
export const SP = 32;
export const TAB = 9;
export const HASH = 35;
export const COLON = 58;
export const DASH = 45;
export const COMMA = 44;
export const LBRACK = 91;
export const RBRACK = 93;
export const LBRACE = 123;
export const RBRACE = 125;
export const SQ = 39;
export const DQ = 34;
export const PIPE = 124;
export const GT = 62;
export const QUESTION = 63;

/** Thrown when the text leaves the part of YAML the fast reader handles. */
export class Bail extends Error {
  readonly offset: number;
  constructor(reason: string, offset: number) {
    super(reason);
    this.offset = offset;
  }
}

export function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACK || c === RBRACK || c === LBRACE || c === RBRACE;
}

export class ReaderState {
  readonly spans = new SpanIndex();
  protected readonly t: string;
  protected readonly len: number;
  protected readonly positions: SourcePositions;
  protected readonly table = new SpanTable();
  protected readonly resolve: PlainResolver = plainResolver();
  /** Scratch stack of [key offset, value offset, style] of the collections being read. */
  protected stack = new Int32Array(3 * 256);
  protected top = 0;
  protected p = 0;
  /** Start of the current line. */
  protected ls = 0;
  /** Indentation of the current content line; -1 at the end of the text. */
  protected indent = -1;
  protected depth = 0;
  /** Offset and style of the node just read. */
  protected vOff = 0;
  protected vStyle: ScalarStyle = ScalarStyle.None;

  constructor(text: string, positions: SourcePositions) {
    this.t = text;
    this.len = text.length;
    this.positions = positions;
  }

  protected bail(reason: string): never {
    throw new Bail(reason, this.p);
  }

  /** Is the character at `i` a space, a line break or the end of the text (a tab gives up)? */
  protected blank(i: number): boolean {
    if (i >= this.len) return true;
    const c = this.t.charCodeAt(i);
    if (c === TAB) this.bail('tab');
    return c === SP || c === NL;
  }

  /**
   * From `q` (a line break or the end of the text; with `atStart`, the start of a line), move to the first
   * character of the next line that holds content, skipping blank and comment lines; set the indentation.
   */
  protected skipLines(q: number, atStart = false): void {
    const t = this.t;
    const len = this.len;
    let p = atStart ? q : q + 1;
    while (p < len) {
      const ls = p;
      while (t.charCodeAt(p) === SP) p++;
      if (p >= len) break;
      const c = t.charCodeAt(p);
      if (c === NL) {
        p++;
        continue;
      }
      if (c === HASH) {
        const e = t.indexOf('\n', p);
        if (e < 0) break;
        p = e + 1;
        continue;
      }
      this.p = p;
      if (c === TAB) this.bail('tab in indentation');
      if (p === ls && (c === 0x25 || ((c === DASH || c === 0x2e) && this.docMarker(p))))
        this.bail('directive or document marker');
      this.ls = ls;
      this.indent = p - ls;
      return;
    }
    this.p = len;
    this.ls = len;
    this.indent = -1;
  }

  private docMarker(p: number): boolean {
    const s = this.t.slice(p, p + 3);
    return (s === '---' || s === '...') && this.blank(p + 3);
  }

  /** After a value on the current line: only spaces and a comment may follow; then move to the next content. */
  protected finishLine(): void {
    const t = this.t;
    const p = this.p;
    let q = p;
    while (t.charCodeAt(q) === SP) q++;
    if (q < this.len) {
      const c = t.charCodeAt(q);
      if (c === HASH) {
        if (q === p) this.bail('comment not separated by a space');
        q = t.indexOf('\n', q);
        if (q < 0) q = this.len;
      } else if (c === TAB) this.bail('tab');
      else if (c !== NL) {
        this.p = q;
        this.bail('unexpected text after a value');
      }
    }
    this.skipLines(q);
  }

  protected push(keyOff: number, valueOff: number, style: ScalarStyle): void {
    if (this.top + 3 > this.stack.length) {
      const next = new Int32Array(this.stack.length * 2);
      next.set(this.stack);
      this.stack = next;
    }
    this.stack[this.top++] = keyOff;
    this.stack[this.top++] = valueOff;
    this.stack[this.top++] = style;
  }

  protected enter(): void {
    if (++this.depth > MAX_DEPTH) this.bail(NESTED_TOO_DEEPLY);
  }

  /** Complete a collection whose entries start at `base` on the scratch stack. */
  protected close(obj: object, offset: number, base: number, names: readonly string[] | undefined): void {
    const count = (this.top - base) / 3;
    const at = this.table.append(this.stack, base, count);
    this.top = base;
    this.spans.attach(obj, new CollectionSpans(this.positions, this.table, offset, at, count, names));
    this.depth--;
    this.vOff = offset;
    this.vStyle = ScalarStyle.None;
  }

  /** Give up unless a plain scalar may start with character `c` at `at` (YAML's ns-plain-first). */
  protected plainStart(c: number, at: number, flow: boolean): void {
    // c-indicators: - ? : , [ ] { } # & * ! | > ' " % @ `
    if (c === DASH || c === QUESTION || c === COLON) {
      if (this.blank(at + 1) || (flow && isFlowIndicator(this.t.charCodeAt(at + 1)))) this.bail('indicator');
      return;
    }
    if (
      c === COMMA ||
      c === LBRACK ||
      c === RBRACK ||
      c === LBRACE ||
      c === RBRACE ||
      c === HASH ||
      c === 0x26 || // &
      c === 0x2a || // *
      c === 0x21 || // !
      c === PIPE ||
      c === GT ||
      c === SQ ||
      c === DQ ||
      c === 0x25 || // %
      c === 0x40 || // @
      c === 0x60 || // `
      c === TAB ||
      c === SP ||
      c === NL ||
      Number.isNaN(c)
    )
      this.bail('not a plain scalar');
  }
}
