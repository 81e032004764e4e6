/**
 * The `vpcsim` command line: validate, trace, test (and diagram, serve). Thin: parses options, calls the library,
 * renders, and sets the exit status — 0 reachable / all passed, 1 unreachable / asymmetric / a test failed /
 * validation errors, 2 bad input or usage. Diagnostics go to stderr as `file:line:col: error CODE: message`; no
 * stack trace is ever printed. Only `main` calls `process.exit`.
 */
import { writeFile } from 'node:fs/promises';
import { Command, CommanderError } from '@commander-js/extra-typings';
import { hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import type { ImportResult } from '../formats/import-result.js';
import { inputSets } from '../formats/load.js';
import { validateNetwork } from '../validate/index.js';
import { compileNetwork } from '../dataplane/compile.js';
import { traceFlow, TraceError } from '../analysis/trace.js';
import { runTests, type Suite } from '../analysis/run-tests.js';
import { diagnosticsText, testReportText, traceText } from '../render/text.js';
import { junitXml } from '../render/junit.js';
import { registerExtraCommands } from './extra-commands.js';
import { Exit, UsageError } from './errors.js';
import { defaultDeps, importOptions, inputCommand, type CliDeps } from './options.js';

export { Exit, UsageError };

function useColor(o: { color?: boolean | undefined }): boolean {
  return o.color !== false && process.stdout.isTTY && !process.env.NO_COLOR;
}

function printDiagnostics(ds: readonly Diagnostic[]): void {
  if (ds.length > 0)
    process.stderr.write(diagnosticsText(ds, process.stderr.isTTY && !process.env.NO_COLOR) + '\n');
}

/** Pick the base network or a named variant. */
function pickVariant(
  r: ImportResult,
  name: string | undefined,
): { network: ImportResult['network']; diagnostics: readonly Diagnostic[] } {
  if (name === undefined) return { network: r.network, diagnostics: r.diagnostics };
  const v = r.variants.find((x) => x.name === name);
  if (!v)
    throw new UsageError(
      `no variant named "${name}" (variants: ${r.variants.map((x) => x.name).join(', ') || 'none'})`,
    );
  return { network: v.network, diagnostics: v.diagnostics };
}

/** Build the program (exported for tests; `deps` replaces the loader there). */
export function buildProgram(deps: CliDeps = defaultDeps): Command {
  const program = new Command()
    .name('vpcsim')
    .description('Offline simulator and reachability verifier for AWS VPC networks')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();

  inputCommand(program, 'validate', 'check inputs the way the AWS API would; exit 1 if any error')
    .option('--variant <NAME>', 'validate a variant of a vpcsim file')
    .option('--json', 'print diagnostics as JSON')
    .option('--no-color', 'plain output')
    .action(async (inputs, o) => {
      const r = await deps.load(inputs, importOptions(o));
      const picked = pickVariant(r, o.variant);
      const ds = [
        ...picked.diagnostics,
        ...(hasErrors(picked.diagnostics) ? [] : validateNetwork(picked.network)),
      ];
      if (o.json) process.stdout.write(JSON.stringify({ diagnostics: ds }, null, 2) + '\n');
      else {
        printDiagnostics(ds);
        const e = ds.filter((d) => d.severity === 'error').length;
        const w = ds.filter((d) => d.severity === 'warning').length;
        process.stdout.write(`${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}\n`);
      }
      // Input that could not be read is bad input (2); a network AWS would refuse is a finding (1).
      throw new Exit(hasErrors(picked.diagnostics) ? 2 : hasErrors(ds) ? 1 : 0);
    });

  inputCommand(program, 'trace', 'trace a flow hop by hop in both directions')
    .requiredOption('--from <endpoint>', 'instance, ENI, client:NAME, or IP address')
    .requiredOption('--to <endpoint>', 'instance, ENI, client:NAME, or IP address')
    .option('--protocol <proto>', 'tcp, udp, icmp or a number', 'tcp')
    .option('--port <n>', 'destination port')
    .option('--src-port <n>', 'source port (default 50000, Linux ephemeral range)')
    .option('--icmp-type <n>', 'ICMP type (default 8, echo request)')
    .option('--sni <name>', 'TLS server name (Network Firewall domain rules)')
    .option('--host <name>', 'HTTP Host header (Network Firewall domain rules)')
    .option('--variant <NAME>', 'trace in a variant of a vpcsim file')
    .option('--json', 'print the trace as JSON')
    .option('--no-color', 'plain output')
    .action(async (inputs, o) => {
      const num = (v: string | undefined, what: string): number | undefined => {
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v) || Number(v) > 65535)
          throw new UsageError(`${what} "${v}" is not a number between 0 and 65535`);
        return Number(v);
      };
      const r = await deps.load(inputs, importOptions(o));
      const picked = pickVariant(r, o.variant);
      const errs = picked.diagnostics.filter((d) => d.severity === 'error');
      if (errs.length > 0) {
        printDiagnostics(picked.diagnostics);
        throw new Exit(2);
      }
      const vds = validateNetwork(picked.network);
      printDiagnostics(vds.filter((d) => d.severity === 'error'));
      const { compiled } = compileNetwork(picked.network);
      let t;
      try {
        t = traceFlow(compiled, {
          from: o.from,
          to: o.to,
          protocol: o.protocol,
          port: num(o.port, '--port'),
          srcPort: num(o.srcPort, '--src-port'),
          icmpType: num(o.icmpType, '--icmp-type'),
          sni: o.sni,
          host: o.host,
        });
      } catch (e) {
        if (e instanceof TraceError) throw new UsageError(e.message);
        throw e;
      }
      if (o.json) process.stdout.write(JSON.stringify(t, null, 2) + '\n');
      else process.stdout.write(traceText(t, useColor(o)) + '\n');
      throw new Exit(t.verdict === 'reachable' ? 0 : 1);
    });

  inputCommand(
    program,
    'test',
    'run the expectations written in the inputs; exit 1 if any fails',
    'files or directories (a directory of vpcsim files runs each file on its own)',
  )
    .option('--junit <FILE>', 'also write a JUnit XML report')
    .option('--json', 'print results as JSON')
    .option('--no-color', 'plain output')
    .action(async (inputs, o) => {
      const sets = await inputSets(inputs);
      const suites: Suite[] = [];
      let bad = false;
      for (const set of sets) {
        const r = await deps.load(set, importOptions(o));
        const title = set.join(' + ');
        if (hasErrors(r.diagnostics) && r.variants.length === 0 && r.expectations.length === 0) {
          printDiagnostics(r.diagnostics);
          bad = true;
          continue;
        }
        suites.push(...runTests(r, title));
      }
      if (o.junit !== undefined) await writeFile(o.junit, junitXml(suites));
      if (o.json) {
        process.stdout.write(
          JSON.stringify(
            suites.map((s) => ({
              title: s.title,
              outcomes: s.outcomes.map((x) => ({
                name: x.name,
                passed: x.passed,
                failures: x.failures,
                trace: x.passed ? undefined : x.trace,
              })),
            })),
            null,
            2,
          ) + '\n',
        );
      } else process.stdout.write(testReportText(suites, useColor(o)) + '\n');
      if (bad) throw new Exit(2);
      throw new Exit(suites.every((s) => s.outcomes.every((x) => x.passed)) ? 0 : 1);
    });

  registerExtraCommands(program, deps);
  return program;
}

/** Run the CLI; resolves to the exit status. Never prints a stack trace. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
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
