/**
 * The `yaml` package's lexer → parser → composer, driven one lexeme at a time, so that the text after the first
 * document that can only be errors is counted instead of composed.
 *
 * Why: once the first document is complete, the package's parser is at stream level, where every lexeme other than
 * space, a comment, a newline, a directive or a document marker becomes an error token ("Unexpected comma token in
 * YAML stream"), and the composer turns each into a YAMLParseError in the first document's errors. A one-line
 * template with more text after it (fuzz long run session8-million, cfn-json:24621: 517 KB, 233,987 such errors)
 * spent about 90 % of its load building and composing them, while a reader reports 20 (`LIMITS.syntaxErrors`)
 * and how many more there are.
 *
 * Model: lexemes are fed to the parser and its tokens to the composer as `Parser.parse` and `Composer.compose`
 * do. When the first document is complete, the parser's stack is empty and `LIMITS.syntaxErrors + 1` errors have
 * been composed after it, the remaining lexemes are counted as the parser would turn them into errors (a scalar —
 * its marker and its text — is one; a space, comment or newline none) and their number is added to the
 * document's errors as one shared placeholder error repeated, so `errors.length` (firstErrors' "and N more") is
 * what the package gives and the errors shown are the package's own. A lexeme that would do anything else at
 * stream level (a directive, a byte-order mark, a document start or end, a flow-error end) ends the counting: the
 * counted lexemes are fed to the parser after all, and the rest is read exactly as before.
 */
import { Composer, CST, Lexer, Parser, YAMLParseError, type Document } from 'yaml';
import { LIMITS } from '../limits.js';
import type { YamlParseOptions } from './parse-document.js';

/** Stream-level lexeme types that yield a source token and no error. */
const QUIET = new Set(['space', 'comment', 'newline']);
/** Stream-level lexeme types that change the parser's or composer's state: counting stops. */
const STATEFUL = new Set([
  'byte-order-mark',
  'directive-line',
  'doc-mode',
  'doc-start',
  'doc-end',
  'flow-error-end',
]);

/** Lexemes after the first document, counted: how many errors the parser would have made of them. */
class StreamErrorCount {
  readonly lexemes: string[] = [];
  errors = 0;
  /** The previous lexeme was a scalar marker: this one is the scalar's text, one error for both. */
  private inScalar = false;

  constructor(readonly offset: number) {}

  /** Count one lexeme; false when it is one the parser must see. */
  add(lexeme: string): boolean {
    this.lexemes.push(lexeme);
    if (this.inScalar) {
      this.inScalar = false;
      this.errors++;
      return true;
    }
    const type = CST.tokenType(lexeme);
    if (type === 'scalar') this.inScalar = true;
    else if (type !== null && STATEFUL.has(type)) return false;
    else if (type === null || !QUIET.has(type)) this.errors++;
    return true;
  }
}

/**
 * Every document of `text` as `new Composer(options).compose(new Parser().parse(text), true, text.length)` yields
 * them, the first with the errors after it counted as described above. `prepare` sees each document token before
 * it is composed.
 */
export function composeCounted(
  text: string,
  options: YamlParseOptions,
  prepare: (doc: CST.Document) => void,
): Document.Parsed[] {
  const parser = new Parser();
  const composer = new Composer(options);
  const docs: Document.Parsed[] = [];
  let documents = 0;
  let errorsAfterFirst = 0;
  let counting: StreamErrorCount | undefined;
  let stopped = false;
  const compose = (tokens: Iterable<CST.Token>): void => {
    for (const token of tokens) {
      if (token.type === 'document') {
        prepare(token);
        documents++;
      } else if (token.type === 'error' && documents === 1) errorsAfterFirst++;
      for (const d of composer.next(token)) docs.push(d);
    }
  };
  for (const lexeme of new Lexer().lex(text)) {
    if (counting) {
      if (counting.add(lexeme)) continue;
      // A lexeme the parser must see: it sees every counted one too, and the rest as usual.
      const counted = counting.lexemes;
      counting = undefined;
      stopped = true;
      for (const l of counted) compose(parser.next(l));
      continue;
    }
    compose(parser.next(lexeme));
    if (
      !stopped &&
      documents === 1 &&
      parser.stack.length === 0 &&
      lexeme !== CST.SCALAR &&
      errorsAfterFirst > LIMITS.syntaxErrors
    )
      counting = new StreamErrorCount(parser.offset);
  }
  compose(parser.end());
  for (const d of composer.end(true, text.length)) docs.push(d);
  const first = docs[0];
  if (counting && first && counting.errors > 0) {
    const at = counting.offset;
    const placeholder = new YAMLParseError(
      [at, at + 1],
      'UNEXPECTED_TOKEN',
      'Unexpected token in YAML stream (counted, not composed)',
    );
    for (let k = 0; k < counting.errors; k++) first.errors.push(placeholder);
  }
  return docs;
}
