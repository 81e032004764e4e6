/**
 * Network-wide answers for the page (issue 17 §4): what the internet reaches (`vpcsim exposure`) and the
 * all-pairs reachability matrix (`vpcsim matrix --by`), computed by the same engine as the commands, as JSON
 * the page draws on the diagram and as a heat map. Each exposed row and each matrix cell carries a flow the page
 * can trace (the class's example), so a click opens the same trace `vpcsim trace` prints.
 */
import type { Network } from '../model/network.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { TraceResult } from '../analysis/trace-result.js';
import { compileNetwork } from '../dataplane/compile.js';
import { exposure } from '../analysis/reach/exposure.js';
import { matrix, parseBy } from '../analysis/reach/matrix.js';
import { exposureLine, type ExposureLine } from '../render/exposure.js';
import type { TraceRequest } from './api-types.js';

export type NetworkWideQuery =
  { readonly kind: 'exposure' } | { readonly kind: 'matrix'; readonly by: string };

export interface ExposureView {
  readonly kind: 'exposure';
  /** One row per exposed box, as `vpcsim exposure` prints it, with the flow of its example trace. */
  readonly rows: readonly (ExposureLine & {
    readonly flow: TraceRequest;
    /** The security-group rule that admits it (the example's last inbound allow, SG-1), when one decided. */
    readonly rule?: string | undefined;
  })[];
  readonly warnings: readonly Diagnostic[];
}

export interface MatrixCellView {
  readonly pairs: number;
  readonly reachable: number;
  readonly asymmetric: number;
  readonly services: readonly string[];
  /** A reachable pair's flow, to trace. */
  readonly flow?: TraceRequest | undefined;
}

export interface MatrixView {
  readonly kind: 'matrix';
  readonly by: string;
  readonly groups: readonly string[];
  /** cells[i][j]: from groups[i] to groups[j]. */
  readonly cells: readonly (readonly MatrixCellView[])[];
  readonly warnings: readonly Diagnostic[];
}

export type NetworkWideView = ExposureView | MatrixView;

/** The flow of an example trace, as the page posts it to /api/trace. */
function flowOf(t: TraceResult): TraceRequest {
  const p = t.flow.packet;
  return {
    from: t.flow.from,
    to: t.flow.to,
    protocol: p.protocol,
    port: p.dstPort,
    icmpType: p.icmpType,
    sni: t.flow.sni,
    host: t.flow.host,
  };
}

/** The inbound security-group rule that let the example in: the last inbound allow of a security group (SG-1). */
function exposedBy(t: TraceResult): string | undefined {
  const h = [...t.forward.hops]
    .reverse()
    .find((x) => x.kind === 'security-group' && x.direction === 'inbound' && x.action === 'allow');
  return h ? `${h.id}: ${h.rule ?? 'allowed'}` : undefined;
}

/** `tcp 22` / `udp 53-60` / `icmp` → the protocol and first port of a service. */
function serviceFlow(service: string | undefined): Pick<TraceRequest, 'protocol' | 'port'> {
  const [protocol, ports] = (service ?? 'tcp').split(' ');
  const port = ports !== undefined ? Number.parseInt(ports, 10) : undefined;
  return { protocol, port: port !== undefined && Number.isFinite(port) ? port : undefined };
}

/** Answer a network-wide query; throws (ReachError) with a message for the user when the engine refuses. */
export function networkWide(net: Network, q: NetworkWideQuery): NetworkWideView {
  const c = compileNetwork(net).compiled;
  if (q.kind === 'exposure') {
    const e = exposure(c);
    return {
      kind: 'exposure',
      rows: e.rows.map((r) => ({
        ...exposureLine(r),
        flow: flowOf(r.cls.example),
        rule: exposedBy(r.cls.example),
      })),
      warnings: e.warnings,
    };
  }
  const m = matrix(c, parseBy(q.by));
  return {
    kind: 'matrix',
    by: m.by,
    groups: m.groups,
    cells: m.cells.map((row) =>
      row.map((cell) => ({
        pairs: cell.pairs,
        reachable: cell.reachable,
        asymmetric: cell.asymmetric,
        services: cell.services,
        flow: cell.example
          ? { from: cell.example[0], to: cell.example[1], ...serviceFlow(cell.services[0]) }
          : undefined,
      })),
    ),
    warnings: m.warnings,
  };
}
