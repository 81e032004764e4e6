/**
 * `vpcsim reach <inputs…> --from X [--to Y] [--protocol P] [--ports A-B]`: what X reaches (or, with `--to` only,
 * who reaches Y), as classes of packets that behave alike, each with an example trace (analysis/reach).
 * Exit status 0 when the question was answered, 2 for bad input or usage.
 */
import type { Command } from '@commander-js/extra-typings';
import { compileNetwork } from '../dataplane/compile.js';
import { reach, type ReachQuestion } from '../analysis/reach/reach.js';
import { ReachError } from '../analysis/reach/query.js';
import { AtomLimitError } from '../analysis/reach/atoms.js';
import type { Interval } from '../analysis/reach/space.js';
import { withCaveats, caveatsOf } from '../analysis/caveats.js';
import { reachJson, reachText } from '../render/reach.js';
import { networkForTrace } from './flow.js';
import { Exit, UsageError } from './errors.js';
import { defaultDeps, importOptions, inputCommand, type CliDeps } from './options.js';
import type { Network } from '../model/network.js';
import { formatDiagnostic, type Diagnostic } from '../diag/diagnostic.js';

/** `--ports 443`, `--ports 1024-65535`. */
export function parsePorts(text: string | undefined): Interval | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  const lo = Number(m?.[1]);
  const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
  if (!m || lo > hi || hi > 65535)
    throw new UsageError(`--ports "${text}" must read N or A-B with 0 ≤ A ≤ B ≤ 65535`);
  return { lo, hi };
}

export function parseMaxCells(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--max-cells "${text}" is not a number`);
  return Number(text);
}

/** Answer `q` in `network` with the caveats of the inputs on every example; usage errors for bad names. */
export function answerReach(network: Network, readDiagnostics: readonly Diagnostic[], q: ReachQuestion) {
  try {
    const r = reach(compileNetwork(network).compiled, q);
    const caveats = caveatsOf(network, readDiagnostics);
    return {
      ...r,
      classes: r.classes.map((k) => {
        const example = withCaveats(k.example, caveats);
        return { ...k, example, uncertain: k.uncertain || example.uncertain === true };
      }),
    };
  } catch (e) {
    if (e instanceof ReachError || e instanceof AtomLimitError) throw new UsageError(e.message);
    throw e;
  }
}

export function register(program: Command, deps: CliDeps = defaultDeps): void {
  inputCommand(
    program,
    'reach',
    'every class of packets a source reaches (or that reach a destination), exactly',
  )
    .option('--from <source>', 'instance, ENI, client:NAME, onprem:NAME, subnet, VPC, CIDR or "internet"')
    .option(
      '--to <destination>',
      'instance, ENI, client:NAME, subnet, VPC, CIDR or "internet" (default: everything)',
    )
    .option('--protocol <proto>', 'only this protocol: tcp, udp, icmp or a number (default: all)')
    .option('--ports <A-B>', 'only these destination ports (TCP/UDP)')
    .option('--reachable', 'only the classes that get through (reachable or asymmetric)')
    .option('--traces', 'print each class’s example trace in full')
    .option('--max-cells <n>', 'refuse questions larger than this many cells (default 2000000)')
    .option('--variant <NAME>', 'ask in a variant of a vpcsim file')
    .option('--json', 'print the classes as JSON')
    .option('--no-color', 'plain output')
    .action(async (inputs, o) => {
      if (o.from === undefined && o.to === undefined) throw new UsageError('give --from, --to or both');
      const q: ReachQuestion = {
        from: o.from,
        to: o.to,
        protocol: o.protocol,
        ports: parsePorts(o.ports),
        maxCells: parseMaxCells(o.maxCells),
        verdicts: o.reachable ? new Set(['reachable', 'asymmetric']) : undefined,
      };
      const r = await deps.load(inputs, importOptions(o));
      const { network, readDiagnostics } = networkForTrace(r, o.variant);
      const res = answerReach(network, readDiagnostics, q);
      for (const w of res.warnings) process.stderr.write(formatDiagnostic(w) + '\n');
      const color = o.color && process.stdout.isTTY && !process.env.NO_COLOR;
      if (o.json) process.stdout.write(JSON.stringify(reachJson(res), null, 2) + '\n');
      else process.stdout.write(reachText(res, { color, traces: o.traces }) + '\n');
      throw new Exit(0);
    });
}
