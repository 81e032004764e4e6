/**
 * Graphviz DOT for a network, optionally with a traced flow drawn over it.
 *
 * Model: nested clusters region › VPC › AZ › subnet (from `buildTopology`); routes as thin grey dashed edges
 * labelled with their destination; a trace as numbered edges — forward `1, 2, …` in blue, return `R1, R2, …` in
 * orange — with address translations in a small box beside the component that translated (inside its cluster, so
 * inside its VPC), a red octagon where a path is dropped (with its explanation code and rule), and a note where an
 * asymmetric reply leaves the request's path. Path edges do not constrain the layout; edges are drawn under the
 * boxes (outputorder=edgesfirst).
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
    // outputorder=edgesfirst: edges are drawn under the (filled) boxes, never across a box's label (issue 14).
    `  graph [rankdir=${opts.rankdir ?? 'TB'}, compound=true, newrank=true, nodesep=0.35, ranksep=0.55, outputorder=edgesfirst, fontname=${dotId(font)}, bgcolor="white", pad=0.3];`,
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
  // Address translations are written in a small box beside the component that translated, declared in that
  // component's cluster so Graphviz keeps them inside its VPC (issue 14), not on a long edge that may leave it.
  const parentOf = new Map([...graph.nodes, ...(overlay?.extraNodes ?? [])].map((n) => [n.id, n.parent]));
  const notes = overlay ? translationNotes(overlay, parentOf) : [];
  const notesIn = new Map<string | undefined, TranslationNote[]>();
  for (const n of notes) notesIn.set(n.parent, [...(notesIn.get(n.parent) ?? []), n]);
  const noteLine = (n: TranslationNote, indent: string): string =>
    `${indent}${dotId(n.id)} [shape=box, style="filled", fillcolor="#ffffff", color="${n.color}", fontcolor="${n.color}", penwidth=1, label=${htmlLabel(n.lines, 9, 9)}];`;
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
    for (const n of notesIn.get(c.id) ?? []) out.push(noteLine(n, `${ind}  `));
    out.push(`${ind}}`);
  };
  for (const c of childrenOf.get(undefined) ?? []) emitCluster(c, 1);
  for (const n of nodesIn.get(undefined) ?? []) out.push(nodeLine(n, '  '));
  for (const n of notesIn.get(undefined) ?? []) out.push(noteLine(n, '  '));

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
    for (const n of notes)
      out.push(
        `  ${dotId(n.at)} -> ${dotId(n.id)} [style=dotted, color="${n.color}", arrowhead=none, weight=4];`,
      );
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

interface TranslationNote {
  readonly id: string;
  /** The translating component (the step's tail) and its cluster. */
  readonly at: string;
  readonly parent: string | undefined;
  readonly lines: readonly string[];
  readonly color: string;
}

/** One note per step that carries translations: `3: SNAT 10.0.1.10:40312 → 10.0.2.10:1024`, beside its tail. */
function translationNotes(
  overlay: TraceOverlay,
  parentOf: ReadonlyMap<string, string | undefined>,
): TranslationNote[] {
  const paths = [
    { p: overlay.forward, color: FORWARD_COLOR, prefix: '' },
    ...(overlay.return ? [{ p: overlay.return, color: RETURN_COLOR, prefix: 'R' }] : []),
  ];
  return paths.flatMap(({ p, color, prefix }) =>
    p.steps
      .filter((s) => s.translations.length > 0)
      .map((s) => ({
        id: `xlat:${p.direction}:${s.n}`,
        at: s.from,
        parent: parentOf.get(s.from),
        lines: s.translations.map((t, i) => (i === 0 ? `${prefix}${s.n}: ${t}` : t)),
        color,
      })),
  );
}

function emitPath(out: string[], p: PathOverlay, color: string, prefix: string): void {
  for (const s of p.steps) {
    out.push(
      `  ${dotId(s.from)} -> ${dotId(s.to)} [color="${color}", fontcolor="${color}", penwidth=2.5, arrowsize=0.9, constraint=false, label=${htmlLabel([`${prefix}${s.n}`], 11, 9)}];`,
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
