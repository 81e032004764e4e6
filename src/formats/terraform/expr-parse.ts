/**
 * HCL expression and template syntax → AST (the part of HCL that @cdktn/hcl2json leaves as `${…}` strings).
 *
 * Model: `parseTemplate(text)` reads a Terraform JSON-syntax string — literal text, `${expr}` interpolations,
 * `%{if}`/`%{for}` directives, `$${`/`%%{` escapes — and `parseExpression` one expression: literals, variables and
 * traversals (`a.b[0]`, `a[*].b`, `a.*.b`), function calls (with `...` expansion), tuples, objects, `for`
 * expressions, conditionals, unary and binary operators with HCL's precedence. Invalid syntax throws `EvalError`
 * with the offset; the caller turns it into a diagnostic at the attribute's position. The tree is in expr-ast.ts,
 * the scanning of template text in template-scan.ts, the tokens in expr-lex.ts.
 */
import type { Expr, TemplatePart } from './expr-ast.js';
import { lex, type Tok } from './expr-lex.js';
import { splitTemplate } from './template-scan.js';
import { EvalError } from './value.js';

export type { Expr, TemplatePart } from './expr-ast.js';

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

/** A recursive-descent parser over one expression's tokens (HCL's precedence); one method per production. */
class ExprParser {
  private p = 0;
  private readonly toks: Tok[];
  constructor(private readonly src: string) {
    this.toks = lex(src, parseTemplate);
  }

  peek(): Tok {
    return this.toks[this.p] ?? { t: 'eof', pos: this.src.length };
  }
  isOp(v: string, t: Tok = this.peek()) {
    return t.t === 'op' && t.v === v;
  }
  isId(v: string, t: Tok = this.peek()) {
    return t.t === 'id' && t.v === v;
  }
  expect(v: string) {
    const t = this.peek();
    if (!this.isOp(v, t)) throw new EvalError(`expected "${v}" at offset ${t.pos} in "${this.src.trim()}"`);
    this.p++;
  }
  skipNewlines() {
    return undefined;
  }

  parseExpr(): Expr {
    const test = this.parseBinary(1);
    if (this.isOp('?')) {
      this.p++;
      const yes = this.parseExpr();
      this.expect(':');
      const no = this.parseExpr();
      return { k: 'cond', test, yes, no };
    }
    return test;
  }
  parseBinary(min: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op') break;
      const prec = BIN_PREC[t.v];
      if (prec === undefined || prec < min) break;
      this.p++;
      const right = this.parseBinary(prec + 1);
      left = { k: 'binary', op: t.v, left, right };
    }
    return left;
  }
  parseUnary(): Expr {
    if (this.isOp('!') || this.isOp('-')) {
      const op = (this.peek() as { v: string }).v as '!' | '-';
      this.p++;
      return { k: 'unary', op, arg: this.parseUnary() };
    }
    return this.parsePostfix(this.parsePrimary());
  }
  parseTraversalsOnto(base: Expr, allowSplat: boolean): Expr {
    let e = base;
    for (;;) {
      if (this.isOp('.')) {
        const n = this.toks[this.p + 1];
        if (n?.t === 'id') {
          this.p += 2;
          e = { k: 'attr', obj: e, name: n.v };
        } else if (n?.t === 'num') {
          this.p += 2;
          e = { k: 'index', obj: e, key: { k: 'lit', v: n.v } };
        } else if (n?.t === 'op' && n.v === '*') {
          if (!allowSplat) break;
          this.p += 2;
          e = { k: 'splat', src: e, each: this.parseTraversalsOnto({ k: 'anon' }, false) };
        } else break;
      } else if (this.isOp('.*')) {
        if (!allowSplat) break;
        this.p++;
        e = { k: 'splat', src: e, each: this.parseTraversalsOnto({ k: 'anon' }, false) };
      } else if (this.isOp('[*]')) {
        if (!allowSplat) break;
        this.p++;
        e = { k: 'splat', src: e, each: this.parseTraversalsOnto({ k: 'anon' }, false) };
      } else if (this.isOp('[')) {
        if (
          this.toks[this.p + 1]?.t === 'op' &&
          (this.toks[this.p + 1] as { v: string }).v === '*' &&
          this.isOp(']', this.toks[this.p + 2])
        ) {
          if (!allowSplat) break;
          this.p += 3;
          e = { k: 'splat', src: e, each: this.parseTraversalsOnto({ k: 'anon' }, false) };
          continue;
        }
        this.p++;
        const key = this.parseExpr();
        this.expect(']');
        e = { k: 'index', obj: e, key };
      } else break;
    }
    return e;
  }
  parsePostfix(base: Expr): Expr {
    return this.parseTraversalsOnto(base, true);
  }
  parseFor(object: boolean): Expr {
    this.p++; // 'for'
    const a = this.peek();
    if (a.t !== 'id') throw new EvalError(`expected a name after "for" at offset ${a.pos}`);
    this.p++;
    let keyVar: string | undefined;
    let valVar = a.v;
    if (this.isOp(',')) {
      this.p++;
      const b = this.peek();
      if (b.t !== 'id') throw new EvalError(`expected a name at offset ${b.pos}`);
      this.p++;
      keyVar = a.v;
      valVar = b.v;
    }
    if (!this.isId('in')) throw new EvalError(`expected "in" at offset ${this.peek().pos}`);
    this.p++;
    const coll = this.parseExpr();
    this.expect(':');
    let keyExpr: Expr | undefined;
    let valExpr = this.parseExpr();
    if (object) {
      this.expect('=>');
      keyExpr = valExpr;
      valExpr = this.parseExpr();
    }
    let grouped = false;
    if (this.isOp('...')) {
      this.p++;
      grouped = true;
    }
    let cond: Expr | undefined;
    if (this.isId('if')) {
      this.p++;
      cond = this.parseExpr();
    }
    this.expect(object ? '}' : ']');
    return { k: 'for', keyVar, valVar, coll, keyExpr, valExpr, cond, grouped, object };
  }
  parsePrimary(): Expr {
    const t = this.peek();
    this.skipNewlines();
    if (t.t === 'num') {
      this.p++;
      return { k: 'lit', v: t.v };
    }
    if (t.t === 'str') {
      this.p++;
      return { k: 'tmpl', parts: t.parts };
    }
    if (t.t === 'id') {
      this.p++;
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (this.isOp('(')) {
        this.p++;
        const args: Expr[] = [];
        let expand = false;
        while (!this.isOp(')')) {
          args.push(this.parseExpr());
          if (this.isOp('...')) {
            this.p++;
            expand = true;
          }
          if (this.isOp(',')) this.p++;
          else if (!this.isOp(')'))
            throw new EvalError(`expected "," or ")" at offset ${this.peek().pos} in call to ${t.v}`);
        }
        this.p++;
        // provider::aws::fn style names are not supported; plain names only.
        return { k: 'call', name: t.v, args, expand };
      }
      return { k: 'var', name: t.v };
    }
    if (t.t === 'op') {
      if (t.v === '(') {
        this.p++;
        const e = this.parseExpr();
        this.expect(')');
        return e;
      }
      if (t.v === '[') {
        this.p++;
        if (this.isId('for')) return this.parseFor(false);
        const items: Expr[] = [];
        while (!this.isOp(']')) {
          items.push(this.parseExpr());
          if (this.isOp(',')) this.p++;
          else if (!this.isOp(']')) throw new EvalError(`expected "," or "]" at offset ${this.peek().pos}`);
        }
        this.p++;
        return { k: 'tuple', items };
      }
      if (t.v === '{') {
        this.p++;
        if (this.isId('for')) return this.parseFor(true);
        const items: { key: Expr; value: Expr }[] = [];
        while (!this.isOp('}')) {
          const kt = this.peek();
          let key: Expr;
          if (
            kt.t === 'id' &&
            (this.isOp('=', this.toks[this.p + 1]) || this.isOp(':', this.toks[this.p + 1]))
          ) {
            this.p++;
            key = { k: 'lit', v: kt.v };
          } else key = this.parseExpr();
          if (this.isOp('=') || this.isOp(':')) this.p++;
          else throw new EvalError(`expected "=" or ":" in object at offset ${this.peek().pos}`);
          const value = this.parseExpr();
          items.push({ key, value });
          if (this.isOp(',')) this.p++;
        }
        this.p++;
        return { k: 'object', items };
      }
    }
    throw new EvalError(
      `unexpected ${t.t === 'eof' ? 'end of expression' : `"${'v' in t ? t.v : '…'}"`} at offset ${t.pos} in "${this.src.trim()}"`,
    );
  }
}

/** Parse one HCL expression. `parseExpression("cidrsubnet(var.cidr, 8, count.index)")`. */
export function parseExpression(src: string): Expr {
  const parser = new ExprParser(src);
  const e = parser.parseExpr();
  if (parser.peek().t !== 'eof')
    throw new EvalError(`unexpected text at offset ${parser.peek().pos} in "${src.trim()}"`);
  return e;
}
