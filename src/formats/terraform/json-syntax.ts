/**
 * Terraform's JSON syntax (`*.tf.json`): the same blocks as HCL written as JSON objects, with expressions kept as
 * `"${…}"` template strings — the form hcl-load.ts already reads from the HCL parser — so a `.tf.json` file loads
 * alone or beside `.tf` files (the HCL parser does not read JSON syntax).
 *
 * `readJsonSyntax(file, text)` parses strictly (RFC 8259) while remembering where every object key was written, and
 * returns the document with each block's position (`resource "aws_vpc" "main"` → the line of `"main"`, its
 * attributes and nested blocks), or a TF_SYNTAX diagnostic at the offending line and column.
 */
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import { positionsOf } from '../text-position.js';
import type { BlockPos, Raw, RawObject } from './hcl-load.js';

type Where = { line: number; col: number };

class Reader {
  i = 0;
  /** The position of each key of each object read. */
  readonly keys = new Map<RawObject, Map<string, Where>>();
  /** The position of each element of each array read. */
  readonly items = new Map<Raw[], Where[]>();
  private readonly at: (offset: number) => Where;

  constructor(private readonly s: string) {
    this.at = positionsOf(s);
  }

  fail(message: string): never {
    const p = this.at(this.i);
    throw new SyntaxAt(message, p);
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i] ?? '')) this.i++;
  }

  value(): Raw {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      this.s.slice(this.i, this.i + 400),
    );
    if (!m)
      this.fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
    this.i += m[0].length;
    return JSON.parse(m[0]) as Raw;
  }

  private string(): string {
    const m = /^"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.s.slice(this.i));
    if (!m) this.fail('unterminated or malformed string');
    // RFC 8259: a control character must be escaped inside a string.
    for (let k = 0; k < m[0].length; k++)
      if (m[0].charCodeAt(k) < 0x20) {
        this.i += k;
        this.fail('unescaped control character in a string');
      }
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private object(): RawObject {
    const o: RawObject = {};
    const where = new Map<string, Where>();
    this.keys.set(o, where);
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return o;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a quoted key');
      const p = this.at(this.i);
      const k = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      o[k] = this.value();
      if (!where.has(k)) where.set(k, p);
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === '}') {
        this.i++;
        return o;
      }
      this.fail('expected "," or "}"');
    }
  }

  private array(): Raw[] {
    const a: Raw[] = [];
    const where: Where[] = [];
    this.items.set(a, where);
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return a;
    }
    for (;;) {
      this.ws();
      where.push(this.at(this.i));
      a.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === ']') {
        this.i++;
        return a;
      }
      this.fail('expected "," or "]"');
    }
  }
}

class SyntaxAt extends Error {
  constructor(
    message: string,
    readonly where: Where,
  ) {
    super(message);
  }
}

const isObject = (v: Raw | undefined): v is RawObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Block kinds with two labels (`resource "type" "name"`) and with one (`variable "name"`). */
const TWO_LABELS = new Set(['resource', 'data']);
const ONE_LABEL = new Set(['variable', 'module', 'output', 'provider']);

/** The position of one block body: its attributes and nested blocks, line by line. */
function blockPos(r: Reader, file: string, at: Where, body: Raw | undefined): BlockPos {
  const attrs = new Map<string, number>();
  const nested = new Map<string, number[]>();
  const first = Array.isArray(body) ? body[0] : body;
  if (isObject(first)) {
    for (const [k, w] of r.keys.get(first) ?? []) {
      attrs.set(k, w.line);
      const v = first[k];
      if (Array.isArray(v) && v.every(isObject))
        nested.set(
          k,
          (r.items.get(v) ?? []).map((x) => x.line),
        );
      else if (isObject(v)) nested.set(k, [w.line]);
    }
  }
  return { span: { file, line: at.line, col: at.col }, attrs, nested };
}

/** Read a `.tf.json` file: its document (as the HCL reader gives it) and the position of every block. */
export function readJsonSyntax(
  file: string,
  text: string,
):
  | {
      ok: true;
      doc: RawObject;
      pos: Map<string, BlockPos>;
      /** Where each top-level key is written (for errors about a key that is no block type). */
      keys: ReadonlyMap<string, Where>;
    }
  | { ok: false; diagnostic: Diagnostic } {
  const r = new Reader(text);
  let doc: Raw;
  try {
    doc = r.value();
    if (/\S/.test(text.slice(r.i))) r.fail('unexpected text after the JSON value');
  } catch (e) {
    const where = e instanceof SyntaxAt ? e.where : { line: 1, col: 1 };
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      diagnostic: error(
        'TF_SYNTAX',
        `JSON syntax error: ${message}; terraform would refuse this configuration`,
        {
          file,
          ...where,
        },
      ),
    };
  }
  if (!isObject(doc))
    return {
      ok: false,
      diagnostic: error('TF_SYNTAX', "a .tf.json file holds one JSON object (the configuration's blocks)", {
        file,
        line: 1,
        col: 1,
      }),
    };
  const pos = new Map<string, BlockPos>();
  for (const [kind, w] of r.keys.get(doc) ?? []) {
    const byFirst = doc[kind];
    if (!isObject(byFirst)) continue;
    if (kind === 'locals') pos.set('locals', blockPos(r, file, w, byFirst));
    for (const [label, lw] of r.keys.get(byFirst) ?? []) {
      const inner = byFirst[label];
      if (ONE_LABEL.has(kind)) pos.set(`${kind} ${label}`, blockPos(r, file, lw, inner));
      if (!TWO_LABELS.has(kind) || !isObject(inner)) continue;
      for (const [name, nw] of r.keys.get(inner) ?? [])
        pos.set(`${kind} ${label} ${name}`, blockPos(r, file, nw, inner[name]));
    }
  }
  return { ok: true, doc, pos, keys: r.keys.get(doc) ?? new Map<string, Where>() };
}
