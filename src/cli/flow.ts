/**
 * What `trace` and `diagram` share once the inputs are read: the flow from the command line (a TCP or UDP flow
 * needs its destination port — port 0 is never guessed), the network picked (base or `--variant`), the diagnostics
 * that concern the inputs printed, and the trace made honest about what it rests on (analysis/caveats.ts).
 */
import { hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import type { ImportResult } from '../formats/import-result.js';
import type { FlowSpec } from '../model/expectation.js';
import type { Network } from '../model/network.js';
import { compileNetwork } from '../dataplane/compile.js';
import { validateNetwork } from '../validate/index.js';
import { traceFlow, TraceError } from '../analysis/trace.js';
import { planFixes } from '../analysis/fix/chain.js';
import type { TraceResult } from '../analysis/trace-result.js';
import { caveatsOf, withCaveats } from '../analysis/caveats.js';
import { diagnosticsText } from '../render/text.js';
import { Exit, UsageError } from './errors.js';

/** The flow options as commander gives them. */
export interface FlowOptions {
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly port?: string | undefined;
  readonly srcPort?: string | undefined;
  readonly icmpType?: string | undefined;
  readonly sni?: string | undefined;
  readonly host?: string | undefined;
  readonly path?: string | undefined;
}

function num(v: string | undefined, what: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new UsageError(`${what} "${v}" is not a number between ${min} and ${max}`);
  return Number(v);
}

/**
 * The flow to trace; TCP and UDP need `--port` (1–65535: port 0 is not a destination), ICMP takes `--icmp-type`
 * (0–255) and no ports. An option the protocol has no use for is an error, never silently ignored.
 */
export function flowSpec(o: FlowOptions): FlowSpec {
  const proto = o.protocol.toLowerCase();
  const name = proto === '6' ? 'tcp' : proto === '17' ? 'udp' : proto === '1' ? 'icmp' : proto;
  const ported = name === 'tcp' || name === 'udp';
  // `nlb:NAME:443` names its port (issue 16 §5).
  const namedPort = /^(nlb|alb|clb|gwlb|lb|tg):.+:\d+$/.test(o.to);
  if (ported && o.port === undefined && !namedPort)
    throw new UsageError(`a ${name} flow needs its destination port: add --port N (or --protocol icmp)`);
  if (!ported && o.port !== undefined)
    throw new UsageError(`--port is for tcp and udp flows; protocol ${name} has no ports`);
  if (!ported && o.srcPort !== undefined)
    throw new UsageError(`--src-port is for tcp and udp flows; protocol ${name} has no ports`);
  if (name !== 'icmp' && o.icmpType !== undefined)
    throw new UsageError(`--icmp-type is for icmp flows, not ${name} (add --protocol icmp)`);
  return {
    from: o.from,
    to: o.to,
    protocol: o.protocol,
    port: num(o.port, '--port', 1, 65535),
    srcPort: num(o.srcPort, '--src-port', 1, 65535),
    icmpType: num(o.icmpType, '--icmp-type', 0, 255),
    sni: o.sni,
    host: o.host,
    path: o.path,
  };
}

/** Print diagnostics to stderr, one per line (`file:line:col: severity CODE: message`). */
export function printDiagnostics(ds: readonly Diagnostic[]): void {
  if (ds.length > 0)
    process.stderr.write(diagnosticsText(ds, process.stderr.isTTY && !process.env.NO_COLOR) + '\n');
}

/** Pick the base network or a named variant. */
export function pickVariant(
  r: ImportResult,
  name: string | undefined,
): { network: Network; diagnostics: readonly Diagnostic[] } {
  if (name === undefined) return { network: r.network, diagnostics: r.diagnostics };
  const v = r.variants.find((x) => x.name === name);
  if (!v)
    throw new UsageError(
      `no variant named "${name}" (variants: ${r.variants.map((x) => x.name).join(', ') || 'none'})`,
    );
  return { network: v.network, diagnostics: v.diagnostics };
}

/**
 * The network to trace in: every reading diagnostic and every validation error is printed (a warning about the
 * inputs is never silent); input that cannot be read ends with exit status 2.
 */
export function networkForTrace(
  r: ImportResult,
  variant: string | undefined,
): {
  network: Network;
  readDiagnostics: readonly Diagnostic[];
} {
  const picked = pickVariant(r, variant);
  if (hasErrors(picked.diagnostics)) {
    printDiagnostics(picked.diagnostics);
    throw new Exit(2);
  }
  printDiagnostics([
    ...picked.diagnostics,
    ...validateNetwork(picked.network).filter((d) => d.severity === 'error'),
  ]);
  return { network: picked.network, readDiagnostics: picked.diagnostics };
}

/** Trace a flow and say what the verdict rests on; an endpoint that names nothing is a usage error. */
export function traceWithCaveats(
  network: Network,
  readDiagnostics: readonly Diagnostic[],
  flow: FlowSpec,
): TraceResult {
  try {
    const compiled = compileNetwork(network).compiled;
    const t = withCaveats(traceFlow(compiled, flow), caveatsOf(network, readDiagnostics));
    const fix = planFixes(network, compiled, flow, t);
    return fix ? { ...t, fix } : t;
  } catch (e) {
    if (e instanceof TraceError) throw new UsageError(e.message);
    throw e;
  }
}

/** Exit status of a trace: 0 reachable, 1 unreachable or asymmetric, 3 unknown (the verdict is uncertain). */
export function traceExitStatus(t: TraceResult): number {
  if (t.uncertain) return 3;
  return t.verdict === 'reachable' ? 0 : 1;
}
