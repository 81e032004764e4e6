/**
 * Read YAML into plain JS values while remembering where every value and key was written.
 *
 * `readYaml(text, file)` returns the value, a `SpanIndex` (object/array → offsets of itself and of each key/index,
 * turned into `file:line:col` only when asked), and diagnostics for malformed YAML (never throws). Duplicate keys
 * are errors, as in AWS's own template parser.
 * Model: the fast reader (`formats/yaml/fast-reader.ts`) reads what it can — the block and flow YAML of ordinary
 * documents, and JSON — in one pass; anything else (anchors, tags, multi-line scalars, any syntax error) is read
 * by the `yaml` package (`parseDocument`, strict, unique keys) exactly as before, with its diagnostics. Both fill
 * the same compact span structures (`formats/yaml/spans.ts`).
 */
import { isAlias, isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import { anchorIndex, resolveAlias } from '../yaml/anchors.js';
import { PARSER_DEPTH, parseYamlDocument } from '../yaml/parse-document.js';
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import {
  firstErrors,
  LIMIT_CODES,
  LIMITS,
  nestingMessage,
  yamlNestingOffset,
  yamlParserDepthOffset,
} from '../limits.js';
import { readYamlFast } from '../yaml/fast-reader.js';
import { SourcePositions } from '../yaml/positions.js';
import { CollectionSpans, ScalarStyle, SpanIndex, SpanTable } from '../yaml/spans.js';

export { SpanIndex } from '../yaml/spans.js';
export type { BlockInfo, NodeSpans } from '../yaml/spans.js';

export interface YamlRead {
  readonly value: unknown;
  readonly spans: SpanIndex;
  readonly diagnostics: Diagnostic[];
  readonly text: string;
  /** Line and column of any offset in the text. */
  readonly positions: SourcePositions;
}

/** Parse YAML text. */
export function readYaml(text: string, file: string): YamlRead {
  const positions = new SourcePositions(file, text);
  const fast = readYamlFast(text, positions);
  if ('value' in fast) return { value: fast.value, spans: fast.spans, diagnostics: [], text, positions };
  return readYamlSlow(text, positions);
}

/** Parse YAML text with the `yaml` package (everything the fast reader leaves). */
export function readYamlSlow(text: string, positions: SourcePositions): YamlRead {
  // Positions come from the text itself, not the package's LineCounter (which misses the line breaks inside
  // some malformed tokens, so its positions could run past the end of a line).
  const diagnostics: Diagnostic[] = [];
  const spans = new SpanIndex();
  // Nesting over the limit is refused before the yaml package reads it: it takes seconds on deep compact sequences
  // (518 KB of `- - - …` lines 108 levels deep: 1.9 s of CPU, fuzz session13-million native:45146).
  const deep = yamlNestingOffset(text);
  if (deep !== undefined) {
    diagnostics.push(
      error(LIMIT_CODES.nestingDepth, nestingMessage('the document is'), positions.span(deep)),
    );
    return { value: undefined, spans, diagnostics, text, positions };
  }
  let doc: ReturnType<typeof parseYamlDocument>;
  try {
    doc = parseYamlDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (e) {
    // The yaml package's parser can also throw its stack overflow (deep nesting in a malformed document).
    if (!(e instanceof RangeError)) throw e;
    const at = positions.span(yamlNestingOffset(text) ?? yamlParserDepthOffset(text, PARSER_DEPTH) ?? 0);
    diagnostics.push(error(LIMIT_CODES.nestingDepth, nestingMessage('the document is'), at));
    return { value: undefined, spans, diagnostics, text, positions };
  }
  for (const { error: e, more } of firstErrors(doc.errors)) {
    const msg = (e.message.split('\n')[0] ?? e.message) + more;
    // The yaml package reports its own stack overflow on deep nesting as an error where it happened.
    if (/Maximum call stack size exceeded/.test(msg))
      diagnostics.push(
        error(LIMIT_CODES.nestingDepth, nestingMessage('the document is'), positions.span(e.pos[0])),
      );
    else diagnostics.push(error('YAML_SYNTAX', msg, positions.span(e.pos[0])));
  }
  if (diagnostics.length > 0) return { value: undefined, spans, diagnostics, text, positions };
  const table = new SpanTable();
  const entries: number[] = [];
  const flush = (obj: object, node: Node, base: number, names: string[] | undefined): void => {
    const count = (entries.length - base) / 3;
    const at = table.append(Int32Array.from(entries.slice(base)), 0, count);
    entries.length = base;
    spans.set(obj, new CollectionSpans(positions, table, node.range?.[0] ?? 0, at, count, names));
  };
  let depth = 0;
  let anchors: ReturnType<typeof anchorIndex> | undefined;
  // Nodes an alias may still add (LIMITS.aliasNodes, as for CloudFormation YAML); below zero, over the limit.
  let aliasBudget: number = LIMITS.aliasNodes;
  let inAlias = 0;
  let aliasAt = 0; // the alias written outside any alias, being followed now: where the limit is reported
  const convert = (n: unknown): unknown => {
    if (inAlias > 0 && --aliasBudget < 0) {
      if (!diagnostics.some((d) => d.code === LIMIT_CODES.aliasNodes))
        diagnostics.push(
          error(
            LIMIT_CODES.aliasNodes,
            `YAML aliases add more than ${LIMITS.aliasNodes} nodes to the document`,
            positions.span(aliasAt),
          ),
        );
      return null;
    }
    if (isAlias(n)) {
      // An alias stands for the node its anchor names (YAML 1.2 §3.2.2.2); the package leaves that to whoever
      // converts the tree (fuzz session12-clean native:43406: `<<: *a` with no `&a` came out as {source: "a"}).
      anchors ??= anchorIndex(doc);
      const at = n.range?.[0] ?? 0;
      const target = resolveAlias(anchors, n.source, at);
      if (!target) {
        diagnostics.push(
          error(
            'YAML_SYNTAX',
            `alias *${n.source} names no anchor &${n.source} defined before it`,
            positions.span(at),
          ),
        );
        return null;
      }
      if (inAlias === 0) aliasAt = at;
      inAlias++;
      try {
        return convert(target);
      } finally {
        inAlias--;
      }
    }
    if ((isMap(n) || isSeq(n)) && depth >= LIMITS.nestingDepth) {
      if (!diagnostics.some((d) => d.code === LIMIT_CODES.nestingDepth))
        diagnostics.push(
          error(
            LIMIT_CODES.nestingDepth,
            nestingMessage('the document is'),
            positions.span(n.range?.[0] ?? 0),
          ),
        );
      return null;
    }
    depth++;
    try {
      return convertNode(n);
    } finally {
      depth--;
    }
  };
  const convertNode = (n: unknown): unknown => {
    if (isMap(n)) {
      const obj: Record<string, unknown> = {};
      const names: string[] = [];
      const base = entries.length;
      for (const pair of n.items) {
        const kNode = pair.key as Node | null;
        const key = isScalar(kNode) ? String(kNode.value) : String(kNode);
        const vNode = pair.value as Node | null;
        names.push(key);
        entries.push(kNode?.range?.[0] ?? -1, vNode?.range?.[0] ?? -1, styleOf(vNode));
        // `__proto__` is an ordinary key here (assigning it would replace the object's prototype).
        if (key === '__proto__')
          Object.defineProperty(obj, key, {
            value: convert(vNode),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else obj[key] = convert(vNode);
      }
      flush(obj, n, base, names);
      return obj;
    }
    if (isSeq(n)) {
      const arr: unknown[] = [];
      const base = entries.length;
      for (const item of n.items) {
        const node = item as Node | null;
        entries.push(-1, node?.range?.[0] ?? -1, styleOf(node));
        arr.push(convert(node));
      }
      flush(arr, n, base, undefined);
      return arr;
    }
    if (isScalar(n)) return n.value;
    return n === null || n === undefined ? null : n;
  };
  const value = convert(doc.contents);
  if (diagnostics.length > 0) return { value: undefined, spans, diagnostics, text, positions };
  return { value, spans, diagnostics, text, positions };
}

function styleOf(n: Node | null): ScalarStyle {
  if (!isScalar(n) || !n.range) return ScalarStyle.None;
  switch (n.type) {
    case Scalar.BLOCK_LITERAL:
      return ScalarStyle.Literal;
    case Scalar.BLOCK_FOLDED:
      return ScalarStyle.Folded;
    case Scalar.QUOTE_SINGLE:
      return ScalarStyle.SingleQuoted;
    case Scalar.QUOTE_DOUBLE:
      return ScalarStyle.DoubleQuoted;
    case Scalar.PLAIN:
    case undefined:
      return ScalarStyle.Plain;
  }
}
