import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseYamlDocument } from './parse-document.js';

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
  });
});
