/**
 * Long literal heredocs handed to the HCL parser as quoted strings. The Go HCL parser takes time superlinear in
 * the number of lines of a heredoc (fuzz finding tf-hcl:91 of seed session6-long2: a 250 KB user_data heredoc of
 * 5,000 lines took 0.7–3.7 s of CPU; 20,000 lines did not finish within the parser's 30 s), while the same text
 * as one quoted string takes 0.1 s. A heredoc `name = <<ID` or `name = <<-ID` whose body has no template
 * sequence (`${`, `%{`) is a literal string, and the quoted string with `\\`, `"`, newline, carriage return and tab
 * escaped is the same string to the parser (the same JSON comes back). The lines it took are kept as empty lines
 * after it, so every later line and column is where it was; positions of the heredoc's own lines are taken from the
 * original text (scanBlocks, user_data), never from the parser.
 */

/** Heredocs shorter than this are left as written (the parser is fast on them). */
export const HEREDOC_LINES_TO_QUOTE = 200;

const OPENER = /^(\s*[A-Za-z_][\w-]*\s*=\s*)<<(-?)([A-Za-z_]\w*)\s*$/;

const quote = (body: string): string =>
  `"${body.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c)}"`;

/** `text` with every long literal heredoc written as a quoted string followed by as many empty lines. */
export function quoteLongHeredocs(text: string, minLines: number = HEREDOC_LINES_TO_QUOTE): string {
  if (!text.includes('<<')) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const m = OPENER.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const flush = m[2] === '-';
    const marker = m[3] ?? '';
    let end = i + 1;
    while (end < lines.length && (lines[end] ?? '').trim() !== marker) end++;
    let body = lines.slice(i + 1, end);
    const literal = !body.some((l) => l.includes('${') || l.includes('%{'));
    // `<<-ID` strips the least indentation of its lines: done here when every line is indented by spaces only
    // and none is blank (how blank and tab-indented lines count is left to the parser).
    const strippable = !flush || body.every((l) => /^ *[^\s]/.test(l));
    if (end >= lines.length || body.length < minLines || !literal || !strippable) {
      out.push(line);
      continue;
    }
    if (flush) {
      const least = Math.min(...body.map((l) => l.length - l.trimStart().length));
      body = body.map((l) => l.slice(least));
    }
    // The heredoc's value: each body line with its newline. Then the lines it took, empty.
    out.push(`${m[1] ?? ''}${quote(body.map((l) => `${l}\n`).join(''))}`);
    for (let k = i + 1; k <= end; k++) out.push('');
    i = end;
  }
  return out.join('\n');
}
