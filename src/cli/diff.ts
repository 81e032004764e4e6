/**
 * `vpcsim diff <inputs…> --against <inputs…|git:REV|variant:NAME> [--from X] [--to Y] [--protocol P] [--ports A-B]
 * [--format text|markdown|json] [-o FILE] [--fail-on CONDITION,…]`: every class of packets whose verdict or path
 * changed from the `--against` version (before) to the inputs (after), with the trace before and after
 * (analysis/reach/diff.ts). `git:REV` reads the same input paths at that revision; `variant:NAME` is a variant of
 * the same vpcsim file. Exit status: 1 when a class matches a `--fail-on` condition, 0 otherwise (also when
 * something changed but no condition was given or matched), 2 for bad input or usage.
 */
import type { Command } from '@commander-js/extra-typings';
import { compileNetwork } from '../dataplane/compile.js';
import type { CompiledNetwork } from '../dataplane/compiled.js';
import { reachDiff, type DiffClass, type DiffQuestion } from '../analysis/reach/diff.js';
import { ReachError } from '../analysis/reach/query.js';
import { AtomLimitError } from '../analysis/reach/atoms.js';
import { formatDiagnostic } from '../diag/diagnostic.js';
import { diffJson, diffMarkdown, diffText } from '../render/diff.js';
import type { ImportResult } from '../formats/import-result.js';
import { networkForTrace } from './flow.js';
import { inputsAtRevision } from './git-revision.js';
import { parseMaxCells, parsePorts } from './reach.js';
import { writeReport } from './report-file.js';
import { Exit, UsageError } from './errors.js';
import { defaultDeps, importOptions, inputCommand, type CliDeps } from './options.js';

/** `--fail-on` conditions: what makes the exit status 1. */
export const FAIL_ON: Readonly<Record<string, (k: DiffClass) => boolean>> = {
  'new-exposure': (k) => k.kind === 'newly-reachable' && k.fromInternet,
  'newly-reachable-from-internet': (k) => k.kind === 'newly-reachable' && k.fromInternet,
  'newly-reachable': (k) => k.kind === 'newly-reachable',
  'newly-blocked': (k) => k.kind === 'newly-blocked',
  'bypasses-inspection': (k) => k.kind === 'bypasses-inspection',
  any: () => true,
};

export function parseFailOn(values: readonly string[]): string[] {
  const out = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  for (const v of out)
    if (!Object.hasOwn(FAIL_ON, v))
      throw new UsageError(`--fail-on "${v}" must be one of ${Object.keys(FAIL_ON).join(', ')}`);
  return out;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

function compiled(r: ImportResult, variant: string | undefined): CompiledNetwork {
  return compileNetwork(networkForTrace(r, variant).network).compiled;
}

export function register(program: Command, deps: CliDeps = defaultDeps): void {
  inputCommand(
    program,
    'diff',
    'every class of packets whose verdict or path changed against another version of the network, exactly',
  )
    .requiredOption(
      '--against <inputs...>',
      'the version before: input paths, git:REV (the same paths at a git revision) or variant:NAME',
    )
    .option('--from <source>', 'only this source (default: every interface, the internet, every VPN client)')
    .option('--to <destination>', 'only these destinations')
    .option('--protocol <proto>', 'only this protocol: tcp, udp, icmp or a number (default: all)')
    .option('--ports <A-B>', 'only these destination ports (TCP/UDP)')
    .option('--variant <NAME>', 'the version after is this variant of the inputs')
    .option('--format <format>', 'text, markdown or json', 'text')
    .option('-o, --output <FILE>', 'write to FILE instead of stdout')
    .option('--traces', 'print both traces of each class in full (text)')
    .option(
      '--fail-on <conditions>',
      `exit 1 when a class matches: ${Object.keys(FAIL_ON).join(', ')} (repeatable, or comma-separated)`,
      collect,
      [] as string[],
    )
    .option('--max-cells <n>', 'refuse questions larger than this many cells (default 2000000)')
    .option(
      '--every-packet',
      'compare every packet even when only security-group rules changed (same answer, slower)',
    )
    .action(async (inputs, o) => {
      const format = o.format;
      if (!['text', 'markdown', 'json'].includes(format))
        throw new UsageError(`--format "${format}" must be text, markdown or json`);
      const failOn = parseFailOn(o.failOn);
      const q: DiffQuestion = {
        from: o.from,
        to: o.to,
        protocol: o.protocol,
        ports: parsePorts(o.ports),
        maxCells: parseMaxCells(o.maxCells),
        everyPacket: o.everyPacket === true,
      };
      const opts = importOptions(o);
      const against = o.against;
      const first = against[0] ?? '';
      const special = first.startsWith('git:') || first.startsWith('variant:');
      if (special && against.length > 1)
        throw new UsageError(
          `--against ${first} stands alone: give either input paths, git:REV or variant:NAME`,
        );
      const current = await deps.load(inputs, opts);
      const after = compiled(current, o.variant);
      let before: CompiledNetwork;
      if (first.startsWith('variant:')) before = compiled(current, first.slice('variant:'.length));
      else if (first.startsWith('git:')) {
        const rev = inputsAtRevision(inputs, first.slice('git:'.length));
        try {
          before = compiled(await deps.load(rev.paths, opts), undefined);
        } finally {
          rev.cleanup();
        }
      } else before = compiled(await deps.load(against, opts), undefined);
      let r;
      try {
        r = reachDiff(before, after, q);
      } catch (err) {
        if (err instanceof ReachError || err instanceof AtomLimitError) throw new UsageError(err.message);
        throw err;
      }
      for (const w of r.warnings) process.stderr.write(formatDiagnostic(w) + '\n');
      const text =
        format === 'markdown'
          ? diffMarkdown(r)
          : format === 'json'
            ? JSON.stringify(diffJson(r), null, 2)
            : diffText(r, { traces: o.traces });
      if (o.output !== undefined) await writeReport(o.output, text + '\n');
      else process.stdout.write(text + '\n');
      const failed = r.classes.some((k) => failOn.some((f) => FAIL_ON[f]?.(k) === true));
      throw new Exit(failed ? 1 : 0);
    });
}
