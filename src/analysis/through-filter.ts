/**
 * A path that must cross a component (issue 14: a gateway or peering connection named as an endpoint): Reachability
 * Analyzer reads such a source or destination as "enters or leaves through it", and answers
 * `COMPONENT_FILTER_RESTRICTION` when no path matches the filter (a path may exist without it). A request dropped
 * before it keeps its own drop, which explains more; a request that gets through without crossing the component is
 * unreachable with that code, naming the component and where the request went instead.
 */
import type { ThroughFilter } from './resource-endpoints.js';
import type { TraceResult } from './trace-result.js';

export function requireThrough(t: TraceResult, through: readonly ThroughFilter[]): TraceResult {
  if (t.forward.disposition === 'dropped') return t;
  const missed = through.find((f) => !t.forward.hops.some((h) => h.id === f.id));
  if (!missed) return t;
  const end = t.forward.endpoint ?? 'its destination';
  const crossed = t.forward.hops
    .filter((h) => h.kind === 'internet-gateway' || h.kind === 'nat-gateway' || h.kind === 'vpc-peering')
    .map((h) => h.id);
  const via = crossed.length > 0 ? ` through ${[...new Set(crossed)].join(', ')}` : '';
  return {
    ...t,
    verdict: 'unreachable',
    filter: { through: missed.id, code: 'COMPONENT_FILTER_RESTRICTION' },
    notes: [
      `no path crosses ${missed.what} (COMPONENT_FILTER_RESTRICTION): the request reaches ${end}${via} without it`,
      ...t.notes,
    ],
  };
}
