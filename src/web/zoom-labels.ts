/**
 * Large networks: labels are drawn only once zoomed in far enough to read them, and only for what is in view.
 */
import type { Core } from 'cytoscape';
import { LEGIBLE_ZOOM } from './graph-style.js';

/** Zoom from which labels of a large network are drawn: 11 px text is 11 px on screen there (LEGIBLE_PX). */
const LABEL_ZOOM = LEGIBLE_ZOOM;

/**
 * Large networks: labels are switched on for what is in view (and around it) once zoomed in to at least
 * LABEL_ZOOM, as the view moves; all are switched off again below it. Restyling only what is seen keeps a zoom
 * into one VPC of a 1,000-subnet network to one short frame.
 */
export function labelWhenZoomed(cy: Core): void {
  let labelled = cy.collection();
  let pending = false;
  const update = (): void => {
    pending = false;
    if (cy.zoom() < LABEL_ZOOM) {
      if (labelled.length > 0) {
        labelled.removeClass('labelled');
        labelled = cy.collection();
      }
      return;
    }
    // The view, widened by half its size on each side so a small pan finds labels already there.
    const e = cy.extent();
    const [mx, my] = [e.w / 2, e.h / 2];
    const [x1, y1, x2, y2] = [e.x1 - mx, e.y1 - my, e.x2 + mx, e.y2 + my];
    const seen = cy.nodes('node.leaf, node.box').filter((n) => {
      if (n.hasClass('labelled')) return false;
      const p = n.position();
      const w = Number(n.data('w')) / 2;
      const h = Number(n.data('h')) / 2;
      return p.x + w >= x1 && p.x - w <= x2 && p.y + h >= y1 && p.y - h <= y2;
    });
    if (seen.length === 0) return;
    const add = seen.union(seen.connectedEdges('edge.topo'));
    cy.batch(() => {
      add.addClass('labelled');
    });
    labelled = labelled.union(add);
  };
  cy.on('viewport', () => {
    if (pending) return;
    pending = true;
    setTimeout(update, 100);
  });
  update();
}
