/**
 * The `vpcsim` command line: validate, trace, test (and diagram, serve, pull). Thin: parses options, calls the library,
 * renders, and sets the exit status — 0 reachable / all passed, 1 unreachable / asymmetric / a test failed /
 * validation errors, 2 bad input or usage, 3 unknown (the verdict depends on something not modelled, left open
 * or assumed; `vpcsim test` without `--allow-unknown`). Diagnostics go to stderr as `file:line:col: error CODE: message`; no
 * stack trace is ever printed. Only `main` calls `process.exit`.
 */
import { Command, CommanderError } from '@commander-js/extra-typings';
import { hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import { validateNetwork } from '../validate/index.js';
import { traceText } from '../render/text.js';
import { registerExtraCommands } from './extra-commands.js';
import { registerTest } from './test-command.js';
import { Exit, systemReason, UsageError } from './errors.js';
import { oneLine, strictOptions } from './strict-options.js';
import { defaultDeps, importOptions, inputCommand, type CliDeps } from './options.js';
import {
  flowSpec,
  networkForTrace,
  pickVariant,
  printDiagnostics,
  traceExitStatus,
  traceWithCaveats,
} from './flow.js';
import { writeReport } from './report-file.js';
import { sarifLog } from '../render/sarif.js';

export { Exit, UsageError };

export function useColor(o: { color?: boolean | undefined }): boolean {
  return o.color !== false && process.stdout.isTTY && !process.env.NO_COLOR;
}

/** Build the program (exported for tests; `deps` replaces the loader there). */
export function buildProgram(deps: CliDeps = defaultDeps): Command {
  const program = new Command()
    .name('vpcsim')
    .description('Offline simulator and reachability verifier for AWS VPC networks')
    .version('0.1.0')
    .exitOverride()
    // One line, exit 2 (issue 21 item 5): the message and where the help is, not the whole help.
    .configureOutput({
      outputError: (message, write) => {
        write(`vpcsim: ${oneLine(message)} (see vpcsim --help)\n`);
      },
    });

  inputCommand(program, 'validate', 'check inputs the way the AWS API would; exit 1 if any error')
    .option('--variant <NAME>', 'validate a variant of a vpcsim file')
    .option('--json', 'print diagnostics as JSON')
    .option('--sarif <FILE>', 'also write the diagnostics as SARIF 2.1.0 (code scanning; - for stdout)')
    .option('--no-color', 'plain output')
    .action(async (inputs, o) => {
      // A directory of vpcsim files is checked file by file (separate networks), as `vpcsim test` does.
      const { inputSets } = await import('../formats/load.js'); // on first use: `vpcsim --help` stays fast
      const sets = await inputSets(inputs);
      const ds: Diagnostic[] = [];
      let unreadable = false;
      let withVariant = 0;
      for (const set of sets) {
        const r = await deps.load(set, importOptions(o));
        if (o.variant !== undefined && sets.length > 1 && !r.variants.some((v) => v.name === o.variant))
          continue;
        withVariant++;
        const picked = pickVariant(r, o.variant);
        unreadable ||= hasErrors(picked.diagnostics);
        ds.push(
          ...picked.diagnostics,
          ...(hasErrors(picked.diagnostics) ? [] : validateNetwork(picked.network)),
        );
      }
      if (withVariant === 0) throw new UsageError(`no input defines a variant named "${o.variant ?? ''}"`);
      if (o.sarif !== undefined) await writeReport(o.sarif, JSON.stringify(sarifLog(ds), null, 2) + '\n');
      if (o.json) process.stdout.write(JSON.stringify({ diagnostics: ds }, null, 2) + '\n');
      else if (o.sarif !== '-') {
        printDiagnostics(ds);
        const e = ds.filter((d) => d.severity === 'error').length;
        const w = ds.filter((d) => d.severity === 'warning').length;
        process.stdout.write(`${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}\n`);
      }
      // Input that could not be read is bad input (2); a network AWS would refuse is a finding (1).
      throw new Exit(unreadable ? 2 : hasErrors(ds) ? 1 : 0);
    });

  inputCommand(program, 'trace', 'trace a flow hop by hop in both directions')
    .requiredOption('--from <endpoint>', 'instance, ENI, client:NAME, or IP address')
    .requiredOption('--to <endpoint>', 'instance, ENI, client:NAME, or IP address')
    .option('--protocol <proto>', 'tcp, udp, icmp or a number', 'tcp')
    .option('--port <n>', 'destination port')
    .option('--src-port <n>', 'source port (default 50000, Linux ephemeral range)')
    .option('--icmp-type <n>', 'ICMP type (default 8, echo request)')
    .option('--sni <name>', 'TLS server name (Network Firewall domain rules)')
    .option('--host <name>', 'HTTP Host header (Network Firewall domain rules, ALB host rules)')
    .option('--path <path>', 'HTTP request path (ALB path-pattern rules)')
    .option('--variant <NAME>', 'trace in a variant of a vpcsim file')
    .option('--json', 'print the trace as JSON')
    .option('--no-color', 'plain output')
    .action(async (inputs, o) => {
      const flow = flowSpec(o);
      const r = await deps.load(inputs, importOptions(o));
      const { network, readDiagnostics } = networkForTrace(r, o.variant);
      const t = traceWithCaveats(network, readDiagnostics, flow);
      if (o.json) process.stdout.write(JSON.stringify(t, null, 2) + '\n');
      else process.stdout.write(traceText(t, useColor(o)) + '\n');
      throw new Exit(traceExitStatus(t));
    });

  registerTest(program, deps);
  registerExtraCommands(program, deps);
  strictOptions(program);
  return program;
}

/** Run the CLI; resolves to the exit status. Never prints a stack trace. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length === 0) {
    // Nothing asked: the usage on stderr and status 2, so a script that lost its arguments does not pass.
    process.stderr.write(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`vpcsim: ${e.message}\n`);
      return 2;
    }
    // Whatever the system refused that no command turned into a usage error (a file, a folder, a port).
    const why = systemReason(e);
    if (why !== undefined) {
      process.stderr.write(
        `vpcsim: ${why}${e instanceof Error && 'path' in e ? `: ${String(e.path)}` : ''}\n`,
      );
      return 2;
    }
    process.stderr.write(
      `vpcsim: internal error: ${e instanceof Error ? e.message : String(e)} (please report this with the input that caused it)\n`,
    );
    return 2;
  }
}

/** Entry point. */
export async function main(): Promise<void> {
  const code = await run(process.argv.slice(2));
  process.exit(code);
}

const invoked = process.argv[1] ?? '';
if (invoked.endsWith('/cli/main.ts') || invoked.endsWith('/cli/main.js')) void main();
