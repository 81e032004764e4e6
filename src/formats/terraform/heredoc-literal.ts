/**
 * Long literal heredocs handed to the HCL parser as quoted strings. The Go HCL parser takes time superlinear in
 * the number of lines of a heredoc (fuzz finding tf-hcl:91 of seed session6-long2: a 250 KB user_data heredoc of
 * 5,000 lines took 0.7–3.7 s of CPU; 20,000 lines did not finish within the parser's 30 s), while the same text
 * as one quoted string takes 0.1 s. A heredoc `<<ID` or `<<-ID` whose body has no template sequence (`${`, `%{`)
 * is a literal string, and the quoted string with `\\`, `"`, newline, carriage return and tab escaped is the same
 * string; one whose only sequences are simple one-line interpolations (`templatePieces`) is the same template with
 * them copied as written (fuzz long run session15b-million, tf-hcl:98010). Either is the same to the parser when
 * it is an attribute's whole value (the same JSON comes back), and to the evaluator when it is inside an expression
 * — `base64encode(<<-EOF`, `[<<EOF`, `{ k = <<EOF` (fuzz long run session8-million, tf-hcl:109326 and 118584: 4.0 s
 * for 259 KB), where the converter returns the expression's text and expr-lex.ts reads the quoted string as it read
 * the heredoc (test/terraform/heredoc-arguments.test.ts).
 *
 * The lines it took are kept as empty lines after it, so every later line and column is where it was; positions of
 * the heredoc's own lines are taken from the original text (scanBlocks, user_data), never from the parser. Openers
 * are found outside strings and comments, and the body of a heredoc left as written is skipped (a shell script's
 * own `cat <<EOF` inside it is text, not an opener).
 */

/** Heredocs shorter than this are left as written (the parser is fast on them). */
export const HEREDOC_LINES_TO_QUOTE = 200;

/** A heredoc opener at the end of a line (HCL: `<<` or `<<-`, an identifier, then the newline). */
const OPENER = /^<<(-?)([A-Za-z_][\w-]*)\s*$/;

const escape = (text: string): string =>
  text.replace(
    /[\\"\n\r\t]/g,
    (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c,
  );

interface Opener {
  /** The line's text before `<<`. */
  readonly prefix: string;
  readonly flush: boolean;
  readonly marker: string;
}

/** Index after a quoted string opened at `i` (on the quote), honouring escapes and `${ … }`; the line's end if open. */
function skipString(s: string, i: number): number {
  for (i++; i < s.length && s[i] !== '"'; i++) {
    if (s[i] === '\\') i++;
    else if ((s[i] === '$' || s[i] === '%') && s[i + 1] === '{') {
      let depth = 1;
      for (i += 2; i < s.length && depth > 0; i++) {
        if (s[i] === '"') i = skipString(s, i) - 1;
        else if (s[i] === '{') depth++;
        else if (s[i] === '}') depth--;
      }
      i--;
    }
  }
  return i + 1;
}

/**
 * Read one line of code: the heredoc it opens at its end (outside strings and comments), and whether it ends inside
 * a `/* … *\/` comment. `inComment`: the line starts inside one.
 */
function readLine(line: string, inComment: boolean): { opener?: Opener; inComment: boolean } {
  let i = 0;
  if (inComment) {
    const e = line.indexOf('*/');
    if (e < 0) return { inComment: true };
    i = e + 2;
  }
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === '"') i = skipString(line, i) - 1;
    else if (c === '#' || (c === '/' && line[i + 1] === '/')) break;
    else if (c === '/' && line[i + 1] === '*') {
      const e = line.indexOf('*/', i + 2);
      if (e < 0) return { inComment: true };
      i = e + 1;
    } else if (c === '<' && line[i + 1] === '<') {
      const m = OPENER.exec(line.slice(i));
      if (m)
        return {
          opener: { prefix: line.slice(0, i), flush: m[1] === '-', marker: m[2] ?? '' },
          inComment: false,
        };
    }
  }
  return { inComment: false };
}

/** The first line from `from` on that closes a heredoc of `marker` (the marker alone on it), or `lines.length`. */
function closingLine(lines: readonly string[], from: number, marker: string): number {
  let end = from;
  while (end < lines.length && (lines[end] ?? '').trim() !== marker) end++;
  return end;
}

/** The quoted string for a heredoc's body lines and the indentation it strips, or undefined when it is left as
 * written. */
function quotedBody(
  body: readonly string[],
  op: Opener,
  minLines: number,
): { readonly quoted: string; readonly least: number } | undefined {
  if (body.length < minLines) return undefined;
  // An identifier with `-` is one expr-lex.ts does not read as a heredoc marker, left as is.
  if (!/^\w+$/.test(op.marker)) return undefined;
  // Literal text, and interpolations simple enough to be copied into a quoted template as they are.
  const pieces = body.map(templatePieces);
  if (pieces.some((p) => p === undefined)) return undefined;
  // `<<-ID` strips the least indentation of its lines that are not blank; a blank line (spaces only) neither
  // counts nor is stripped (HCL's flushHeredocTemplateParts; checked against the parser in heredoc-literal.test.ts).
  // Done here when every line is indented by spaces only (how tab-indented lines count is left to the parser). A
  // blank line used to leave the heredoc to the parser, which is quadratic in its lines (fuzz session15-million
  // tf-hcl:5064: 5,083 lines, 0.6-2.2 s of CPU for 192 KB).
  if (op.flush && !body.every((l) => isBlank(l) || /^ *[^\s]/.test(l))) return undefined;
  const content = op.flush ? body.filter((l) => !isBlank(l)) : [];
  const least = content.length > 0 ? Math.min(...content.map((l) => l.length - l.trimStart().length)) : 0;
  // The heredoc's value: each body line with its newline; literal text escaped, interpolations as written.
  const inner = (pieces as Piece[][])
    .map((line, k) => {
      const cut = isBlank(body[k] ?? '') ? 0 : least;
      let skipped = 0;
      let out = '';
      for (const p of line) {
        // The stripped indentation is literal spaces at the line's start (a line that starts with `${` has none).
        const drop = p.literal ? Math.min(cut - skipped, p.text.length) : 0;
        skipped += drop;
        out += p.literal ? escape(p.text.slice(drop)) : p.text;
      }
      return `${out}\\n`;
    })
    .join('');
  return { quoted: `"${inner}"`, least };
}

/** A run of a heredoc line: literal text, or an interpolation `${ … }` copied as written. */
interface Piece {
  readonly literal: boolean;
  readonly text: string;
}

/**
 * A heredoc body line as literal runs and interpolations, when a quoted template means the same (fuzz session15b
 * -million tf-hcl:98010: a 5,000-line user_data heredoc with one `${var.x}` was left to the parser, 0.8-1.3 s of CPU
 * for 252 KB): every `${` closes on its line with no quote, backslash, brace or strip marker `~` inside (its text is
 * then the same in both); `$${` and `%%{` are escapes in both, kept as literal text; a directive `%{` is not
 * handled (undefined). HCL's `<<-` counts a line's leading spaces also when an interpolation follows them, and none
 * when the line starts with one (flushHeredocTemplateParts), as `quotedBody` counts them on the text.
 */
function templatePieces(line: string): Piece[] | undefined {
  const out: Piece[] = [];
  let lit = '';
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    const open = line[i + 1] === '{';
    if (
      (c === '$' && line[i + 1] === '$' && line[i + 2] === '{') ||
      (c === '%' && line[i + 1] === '%' && line[i + 2] === '{')
    ) {
      lit += line.slice(i, i + 3);
      i += 2;
    } else if (c === '%' && open) return undefined;
    else if (c === '$' && open) {
      const close = line.indexOf('}', i + 2);
      if (close < 0) return undefined;
      const text = line.slice(i, close + 1);
      if (/["\\{~]/.test(text.slice(2, -1)) || text.length === 3) return undefined;
      if (lit !== '') out.push({ literal: true, text: lit });
      lit = '';
      out.push({ literal: false, text });
      i = close;
    } else lit += c;
  }
  if (lit !== '') out.push({ literal: true, text: lit });
  return out;
}

/** A body line of spaces only (or empty): `<<-` neither counts nor strips its indentation. */
function isBlank(line: string): boolean {
  return /^ *$/.test(line);
}

/** A heredoc written as a quoted string: its opener's 0-based line, the text before `<<`, the quoted string, the
 * indentation stripped from its body lines, and the 0-based line of its closing marker. */
interface Rewrite {
  readonly line: number;
  readonly prefix: string;
  readonly quoted: string;
  readonly least: number;
  readonly end: number;
}

/** `text` with every long literal heredoc written as a quoted string followed by as many empty lines. */
export function quoteLongHeredocs(text: string, minLines: number = HEREDOC_LINES_TO_QUOTE): string {
  return rewrite(text, minLines).text;
}

function rewrite(text: string, minLines: number): { text: string; rewrites: Rewrite[] } {
  if (!text.includes('<<')) return { text, rewrites: [] };
  const lines = text.split('\n');
  const out: string[] = [];
  const rewrites: Rewrite[] = [];
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const r = readLine(line, inComment);
    inComment = r.inComment;
    const op = r.opener;
    if (!op) {
      out.push(line);
      continue;
    }
    let end = closingLine(lines, i + 1, op.marker);
    const q = end < lines.length ? quotedBody(lines.slice(i + 1, end), op, minLines) : undefined;
    if (q === undefined) {
      // Left as written, body and closing marker included (an unterminated one is the parser's to report).
      // A heredoc of the same marker opened inside it (`${indent(2, <<EOF`) ends before it does: where it ends is
      // then the parser's to say, and nothing after it is rewritten.
      const nested = new RegExp(`<<-?${op.marker}\\s*$`);
      if (lines.slice(i + 1, end).some((l) => nested.test(l))) end = lines.length - 1;
      for (let k = i; k <= end && k < lines.length; k++) out.push(lines[k] ?? '');
    } else {
      out.push(`${op.prefix}${q.quoted}`);
      rewrites.push({ line: i, prefix: op.prefix, quoted: q.quoted, least: q.least, end });
      for (let k = i + 1; k <= end; k++) out.push('');
    }
    i = end;
  }
  return { text: out.join('\n'), rewrites };
}

/**
 * A 1-based line:col the parser gave for the text `quoteLongHeredocs(text, minLines)` returned, as a line:col of
 * `text` (fuzz session12-clean tf-hcl:4406: an error after a quoted heredoc was placed at column 3,187 of its
 * 14-character opener line). On a quoted line, a column in the text before `<<` stays; the opening quote is the
 * `<<`; a character of the body is where it was written (each `\n` escape ends a body line); the closing quote and
 * anything after it are the end of the closing marker's line.
 */
export function originalPosition(
  text: string,
  line: number,
  col: number,
  minLines: number = HEREDOC_LINES_TO_QUOTE,
): { line: number; col: number } {
  const w = rewrite(text, minLines).rewrites.find((x) => x.line === line - 1);
  if (!w || col <= w.prefix.length + 1) return { line, col };
  const lines = text.split('\n');
  const q = col - 1 - w.prefix.length; // index in the quoted string; 0 is the opening quote
  if (q >= w.quoted.length - 1) return { line: w.end + 1, col: (lines[w.end] ?? '').length + 1 };
  const stripped = (k: number): number => (isBlank(lines[k] ?? '') ? 0 : w.least);
  let k = w.line + 1; // 0-based body line
  let c = stripped(k); // 0-based column in it
  for (let i = 1; i < q; i++) {
    if (w.quoted[i] === '\\') {
      i++; // an escape: two characters for one
      if (w.quoted[i] === 'n') {
        k++;
        c = stripped(k);
        continue;
      }
    }
    c++;
  }
  return { line: k + 1, col: c + 1 };
}

/**
 * The 0-based line of the first heredoc opener (outside strings and comments, earlier heredocs' bodies skipped)
 * that no later line closes, or undefined. Also undefined when a later line could close an earlier heredoc (a
 * marker line the scanner took as that heredoc's end might not be one to the parser). The HCL parser reads such a
 * heredoc to the end of the file, in time superlinear in the lines it reads, and refuses the file with
 * "Unterminated template string" (fuzz long run session10-million, tf-hcl:54185: a `type = <<EOF` whose marker was
 * mangled swallowed 5,000 lines, 0.9–4.4 s of CPU for 191 KB); hcl-load.ts then parses only the text up to it.
 */
export function unterminatedHeredoc(text: string): number | undefined {
  if (!text.includes('<<')) return undefined;
  const lines = text.split('\n');
  const markers = new Set<string>();
  for (const h of heredocsOf(lines)) {
    markers.add(h.marker);
    if (h.close < lines.length) continue;
    for (let k = h.open + 1; k < lines.length; k++)
      if (markers.has((lines[k] ?? '').trim())) return undefined;
    return h.open;
  }
  return undefined;
}

/**
 * The heredocs whose body holds a template sequence (`${` or `%{`, not the escapes `$${` and `%%{`): the 0-based
 * line of the opener and of its closing marker, in file order. A broken sequence there makes the HCL parser read
 * past the marker (hcl-load.ts).
 */
export function templateHeredocs(text: string): { open: number; close: number }[] {
  if (!text.includes('<<')) return [];
  const lines = text.split('\n');
  const out: { open: number; close: number }[] = [];
  for (const h of heredocsOf(lines)) {
    if (h.close >= lines.length) break;
    if (lines.slice(h.open + 1, h.close).some((l) => /(^|[^$])\$\{|(^|[^%])%\{/.test(l)))
      out.push({ open: h.open, close: h.close });
  }
  return out;
}

/** Every heredoc opener outside strings and comments, in order: its 0-based line, marker and closing line
 * (`lines.length` when none closes it, and the last one then). A closed heredoc's body is skipped. */
function* heredocsOf(lines: readonly string[]): Generator<{ open: number; marker: string; close: number }> {
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const r = readLine(lines[i] ?? '', inComment);
    inComment = r.inComment;
    const op = r.opener;
    if (!op) continue;
    const close = closingLine(lines, i + 1, op.marker);
    yield { open: i, marker: op.marker, close };
    if (close >= lines.length) return;
    i = close;
  }
}
