/**
 * Drawing the network graph: cytoscape with ELK's layered layout for small networks, or (above ELK_LIMIT boxes)
 * the nested grid with each subnet as one box (docs/web.md, large networks); clicking a node fills the flow form.
 */
import cytoscape from 'cytoscape';
import type { ModelResponse } from '../server/api-types.js';
import { $, setStatus } from './dom.js';
import { elements } from './elements.js';
import { loadElk } from './elk.js';
import { graphStyle } from './graph-style.js';
import { gridLayout, subnetsAsNodes, withoutRegions } from './layout.js';
import type { PageState } from './page-state.js';
import { labelWhenZoomed } from './zoom-labels.js';

/** Above this many nodes + clusters the page uses the nested grid instead of ELK. */
const ELK_LIMIT = 400;

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
        fit: true,
        padding: 20,
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

export function pickNode(page: PageState, n: cytoscape.NodeSingular): void {
  const m = page.model;
  if (!m) return;
  const node = m.graph.nodes.find((x) => x.id === n.id());
  if (!node) return;
  // Endpoints are named by the identifier the input used, or by address (architecture.md §2).
  const endpointKinds = ['instance', 'network-interface', 'nat-gateway', 'vpn-client'];
  const value =
    node.kind === 'vpn-client'
      ? `client:${node.resource}`
      : endpointKinds.includes(node.kind)
        ? node.resource
        : node.ips[0];
  if (value === undefined) {
    setStatus(`${node.kind} ${node.resource} is not an endpoint; type an address instead`);
    return;
  }
  const form = $<HTMLFormElement>('flow');
  (form.elements.namedItem(page.pick) as HTMLInputElement).value = value;
  page.pick = page.pick === 'from' ? 'to' : 'from';
  $('pick-hint').innerHTML = `Next click sets <b>${page.pick}</b>.`;
}
