/**
 * Issue 21: a megabyte of flow-style text with an error inside took 2.0–2.8 s of CPU in the `yaml` package. Its
 * errors are now found on a stand-in text whose error-free flow collections are emptied (flow-blank.ts).
 * Differential test against the package's own `parseDocument`: on every JSON fixture laid out on one line and
 * pretty-printed, hand-made errors (missing comma, stray `}`, unclosed `[`, unclosed quote) and seeded random
 * mutations, the stand-in has exactly the errors of the text (code, offsets, message, number), with the options of
 * both readers; and parseYamlDocument takes the stand-in for a large document (its contents are the emptied
 * collections) and gives the package's errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonFiles } from '../../../test/helpers.js';
import { describe, expect, it } from 'vitest';
import { isMap, parseDocument, type YAMLError } from 'yaml';
import { LIMITS } from '../limits.js';
import { blankCleanFlow, FLOW_BLANK_MIN } from './flow-blank.js';
import { parseStandIn, parseYamlDocument, type YamlParseOptions } from './parse-document.js';

const OPTIONS: Record<string, YamlParseOptions> = {
  native: { uniqueKeys: true, prettyErrors: false, strict: true },
  cloudformation: { uniqueKeys: false, prettyErrors: false, strict: false },
};
const view = (e: YAMLError) => [e.code, e.pos[0], e.pos[1], e.message];

/** How often `compare` made a stand-in, and how often its errors were taken. */
const tally = { made: 0, taken: 0 };

/**
 * The errors parseYamlDocument takes from the stand-in against those it gives for the text itself (the package's,
 * counted after the first document when many; for texts this small it never takes the stand-in). Without errors, or
 * when the parser did not read an emptied collection as one, the text itself is read (parse-document.ts): then the
 * stand-in is not taken. Returns whether a stand-in was made.
 */
function compare(text: string, label: string): boolean {
  const standIn = blankCleanFlow(text, 0);
  if (!standIn) return false;
  tally.made++;
  expect(standIn.text.length, label).toBe(text.length);
  for (const [name, options] of Object.entries(OPTIONS)) {
    const theirs = parseYamlDocument(text, options).errors.map(view);
    const doc = quiet(() => parseStandIn(text, options, 0));
    if (!doc) continue;
    tally.taken++;
    expect(doc.errors.map(view), `${label} ${name}`).toEqual(theirs);
  }
  return true;
}

/** `f()` with `Error.stackTraceLimit` 0, as parseYamlDocument calls parseStandIn. */
function quiet<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const root = join(import.meta.dirname, '../../..');
const fixtures = [
  ...jsonFiles(join(root, 'test/fixtures')),
  ...jsonFiles(join(root, '../shared/fixtures/external')),
].flatMap((f) => {
  try {
    const value: unknown = JSON.parse(readFileSync(f, 'utf8'));
    const line = JSON.stringify(value);
    return line.length < 200 ? [] : [{ f, value, line }];
  } catch {
    return [];
  }
});

/** The offset of the first match of `re` at or after `from` (or -1). */
function find(text: string, re: RegExp, from: number): number {
  const g = new RegExp(re.source, 'g');
  g.lastIndex = from;
  return g.exec(text)?.index ?? -1;
}

/** The four errors of issue 21, near `from`. */
function handMade(text: string, from: number): [string, string][] {
  const out: [string, string][] = [];
  const comma = find(text, /,\s*"/, from);
  if (comma >= 0) {
    out.push(['missing comma', text.slice(0, comma) + text.slice(comma + 1)]);
    out.push(['stray }', `${text.slice(0, comma + 1)}}${text.slice(comma + 1)}`]);
  }
  const colon = find(text, /":\s*/, from);
  if (colon >= 0) out.push(['unclosed [', `${text.slice(0, colon + 2)}[${text.slice(colon + 2)}`]);
  const quote = find(text, /\w",/, from);
  if (quote >= 0) out.push(['unclosed quote', text.slice(0, quote + 1) + text.slice(quote + 2)]);
  return out;
}

describe('flow collections without errors emptied: the same errors as the text (issue 21)', () => {
  it('the JSON fixtures, one line and pretty-printed, with the four errors near the start, middle and end', () => {
    expect(fixtures.length).toBeGreaterThan(10);
    const before = tally.taken;
    let made = 0;
    for (const { f, value, line } of fixtures) {
      for (const text of [line, JSON.stringify(value, null, 2)]) {
        expect(compare(text, `${f} as it is`)).toBe(true);
        for (const at of [0.05, 0.5, 0.95])
          for (const [what, broken] of handMade(text, Math.floor(text.length * at)))
            if (compare(broken, `${f} ${what} at ${at}`)) made++;
      }
    }
    expect(made).toBeGreaterThan(fixtures.length * 10);
    // Most broken texts are read from their stand-in, with each reader's options (2,373 stand-ins, 4,292 taken).
    expect(tally.taken - before).toBeGreaterThan(1.5 * made);
  });

  it('seeded random mutations of one-line and pretty-printed documents', () => {
    const inserts = [',', '}', ']', '{', '[', '"', "'", ':', ': ', '#', ' #', '&a ', '*a', '!t ', '? ', '- ']
      .concat([
        '\n',
        '\n---\n',
        '\n...\n',
        '\t',
        '\r',
        '\\',
        '\\"',
        'x',
        '1',
        ' ',
        '{"k":',
        '"k":1,',
        '\ufeff',
      ])
      .concat(['\n  ', '\n ', '\n}', '\n]', '%']);
    let seed = 21;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let made = 0;
    const before = tally.taken;
    for (let k = 0; k < 300; k++) {
      const { value, line } = fixtures[k % fixtures.length] as (typeof fixtures)[number];
      let text = k % 3 === 2 ? JSON.stringify(value, null, 2) : line;
      const edits = 1 + next(3);
      for (let j = 0; j < edits; j++) {
        const at = next(text.length);
        if (next(3) === 0) text = text.slice(0, at) + text.slice(at + 1 + next(3));
        else text = text.slice(0, at) + (inserts[next(inserts.length)] ?? '') + text.slice(at);
      }
      if (compare(text, `mutation ${k}`)) made++;
    }
    expect(made).toBeGreaterThan(200);
    // Taken for 208 of the 586 (text, options) pairs: the others have no error or a collection the parser did not
    // read as one (mutation 220 below).
    expect(tally.taken - before).toBeGreaterThan(150);
  });

  it('a second document does not keep the first one’s stand-in from being taken', () => {
    // Only the first document holds emptied collections; the second one's syntax tree has none of them.
    const text = `{"a": [${'1, '.repeat(20)}1], "b" 1}\n---\n{"c": [1, 2]}\n`;
    for (const options of Object.values(OPTIONS)) {
      const doc = quiet(() => parseStandIn(text, options, 0));
      expect(doc?.errors.map(view)).toEqual(parseYamlDocument(text, options).errors.map(view));
      expect(doc?.errors.map((e) => e.code)).toContain('MULTIPLE_DOCS');
    }
  });

  it('a collection the lexer opens but the parser takes as an error: the text itself is read', () => {
    // Seeded mutation 220 (a `\r` before the `[`), minimised. The lexer opens both collections and the fast reader
    // reads them; the parser takes the `[` as an unexpected token and reads what follows as a block map inside the
    // flow map (BLOCK_IN_FLOW). Emptied, that map would not be there: 3 errors instead of the text's 12.
    const text = '{"Modules":\r[{"Key":"","Dir":"."},{"Key":"b"}]}';
    expect(blankCleanFlow(text, 0)?.text).toBe(`{"Modules":\r[${' '.repeat(32)}]}`);
    for (const options of Object.values(OPTIONS)) {
      expect(quiet(() => parseStandIn(text, options, 0))).toBeUndefined();
      const errors = parseYamlDocument(text, options).errors.map(view);
      expect(errors).toEqual(parseDocument(text, options).errors.map(view));
      expect(errors.filter((e) => e[0] === 'BLOCK_IN_FLOW')).toHaveLength(1);
    }
  });

  it('a collection used as a key, after an anchor, a tag or `?`, or closed by the other bracket is kept', () => {
    // Its children may be emptied; it is kept when its first key is still there.
    const inner = `{"a": [${'1, '.repeat(20)}1], "b": "c"}`;
    const head = '{"a": [';
    const cases: [string, string][] = [
      [`{${inner}: 1, "x": [1 2]}`, head],
      [`[${inner}: 1, [1 2]]`, head],
      [`{"k": &a ${inner}, "x": *a, "y": [1 2]}`, head],
      [`{"k": !t ${inner}, "y": [1 2]}`, head],
      [`{? ${inner}, "y": [1 2]}`, head],
      [`{"k": {"a": 1], "y": [1 2]}`, '{"a": 1]'],
      // After the first document the parser is at stream level: each lexeme there is an error of its own.
      [`{"k": [1 2], "m": ${inner}}\n${inner}\n`, `\n${head}`],
    ];
    for (const [text, kept] of cases) {
      compare(text, text);
      expect(blankCleanFlow(text, 0)?.text ?? text, text).toContain(kept);
    }
  });
});

describe('the fast reader tries each collection at most once on its way (issue 21, fuzz cfn-json:39041)', () => {
  // A chain nested deeper than the fast reader goes (MAX_DEPTH 64) was tried at every level, each try reading 64
  // levels down before giving up; a chain whose bottom holds an error was re-read from every level to the error.
  // 98 KB of such chains took 1.8-3.4 s of CPU. Measured as characters gone through, against the text's length.
  const chain = (depth: number, inside: string): string =>
    `${'['.repeat(depth)}${inside}${']'.repeat(depth)}`;
  const items = Array.from({ length: 40 }, (_, k) => k).join(', ');
  const cases: [string, string][] = [
    ['chains 300 deep', `{"A": [${Array.from({ length: 120 }, () => chain(300, '1')).join(', ')}], "B": 1}`],
    [
      'chains 60 deep, every other one with an error at the bottom',
      `{"A": [${Array.from({ length: 150 }, (_, k) => chain(60, k % 2 ? `${items}, x y: z: w` : items)).join(', ')}], "B": 1}`,
    ],
  ];
  it.each(cases)(
    '%s: the characters read stay within twice the text; the same errors as the text',
    (_, text) => {
      expect(text.length).toBeGreaterThan(FLOW_BLANK_MIN);
      const work = { scanned: 0 };
      blankCleanFlow(text, 0, work);
      expect(work.scanned).toBeGreaterThan(0);
      expect(work.scanned).toBeLessThan(2 * text.length);
      expect(compare(text, 'chains')).toBe(true);
    },
  );
});

describe('parseYamlDocument on a large flow document with an error', () => {
  const big = (fixtures.find((x) => x.f.endsWith('VpcWithNat.json')) ??
    fixtures[0]) as (typeof fixtures)[number];
  const resources = Object.fromEntries(
    Array.from({ length: Math.ceil((2 * FLOW_BLANK_MIN) / big.line.length) }, (_, k) => [`R${k}`, big.value]),
  );
  const line = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });

  it.each(handMade(line, Math.floor(line.length / 2)))(
    '%s: the package’s errors, from the stand-in',
    (_, text) => {
      for (const options of Object.values(OPTIONS)) {
        const ours = parseYamlDocument(text, options);
        const theirs = parseDocument(text, options);
        expect(ours.errors.length).toBeGreaterThan(0);
        expect(ours.errors.map(view)).toEqual(theirs.errors.map(view));
        // The stand-in was read: the resources away from the error are empty maps there.
        const res = ours.get('Resources');
        const first = isMap(res) ? res.get('R0') : undefined;
        expect(isMap(first) ? first.items.length : -1).toBe(0);
      }
    },
  );

  it('a stand-in that would keep most of the text is not made (a valid document would be parsed twice)', () => {
    // A megabyte-scale sequence of scalars beside a small map: only the map could go. Parsing the stand-in and
    // then the valid text took twice the time of the text alone.
    const numbers = Array.from({ length: 20_000 }, (_, k) => k).join(', ');
    const text = `{"Resources": ${big.line}, "X": [${numbers}]}`;
    expect(text.length).toBeGreaterThan(FLOW_BLANK_MIN);
    expect(blankCleanFlow(text, 0)).toBeDefined();
    expect(blankCleanFlow(text)).toBeUndefined();
    // Mostly emptied: made.
    expect(blankCleanFlow(line)).toBeDefined();
  });

  it('a valid document is read from its own text', () => {
    const doc = parseYamlDocument(`${line.slice(0, -1)},}`, OPTIONS.native as YamlParseOptions);
    expect(doc.errors).toEqual([]);
    expect(doc.toJS()).toEqual(JSON.parse(line));
  });

  it('nesting beyond the limit inside a collection that would be emptied: the text itself, cut at the limit', () => {
    let nested: unknown = [];
    for (let k = 0; k < LIMITS.nestingDepth + 5; k++) nested = [nested];
    const deep = JSON.stringify(nested);
    const withDeep = JSON.stringify({ Deep: nested, Resources: resources });
    const [, text] = handMade(withDeep, Math.floor(withDeep.length / 2))[0] as [string, string];
    const doc = parseYamlDocument(text, OPTIONS.native as YamlParseOptions);
    // The map is level 1, `Deep`'s array level 2: the 100th bracket opens level 101, the first beyond the limit;
    // the missing comma after it is not reported (parse-document.ts).
    const at = text.indexOf(deep) + LIMITS.nestingDepth - 1;
    expect(doc.errors.map((e) => [e.code, e.pos[0]])).toEqual([['RESOURCE_EXHAUSTION', at]]);
  });
});
