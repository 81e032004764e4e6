/**
 * HCL expression and template syntax → AST (the part of HCL that @cdktn/hcl2json leaves as `${…}` strings).
 *
 * Model: `parseTemplate(text)` reads a Terraform JSON-syntax string — literal text, `${expr}` interpolations,
 * `%{if}`/`%{for}` directives, `$${`/`%%{` escapes — and `parseExpression` one expression: literals, variables and
 * traversals (`a.b[0]`, `a[*].b`, `a.*.b`), function calls (with `...` expansion), tuples, objects, `for`
 * expressions, conditionals, unary and binary operators with HCL's precedence. Invalid syntax throws `EvalError`
 * with the offset; the caller turns it into a diagnostic at the attribute's position. The tree is in expr-ast.ts,
 * the scanning of template text in template-scan.ts.
 */
import type { Expr, TemplatePart } from './expr-ast.js';
import { closeBrace, splitTemplate } from './template-scan.js';
import { EvalError } from './value.js';

export type { Expr, TemplatePart } from './expr-ast.js';

type Tok =
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

/** Parse a template string (Terraform JSON syntax). `parseTemplate("a-${var.x}")`. */
export function parseTemplate(s: string, quoted = false): TemplatePart[] {
  const pieces = splitTemplate(s, quoted);
  let pos = 0;
  const parseSeq = (stops: readonly string[]): { parts: TemplatePart[]; stop?: string; stopArg?: string } => {
    const parts: TemplatePart[] = [];
    while (pos < pieces.length) {
      const p = pieces[pos++];
      if (p === undefined) break;
      if (typeof p === 'string') {
        if (p !== '') parts.push({ k: 'text', text: p });
        continue;
      }
      if (p.kind === 'interp') {
        parts.push({ k: 'interp', expr: parseExpression(p.body) });
        continue;
      }
      const body = p.body.trim();
      const word = /^[a-z]+/.exec(body)?.[0] ?? '';
      if (stops.includes(word)) return { parts, stop: word };
      if (word === 'if') {
        const test = parseExpression(body.slice(2));
        const a = parseSeq(['else', 'endif']);
        let b: TemplatePart[] = [];
        if (a.stop === 'else') b = parseSeq(['endif']).parts;
        parts.push({ k: 'if', test, then: a.parts, else: b });
      } else if (word === 'for') {
        const m = /^for\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*))?\s+in\s+([\s\S]*)$/.exec(body);
        if (!m) throw new EvalError(`malformed template directive "%{${body}}"`);
        const body2 = parseSeq(['endfor']);
        parts.push({
          k: 'for',
          keyVar: m[2] ? m[1] : undefined,
          valVar: (m[2] ?? m[1]) as string,
          coll: parseExpression(m[3] ?? ''),
          body: body2.parts,
        });
      } else throw new EvalError(`unknown template directive "%{${body}}"`);
    }
    return { parts };
  };
  return parseSeq([]).parts;
}

function lex(src: string): Tok[] {
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
      toks.push({ t: 'str', parts: parseTemplate(src.slice(i + 1, j), true), pos: i });
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
        toks.push({ t: 'str', parts: parseTemplate(body, false), pos: i });
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

const BIN_PREC: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

/** Parse one HCL expression. `parseExpression("cidrsubnet(var.cidr, 8, count.index)")`. */
export function parseExpression(src: string): Expr {
  const toks = lex(src);
  let p = 0;
  const peek = (): Tok => toks[p] ?? { t: 'eof', pos: src.length };
  const isOp = (v: string, t: Tok = peek()) => t.t === 'op' && t.v === v;
  const isId = (v: string, t: Tok = peek()) => t.t === 'id' && t.v === v;
  const expect = (v: string) => {
    const t = peek();
    if (!isOp(v, t)) throw new EvalError(`expected "${v}" at offset ${t.pos} in "${src.trim()}"`);
    p++;
  };
  const skipNewlines = () => undefined;

  const parseExpr = (): Expr => {
    const test = parseBinary(1);
    if (isOp('?')) {
      p++;
      const yes = parseExpr();
      expect(':');
      const no = parseExpr();
      return { k: 'cond', test, yes, no };
    }
    return test;
  };
  const parseBinary = (min: number): Expr => {
    let left = parseUnary();
    for (;;) {
      const t = peek();
      if (t.t !== 'op') break;
      const prec = BIN_PREC[t.v];
      if (prec === undefined || prec < min) break;
      p++;
      const right = parseBinary(prec + 1);
      left = { k: 'binary', op: t.v, left, right };
    }
    return left;
  };
  const parseUnary = (): Expr => {
    if (isOp('!') || isOp('-')) {
      const op = (peek() as { v: string }).v as '!' | '-';
      p++;
      return { k: 'unary', op, arg: parseUnary() };
    }
    return parsePostfix(parsePrimary());
  };
  const parseTraversalsOnto = (base: Expr, allowSplat: boolean): Expr => {
    let e = base;
    for (;;) {
      if (isOp('.')) {
        const n = toks[p + 1];
        if (n?.t === 'id') {
          p += 2;
          e = { k: 'attr', obj: e, name: n.v };
        } else if (n?.t === 'num') {
          p += 2;
          e = { k: 'index', obj: e, key: { k: 'lit', v: n.v } };
        } else if (n?.t === 'op' && n.v === '*') {
          if (!allowSplat) break;
          p += 2;
          e = { k: 'splat', src: e, each: parseTraversalsOnto({ k: 'anon' }, false) };
        } else break;
      } else if (isOp('.*')) {
        if (!allowSplat) break;
        p++;
        e = { k: 'splat', src: e, each: parseTraversalsOnto({ k: 'anon' }, false) };
      } else if (isOp('[*]')) {
        if (!allowSplat) break;
        p++;
        e = { k: 'splat', src: e, each: parseTraversalsOnto({ k: 'anon' }, false) };
      } else if (isOp('[')) {
        if (toks[p + 1]?.t === 'op' && (toks[p + 1] as { v: string }).v === '*' && isOp(']', toks[p + 2])) {
          if (!allowSplat) break;
          p += 3;
          e = { k: 'splat', src: e, each: parseTraversalsOnto({ k: 'anon' }, false) };
          continue;
        }
        p++;
        const key = parseExpr();
        expect(']');
        e = { k: 'index', obj: e, key };
      } else break;
    }
    return e;
  };
  const parsePostfix = (base: Expr): Expr => parseTraversalsOnto(base, true);
  const parseFor = (object: boolean): Expr => {
    p++; // 'for'
    const a = peek();
    if (a.t !== 'id') throw new EvalError(`expected a name after "for" at offset ${a.pos}`);
    p++;
    let keyVar: string | undefined;
    let valVar = a.v;
    if (isOp(',')) {
      p++;
      const b = peek();
      if (b.t !== 'id') throw new EvalError(`expected a name at offset ${b.pos}`);
      p++;
      keyVar = a.v;
      valVar = b.v;
    }
    if (!isId('in')) throw new EvalError(`expected "in" at offset ${peek().pos}`);
    p++;
    const coll = parseExpr();
    expect(':');
    let keyExpr: Expr | undefined;
    let valExpr = parseExpr();
    if (object) {
      expect('=>');
      keyExpr = valExpr;
      valExpr = parseExpr();
    }
    let grouped = false;
    if (isOp('...')) {
      p++;
      grouped = true;
    }
    let cond: Expr | undefined;
    if (isId('if')) {
      p++;
      cond = parseExpr();
    }
    expect(object ? '}' : ']');
    return { k: 'for', keyVar, valVar, coll, keyExpr, valExpr, cond, grouped, object };
  };
  const parsePrimary = (): Expr => {
    const t = peek();
    skipNewlines();
    if (t.t === 'num') {
      p++;
      return { k: 'lit', v: t.v };
    }
    if (t.t === 'str') {
      p++;
      return { k: 'tmpl', parts: t.parts };
    }
    if (t.t === 'id') {
      p++;
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (isOp('(')) {
        p++;
        const args: Expr[] = [];
        let expand = false;
        while (!isOp(')')) {
          args.push(parseExpr());
          if (isOp('...')) {
            p++;
            expand = true;
          }
          if (isOp(',')) p++;
          else if (!isOp(')'))
            throw new EvalError(`expected "," or ")" at offset ${peek().pos} in call to ${t.v}`);
        }
        p++;
        // provider::aws::fn style names are not supported; plain names only.
        return { k: 'call', name: t.v, args, expand };
      }
      return { k: 'var', name: t.v };
    }
    if (t.t === 'op') {
      if (t.v === '(') {
        p++;
        const e = parseExpr();
        expect(')');
        return e;
      }
      if (t.v === '[') {
        p++;
        if (isId('for')) return parseFor(false);
        const items: Expr[] = [];
        while (!isOp(']')) {
          items.push(parseExpr());
          if (isOp(',')) p++;
          else if (!isOp(']')) throw new EvalError(`expected "," or "]" at offset ${peek().pos}`);
        }
        p++;
        return { k: 'tuple', items };
      }
      if (t.v === '{') {
        p++;
        if (isId('for')) return parseFor(true);
        const items: { key: Expr; value: Expr }[] = [];
        while (!isOp('}')) {
          const kt = peek();
          let key: Expr;
          if (kt.t === 'id' && (isOp('=', toks[p + 1]) || isOp(':', toks[p + 1]))) {
            p++;
            key = { k: 'lit', v: kt.v };
          } else key = parseExpr();
          if (isOp('=') || isOp(':')) p++;
          else throw new EvalError(`expected "=" or ":" in object at offset ${peek().pos}`);
          const value = parseExpr();
          items.push({ key, value });
          if (isOp(',')) p++;
        }
        p++;
        return { k: 'object', items };
      }
    }
    throw new EvalError(
      `unexpected ${t.t === 'eof' ? 'end of expression' : `"${'v' in t ? t.v : '…'}"`} at offset ${t.pos} in "${src.trim()}"`,
    );
  };
  const e = parseExpr();
  if (peek().t !== 'eof') throw new EvalError(`unexpected text at offset ${peek().pos} in "${src.trim()}"`);
  return e;
}
