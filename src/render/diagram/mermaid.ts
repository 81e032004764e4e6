/**
 * Mermaid flowchart text of a network (and a traced flow), so a diagram can live in a README or an issue.
 *
 * Model: the same graph as the DOT renderer (`buildTopology` + `traceOverlay`): nested `subgraph`s region › VPC ›
 * AZ › subnet, route edges dotted with their destination, forward steps `1, 2, …` and return steps `R1, R2, …`
 * coloured with `linkStyle`, a drop as a red node. Mermaid ids are generated (`n0`, `c0` …) in sorted order,
 * so arbitrary resource ids (quotes, spaces, brackets) cannot break the syntax; labels are entity-escaped.
 * Invariants: deterministic text for the same input.
 */
import type { Network } from '../../model/network.js';
import type { TraceResult } from '../../analysis/trace-result.js';
import { buildTopology, type DiagramCluster, type DiagramNode } from './topology.js';
import { traceOverlay, type PathOverlay } from './overlay.js';
import { DROP_COLOR, FORWARD_COLOR, NODE_FILL, RETURN_COLOR, ROUTE_COLOR } from './style.js';

/** Escape text for a quoted Mermaid label. */
export function mermaidEscape(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

const label = (lines: readonly string[]): string => `"${lines.map(mermaidEscape).join('<br/>')}"`;

/**
 * Mermaid flowchart of a network and optional trace.
 * `networkToMermaid(net)` → `flowchart TB\n  subgraph c0["ap-northeast-1"] …`
 */
export function networkToMermaid(net: Network, trace?: TraceResult): string {
  const graph = buildTopology(net);
  const overlay = trace ? traceOverlay(graph, trace) : undefined;
  const allNodes = [...graph.nodes, ...(overlay?.extraNodes ?? [])];
  const nid = new Map<string, string>();
  allNodes.forEach((n, i) => nid.set(n.id, `n${i}`));
  const cid = new Map<string, string>();
  graph.clusters.forEach((c, i) => cid.set(c.id, `c${i}`));
  const ref = (id: string): string => nid.get(id) ?? 'unknown';

  const out: string[] = ['flowchart TB'];
  if (overlay) out.push(`  %% ${overlay.title.replace(/\n/g, ' ')}`);
  const kids = new Map<string | undefined, DiagramCluster[]>();
  for (const c of graph.clusters) kids.set(c.parent, [...(kids.get(c.parent) ?? []), c]);
  const members = new Map<string | undefined, DiagramNode[]>();
  for (const n of allNodes) members.set(n.parent, [...(members.get(n.parent) ?? []), n]);
  const emit = (c: DiagramCluster, depth: number): void => {
    const ind = '  '.repeat(depth);
    out.push(`${ind}subgraph ${cid.get(c.id) ?? 'c'}[${label(c.label)}]`);
    for (const k of kids.get(c.id) ?? []) emit(k, depth + 1);
    for (const n of members.get(c.id) ?? []) out.push(`${ind}  ${ref(n.id)}[${label(n.label)}]`);
    out.push(`${ind}end`);
  };
  for (const c of kids.get(undefined) ?? []) emit(c, 1);
  for (const n of members.get(undefined) ?? []) {
    out.push(
      n.kind === 'internet' ? `  ${ref(n.id)}((${label(n.label)}))` : `  ${ref(n.id)}[${label(n.label)}]`,
    );
  }

  const linkStyles: string[] = [];
  let link = 0;
  for (const e of graph.edges) {
    const arrow = e.kind === 'route' ? '-.->' : '---';
    out.push(
      e.label !== undefined
        ? `  ${ref(e.from)} ${arrow}|${label(e.label.split('\n'))}| ${ref(e.to)}`
        : `  ${ref(e.from)} ${arrow} ${ref(e.to)}`,
    );
    linkStyles.push(`  linkStyle ${link++} stroke:${ROUTE_COLOR},stroke-width:1px`);
  }
  const path = (p: PathOverlay, color: string, prefix: string): void => {
    for (const s of p.steps) {
      out.push(`  ${ref(s.from)} ==>|${label([`${prefix}${s.n}`, ...s.translations])}| ${ref(s.to)}`);
      linkStyles.push(`  linkStyle ${link++} stroke:${color},stroke-width:3px,color:${color}`);
    }
    if (p.drop) {
      const d = `drop_${p.direction}`;
      out.push(
        `  ${d}{{${label([`✖ ${p.direction === 'forward' ? 'request' : 'reply'} dropped`, p.drop.code, ...(p.drop.rule ? [p.drop.rule] : [])])}}}`,
      );
      out.push(`  ${ref(p.drop.node)} ==> ${d}`);
      out.push(`  style ${d} fill:#ffebee,stroke:${DROP_COLOR},color:${DROP_COLOR}`);
      linkStyles.push(`  linkStyle ${link++} stroke:${DROP_COLOR},stroke-width:3px`);
    }
  };
  if (overlay) {
    path(overlay.forward, FORWARD_COLOR, '');
    if (overlay.return) path(overlay.return, RETURN_COLOR, 'R');
    if (overlay.asymmetry) {
      out.push(`  note_asym[${label(overlay.asymmetry.lines)}]`);
      out.push(`  note_asym -.-> ${ref(overlay.asymmetry.node)}`);
      out.push('  style note_asym fill:#fff8e1,stroke:#f9a825');
      linkStyles.push(`  linkStyle ${link++} stroke:#f9a825,stroke-width:2px`);
    }
  }
  for (const n of allNodes) {
    const onPath = overlay && (overlay.forward.nodes.includes(n.id) || overlay.return?.nodes.includes(n.id));
    const stroke = onPath
      ? `,stroke:${overlay.forward.nodes.includes(n.id) ? FORWARD_COLOR : RETURN_COLOR},stroke-width:3px`
      : '';
    out.push(`  style ${ref(n.id)} fill:${NODE_FILL[n.kind]}${stroke}`);
  }
  out.push(...linkStyles);
  return `${out.join('\n')}\n`;
}
