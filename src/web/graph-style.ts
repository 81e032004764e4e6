/**
 * How the page draws the graph (cytoscape style): node fills and cluster borders shared in spirit with the
 * diagram renderers (render/diagram/style.ts), the traced path (forward blue, return orange, drop red, the
 * asymmetry note), and the large-network mode's boxes, z-order and labels-when-zoomed.
 */
import type cytoscape from 'cytoscape';

export const FORWARD = '#1565c0';
export const RETURN = '#e65100';
export const DROP = '#c62828';

export const FILL: Record<string, string> = {
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
  'load-balancer': '#dcedc8',
  'target-group': '#f1f8e9',
  'endpoint-service': '#e1bee7',
  'vpc-peering': '#b2ebf2',
  'client-vpn-endpoint': '#d1c4e9',
  'client-vpn-eni': '#ede7f6',
  'vpn-client': '#d1c4e9',
  external: '#eeeeee',
};
export const CLUSTER: Record<string, { border: string; fill: string; style: string }> = {
  region: { border: '#616161', fill: '#ffffff', style: 'dashed' },
  vpc: { border: '#2e7d32', fill: '#f6fbf6', style: 'solid' },
  az: { border: '#1565c0', fill: '#fbfdff', style: 'dashed' },
  subnet: { border: '#546e7a', fill: '#eef6fc', style: 'solid' },
};

type Rules = cytoscape.StylesheetJson;

/**
 * No text is drawn smaller than this on screen (issue 14: text legible at fit): every label's font size is at
 * least this in model units, and cytoscape skips a label whose zoomed size falls below it (min-zoomed-font-size)
 * rather than drawing it unreadably small. The first view never zooms out below LEGIBLE_ZOOM (graph.ts).
 */
export const LEGIBLE_PX = 11;
/** Font size of resource boxes and route labels (model units). */
export const LEAF_FONT = 11;
/** The zoom at which a leaf's text is LEGIBLE_PX on screen. */
export const LEGIBLE_ZOOM = LEGIBLE_PX / LEAF_FONT;

/** Leaves (resources) and clusters. */
function baseStyle(): Rules {
  return [
    { selector: 'node, edge', style: { 'min-zoomed-font-size': LEGIBLE_PX } },
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
        'font-size': LEAF_FONT,
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
        'font-size': 12,
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
        'font-size': LEAF_FONT,
        color: '#616161',
        // Horizontal, on a white band: legible over other edges; route-labels.ts keeps them apart.
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.9,
        'text-background-padding': '1px',
      },
    },
    { selector: 'edge.route.label-hidden', style: { label: '' } },
    { selector: 'edge.route.label-hidden.label-shown', style: { label: 'data(label)', 'z-index': 50 } },
    {
      selector: 'edge.attachment, edge.association',
      style: { 'line-style': 'solid', 'target-arrow-shape': 'none' },
    },
  ];
}

/** The traced flow: path edges, highlighted nodes, the drop octagon, the asymmetry note, the selection. */
function pathStyle(): Rules {
  return [
    {
      selector: 'edge.path',
      style: {
        width: 3.5,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        label: 'data(label)',
        'text-wrap': 'wrap',
        'font-size': 12,
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
        'font-size': LEAF_FONT,
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
      selector: 'node.xlat',
      style: {
        shape: 'round-rectangle',
        'background-color': '#ffffff',
        'border-width': 1.5,
        label: 'data(label)',
        'text-wrap': 'wrap',
        'font-size': LEAF_FONT,
        'font-weight': 'bold',
        width: 'data(w)',
        height: 'data(h)',
        'text-valign': 'center',
        events: 'no',
      },
    },
    { selector: 'node.xlat.fwd', style: { 'border-color': FORWARD, color: FORWARD } },
    { selector: 'node.xlat.ret', style: { 'border-color': RETURN, color: RETURN } },
    {
      selector: 'node.exposed',
      style: { 'border-width': 3, 'border-color': DROP, 'border-style': 'dashed' },
    },
    {
      selector: 'node.exposure-note',
      style: {
        shape: 'round-rectangle',
        'background-color': '#fff3f3',
        'border-width': 1.5,
        'border-color': DROP,
        color: '#b71c1c',
        label: 'data(label)',
        'text-wrap': 'wrap',
        'font-size': LEAF_FONT,
        width: 'data(w)',
        height: 'data(h)',
        'text-valign': 'center',
        events: 'no',
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
        'font-size': LEAF_FONT,
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
}

function clusterStyle(): Rules {
  const s: Rules = [];
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
  return s;
}

/**
 * Large networks: boxes instead of compound nodes — explicit size, label in the top band, drawn behind edges and
 * nodes (manual z-order: boxes by depth, then edges, then nodes, then the traced path).
 */
function bigNetworkStyle(): Rules {
  return [
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
  ];
}

export function graphStyle(big: boolean): Rules {
  return [...baseStyle(), ...pathStyle(), ...clusterStyle(), ...(big ? bigNetworkStyle() : [])];
}
