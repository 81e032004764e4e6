/**
 * Diagrams of a network with a traced flow: DOT, SVG, PNG, Mermaid, and the neutral graph the web page draws.
 * Re-exports only; each concept lives in its own file.
 */
export {
  buildTopology,
  type TopologyGraph,
  type DiagramNode,
  type DiagramCluster,
  type TopologyEdge,
} from './topology.js';
export {
  traceOverlay,
  describeTranslation,
  type TraceOverlay,
  type PathOverlay,
  type PathStep,
} from './overlay.js';
export { networkToDot, graphToDot, type DotOptions } from './dot.js';
export { dotToSvg, createDotRenderer, DotRenderError, type DotRenderer } from './svg.js';
export { svgToPng, type PngOptions } from './png.js';
export { networkToMermaid } from './mermaid.js';
