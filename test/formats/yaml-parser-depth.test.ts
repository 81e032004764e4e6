/**
 * Fuzz long run session14-million, cfn-yaml:46320 and iptables:80480 (docs/fuzzing.md): ~1,000 lines like
 * `seenAtDestination: 1024, dst: 10.0.0.10, dstPort: 22 }` — a second mapping indicator on the line, an error in
 * YAML — make the yaml package's parser nest one level per line, and at ~1,000 levels whether it ran out of stack
 * depended on the JIT: the same file gave its syntax errors on one read and INPUT_NESTING_TOO_DEEP at 1:1 on another.
 * Such lines now count as levels before the package parses (limits.ts `yamlParserDepthOffset`): past
 * PARSER_DEPTH the file is refused, always, at the line where the count passes it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { yamlNestingOffset, yamlParserDepthOffset } from '../../src/formats/limits.js';
import { PARSER_DEPTH } from '../../src/formats/yaml/parse-document.js';

const BAD = '    seenAtDestination: 1024, dst: 10.0.0.10, dstPort: 22 }\n';
const NATIVE = 'vpcsim: 1\nregion: us-east-1\nvpcs:\n  vpc:\n    cidr: 10.0.0.0/16\n';
const CFN = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n";

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-depth-'));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** The diagnostics of three loads of one file, as text. */
async function threeLoads(p: string): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await loadInputs([p]);
    out.push(r.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`).join(', '));
  }
  return out;
}

describe('lines with a second mapping indicator count as parser levels', () => {
  it('counts them, and not quoted, flow, URL or block-scalar text', () => {
    const at = (text: string): number | undefined => yamlParserDepthOffset(text, 2);
    expect(at('a: 1, b: 2\nc: 3, d: 4\ne: 5, f: 6\n')).toBe(22); // the third such line
    expect(at('a: "x", b: c\na: "y", b: c\na: "z", b: c\n')).toBe(26);
    const fine = [
      "a: 'it''s: x'\n",
      'a: "b: c"\n',
      'a: {b: c, d: e}\n',
      'a: [b: c]\n',
      'a: http://x.example/y\n',
      'a: 10:30\n',
      'a: b # c: d\n',
    ].map((l) => l.repeat(5));
    for (const t of fine) expect(at(t)).toBeUndefined();
    expect(at(`run: |\n${'  echo a: b: c\n'.repeat(5)}x: 1\n`)).toBeUndefined();
    expect(at(`- |\n${'  a: b: c\n'.repeat(5)}`)).toBeUndefined();
    // Inside a flow collection or a quoted scalar that spans lines: JSON written over lines, a long quoted text.
    expect(at(`a: {\n${'  "b": 1, "c": 2,\n'.repeat(5)}  "d": 3\n}\n`)).toBeUndefined();
    expect(at(`a: [\n${'  b: c, d: e,\n'.repeat(5)}]\n`)).toBeUndefined();
    expect(at(`a: "start\n${'  b: c, d: e\n'.repeat(5)}  end"\n`)).toBeUndefined();
    // After a flow collection closes, the line is block context again (`a: [x], b: c` is an error).
    expect(at('a: [x], b: c\n'.repeat(3))).toBe(26);
  });

  it.each([
    ['native YAML', 'net.yaml', NATIVE, 6 + PARSER_DEPTH],
    ['CloudFormation YAML', 'template.yaml', CFN, 5 + PARSER_DEPTH],
  ])('%s: 1,000 such lines are refused the same way on every read', async (_, name, head, line) => {
    const loads = await threeLoads(file(name, head + BAD.repeat(1000)));
    expect(new Set(loads).size).toBe(1);
    expect(loads[0]).toBe(`INPUT_NESTING_TOO_DEEP ${line}:5`);
  });

  it.each([
    // The first BAD line (after the 5-line native and 4-line CloudFormation heads); column 24 is where `1024, dst`
    // starts, the mapping the package refuses to nest there.
    ['native YAML', 'net.yaml', NATIVE, 'YAML_SYNTAX 6:24'],
    ['CloudFormation YAML', 'template.yaml', CFN, 'TEMPLATE_SYNTAX 5:24'],
  ])('%s: fewer than the limit are the syntax errors they are', async (_, name, head, first) => {
    const loads = await threeLoads(file(name, head + BAD.repeat(PARSER_DEPTH - 100)));
    expect(new Set(loads).size).toBe(1);
    expect(loads[0]?.split(', ')[0]).toBe(first);
  });
});

describe('the nesting scan reads each line once (issue 21, fuzz session15-million iptables:4686)', () => {
  // A plain scalar's `: ` and a quote's closing quote were searched with `indexOf` on the whole text, so a line
  // without one sent the search on to the end of the text: 304 KB of iptables text in a block scalar took 1.4-1.6 s
  // of CPU. Measured as the characters `indexOf` went through on the text, against its length.
  it.each([
    ['plain lines without `: `', '        -A FORWARD -s 10.0.0.0/16 -j ACCEPT\n'],
    ['lines with an unclosed quote', "        -A FORWARD -m comment --comment 'allow -j ACCEPT\n"],
  ])('%s: the scan goes through the text about once, and finds the same nesting', (_, line) => {
    const text = `${NATIVE}    os: |2\n${line.repeat(5_000)}    x: { a: [1] }\n`;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the original, called on the text with .call below
    const indexOf = String.prototype.indexOf;
    let scanned = 0;
    const spy = vi.spyOn(String.prototype, 'indexOf').mockImplementation(function (
      this: string,
      search: string,
      from?: number,
    ) {
      const r = indexOf.call(this, search, from);
      if (this.length === text.length) scanned += (r < 0 ? this.length : r) - (from ?? 0);
      return r;
    });
    let at: number | undefined;
    try {
      at = yamlParserDepthOffset(text, 5);
    } finally {
      spy.mockRestore();
    }
    expect(scanned).toBeGreaterThan(0);
    expect(scanned).toBeLessThan(3 * text.length);
    // `x:` (level 3) holds a flow map (4) holding a sequence (5): within 5; within 4, the sequence's `[` is past it.
    expect(at).toBeUndefined();
    expect(yamlParserDepthOffset(text, 4)).toBe(text.lastIndexOf('['));
  });
});

describe('brackets after a tag, an anchor or an alias are nesting (issue 21, fuzz session15b-million cfn-yaml:47413)', () => {
  // `!ImportValue[[[…` was read by the scan as one plain scalar (it skipped to the line's `: `), while the yaml
  // package ends the tag at the `[` and parses the flow collections: 252 such lines 1,000 deep were handed to the
  // package and took 2.2-4.4 s of CPU (bound 1.5 s) before the nesting error was reported.
  it('counts them where the package nests, and not inside a plain scalar', () => {
    const at = (text: string): number | undefined => yamlNestingOffset(text, 3);
    // `a:` is level 1; the third `[` (offset 7) opens level 4.
    expect(at('a: !T[[[1]]]\n')).toBe(7);
    expect(at('a: ![[[1]]]\n')).toBe(6);
    expect(at('a: !T [[[1]]]\n')).toBe(8);
    expect(at('a: &x{b: [[1]]}\n')).toBe(10);
    expect(at('a: *x[[[1]]]\n')).toBe(7);
    expect(at('- !T [[[1]]]\n')).toBe(6); // `-` is a level of its own: levels 1 (line), 2 (`-`), 3, 4
    expect(at('!T a: [[[1]]]\n')).toBe(8);
    // In block context `[` inside a plain scalar is text.
    expect(at('a: b[[[1]]]\n')).toBeUndefined();
    expect(at('a: b !T[[[1]]]\n')).toBeUndefined();
  });

  it('a template of such lines is refused before the package parses it', async () => {
    const deep = `${'['.repeat(1000)}1${']'.repeat(1000)}`;
    const lines = Array.from({ length: 250 }, (_, k) => `      K${k}: !ImportValue${deep}\n`).join('');
    const text = `${CFN}  Sub:\n    Type: AWS::EC2::Subnet\n    Properties:\n${lines}`;
    // Line 8 is four levels deep (Resources, Sub, Properties, K0); its 97th `[` opens level 101: column 23 + 96.
    // Only that error: the package's own (`Tags and anchors must be separated…`) would mean it parsed the text.
    expect(await threeLoads(file('template.yaml', text))).toEqual(
      Array(3).fill('INPUT_NESTING_TOO_DEEP 8:119'),
    );
  });
});
