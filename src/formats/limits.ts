/**
 * The limits vpcsim holds every input to, so that no input — however small or hostile — makes it work without bound,
 * and the lexical scans that check nesting before a parser recurses. docs/limits.md lists them with their codes.
 *
 * Two kinds of limit: AWS's own quotas (a CloudFormation template of more than 500 resources is refused by AWS, so
 * vpcsim reports it as an error and still reads the template), and vpcsim's own bounds on work (nesting, file size,
 * alias and count/for_each expansion), where the part over the limit is reported with its code and not read.
 */

/** vpcsim's own bounds. Each breach has its own diagnostic code (`LIMIT_CODES`). */
export const LIMITS = {
  /** Largest input file read, in bytes (the `huge` benchmark network is 53 MiB of native YAML). */
  inputBytes: 128 * 1024 * 1024,
  /** Deepest nesting of collections, brackets or expressions in any input (real inputs stay under 20). */
  nestingDepth: 100,
  /** Nodes YAML aliases may add to one document (a 600-byte "billion laughs" would otherwise add billions). */
  aliasNodes: 10_000,
  /** Instances one Terraform `count` or `for_each` may create. */
  expansionPerBlock: 10_000,
  /** Resource instances one Terraform configuration may create through count and for_each together. */
  expansionTotal: 20_000,
  /** Elements one Terraform function call or `for` expression may build (`concat`, `flatten`, …). */
  collectionElements: 100_000,
  /** Expression evaluations one Terraform configuration may take (nested `for` over `range` multiply). */
  evaluationSteps: 1_000_000,
  /** Characters one Terraform function call or template may build. */
  stringChars: 16 * 1024 * 1024,
  /** Bytes `file()` / `templatefile()` may read. */
  fileFunctionBytes: 16 * 1024 * 1024,
  /** Syntax errors reported per YAML file (the rest are counted in the last one: AWS reports only the first). */
  syntaxErrors: 20,
  /** Seconds one Terraform file may take in the HCL parser before the parser is stopped and restarted. */
  hclParseSeconds: 30,
} as const;

/** AWS's own quotas that vpcsim checks (CloudFormation user guide, "Understand CloudFormation quotas"). */
export const AWS_QUOTAS = {
  /** Template body size in an S3 object: 1 MB. */
  cfnTemplateBytes: 1_000_000,
  /** Resources declared in one template. */
  cfnResources: 500,
} as const;

/** The diagnostic code of each limit. */
export const LIMIT_CODES = {
  inputBytes: 'INPUT_TOO_LARGE',
  notAFile: 'INPUT_NOT_A_FILE',
  nestingDepth: 'INPUT_NESTING_TOO_DEEP',
  aliasNodes: 'YAML_ALIAS_EXPANSION_LIMIT',
  expansion: 'TF_EXPANSION_LIMIT',
  collection: 'TF_VALUE_TOO_LARGE',
  evaluation: 'TF_EVALUATION_LIMIT',
  fileOutside: 'TF_FILE_OUTSIDE_CONFIGURATION',
  parserFailed: 'TF_PARSER_FAILED',
  cfnTemplateBytes: 'CFN_TEMPLATE_TOO_LARGE',
  cfnResources: 'CFN_TOO_MANY_RESOURCES',
} as const;

/** The errors of a parse to report: at most `LIMITS.syntaxErrors`, the last saying how many more there are. */
export function firstErrors<T extends { message: string }>(
  errors: readonly T[],
): { error: T; more: string }[] {
  const shown = errors.slice(0, LIMITS.syntaxErrors);
  const rest = errors.length - shown.length;
  return shown.map((error, k) => ({
    error,
    more: k === shown.length - 1 && rest > 0 ? ` (and ${rest} more syntax errors after this one)` : '',
  }));
}

/** The message of a nesting breach, the same for every format. */
export function nestingMessage(what: string): string {
  return `${what} nested more than ${LIMITS.nestingDepth} levels deep; vpcsim reads at most ${LIMITS.nestingDepth} levels (no real network description comes near)`;
}

/**
 * Offset of the first bracket that opens nesting level `limit + 1` in JSON-like text (`[`/`{` outside double-quoted
 * strings), or undefined. Linear, no recursion: run it before a recursive reader.
 */
export function jsonNestingOffset(text: string, limit: number = LIMITS.nestingDepth): number | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/**
 * Offset of the first construct that opens nesting level `limit + 1` in HCL native syntax (or Terraform JSON):
 * brackets, parentheses and braces, quoted strings, `${ … }` / `%{ … }` template sequences inside strings and
 * heredocs, and the operators the HCL parser recurses on without brackets (unary `!` and `-`, the conditional `?`,
 * splats `[*]` and `.*`) — everything the parser recurses on. Comments are skipped. Linear, no recursion.
 * An operator run counts in the bracket level it is written in, up to the next `,` (or line end inside braces).
 */
export function hclNestingOffset(text: string, limit: number = LIMITS.nestingDepth): number | undefined {
  // Each open level: what closes it — ')' ']' '}' for code, '"' for a quoted string, '\n' + the marker for a
  // heredoc — and the operators counted in it.
  const stack: { closer: string; ops: number }[] = [];
  let topOps = 0; // operators outside any bracket, on the current line
  let depth = 0; // levels + operators of every open level
  const n = text.length;
  let i = 0;
  let prev = '='; // the last code character that is not white space
  const push = (closer: string): boolean => {
    stack.push({ closer, ops: 0 });
    return ++depth + topOps > limit;
  };
  const pop = () => {
    const f = stack.pop();
    if (f) depth -= 1 + f.ops;
  };
  const op = (): boolean => {
    const f = stack[stack.length - 1];
    if (f) {
      f.ops++;
      depth++;
    } else topOps++;
    return depth + topOps > limit;
  };
  const resetOps = () => {
    const f = stack[stack.length - 1];
    if (f) {
      depth -= f.ops;
      f.ops = 0;
    } else topOps = 0;
  };
  while (i < n) {
    const top = stack[stack.length - 1]?.closer;
    const c = text[i] ?? '';
    if (top === '"' || (top !== undefined && top.startsWith('\n'))) {
      // Inside a string or heredoc: look for its end and for template sequences.
      if (top === '"' && c === '\\') {
        i += 2;
        continue;
      }
      if (top === '"' && (c === '"' || c === '\n')) {
        pop(); // HCL ends a quoted string at a newline too (an error, after which it reads on)
        prev = '"';
        i++;
        continue;
      }
      if (top !== '"' && (i === 0 || text[i - 1] === '\n')) {
        const end = text.indexOf('\n', i);
        if (text.slice(i, end < 0 ? n : end).trim() === top.slice(1)) {
          pop();
          prev = '"';
          i = end < 0 ? n : end;
          continue;
        }
      }
      if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
        i += 3; // `$${` and `%%{` are escapes, not template sequences
        continue;
      }
      if ((c === '$' || c === '%') && text[i + 1] === '{') {
        if (push('}')) return i;
        prev = '{';
        i += 2;
        continue;
      }
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (m) {
        if (push(`\n${m[1] ?? ''}`)) return i;
        i += m[0].length;
        continue;
      }
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      if (top === undefined || top === '}') resetOps();
      prev = '=';
      i++;
      continue;
    }
    let deeper = false;
    if (c === '"') deeper = push('"');
    else if (c === '(') deeper = push(')');
    else if (c === '[') deeper = text[i + 1] === '*' ? op() || push(']') : push(']');
    else if (c === '{') deeper = push('}');
    else if ((c === ')' || c === ']' || c === '}') && stack.length > 0) pop();
    else if (c === ',') resetOps();
    else if (c === '?' || (c === '!' && text[i + 1] !== '=') || (c === '*' && prev === '.')) deeper = op();
    else if (c === '-' && '([{,=?:!-+*/%<>&|'.includes(prev)) deeper = op();
    if (deeper) return i;
    prev = c;
    i++;
  }
  return undefined;
}

/**
 * Offset of the construct that opens nesting level `limit + 1` in YAML text, or undefined: block levels by
 * indentation, compact `- `/`? ` indicators on one line, and flow brackets outside quoted scalars. An estimate (a
 * multi-line plain scalar may count one level more), used to place the diagnostic when the YAML parser itself runs
 * out of stack. Linear, no recursion.
 */
export function yamlNestingOffset(text: string, limit: number = LIMITS.nestingDepth): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  for (let start = 0; start < text.length;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    let i = start;
    while (i < end && text[i] === ' ') i++;
    if (i < end && text[i] !== '#' && flow === 0) {
      const indent = i - start;
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) > indent) indents.pop();
      if (indents[indents.length - 1] !== indent) indents.push(indent);
      if (indents.length > limit) return i;
    }
    let compact = 0;
    for (; i < end; i++) {
      const c = text[i];
      if ((c === '-' || c === '?') && (text[i + 1] === ' ' || i + 1 === end) && flow === 0) {
        if (indents.length + ++compact > limit) return i;
      } else if (c === '[' || c === '{') {
        if (indents.length + compact + ++flow > limit) return i;
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
      else if (c === '#' && (i === start || text[i - 1] === ' ')) break;
      else if (c === '"' || c === "'") {
        // Searched on this line only (as below): `indexOf` on the whole text went on past the line, to the next
        // quote or `: ` wherever it was — quadratic in lines without one (issue 21, fuzz iptables:4686: 304 KB of
        // iptables text in a block scalar, 1.4-1.6 s of CPU).
        let close = i + 1;
        while (close < end && text[close] !== c) close++;
        if (close >= end) break;
        i = close;
      } else if ((c === '!' || c === '&' || c === '*') && flow === 0) {
        // A tag, an anchor or an alias: a token of its own, which ends at white space or a flow indicator — so
        // `!Sub[[…` or `&a {…` opens flow collections (the package parses them, reporting the missing space), and the
        // brackets after it are counted (issue 21, fuzz session15b-million cfn-yaml:47413: 252 lines of
        // `!ImportValue[[[…` 1,000 deep, read as one scalar, were handed to the package: 2.2-4.4 s of CPU).
        while (i + 1 < end && !' \t[]{},'.includes(text[i + 1] as string)) i++;
      } else if (c !== ' ' && flow === 0) {
        // A scalar or a key: `- - a` ends its compact run here.
        let colon = i;
        while (colon < end && !(text[colon] === ':' && text[colon + 1] === ' ')) colon++;
        i = colon >= end ? end : colon + 1;
      }
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * The yaml package's parser nests one level deeper on each block-context line that holds a second mapping indicator
 * outside quotes and flow collections (`a: 1024, dst: 10.0.0.10`, `a: "x", b: c` — an error in YAML: nested
 * mappings are not allowed in compact mappings), and stays that deep for the lines after it. ~1,000 such lines put it
 * at V8's stack limit, where whether it overflows depends on how far the JIT has compiled it: the same file gave its
 * syntax errors on one read and a stack overflow on the next (fuzz session14-million cfn-yaml:46320, iptables:80480).
 * This counts those lines as levels on top of `yamlNestingOffset`'s: the offset of the line at which indentation,
 * compact and flow nesting plus such lines so far pass `limit`, or undefined. Conservative: every such line counts
 * for the rest of the text. Lines inside block scalars (`|`, `>`) are text and do not count.
 */
export function yamlParserDepthOffset(text: string, limit: number): number | undefined {
  const extra: number[] = []; // offsets of the lines with a second mapping indicator
  let blockIndent = -1; // inside a block scalar: the indentation of its key line
  const state: LineState = { flow: 0, quote: '' };
  for (let start = 0; start < text.length;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    let i = start;
    while (i < end && text[i] === ' ') i++;
    const indent = i - start;
    if (blockIndent >= 0 && (i === end || indent > blockIndent)) {
      start = end + 1;
      continue;
    }
    blockIndent = -1;
    const line = text.slice(i, end);
    const plain = state.flow === 0 && state.quote === '';
    if (plain && /^(?:(?:-\s+)*[^\s#][^#]*?:\s+|(?:-\s+)+)[|>][-+0-9]*\s*(?:#.*)?$/.test(line))
      blockIndent = indent;
    else if (secondIndicator(line, state)) {
      extra.push(i);
      if (extra.length > limit) return i;
    }
    start = end + 1;
  }
  if (extra.length === 0) return yamlNestingOffset(text, limit);
  return yamlNestingOffset(text, limit - extra.length);
}

/** Where a line starts: inside how many flow collections, inside which quoted scalar ('' for none). */
interface LineState {
  flow: number;
  quote: '' | '"' | "'";
}

/** Does one line (from its first non-space character) hold two mapping indicators (`: ` or `:` at its end) outside
 * quotes and flow collections, before a comment? Updates `st` to where the next line starts. */
function secondIndicator(line: string, st: LineState): boolean {
  let seen = 0;
  let i = 0;
  const skipQuote = (): void => {
    // From inside a quoted scalar: to its closing quote (st.quote cleared), or to the end of the line.
    if (st.quote === '"') while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
    else while (i < line.length && !(line[i] === "'" && line[i + 1] !== "'")) i += line[i] === "'" ? 2 : 1;
    if (i < line.length) st.quote = '';
  };
  if (st.quote !== '') {
    skipQuote();
    i++;
  }
  for (; i < line.length && st.quote === ''; i++) {
    const c = line[i];
    if (c === '#' && (i === 0 || line[i - 1] === ' ')) break;
    if (c === '"' || c === "'") {
      st.quote = c;
      i++;
      skipQuote();
    } else if (c === '{' || c === '[') st.flow++;
    else if (c === '}' || c === ']') st.flow = Math.max(0, st.flow - 1);
    else if (c === ':' && st.flow === 0 && (i + 1 === line.length || line[i + 1] === ' ')) seen++;
  }
  return seen >= 2;
}

/** 1-based line and column of an offset in a text. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}
