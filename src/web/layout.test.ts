/**
 * The nested-grid layout the page uses for large networks (layout.ts). The page draws its clusters as plain boxes
 * at these coordinates, so the geometry itself is the contract: every box holds its children below its label
 * band, siblings never overlap, the extent covers everything, and the same graph gives the same layout.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gridLayout, labelSize, subnetsAsNodes, withoutRegions, type Box } from './layout.js';
import type { DiagramCluster, DiagramNode, TopologyGraph } from '../render/diagram/topology.js';

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
const boxRect = (b: Box): Rect => ({
  x1: b.x - b.w / 2,
  y1: b.y - b.h / 2,
  x2: b.x + b.w / 2,
  y2: b.y + b.h / 2,
});
const inside = (a: Rect, b: Rect): boolean => a.x1 >= b.x1 && a.y1 >= b.y1 && a.x2 <= b.x2 && a.y2 <= b.y2;
const overlap = (a: Rect, b: Rect): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

function node(id: string, parent: string | undefined, label: string[]): DiagramNode {
  return { id, kind: 'instance', label, parent, resource: id, ips: [] };
}
function cluster(
  id: string,
  kind: DiagramCluster['kind'],
  parent: string | undefined,
  label: string[],
): DiagramCluster {
  return { id, kind, label, parent };
}
const graphOf = (clusters: DiagramCluster[], nodes: DiagramNode[]): TopologyGraph => ({
  clusters,
  nodes,
  edges: [],
  resources: {},
});

/** Every geometric promise of gridLayout, checked on one graph. */
function checkGeometry(g: TopologyGraph): void {
  const layout = gridLayout(g);
  const rects = new Map<string, Rect>();
  for (const c of g.clusters) {
    const b = layout.boxes.get(c.id);
    expect(b, `box for ${c.id}`).toBeDefined();
    if (b) rects.set(c.id, boxRect(b));
  }
  for (const n of g.nodes) {
    const p = layout.leaves.get(n.id);
    expect(p, `position for ${n.id}`).toBeDefined();
    if (!p) continue;
    const s = labelSize(n.label);
    rects.set(n.id, { x1: p.x - s.w / 2, y1: p.y - s.h / 2, x2: p.x + s.w / 2, y2: p.y + s.h / 2 });
  }
  const parentOf = new Map<string, string | undefined>([
    ...g.clusters.map((c) => [c.id, c.parent] as const),
    ...g.nodes.map((n) => [n.id, n.parent] as const),
  ]);
  const whole: Rect = { x1: 0, y1: 0, x2: layout.width, y2: layout.height };
  for (const [id, r] of rects) {
    const parent = parentOf.get(id);
    const box = parent !== undefined ? layout.boxes.get(parent) : undefined;
    if (box) {
      // Inside the parent, and below its label band.
      const pr = boxRect(box);
      expect(inside(r, { ...pr, y1: pr.y1 + box.head }), `${id} inside ${parent ?? ''}`).toBe(true);
    }
    expect(inside(r, whole), `${id} inside the extent`).toBe(true);
  }
  // Siblings never overlap.
  const ids = [...rects.keys()];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i] ?? '', ids[j] ?? ''];
      if (parentOf.get(a) !== parentOf.get(b)) continue;
      expect(overlap(rects.get(a) as Rect, rects.get(b) as Rect), `${a} and ${b} overlap`).toBe(false);
    }
  }
}

describe('gridLayout', () => {
  it('places a VPC › AZ › nodes tree with boxes holding their children', () => {
    const g = graphOf(
      [
        cluster('vpc:a', 'vpc', undefined, ['VPC a', '10.0.0.0/16', '100.64.0.0/16', '10.1.0.0/16']),
        cluster('az:a:1a', 'az', 'vpc:a', ['ap-northeast-1a']),
        cluster('az:a:1c', 'az', 'vpc:a', ['ap-northeast-1c']),
        cluster('vpc:b', 'vpc', undefined, ['VPC b', '10.2.0.0/16']),
      ],
      [
        node('n1', 'az:a:1a', ['subnet one', '10.0.1.0/24', 'route table rtb-1', 'NACL acl-1']),
        node('n2', 'az:a:1a', ['x']),
        node('n3', 'az:a:1c', ['a much longer label than the others on this line']),
        node('igw', 'vpc:a', ['internet gateway igw']),
        node('n4', 'vpc:b', ['y']),
        node('internet', undefined, ['internet']),
      ],
    );
    checkGeometry(g);
    const layout = gridLayout(g);
    // Four label lines need a taller band than the 30 px minimum: 4 × 16 + 12 (lines of 12 px bold text).
    expect(layout.boxes.get('vpc:a')?.head).toBe(76);
    expect(layout.boxes.get('az:a:1a')?.head).toBe(30);
    // Same graph, same layout (the page and its tests depend on it).
    expect(gridLayout(g)).toEqual(layout);
  });

  it('keeps its promises on random trees (property)', () => {
    const tree = fc.array(
      fc.record({
        parent: fc.nat(),
        isCluster: fc.boolean(),
        lines: fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(tree, (items) => {
        // Item i's parent is an earlier cluster (or the top level), so the tree is well formed.
        const clusters: DiagramCluster[] = [];
        const nodes: DiagramNode[] = [];
        items.forEach((it, i) => {
          const parent =
            clusters.length > 0 && it.parent % 3 !== 0
              ? clusters[it.parent % clusters.length]?.id
              : undefined;
          if (it.isCluster) clusters.push(cluster(`c${i}`, 'az', parent, it.lines));
          else nodes.push(node(`n${i}`, parent, it.lines));
        });
        checkGeometry(graphOf(clusters, nodes));
      }),
      { numRuns: 150 },
    );
  });
});

describe('level of detail for large networks', () => {
  const g = graphOf(
    [
      cluster('region:r', 'region', undefined, ['ap-northeast-1']),
      cluster('vpc:a', 'vpc', 'region:r', ['VPC a']),
      cluster('subnet:s', 'subnet', 'vpc:a', ['subnet s', '10.0.1.0/24']),
    ],
    [
      { ...node('router:s', 'subnet:s', ['route table rtb-1', 'NACL acl-1']), kind: 'subnet-router' },
      node('inst:app', 'subnet:s', ['app']),
      node('eni:app', 'subnet:s', ['eni-app']),
      node('igw', 'vpc:a', ['internet gateway igw']),
    ],
  );

  it('withoutRegions lifts the regions’ children to the top level', () => {
    const w = withoutRegions(g);
    expect(w.clusters.map((c) => c.id)).toEqual(['vpc:a', 'subnet:s']);
    expect(w.clusters.find((c) => c.id === 'vpc:a')?.parent).toBeUndefined();
  });

  it('subnetsAsNodes draws each subnet as one box and maps what it held to that box', () => {
    const { graph, alias } = subnetsAsNodes(withoutRegions(g));
    const subnet = graph.nodes.find((n) => n.id === 'subnet:s');
    // The subnet's CIDR, its route table and NACL (from the router node), and how many things it holds.
    expect(subnet?.label).toEqual([
      'subnet s',
      '10.0.1.0/24',
      'route table rtb-1',
      'NACL acl-1',
      '2 resources',
    ]);
    expect(subnet?.parent).toBe('vpc:a');
    expect(alias.get('inst:app')).toBe('subnet:s');
    expect(alias.get('router:s')).toBe('subnet:s');
    expect(alias.has('igw')).toBe(false);
    expect(graph.clusters.map((c) => c.id)).toEqual(['vpc:a']);
  });
});
