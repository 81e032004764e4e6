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
import { formatDiagnostic, hasErrors } from '../diag/diagnostic.js';
import { compileNetwork } from '../dataplane/compile.js';
import { traceFlow, TraceError } from '../analysis/trace.js';
import type { TraceResult } from '../analysis/trace-result.js';
import { networkToDot } from '../render/diagram/dot.js';
import { dotToSvg } from '../render/diagram/svg.js';
import { svgToPng } from '../render/diagram/png.js';
import { networkToMermaid } from '../render/diagram/mermaid.js';
import { Exit, UsageError } from './errors.js';
import { defaultDeps, importOptions, inputCommand, type CliDeps } from './options.js';

export type DiagramFormat = 'svg' | 'png' | 'dot' | 'mermaid';

/** Format from `--format`, else the output file's extension, else svg. */
export function diagramFormat(format: string | undefined, out: string | undefined): DiagramFormat {
  if (format !== undefined) {
    if (format === 'svg' || format === 'png' || format === 'dot' || format === 'mermaid') return format;
    throw new UsageError(`--format "${format}" must be svg, png, dot or mermaid`);
  }
  switch (extname(out ?? '').toLowerCase()) {
    case '.png':
      return 'png';
    case '.dot':
    case '.gv':
      return 'dot';
    case '.mmd':
    case '.mermaid':
      return 'mermaid';
    default:
      return 'svg';
  }
}

const port = (v: string | undefined, what: string): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) > 65535)
    throw new UsageError(`${what} "${v}" is not a number between 0 and 65535`);
  return Number(v);
};

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
      if ((o.from === undefined) !== (o.to === undefined))
        throw new UsageError('give both --from and --to to draw a flow (or neither)');
      if (format === 'png' && o.output === undefined && process.stdout.isTTY)
        throw new UsageError('a PNG needs -o FILE (or a pipe)');
      const r = await deps.load(inputs, importOptions(o));
      let network = r.network;
      let diagnostics = r.diagnostics;
      if (o.variant !== undefined) {
        const v = r.variants.find((x) => x.name === o.variant);
        if (!v)
          throw new UsageError(
            `no variant named "${o.variant}" (variants: ${r.variants.map((x) => x.name).join(', ') || 'none'})`,
          );
        network = v.network;
        diagnostics = v.diagnostics;
      }
      for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      if (hasErrors(diagnostics)) throw new Exit(2);

      let trace: TraceResult | undefined;
      if (o.from !== undefined && o.to !== undefined) {
        try {
          trace = traceFlow(compileNetwork(network).compiled, {
            from: o.from,
            to: o.to,
            protocol: o.protocol,
            port: port(o.port, '--port'),
            srcPort: port(o.srcPort, '--src-port'),
            icmpType: port(o.icmpType, '--icmp-type'),
            sni: o.sni,
            host: o.host,
          });
        } catch (e) {
          if (e instanceof TraceError) throw new UsageError(e.message);
          throw e;
        }
      }

      let data: string | Buffer;
      if (format === 'mermaid') data = networkToMermaid(network, trace);
      else {
        const dot = networkToDot(network, trace, { rankdir: o.rankdir, routes: o.routes });
        if (format === 'dot') data = dot;
        else {
          const svg = await dotToSvg(dot);
          data =
            format === 'svg'
              ? svg
              : svgToPng(svg, { scale: o.scale !== undefined ? Number(o.scale) : undefined });
        }
      }
      if (o.output !== undefined) {
        await writeFile(o.output, data);
        process.stderr.write(`wrote ${o.output}${trace ? ` (${trace.verdict})` : ''}\n`);
      } else process.stdout.write(data);
      throw new Exit(0);
    });
}
