import type { ElementDefinition } from 'cytoscape';
import type { ModelResponse } from '../server/api-types.js';
import { labelSize, type GridLayout } from './layout.js';
import { FILL } from './graph-style.js';

/**
 * Cytoscape elements for the graph. Small networks: clusters are compound nodes (ELK lays them out). Large ones
 * (`grid` given): every position is known up front, and clusters are drawn as plain boxes behind their contents
 * instead of compound nodes — cytoscape re-walks each compound node's descendants and parents for every style
 * property it sets, which made the first draw of a 1,000-subnet network several times slower (docs/web.md).
 */
export function elements(m: ModelResponse, grid?: GridLayout): ElementDefinition[] {
  const els: ElementDefinition[] = [];
  // Parents before children: cytoscape builds compound nodes fastest that way, and boxes are drawn outer first.
  const depth = new Map<string, number>();
  const byId = new Map(m.graph.clusters.map((c) => [c.id, c]));
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const parent = byId.get(id)?.parent;
    const d = parent !== undefined && byId.has(parent) ? depthOf(parent) + 1 : 0;
    depth.set(id, d);
    return d;
  };
  const clusters = [...m.graph.clusters].sort((a, b) => depthOf(a.id) - depthOf(b.id));
  for (const c of clusters) {
    const box = grid?.boxes.get(c.id);
    els.push(
      box
        ? {
            group: 'nodes',
            data: {
              id: c.id,
              label: c.label.join('\n'),
              ckind: c.kind,
              w: box.w,
              h: box.h,
              // The label sits in the band the grid left at the top of the box (valign top + this margin).
              ly: box.head - 6,
              z: depthOf(c.id),
            },
            classes: `cluster box ${c.kind}`,
            position: { x: box.x, y: box.y },
          }
        : {
            group: 'nodes',
            data: {
              id: c.id,
              label: c.label.join('\n'),
              ckind: c.kind,
              ...(c.parent ? { parent: c.parent } : {}),
            },
            classes: `cluster ${c.kind}`,
          },
    );
  }
  for (const n of m.graph.nodes) {
    const s = labelSize(n.label);
    const position = grid?.leaves.get(n.id);
    els.push({
      group: 'nodes',
      data: {
        id: n.id,
        label: n.label.join('\n'),
        kind: n.kind,
        resource: n.resource,
        w: s.w,
        h: s.h,
        fill: FILL[n.kind] ?? '#fff',
        ...(n.parent && !grid ? { parent: n.parent } : {}),
      },
      classes: `leaf ${n.kind}`,
      ...(position ? { position: { ...position } } : {}),
    });
  }
  m.graph.edges.forEach((e, i) => {
    els.push({
      group: 'edges',
      data: { id: `t${i}`, source: e.from, target: e.to, label: e.label ?? '' },
      classes: `topo ${e.kind}`,
    });
  });
  return els;
}
