/**
 * HCL expression tokens: numbers, identifiers, operators, strings and heredocs (as template parts), with each
 * token's offset; comments (`#`, `//`, block comments) and white space are skipped. An unexpected character or an
 * unterminated string throws `EvalError` with the offset, like the parser (expr-parse.ts) it feeds.
 */
import type { TemplatePart } from './expr-ast.js';
import { closeBrace } from './template-scan.js';
import { EvalError } from './value.js';

export type Tok =
  | { t: 'num'; v: number; pos: number }
  | { t: 'str'; parts: TemplatePart[]; pos: number }
  | { t: 'id'; v: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'eof'; pos: number };

const OPS = [
  '...',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '=>',
  '[*]',
  '.*',
  '!',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '?',
  ':',
  '.',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '=',
];

/**
 * The tokens of one expression. A string or heredoc token is read as a template (`template`, injected by the
 * parser: templates hold expressions) when it is met, so errors come in text order.
 */
export function lex(src: string, template: (text: string, quoted: boolean) => TemplatePart[]): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      i = e < 0 ? src.length : e + 2;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      toks.push({ t: 'num', v: Number(text), pos: i });
      i += text.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      toks.push({ t: 'id', v: text, pos: i });
      i += text.length;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') j += 2;
        else if ((src[j] === '$' || src[j] === '%') && src[j + 1] === '{' && src[j - 1] !== src[j])
          j = closeBrace(src, j + 2) + 1;
        else j++;
      }
      if (j >= src.length) throw new EvalError(`unterminated string at offset ${i}`);
      toks.push({ t: 'str', parts: template(src.slice(i + 1, j), true), pos: i });
      i = j + 1;
      continue;
    }
    if (c === '<' && src[i + 1] === '<') {
      // Heredoc inside an expression: <<EOT / <<-EOT … EOT
      const m = /^<<(-?)([A-Za-z_][\w]*)\r?\n/.exec(src.slice(i));
      if (m) {
        const marker = m[2] as string;
        const start = i + m[0].length;
        const endRe = new RegExp(`^[ \\t]*${marker}[ \\t]*$`, 'm');
        const rest = src.slice(start);
        const em = endRe.exec(rest);
        if (!em) throw new EvalError(`heredoc ${marker} not terminated`);
        let body = rest.slice(0, em.index);
        if (m[1] === '-') {
          const lines = body.split('\n');
          const ind = Math.min(
            ...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0),
          );
          body = lines.map((l) => l.slice(Number.isFinite(ind) ? ind : 0)).join('\n');
        }
        toks.push({ t: 'str', parts: template(body, false), pos: i });
        i = start + em.index + em[0].length;
        continue;
      }
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new EvalError(`unexpected character "${c}" at offset ${i}`);
    // `.*` only as legacy splat, not in `a.b` followed by `*`: HCL has no `.*` operator otherwise.
    toks.push({ t: 'op', v: op, pos: i });
    i += op.length;
  }
  toks.push({ t: 'eof', pos: src.length });
  return toks;
}
