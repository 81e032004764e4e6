import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { PARSER_DEPTH, parseYamlDocument } from './parse-document.js';

describe('parseYamlDocument (issue 21: malformed YAML under 1 s/MB)', () => {
  it('reports the same errors as the package, at the same offsets, without stack traces', () => {
    const text = 'a: [1, 2\nb: {c: d\n  - x\n';
    const doc = parseYamlDocument(text, { prettyErrors: false });
    const theirs = parseDocument(text, { prettyErrors: false });
    expect(doc.errors.length).toBeGreaterThan(1);
    expect(doc.errors.map((e) => [e.code, e.pos, e.message])).toEqual(
      theirs.errors.map((e) => [e.code, e.pos, e.message]),
    );
    expect(doc.errors[0]?.stack ?? '').not.toContain(' at ');
    expect(theirs.errors[0]?.stack).toContain(' at ');
  });

  it('restores Error.stackTraceLimit, also when the parser throws', () => {
    const before = Error.stackTraceLimit;
    parseYamlDocument('a: 1\n', {});
    expect(Error.stackTraceLimit).toBe(before);
    expect(() => parseYamlDocument('a: 1\n', { schema: 'nope' })).toThrow('Unknown schema');
    expect(Error.stackTraceLimit).toBe(before);
  });

  it('a valid document is the package’s own', () => {
    expect(parseYamlDocument('a: [1, 2]\n', {}).toJS()).toEqual({ a: [1, 2] });
    expect(parseYamlDocument('a: [1, 2]\n', { prettyErrors: false }).toJS()).toEqual({ a: [1, 2] });
  });

  it('within the nesting limit, composes exactly as parseDocument (two documents, malformed ones)', () => {
    for (const text of [
      'a: 1\n---\nb: 2\n',
      'a: [1, 2\nb: {c: d\n  - x\n',
      'a:\n  b:\n    - [c, {d: e}]\n',
    ]) {
      const ours = parseYamlDocument(text, { prettyErrors: false, uniqueKeys: true });
      const theirs = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
      expect(ours.errors.map((e) => [e.code, e.pos, e.message])).toEqual(
        theirs.errors.map((e) => [e.code, e.pos, e.message]),
      );
      expect(JSON.stringify(ours.toJS())).toEqual(JSON.stringify(theirs.toJS()));
    }
  });

  // Fuzz finding native:50 (seed prof; also native:640, cfn-yaml:820 of session 6): after `os: "x" code: a` the
  // parser nests each following `  code: a` line one level deeper. The package composes recursively and ran out
  // of stack at a depth that depends on the JIT, so a second read gave other errors. By hand: level 1 is the root
  // map, level 2 the value of `os` (line 1 col 5), level 3 the map at `code` (line 1 col 15), level k ≥ 4 the map
  // at line k − 2, col 9 — so level 101 (the first beyond LIMITS.nestingDepth = 100) is at line 99, col 9:
  // offset 16 (line 1) + 97 × 10 + 8 = 994.
  it('a syntax tree nested beyond the limit is cut at the same place on every read (not where the stack ran out)', () => {
    const text = 'os: "x" code: a\n' + '  code: a\n'.repeat(3000);
    const reads = Array.from({ length: 4 }, () =>
      parseYamlDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true }).errors.map((e) => [
        e.code,
        e.pos[0],
      ]),
    );
    const errors = reads[0] ?? [];
    expect(errors.at(-1)).toEqual(['RESOURCE_EXHAUSTION', 994]);
    expect(errors.filter(([code]) => code === 'RESOURCE_EXHAUSTION')).toHaveLength(1);
    expect(errors.every(([, at]) => Number(at) <= 994)).toBe(true);
    for (const r of reads) expect(r).toEqual(errors);
  });

  it('a tree at the limit is not cut', () => {
    const text = 'os: "x" code: a\n' + '  code: a\n'.repeat(50);
    const errors = parseYamlDocument(text, { prettyErrors: false }).errors.map((e) => e.code);
    expect(errors).not.toContain('RESOURCE_EXHAUSTION');
    expect(errors.length).toBeGreaterThan(0);
  });
});

// Fuzz long run session10-million, native:5940: a line of 1,000+ `- ` indicators. The package's parser recurses per
// level; whether it ran out of stack depended on how deep the caller's stack was and on the JIT, so the same text gave
// YAML errors on one read and only the nesting error on the next. Now refused before parsing, wherever it is called.
describe('parseYamlDocument: text nested deeper than PARSER_DEPTH', () => {
  const text = `a:\n${'- '.repeat(1000)}x\n`;
  const fromDepth = (frames: number): string => {
    if (frames > 0) return fromDepth(frames - 1);
    try {
      parseYamlDocument(text, { prettyErrors: false });
      return 'parsed';
    } catch (e) {
      return e instanceof RangeError ? 'RangeError' : String(e);
    }
  };

  it('throws the RangeError the readers report as INPUT_NESTING_TOO_DEEP, from any stack depth', () => {
    // Before: 'parsed' at the top of the stack (the package manages ~1,600 levels there), 'RangeError' 3,000
    // frames down.
    expect([fromDepth(0), fromDepth(3000)]).toEqual(['RangeError', 'RangeError']);
  });

  it('text at PARSER_DEPTH is still parsed (the readers report the nesting beyond the limit themselves)', () => {
    // `a:` is level 1, each `- ` one more: PARSER_DEPTH levels in all.
    const doc = parseYamlDocument(`a:\n${'- '.repeat(PARSER_DEPTH - 1)}x\n`, { prettyErrors: false });
    expect(doc.errors).toEqual([]);
    expect(() => parseYamlDocument(`a:\n${'- '.repeat(PARSER_DEPTH)}x\n`, {})).toThrow(RangeError);
  });
});
