/**
 * Fixes for a trace that did not reach: suggest the change that removes the drop, apply it to a copy of the
 * network, trace again, and repeat while the flow is still dropped at a place one change answers — up to
 * MAX_FIXES changes. The result says whether the changes together admit the flow (`admits`), checked by the
 * re-trace itself, never assumed; when a drop has no single-change answer the chain stops and says where.
 */
import type { Network } from '../../model/network.js';
import { compileNetwork } from '../../dataplane/compile.js';
import type { FlowSpec } from '../../model/expectation.js';
import { traceFlow } from '../trace.js';
import type { TraceResult } from '../trace-result.js';
import { applyFix } from './apply.js';
import type { FixSuggestion } from './change.js';
import { suggestFor } from './suggest.js';
import type { CompiledNetwork } from '../../dataplane/compiled.js';

const MAX_FIXES = 5;

export interface FixPlan {
  /** The changes, in the order the flow meets the drops. */
  readonly changes: readonly FixSuggestion[];
  /** True when the re-trace with every change made is reachable (symmetric). */
  readonly admits: boolean;
  /** When not admitted: where the re-traced flow still stops, and why. */
  readonly stillDroppedAt?: string | undefined;
  readonly stillCode?: string | undefined;
}

function droppedLeg(
  t: TraceResult,
): { path: 'forward' | 'return'; hop: TraceResult['forward']['hops'][number] } | undefined {
  if (t.forward.disposition === 'dropped') {
    const hop = t.forward.hops[t.forward.hops.length - 1];
    return hop ? { path: 'forward', hop } : undefined;
  }
  if (t.return?.disposition === 'dropped') {
    const hop = t.return.hops[t.return.hops.length - 1];
    return hop ? { path: 'return', hop } : undefined;
  }
  return undefined;
}

/** The fix plan for an unreachable trace `t` of `flow` on `net` (compiled as `c`); undefined when `t` reached. */
export function planFixes(
  net: Network,
  c: CompiledNetwork,
  flow: FlowSpec,
  t: TraceResult,
): FixPlan | undefined {
  if (t.verdict !== 'unreachable') return undefined;
  const changes: FixSuggestion[] = [];
  let current = net;
  let compiled = c;
  let result = t;
  while (changes.length < MAX_FIXES) {
    const leg = droppedLeg(result);
    if (!leg) break;
    const s = suggestFor(compiled, leg.hop, leg.path);
    if (!s) return { changes, admits: false, stillDroppedAt: leg.hop.id, stillCode: leg.hop.code };
    changes.push(s.suggestion);
    current = applyFix(current, s.change);
    compiled = compileNetwork(current).compiled;
    result = traceFlow(compiled, flow);
    if (result.verdict === 'reachable') return { changes, admits: true };
    if (result.verdict !== 'unreachable') break;
  }
  const leg = droppedLeg(result);
  return { changes, admits: false, stillDroppedAt: leg?.hop.id, stillCode: leg?.hop.code ?? result.verdict };
}
