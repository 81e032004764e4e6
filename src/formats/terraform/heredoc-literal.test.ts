import { afterAll, describe, expect, it } from 'vitest';
import { HclParser } from './hcl-parser.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { parseHcl } from './hcl-load.js';
import { originalPosition, quoteLongHeredocs } from './heredoc-literal.js';

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
    // Blank lines in <<- (fuzz session15-million tf-hcl:5064): empty, fewer spaces than the least indentation,
    // more; they neither count towards it nor lose their spaces.
    flushBlank: 'locals {\n  s = <<-EOT\n    a\n\n      b\n  \n        \n    c\n  EOT\n}\n',
    flushBlankFirstLast: 'locals {\n  s = <<-EOT\n\n      a\n    b\n   \n  EOT\n}\n',
    flushAllBlank: 'locals {\n  s = <<-EOT\n\n   \n  EOT\n}\n',
    plainBlank: 'locals {\n  s = <<EOT\n    a\n\n   \n  b\nEOT\n}\n',
    // Template heredocs (fuzz session15b-million tf-hcl:98010): interpolations copied, the text around them escaped;
    // <<- counts the spaces before an interpolation, and none on a line that starts with one; $${ and %%{ escapes.
    template: 'locals {\n  s = <<EOF\na "q" \\ ${var.x} b\n${local.y}${var.x}\n$${lit} %%{lit}\nEOF\n}\n',
    flushTemplate: 'locals {\n  s = <<-EOT\n    a ${var.x}\n      ${var.y} b\n    c\n  EOT\n}\n',
    flushTemplateAtStart: 'locals {\n  s = <<-EOT\n    a\n${var.x}\n    c\n  EOT\n}\n',
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

  it('keeps heredocs with directives or interpolations a quoted template may read otherwise, short ones, tab-indented or tab-blank lines in <<-, and unterminated ones', () => {
    const keep = [
      'locals {\n  s = <<EOF\n%{ if true }x%{ endif }\nEOF\n}\n',
      // Interpolations a quoted template might read otherwise: a quote, a backslash, a brace, a strip marker, open.
      'locals {\n  s = <<EOF\n${lower("A")}\nEOF\n}\n',
      'locals {\n  s = <<EOF\n${ {a = 1}.a }\nEOF\n}\n',
      'locals {\n  s = <<EOF\n${~ var.x }\nEOF\n}\n',
      'locals {\n  s = <<EOF\n${var.x\n}\nEOF\n}\n',
      'locals {\n  s = <<-EOF\n  a\n\t\n  b\nEOF\n}\n',
      'locals {\n  s = <<-EOF\n  a\n\tb\nEOF\n}\n',
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

// Fuzz session12-clean tf-hcl:4406: `proto<<EOF` opened a heredoc (a nested block's attribute name mangled into its
// header) that a later `  EOF` closed, 1,045 lines on; it was handed to the parser as one quoted line, and the
// parser's "Invalid block definition" after it came back at column 3,187 of the 14-character opener line.
describe('originalPosition: positions on a quoted heredoc line, back in the text as written', () => {
  const text = 'locals {\n  s = <<-EOT\n    a"b\n    c\\d\n  EOT\n  t = 1\n}\n';
  // Quoted (least indentation 4): `  s = "a\\"b\\nc\\\\d\\n"` on line 2, lines 3-5 empty.
  const quoted = quoteLongHeredocs(text, 1).split('\n')[1] ?? '';
  it('maps the text before <<, the quotes and every body character', () => {
    expect(quoted).toBe('  s = "a\\"b\\nc\\\\d\\n"');
    const at = (col: number) => originalPosition(text, 2, col, 1);
    expect(at(3)).toEqual({ line: 2, col: 3 }); // `s`, before `<<`: unchanged
    expect(at(7)).toEqual({ line: 2, col: 7 }); // the opening quote: the `<<`
    expect(at(8)).toEqual({ line: 3, col: 5 }); // `a`
    expect(at(9)).toEqual({ line: 3, col: 6 }); // `\"` → `"`
    expect(at(11)).toEqual({ line: 3, col: 7 }); // `b`
    expect(at(14)).toEqual({ line: 4, col: 5 }); // `c`, after the `\n` escape
    expect(at(15)).toEqual({ line: 4, col: 6 }); // `\\` → `\`
    expect(at(17)).toEqual({ line: 4, col: 7 }); // `d`
    expect(at(20)).toEqual({ line: 5, col: 6 }); // the closing quote: the end of `  EOT`
    expect(at(500)).toEqual({ line: 5, col: 6 }); // anything after it too
    // Other lines are not touched.
    expect(originalPosition(text, 6, 3, 1)).toEqual({ line: 6, col: 3 });
  });
  it('after a blank line of a <<- heredoc (kept whole), the next line is stripped again', () => {
    const t = 'locals {\n  s = <<-EOT\n    a\n  \n    b\n  EOT\n}\n';
    // `  s = "a\n  \nb\n"`: `a` at column 8, the blank line's two spaces at 11-12, `b` at 15.
    expect(quoteLongHeredocs(t, 1).split('\n')[1]).toBe('  s = "a\\n  \\nb\\n"');
    expect(originalPosition(t, 2, 8, 1)).toEqual({ line: 3, col: 5 });
    expect(originalPosition(t, 2, 12, 1)).toEqual({ line: 4, col: 2 });
    expect(originalPosition(t, 2, 15, 1)).toEqual({ line: 5, col: 5 });
  });

  const parser = new HclParser();
  afterAll(async () => {
    await parser.close();
  });
  it('a syntax error after a long quoted heredoc is placed at its closing marker, inside the line', async () => {
    const body = Array.from({ length: 250 }, (_, i) => `line ${i}`).join('\n');
    const text = `resource "aws_security_group" "web" {\n  egress {\n    proto<<EOF\n${body}\nEOF\n  }\n}\n`;
    const diags: Diagnostic[] = [];
    expect(await parseHcl(parser, 'main.tf', text, diags)).toBeUndefined();
    // `proto <<EOF … EOF` is a block header with no `{`: the parser refuses it where the heredoc ends, the end of
    // the closing `EOF` on line 254 (3 + 250 + 1).
    expect(diags.map((d) => [d.code, d.span?.line, d.span?.col])).toEqual([['TF_SYNTAX', 254, 4]]);
    expect(diags[0]?.message).toContain('Invalid block definition');
  });
});
