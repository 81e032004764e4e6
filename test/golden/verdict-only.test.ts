/**
 * Verdict-only traces (`record: false`, what bulk analysis and `npm run bench` use) decide exactly what full traces
 * decide: on every flow of every golden input (test/golden/inputs.ts), the verdict, whether it is uncertain, the
 * asymmetry code, and for each direction the disposition, the explanation code, where it ended and where it was
 * dropped (a dropped path's endpoint, its last hop, only exists in a full trace). The full traces are pinned by the goldens; this pins the verdict-only walk, which skips hop records,
 * strings and (issue 19) work whose only effect is on them, to the same answers.
 */
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import type { PathResult, TraceResult } from '../../src/analysis/trace-result.js';
import { goldenCases, goldenInputs } from './inputs.js';

function pathSummary(p: PathResult | null): unknown {
  if (!p) return null;
  // A dropped path's endpoint is its last hop, which a verdict-only walk does not keep: droppedAt stands for it.
  const endpoint = p.disposition === 'dropped' ? undefined : p.endpoint;
  return { disposition: p.disposition, code: p.code, endpoint, droppedAt: p.droppedAt };
}

function summary(t: TraceResult): unknown {
  return {
    verdict: t.verdict,
    uncertain: t.uncertain === true,
    asymmetry: t.asymmetry?.code,
    forward: pathSummary(t.forward),
    return: pathSummary(t.return),
  };
}

function outcome(f: () => TraceResult): unknown {
  try {
    return summary(f());
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

describe('verdict-only traces agree with full traces', () => {
  for (const input of goldenInputs()) {
    it(input.name, async () => {
      const cases = await goldenCases(input);
      const differ: string[] = [];
      for (const k of cases) {
        const full = outcome(() => traceFlow(k.c, k.flow, { record: true }));
        const bare = outcome(() => traceFlow(k.c, k.flow, { record: false }));
        if (JSON.stringify(full) !== JSON.stringify(bare))
          differ.push(
            `${k.origin} ${JSON.stringify(k.flow)}\n  full:         ${JSON.stringify(full)}\n  verdict-only: ${JSON.stringify(bare)}`,
          );
      }
      expect(differ).toEqual([]);
    });
  }
});
