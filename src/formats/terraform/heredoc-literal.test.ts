import { afterAll, describe, expect, it } from 'vitest';
import { HclParser } from './hcl-parser.js';
import { quoteLongHeredocs } from './heredoc-literal.js';

// Fuzz finding tf-hcl:91 (seed session6-long2): the HCL parser is superlinear in a heredoc's lines. The rewrite
// must give the parser's own JSON back, and leave every later line where it was.
describe('quoteLongHeredocs', () => {
  const parser = new HclParser();
  afterAll(async () => {
    await parser.close();
  });
  const cases: Record<string, string> = {
    plain: 'resource "a" "b" {\n  u = <<EOF\nab "c" \\n \\\\ \td\r\n\nlast\nEOF\n  w = 1\n}\n',
    flush: 'resource "a" "b" {\n  u = <<-EOT\n    x "y"\n      indented\n    z\n  EOT\n  w = "after"\n}\n',
    unicode: 'locals {\n  s = <<EOF\né ü 日本 \\u0041\nEOF\n}\n',
    // Inside an expression the converter returns the value when it is constant (test/terraform/heredoc-arguments
    // .test.ts checks function arguments, whose text comes back, at the evaluator).
    list: 'locals {\n  s = ["a", <<EOF\nx "y"\nEOF\n  , "b"]\n}\n',
    object: 'locals {\n  s = {\n    k = <<-EOT\n      v\\1\n    EOT\n  }\n}\n',
    crlf: 'locals {\r\n  s = <<-EOT\r\n    a\r\n    b\r\n  EOT\r\n}\r\n',
    afterComment: 'locals {\n  /* c */ s = <<EOF\nx\nEOF\n}\n',
  };
  it.each(Object.entries(cases))('%s: the parser returns the same JSON', async (_, text) => {
    const rewritten = quoteLongHeredocs(text, 1);
    expect(rewritten).not.toEqual(text);
    expect(rewritten.split('\n')).toHaveLength(text.split('\n').length);
    const a = await parser.parse('a.tf', text);
    const b = await parser.parse('b.tf', rewritten);
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
  });

  it('keeps heredocs with template sequences, short ones, blank lines in <<-, and unterminated ones', () => {
    const keep = [
      'locals {\n  s = <<EOF\n${var.x}\nEOF\n}\n',
      'locals {\n  s = <<EOF\n%{ if true }x%{ endif }\nEOF\n}\n',
      'locals {\n  s = <<-EOF\n  a\n\n  b\nEOF\n}\n',
      'locals {\n  s = <<EOF\nnever closed\n}\n',
      // Not openers: in a comment, in a block comment, in a string.
      'locals {\n  # s = <<EOF\n  t = 1\n  # EOF\n}\n',
      'locals {\n  /* s = <<EOF\n  t = 1\nEOF */\n}\n',
      'locals {\n  s = "a ${"<<EOF"}"\n  t = "\\"<<EOF"\n}\n',
      // A marker with a hyphen (HCL takes it; the expression lexer does not) is left as written.
      'locals {\n  s = <<E-F\nx\nE-F\n}\n',
    ];
    // A heredoc of the same marker inside an interpolation of one left as written: nothing after it is rewritten
    // (the `cat <<CONF` is text of the outer heredoc, which ends at the last EOF).
    keep.push('locals {\n  s = <<EOF\n${indent(2, <<EOF\nx\nEOF\n)}\ncat <<CONF\nbody\nCONF\nEOF\n}\n');
    for (const text of keep) expect(quoteLongHeredocs(text, 1)).toBe(text);
    expect(quoteLongHeredocs('locals {\n  s = <<EOF\nshort\nEOF\n}\n')).toContain('<<EOF');
  });

  it('a 20,000-line literal heredoc is one quoted line followed by the lines it took', () => {
    const text = `locals {\n  s = <<EOF\n${'echo x\n'.repeat(20_000)}EOF\n  t = 1\n}\n`;
    const lines = quoteLongHeredocs(text).split('\n');
    expect(lines[1]).toBe(`  s = "${'echo x\\n'.repeat(20_000)}"`);
    expect(lines[20_003]).toBe('  t = 1');
  });
});
