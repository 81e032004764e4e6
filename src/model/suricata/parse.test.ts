/**
 * Suricata subset parser: valid rules, positions, bad input (NFW-8).
 */
import { describe, expect, it } from 'vitest';
import { parseAddressSpec, parsePortSpec } from './address.js';
import { parseSuricataRules } from './parse.js';

const P = (text: string) => parseSuricataRules(text, { file: 'rules.txt' });

describe('parseSuricataRules: valid input', () => {
  it('parses header, options, sid and keeps the text', () => {
    const r = P(
      'pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; content:"a.com"; nocase; endswith; msg:"x; y"; sid:7; rev:1;)',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.rules).toHaveLength(1);
    const rule = r.rules[0]!;
    expect(rule.action).toBe('pass');
    expect(rule.protocol).toBe('tls');
    expect(rule.source).toBe('$HOME_NET');
    expect(rule.destinationPort).toBe('443');
    expect(rule.direction).toBe('->');
    expect(rule.sid).toBe(7);
    // The ";" inside the quoted msg does not end the option.
    expect(rule.options.map((o) => o.keyword)).toEqual([
      'tls.sni',
      'content',
      'nocase',
      'endswith',
      'msg',
      'sid',
      'rev',
    ]);
    expect(rule.options.find((o) => o.keyword === 'msg')?.value).toBe('"x; y"');
    expect(rule.span).toEqual({ file: 'rules.txt', line: 1, col: 1 });
    expect(rule.unsupported).toBeUndefined();
  });

  it('skips comments and blank lines, joins continuation lines, and reports lines correctly', () => {
    const text = [
      '# comment',
      '',
      'drop tcp any any <> [10.0.0.0/8, !10.1.0.0/16] [80,443,8000:8080] \\',
      '  (sid:2;)',
      '  alert icmp any any -> any any (sid:3;)',
    ].join('\n');
    const r = P(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.rules.map((x) => [x.sid, x.span?.line, x.span?.col])).toEqual([
      [2, 3, 1],
      [3, 5, 3],
    ]);
    expect(r.rules[0]!.direction).toBe('<>');
    expect(r.rules[0]!.destination).toBe('[10.0.0.0/8, !10.1.0.0/16]');
  });

  it('maps positions through the caller (rules embedded in another file)', () => {
    const r = parseSuricataRules(
      'pass tcp any any -> any any (sid:1;)\nfoo tcp any any -> any any (sid:2;)',
      {
        file: 'x',
        position: (line, col) => ({ file: 'template.yaml', line: 40 + line, col: 10 + col }),
      },
    );
    expect(r.diagnostics[0]?.span).toEqual({ file: 'template.yaml', line: 42, col: 11 });
  });

  // Fuzz session12-million suricata:195: the last rule ends with `\` and the text with a line break, so the rule
  // continues onto the empty line after it — in a YAML block scalar not even a line of the block. The error found
  // at the end of the rule was placed at column 7 (1 + the block's indent) of that empty line.
  it('an error at the end of a rule continued onto the empty last line points at the `\\` before it', () => {
    const text = 'pass tcp any any -> any 22 (sid:1;\\\n';
    const plain = P(text);
    expect(plain.diagnostics.map((d) => [d.code, d.message, d.span])).toEqual([
      ['SURICATA_SYNTAX', 'option list is missing its closing ")"', { file: 'rules.txt', line: 1, col: 35 }],
    ]);
    expect(text[34]).toBe('\\'); // column 35
    const embedded = parseSuricataRules(text, {
      file: 'x',
      position: (line, col) => ({ file: 'host.yaml', line: 50 + line, col: 6 + col }),
    });
    expect(embedded.diagnostics[0]?.span).toEqual({ file: 'host.yaml', line: 51, col: 41 });
    // Several continuations: the end of the last line that has one.
    const two = P('pass tcp any any \\\n  -> any 22 (sid:1; \\\n');
    expect(two.diagnostics[0]?.span).toEqual({ file: 'rules.txt', line: 2, col: 21 });
  });

  it('warns about keywords outside the subset, naming the keyword and sid, and records them on the rule', () => {
    const r = P('drop http any any -> any any (msg:"x"; pcre:"/a/"; flowbits:set,foo; sid:9;)');
    expect(r.rules).toHaveLength(1);
    expect(r.rules[0]!.unsupported).toEqual(['pcre', 'flowbits']);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'SURICATA_UNSUPPORTED_KEYWORD'],
      ['warning', 'SURICATA_UNSUPPORTED_KEYWORD'],
    ]);
    expect(r.diagnostics[0]!.message).toContain('sid 9');
    expect(r.diagnostics[0]!.message).toContain('pcre');
    // column of "pcre:" value: rule text col of `"/a/"`.
    expect(r.diagnostics[0]!.span?.col).toBe('drop http any any -> any any (msg:"x"; pcre:'.length + 1);
  });

  it('a protocol vpcsim does not detect is kept with a warning', () => {
    const r = P('pass ssh any any -> any 22 (sid:4;)');
    expect(r.rules[0]?.unsupported).toEqual(['protocol ssh']);
    expect(r.diagnostics[0]?.code).toBe('SURICATA_UNSUPPORTED_KEYWORD');
  });
});

describe('parseSuricataRules: bad input gives positioned diagnostics, never a throw', () => {
  const cases: [string, string, string, number][] = [
    // [rule, code, message fragment, 1-based column]
    ['allow tcp any any -> any any (sid:1;)', 'SURICATA_UNKNOWN_ACTION', 'unknown action "allow"', 1],
    ['pass tcp any any -> any any (msg:"oops; sid:1;)', 'SURICATA_SYNTAX', 'unbalanced quote', 34],
    ['pass tcp any any -> any any (msg:"a"; sid:1)', 'SURICATA_SYNTAX', 'missing its terminating ";"', 39],
    [
      'pass tcp any any -> any any (msg:"a" sid:1;)',
      'SURICATA_SYNTAX',
      'missing ";" after the quoted value',
      34,
    ],
    ['pass tcp any 70000 -> any any (sid:1;)', 'SURICATA_BAD_PORT', 'larger than 65535', 14],
    ['pass tcp any any -> any 500:100 (sid:1;)', 'SURICATA_BAD_PORT', 'reversed', 25],
    ['pass tcp 10.0.0.300 any -> any any (sid:1;)', 'SURICATA_BAD_ADDRESS', 'larger than 255', 17],
    ['pass tcp [10.0.0.0/8 any -> any any (sid:1;)', 'SURICATA_SYNTAX', 'header needs 7 fields', 1],
    ['pass tcp any any <- any any (sid:1;)', 'SURICATA_BAD_DIRECTION', 'no "<-"', 18],
    ['pass tcp any any -> any any (msg:"no sid";)', 'SURICATA_MISSING_SID', 'no sid', 29],
    ['pass tcp any any -> any any sid:1;', 'SURICATA_SYNTAX', 'no option list', 1],
    ['pass tcp any any -> any any (sid:1;', 'SURICATA_SYNTAX', 'closing ")"', 36],
    ['pass foo any any -> any any (sid:1;)', 'SURICATA_UNKNOWN_PROTOCOL', 'unknown protocol', 6],
  ];
  for (const [rule, code, msg, col] of cases) {
    it(`${code}: ${rule}`, () => {
      const r = P(rule);
      expect(r.rules).toEqual([]);
      expect(r.diagnostics).toHaveLength(1);
      const d = r.diagnostics[0]!;
      expect(d.code).toBe(code);
      expect(d.severity).toBe('error');
      expect(d.message).toContain(msg);
      expect(d.span).toEqual({ file: 'rules.txt', line: 1, col });
    });
  }

  it('duplicate sids: the second rule is reported where its sid is, naming the first', () => {
    const r = P('pass tcp any any -> any any (sid:5;)\ndrop udp any any -> any any (sid:5;)');
    expect(r.rules).toHaveLength(1);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.code).toBe('SURICATA_DUPLICATE_SID');
    // "sid:" starts at column 30, its value at column 34 on both lines.
    expect(r.diagnostics[0]!.message).toContain('rules.txt:1:34');
    expect(r.diagnostics[0]!.span).toEqual({ file: 'rules.txt', line: 2, col: 34 });
  });

  it('keeps going after an error: later rules still parse', () => {
    const r = P('bogus\npass tcp any any -> any any (sid:1;)');
    expect(r.rules.map((x) => x.sid)).toEqual([1]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.span?.line).toBe(1);
  });
});

describe('address and port specs', () => {
  it('parses nested lists, negation and variables', () => {
    const r = parseAddressSpec('[$HOME_NET, !10.0.0.5, [192.168.0.0/16, !192.168.1.0/24]]');
    expect(r.ok).toBe(true);
    const p = parsePortSpec('[1024:, !8080]');
    expect(p.ok && p.node).toEqual({
      kind: 'list',
      items: [
        { kind: 'range', from: 1024, to: 65535 },
        { kind: 'not', inner: { kind: 'range', from: 8080, to: 8080 } },
      ],
    });
  });
  // Fuzz long run session8-million, suricata:80866: thousands of "!" overflowed the stack (IMPORTER_INTERNAL_ERROR).
  it('a run of negations: even cancels out, odd is one negation, any length', () => {
    const not8080 = { kind: 'not', inner: { kind: 'range', from: 8080, to: 8080 } };
    expect(parsePortSpec('[80, !!8080]')).toMatchObject({
      ok: true,
      node: { items: [{}, { kind: 'range' }] },
    });
    expect(parsePortSpec(`${'!'.repeat(20001)}8080`)).toEqual({ ok: true, node: not8080 });
    expect(parsePortSpec(`${'!'.repeat(20000)}8080`)).toEqual({
      ok: true,
      node: { kind: 'range', from: 8080, to: 8080 },
    });
    const bad = parsePortSpec(`${'!'.repeat(5000)}x`);
    expect(bad).toMatchObject({ ok: false, offset: 5000 });
  });
  it('rejects bad variables and unbalanced lists with offsets', () => {
    expect(parseAddressSpec('$1BAD')).toMatchObject({ ok: false, offset: 0 });
    expect(parseAddressSpec('[10.0.0.0/8')).toMatchObject({ ok: false });
    expect(parsePortSpec(':')).toMatchObject({ ok: false });
  });
});
