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
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  const pos = (): Pos => ({ line, col: i - lineStart + 1 });
  const fail = (): never => {
    throw new JsonSyntax();
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i++;
        line++;
        lineStart = i;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else break;
    }
  };
  const str = (): string => {
    // at '"'
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c === 92) {
        out += text.slice(start, i);
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const h = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) fail();
            out += String.fromCharCode(parseInt(h, 16));
            i += 4;
            break;
          }
          case undefined:
          default:
            fail();
        }
        start = i;
        continue;
      }
      if (c < 32) fail();
      i++;
    }
  };
  const value = (depth: number): CfnNode => {
    if (depth > 500) fail();
    ws();
    const p = pos();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: MapEntry[] = [];
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') i++;
      else {
        for (;;) {
          ws();
          if (text[i] !== '"') fail();
          const keyPos = pos();
          const key = str();
          if (seen.has(key)) fail();
          seen.add(key);
          ws();
          if (text[i] !== ':') fail();
          i++;
          entries.push({ key, keyPos, value: value(depth + 1) });
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            break;
          }
          fail();
        }
      }
      const only = entries.length === 1 ? entries[0] : undefined;
      if (only && (only.key === 'Ref' || only.key.startsWith('Fn::')))
        return { kind: 'fn', name: only.key, arg: only.value, pos: p, short: false };
      return mapNode(entries, p);
    }
    if (c === '[') {
      i++;
      const items: CfnNode[] = [];
      ws();
      if (text[i] === ']') i++;
      else {
        for (;;) {
          items.push(value(depth + 1));
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            break;
          }
          fail();
        }
      }
      return { kind: 'seq', items, pos: p };
    }
    if (c === '"') {
      const s = str();
      return { kind: 'scalar', value: s, pos: p, textPos: p };
    }
    const rest = text.slice(i, i + 5);
    if (rest.startsWith('true')) {
      i += 4;
      return { kind: 'scalar', value: true, pos: p, textPos: p };
    }
    if (rest === 'false') {
      i += 5;
      return { kind: 'scalar', value: false, pos: p, textPos: p };
    }
    if (rest.startsWith('null')) {
      i += 4;
      return { kind: 'scalar', value: null, pos: p, textPos: p };
    }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 40));
    if (!m) fail();
    const num = (m as RegExpExecArray)[0];
    i += num.length;
    return { kind: 'scalar', value: Number(num), pos: p, textPos: p };
  };
  try {
    const root = value(0);
    ws();
    if (i !== n) return undefined;
    return root;
  } catch (e) {
    if (e instanceof JsonSyntax || e instanceof RangeError) return undefined;
    return undefined;
  }
}
