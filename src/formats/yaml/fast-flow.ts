/**
 * Flow collections for the fast YAML reader: `[a, b]`, `{ k: v }`, nested, over as many lines as they like — which
 * makes JSON documents readable by the same reader.
 *
 * Model: `FlowReader` adds to `ReaderState` the flow productions: white space between tokens may include line
 * breaks and comments (every continuation line indented deeper than the enclosing block collection), entries are
 * quoted or one-line plain scalars (the flow rules: `, [ ] { }` end them) or nested flow collections. Empty entries,
 * trailing commas, implicit pairs in sequences (`[a: b]`), keys without values and complex keys give up.
 */
import { doubleQuoted, singleQuoted } from './fast-scalars.js';
import {
  COLON,
  COMMA,
  DQ,
  HASH,
  isFlowIndicator,
  LBRACE,
  LBRACK,
  MAX_KEY,
  NL,
  RBRACE,
  RBRACK,
  ReaderState,
  SP,
  SQ,
  TAB,
} from './fast-cursor.js';
import { ScalarStyle } from './spans.js';

export class FlowReader extends ReaderState {
  /** A flow collection at `this.p` inside a block collection indented `n`. */
  protected flowNode(n: number): unknown {
    return this.t.charCodeAt(this.p) === LBRACK ? this.flowSeq(n) : this.flowMap(n);
  }

  /** Skip spaces, line breaks and comments between flow tokens. */
  private flowWs(n: number): void {
    const t = this.t;
    const len = this.len;
    let p = this.p;
    while (p < len) {
      const c = t.charCodeAt(p);
      if (c === SP) p++;
      else if (c === NL) {
        p++;
        const ls = p;
        while (t.charCodeAt(p) === SP) p++;
        const d = t.charCodeAt(p);
        if (p < len && d !== NL && d !== HASH && p - ls <= n) {
          this.p = p;
          this.bail('flow collection continued at too small an indentation');
        }
        this.ls = ls;
      } else if (c === HASH) {
        const prev = t.charCodeAt(p - 1);
        if (prev !== SP && prev !== NL) {
          this.p = p;
          this.bail('comment not separated by a space');
        }
        p = t.indexOf('\n', p);
        if (p < 0) p = len;
      } else if (c === TAB) {
        this.p = p;
        this.bail('tab');
      } else break;
    }
    this.p = p;
  }

  private flowSeq(n: number): unknown[] {
    this.enter();
    const t = this.t;
    const offset = this.p;
    const arr: unknown[] = [];
    const base = this.top;
    this.p++;
    this.flowWs(n);
    if (t.charCodeAt(this.p) === RBRACK) this.p++;
    else
      for (;;) {
        arr.push(this.flowItem(n));
        this.push(-1, this.vOff, this.vStyle);
        this.flowWs(n);
        const c = t.charCodeAt(this.p);
        this.p++;
        if (c === RBRACK) break;
        if (c !== COMMA) this.bail('expected , or ] in a flow sequence');
        this.flowWs(n);
        if (t.charCodeAt(this.p) === RBRACK) this.bail('trailing comma');
      }
    this.close(arr, offset, base, undefined);
    return arr;
  }

  private flowMap(n: number): Record<string, unknown> {
    this.enter();
    const t = this.t;
    const offset = this.p;
    const obj: Record<string, unknown> = {};
    const names: string[] = [];
    const base = this.top;
    this.p++;
    this.flowWs(n);
    if (t.charCodeAt(this.p) === RBRACE) this.p++;
    else
      for (;;) {
        const keyOff = this.p;
        const key = this.flowKey();
        if (obj[key] !== undefined && Object.hasOwn(obj, key)) this.bail('duplicate key');
        this.flowWs(n);
        const v = t.charCodeAt(this.p);
        if (v === COMMA || v === RBRACE) this.bail('key without a value');
        obj[key] = this.flowItem(n);
        names.push(key);
        this.push(keyOff, this.vOff, this.vStyle);
        this.flowWs(n);
        const c = t.charCodeAt(this.p);
        this.p++;
        if (c === RBRACE) break;
        if (c !== COMMA) this.bail('expected , or } in a flow mapping');
        this.flowWs(n);
        if (t.charCodeAt(this.p) === RBRACE) this.bail('trailing comma');
      }
    this.close(obj, offset, base, names);
    return obj;
  }

  /** A key and its `:`; leaves `this.p` just past the colon. */
  private flowKey(): string {
    const t = this.t;
    const start = this.p;
    const c = t.charCodeAt(start);
    let key: string;
    if (c === SQ || c === DQ) {
      const r = (c === SQ ? singleQuoted(t, start) : doubleQuoted(t, start)) ?? this.bail('quoted key');
      key = r.value;
      this.p = r.end;
      while (t.charCodeAt(this.p) === SP) this.p++;
      if (t.charCodeAt(this.p) !== COLON) this.bail('expected : after a key');
    } else {
      const text = this.flowPlain();
      key = String(this.resolve(text));
      while (t.charCodeAt(this.p) === SP) this.p++;
      if (t.charCodeAt(this.p) !== COLON) this.bail('expected : after a key');
      const next = t.charCodeAt(this.p + 1);
      if (next !== SP && next !== NL) this.bail('plain key not followed by a space');
    }
    if (this.p - start > MAX_KEY) this.bail('long key');
    if (key === '__proto__') this.bail('__proto__ key');
    this.p++;
    return key;
  }

  /** A flow entry: nested collection, quoted or plain scalar. Sets `vOff` and `vStyle`. */
  private flowItem(n: number): unknown {
    const t = this.t;
    const start = this.p;
    const c = t.charCodeAt(start);
    if (c === LBRACK) return this.flowSeq(n);
    if (c === LBRACE) return this.flowMap(n);
    if (c === SQ || c === DQ) {
      const r = (c === SQ ? singleQuoted(t, start) : doubleQuoted(t, start)) ?? this.bail('quoted scalar');
      this.p = r.end;
      this.vOff = start;
      this.vStyle = c === SQ ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted;
      return r.value;
    }
    const text = this.flowPlain();
    this.vOff = start;
    this.vStyle = ScalarStyle.Plain;
    return this.resolve(text);
  }

  /** A plain scalar in flow context, on one line; `this.p` is left where it ends. */
  private flowPlain(): string {
    const t = this.t;
    const len = this.len;
    const start = this.p;
    this.plainStart(t.charCodeAt(start), start, true);
    let p = start;
    let end = start;
    while (p < len) {
      const c = t.charCodeAt(p);
      if (c === NL || isFlowIndicator(c)) break;
      if (c === COLON) {
        const next = t.charCodeAt(p + 1);
        if (p + 1 >= len || next === SP || next === NL || isFlowIndicator(next)) break;
      } else if (c === SP) {
        if (t.charCodeAt(p + 1) === HASH) break;
        p++;
        continue;
      } else if (c === TAB) {
        this.p = p;
        this.bail('tab');
      }
      end = ++p;
    }
    this.p = end;
    return t.slice(start, end);
  }
}
