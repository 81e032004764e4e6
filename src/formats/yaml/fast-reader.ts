/**
 * A fast YAML reader for the YAML that configuration files are made of — and for JSON, which is YAML's flow style —
 * producing plain JS values and the offset of every key and value, in one pass over the text.
 *
 * Model: a recursive-descent reader over character codes that handles a well-defined part of YAML 1.2: block
 * mappings and sequences (compact forms included), flow collections (`fast-flow.ts`, over several lines, so JSON),
 * plain scalars on one line (typed by the core schema, `plain-scalar.ts`), single- and double-quoted scalars on one
 * line, `|`/`>` block scalars (`fast-scalars.ts`), and comments. Anything else — anchors and aliases, tags, `?`
 * keys, multi-line plain or quoted scalars, tabs or carriage returns in the structure, directives and document
 * markers, duplicate keys, `__proto__`, nesting deeper than `MAX_DEPTH`, and every syntax error — makes it give up
 * (`{ bail }`), and the caller reads the document with the `yaml` package instead. So what this reader accepts it
 * reads exactly as `parseDocument(text, { strict: true, uniqueKeys: true })` does (same values, same offsets: the
 * differential test `test/formats/yaml-differential.test.ts` holds it to that on every example and fixture), and
 * everything else gets the `yaml` package's own behaviour and diagnostics.
 * Spans go to one `SpanTable` through a scratch stack (a collection's entries are contiguous once it is complete).
 */
import { blockScalar, doubleQuoted, singleQuoted, type ScalarRead } from './fast-scalars.js';
import {
  Bail,
  COLON,
  DASH,
  DQ,
  GT,
  HASH,
  LBRACE,
  LBRACK,
  MAX_KEY,
  NL,
  PIPE,
  SP,
  SQ,
  TAB,
} from './fast-cursor.js';
import { FlowReader } from './fast-flow.js';
import type { SourcePositions } from './positions.js';
import { ScalarStyle, type SpanIndex } from './spans.js';

export interface FastRead {
  readonly value: unknown;
  readonly spans: SpanIndex;
}
export interface FastBail {
  /** Why the fast reader gave up (for tests and profiling; never shown to users). */
  readonly bail: string;
  readonly offset: number;
}

/** Characters the YAML spec or the `yaml` package treat specially anywhere: control characters, BOM, NEL, LS/PS. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNUSUAL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

/** Read `text` if it is within the fast reader's part of YAML; otherwise say why not. */
export function readYamlFast(text: string, positions: SourcePositions): FastRead | FastBail {
  if (UNUSUAL.test(text)) return { bail: 'unusual character', offset: text.search(UNUSUAL) };
  const r = new BlockReader(text, positions);
  try {
    const value = r.document();
    return { value, spans: r.spans };
  } catch (e) {
    if (e instanceof Bail) return { bail: e.message, offset: e.offset };
    throw e;
  }
}

class BlockReader extends FlowReader {
  /** The scalar just scanned by `inlineScalar`: text, offset, style, and whether a `:` made it a key. */
  private sText = '';
  private sOff = 0;
  private sStyle: ScalarStyle = ScalarStyle.None;
  private sIsKey = false;

  document(): unknown {
    this.skipLines(0, true);
    if (this.indent < 0) this.bail('empty document');
    const v = this.ownLineNode(-1);
    if (this.indent >= 0) this.bail('content after the root node');
    if (this.vStyle !== ScalarStyle.None) this.bail('scalar document');
    return v;
  }

  /** A node that starts a line (indentation `this.indent`) inside a collection indented `n`. */
  private ownLineNode(n: number): unknown {
    const p = this.p;
    const c = this.t.charCodeAt(p);
    if (c === DASH && this.blank(p + 1)) return this.blockSeq(this.indent);
    if (c === LBRACK || c === LBRACE) return this.flowThenLine(n);
    if (c === PIPE || c === GT) this.bail('block scalar on a line of its own');
    const col = this.indent;
    this.inlineScalar();
    if (this.sIsKey) return this.blockMap(col);
    return this.scalarThenLine(n);
  }

  /** The value after `key:` (`inMap`) or after `- `, inside a collection indented `n`. */
  private valueAfterIndicator(n: number, inMap: boolean): unknown {
    const t = this.t;
    let q = this.p;
    while (t.charCodeAt(q) === SP) q++;
    const c = q < this.len ? t.charCodeAt(q) : NL;
    if (c === TAB) this.bail('tab');
    if (c === NL || c === HASH) {
      const empty = q;
      this.finishLine();
      if (this.indent > n) return this.ownLineNode(n);
      if (inMap && this.indent === n && t.charCodeAt(this.p) === DASH && this.blank(this.p + 1))
        return this.blockSeq(n);
      this.vOff = empty;
      this.vStyle = ScalarStyle.Plain;
      return null;
    }
    this.p = q;
    if (c === DASH && this.blank(q + 1)) {
      if (inMap) this.bail('a sequence on the line of its key');
      return this.blockSeq(q - this.ls);
    }
    if (c === LBRACK || c === LBRACE) return this.flowThenLine(n);
    if (c === PIPE || c === GT) {
      const r = blockScalar(t, q, n) ?? this.bail('block scalar');
      this.skipLines(r.end);
      if (this.indent > n) this.bail('block scalar indentation');
      this.vOff = q;
      this.vStyle = c === PIPE ? ScalarStyle.Literal : ScalarStyle.Folded;
      return r.value;
    }
    const col = q - this.ls;
    this.inlineScalar();
    if (this.sIsKey) {
      if (inMap) this.bail('a mapping on the line of its key');
      return this.blockMap(col);
    }
    return this.scalarThenLine(n);
  }

  /** The scalar just scanned is a value: type it; the rest of its line must be empty. */
  private scalarThenLine(n: number): unknown {
    const style = this.sStyle;
    const off = this.sOff;
    const value = style === ScalarStyle.Plain ? this.resolve(this.sText) : this.sText;
    this.finishLine();
    if (this.indent > n) this.bail('scalar continued on the next line');
    this.vOff = off;
    this.vStyle = style;
    return value;
  }

  private flowThenLine(n: number): unknown {
    const v = this.flowNode(n);
    const off = this.vOff;
    this.finishLine();
    if (this.indent > n) this.bail('flow collection followed by more-indented content');
    this.vOff = off;
    this.vStyle = ScalarStyle.None;
    return v;
  }

  /**
   * Scan a scalar on the current line in block context: quoted, or plain up to `: `, ` #` or the line's end.
   * Sets `sText` (decoded for quoted scalars, raw for plain ones), `sOff`, `sStyle`, and `sIsKey` (followed by
   * `:` — then `this.p` is just past the colon).
   */
  private inlineScalar(): void {
    const t = this.t;
    const len = this.len;
    const start = this.p;
    const c = t.charCodeAt(start);
    this.sOff = start;
    if (c === SQ || c === DQ) {
      const r: ScalarRead =
        (c === SQ ? singleQuoted(t, start) : doubleQuoted(t, start)) ?? this.bail('quoted scalar');
      this.sText = r.value;
      this.sStyle = c === SQ ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted;
      let q = r.end;
      while (t.charCodeAt(q) === SP) q++;
      this.sIsKey = t.charCodeAt(q) === COLON && this.blank(q + 1);
      this.p = this.sIsKey ? q + 1 : r.end;
      if (this.sIsKey && r.end - start > MAX_KEY) this.bail('long key');
      return;
    }
    this.plainStart(c, start, false);
    let p = start;
    let end = start;
    let key = false;
    while (p < len) {
      const ch = t.charCodeAt(p);
      if (ch === NL) break;
      if (ch === COLON && this.blank(p + 1)) {
        key = true;
        break;
      }
      if (ch === SP) {
        if (t.charCodeAt(p + 1) === HASH) break;
        p++;
        continue;
      }
      if (ch === TAB) {
        this.p = p;
        this.bail('tab');
      }
      end = ++p;
    }
    this.sText = t.slice(start, end);
    this.sStyle = ScalarStyle.Plain;
    this.sIsKey = key;
    this.p = key ? p + 1 : p;
    if (key && end - start > MAX_KEY) this.bail('long key');
  }

  /** The key just scanned, as the property name `String(value)` (plain keys are typed first: `0x10` → `16`). */
  private keyText(): string {
    const k = this.sStyle === ScalarStyle.Plain ? String(this.resolve(this.sText)) : this.sText;
    if (k === '__proto__') this.bail('__proto__ key');
    return k;
  }

  /** A block mapping at indentation `m` whose first key has just been scanned. */
  private blockMap(m: number): Record<string, unknown> {
    this.enter();
    const t = this.t;
    const offset = this.sOff;
    const obj: Record<string, unknown> = {};
    const names: string[] = [];
    const base = this.top;
    for (;;) {
      const key = this.keyText();
      if (obj[key] !== undefined && Object.hasOwn(obj, key)) this.bail('duplicate key');
      const keyOff = this.sOff;
      obj[key] = this.valueAfterIndicator(m, true);
      names.push(key);
      this.push(keyOff, this.vOff, this.vStyle);
      if (this.indent < m) break;
      if (this.indent > m) this.bail('bad indentation of a mapping entry');
      if (t.charCodeAt(this.p) === DASH && this.blank(this.p + 1)) this.bail('sequence entry in a mapping');
      this.inlineScalar();
      if (!this.sIsKey) this.bail('expected a key');
    }
    this.close(obj, offset, base, names);
    return obj;
  }

  /** A block sequence whose first `-` is at `this.p`, at indentation `s`. */
  private blockSeq(s: number): unknown[] {
    this.enter();
    const t = this.t;
    const offset = this.p;
    const arr: unknown[] = [];
    const base = this.top;
    for (;;) {
      this.p++;
      arr.push(this.valueAfterIndicator(s, false));
      this.push(-1, this.vOff, this.vStyle);
      if (this.indent < s) break;
      if (this.indent > s) this.bail('bad indentation of a sequence entry');
      if (!(t.charCodeAt(this.p) === DASH && this.blank(this.p + 1))) break;
    }
    this.close(arr, offset, base, undefined);
    return arr;
  }
}
