/**
 * Graphviz DOT for a network, optionally with a traced flow drawn over it.
 *
 * Model: nested clusters region › VPC › AZ › subnet (from `buildTopology`); routes as thin grey dashed edges
 * labelled with their destination; a trace as numbered edges — forward `1, 2, …` in blue, return `R1, R2, …` in
 * orange — with address translations written on the edge leaving the component that translated, a red octagon
 * where a path is dropped (with its explanation code and rule), and a note where an asymmetric reply leaves the
 * request's path. Path edges do not constrain the layout, so the picture of the network is the same with and
 * without a trace.
 * Invariants: output is a pure function of its inputs (sorted, no timestamps); every string is escaped for an
 * HTML-like label, so ids containing quotes, `<` or `&` cannot break the DOT.
 */
import type { Network } from '../../model/network.js';
import { resolveAssociations } from '../../associations/resolve.js';
import type { TraceResult } from '../../analysis/trace-result.js';
import { buildTopology, type DiagramCluster, type DiagramNode, type TopologyGraph } from './topology.js';
import { traceOverlay, type PathOverlay, type TraceOverlay } from './overlay.js';
import {
  CLUSTER_STYLE,
  DROP_COLOR,
  FORWARD_COLOR,
  NODE_FILL,
  NOTE_COLOR,
  PUBLIC_SUBNET_FILL,
  RETURN_COLOR,
  ROUTE_COLOR,
} from './style.js';

export interface DotOptions {
  /** Draw route edges (default true). */
  readonly routes?: boolean | undefined;
  /** Layout direction (default `TB`). */
  readonly rankdir?: 'TB' | 'LR' | undefined; // default LR: traffic reads left (workloads) to right (internet)
  /** A title line above the picture (default: the traced flow and its verdict). */
  readonly title?: string | undefined;
  readonly fontname?: string | undefined;
}

const FONT = 'DejaVu Sans';

/** Escape text for a Graphviz HTML-like label. */
export function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Quote a DOT id. */
export function dotId(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** First line bold, the others small. */
function htmlLabel(lines: readonly string[], titleSize = 11, bodySize = 9): string {
  const [head = '', ...rest] = lines;
  const body = rest.map((l) => `<br/><font point-size="${bodySize}">${htmlEscape(l)}</font>`).join('');
  return `<<font point-size="${titleSize}"><b>${htmlEscape(head)}</b></font>${body}>`;
}

/**
 * DOT text of a network and, when given, a traced flow over it.
 * `networkToDot(net, trace)` → `digraph vpcsim { … "inst:app" -> "router:Private" [label=<<b>1</b>> …] … }`
 */
export function networkToDot(net: Network, trace?: TraceResult, opts: DotOptions = {}): string {
  const graph = buildTopology(net);
  const overlay = trace ? traceOverlay(graph, trace) : undefined;
  return graphToDot(graph, overlay, opts, publicSubnets(net));
}

/** Subnets whose route table has a route to an internet gateway (drawn greener). */
function publicSubnets(net: Network): ReadonlySet<string> {
  const igwTables = new Set(
    net.routeTables
      .filter((r) => r.routes.some((x) => x.target.kind === 'internet-gateway'))
      .map((r) => r.id),
  );
  // The table in effect for each subnet (RT-9), as the data plane uses it.
  const assoc = resolveAssociations(net);
  return new Set(
    net.subnets.filter((s) => igwTables.has(assoc.subnets.get(s.id)?.routeTable.id ?? '')).map((s) => s.id),
  );
}

/** DOT of an already-built graph and overlay (used by `networkToDot` and the benchmark). */
export function graphToDot(
  graph: TopologyGraph,
  overlay: TraceOverlay | undefined,
  opts: DotOptions = {},
  publicSet: ReadonlySet<string> = new Set(),
): string {
  const font = opts.fontname ?? FONT;
  const out: string[] = [];
  out.push('digraph vpcsim {');
  out.push(
    `  graph [rankdir=${opts.rankdir ?? 'TB'}, compound=true, newrank=true, nodesep=0.35, ranksep=0.55, fontname=${dotId(font)}, bgcolor="white", pad=0.3];`,
  );
  out.push(
    `  node [shape=box, style="rounded,filled", fontname=${dotId(font)}, fontsize=10, color="#607d8b", penwidth=1];`,
  );
  out.push(`  edge [fontname=${dotId(font)}, fontsize=8, color="${ROUTE_COLOR}", arrowsize=0.6];`);
  const title = opts.title ?? overlay?.title;
  if (title !== undefined) {
    const legend = overlay
      ? `forward path: blue, steps 1, 2, … · return path: orange, steps R1, R2, …${overlay.forward.drop || overlay.return?.drop ? ' · red: dropped' : ''}`
      : '';
    out.push(`  label=${htmlLabel(legend ? [title, legend] : [title], 14, 10)}; labelloc=t; labeljust=l;`);
  }

  const onForward = new Set(overlay?.forward.nodes ?? []);
  const onReturn = new Set(overlay?.return?.nodes ?? []);
  const nodeLine = (n: DiagramNode, indent: string): string => {
    const attrs = [`label=${htmlLabel(n.label)}`, `fillcolor="${NODE_FILL[n.kind]}"`];
    if (n.kind === 'internet') attrs.push('shape=ellipse', 'style="filled"');
    if (n.kind === 'subnet-router') attrs.push('shape=box', 'style="filled"', 'fontsize=9');
    if (n.kind === 'external') attrs.push('style="rounded,filled,dashed"');
    if (onForward.has(n.id) || onReturn.has(n.id)) {
      attrs.push(`color="${onForward.has(n.id) ? FORWARD_COLOR : RETURN_COLOR}"`, 'penwidth=2.5');
    }
    return `${indent}${dotId(n.id)} [${attrs.join(', ')}];`;
  };

  const childrenOf = new Map<string | undefined, DiagramCluster[]>();
  for (const c of graph.clusters) {
    const list = childrenOf.get(c.parent) ?? [];
    list.push(c);
    childrenOf.set(c.parent, list);
  }
  const nodesIn = new Map<string | undefined, DiagramNode[]>();
  for (const n of [...graph.nodes, ...(overlay?.extraNodes ?? [])]) {
    const list = nodesIn.get(n.parent) ?? [];
    list.push(n);
    nodesIn.set(n.parent, list);
  }
  let clusterNo = 0;
  const emitCluster = (c: DiagramCluster, depth: number): void => {
    const ind = '  '.repeat(depth);
    const st = CLUSTER_STYLE[c.kind];
    const fill =
      c.kind === 'subnet' && c.resource !== undefined && publicSet.has(c.resource)
        ? PUBLIC_SUBNET_FILL
        : st.fill;
    out.push(`${ind}subgraph ${dotId(`cluster_${clusterNo++}_${c.id}`)} {`);
    out.push(`${ind}  label=${htmlLabel(c.label, c.kind === 'subnet' ? 10 : 12, 9)}; labeljust=l;`);
    out.push(
      `${ind}  style="${st.dashed ? 'dashed,' : ''}filled,rounded"; color="${st.color}"; fillcolor="${fill}"; penwidth=${c.kind === 'vpc' ? 2 : 1};`,
    );
    for (const child of childrenOf.get(c.id) ?? []) emitCluster(child, depth + 1);
    for (const n of nodesIn.get(c.id) ?? []) out.push(nodeLine(n, `${ind}  `));
    out.push(`${ind}}`);
  };
  for (const c of childrenOf.get(undefined) ?? []) emitCluster(c, 1);
  for (const n of nodesIn.get(undefined) ?? []) out.push(nodeLine(n, '  '));

  // Inside a subnet, workloads sit before the subnet's router (traffic leaves a subnet through its route table).
  for (const n of graph.nodes) {
    if (n.kind !== 'subnet-router' && n.subnet !== undefined && n.parent === `subnet:${n.subnet}`) {
      out.push(`  ${dotId(n.id)} -> ${dotId(`router:${n.subnet}`)} [style=invis, weight=2];`);
    }
  }
  if (opts.routes ?? true) {
    for (const e of graph.edges) {
      const attrs: string[] = [];
      if (e.kind === 'route') attrs.push('style=dashed', `fontcolor="${ROUTE_COLOR}"`);
      if (e.kind === 'attachment') attrs.push('arrowhead=none');
      if (e.kind === 'association') attrs.push('style=dotted', 'arrowhead=none');
      if (e.label !== undefined) attrs.push(`label=${dotId(e.label)}`);
      out.push(`  ${dotId(e.from)} -> ${dotId(e.to)} [${attrs.join(', ')}];`);
    }
  }

  if (overlay) {
    emitPath(out, overlay.forward, FORWARD_COLOR, '');
    if (overlay.return) emitPath(out, overlay.return, RETURN_COLOR, 'R');
    if (overlay.asymmetry) {
      const id = 'note:asymmetry';
      out.push(
        `  ${dotId(id)} [shape=note, style=filled, fillcolor="#fff8e1", color="${NOTE_COLOR}", penwidth=2, label=${htmlLabel(overlay.asymmetry.lines, 10, 9)}];`,
      );
      out.push(
        `  ${dotId(id)} -> ${dotId(overlay.asymmetry.node)} [style=bold, color="${NOTE_COLOR}", arrowsize=0.8, constraint=false];`,
      );
    }
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

function emitPath(out: string[], p: PathOverlay, color: string, prefix: string): void {
  for (const s of p.steps) {
    const lines = [`${prefix}${s.n}`, ...s.translations];
    out.push(
      `  ${dotId(s.from)} -> ${dotId(s.to)} [color="${color}", fontcolor="${color}", penwidth=2.5, arrowsize=0.9, constraint=false, label=${htmlLabel(lines, 11, 9)}];`,
    );
  }
  if (p.drop) {
    const id = `drop:${p.direction}`;
    const lines = [
      `✖ ${p.direction === 'forward' ? 'request' : 'reply'} dropped`,
      p.drop.code,
      ...(p.drop.rule ? [p.drop.rule] : []),
    ];
    out.push(
      `  ${dotId(id)} [shape=octagon, style=filled, fillcolor="#ffebee", color="${DROP_COLOR}", fontcolor="${DROP_COLOR}", penwidth=2.5, label=${htmlLabel(lines, 11, 9)}];`,
    );
    out.push(`  ${dotId(p.drop.node)} -> ${dotId(id)} [color="${DROP_COLOR}", penwidth=2.5, style=bold];`);
  }
}
