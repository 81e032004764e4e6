/**
 * Fuzz long run session14-million, tf-hcl:45517 (docs/fuzzing.md): `${` at the start of a line inside a user-data
 * heredoc, never closed, and 5,000 repeated lines after the heredoc. The HCL parser reads on past the heredoc's
 * closing marker and took 0.5–2.6 s of CPU for the 198 KB file (the same file without the `${`: 0.24 s).
 * hcl-load.ts now parses the text up to the marker first when more than TEMPLATE_HEREDOC_TAIL_LINES lines follow;
 * an error inside the heredoc refuses the file with the parser's first error, which is the one it gives for the
 * whole file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import {
  parseHcl,
  syntaxDiagnostic,
  TEMPLATE_HEREDOC_TAIL_LINES,
} from '../../src/formats/terraform/hcl-load.js';
import { HclParser } from '../../src/formats/terraform/hcl-parser.js';
import { countingParser } from './helpers.js';
import { quoteLongHeredocs, templateHeredocs } from '../../src/formats/terraform/heredoc-literal.js';

const TAIL = `resource "aws_instance" "x" {\n${'  private_ip = "10.0.1.10"\n'.repeat(TEMPLATE_HEREDOC_TAIL_LINES + 10)}}\n`;
const HEREDOC = (body: string): string =>
  `resource "aws_launch_template" "nat" {\n  user_data = base64encode(<<-EOF\n    #!/bin/bash\n${body}  EOF\n  )\n}\n`;
const BROKEN =
  '${    sysctl -w net.ipv4.conf.eth1.send_redirects=0\n    ip route replace default via 10.0.0.1\n';
const FINE = '    echo ${var.name}\n    ip route replace default via 10.0.0.1\n';

describe('a heredoc whose template sequence is broken, with many lines after it', () => {
  const parser = new HclParser();
  afterAll(async () => {
    await parser.close();
  });
  const counting = (seen: number[]): HclParser => countingParser(parser, seen);

  it('finds the heredocs with template sequences, not the escaped ones', () => {
    expect(templateHeredocs(HEREDOC(BROKEN))).toEqual([{ open: 1, close: 5 }]);
    expect(templateHeredocs(HEREDOC('    echo $${HOME} %%{x}\n'))).toEqual([]);
    expect(templateHeredocs('locals {\n  # a = <<EOF\n  b = 1\n}\n')).toEqual([]);
  });

  it('refuses the file from the text up to the marker, with the first error the parser gives for the whole file', async () => {
    const text = HEREDOC(BROKEN) + TAIL;
    const seen: number[] = [];
    const diags: Diagnostic[] = [];
    expect(await parseHcl(counting(seen), 'main.tf', text, diags)).toBeUndefined();
    expect(seen).toEqual([7]); // lines 1-6 and the empty line after the marker: the tail never reaches the parser
    const whole = await parser.parse('main.tf', quoteLongHeredocs(text));
    expect(whole.ok).toBe(false);
    const all = syntaxDiagnostic('main.tf', whole.ok ? '' : whole.message);
    expect(diags).toHaveLength(1);
    expect(diags[0]?.code).toBe('TF_SYNTAX');
    expect(diags[0]?.span).toEqual(all.span);
    const first = (m: string | undefined): string | undefined =>
      m?.split(/ \(and |; terraform would refuse/)[0];
    expect(first(diags[0]?.message)).toBe(first(all.message));
    expect(diags[0]?.message).toContain('the parser was not run past line 6, the end of the heredoc');
  });

  it('an error before the heredoc is the one named (the parser reads in order)', async () => {
    const text = `locals {\n  a = = 1\n}\n${HEREDOC(BROKEN)}${TAIL}`;
    const diags: Diagnostic[] = [];
    await parseHcl(parser, 'main.tf', text, diags);
    const whole = await parser.parse('main.tf', quoteLongHeredocs(text));
    expect(diags[0]?.span).toEqual(syntaxDiagnostic('main.tf', whole.ok ? '' : whole.message).span);
    expect(diags[0]?.span?.line).toBe(2);
  });

  it('a sound template heredoc, or few lines after a broken one: the whole file is parsed as before', async () => {
    for (const text of [HEREDOC(FINE) + TAIL, HEREDOC(BROKEN) + 'locals {\n  b = 1\n}\n']) {
      const seen: number[] = [];
      const diags: Diagnostic[] = [];
      await parseHcl(counting(seen), 'main.tf', text, diags);
      expect(seen.at(-1)).toBe(text.split('\n').length);
      const whole = await parser.parse('main.tf', quoteLongHeredocs(text));
      expect(diags).toEqual(whole.ok ? [] : [syntaxDiagnostic('main.tf', whole.message)]);
    }
  });
});
