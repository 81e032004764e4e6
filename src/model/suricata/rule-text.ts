/**
 * The text of Suricata rules cut into pieces before any meaning is given to them (NFW-8): logical lines (a `\\` at
 * the end of a line continues the rule) with the input line:col of every character, the header's seven tokens
 * (whitespace outside `[…]`), the closing `)` of the option list (quotes skipped), and the options
 * (`keyword;` / `keyword:value;`, quoted values may contain `;`). Errors are returned with their offset, never thrown.
 */

/** A logical rule: its text and where each character came from. */
export interface LogicalLine {
  readonly text: string;
  /** For each segment: offset in `text` where it starts, and its 1-based line and column in the input. */
  readonly segments: readonly { readonly offset: number; readonly line: number; readonly col: number }[];
}

export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const lines = text.split(/\r?\n/);
  let cur: { text: string; segments: { offset: number; line: number; col: number }[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lead = raw.length - raw.trimStart().length;
    let body = raw.slice(lead);
    const continues = /\\\s*$/.test(body);
    if (continues) body = body.replace(/\\\s*$/, '');
    if (cur === null) {
      if (body.trim() === '' || body.startsWith('#')) {
        if (!continues) continue;
      }
      cur = { text: '', segments: [] };
    }
    cur.segments.push({ offset: cur.text.length, line: i + 1, col: lead + 1 });
    cur.text += body;
    if (!continues) {
      if (cur.text.trim() !== '' && !cur.text.trimStart().startsWith('#')) out.push(cur);
      cur = null;
    } else {
      cur.text += ' ';
    }
  }
  if (cur !== null && cur.text.trim() !== '') out.push(cur);
  return out;
}

/** The input line:col of `offset` in a logical line. The empty line a trailing `\\` continues onto (at the end of
 * the text) has no character to point at — inside a YAML block scalar it is not even part of the block — so an
 * offset there (an error found at the end of the rule) is the end of the line before, where the `\\` is. */
export function lineCol(l: LogicalLine, offset: number): { line: number; col: number } {
  const segs = l.segments;
  let i = 0;
  for (let k = 0; k < segs.length; k++) if ((segs[k]?.offset ?? 0) <= offset) i = k;
  const seg = segs[i] ?? { offset: 0, line: 1, col: 1 };
  const prev = segs[i - 1];
  if (prev && i === segs.length - 1 && seg.offset >= l.text.length)
    return { line: prev.line, col: prev.col + (seg.offset - 1 - prev.offset) };
  return { line: seg.line, col: seg.col + (offset - seg.offset) };
}

/** Header tokens split at whitespace outside brackets, with their offsets. */
export function headerTokens(text: string, end: number): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? text[i] : ' ';
    const ws = c === ' ' || c === '\t';
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (ws && depth <= 0) {
      if (start >= 0) out.push({ text: text.slice(start, i), offset: start });
      start = -1;
    } else if (start < 0) start = i;
  }
  return out;
}

export interface RawOption {
  readonly keyword: string;
  readonly value?: string | undefined;
  readonly offset: number;
}

/** Split the option body (between the parentheses). */
export function splitOptions(
  text: string,
  start: number,
  end: number,
): { options: RawOption[] } | { error: string; offset: number } {
  const options: RawOption[] = [];
  let i = start;
  while (i < end) {
    while (i < end && /\s/.test(text[i] ?? '')) i++;
    if (i >= end) break;
    const kwStart = i;
    while (i < end && text[i] !== ':' && text[i] !== ';') i++;
    const keyword = text.slice(kwStart, i).trim();
    if (keyword === '') return { error: 'empty option (stray ";")', offset: kwStart };
    if (/\s/.test(keyword)) {
      return { error: `option "${keyword.split(/\s+/)[0] ?? ''}" is not terminated by ";"`, offset: kwStart };
    }
    if (i >= end) return { error: `option "${keyword}" is missing its terminating ";"`, offset: kwStart };
    if (text[i] === ';') {
      options.push({ keyword, offset: kwStart });
      i++;
      continue;
    }
    // value after ':'
    i++;
    const valStart = i;
    let inQuote = false;
    let quoteStart = -1;
    let value = '';
    let done = false;
    while (i < end) {
      const c = text[i];
      if (c === '\\' && i + 1 < end) {
        value += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '"') {
        inQuote = !inQuote;
        if (inQuote) quoteStart = i;
      } else if (c === ';' && !inQuote) {
        done = true;
        break;
      }
      value += c ?? '';
      i++;
    }
    if (inQuote) return { error: `unbalanced quote in option "${keyword}"`, offset: quoteStart };
    if (!done) return { error: `option "${keyword}" is missing its terminating ";"`, offset: kwStart };
    options.push({ keyword, value: value.trim(), offset: valStart });
    i++; // past ';'
  }
  return { options };
}

/** Find the `)` that closes the option list, skipping quoted text. -1 if none. */
export function closingParen(text: string, open: number): { close: number; quote: number } {
  let inQuote = false;
  let quote = -1;
  let last = -1;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"') {
      inQuote = !inQuote;
      if (inQuote) quote = i;
    } else if (c === ')' && !inQuote) last = i;
  }
  return { close: inQuote ? -2 : last, quote };
}
