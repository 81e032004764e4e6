/**
 * A traced flow drawn over the graph: forward steps in blue, return steps in orange (numbered, with their
 * translations), a red octagon where a packet is dropped, the note where an asymmetric reply leaves the request's
 * path, and nodes the topology lacks in a row under the internet.
 */
import type { Core, NodeSingular } from 'cytoscape';
import type { TraceOverlay } from '../render/diagram/overlay.js';
import { $ } from './dom.js';
import { labelSize } from './layout.js';
import { shownId, type PageState } from './page-state.js';

export function clearOverlay(page: PageState): void {
  const cy = page.cy;
  if (!cy) return;
  cy.remove('.path, .dropnode, .note, .xlat');
  cy.nodes().removeClass('fwd ret');
  page.highlighted = { forward: [], return: [], drop: [] };
}

/**
 * A small box of text beside a node — address translations beside the component that translated, an exposure
 * beside the exposed resource — as a child of that node's VPC box (issue 14): the compound box grows to hold it,
 * so a translation is always drawn inside its VPC, never on a long edge that may leave it. The box goes under
 * the node, else above, right or left of it — the first place that covers no other box — else under it, below
 * any note already there.
 */
export function noteBeside(
  cy: Core,
  at: string,
  id: string,
  classes: string,
  lines: readonly string[],
): void {
  const node = cy.getElementById(at) as NodeSingular;
  if (node.empty() || !node.isNode()) return;
  const s = labelSize(lines);
  const p = node.position();
  const [nw, nh] = [node.width(), node.height()];
  const gap = 6;
  const others = cy
    .nodes('.leaf, .xlat, .dropnode, .exposure-note')
    .filter((n) => n.id() !== at)
    .map((n) => n.boundingBox({ includeLabels: false, includeOverlays: false }));
  const free = (x: number, y: number): boolean =>
    !others.some((b) => x - s.w / 2 < b.x2 && b.x1 < x + s.w / 2 && y - s.h / 2 < b.y2 && b.y1 < y + s.h / 2);
  const candidates = [
    { x: p.x, y: p.y + nh / 2 + gap + s.h / 2 },
    { x: p.x, y: p.y - nh / 2 - gap - s.h / 2 },
    { x: p.x + nw / 2 + gap + s.w / 2, y: p.y },
    { x: p.x - nw / 2 - gap - s.w / 2, y: p.y },
  ];
  let spot = candidates.find((c) => free(c.x, c.y));
  if (!spot) {
    let y = p.y + nh / 2 + gap;
    cy.nodes('.xlat, .exposure-note')
      .filter((n) => n.data('at') === at)
      .forEach((n) => {
        y = Math.max(y, n.position().y + n.height() / 2 + 4);
      });
    spot = { x: p.x, y: y + s.h / 2 };
  }
  // The VPC box holds the note (a subnet box growing round it would cover its neighbours); else the direct parent.
  const vpc = node.ancestors('.vpc');
  const parent = vpc.nonempty() ? vpc : node.parent();
  cy.add({
    group: 'nodes',
    data: {
      id,
      at,
      label: lines.join('\n'),
      w: s.w,
      h: s.h,
      ...(parent.nonempty() ? { parent: parent.first().id() } : {}),
    },
    classes,
    position: spot,
  });
}

export function drawOverlay(page: PageState, o: TraceOverlay): void {
  const cy = page.cy;
  if (!cy) return;
  clearOverlay(page);
  // Nodes the topology lacks: in a row under the internet node (or the drawing's origin), always labelled.
  const internet = cy.getElementById('internet');
  const base = internet.length === 1 ? internet.position() : { x: 0, y: 0 };
  o.extraNodes.forEach((n, i) => {
    const s = labelSize(n.label);
    cy.add({
      group: 'nodes',
      data: { id: n.id, label: n.label.join('\n'), w: s.w, h: s.h, fill: '#eeeeee' },
      classes: 'leaf external labelled',
      position: { x: base.x + (i - (o.extraNodes.length - 1) / 2) * 180, y: base.y + 90 },
    });
  });
  const paths = [
    { p: o.forward, cls: 'fwd', prefix: '' },
    ...(o.return ? [{ p: o.return, cls: 'ret', prefix: 'R' }] : []),
  ];
  for (const { p, cls, prefix } of paths) {
    for (const s of p.steps) {
      const [from, to] = [shownId(page, s.from), shownId(page, s.to)];
      if (from === to) continue;
      cy.add({
        group: 'edges',
        data: {
          id: `${cls}${s.n}`,
          source: from,
          target: to,
          label: `${prefix}${s.n}`,
        },
        classes: `path ${cls}`,
      });
      if (s.translations.length > 0)
        noteBeside(cy, from, `xlat-${cls}${s.n}`, `xlat ${cls}`, [
          `${prefix}${s.n}: ${s.translations[0] ?? ''}`,
          ...s.translations.slice(1),
        ]);
    }
    const shownNodes = [...new Set(p.nodes.map((id) => shownId(page, id)))];
    for (const id of shownNodes) cy.getElementById(id).addClass(cls);
    (cls === 'fwd' ? page.highlighted.forward : page.highlighted.return).push(...shownNodes);
    if (p.drop) {
      const id = `drop-${p.direction}`;
      const lines = [`✖ ${p.direction === 'forward' ? 'request' : 'reply'} dropped`, p.drop.code];
      const s = labelSize(lines);
      const dropAt = shownId(page, p.drop.node);
      const at = cy.getElementById(dropAt).position();
      cy.add({
        group: 'nodes',
        data: { id, label: lines.join('\n'), w: s.w, h: s.h },
        classes: 'dropnode',
        position: { x: at.x + 40, y: at.y + 70 },
      });
      cy.add({
        group: 'edges',
        data: { id: `${id}-e`, source: dropAt, target: id },
        classes: 'path dropedge',
      });
      page.highlighted.drop.push(dropAt);
    }
  }
  if (o.asymmetry) {
    const s = labelSize(o.asymmetry.lines);
    // Below the whole network, under the node it points at, so it never covers the picture.
    const noteAt = shownId(page, o.asymmetry.node);
    const at = cy.getElementById(noteAt).position();
    const bottom = cy.elements().boundingBox().y2;
    cy.add({
      group: 'nodes',
      data: { id: 'note-asym', label: o.asymmetry.lines.join('\n'), w: s.w, h: s.h },
      classes: 'note',
      position: { x: at.x, y: bottom + s.h / 2 + 40 },
    });
    cy.add({
      group: 'edges',
      data: { id: 'note-asym-e', source: 'note-asym', target: noteAt },
      classes: 'path noteedge',
    });
  }
  $('graph').dataset.highlighted = [
    ...page.highlighted.forward.map((n) => `F:${n}`),
    ...page.highlighted.return.map((n) => `R:${n}`),
  ].join(' ');
}
