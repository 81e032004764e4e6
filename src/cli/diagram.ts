/**
 * `vpcsim diagram <inputs…> [flow options] [--format svg|png|dot|mermaid] [-o FILE]`: the network as nested boxes,
 * and with `--from`/`--to` the traced flow drawn over it (forward and return paths, drop, translations).
 *
 * Thin: loads, traces, renders (render/diagram), writes. Inputs that cannot be read end with exit status 2 and
 * their diagnostics on stderr, like `vpcsim trace`; a flow the engine cannot resolve is a usage error (2).
 * The format comes from `--format`, else from the `-o` extension (.svg .png .dot/.gv .mmd/.mermaid), else SVG.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Option, type Command } from '@commander-js/extra-typings';
import { networkToDot } from '../render/diagram/dot.js';
import { networkToMermaid } from '../render/diagram/mermaid.js';
import { flowSpec, networkForTrace, traceWithCaveats } from './flow.js';
import { Exit, UsageError, userWrite } from './errors.js';
import { defaultDeps, importOptions, inputCommand, type CliDeps } from './options.js';

export type DiagramFormat = 'svg' | 'png' | 'dot' | 'mermaid';

/** Format from `--format`, else the output file's extension, else svg. */
export function diagramFormat(format: string | undefined, out: string | undefined): DiagramFormat {
  if (format !== undefined) {
    if (format === 'svg' || format === 'png' || format === 'dot' || format === 'mermaid') return format;
    throw new UsageError(`--format "${format}" must be svg, png, dot or mermaid`);
  }
  const ext = extname(out ?? '').toLowerCase();
  switch (ext) {
    case '.png':
      return 'png';
    case '.dot':
    case '.gv':
      return 'dot';
    case '.mmd':
    case '.mermaid':
      return 'mermaid';
    case '.svg':
    case '':
      return 'svg';
    default:
      // Never write SVG into a file whose name promises something else.
      throw new UsageError(
        `-o ${out ?? ''}: vpcsim cannot write ${ext} files; use .svg, .png, .dot/.gv or .mmd/.mermaid (or --format)`,
      );
  }
}

/** Register `vpcsim diagram` on the program. */
export function register(program: Command, deps: CliDeps = defaultDeps): void {
  inputCommand(program, 'diagram', 'draw the network (and a traced flow) as SVG, PNG, DOT or Mermaid')
    .option('--from <endpoint>', 'trace from: instance, ENI, client:NAME, or IP address')
    .option('--to <endpoint>', 'trace to: instance, ENI, client:NAME, or IP address')
    .option('--protocol <proto>', 'tcp, udp, icmp or a number', 'tcp')
    .option('--port <n>', 'destination port')
    .option('--src-port <n>', 'source port')
    .option('--icmp-type <n>', 'ICMP type (default 8, echo request)')
    .option('--sni <name>', 'TLS server name (Network Firewall domain rules)')
    .option('--host <name>', 'HTTP Host header (Network Firewall domain rules)')
    .option('--variant <NAME>', 'draw a variant of a vpcsim file')
    .addOption(new Option('--format <format>', 'svg, png, dot or mermaid (default: from -o, else svg)'))
    .option('-o, --output <FILE>', 'write to FILE instead of stdout')
    .option('--rankdir <dir>', 'TB (top to bottom, default) or LR')
    .option('--no-routes', 'leave out the route edges')
    .option('--scale <n>', 'PNG zoom factor (default 1.5)')
    .action(async (inputs, o) => {
      const format = diagramFormat(o.format, o.output);
      if (o.rankdir !== undefined && o.rankdir !== 'TB' && o.rankdir !== 'LR')
        throw new UsageError(`--rankdir "${o.rankdir}" must be TB or LR`);
      if (
        o.scale !== undefined &&
        !(/^\d+(\.\d+)?$/.test(o.scale) && Number(o.scale) > 0 && Number(o.scale) <= 10)
      )
        throw new UsageError(`--scale "${o.scale}" is not a zoom factor between 0 and 10 (for example 2)`);
      if ((o.from === undefined) !== (o.to === undefined))
        throw new UsageError('give both --from and --to to draw a flow (or neither)');
      if (format === 'png' && o.output === undefined && process.stdout.isTTY)
        throw new UsageError('a PNG needs -o FILE (or a pipe)');
      const flow =
        o.from !== undefined && o.to !== undefined ? flowSpec({ ...o, from: o.from, to: o.to }) : undefined;
      const r = await deps.load(inputs, importOptions(o));
      const { network, readDiagnostics } = networkForTrace(r, o.variant);
      const trace = flow !== undefined ? traceWithCaveats(network, readDiagnostics, flow) : undefined;

      let data: string | Buffer;
      if (format === 'mermaid') data = networkToMermaid(network, trace);
      else {
        const dot = networkToDot(network, trace, { rankdir: o.rankdir, routes: o.routes });
        if (format === 'dot') data = dot;
        else {
          // Graphviz (WASM) and resvg (native) load only when a picture is drawn: `vpcsim --help` stays fast.
          const { dotToSvg } = await import('../render/diagram/svg.js');
          const svg = await dotToSvg(dot);
          data =
            format === 'svg'
              ? svg
              : (await import('../render/diagram/png.js')).svgToPng(svg, {
                  scale: o.scale !== undefined ? Number(o.scale) : undefined,
                });
        }
      }
      if (o.output !== undefined) {
        const file = o.output;
        await userWrite(file, () => writeFile(file, data));
        const verdict = trace
          ? ` (${trace.uncertain ? `unknown — as modelled ${trace.verdict}` : trace.verdict})`
          : '';
        process.stderr.write(`wrote ${o.output}${verdict}\n`);
      } else process.stdout.write(data);
      throw new Exit(0);
    });
}
