/**
 * Fuzz long run session8-million, cfn-json:24621 (issue 21): text after a one-line document is read by the `yaml`
 * package as one error per token, 233,987 of them in 517 KB, all composed. parseYamlDocument now counts them
 * (stream-errors.ts). Differential test against the package's own `parseDocument`: the same number of errors and
 * the same first LIMITS.syntaxErrors + 1 errors (code, offsets, message) — all a reader shows — on the JSON
 * fixtures laid out as the fuzz input was, on hand-written tails and on seeded random tails of every stream-level
 * token; with a proof that the counting ran (the placeholder error is there) or, for a document start or end in the
 * tail, that it gave way to the parser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonFiles } from '../../../test/helpers.js';
import { describe, expect, it } from 'vitest';
import { parseDocument, type YAMLError } from 'yaml';
import { LIMITS } from '../limits.js';
import { parseYamlDocument, type YamlParseOptions } from './parse-document.js';

const OPTIONS: Record<string, YamlParseOptions> = {
  native: { uniqueKeys: true, prettyErrors: false, strict: true },
  cloudformation: { uniqueKeys: false, prettyErrors: false, strict: false },
};
const COUNTED = 'Unexpected token in YAML stream (counted, not composed)';
const view = (e: YAMLError) => [e.code, e.pos, e.message];

/** Compare with the package; returns how many errors were counted rather than composed. */
function compare(text: string): number {
  let counted = 0;
  for (const options of Object.values(OPTIONS)) {
    const ours = parseYamlDocument(text, options);
    const theirs = parseDocument(text, options);
    expect(ours.errors.length).toBe(theirs.errors.length);
    const shown = LIMITS.syntaxErrors + 1;
    expect(ours.errors.slice(0, shown).map(view)).toEqual(theirs.errors.slice(0, shown).map(view));
    counted = ours.errors.filter((e) => e.message === COUNTED).length;
  }
  return counted;
}

// On a line of its own, a flow collection after a complete document is at stream level: one error per token.
const JUNK = `[${'1,'.repeat(40)}]`;

describe('errors after the first document: counted, as many as the yaml package makes', () => {
  it('the fuzz input’s shape: every JSON fixture minified, three times on three lines, one with `1{`', () => {
    const root = join(import.meta.dirname, '../../..');
    let files = 0;
    for (const f of [...jsonFiles(join(root, 'examples')), ...jsonFiles(join(root, 'test/fixtures'))]) {
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(f, 'utf8'));
      } catch {
        continue;
      }
      const line = JSON.stringify(value);
      if (line.length < 40) continue;
      files++;
      const broken = `${line.slice(0, 20)}1${line.slice(20)}`;
      expect(compare(`${line}\n${line}\n${line}\n`), f).toBeGreaterThan(0);
      compare(`${broken}\n${line}\n${broken}`);
    }
    expect(files).toBeGreaterThan(10);
  });

  it.each([
    ['commas and numbers', `{"a": 1}\n${JUNK}`],
    ['every token type', `{"a": 1}\n${JUNK} "dq" 'sq' &a *a !t ? x - y : z [1] {b: 2} # c\n\tx y ${JUNK}`],
    ['a scalar last, no newline', `[1]\n${JUNK}last`],
    ['a block scalar header and its text', `a: 1\n}${JUNK}\n|\n  text\n>-\n  more\n${JUNK}`],
    ['a block mapping first', `a: 1\n}\n${JUNK}\nb: 2\n`],
    ['carriage returns', `{"a": 1}\r\n${JUNK}\r\n${JUNK}\r\n`],
    // After a document the lexer reads `%` and a byte-order mark as text, not as a directive or a mark.
    ['a directive', `{"a": 1}\n${JUNK}\n%YAML 1.2\n${JUNK}`],
    ['a byte-order mark', `{"a": 1}\n${JUNK}\uFEFF${JUNK}`],
  ])('%s', (_, text) => {
    expect(compare(text)).toBeGreaterThan(0);
  });

  it.each([
    ['a document start', `{"a": 1}\n${JUNK}\n---\n${JUNK}`],
    ['a document end', `{"a": 1}\n${JUNK}\n...\n${JUNK}`],
    ['a second document that is fine', `{"a": 1}\n${JUNK}\n---\nb: 2\n`],
  ])('gives way to the parser at %s', (_, text) => {
    expect(compare(text)).toBe(0);
  });

  it('seeded random tails of stream-level tokens after five kinds of first document', () => {
    const tokens = [
      '1',
      ',',
      '{',
      '}',
      '[',
      ']',
      ':',
      ': ',
      '"s"',
      "'q'",
      '&a ',
      '*a',
      '!t ',
      '? ',
      '- ',
      '# c\n',
    ]
      .concat(['\n', ' ', '\t', '|\n  x\n', '>-\n', 'x y', '@', '`', '%', '---\n', '...\n', '%YAML 1.2\n'])
      .concat(['\uFEFF', '"open', '\r\n', 'k: v\n']);
    const heads = ['{"a": 1}\n', 'a: 1\n', '[1]\n', '- a\n', '"s"\n'];
    let seed = 21;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let counted = 0;
    for (let k = 0; k < 300; k++) {
      let text = `${heads[k % heads.length] ?? ''}}${JUNK}`;
      const n = 30 + next(150);
      for (let j = 0; j < n; j++) text += tokens[next(tokens.length)] ?? '';
      if (compare(text) > 0) counted++;
    }
    // Most tails have a marker that stops the counting somewhere; some do not.
    expect(counted).toBeGreaterThan(10);
  });
});
