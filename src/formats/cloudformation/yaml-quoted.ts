/**
 * Multi-line quoted scalars the way CloudFormation reads them. CloudFormation's YAML parser (SnakeYAML, like PyYAML)
 * accepts a single- or double-quoted scalar whose continuation lines are indented no deeper than its key — the
 * common way of writing a JSON policy inline:
 *
 *     PolicyDocument: '{
 *       "Version": "2012-10-17"
 *     }'
 *
 * The YAML 1.2 parser vpcsim uses requires those lines to be indented more than the key, and refuses the template.
 * `indentQuotedContinuations` finds such lines and indents them one column past the key: the scalar's value does not
 * change (folding drops a continuation line's leading white space), and `columnShift` tells the reader how many
 * columns it added on each line, so every position still points into the file as written.
 *
 * Only used when the template does not parse as it is; the scan understands keys, list items, comments, block scalars
 * and quoted scalars — enough to find these scalars, and a misreading can only leave the template refused as before.
 */

/** The repaired text and, per 1-based line, how many columns were added at its start. */
export interface IndentRepair {
  readonly text: string;
  readonly columnShift: ReadonlyMap<number, number>;
}

/** Where a quoted scalar that starts a node on this line begins, and the key's column (0-based), if any. */
function quotedStart(line: string): { quoteAt: number; keyCol: number } | undefined {
  const m = /^(\s*)((?:-\s+)*)(?:((?:[^\s'"#:][^:#]*?|'[^']*'|"[^"]*")\s*:)\s+)?(['"])/.exec(line);
  if (!m) return undefined;
  const indent = (m[1] ?? '').length;
  const dashes = (m[2] ?? '').length;
  if (m[3] === undefined && dashes === 0) return undefined;
  return { quoteAt: m[0].length - 1, keyCol: indent + dashes };
}

/** Index just after the closing quote of the scalar opening at `from` in `text`, or -1 when it never closes. */
function closingQuote(text: string, from: number): number {
  const q = text[from];
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i];
    if (q === "'" && c === "'") {
      if (text[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
    if (q === '"' && c === '\\') {
      i++;
      continue;
    }
    if (q === '"' && c === '"') return i + 1;
  }
  return -1;
}

/** Is this line the header of a block scalar (`key: |`, `- >-`)? Returns the owner's indentation. */
function blockScalarOwner(line: string): number | undefined {
  const m = /^(\s*)(?:-\s+)*(?:[^\s#'"][^#]*?:\s+)?[|>][0-9+-]*\s*(?:#.*)?$/.exec(line);
  return m ? (m[1] ?? '').length : undefined;
}

/** Indent the under-indented continuation lines of multi-line quoted scalars; undefined when there is none. */
export function indentQuotedContinuations(text: string): IndentRepair | undefined {
  const lines = text.split('\n');
  // Offset of each line's first character in `text`: the closing quote is searched in `text` itself, so the scan is
  // linear (slicing and joining the rest of the text at every quoted line made a large malformed template quadratic).
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const shift = new Map<number, number>();
  let blockOwner: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const indent = line.length - line.trimStart().length;
    if (blockOwner !== undefined) {
      if (line.trim() === '' || indent > blockOwner) continue;
      blockOwner = undefined;
    }
    const owner = blockScalarOwner(line);
    if (owner !== undefined) {
      blockOwner = owner;
      continue;
    }
    const start = quotedStart(line);
    if (!start) continue;
    const end = closingQuote(text, (starts[i] ?? 0) + start.quoteAt);
    if (end < 0) return shift.size > 0 ? apply(lines, shift) : undefined;
    // The line holding the closing quote (the character before `end`).
    let lastLine = i;
    while (lastLine + 1 < lines.length && (starts[lastLine + 1] ?? Infinity) < end) lastLine++;
    for (let k = i + 1; k <= lastLine; k++) {
      const l = lines[k] ?? '';
      const ind = l.length - l.trimStart().length;
      if (l.trim() !== '' && ind <= start.keyCol) shift.set(k + 1, start.keyCol + 1 - ind);
    }
    i = lastLine;
  }
  return shift.size > 0 ? apply(lines, shift) : undefined;
}

function apply(lines: readonly string[], shift: ReadonlyMap<number, number>): IndentRepair {
  const text = lines.map((l, i) => `${' '.repeat(shift.get(i + 1) ?? 0)}${l}`).join('\n');
  return { text, columnShift: shift };
}
