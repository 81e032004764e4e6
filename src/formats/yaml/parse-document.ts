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
import { LIMITS, yamlNestingOffset } from '../limits.js';
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

/** `parseDocument(text, options)`, its errors made without stack traces, its depth bounded (see above). Throws a
 * RangeError for text nested deeper than `PARSER_DEPTH`. */
export function parseYamlDocument(text: string, options: YamlParseOptions): Document.Parsed {
  if (yamlNestingOffset(text, PARSER_DEPTH) !== undefined)
    throw new RangeError(`Maximum call stack size exceeded (nested more than ${PARSER_DEPTH} levels)`);
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // Pretty errors need the package's line counter: not used by the readers (they place errors themselves).
    if (options.prettyErrors !== false) return parseDocument(text, options);
    // Lexed, parsed and composed one lexeme at a time; the errors after the first document are counted when
    // there are many (stream-errors.ts), each document's tree cut before it is composed.
    const beyond: number[] = [];
    const docs = composeCounted(text, options, (d) => {
      const at = cutDeepCollections([d]);
      if (at !== undefined) beyond.push(at);
    });
    const doc = firstOf(docs);
    const cut = beyond.length > 0 ? Math.min(...beyond) : undefined;
    if (cut !== undefined && doc.errors.length > 0) {
      const kept = doc.errors.filter((e) => e.pos[0] < cut && e.code !== 'RESOURCE_EXHAUSTION');
      kept.push(
        new YAMLParseError([cut, cut + 1], 'RESOURCE_EXHAUSTION', 'Maximum call stack size exceeded'),
      );
      doc.errors.splice(0, doc.errors.length, ...kept);
    }
    return doc;
  } finally {
    Error.stackTraceLimit = limit;
  }
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
  const stack: { token: CST.Token; level: number }[] = [];
  const empty = (t: Collection): CST.FlowScalar => ({
    type: 'scalar',
    offset: t.offset,
    indent: t.indent,
    source: '',
  });
  for (const token of tokens) {
    if (token.type === 'document' && token.value && isCollection(token.value))
      stack.push({ token: token.value, level: 1 });
  }
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
