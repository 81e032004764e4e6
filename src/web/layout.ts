/**
 * Node sizes and a fast nested-grid layout for large networks (ELK's layered layout is used for small ones).
 *
 * Model: leaves are sized from their label; each cluster packs its children (sub-clusters and nodes) in rows no
 * wider than about the square root of their total area, below a band for its label; the result is absolute leaf
 * centres and cluster boxes (the page draws them as plain boxes), for cytoscape's `preset` layout. Linear in the
 * number of elements, so 1,000 subnets lay out in milliseconds. Invariants (layout.test.ts): a box holds its
 * children below its label band, siblings never overlap, same graph → same layout.
 */
import type { TopologyGraph } from '../render/diagram/topology.js';

export interface Size {
  w: number;
  h: number;
}

/** Width/height of a node box from its label lines. */
export function labelSize(lines: readonly string[]): Size {
  const longest = Math.max(8, ...lines.map((l) => l.length));
  return { w: Math.round(longest * 7 + 18), h: lines.length * 15 + 12 };
}

const PAD = 14;
const GAP = 14;
/** Height above a cluster's content for its label (lines of 12px bold text). */
const headOf = (lines: number): number => Math.max(30, lines * 16 + 12);

/** A cluster's box: centre, size and the height of its label band. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  head: number;
}

/** Positions of a nested-grid layout: leaf centres and cluster boxes, absolute, for a `preset` layout. */
export interface GridLayout {
  readonly leaves: ReadonlyMap<string, { x: number; y: number }>;
  readonly boxes: ReadonlyMap<string, Box>;
  /** Extent of the whole drawing (from 0,0). */
  readonly width: number;
  readonly height: number;
}

/**
 * Nested grid: every cluster packs its children (sub-clusters and nodes, in input order) in rows no wider than
 * about 1.6 × the square root of their area, below a label band; boxes never overlap their siblings and always
 * contain their children (tested in layout.test.ts).
 */
export function gridLayout(graph: TopologyGraph): GridLayout {
  const kids = new Map<string, string[]>();
  const clusterLines = new Map(graph.clusters.map((c) => [c.id, c.label.length]));
  const size = new Map<string, Size>();
  const add = (parent: string | undefined, id: string): void => {
    const k = parent !== undefined && clusterLines.has(parent) ? parent : '__root';
    const list = kids.get(k);
    if (list) list.push(id);
    else kids.set(k, [id]);
  };
  for (const c of graph.clusters) add(c.parent, c.id);
  for (const n of graph.nodes) {
    add(n.parent, n.id);
    size.set(n.id, labelSize(n.label));
  }
  const local = new Map<string, { x: number; y: number }>();
  const measure = (id: string): Size => {
    const known = size.get(id);
    if (known) return known;
    const children = kids.get(id) ?? [];
    const sizes = children.map(measure);
    const area = sizes.reduce((a, s) => a + (s.w + GAP) * (s.h + GAP), 0);
    const maxW = Math.max(Math.sqrt(area) * 1.6, ...sizes.map((s) => s.w));
    let x = 0;
    let y = 0;
    let rowH = 0;
    let width = 0;
    children.forEach((c, i) => {
      const s = sizes[i] ?? { w: 0, h: 0 };
      if (x > 0 && x + s.w > maxW) {
        y += rowH + GAP;
        x = 0;
        rowH = 0;
      }
      local.set(c, { x, y });
      x += s.w + GAP;
      rowH = Math.max(rowH, s.h);
      width = Math.max(width, x - GAP);
    });
    const result = { w: width + 2 * PAD, h: y + rowH + PAD + headOf(clusterLines.get(id) ?? 0) };
    size.set(id, result);
    return result;
  };
  const whole = measure('__root');
  const leaves = new Map<string, { x: number; y: number }>();
  const boxes = new Map<string, Box>();
  const place = (id: string, ox: number, oy: number): void => {
    const head = headOf(clusterLines.get(id) ?? 0);
    for (const c of kids.get(id) ?? []) {
      const l = local.get(c) ?? { x: 0, y: 0 };
      const s = size.get(c) ?? { w: 0, h: 0 };
      const x = ox + PAD + l.x;
      const y = oy + head + l.y;
      if (clusterLines.has(c)) {
        boxes.set(c, {
          x: x + s.w / 2,
          y: y + s.h / 2,
          w: s.w,
          h: s.h,
          head: headOf(clusterLines.get(c) ?? 0),
        });
        place(c, x, y);
      } else leaves.set(c, { x: x + s.w / 2, y: y + s.h / 2 });
    }
  };
  place('__root', 0, 0);
  return { leaves, boxes, width: whole.w, height: whole.h };
}

/**
 * The graph without region clusters (their children move to the top level). Cytoscape re-walks every
 * descendant of a compound node when a child's style settles, so one cluster holding thousands of nodes makes
 * loading quadratic; the page uses this for large networks and names the regions in its header instead.
 */
export function withoutRegions(graph: TopologyGraph): TopologyGraph {
  const regions = new Set(graph.clusters.filter((c) => c.kind === 'region').map((c) => c.id));
  const lift = <T extends { readonly parent?: string | undefined }>(x: T): T =>
    x.parent !== undefined && regions.has(x.parent) ? { ...x, parent: undefined } : x;
  return {
    ...graph,
    clusters: graph.clusters.filter((c) => !regions.has(c.id)).map(lift),
    nodes: graph.nodes.map(lift),
  };
}

/**
 * Level of detail for large networks: each subnet becomes one node (its CIDR, route table and NACL, and how many
 * things it holds) instead of a cluster of instance/ENI/gateway nodes. `alias` maps every hidden node id to the
 * subnet node that stands for it, so traces and diagnostics still land on the right box.
 */
export function subnetsAsNodes(graph: TopologyGraph): { graph: TopologyGraph; alias: Map<string, string> } {
  const subnets = new Map(graph.clusters.filter((c) => c.kind === 'subnet').map((c) => [c.id, c]));
  const alias = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const n of graph.nodes) {
    if (n.parent !== undefined && subnets.has(n.parent)) {
      alias.set(n.id, n.parent);
      if (n.kind !== 'subnet-router') members.set(n.parent, [...(members.get(n.parent) ?? []), n.kind]);
    }
  }
  const routerLabel = new Map(
    graph.nodes
      .filter((n) => n.kind === 'subnet-router' && n.parent !== undefined)
      .map((n) => [n.parent ?? '', n.label]),
  );
  const subnetNodes = [...subnets.values()].map((c) => {
    const held = members.get(c.id) ?? [];
    return {
      id: c.id,
      kind: 'subnet-router' as const,
      label: [
        ...c.label,
        ...(routerLabel.get(c.id) ?? []),
        ...(held.length > 0 ? [`${held.length} resource${held.length === 1 ? '' : 's'}`] : []),
      ],
      parent: c.parent,
      resource: c.resource ?? c.id,
      ips: [],
    };
  });
  const keep = graph.nodes.filter((n) => !alias.has(n.id));
  const seen = new Set<string>();
  const edges = graph.edges.flatMap((e) => {
    const from = alias.get(e.from) ?? e.from;
    const to = alias.get(e.to) ?? e.to;
    const key = `${e.kind}|${from}|${to}`;
    if (from === to || seen.has(key)) return [];
    seen.add(key);
    return [{ ...e, from, to }];
  });
  return {
    graph: {
      ...graph,
      clusters: graph.clusters.filter((c) => !subnets.has(c.id)),
      nodes: [...keep, ...subnetNodes],
      edges,
    },
    alias,
  };
}
