/**
 * The vpcsim web page: the network as compound nodes (cytoscape, ELK layout), a flow form (type it or click two
 * nodes), the verdict, both paths highlighted, hop tables, diagnostics linked to resources, and the expectations
 * in the inputs with pass/fail, each opening its trace. Reloads when the server says the inputs changed.
 *
 * Large networks (more than ELK_LIMIT boxes) are drawn differently, for speed (docs/web.md): each subnet is one
 * box, positions come from layout.ts's nested grid, clusters are plain boxes behind their contents rather than
 * compound nodes, the first viewport is computed rather than measured, and labels are switched on for what is in
 * view once zoomed in far enough to read them. ELK itself is loaded only when a small network needs it.
 *
 * State lives in one object created at start-up (`page`); `window.vpcsim` exposes it read-only for tests.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { api } from './api.js';
import { gridLayout, labelSize, subnetsAsNodes, withoutRegions, type GridLayout } from './layout.js';
import type { ModelResponse, TestResponse, TraceRequest, TraceResponse } from '../server/api-types.js';
import type { PathResult, TraceResult } from '../analysis/trace-result.js';
import type { PacketJson } from '../dataplane/packet.js';
import type { TraceOverlay } from '../render/diagram/overlay.js';
import type { Diagnostic } from '../diag/diagnostic.js';

/**
 * ELK (elkjs, 1.6 MB) is only needed for networks small enough for its layered layout: it is loaded on first use
 * (a classic script defining window.ELK, then cytoscape-elk, which reads that global), never for large ones.
 */
let elkLoaded: Promise<void> | undefined;
function loadElk(): Promise<void> {
  elkLoaded ??= (async () => {
    if (!('ELK' in window)) {
      await new Promise<void>((resolve, reject) => {
        const script = document.createElement('script');
        script.src = './elk.bundled.js';
        script.onload = () => {
          resolve();
        };
        script.onerror = () => {
          reject(new Error('could not load elk.bundled.js'));
        };
        document.head.append(script);
      });
    }
    const { default: elk } = await import('cytoscape-elk');
    cytoscape.use(elk);
  })();
  return elkLoaded;
}

/** Above this many nodes + clusters the page uses the nested grid instead of ELK. */
const ELK_LIMIT = 400;

const FORWARD = '#1565c0';
const RETURN = '#e65100';
const DROP = '#c62828';

const FILL: Record<string, string> = {
  internet: '#e3f2fd',
  'internet-gateway': '#c8e6c9',
  'virtual-private-gateway': '#c8e6c9',
  'nat-gateway': '#ffe0b2',
  instance: '#ffffff',
  'network-interface': '#fafafa',
  'subnet-router': '#eceff1',
  'firewall-endpoint': '#ffcdd2',
  'gwlb-endpoint': '#f8bbd0',
  'interface-endpoint': '#e1bee7',
  'gateway-endpoint': '#e1bee7',
  'vpc-peering': '#b2ebf2',
  'client-vpn-endpoint': '#d1c4e9',
  'client-vpn-eni': '#ede7f6',
  'vpn-client': '#d1c4e9',
  external: '#eeeeee',
};
const CLUSTER: Record<string, { border: string; fill: string; style: string }> = {
  region: { border: '#616161', fill: '#ffffff', style: 'dashed' },
  vpc: { border: '#2e7d32', fill: '#f6fbf6', style: 'solid' },
  az: { border: '#1565c0', fill: '#fbfdff', style: 'dashed' },
  subnet: { border: '#546e7a', fill: '#eef6fc', style: 'solid' },
};

interface Page {
  cy: Core | undefined;
  model: ModelResponse | undefined;
  trace: TraceResponse | undefined;
  tests: TestResponse | undefined;
  /** Variant of the inputs shown ('' = as written). */
  variant: string;
  /** Which field the next node click fills. */
  pick: 'from' | 'to';
  /** Hidden node id → the node drawn for it (large networks draw each subnet as one node). */
  alias: Map<string, string>;
  /** Milliseconds the last layout took (for the benchmark). */
  layoutMs: number;
  /** Milliseconds from navigation start to the first frame with the graph drawn (for the benchmark). */
  drawnMs: number;
  /** Node ids highlighted on each path (for tests). */
  highlighted: { forward: string[]; return: string[]; drop: string[] };
}

const page: Page = {
  cy: undefined,
  model: undefined,
  trace: undefined,
  tests: undefined,
  variant: '',
  alias: new Map(),
  pick: 'from',
  layoutMs: 0,
  drawnMs: 0,
  highlighted: { forward: [], return: [], drop: [] },
};
(window as unknown as { vpcsim: Page }).vpcsim = page;

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type
const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};
const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
};

function setStatus(text: string): void {
  $('status').textContent = text;
}

// ---------------------------------------------------------------------------------------------------- graph
/**
 * Cytoscape elements for the graph. Small networks: clusters are compound nodes (ELK lays them out). Large ones
 * (`grid` given): every position is known up front, and clusters are drawn as plain boxes behind their contents
 * instead of compound nodes — cytoscape re-walks each compound node's descendants and parents for every style
 * property it sets, which made the first draw of a 1,000-subnet network several times slower (docs/web.md).
 */
function elements(m: ModelResponse, grid?: GridLayout): ElementDefinition[] {
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

function style(big: boolean): cytoscape.StylesheetJson {
  const s: cytoscape.StylesheetJson = [
    ...(big ? [{ selector: 'node, edge', style: { 'min-zoomed-font-size': 9 } }] : []),
    {
      selector: 'node.leaf',
      style: {
        shape: 'round-rectangle',
        'background-color': 'data(fill)',
        'border-width': 1,
        'border-color': '#607d8b',
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'font-size': 10,
        width: 'data(w)',
        height: 'data(h)',
      },
    },
    { selector: 'node.internet', style: { shape: 'ellipse' } },
    {
      selector: 'node.cluster',
      style: {
        label: 'data(label)',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-wrap': 'wrap',
        'font-size': 11,
        'font-weight': 'bold',
        padding: '12px',
        'border-width': 1,
      },
    },
    {
      selector: 'edge.topo',
      style: {
        width: 1,
        'line-color': '#bdbdbd',
        'line-style': 'dashed',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': '#bdbdbd',
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-size': 8,
        color: '#9e9e9e',
        'text-rotation': 'autorotate',
      },
    },
    {
      selector: 'edge.attachment, edge.association',
      style: { 'line-style': 'solid', 'target-arrow-shape': 'none' },
    },
    {
      selector: 'edge.path',
      style: {
        width: 3.5,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        label: 'data(label)',
        'text-wrap': 'wrap',
        'font-size': 10,
        'font-weight': 'bold',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'z-index': 10,
      },
    },
    { selector: 'edge.fwd', style: { 'line-color': FORWARD, 'target-arrow-color': FORWARD, color: FORWARD } },
    {
      selector: 'edge.ret',
      style: { 'line-color': RETURN, 'target-arrow-color': RETURN, color: RETURN, 'line-style': 'solid' },
    },
    { selector: 'node.fwd', style: { 'border-width': 3, 'border-color': FORWARD } },
    { selector: 'node.ret', style: { 'border-width': 3, 'border-color': RETURN } },
    {
      selector: 'node.fwd.ret',
      style: { 'border-width': 4, 'border-color': FORWARD, 'outline-width': 3, 'outline-color': RETURN },
    },
    {
      selector: 'node.dropnode',
      style: {
        shape: 'octagon',
        'background-color': '#ffebee',
        'border-color': DROP,
        'border-width': 3,
        color: DROP,
        label: 'data(label)',
        'text-wrap': 'wrap',
        'font-size': 10,
        width: 'data(w)',
        height: 'data(h)',
        'text-valign': 'center',
      },
    },
    {
      selector: 'edge.dropedge',
      style: {
        'line-color': DROP,
        'target-arrow-color': DROP,
        width: 3,
        'target-arrow-shape': 'triangle',
        'curve-style': 'bezier',
      },
    },
    {
      selector: 'node.note',
      style: {
        shape: 'rectangle',
        'background-color': '#fff8e1',
        'border-color': '#f9a825',
        'border-width': 2,
        label: 'data(label)',
        'text-wrap': 'wrap',
        'font-size': 10,
        width: 'data(w)',
        height: 'data(h)',
        'text-valign': 'center',
      },
    },
    {
      selector: 'edge.noteedge',
      style: {
        'line-color': '#f9a825',
        'target-arrow-color': '#f9a825',
        width: 2,
        'target-arrow-shape': 'triangle',
        'curve-style': 'bezier',
        'line-style': 'dotted',
      },
    },
    { selector: ':selected', style: { 'overlay-color': '#42a5f5', 'overlay-opacity': 0.25 } },
  ];
  for (const [k, c] of Object.entries(CLUSTER)) {
    s.push({
      selector: `node.cluster.${k}`,
      style: {
        'background-color': c.fill,
        'border-color': c.border,
        'border-style': c.style as 'solid' | 'dashed',
        'border-width': k === 'vpc' ? 2 : 1,
      },
    });
  }
  if (big) {
    // Boxes instead of compound nodes: explicit size, label in the top band, drawn behind edges and nodes
    // (manual z-order: boxes by depth, then edges, then nodes, then the traced path).
    s.push(
      { selector: 'node, edge', style: { 'z-index-compare': 'manual' } },
      {
        selector: 'node.box',
        style: {
          shape: 'rectangle',
          width: 'data(w)',
          height: 'data(h)',
          padding: '0px',
          // Data mappers: cytoscape's typings only admit numbers here.
          'text-margin-y': 'data(ly)' as unknown as number,
          'z-index': 'data(z)' as unknown as number,
          events: 'no',
        },
      },
      { selector: 'edge', style: { 'z-index': 20 } },
      { selector: 'node.leaf', style: { 'z-index': 30 } },
      // Straight route edges; labels only once zoomed in far enough to read them (labelWhenZoomed): below that
      // they would not be drawn anyway (min-zoomed-font-size), but measuring thousands of them delayed the first
      // frame.
      { selector: 'edge.topo', style: { 'curve-style': 'straight' } },
      { selector: 'edge.topo, node.leaf, node.box', style: { label: '' } },
      {
        selector: 'edge.topo.labelled, node.leaf.labelled, node.box.labelled',
        style: { label: 'data(label)' },
      },
      { selector: 'edge.path, node.dropnode, node.note', style: { 'z-index': 40 } },
    );
  }
  return s;
}

/** Zoom from which labels of a large network are drawn (10–11 px text is 8–9 px on screen there). */
const LABEL_ZOOM = 0.8;

/**
 * Large networks: labels are switched on for what is in view (and around it) once zoomed in to at least
 * LABEL_ZOOM, as the view moves; all are switched off again below it. Restyling only what is seen keeps a zoom
 * into one VPC of a 1,000-subnet network to one short frame.
 */
function labelWhenZoomed(cy: Core): void {
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

async function drawGraph(m: ModelResponse): Promise<void> {
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
    style: style(big),
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
    pickNode(evt.target as cytoscape.NodeSingular);
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

function pickNode(n: cytoscape.NodeSingular): void {
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

// -------------------------------------------------------------------------------------------------- overlay
function clearOverlay(): void {
  const cy = page.cy;
  if (!cy) return;
  cy.remove('.path, .dropnode, .note');
  cy.nodes().removeClass('fwd ret');
  page.highlighted = { forward: [], return: [], drop: [] };
}

/** The node drawn for a graph node id (itself, or its subnet in a large network). */
const shownId = (id: string): string => page.alias.get(id) ?? id;

function drawOverlay(o: TraceOverlay): void {
  const cy = page.cy;
  if (!cy) return;
  clearOverlay();
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
      const [from, to] = [shownId(s.from), shownId(s.to)];
      if (from === to) continue;
      cy.add({
        group: 'edges',
        data: {
          id: `${cls}${s.n}`,
          source: from,
          target: to,
          label: [`${prefix}${s.n}`, ...s.translations].join('\n'),
        },
        classes: `path ${cls}`,
      });
    }
    const shownNodes = [...new Set(p.nodes.map(shownId))];
    for (const id of shownNodes) cy.getElementById(id).addClass(cls);
    (cls === 'fwd' ? page.highlighted.forward : page.highlighted.return).push(...shownNodes);
    if (p.drop) {
      const id = `drop-${p.direction}`;
      const lines = [`✖ ${p.direction === 'forward' ? 'request' : 'reply'} dropped`, p.drop.code];
      const s = labelSize(lines);
      const dropAt = shownId(p.drop.node);
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
    const noteAt = shownId(o.asymmetry.node);
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

// ------------------------------------------------------------------------------------------------- panels
const fmtPacket = (p: PacketJson | undefined): string => {
  if (!p) return '';
  if (p.srcPort !== undefined) return `${p.protocol} ${p.src}:${p.srcPort} → ${p.dst}:${p.dstPort ?? ''}`;
  if (p.icmpType !== undefined) return `${p.protocol} ${p.src} → ${p.dst} type ${p.icmpType}`;
  return `${p.protocol} ${p.src} → ${p.dst}`;
};

function hopTable(
  title: string,
  cls: string,
  path: PathResult,
  overlay: TraceOverlay['forward'] | null,
  prefix: string,
): HTMLTableElement {
  const t = el('table', { class: 'hops', 'data-testid': `hops-${cls}` });
  t.append(
    el(
      'caption',
      { class: `${cls}-title` },
      `${title}: ${path.disposition}${path.code ? ` (${path.code})` : ''}`,
    ),
  );
  t.append(
    el(
      'tr',
      {},
      el('th', {}, '#'),
      el('th', {}, 'component'),
      el('th', {}, 'action'),
      el('th', {}, 'deciding rule / code'),
      el('th', {}, 'packet'),
      el('th', {}, 'after'),
    ),
  );
  path.hops.forEach((h, i) => {
    const rule = [h.rule, h.code, h.detail]
      .filter((x): x is string => typeof x === 'string' && x !== '')
      .join(' — ');
    const tr = el(
      'tr',
      {
        class: h.action === 'drop' ? 'drop' : h.after ? 'translate' : '',
        'data-node': overlay?.hopNodes[i] ?? '',
      },
      el('td', {}, `${prefix}${i + 1}`),
      el('td', {}, el('code', {}, `${h.kind} ${h.id}${h.direction ? ` (${h.direction})` : ''}`)),
      el('td', {}, h.action),
      el('td', {}, rule),
      el('td', {}, el('code', {}, fmtPacket(h.packet))),
      el('td', {}, el('code', {}, fmtPacket(h.after))),
    );
    tr.addEventListener('click', () => {
      focusNodes([tr.dataset.node ?? '']);
    });
    t.append(tr);
  });
  return t;
}

function showTrace(trace: TraceResult, overlay: TraceOverlay, heading?: string): void {
  const v = $('verdict');
  v.hidden = false;
  v.className = `verdict ${trace.verdict}`;
  v.dataset.verdict = trace.verdict;
  v.textContent = `${heading ? `${heading}: ` : ''}${overlay.title}`;
  const notes = $('notes');
  notes.replaceChildren();
  const lines = [...trace.notes];
  if (trace.asymmetry) {
    lines.unshift(
      `Asymmetric (${trace.asymmetry.code}): the reply skips ${trace.asymmetry.skipped.join(', ') || '—'}${trace.asymmetry.suggestion ? `; fix: ${trace.asymmetry.suggestion}` : ''}`,
    );
  }
  if (trace.fix && trace.fix.changes.length > 0) {
    // Issue 14: the fix plan `vpcsim trace` prints, first — each change was checked by tracing again.
    const f = trace.fix;
    const head = f.admits
      ? `Fix — ${f.changes.length === 1 ? 'this change admits' : `these ${f.changes.length} changes together admit`} the flow (checked by tracing again):`
      : `Fix — not enough: after these changes the flow still stops at ${f.stillDroppedAt ?? '?'}${f.stillCode ? ` (${f.stillCode})` : ''}:`;
    lines.unshift(
      [head, ...f.changes.map((ch, i) => `${i + 1}. ${ch.change} [${ch.answers}, ${ch.ref}]`)].join(' '),
    );
  }
  if (lines.length > 0) notes.append(el('ul', {}, ...lines.map((l) => el('li', {}, l))));
  const hops = $('hops');
  hops.replaceChildren(hopTable('Forward', 'fwd', trace.forward, overlay.forward, ''));
  if (trace.return && overlay.return)
    hops.append(hopTable('Return', 'ret', trace.return, overlay.return, 'R'));
  drawOverlay(overlay);
}

function showError(message: string): void {
  const v = $('verdict');
  v.hidden = false;
  v.className = 'verdict error';
  v.dataset.verdict = 'error';
  v.textContent = message;
  $('hops').replaceChildren();
  $('notes').replaceChildren();
  clearOverlay();
}

function focusNodes(ids: readonly string[]): void {
  const cy = page.cy;
  if (!cy) return;
  const sel = cy.collection();
  for (const id of ids) if (id !== '') sel.merge(cy.getElementById(shownId(id)));
  cy.elements().unselect();
  if (sel.length === 0) return;
  sel.select();
  cy.animate({ fit: { eles: sel, padding: 120 }, duration: 250 });
}

function showDiagnostics(ds: readonly Diagnostic[]): void {
  const ul = $('diagnostics');
  ul.replaceChildren();
  const errors = ds.filter((d) => d.severity === 'error').length;
  $('diag-count').textContent = `(${errors} error${errors === 1 ? '' : 's'}, ${ds.length - errors} other)`;
  for (const d of ds) {
    const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}` : '';
    const li = el(
      'li',
      { class: `diag ${d.severity}`, 'data-code': d.code, 'data-resource': d.resource ?? '' },
      el('span', { class: 'sev' }, d.severity),
      el('b', {}, d.code),
      ` ${d.message}`,
      ...(d.resource ? [el('span', { class: 'where' }, `resource ${d.resource}`)] : []),
      ...(where ? [el('span', { class: 'where' }, where)] : []),
    );
    li.addEventListener('click', () => {
      for (const x of ul.querySelectorAll('li.selected')) x.classList.remove('selected');
      li.classList.add('selected');
      focusNodes(d.resource ? (page.model?.graph.resources[d.resource] ?? []) : []);
    });
    ul.append(li);
  }
  if (ds.length === 0) ul.append(el('li', { class: 'diag' }, 'no diagnostics'));
}

function showTests(t: TestResponse): void {
  const ul = $('expectations');
  ul.replaceChildren();
  const failed = t.results.filter((r) => !r.passed).length;
  $('exp-count').textContent = `(${t.results.length - failed} pass, ${failed} fail)`;
  for (const r of t.results) {
    const li = el(
      'li',
      { class: `exp ${r.passed ? 'pass' : 'fail'}`, 'data-name': r.name },
      el('span', { class: 'res' }, r.passed ? 'PASS' : 'FAIL'),
      r.name,
      el('span', { class: 'where' }, ` expected ${r.expected}, got ${r.actual}`),
      ...r.failures.map((f) => el('div', { class: 'where' }, f)),
    );
    li.addEventListener('click', () => {
      for (const x of ul.querySelectorAll('li.selected')) x.classList.remove('selected');
      li.classList.add('selected');
      if (r.trace && r.overlay) showTrace(r.trace, r.overlay, r.name);
      else showError(`${r.name}: no trace (${r.failures.join('; ') || 'not traced'})`);
    });
    ul.append(li);
  }
  if (t.results.length === 0) ul.append(el('li', { class: 'exp' }, 'no expectations in the inputs'));
}

// ----------------------------------------------------------------------------------------------- the flow
function readFlow(): TraceRequest {
  const f = new FormData($<HTMLFormElement>('flow'));
  const s = (k: string): string | undefined => {
    const v = f.get(k);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const n = (k: string): number | undefined => {
    const v = s(k);
    return v === undefined ? undefined : Number(v);
  };
  return {
    from: s('from') ?? '',
    to: s('to') ?? '',
    protocol: s('protocol'),
    port: n('port'),
    srcPort: n('srcPort'),
    sni: s('sni'),
    host: s('host'),
    variant: page.variant || undefined,
  };
}

async function runTrace(): Promise<void> {
  const flow = readFlow();
  if (flow.from === '' || flow.to === '') {
    showError('Give both "from" and "to".');
    return;
  }
  setStatus('tracing…');
  try {
    const r = await api.trace(flow);
    page.trace = r;
    showTrace(r.trace, r.overlay);
    setStatus(`traced (inputs v${r.version})`);
  } catch (e) {
    showError(e instanceof Error ? e.message : String(e));
    setStatus('trace refused');
  }
}

async function loadAll(): Promise<void> {
  setStatus('loading…');
  let m = await api.model(page.variant || undefined).catch(() => undefined);
  if (!m) {
    // The variant disappeared from the inputs after an edit: fall back to the inputs as written.
    page.variant = '';
    m = await api.model();
  }
  page.model = m;
  $('files').textContent = m.files.join(', ');
  showVariants(m);
  await drawGraph(m);
  const variant = page.variant || undefined;
  const [v, t] = await Promise.all([
    api.validate(variant),
    api
      .test(variant)
      .catch((e: unknown) => ({ version: m.version, results: [], error: String(e) }) as TestResponse),
  ]);
  showDiagnostics(v.diagnostics);
  page.tests = t;
  showTests(t);
  setStatus(`inputs v${m.version} · ${m.graph.nodes.length} nodes · layout ${Math.round(page.layoutMs)} ms`);
  document.body.dataset.version = String(m.version);
  if (page.trace) await runTrace();
}

function showVariants(m: ModelResponse): void {
  const box = $('variant-box');
  const sel = $<HTMLSelectElement>('variant');
  box.hidden = m.variants.length === 0;
  const wanted = ['', ...m.variants.map((v) => v.name)];
  const have = [...sel.options].map((o) => o.value);
  if (wanted.join('\n') !== have.join('\n')) {
    sel.replaceChildren(
      el('option', { value: '' }, '(the inputs as written)'),
      ...m.variants.map((v) => el('option', { value: v.name, title: v.description ?? '' }, v.name)),
    );
  }
  sel.value = page.variant;
}

$<HTMLSelectElement>('variant').addEventListener('change', (e) => {
  page.variant = (e.target as HTMLSelectElement).value;
  void loadAll();
});

$<HTMLFormElement>('flow').addEventListener('submit', (e) => {
  e.preventDefault();
  void runTrace();
});
$('clear').addEventListener('click', () => {
  page.trace = undefined;
  $('verdict').hidden = true;
  $('hops').replaceChildren();
  $('notes').replaceChildren();
  clearOverlay();
});

const events = new EventSource('/api/events');
events.addEventListener('reload', () => void loadAll());

loadAll().catch((e: unknown) => {
  showError(`could not load: ${e instanceof Error ? e.message : String(e)}`);
});
