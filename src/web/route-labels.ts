/**
 * Route labels that do not overlap (issue 14). Route edges are labelled with their destination; where two labels
 * would be drawn over each other, the later one (edges in id order) is moved along the perpendicular by a line or
 * two, and if no place is free its label is hidden — shown while the pointer is on the edge — and counted. Runs
 * once after the layout of a small network (positions are model units, so zooming does not change the answer);
 * large networks draw route labels only when zoomed in (zoom-labels.ts).
 */
import type { Core, EdgeSingular } from 'cytoscape';

/** Offsets tried for a label, in model units (a label line is about 13 units tall at 11 px). */
const OFFSETS = [0, -14, 14, -28, 28];

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
const overlaps = (a: Rect, b: Rect): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

const labelBox = (e: EdgeSingular): Rect =>
  e.boundingBox({
    includeNodes: false,
    includeEdges: false,
    includeLabels: true,
    includeMainLabels: true,
    includeSourceLabels: false,
    includeTargetLabels: false,
    includeOverlays: false,
  });

/** Place every route label where it overlaps no other; returns how many had to be hidden. */
export function declutterRouteLabels(cy: Core): number {
  const placed: Rect[] = [];
  let hidden = 0;
  const edges = cy
    .edges('edge.route')
    .filter((e) => String(e.data('label') ?? '') !== '')
    .sort((a, b) => (a.id() < b.id() ? -1 : 1));
  cy.batch(() => {
    edges.forEach((e) => {
      const free = OFFSETS.find((dy) => {
        e.style('text-margin-y', dy);
        const box = labelBox(e);
        return !placed.some((p) => overlaps(p, box));
      });
      if (free === undefined) {
        e.style('text-margin-y', 0);
        e.addClass('label-hidden');
        hidden++;
      } else {
        placed.push(labelBox(e));
      }
    });
  });
  cy.on('mouseover', 'edge.label-hidden', (evt) => {
    (evt.target as EdgeSingular).addClass('label-shown');
  });
  cy.on('mouseout', 'edge.label-hidden', (evt) => {
    (evt.target as EdgeSingular).removeClass('label-shown');
  });
  return hidden;
}
