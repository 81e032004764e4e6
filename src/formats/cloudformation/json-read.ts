/**
 * A fast reader for JSON templates (CDK output and other generated templates are JSON, and large): strict JSON
 * (RFC 8259) into the positioned node tree of `node.ts`, with 1-based line/column for every value and key.
 * Single-key objects `{"Ref": …}` / `{"Fn::…": …}` become `fn` nodes, as in the YAML reader.
 *
 * Returns undefined on any syntax error (or a duplicate key): the caller then reads the text with the YAML parser,
 * which is lenient where CloudFormation is and reports errors with positions. Never throws.
 */
import { mapNode, type CfnNode, type MapEntry, type Pos } from './node.js';

class JsonSyntax extends Error {}

/** Parse a JSON template; undefined when the text is not strict JSON. */
export function readJsonTemplate(text: string): CfnNode | undefined {
  const reader = new JsonTemplateReader(text);
  try {
    return reader.document();
  } catch (e) {
    if (e instanceof JsonSyntax || e instanceof RangeError) return undefined;
    return undefined;
  }
}

/** A cursor over the text with its line and the offset where that line starts; each method reads one value kind. */
class JsonTemplateReader {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private readonly n: number;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  /** The whole text as one value, nothing but white space after it; undefined otherwise. */
  document(): CfnNode | undefined {
    const root = this.value(0);
    this.ws();
    if (this.i !== this.n) return undefined;
    return root;
  }

  private pos(): Pos {
    return { line: this.line, col: this.i - this.lineStart + 1 };
  }

  private fail(): never {
    throw new JsonSyntax();
  }

  private ws(): void {
    const text = this.text;
    const n = this.n;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i++;
        this.line++;
        this.lineStart = i;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else break;
    }
    this.i = i;
  }

  /** A string, at its opening quote. */
  private str(): string {
    const text = this.text;
    const n = this.n;
    let i = this.i + 1;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) this.fail();
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(start, i);
        this.i = i + 1;
        return out;
      }
      if (c === 92) {
        out += text.slice(start, i);
        this.i = i;
        out += this.escape();
        i = this.i;
        start = i;
        continue;
      }
      if (c < 32) this.fail();
      i++;
    }
  }

  /** One escape sequence, at its backslash: the character it stands for. */
  private escape(): string {
    const e = this.text[this.i + 1];
    this.i += 2;
    switch (e) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const h = this.text.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail();
        this.i += 4;
        return String.fromCharCode(parseInt(h, 16));
      }
      case undefined:
      default:
        return this.fail();
    }
  }

  private value(depth: number): CfnNode {
    if (depth > 500) this.fail();
    this.ws();
    const p = this.pos();
    const c = this.text[this.i];
    if (c === '{') return this.object(p, depth);
    if (c === '[') return this.array(p, depth);
    if (c === '"') {
      const s = this.str();
      return { kind: 'scalar', value: s, pos: p, textPos: p };
    }
    return this.literal(p);
  }

  private object(p: Pos, depth: number): CfnNode {
    const text = this.text;
    this.i++;
    const entries: MapEntry[] = [];
    const seen = new Set<string>();
    this.ws();
    if (text[this.i] === '}') this.i++;
    else {
      for (;;) {
        this.ws();
        if (text[this.i] !== '"') this.fail();
        const keyPos = this.pos();
        const key = this.str();
        if (seen.has(key)) this.fail();
        seen.add(key);
        this.ws();
        if (text[this.i] !== ':') this.fail();
        this.i++;
        entries.push({ key, keyPos, value: this.value(depth + 1) });
        this.ws();
        if (text[this.i] === ',') {
          this.i++;
          continue;
        }
        if (text[this.i] === '}') {
          this.i++;
          break;
        }
        this.fail();
      }
    }
    const only = entries.length === 1 ? entries[0] : undefined;
    if (only && (only.key === 'Ref' || only.key.startsWith('Fn::')))
      return { kind: 'fn', name: only.key, arg: only.value, pos: p, short: false };
    return mapNode(entries, p);
  }

  private array(p: Pos, depth: number): CfnNode {
    const text = this.text;
    this.i++;
    const items: CfnNode[] = [];
    this.ws();
    if (text[this.i] === ']') this.i++;
    else {
      for (;;) {
        items.push(this.value(depth + 1));
        this.ws();
        if (text[this.i] === ',') {
          this.i++;
          continue;
        }
        if (text[this.i] === ']') {
          this.i++;
          break;
        }
        this.fail();
      }
    }
    return { kind: 'seq', items, pos: p };
  }

  /** true, false, null or a number. */
  private literal(p: Pos): CfnNode {
    const rest = this.text.slice(this.i, this.i + 5);
    if (rest.startsWith('true')) {
      this.i += 4;
      return { kind: 'scalar', value: true, pos: p, textPos: p };
    }
    if (rest === 'false') {
      this.i += 5;
      return { kind: 'scalar', value: false, pos: p, textPos: p };
    }
    if (rest.startsWith('null')) {
      this.i += 4;
      return { kind: 'scalar', value: null, pos: p, textPos: p };
    }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.i, this.i + 40));
    if (!m) return this.fail();
    const num = m[0];
    this.i += num.length;
    return { kind: 'scalar', value: Number(num), pos: p, textPos: p };
  }
}
