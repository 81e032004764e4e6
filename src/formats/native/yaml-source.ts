/**
 * Read YAML into plain JS values while remembering where every value and key was written.
 *
 * `readYaml(text, file)` returns the value, a `SpanIndex` (object/array → span of itself and of each key/index),
 * and diagnostics for malformed YAML (never throws). Duplicate keys are errors, as in AWS's own template parser.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { positionsOf } from '../text-position.js';
import { error, type Diagnostic, type Span } from '../../diag/diagnostic.js';

export interface NodeSpans {
  readonly self: Span;
  /** Span of each key (objects) or element (arrays), by key or index as string. */
  readonly keys: Map<string, Span>;
  /** Span of each value, by key or index as string. */
  readonly values: Map<string, Span>;
  /** Block scalar details for a value (for text embedded in YAML: user data, Suricata rules). */
  readonly blocks: Map<string, BlockInfo>;
}

/** Where a block or plain scalar's text starts, to map positions inside it back to the file. */
export interface BlockInfo {
  /** 1-based line of the first content line. */
  readonly line: number;
  /** 1-based column where content starts on each line (block indentation + 1). */
  readonly col: number;
  /** True for `|`/`>` block scalars (content starts on the next line). */
  readonly block: boolean;
}

export class SpanIndex {
  readonly #map = new WeakMap<object, NodeSpans>();
  get(obj: object): NodeSpans | undefined {
    return this.#map.get(obj);
  }
  set(obj: object, spans: NodeSpans): void {
    this.#map.set(obj, spans);
  }
  /** Span of `obj[key]` (its value), else of the key, else of obj. */
  valueSpan(obj: object | undefined, key?: string | number): Span | undefined {
    if (!obj) return undefined;
    const s = this.#map.get(obj);
    if (!s) return undefined;
    if (key === undefined) return s.self;
    return s.values.get(String(key)) ?? s.keys.get(String(key)) ?? s.self;
  }
  keySpan(obj: object | undefined, key: string | number): Span | undefined {
    if (!obj) return undefined;
    const s = this.#map.get(obj);
    return s?.keys.get(String(key)) ?? s?.self;
  }
  /** Follow a path of keys from `root` and return the closest span. */
  pathSpan(root: unknown, path: readonly PropertyKey[]): Span | undefined {
    let cur: unknown = root;
    let best: Span | undefined =
      typeof root === 'object' && root !== null ? this.#map.get(root)?.self : undefined;
    for (const k of path) {
      if (typeof cur !== 'object' || cur === null) break;
      const s = this.#map.get(cur);
      const sp = s?.values.get(String(k)) ?? s?.keys.get(String(k));
      if (sp) best = sp;
      cur = (cur as Record<string, unknown>)[String(k)];
    }
    return best;
  }
}

export interface YamlRead {
  readonly value: unknown;
  readonly spans: SpanIndex;
  readonly diagnostics: Diagnostic[];
  readonly text: string;
}

/** Parse YAML text. */
export function readYaml(text: string, file: string): YamlRead {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  const linePos = positionsOf(text);
  const diagnostics: Diagnostic[] = [];
  const spans = new SpanIndex();
  const at = (offset: number): Span => {
    const p = linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  for (const e of doc.errors) {
    diagnostics.push(error('YAML_SYNTAX', e.message.split('\n')[0] ?? e.message, at(e.pos[0])));
  }
  if (diagnostics.length > 0) return { value: undefined, spans, diagnostics, text };
  const lines = text.split('\n');
  const blockInfo = (n: Node): BlockInfo | undefined => {
    if (!isScalar(n) || !n.range) return undefined;
    const start = at(n.range[0]);
    if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') {
      // Content starts on the next non-empty line; its indentation is that line's leading spaces.
      let ln = start.line; // 1-based line of the indicator; content begins at ln + 1
      while (ln < lines.length && (lines[ln] ?? '').trim() === '') ln++;
      const first = lines[ln] ?? '';
      const indent = first.length - first.trimStart().length;
      return { line: ln + 1, col: indent + 1, block: true };
    }
    return {
      line: start.line,
      col: start.col + (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE' ? 1 : 0),
      block: false,
    };
  };
  const convert = (n: unknown): unknown => {
    if (isMap(n)) {
      const obj: Record<string, unknown> = {};
      const keys = new Map<string, Span>();
      const values = new Map<string, Span>();
      const blocks = new Map<string, BlockInfo>();
      for (const pair of n.items) {
        const kNode = pair.key as Node | null;
        const key = isScalar(kNode) ? String(kNode.value) : String(kNode);
        if (kNode?.range) keys.set(key, at(kNode.range[0]));
        const vNode = pair.value as Node | null;
        if (vNode?.range) values.set(key, at(vNode.range[0]));
        const bi = vNode ? blockInfo(vNode) : undefined;
        if (bi) blocks.set(key, bi);
        obj[key] = convert(vNode);
      }
      spans.set(obj, { self: at(n.range?.[0] ?? 0), keys, values, blocks });
      return obj;
    }
    if (isSeq(n)) {
      const arr: unknown[] = [];
      const values = new Map<string, Span>();
      const blocks = new Map<string, BlockInfo>();
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
  return { value: convert(doc.contents), spans, diagnostics, text };
}
