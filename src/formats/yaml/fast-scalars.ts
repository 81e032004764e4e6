/**
 * Quoted and block scalars for the fast YAML reader (`fast-reader.ts`): where each ends and what text it holds.
 *
 * Model: each function reads one scalar starting at an offset and returns its text and the offset just past it, or
 * `undefined` when the scalar is outside what the fast reader handles (a quoted scalar that spans lines, an unknown
 * escape, a block scalar with an indentation indicator, `+` chomping, tabs or more-indented blank lines), so the
 * caller hands the whole document to the `yaml` package instead. Within what they accept they give exactly the
 * `yaml` package's value (its `resolveBlockScalar` folding rules are followed line by line).
 */

const NL = 10;
const SP = 32;
const TAB = 9;
const SQ = 39;
const DQ = 34;
const BACKSLASH = 92;
const HASH = 35;

export interface ScalarRead {
  readonly value: string;
  /** Offset just past the scalar (after the closing quote; for block scalars, the `\n` ending its last line). */
  readonly end: number;
}

/** `'it''s'` at `start` (the opening quote), on one line. */
export function singleQuoted(t: string, start: number): ScalarRead | undefined {
  const len = t.length;
  let q = start + 1;
  let from = q;
  let out = '';
  for (;;) {
    if (q >= len) return undefined;
    const c = t.charCodeAt(q);
    if (c === SQ) {
      if (t.charCodeAt(q + 1) === SQ) {
        out += t.slice(from, q + 1);
        q += 2;
        from = q;
        continue;
      }
      return { value: from === start + 1 ? t.slice(from, q) : out + t.slice(from, q), end: q + 1 };
    }
    if (c === NL) return undefined;
    q++;
  }
}

/** `"a\tb"` at `start` (the opening quote), on one line, with the YAML 1.2 escapes. */
export function doubleQuoted(t: string, start: number): ScalarRead | undefined {
  const len = t.length;
  let q = start + 1;
  let from = q;
  let out = '';
  for (;;) {
    if (q >= len) return undefined;
    const c = t.charCodeAt(q);
    if (c === DQ)
      return { value: from === start + 1 ? t.slice(from, q) : out + t.slice(from, q), end: q + 1 };
    if (c === NL) return undefined;
    if (c === BACKSLASH) {
      out += t.slice(from, q);
      const e = escape(t, q + 1);
      if (e === undefined) return undefined;
      out += e.value;
      q = e.end;
      from = q;
      continue;
    }
    q++;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function escape(t: string, at: number): ScalarRead | undefined {
  const ch = t[at] ?? '';
  const simple = Object.hasOwn(SIMPLE_ESCAPES, ch) ? SIMPLE_ESCAPES[ch] : undefined;
  if (simple !== undefined) return { value: simple, end: at + 1 };
  const n = Object.hasOwn(HEX_DIGITS, ch) ? HEX_DIGITS[ch] : undefined;
  if (n === undefined) return undefined;
  const hex = t.slice(at + 1, at + 1 + n);
  if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) return undefined;
  return { value: String.fromCodePoint(code), end: at + 1 + n };
}

/**
 * A `|` or `>` block scalar whose indicator is at `start`, inside a collection indented `parent` columns.
 * Chomping `-` (strip) and the default (clip) only; the content indentation is that of the first non-blank line.
 */
export function blockScalar(t: string, start: number, parent: number): ScalarRead | undefined {
  const len = t.length;
  const folded = t.charCodeAt(start) === 62; // '>'
  let p = start + 1;
  let strip = false;
  if (t.charCodeAt(p) === 45) {
    strip = true;
    p++;
  }
  const hc = t.charCodeAt(p);
  if (hc === 43 || (hc >= 0x30 && hc <= 0x39)) return undefined; // `+` chomping, indentation indicator
  let q = p;
  while (t.charCodeAt(q) === SP) q++;
  if (q < len && t.charCodeAt(q) === HASH) {
    if (q === p) return undefined;
    q = t.indexOf('\n', q);
    if (q < 0) q = len;
  } else if (q < len && t.charCodeAt(q) !== NL) return undefined;
  // Lines of the body: [start of line, its indentation, end of line]; blank lines have end === start + indent.
  const lines: number[] = [];
  let indent = -1;
  let maxLeadingBlank = 0;
  let lastContent = -1; // index (in lines/3) of the last non-blank line
  let end = q; // the '\n' ending the last non-blank line (or the header)
  let ls = q + 1;
  while (q < len) {
    let e = ls;
    while (t.charCodeAt(e) === SP) e++;
    const sp = e - ls;
    const c = e < len ? t.charCodeAt(e) : NL;
    if (c === TAB) return undefined;
    if (c === NL) {
      // A blank line: part of the body (trailing ones are dropped by chomping).
      if (indent < 0) maxLeadingBlank = Math.max(maxLeadingBlank, sp);
      else if (sp > indent) return undefined;
      lines.push(ls, sp, e);
      if (e >= len) break;
      ls = e + 1;
      continue;
    }
    if (indent < 0) {
      if (sp <= parent) break;
      if (maxLeadingBlank > sp) return undefined;
      indent = sp;
    } else if (sp < indent) {
      if (sp > parent) return undefined;
      break;
    }
    let le = t.indexOf('\n', e);
    if (le < 0) le = len;
    lines.push(ls, sp, le);
    lastContent = lines.length / 3 - 1;
    end = le;
    if (le >= len) break;
    ls = le + 1;
  }
  if (lastContent < 0) return { value: '', end };
  let value = '';
  let i = 0;
  for (; (lines[i * 3 + 2] ?? 0) === (lines[i * 3] ?? 0) + (lines[i * 3 + 1] ?? 0); i++) value += '\n';
  let sep = '';
  let prevMoreIndented = false;
  for (; i <= lastContent; i++) {
    const ls0 = lines[i * 3] ?? 0;
    const sp = lines[i * 3 + 1] ?? 0;
    const le = lines[i * 3 + 2] ?? 0;
    const content = t.slice(ls0 + sp, le);
    if (!folded) {
      value += sep + (sp > indent ? ' '.repeat(sp - indent) : '') + content;
      sep = '\n';
    } else if (sp > indent) {
      // more-indented content within a folded block keeps its line breaks
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + ' '.repeat(sp - indent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (!strip) value += '\n';
  return { value, end };
}
