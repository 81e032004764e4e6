// positionOf: where a describe-* id was written (file:line:col of its first `"key": "value"` pair).
import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../src/formats/json-source.js';

function source(text: string) {
  const r = parseJsonText('f.json', text);
  if (!r.ok) throw new Error(r.diagnostic.message);
  return r.source;
}

describe('JSON source positions', () => {
  const text = [
    '{ "Vpcs": [',
    '  { "Tags": [{ "Key": "Name", "Value": "VpcId" }],',
    '    "VpcId"  :\t"vpc-1" },',
    '  { "VpcId": "vpc-2", "Other": { "VpcId": "vpc-1" } },',
    '  { "VpcId": "vpc-\\"3" }',
    '] }',
  ].join('\n');
  const s = source(text);

  it('finds the first pair of a key and value, whatever the whitespace around the colon', () => {
    expect(s.positionOf('VpcId', 'vpc-1')).toEqual({ file: 'f.json', line: 3, col: 5 });
    expect(s.positionOf('VpcId', 'vpc-2')).toEqual({ file: 'f.json', line: 4, col: 5 });
  });

  it('does not take the key name written as a value for the key', () => {
    // Line 2 holds "VpcId" as a tag's value (followed by a space and a brace, not a colon); the pair is read there
    // only under its own key, "Value".
    const col = (text.split('\n')[1] ?? '').indexOf('"Value"') + 1;
    expect(s.positionOf('Value', 'VpcId')).toEqual({ file: 'f.json', line: 2, col });
    expect(s.positionOf('VpcId', 'vpc-1').line).toBe(3);
  });

  it('answers the file start for an absent pair, another key, or a value holding an escape', () => {
    expect(s.positionOf('VpcId', 'vpc-9')).toEqual({ file: 'f.json', line: 1, col: 1 });
    expect(s.positionOf('SubnetId', 'vpc-1')).toEqual({ file: 'f.json', line: 1, col: 1 });
    expect(s.positionOf('VpcId', 'vpc-"3')).toEqual({ file: 'f.json', line: 1, col: 1 });
  });
});
