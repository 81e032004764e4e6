/**
 * The page's state: one object, created at start-up by main.ts and handed to each part of the page (graph,
 * overlay, panels); `window.vpcsim` exposes it read-only for tests and the benchmark.
 */
import type { Core } from 'cytoscape';
import type { ModelResponse, TestResponse, TraceResponse } from '../server/api-types.js';

export interface PageState {
  cy: Core | undefined;
  model: ModelResponse | undefined;
  trace: TraceResponse | undefined;
  tests: TestResponse | undefined;
  /** Variant of the inputs shown ('' = as written). */
  variant: string;
  /** Which field the next node click fills. */
  pick: 'from' | 'to';
  /** Hidden node id → the node drawn for it (large networks draw each subnet as one node). */
  alias: Map<string, string>;
  /** Milliseconds the last layout took (for the benchmark). */
  layoutMs: number;
  /** Milliseconds from navigation start to the first frame with the graph drawn (for the benchmark). */
  drawnMs: number;
  /** Node ids highlighted on each path (for tests). */
  highlighted: { forward: string[]; return: string[]; drop: string[] };
  /** How many times the view was fitted (first draw, window resizes), and the last zoom chosen (for tests). */
  fits: { count: number; zoom: number };
  /** Node ids marked as exposed to the internet (network-views.ts). */
  exposed: string[];
  /** Route labels hidden because every place for them overlapped another (route-labels.ts). */
  hiddenRouteLabels: number;
}

export function createPageState(): PageState {
  return {
    cy: undefined,
    model: undefined,
    trace: undefined,
    tests: undefined,
    variant: '',
    alias: new Map(),
    pick: 'from',
    layoutMs: 0,
    drawnMs: 0,
    highlighted: { forward: [], return: [], drop: [] },
    fits: { count: 0, zoom: 0 },
    hiddenRouteLabels: 0,
    exposed: [],
  };
}

/** The node drawn for a graph node id (itself, or its subnet in a large network). */
export const shownId = (page: PageState, id: string): string => page.alias.get(id) ?? id;
