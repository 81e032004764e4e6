/**
 * A small shell-line reader for the lines users write around iptables: splits a script into logical lines
 * (joining `\` continuations), each logical line into simple commands (at `;`, `&&`, `||`, `|`), and each
 * command into words with quotes removed — every word keeps the 1-based line and column where it started in
 * the original text, so diagnostics point at the exact spot.
 *
 * Model: words are literal strings; a word that still contains `$` (a variable or `$(…)` substitution) is
 * flagged `dynamic`, because its value is only known when the script runs. Redirections (`>`, `>>`, `<`, `<<`)
 * are kept as words of their own. Comments (`#` at the start of a word) end the line. Nothing here throws;
 * an unterminated quote simply ends at the end of the line (the caller reports it through `unterminated`).
 */

export interface Word {
  readonly text: string;
  /** 1-based line and column of the word's first character in the original text. */
  readonly line: number;
  readonly col: number;
  /** Contains an unexpanded `$VAR` or `$(…)`. */
  readonly dynamic: boolean;
  /** Was written inside quotes (so `|`, `;` inside it are not operators). */
  readonly quoted: boolean;
}

export interface Command {
  readonly words: readonly Word[];
  /** The operator that joined this command to the previous one (`|` means it reads the previous output). */
  readonly joinedBy: '' | ';' | '&&' | '||' | '|';
}

export interface LogicalLine {
  /** 1-based line of the first physical line. */
  readonly line: number;
  /** The raw text (continuations joined with a space). */
  readonly text: string;
  readonly commands: readonly Command[];
  readonly unterminated: boolean;
}

interface Pos {
  line: number;
  col: number;
}

/** Split a script into logical lines, commands and words. `splitScript("a 'b c' | d")` → one line, two commands. */
export function splitScript(text: string): LogicalLine[] {
  const physical = text.split(/\r?\n/);
  const out: LogicalLine[] = [];
  let i = 0;
  while (i < physical.length) {
    const startLine = i + 1;
    let chars = '';
    const pos: Pos[] = [];
    for (;;) {
      const raw = physical[i] ?? '';
      const cont = /\\\s*$/.test(raw) && !/^\s*#/.test(raw);
      const body = cont ? raw.replace(/\\\s*$/, '') : raw;
      for (let c = 0; c < body.length; c++) {
        chars += body.charAt(c);
        pos.push({ line: i + 1, col: c + 1 });
      }
      i++;
      if (!cont || i >= physical.length) break;
      chars += ' ';
      pos.push({ line: i + 1, col: 1 });
    }
    const { commands, unterminated } = splitCommands(chars, pos, startLine);
    out.push({ line: startLine, text: chars, commands, unterminated });
  }
  return out;
}

/** Physical lines, unchanged (for heredoc bodies and iptables-save input). */
export function physicalLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function splitCommands(s: string, pos: readonly Pos[], line: number): { commands: Command[]; unterminated: boolean } {
  const commands: Command[] = [];
  let words: Word[] = [];
  let joinedBy: Command['joinedBy'] = '';
  let cur: string | null = null;
  let curPos: Pos = { line, col: 1 };
  let dynamic = false;
  let quoted = false;
  let unterminated = false;
  const at = (k: number): Pos => pos[k] ?? { line, col: k + 1 };
  const flush = (): void => {
    if (cur !== null) words.push({ text: cur, line: curPos.line, col: curPos.col, dynamic, quoted });
    cur = null;
    dynamic = false;
    quoted = false;
  };
  const endCommand = (op: Command['joinedBy']): void => {
    flush();
    if (words.length > 0) commands.push({ words, joinedBy });
    words = [];
    joinedBy = op;
  };
  let k = 0;
  while (k < s.length) {
    const ch = s[k] ?? '';
    if (ch === ' ' || ch === '\t') {
      flush();
      k++;
      continue;
    }
    if (ch === '#' && cur === null) break;
    if (cur === null && (ch === ';' || ch === '&' || ch === '|')) {
      const two = s.slice(k, k + 2);
      if (two === '&&' || two === '||') {
        endCommand(two);
        k += 2;
        continue;
      }
      if (ch === ';' || ch === '|') {
        endCommand(ch);
        k++;
        continue;
      }
      // a lone `&` (background): treat as a separator
      endCommand(';');
      k++;
      continue;
    }
    if (cur !== null && (ch === ';' || ch === '|' || (ch === '&' && s[k + 1] === '&'))) {
      flush();
      continue;
    }
    if (ch === '>' || ch === '<') {
      // redirection operators are words of their own (`2>&1` stays one word with its digit)
      const m = /^(\d?)(>>|<<-?|>&|>|<)/.exec(s.slice(k));
      if (cur !== null && !/^\d$/.test(cur)) flush();
      const opStart = cur !== null ? curPos : at(k);
      const op = (cur ?? '') + (m?.[2] ?? ch);
      cur = null;
      words.push({ text: op, line: opStart.line, col: opStart.col, dynamic: false, quoted: false });
      k += (m?.[2] ?? ch).length;
      continue;
    }
    if (cur === null) {
      cur = '';
      curPos = at(k);
    }
    if (ch === "'") {
      quoted = true;
      const end = s.indexOf("'", k + 1);
      if (end < 0) {
        unterminated = true;
        cur += s.slice(k + 1);
        k = s.length;
      } else {
        cur += s.slice(k + 1, end);
        k = end + 1;
      }
      continue;
    }
    if (ch === '"') {
      quoted = true;
      let j = k + 1;
      let piece = '';
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\\' && j + 1 < s.length && '"\\$`'.includes(s[j + 1] ?? '')) {
          piece += s.charAt(j + 1);
          j += 2;
          continue;
        }
        if (s[j] === '$') dynamic = true;
        piece += s.charAt(j);
        j++;
      }
      if (j >= s.length) unterminated = true;
      cur += piece;
      k = j + 1;
      continue;
    }
    if (ch === '\\' && k + 1 < s.length) {
      cur += s.charAt(k + 1);
      k += 2;
      continue;
    }
    if (ch === '$') {
      dynamic = true;
      // keep `$(…)` / `${…}` / backticks together as one word
      if (s[k + 1] === '(' || s[k + 1] === '{') {
        const close = s[k + 1] === '(' ? ')' : '}';
        let depth = 0;
        let j = k + 1;
        for (; j < s.length; j++) {
          if (s[j] === s[k + 1]) depth++;
          else if (s[j] === close && --depth === 0) break;
        }
        cur += s.slice(k, j + 1);
        k = j + 1;
        continue;
      }
    }
    if (ch === '`') {
      dynamic = true;
      const end = s.indexOf('`', k + 1);
      const stop = end < 0 ? s.length : end + 1;
      cur += s.slice(k, stop);
      k = stop;
      continue;
    }
    cur += ch;
    k++;
  }
  endCommand('');
  return { commands, unterminated };
}
