/**
 * Fuzz long run session10-million, tf-hcl:54185 (docs/fuzzing.md): a heredoc whose closing marker is mangled
 * (`<<EOF` … `EOFstring`) swallows the rest of the file, and the Go HCL parser took 0.9–4.4 s of CPU for 5,000 such
 * lines before refusing the file. hcl-load.ts now parses the text up to the opener; this holds it to the parser's
 * own answer for the whole file: the same diagnostic, at the same place.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { parseHcl, syntaxDiagnostic } from '../../src/formats/terraform/hcl-load.js';
import { HclParser } from '../../src/formats/terraform/hcl-parser.js';
import { countingParser } from './helpers.js';
import { quoteLongHeredocs, unterminatedHeredoc } from '../../src/formats/terraform/heredoc-literal.js';

const VPC =
  'resource "aws_vpc" "a" {\n  cidr_block = "10.0.0.0/16"\n  tags = { Name = "vpc-${var.name}" }\n}\n';

describe('a heredoc left open to the end of the file', () => {
  const parser = new HclParser();
  afterAll(async () => {
    await parser.close();
  });
  const counting = (seen: number[]): HclParser => countingParser(parser, seen);
  const cases: Record<string, [string, number | undefined]> = {
    'mangled marker, literal text after it': ['variable "x" {\n  type = <<EOF\nx\nEOFstring\n}\n', 1],
    'template sequences after it (tf-hcl:54185)': [
      `variable "x" {\n  type = <<EOF\nx\nEOFstring\n}\n${VPC}`,
      1,
    ],
    'after a closed one': ['locals {\n  a = <<EOT\nx\nEOT\n  b = <<EOF\ny\n}\n', 4],
    'the <<- form, many lines': [`locals {\n  a = <<-EOF\n${'    y\n'.repeat(3000)}}\n${VPC}`, 1],
    // Another error before the opener: the parser names that one (the text up to the opener is not refused for
    // the heredoc), so the whole text is parsed.
    'an error before it': ['locals {\n  a = = 1\n  b = <<EOF\ny\n}\n', 2],
    // Errors the parser reports before it (fuzz session12-clean tf-hcl:45235): it still refuses the opener.
    'repeated arguments before it': [
      'resource "a" "b" {\n  x = 1\n  x = 2\n  x = 3\n  y = <<EOF\nabc\n}\n',
      4,
    ],
    // Not an opener: in a comment, the scanner does not take it; in a closed one's body, skipped.
    'in a comment': ['locals {\n  # a = <<EOF\n  b = 1\n}\n', undefined],
  };
  it.each(Object.entries(cases))(
    '%s: the diagnostic the parser gives for the whole file',
    async (_, [text, line]) => {
      expect(unterminatedHeredoc(text)).toBe(line);
      const diags: Diagnostic[] = [];
      const json = await parseHcl(parser, 'main.tf', text, diags);
      const whole = await parser.parse('main.tf', quoteLongHeredocs(text));
      if (whole.ok) {
        expect(json).toEqual(whole.json);
        expect(diags).toEqual([]);
      } else {
        expect(json).toBeUndefined();
        expect(diags).toEqual([syntaxDiagnostic('main.tf', whole.message)]);
      }
    },
  );

  it('a mangled marker with 5,000 lines after it: the unterminated heredoc at the end of the file', async () => {
    const text = `variable "x" {\n  type = <<EOF\nx\nEOFstring\n}\n${VPC.repeat(1250)}`;
    const diags: Diagnostic[] = [];
    // Only the text up to the opener reaches the parser (3 lines: the two before `EOF` and the empty last one).
    const seen: number[] = [];
    const spy = counting(seen);
    await parseHcl(spy, 'main.tf', text, diags);
    expect(seen).toEqual([3]);
    expect(diags.map((d) => [d.code, d.span?.line, d.span?.col, d.message])).toEqual([
      [
        'TF_SYNTAX',
        text.split('\n').length,
        1,
        'HCL syntax error: Unterminated template string; No closing marker was found for the string.; terraform would refuse this configuration',
      ],
    ]);
  });

  it('5,000 repeated arguments, then a heredoc left open (tf-hcl:45235): only the text up to it is parsed', async () => {
    // The fuzz input: 5,002 `cidr_block` lines in one block, the 214th turned into `<<EOF`; the parser took
    // 2.3–3.4 s of CPU on the whole 204 KB because the first diagnostic was a redefinition, not the heredoc.
    const text = `resource "aws_subnet" "a" {\n${'  cidr_block = "10.0.0.0/24"\n'.repeat(213)}  cidr_block = <<EOF\nx\n${'  cidr_block = "10.0.0.0/24"\n'.repeat(4800)}}\n${VPC}`;
    const seen: number[] = [];
    const spy = counting(seen);
    const diags: Diagnostic[] = [];
    await parseHcl(spy, 'main.tf', text, diags);
    expect(seen).toEqual([216]);
    // The parser's first diagnostic, as for the whole file, with how many more it gave: 212 redefinitions after
    // the first, the unterminated heredoc and the redefinition on the opener's line.
    expect(diags.map((d) => [d.code, d.span?.line, d.span?.col, d.message])).toEqual([
      [
        'TF_SYNTAX',
        3,
        3,
        'HCL syntax error: Attribute redefined; The argument "cidr_block" was already set at main.tf:2,3-13. Each argument may be set only once. (and 213 more in this file); terraform would refuse this configuration',
      ],
    ]);
    const whole = await parser.parse('main.tf', text);
    expect(whole.ok).toBe(false);
    if (!whole.ok) expect(diags).toEqual([syntaxDiagnostic('main.tf', whole.message)]);
  });
});
