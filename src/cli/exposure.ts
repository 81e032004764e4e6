/**
 * `vpcsim exposure <inputs…> [--clients] [--protocol P] [--ports A-B] [--format text|csv|markdown|json]`: everything
 * the internet (and with `--clients`, every VPN client) reaches — resource, address, protocol, ports, sources,
 * inspection, path (analysis/reach/exposure.ts). Exit status 0 when answered, 2 for bad input or usage.
 */
import type { Command } from '@commander-js/extra-typings';
import { compileNetwork } from '../dataplane/compile.js';
import { exposure } from '../analysis/reach/exposure.js';
import { ReachError } from '../analysis/reach/query.js';
import { AtomLimitError } from '../analysis/reach/atoms.js';
import { exposureCsv, exposureJson, exposureMarkdown, exposureText } from '../render/exposure.js';
import { networkForTrace } from './flow.js';
import { parseMaxCells, parsePorts } from './reach.js';
import { writeReport } from './report-file.js';
import { Exit, UsageError } from './errors.js';
import { formatDiagnostic } from '../diag/diagnostic.js';
import { defaultDeps, importOptions, inputCommand, type CliDeps } from './options.js';

export function register(program: Command, deps: CliDeps = defaultDeps): void {
  inputCommand(program, 'exposure', 'everything reachable from the internet (and VPN clients), exactly')
    .option('--clients', 'also what every VPN client reaches')
    .option(
      '--onprem',
      'also what every declared on-premises network reaches (through VPN and Direct Connect)',
    )
    .option('--protocol <proto>', 'only this protocol: tcp, udp, icmp or a number (default: all)')
    .option('--ports <A-B>', 'only these destination ports (TCP/UDP)')
    .option('--format <format>', 'text, csv, markdown or json', 'text')
    .option('-o, --output <FILE>', 'write to FILE instead of stdout')
    .option('--max-cells <n>', 'refuse questions larger than this many cells (default 2000000)')
    .option('--variant <NAME>', 'ask in a variant of a vpcsim file')
    .action(async (inputs, o) => {
      const format = o.format;
      if (!['text', 'csv', 'markdown', 'json'].includes(format))
        throw new UsageError(`--format "${format}" must be text, csv, markdown or json`);
      const ports = parsePorts(o.ports);
      const maxCells = parseMaxCells(o.maxCells);
      const r = await deps.load(inputs, importOptions(o));
      const { network } = networkForTrace(r, o.variant);
      let e;
      try {
        e = exposure(compileNetwork(network).compiled, {
          clients: o.clients,
          onprem: o.onprem,
          protocol: o.protocol,
          ports,
          maxCells,
        });
      } catch (err) {
        if (err instanceof ReachError || err instanceof AtomLimitError) throw new UsageError(err.message);
        throw err;
      }
      for (const w of e.warnings) process.stderr.write(formatDiagnostic(w) + '\n');
      const text =
        format === 'csv'
          ? exposureCsv(e)
          : format === 'markdown'
            ? exposureMarkdown(e)
            : format === 'json'
              ? JSON.stringify(exposureJson(e), null, 2)
              : exposureText(e);
      if (o.output !== undefined) await writeReport(o.output, text + '\n');
      else process.stdout.write(text + '\n');
      throw new Exit(0);
    });
}
