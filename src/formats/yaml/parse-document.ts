/**
 * `parseDocument` of the `yaml` package without stack traces, and never nested deep enough to run out of stack.
 *
 * Stack traces: the package makes an Error object (YAMLError) for every problem, and on a malformed file of a
 * megabyte that is tens of thousands of them, each capturing a stack trace nobody reads — most of the time of
 * reading such a file (issue 21: a 1 MB malformed CloudFormation YAML template took 4.1 s of CPU, 2.7 s of it in
 * YAMLError's constructor and much of the rest collecting its garbage).
 *
 * Depth: the package composes its syntax tree recursively and reports running out of stack as a
 * RESOURCE_EXHAUSTION error where that happened. How deep the stack goes depends on how far the JIT has optimised
 * the composer, so the same malformed text (a `key: value: x` line, after which each following line nests one
 * level deeper in the syntax tree) gave a different place and number of errors on a second read — the fuzz
 * run's "nondeterministic" findings native:640 (seed session6-long), cfn-yaml:820 (session6-long2) and native:50
 * (prof). So the text is parsed into the package's syntax tree (iterative), every collection nested deeper than
 * twice `LIMITS.nestingDepth` is replaced by an empty scalar (an iterative walk; the readers stop at the limit
 * anyway and report it themselves), and only then composed, exactly as `parseDocument` composes — which can no
 * longer run out of stack. A malformed document whose tree goes beyond the limit keeps the errors before the
 * first node beyond it, and one RESOURCE_EXHAUSTION error ("Maximum call stack size exceeded") is put there,
 * which the readers report as INPUT_NESTING_TOO_DEEP at that place; what follows is not reported (the parser's
 * reading of it is not the author's). A valid document is the package's own up to twice the limit.
 * Invariants: `Error.stackTraceLimit` is restored before returning or throwing.
 */
import {
  parseDocument,
  YAMLParseError,
  type CST,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';
import { LIMITS, yamlParserDepthOffset } from '../limits.js';
import { blankCleanFlow, looksFlowHeavy, MIN_BLANK, type Emptied } from './flow-blank.js';
import { composeCounted } from './stream-errors.js';

export type YamlParseOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * The deepest text (by `yamlNestingOffset`'s count) handed to the package at all. Its CST parser recurses for every
 * level (generators delegating with `yield*`) and runs out of stack somewhere above ~1,600 levels at the top of a
 * stack — where exactly depends on how deep the caller's stack already is and how far the JIT has optimised the
 * parser, so one text parsed on one read and overflowed on the next (fuzz long run session10-million, native:5940,
 * after 40 other inputs: YAML errors on the first read, only the nesting error on the second); and a regular
 * expression compiled that close to the end of the stack made V8 abort the whole process (out of memory in its
 * RegExp compiler). Deeper text is refused before parsing, always, with the RangeError the readers already report as
 * INPUT_NESTING_TOO_DEEP at the first level beyond the limit.
 */
export const PARSER_DEPTH = 4 * LIMITS.nestingDepth;
// The count is `yamlParserDepthOffset`'s: also the lines on which the parser nests because of a second mapping
// indicator (session14-million cfn-yaml:46320, iptables:80480: ~1,000 of them overflowed on some reads only).

/** `parseDocument(text, options)`, its errors made without stack traces, its depth bounded (see above). Throws a
 * RangeError for text nested deeper than `PARSER_DEPTH`. */
export function parseYamlDocument(text: string, options: YamlParseOptions): Document.Parsed {
  if (yamlParserDepthOffset(text, PARSER_DEPTH) !== undefined)
    throw new RangeError(`Maximum call stack size exceeded (nested more than ${PARSER_DEPTH} levels)`);
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // Pretty errors need the package's line counter: not used by the readers (they place errors themselves).
    if (options.prettyErrors !== false) return parseDocument(text, options);
    // A large flow document (JSON on one line, say): its errors are found on a stand-in text in which the flow
    // collections that hold none are emptied (flow-blank.ts); the readers read nothing else of a document with
    // errors. Without errors, or when an emptied collection may have nested beyond the limit, the text itself.
    const doc = looksFlowHeavy(text) ? parseStandIn(text, options) : undefined;
    return doc ?? (parseCut(text, options) as Document.Parsed);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The document of `text`'s stand-in (flow-blank.ts), when it has errors and the parser read every emptied collection
 * as the collection it was (so the text has the same errors); else undefined. Its contents are not the text's: the
 * emptied collections are empty. Call with `Error.stackTraceLimit` already 0 and text within `PARSER_DEPTH`.
 */
export function parseStandIn(
  text: string,
  options: YamlParseOptions,
  minBlank: number = MIN_BLANK,
): Document.Parsed | undefined {
  const standIn = blankCleanFlow(text, minBlank);
  if (!standIn) return undefined;
  const doc = parseCut(standIn.text, options, standIn.emptied);
  return doc && doc.errors.length > 0 ? doc : undefined;
}

/**
 * Lexed, parsed and composed one lexeme at a time; the errors after the first document are counted when there are
 * many (stream-errors.ts), each document's tree cut before it is composed. With `emptied` (a stand-in's emptied
 * collections), undefined when the parser did not read each of them as a flow collection from its bracket to its
 * closing bracket (then the text's reading may differ from the stand-in's), or when one of them may have reached
 * the nesting limit.
 */
function parseCut(
  text: string,
  options: YamlParseOptions,
  emptied?: ReadonlyMap<number, Emptied>,
): Document.Parsed | undefined {
  const beyond: number[] = [];
  const first = { seen: false, faithful: true };
  const docs = composeCounted(text, options, (d) => {
    // Only the first document holds emptied collections (flow-blank.ts).
    if (emptied && !first.seen) {
      const seen = emptiedSeen([d], emptied);
      first.faithful = seen.count === emptied.size && seen.reach <= LIMITS.nestingDepth;
    }
    first.seen = true;
    const at = cutDeepCollections([d]);
    if (at !== undefined) beyond.push(at);
  });
  if (!first.faithful) return undefined;
  const doc = firstOf(docs);
  const cut = beyond.length > 0 ? Math.min(...beyond) : undefined;
  if (cut !== undefined && doc.errors.length > 0) {
    const kept = doc.errors.filter((e) => e.pos[0] < cut && e.code !== 'RESOURCE_EXHAUSTION');
    kept.push(new YAMLParseError([cut, cut + 1], 'RESOURCE_EXHAUSTION', 'Maximum call stack size exceeded'));
    doc.errors.splice(0, doc.errors.length, ...kept);
  }
  return doc;
}

/** The first document, as `parseDocument` gives it (a second document is an error). */
function firstOf(docs: readonly Document.Parsed[]): Document.Parsed {
  // compose(…, forceDoc = true) always yields a document.
  const doc = docs[0] as Document.Parsed;
  const second = docs[1];
  if (second && doc.options.logLevel !== 'silent')
    doc.errors.push(
      new YAMLParseError(
        [second.range[0], second.range[1]],
        'MULTIPLE_DOCS',
        'Source contains multiple documents; please use YAML.parseAllDocuments()',
      ),
    );
  return doc;
}

type Collection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;
const isCollection = (t: CST.Token): t is Collection =>
  t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';

/** Each document's root collection at level 1, where the iterative walks of the syntax tree below start. */
function documentRoots(tokens: readonly CST.Token[]): { token: CST.Token; level: number }[] {
  const roots: { token: CST.Token; level: number }[] = [];
  for (const token of tokens)
    if (token.type === 'document' && token.value && isCollection(token.value))
      roots.push({ token: token.value, level: 1 });
  return roots;
}

/**
 * Replace every collection nested deeper than `hard` levels by an empty scalar at its place; returns the offset of
 * the first collection nested deeper than `limit` (by position), or undefined. Iterative (the tree may be
 * thousands of levels deep).
 */
export function cutDeepCollections(
  tokens: CST.Token[],
  limit: number = LIMITS.nestingDepth,
  hard: number = 2 * LIMITS.nestingDepth,
): number | undefined {
  let first: number | undefined;
  const stack = documentRoots(tokens);
  const empty = (t: Collection): CST.FlowScalar => ({
    type: 'scalar',
    offset: t.offset,
    indent: t.indent,
    source: '',
  });
  while (stack.length > 0) {
    const { token, level } = stack.pop() as { token: CST.Token; level: number };
    if (!isCollection(token)) continue;
    if (level > limit && (first === undefined || token.offset < first)) first = token.offset;
    for (const item of token.items as { key?: CST.Token | null; value?: CST.Token }[]) {
      for (const slot of ['key', 'value'] as const) {
        const child = item[slot];
        if (!child || !isCollection(child)) continue;
        if (level + 1 > hard) item[slot] = empty(child);
        else stack.push({ token: child, level: level + 1 });
      }
    }
  }
  return first;
}

/**
 * A stand-in's emptied collections as the parser read them: how many of them are flow collections of the syntax
 * tree, opened by their bracket and closed by the matching one where it was, nothing between; and how deep the
 * deepest of those nested where it was (its level in the tree plus its own depth, less one; 0 when none).
 * Iterative.
 */
export function emptiedSeen(
  tokens: CST.Token[],
  emptied: ReadonlyMap<number, Emptied>,
): { count: number; reach: number } {
  let count = 0;
  let reach = 0;
  const stack = documentRoots(tokens);
  while (stack.length > 0) {
    const { token, level } = stack.pop() as { token: CST.Token; level: number };
    if (!isCollection(token)) continue;
    const was = token.type === 'flow-collection' ? emptied.get(token.offset) : undefined;
    if (was && token.type === 'flow-collection' && readWhole(token, was)) {
      count++;
      reach = Math.max(reach, level + was.depth - 1);
    }
    for (const item of token.items as { key?: CST.Token | null; value?: CST.Token }[]) {
      if (item.key && isCollection(item.key)) stack.push({ token: item.key, level: level + 1 });
      if (item.value && isCollection(item.value)) stack.push({ token: item.value, level: level + 1 });
    }
  }
  return { count, reach };
}

/** Did the parser read an emptied collection as one: its own bracket, no item, the matching bracket at its end? */
function readWhole(token: CST.FlowCollection, was: Emptied): boolean {
  const close = token.start.source === '{' ? '}' : ']';
  return (
    token.start.offset === token.offset &&
    token.items.every((item) => !item.key && !item.value && !item.sep) &&
    token.end.some((t) => t.source === close && t.offset === was.end - 1)
  );
}
