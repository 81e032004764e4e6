/**
 * The native YAML reader as it was before the fast reader (commit 3de7b08, `src/formats/native/yaml-source.ts`),
 * kept verbatim apart from its types as the oracle of the differential test: `parseDocument`, positions from the
 * text (`positionsOf`), a `Span` for every key and value, `Map`s per collection. Since fuzz session12-clean
 * native:43406, an alias stands for its anchor's node (resolved by the package's own `Alias.resolve`), and one that
 * names no anchor is a YAML_SYNTAX error at the alias, as in the reader.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { LIMITS } from '../../src/formats/limits.js';
import { positionsOf } from '../../src/formats/text-position.js';
import { error, type Diagnostic, type Span } from '../../src/diag/diagnostic.js';

export interface OracleSpans {
  readonly self: Span;
  readonly keys: Map<string, Span>;
  readonly values: Map<string, Span>;
  readonly blocks: Map<string, { readonly line: number; readonly col: number; readonly block: boolean }>;
}

export interface OracleRead {
  readonly value: unknown;
  readonly spans: WeakMap<object, OracleSpans>;
  readonly diagnostics: Diagnostic[];
}

export function readYamlOracle(text: string, file: string): OracleRead {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  const linePos = positionsOf(text);
  const diagnostics: Diagnostic[] = [];
  const spans = new WeakMap<object, OracleSpans>();
  const at = (offset: number): Span => {
    const p = linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  // Since issue 21: at most LIMITS.syntaxErrors errors, the last one counting the others.
  const shown = doc.errors.slice(0, LIMITS.syntaxErrors);
  shown.forEach((e, k) => {
    const more =
      k === shown.length - 1 && doc.errors.length > shown.length
        ? ` (and ${doc.errors.length - shown.length} more syntax errors after this one)`
        : '';
    diagnostics.push(error('YAML_SYNTAX', (e.message.split('\n')[0] ?? e.message) + more, at(e.pos[0])));
  });
  if (diagnostics.length > 0) return { value: undefined, spans, diagnostics };
  const lines = text.split('\n');
  const blockInfo = (n: Node): OracleSpans['blocks'] extends Map<string, infer B> ? B | undefined : never => {
    if (!isScalar(n) || !n.range) return undefined;
    const start = at(n.range[0]);
    if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') {
      let ln = start.line;
      while (ln < lines.length && (lines[ln] ?? '').trim() === '') ln++;
      const first = lines[ln] ?? '';
      // An explicit indentation indicator (`|2`) sets the indentation: its line's plus the digit (fuzz finding
      // suricata:728 of session7-million).
      const digit = /^[|>](?:([1-9])[+-]?|[+-]([1-9]))?/.exec(text.slice(n.range[0], n.range[0] + 3));
      const own = lines[start.line - 1] ?? '';
      const d = digit?.[1] ?? digit?.[2];
      const indent =
        d !== undefined
          ? own.length - own.trimStart().length + Number(d)
          : first.length - first.trimStart().length;
      // Fixed since (issue 21, found by the fuzz run): the text starts on the line after the indicator, leading
      // empty lines included, so positions inside the text are counted from there.
      return { line: start.line + 1, col: indent + 1, block: true };
    }
    return {
      line: start.line,
      col: start.col + (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE' ? 1 : 0),
      block: false,
    };
  };
  const convert = (n: unknown): unknown => {
    if (isAlias(n)) {
      const target = n.resolve(doc);
      if (target) return convert(target);
      diagnostics.push(
        error(
          'YAML_SYNTAX',
          `alias *${n.source} names no anchor &${n.source} defined before it`,
          at(n.range?.[0] ?? 0),
        ),
      );
      return null;
    }
    if (isMap(n)) {
      const obj: Record<string, unknown> = {};
      const keys = new Map<string, Span>();
      const values = new Map<string, Span>();
      const blocks: OracleSpans['blocks'] = new Map();
      for (const pair of n.items) {
        const kNode = pair.key as Node | null;
        const key = isScalar(kNode) ? String(kNode.value) : String(kNode);
        if (kNode?.range) keys.set(key, at(kNode.range[0]));
        const vNode = pair.value as Node | null;
        if (vNode?.range) values.set(key, at(vNode.range[0]));
        const bi = vNode ? blockInfo(vNode) : undefined;
        if (bi) blocks.set(key, bi);
        // Fixed since (issue 21): `__proto__` is an ordinary key, not the object's prototype.
        if (key === '__proto__')
          Object.defineProperty(obj, key, {
            value: convert(vNode),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else obj[key] = convert(vNode);
      }
      spans.set(obj, { self: at(n.range?.[0] ?? 0), keys, values, blocks });
      return obj;
    }
    if (isSeq(n)) {
      const arr: unknown[] = [];
      const values = new Map<string, Span>();
      const blocks: OracleSpans['blocks'] = new Map();
      n.items.forEach((item, i) => {
        const node = item as Node | null;
        if (node?.range) values.set(String(i), at(node.range[0]));
        const bi = node ? blockInfo(node) : undefined;
        if (bi) blocks.set(String(i), bi);
        arr.push(convert(node));
      });
      spans.set(arr, { self: at(n.range?.[0] ?? 0), keys: new Map(), values, blocks });
      return arr;
    }
    if (isScalar(n)) return n.value;
    return n === null || n === undefined ? null : n;
  };
  return { value: convert(doc.contents), spans, diagnostics };
}
