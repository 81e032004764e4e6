/**
 * DOT → SVG with Graphviz compiled to WebAssembly (`@viz-js/viz`): no browser, no system Graphviz.
 *
 * Model: a `DotRenderer` owns one Graphviz instance (creating one costs ~100 ms, so callers that render many
 * diagrams make one and reuse it; there is no module-level cache). Invariants: the SVG is a pure function of the
 * DOT text. Bad DOT is reported as a `DotRenderError` carrying Graphviz's own messages, never a crash.
 */
import { instance, type Viz } from '@viz-js/viz';

export class DotRenderError extends Error {
  constructor(readonly messages: readonly string[]) {
    super(`Graphviz could not render the diagram: ${messages.join('; ') || 'unknown error'}`);
    this.name = 'DotRenderError';
  }
}

export interface DotRenderer {
  /** Render DOT to SVG text; throws `DotRenderError` on bad DOT. */
  svg(dot: string): string;
}

/** A renderer holding its own Graphviz instance. */
export async function createDotRenderer(): Promise<DotRenderer> {
  const viz: Viz = await instance();
  return {
    svg(dot: string): string {
      const r = viz.render(dot, { format: 'svg', engine: 'dot' });
      if (r.status !== 'success') throw new DotRenderError(r.errors.map((e) => e.message));
      return r.output;
    },
  };
}

/** DOT → SVG. `await dotToSvg('digraph { a -> b }')` → `'<?xml …<svg …'`. */
export async function dotToSvg(dot: string, renderer?: DotRenderer): Promise<string> {
  return (renderer ?? (await createDotRenderer())).svg(dot);
}
