/**
 * Where every value and key of a document read from YAML (or JSON) was written, kept compactly.
 *
 * Model: a reader returns plain JS values (objects, arrays, scalars); a `SpanIndex` maps each object or array to its
 * `NodeSpans` (weakly, so values built later, e.g. by a merge patch, can carry spans too). For a collection read from
 * the source, the spans are a `CollectionSpans`: the collection's own offset, its keys in source order, and a slice
 * of one shared `SpanTable` (an `Int32Array` of key offset, value offset and value style per entry) — no `Map` and no
 * `Span` object per entry. `file:line:col` is computed from an offset only when asked (`SourcePositions`), and the
 * details of a scalar's text (`BlockInfo`: where the text of a `|` block starts) likewise.
 * Lookups by key go through a linear scan of the keys for small mappings and a `Map` built on first lookup for large
 * ones; when a key occurs twice (only possible where the reader accepted it), the last occurrence wins.
 */
import type { Span } from '../../diag/diagnostic.js';
import type { SourcePositions } from './positions.js';

/** Where a block or plain scalar's text starts, to map positions inside it back to the file. */
export interface BlockInfo {
  /** 1-based line of the first content line. */
  readonly line: number;
  /** 1-based column where content starts on each line (block indentation + 1). */
  readonly col: number;
  /** True for `|`/`>` block scalars (content starts on the next line). */
  readonly block: boolean;
}

/** Read access by key (objects) or index as text (arrays). */
export interface SpanLookup<T> {
  get(key: string): T | undefined;
}

export interface NodeSpans {
  readonly self: Span;
  /** Span of each key (objects); arrays have none. */
  readonly keys: SpanLookup<Span>;
  /** Span of each value, by key or index as text. */
  readonly values: SpanLookup<Span>;
  /** Text details of each scalar value (for text embedded in YAML: user data, Suricata rules). */
  readonly blocks: SpanLookup<BlockInfo>;
}

/** How a scalar value was written (0: not a scalar — a collection, or nothing). */
export const ScalarStyle = {
  None: 0,
  Plain: 1,
  SingleQuoted: 2,
  DoubleQuoted: 3,
  Literal: 4,
  Folded: 5,
} as const;
export type ScalarStyle = (typeof ScalarStyle)[keyof typeof ScalarStyle];

/** Entries of every collection of one document: [key offset, value offset, value style] per entry; -1 = none. */
export class SpanTable {
  data = new Int32Array(3 * 1024);
  length = 0;

  /** Append the entries `src[from … from+n*3)` and return where they start. */
  append(src: Int32Array, from: number, n: number): number {
    const need = this.length + n * 3;
    if (need > this.data.length) {
      let size = this.data.length * 2;
      while (size < need) size *= 2;
      const next = new Int32Array(size);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    const at = this.length;
    const data = this.data;
    for (let i = 0, m = n * 3; i < m; i++) data[at + i] = src[from + i] ?? -1;
    this.length = need;
    return at;
  }
}

/** Keys past which a lookup table is built (below it, a backwards linear scan is cheaper). */
const SCAN_LIMIT = 12;

/** Spans of one collection read from the source. */
export class CollectionSpans implements NodeSpans {
  readonly #pos: SourcePositions;
  readonly #table: SpanTable;
  readonly #offset: number;
  readonly #base: number;
  readonly #count: number;
  /** Keys in source order (objects only). */
  readonly #names: readonly string[] | undefined;
  #index: Map<string, number> | undefined;

  constructor(
    pos: SourcePositions,
    table: SpanTable,
    offset: number,
    base: number,
    count: number,
    names: readonly string[] | undefined,
  ) {
    this.#pos = pos;
    this.#table = table;
    this.#offset = offset;
    this.#base = base;
    this.#count = count;
    this.#names = names;
  }

  get self(): Span {
    return this.#pos.span(this.#offset);
  }

  get keys(): SpanLookup<Span> {
    return { get: (k) => this.spanAt(this.entry(k), 0) };
  }

  get values(): SpanLookup<Span> {
    return { get: (k) => this.spanAt(this.entry(k), 1) };
  }

  get blocks(): SpanLookup<BlockInfo> {
    return { get: (k) => this.blockAt(this.entry(k)) };
  }

  /** Index of the entry for a key (objects) or an index (arrays), or -1. */
  entry(key: string | number): number {
    const names = this.#names;
    if (names === undefined) {
      const i = typeof key === 'number' ? key : Number(key);
      if (!Number.isInteger(i) || i < 0 || i >= this.#count) return -1;
      return typeof key === 'number' || String(i) === key ? i : -1;
    }
    const k = String(key);
    if (names.length <= SCAN_LIMIT) return names.lastIndexOf(k);
    if (this.#index === undefined) {
      this.#index = new Map();
      names.forEach((n, i) => this.#index?.set(n, i));
    }
    return this.#index.get(k) ?? -1;
  }

  /** Raw offset of field `f` (0: key, 1: value) of entry `i`, or -1. */
  offsetAt(i: number, f: 0 | 1): number {
    if (i < 0) return -1;
    return this.#table.data[this.#base + i * 3 + f] ?? -1;
  }

  /** Span of field `f` (0: key, 1: value) of entry `i`, or undefined. */
  spanAt(i: number, f: 0 | 1): Span | undefined {
    const o = this.offsetAt(i, f);
    return o < 0 ? undefined : this.#pos.span(o);
  }

  /** `BlockInfo` of entry `i`'s value when it is a scalar. */
  blockAt(i: number): BlockInfo | undefined {
    if (i < 0) return undefined;
    const style = this.#table.data[this.#base + i * 3 + 2] ?? 0;
    const o = this.offsetAt(i, 1);
    if (style === 0 || o < 0) return undefined;
    return blockInfo(this.#pos, o, style);
  }
}

/** Where a scalar's text starts: a block scalar's first non-blank line after its indicator, else its own place. */
export function blockInfo(pos: SourcePositions, offset: number, style: number): BlockInfo {
  const start = pos.span(offset);
  if (style === ScalarStyle.Literal || style === ScalarStyle.Folded) {
    // The text starts on the line after the indicator — leading empty lines are part of it (one newline each) —
    // and its indentation is that of the first non-empty line.
    const count = pos.lineCount();
    let ln = start.line; // 0-based index of the line after the indicator
    while (ln < count && (pos.line(ln) ?? '').trim() === '') ln++;
    const first = pos.line(ln) ?? '';
    // An explicit indentation indicator (`|2`, `>-1`) sets it: the indicator's line's indentation plus the digit
    // (fuzz finding suricata:728 of seed session7-million: a first line with one more space put every position
    // one column further, past the end of a line).
    const header = /^[|>](?:([1-9])[+-]?|[+-]([1-9]))?/.exec(pos.text.slice(offset, offset + 3));
    const digit = header?.[1] ?? header?.[2];
    const own = pos.line(start.line - 1) ?? '';
    const indent =
      digit !== undefined
        ? own.length - own.trimStart().length + Number(digit)
        : first.length - first.trimStart().length;
    return { line: start.line + 1, col: indent + 1, block: true };
  }
  const quoted = style === ScalarStyle.SingleQuoted || style === ScalarStyle.DoubleQuoted;
  return { line: start.line, col: start.col + (quoted ? 1 : 0), block: false };
}

/** Where a reader keeps a collection's spans on the collection itself (non-enumerable: invisible to keys and JSON). */
const SPANS: unique symbol = Symbol('vpcsim.spans');

interface WithSpans {
  readonly [SPANS]?: NodeSpans;
}

/** Map from each object or array of a document to its spans. */
export class SpanIndex {
  readonly #map = new WeakMap<object, NodeSpans>();
  get(obj: object): NodeSpans | undefined {
    return (obj as WithSpans)[SPANS] ?? this.#map.get(obj);
  }
  set(obj: object, spans: NodeSpans): void {
    this.#map.set(obj, spans);
  }
  /** Spans of a collection a reader has just built (cheaper than `set`: no hash table). */
  attach(obj: object, spans: NodeSpans): void {
    Object.defineProperty(obj, SPANS, { value: spans });
  }
  /** Span of `obj[key]` (its value), else of the key, else of obj. */
  valueSpan(obj: object | undefined, key?: string | number): Span | undefined {
    if (!obj) return undefined;
    const s = this.get(obj);
    if (!s) return undefined;
    if (key === undefined) return s.self;
    if (s instanceof CollectionSpans) {
      const i = s.entry(key);
      return s.spanAt(i, 1) ?? s.spanAt(i, 0) ?? s.self;
    }
    return s.values.get(String(key)) ?? s.keys.get(String(key)) ?? s.self;
  }
  keySpan(obj: object | undefined, key: string | number): Span | undefined {
    if (!obj) return undefined;
    const s = this.get(obj);
    if (s instanceof CollectionSpans) return s.spanAt(s.entry(key), 0) ?? s.self;
    return s?.keys.get(String(key)) ?? s?.self;
  }
  /** Follow a path of keys from `root` and return the closest span. */
  pathSpan(root: unknown, path: readonly PropertyKey[]): Span | undefined {
    let cur: unknown = root;
    let best: Span | undefined = typeof root === 'object' && root !== null ? this.get(root)?.self : undefined;
    for (const k of path) {
      if (typeof cur !== 'object' || cur === null) break;
      const s = this.get(cur);
      const sp = s?.values.get(String(k)) ?? s?.keys.get(String(k));
      if (sp) best = sp;
      cur = (cur as Record<string, unknown>)[String(k)];
    }
    return best;
  }
}
