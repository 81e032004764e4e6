/**
 * `vpcsim matrix <inputs…> [--by subnet|vpc|security-group|tag:Name] [--format text|csv|markdown|html|json] [-o FILE]`:
 * all-pairs reachability between groups of network interfaces (analysis/reach/matrix.ts); `html` is a heat map.
 * Exit status 0 when answered, 2 for bad input or usage.
 */
import type { Command } from '@commander-js/extra-typings';
import { compileNetwork } from '../dataplane/compile.js';
import { matrix, parseBy } from '../analysis/reach/matrix.js';
import { ReachError } from '../analysis/reach/query.js';
import { AtomLimitError } from '../analysis/reach/atoms.js';
import { matrixCsv, matrixHtml, matrixJson, matrixMarkdown, matrixText } from '../render/matrix.js';
import { networkForTrace } from './flow.js';
import { parseMaxCells } from './reach.js';
import { writeReport } from './report-file.js';
import { Exit, UsageError } from './errors.js';
import { formatDiagnostic } from '../diag/diagnostic.js';
import { defaultDeps, importOptions, inputCommand, type CliDeps } from './options.js';

export function register(program: Command, deps: CliDeps = defaultDeps): void {
  inputCommand(
    program,
    'matrix',
    'all-pairs reachability between subnets, VPCs, security groups or tagged groups',
  )
    .option('--by <grouping>', 'subnet, vpc, security-group or tag:Name', 'subnet')
    .option('--format <format>', 'text, csv, markdown, html (heat map) or json', 'text')
    .option('-o, --output <FILE>', 'write to FILE instead of stdout')
    .option('--variant <NAME>', 'ask in a variant of a vpcsim file')
    .option('--max-cells <n>', 'refuse questions larger than this many cells (default 2000000)')
    .action(async (inputs, o) => {
      const format = o.format;
      if (!['text', 'csv', 'markdown', 'html', 'json'].includes(format))
        throw new UsageError(`--format "${format}" must be text, csv, markdown, html or json`);
      const maxCells = parseMaxCells(o.maxCells);
      let by;
      try {
        by = parseBy(o.by);
      } catch (err) {
        if (err instanceof ReachError) throw new UsageError(err.message);
        throw err;
      }
      const r = await deps.load(inputs, importOptions(o));
      const { network } = networkForTrace(r, o.variant);
      let m;
      try {
        m = matrix(compileNetwork(network).compiled, by, maxCells);
      } catch (err) {
        if (err instanceof ReachError || err instanceof AtomLimitError) throw new UsageError(err.message);
        throw err;
      }
      for (const w of m.warnings) process.stderr.write(formatDiagnostic(w) + '\n');
      const text =
        format === 'csv'
          ? matrixCsv(m)
          : format === 'markdown'
            ? matrixMarkdown(m)
            : format === 'html'
              ? matrixHtml(m)
              : format === 'json'
                ? JSON.stringify(matrixJson(m), null, 2)
                : matrixText(m);
      if (o.output !== undefined) await writeReport(o.output, text + '\n');
      else process.stdout.write(text + '\n');
      throw new Exit(0);
    });
}
