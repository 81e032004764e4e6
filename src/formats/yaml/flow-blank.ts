/**
 * A stand-in text for finding the `yaml` package's errors in a large flow-style document (JSON on one line, say)
 * without composing the parts that hold none: every flow collection that the fast flow reader reads through to
 * its own closing bracket is emptied — its brackets kept, everything between them spaces, line breaks kept — so
 * every offset stays where it was and the package lexes, parses and composes only the way from the root to the
 * errors.
 *
 * Why: a megabyte of one-line JSON with one missing comma is read by neither strict reader, and the package took
 * 2.0–2.8 s of CPU to lex, parse and compose all of it (issue 21, above the bound of 1 s per megabyte), while a
 * reader of a document with errors reads nothing but its errors.
 *
 * Model: the text is lexed once by the package's own `Lexer` (so strings, flow levels and the lexer's error
 * recovery are the package's, wherever an error put them), and the flow collections it opens and closes form a
 * tree. Top-down, a collection of at most `CHUNK` characters is handed to `FlowReader`, which accepts only what
 * the package reads without an error (the differential tests of fast-reader.ts); a collection that is larger, or
 * that the reader gives up on, has its children tried instead. A collection is never emptied when the lexer closed
 * it with the other bracket or ended it early (a flow-error end), when an anchor, a tag or `?` stands before it,
 * when a `:` follows it (a collection as a key), or when it holds a character the fast reader does not handle.
 * The stand-in then has the same errors, at the same offsets, with the same messages, as the text (checked
 * against `parseDocument` in flow-blank.test.ts). `emptied` gives, by offset, how deep each emptied collection
 * nested and where it ended, so the caller can still apply the nesting limit and check that the package's parser
 * read every emptied collection as one (parse-document.ts): the lexer's brackets are not always the parser's (a
 * lone `\r` before a `[` in a flow map makes the parser take the bracket as an error of its own, while the lexer
 * still opens a collection there).
 */
import { CST, Lexer } from 'yaml';
import { FlowReader } from './fast-flow.js';
import { Bail, MAX_DEPTH, NESTED_TOO_DEEPLY } from './fast-cursor.js';
import { SourcePositions } from './positions.js';

/** Collections larger than this are not tried whole (their children are): bounds the work spent on failures. */
const CHUNK = 1 << 16;
/** Texts smaller than this are parsed as they are. */
export const FLOW_BLANK_MIN = 1 << 15;
/**
 * The least share of the text the emptied collections must hold for the stand-in to be made. A document without
 * errors is parsed twice (the stand-in first, then the text), so the stand-in must be cheap next to the text: a
 * megabyte flow sequence of 135,000 numbers (nothing to empty but a small map beside it) took twice as long with the
 * stand-in as without. One-line CloudFormation JSON grown from a real template empties 88 %, pretty-printed 93 %.
 */
export const MIN_BLANK = 0.75;
/** A line this long is flow style (or a long scalar): worth a look. */
const LONG_LINE = 4096;

/** Characters the fast reader leaves to the package (fast-reader.ts's UNUSUAL, and `\r`, which it includes). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNUSUAL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

interface Flow {
  readonly start: number;
  /** Offset just past the closing bracket (-1 while open). */
  end: number;
  readonly open: string;
  /** Nesting inside, this collection included (1 for a collection of scalars). */
  depth: number;
  /** May be emptied, as far as its surroundings go. */
  ok: boolean;
  /** Block indentation the fast reader is given: the column of the outermost bracket, less one. */
  readonly indent: number;
  readonly children: Flow[];
}

/** An emptied collection: how deep it nested (1 for a collection of scalars), and the offset just past its end. */
export interface Emptied {
  readonly depth: number;
  readonly end: number;
}

export interface FlowStandIn {
  readonly text: string;
  /** Offset of each emptied collection's opening bracket → what it was. */
  readonly emptied: ReadonlyMap<number, Emptied>;
}

/** Is `text` worth the look: large, and a flow document or with a long line? */
export function looksFlowHeavy(text: string): boolean {
  if (text.length < FLOW_BLANK_MIN) return false;
  if (/^\s*[[{]/.test(text)) return true;
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    if ((nl < 0 ? text.length : nl) - from >= LONG_LINE) return true;
    if (nl < 0) return false;
    from = nl + 1;
  }
}

/** What making a stand-in cost: characters the fast reader went through, over all its tries. */
export interface FlowBlankWork {
  scanned: number;
}

/** The stand-in text, or undefined when nothing, or less than `minBlank` of the text, could be emptied. */
export function blankCleanFlow(
  text: string,
  minBlank: number = MIN_BLANK,
  work?: FlowBlankWork,
): FlowStandIn | undefined {
  const { roots, end } = flowTree(text);
  if (roots.length === 0) return undefined;
  // Only up to the last closing bracket: the first node may end early (a stray `}`) in a megabyte of text.
  const unusual: number[] = [];
  UNUSUAL.lastIndex = 0;
  for (let m = UNUSUAL.exec(text); m && m.index < end; m = UNUSUAL.exec(text)) unusual.push(m.index);
  const reader = new FlowValidator(text);
  const chosen: Flow[] = [];
  // `failedAt`: where the read of an ancestor gave up (-1: none). A collection holding that offset is not tried
  // itself, only its children: read from its own bracket, the reader would take the same way to the same place
  // (it depends on the text and the indentation, which are the same, and on the depth, whose give-up is not such
  // an offset). Nor is a collection nested deeper than the reader goes (MAX_DEPTH). Without these, a chain of 400
  // nested sequences was read once per level (issue 21, fuzz cfn-json:39041: 98 KB, 1.8-3.4 s of CPU). Either
  // rule can only leave a collection as it is, never empty one the reader does not read through.
  const visit = (f: Flow, failedAt: number): void => {
    let at = failedAt;
    if (
      f.ok &&
      f.depth <= MAX_DEPTH &&
      !(f.start <= failedAt && failedAt < f.end) &&
      f.end - f.start <= CHUNK &&
      !holds(unusual, f.start, f.end)
    ) {
      at = reader.reads(f);
      if (at === READ) {
        chosen.push(f);
        return;
      }
    }
    for (const c of f.children) visit(c, at);
  };
  for (const r of roots) visit(r, -1);
  if (work) work.scanned += reader.scanned;
  // Worth it only when most of the text goes: a document without errors is parsed twice, stand-in and text.
  let blank = 0;
  for (const f of chosen) blank += f.end - f.start - 2;
  if (chosen.length === 0 || blank < minBlank * text.length) return undefined;
  chosen.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  const emptied = new Map<number, Emptied>();
  let at = 0;
  for (const f of chosen) {
    parts.push(text.slice(at, f.start + 1));
    const inside = text.slice(f.start + 1, f.end - 1);
    parts.push(inside.includes('\n') ? inside.replace(/[^\n]/g, ' ') : ' '.repeat(inside.length));
    at = f.end - 1;
    emptied.set(f.start, { depth: f.depth, end: f.end });
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), emptied };
}

/** Is there an offset in sorted `at` within [start, end)? */
function holds(at: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = at.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((at[mid] as number) < start) low = mid + 1;
    else high = mid;
  }
  return low < at.length && (at[low] as number) < end;
}

/**
 * The flow collection that is the document's first node, with the collections inside it, as the package's lexer
 * opens and closes them; none when the document starts otherwise. Only these: the parser reads them inside the
 * first document, as collections, wherever the lexer's error recovery left it; after that document the parser
 * may be at stream level, where every lexeme of a collection is an error of its own (stream-errors.ts).
 */
function flowTree(text: string): { roots: Flow[]; end: number } {
  const roots: Flow[] = [];
  /** Just past the last closing bracket. */
  let end = 0;
  const stack: Flow[] = [];
  let offset = 0;
  let atScalar = false;
  /** The last lexeme that is not space, a line break or a comment. */
  let last = '';
  /** A collection just closed, waiting to see whether a `:` makes it a key. */
  let closed: Flow | undefined;
  for (const lexeme of new Lexer().lex(text)) {
    if (atScalar) {
      atScalar = false;
      offset += lexeme.length;
      continue;
    }
    if (lexeme === CST.DOCUMENT) continue;
    const c = lexeme.charAt(0);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '#' || lexeme === '') {
      offset += lexeme.length;
      continue;
    }
    if (closed && lexeme === ':') closed.ok = false;
    closed = undefined;
    if (roots.length > 0 && stack.length === 0) break; // the lexeme after the first node
    if (lexeme === CST.FLOW_END) {
      // The lexer left flow mode (an unindented line, a document marker): what is open ended in error.
      for (const f of stack) f.ok = false;
      break;
    }
    if (lexeme === CST.SCALAR) {
      atScalar = true;
      if (roots.length === 0) break;
      last = lexeme;
      continue;
    }
    if (lexeme === '{' || lexeme === '[') {
      const parent = stack[stack.length - 1];
      const prev = last.charAt(0);
      const f: Flow = {
        start: offset,
        end: -1,
        open: lexeme,
        depth: 1,
        ok: prev !== '&' && prev !== '!' && prev !== '?',
        indent: parent ? parent.indent : offset - (text.lastIndexOf('\n', offset - 1) + 1) - 1,
        children: [],
      };
      (parent ? parent.children : roots).push(f);
      stack.push(f);
    } else if (roots.length === 0) {
      break; // the document starts with something else
    } else if (lexeme === '}' || lexeme === ']') {
      const f = stack.pop() as Flow;
      f.end = offset + 1;
      if ((f.open === '{') !== (lexeme === '}')) f.ok = false;
      const parent = stack[stack.length - 1];
      if (parent && parent.depth < f.depth + 1) parent.depth = f.depth + 1;
      closed = f;
      end = f.end;
    }
    last = lexeme;
    offset += lexeme.length;
  }
  // Still open where the lexing stopped: never closed.
  for (const f of stack) f.ok = false;
  return { roots, end };
}

/** `FlowValidator.reads`: read through to the closing bracket. */
const READ = -2;

/** The fast flow reader, asked whether it reads a collection through to its closing bracket. */
class FlowValidator extends FlowReader {
  /** Characters gone through, over all tries. */
  scanned = 0;

  constructor(text: string) {
    super(text, new SourcePositions('', text));
  }

  /** READ, or where the reader gave up (-1: not at a place that tells anything, as a depth give-up). */
  reads(f: Flow): number {
    if (f.end < 0) return -1;
    // The start of the line (`ls`) is not read in flow context: each line break inside sets it.
    this.p = f.start;
    this.top = 0;
    this.depth = 0;
    try {
      this.flowNode(f.indent);
    } catch (e) {
      if (!(e instanceof Bail)) throw e;
      this.scanned += e.offset - f.start;
      return e.message === NESTED_TOO_DEEPLY ? -1 : e.offset;
    }
    this.scanned += this.p - f.start;
    return this.p === f.end ? READ : -1;
  }
}
