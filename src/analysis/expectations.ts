/**
 * Run expectations ("network tests") against a network and say, for each, what passed and what did not.
 *
 * A flow expectation checks the verdict, then (when written) the explanation code, the hops that must appear in
 * order (matched by id, `kind:id`, or owner), hops that must not appear, where the packet was dropped and in which
 * direction, the addresses seen at the destination and at the source, and text that must appear in the trace's
 * notes. A diagnostic expectation checks that validation produced a given code (a case AWS would refuse).
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { DiagnosticExpectation, Expectation, SeenAt } from '../model/expectation.js';
import type { Network } from '../model/network.js';
import type { CompiledNetwork } from '../dataplane/compiled.js';
import type { Hop } from '../dataplane/hop.js';
import type { PacketJson } from '../dataplane/packet.js';
import { traceFlow, TraceError } from './trace.js';
import type { TraceResult } from './trace-result.js';

export interface ExpectationOutcome {
  readonly name: string;
  readonly passed: boolean;
  /** The trace is uncertain (it depends on something not modelled, left open or assumed): neither passed nor a
   * definite failure. `vpcsim test` counts these apart and fails on them unless `--allow-unknown`. */
  readonly unknown?: boolean | undefined;
  /** What did not match (empty when passed). */
  readonly failures: readonly string[];
  readonly trace?: TraceResult | undefined;
  readonly expectation?: Expectation | undefined;
  readonly span?: Expectation['span'];
}

/** Does hop `h` match the selector (`id`, `kind:id`, its owner, or its rule text exactly)? */
export function hopMatches(h: Hop, sel: string): boolean {
  return (
    h.id === sel ||
    h.rule === sel ||
    `${h.kind}:${h.id}` === sel ||
    h.owner === sel ||
    (sel.includes(':') && `${h.kind}:${h.owner ?? ''}` === sel)
  );
}

/** Are the selectors found in `hops`, in order? Returns the first one missing, or undefined. */
export function missingInOrder(hops: readonly Hop[], sels: readonly string[]): string | undefined {
  let i = 0;
  for (const sel of sels) {
    while (i < hops.length && !hopMatches(hops[i] as Hop, sel)) i++;
    if (i >= hops.length) return sel;
    i++;
  }
  return undefined;
}

function checkSeen(
  what: string,
  seen: SeenAt | undefined,
  p: PacketJson | undefined,
  failures: string[],
): void {
  if (!seen) return;
  if (!p) {
    failures.push(`${what}: nothing arrived`);
    return;
  }
  if (seen.src !== undefined && seen.src !== p.src)
    failures.push(`${what}: source is ${p.src}, expected ${seen.src}`);
  if (seen.dst !== undefined && seen.dst !== p.dst)
    failures.push(`${what}: destination is ${p.dst}, expected ${seen.dst}`);
  if (seen.srcPort !== undefined && seen.srcPort !== p.srcPort)
    failures.push(`${what}: source port is ${p.srcPort ?? '-'}, expected ${seen.srcPort}`);
  if (seen.dstPort !== undefined && seen.dstPort !== p.dstPort)
    failures.push(`${what}: destination port is ${p.dstPort ?? '-'}, expected ${seen.dstPort}`);
}

/** The hop where the flow was dropped (forward first, then return). */
function dropHop(t: TraceResult): { hop: Hop; direction: 'forward' | 'return' } | undefined {
  const f = t.forward.hops.find((h) => h.action === 'drop');
  if (f) return { hop: f, direction: 'forward' };
  const r = t.return?.hops.find((h) => h.action === 'drop');
  return r ? { hop: r, direction: 'return' } : undefined;
}

/** The explanation code of a trace: the drop's code, the asymmetry code, or the forward code. */
export function traceCode(t: TraceResult): string | null {
  if (t.filter) return t.filter.code;
  if (t.forward.disposition === 'dropped') return t.forward.code;
  if (t.return && t.return.disposition === 'dropped') return t.return.code;
  if (t.verdict === 'asymmetric') return t.asymmetry?.code ?? null;
  return t.forward.code;
}

/** Check one expectation. */
export function checkExpectation(net: Network | CompiledNetwork, e: Expectation): ExpectationOutcome {
  let t: TraceResult;
  try {
    t = traceFlow(net, e.flow);
  } catch (err) {
    if (err instanceof TraceError)
      return { name: e.name, passed: false, failures: [err.message], expectation: e, span: e.span };
    throw err;
  }
  const failures: string[] = [];
  if (t.verdict !== e.verdict) failures.push(`verdict is ${t.verdict}, expected ${e.verdict}`);
  const code = traceCode(t);
  if (e.code !== undefined && code !== e.code) failures.push(`code is ${code ?? 'none'}, expected ${e.code}`);
  if (e.hops) {
    const miss = missingInOrder(t.forward.hops, e.hops);
    if (miss !== undefined)
      failures.push(`forward path lacks hop "${miss}" (in order ${e.hops.join(' → ')})`);
  }
  if (e.returnHops) {
    const miss = t.return ? missingInOrder(t.return.hops, e.returnHops) : e.returnHops[0];
    if (miss !== undefined)
      failures.push(`return path lacks hop "${miss}" (in order ${e.returnHops.join(' → ')})`);
  }
  for (const sel of e.notHops ?? []) {
    if ([...t.forward.hops, ...(t.return?.hops ?? [])].some((h) => hopMatches(h, sel)))
      failures.push(`hop "${sel}" appears but must not`);
  }
  const d = dropHop(t);
  if (e.droppedAt !== undefined) {
    if (!d) failures.push(`not dropped, expected a drop at ${e.droppedAt}`);
    else if (!hopMatches(d.hop, e.droppedAt))
      failures.push(`dropped at ${d.hop.kind}:${d.hop.id}, expected ${e.droppedAt}`);
  }
  if (e.failsOn !== undefined) {
    if (!d) failures.push(`nothing fails, expected the ${e.failsOn} direction to fail`);
    else if (d.direction !== e.failsOn)
      failures.push(`the ${d.direction} direction fails, expected ${e.failsOn}`);
  }
  checkSeen(
    'at the destination',
    e.seenAtDestination,
    t.forward.disposition === 'dropped' ? undefined : t.forward.finalPacket,
    failures,
  );
  checkSeen(
    'at the source (reply)',
    e.seenAtSource,
    t.return && t.return.disposition !== 'dropped' ? t.return.finalPacket : undefined,
    failures,
  );
  const hopText = (h: Hop): string => `${h.rule ?? ''}\n${h.detail ?? ''}`;
  const text = [
    ...t.notes,
    t.asymmetry?.suggestion ?? '',
    ...t.forward.hops.map(hopText),
    ...(t.return?.hops.map(hopText) ?? []),
  ].join('\n');
  for (const m of e.mentions ?? []) if (!text.includes(m)) failures.push(`the trace does not mention "${m}"`);
  // An uncertain result never counts as a pass, however well it matches (issue 13): what it depends on could
  // change it.
  if (t.uncertain === true) {
    failures.unshift(
      `UNKNOWN — the result is uncertain: ${uncertainReasons(t).join('; ') || 'it depends on something vpcsim does not model'}`,
    );
    return { name: e.name, passed: false, unknown: true, failures, trace: t, expectation: e, span: e.span };
  }
  return { name: e.name, passed: failures.length === 0, failures, trace: t, expectation: e, span: e.span };
}

/** What an uncertain trace depends on: the unsupported components and features its hops name. */
function uncertainReasons(t: TraceResult): string[] {
  const hops = [...t.forward.hops, ...(t.return?.hops ?? [])];
  return [...new Set(hops.flatMap((h) => h.unsupported ?? []))];
}

/** Check that validation produced the expected diagnostics. */
export function checkDiagnostics(
  name: string,
  diags: readonly Diagnostic[],
  expected: readonly DiagnosticExpectation[],
): ExpectationOutcome[] {
  return expected.map((x) => {
    const hit = diags.find(
      (d) =>
        d.code === x.code &&
        (x.severity === undefined || d.severity === x.severity) &&
        (x.resource === undefined || d.resource === x.resource),
    );
    return {
      name: `${name}${x.severity ?? 'diagnostic'} ${x.code}${x.resource ? ` on ${x.resource}` : ''}`,
      passed: hit !== undefined,
      failures: hit
        ? []
        : [
            `no ${x.severity ?? ''} diagnostic ${x.code}${x.resource ? ` on ${x.resource}` : ''}; got ${
              diags
                .filter((d) => d.severity !== 'info')
                .map((d) => d.code)
                .join(', ') || 'none'
            }`,
          ],
      span: x.span,
    };
  });
}
