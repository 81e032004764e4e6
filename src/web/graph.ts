/**
 * Drawing the network graph: cytoscape with ELK's layered layout for small networks, or (above ELK_LIMIT boxes)
 * the nested grid with each subnet as one box (docs/web.md, large networks); clicking a node fills the flow form.
 */
import cytoscape from 'cytoscape';
import type { ModelResponse } from '../server/api-types.js';
import { $ } from './dom.js';
import { pickNode } from './pick.js';
import { declutterRouteLabels } from './route-labels.js';
import { elements } from './elements.js';
import { loadElk } from './elk.js';
import { graphStyle, LEGIBLE_ZOOM } from './graph-style.js';
import { gridLayout, subnetsAsNodes, withoutRegions } from './layout.js';
import type { PageState } from './page-state.js';
import { labelWhenZoomed } from './zoom-labels.js';

/** Above this many nodes + clusters the page uses the nested grid instead of ELK. */
const ELK_LIMIT = 400;
/** Margin around a fitted drawing, in pixels. */
const FIT_PADDING = 20;
/** A small network is not blown up beyond this when fitted. */
const MAX_FIT_ZOOM = 1.6;

/** Zoom and pan that fit a drawing of `w` × `h` (model units) into the container with `padding` pixels. */
function fitViewport(
  w: number,
  h: number,
  container: HTMLElement,
  padding: number,
): { zoom: number; pan: { x: number; y: number } } {
  const cw = Math.max(1, container.clientWidth);
  const ch = Math.max(1, container.clientHeight);
  const zoom = Math.min((cw - 2 * padding) / w, (ch - 2 * padding) / h);
  return { zoom, pan: { x: (cw - w * zoom) / 2, y: (ch - h * zoom) / 2 } };
}

export async function drawGraph(page: PageState, m: ModelResponse): Promise<void> {
  const big = m.graph.nodes.length + m.graph.clusters.length > ELK_LIMIT;
  if (!big) await loadElk();
  page.cy?.destroy();
  const t0 = performance.now();
  // Large networks: positions computed up front (nested grid), labels skipped while too small to read, and the
  // viewport drawn from a texture while panning/zooming — so the page stays responsive.
  const lod = big
    ? subnetsAsNodes(withoutRegions(m.graph))
    : { graph: m.graph, alias: new Map<string, string>() };
  page.alias = lod.alias;
  const shown: ModelResponse = { ...m, graph: lod.graph };
  const grid = big ? gridLayout(shown.graph) : undefined;
  const container = $('graph');
  // Large networks: the viewport is computed from the grid's extent, so nothing is measured before the first frame.
  const view = grid ? fitViewport(grid.width, grid.height, container, 20) : undefined;
  const cy = cytoscape({
    container,
    elements: elements(shown, grid),
    style: graphStyle(big),
    layout: { name: big ? 'preset' : 'null', fit: false },
    ...(view ? { zoom: view.zoom, pan: view.pan } : {}),
    minZoom: 0.02,
    maxZoom: 4,
    autoungrabify: big,
    textureOnViewport: big,
    hideEdgesOnViewport: big,
  });
  page.cy = cy;
  if (big) {
    labelWhenZoomed(cy);
  } else {
    await new Promise<void>((resolve) => {
      const layout = cy.layout({
        name: 'elk',
        fit: false,
        nodeDimensionsIncludeLabels: false,
        elk: {
          algorithm: 'layered',
          'elk.direction': 'DOWN',
          'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
          'elk.spacing.nodeNode': 25,
          'elk.layered.spacing.nodeNodeBetweenLayers': 35,
          'elk.padding': '[top=35,left=12,bottom=12,right=12]',
        },
      } as unknown as cytoscape.LayoutOptions);
      layout.one('layoutstop', () => {
        resolve();
      });
      layout.run();
    });
  }
  page.layoutMs = performance.now() - t0;
  if (!big) {
    page.hiddenRouteLabels = declutterRouteLabels(cy);
    fitLegible(page);
  } else page.fits = { count: page.fits.count + 1, zoom: cy.zoom() };
  cy.on('tap', 'node.leaf', (evt) => {
    pickNode(page, evt.target as cytoscape.NodeSingular);
  });
  // Cytoscape draws in its own animation-frame callback, queued before ours: two frames later it is on screen.
  await new Promise<void>((resolve) => {
    requestAnimationFrame(() => {
      requestAnimationFrame(() => {
        resolve();
      });
    });
  });
  page.drawnMs = performance.now();
  $('graph').dataset.ready = String(m.version);
}

/**
 * Fit the view (issue 14): small networks are fitted whole, or to the traced flow when one is drawn, but never
 * zoomed out below LEGIBLE_ZOOM — when the whole does not fit at a legible size, the view shows its top-left
 * (where the region and VPC titles are) or the centre of the flow, and the rest is a pan away. Large networks are
 * fitted whole (their labels appear when zoomed in, zoom-labels.ts).
 */
export function fitLegible(page: PageState): void {
  const cy = page.cy;
  if (!cy) return;
  cy.resize();
  const big = page.alias.size > 0 || cy.nodes('.box').nonempty();
  const flow = cy.elements('.path, .fwd, .ret, .dropnode');
  const what = flow.nonempty() ? flow : cy.elements();
  if (what.empty()) return;
  const bb = what.boundingBox();
  const fit = Math.min(
    (cy.width() - 2 * FIT_PADDING) / Math.max(1, bb.w),
    (cy.height() - 2 * FIT_PADDING) / Math.max(1, bb.h),
  );
  const zoom = big ? fit : Math.max(LEGIBLE_ZOOM, Math.min(MAX_FIT_ZOOM, fit));
  cy.zoom(zoom);
  if (zoom <= fit || flow.nonempty()) cy.center(what);
  else cy.pan({ x: FIT_PADDING - bb.x1 * zoom, y: FIT_PADDING - bb.y1 * zoom });
  page.fits = { count: page.fits.count + 1, zoom };
}

/** Refit when the window is resized (debounced: a drag of the window's edge fits once it settles). */
export function refitOnResize(page: PageState): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      fitLegible(page);
    }, 120);
  });
}
