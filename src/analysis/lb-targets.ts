/**
 * A trace through a load balancer reports each target (issue 16 §5): the node's pick is traced first; every other
 * target it may pick (ELB-1, ELB-2) is traced in turn with that target forced, and the targets it may not pick are
 * listed with the reason (ELB_NOT_CROSSZONE, ELB_INSTALLED_AZ_RESTRICTION). The verdict stays the pick's; a note
 * says whether all, some or none of the targets answer ("works for some connections only").
 */
import type { TraceState } from '../dataplane/trace-state.js';
import type { TargetsReport, TraceResult } from './trace-result.js';

/** `trace(force)` traces the flow again with the first load balancer forced to pick `force`. */
export function lbTargetsReport(
  st: TraceState,
  first: TraceResult,
  trace: (force: string) => TraceResult,
): TargetsReport | undefined {
  const d = st.lbDecision;
  if (!d) return undefined;
  const results: TargetsReport['results'][number][] = [];
  for (const target of d.eligible) {
    const t = target === d.picked ? first : trace(target);
    results.push({
      target,
      verdict: t.verdict,
      code: t.verdict === 'reachable' ? undefined : (t.return?.code ?? t.forward.code),
      droppedAt: t.return?.droppedAt ?? t.forward.droppedAt,
    });
  }
  for (const x of d.excluded) results.push({ target: x.target, verdict: 'not used', reason: x.reason });
  const ok = results.filter((r) => r.verdict === 'reachable').length;
  const used = d.eligible.length;
  return {
    loadBalancer: d.lb,
    node: d.node,
    reachable: ok === 0 ? 'none' : ok === used ? 'all' : 'some',
    results,
  };
}

/** One sentence for the trace's notes. */
export function targetsNote(r: TargetsReport): string {
  const what =
    r.reachable === 'all'
      ? 'all targets answer'
      : r.reachable === 'none'
        ? 'no target answers'
        : 'some targets answer — works for some connections only';
  const lines = r.results.map((x) =>
    x.verdict === 'not used'
      ? `${x.target}: not used (${x.reason ?? ''})`
      : `${x.target}: ${x.verdict}${x.code ? ` (${x.code}${x.droppedAt ? ` at ${x.droppedAt}` : ''})` : ''}`,
  );
  return `${r.loadBalancer} (node ${r.node}): ${what}: ${lines.join('; ')}`;
}
