/**
 * SVG → PNG with resvg (Rust, prebuilt native module): no browser.
 *
 * Model: fonts come from the system (DejaVu/Liberation on Debian); the default font family is the one the DOT
 * renderer asks for, so text measures the same. Invariants: deterministic for the same SVG and options.
 * Bad SVG: resvg throws; the error is rethrown with a plain message.
 */
import { Resvg } from '@resvg/resvg-js';

export interface PngOptions {
  /** Scale factor (default 1.5 for a readable README image). */
  readonly scale?: number | undefined;
  /** Background colour (default white; PNGs with transparency read badly in dark themes). */
  readonly background?: string | undefined;
}

/** SVG text → PNG bytes. `svgToPng(svg).subarray(1, 4).toString()` → `'PNG'`. */
export function svgToPng(svg: string, opts: PngOptions = {}): Buffer {
  try {
    const r = new Resvg(svg, {
      background: opts.background ?? 'white',
      fitTo: { mode: 'zoom', value: opts.scale ?? 1.5 },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    });
    return r.render().asPng();
  } catch (e) {
    throw new Error(`could not convert the SVG to PNG: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
}
