/**
 * Test helpers: temporary file trees and compact views of traces.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import type { TraceResult } from '../../src/analysis/trace-result.js';
import type { HclParser } from '../../src/formats/terraform/hcl-parser.js';

/** Write `files` (relative path → text) under a fresh temporary directory; returns its path. */
export function writeTree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'vpcsim-tf-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return root;
}

export const errorsOf = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');
export const codesOf = (ds: readonly Diagnostic[]) => ds.map((d) => d.code);

/** `kind:id` of every hop of a path. */
export function hopIds(t: TraceResult, dir: 'forward' | 'return' = 'forward'): string[] {
  const p = dir === 'forward' ? t.forward : t.return;
  return (p?.hops ?? []).map((h) => `${h.kind}:${h.id}`);
}

/** Is `want` a subsequence of `have`? */
export function inOrder(have: readonly string[], want: readonly string[]): boolean {
  let i = 0;
  for (const h of have) if (h === want[i]) i++;
  return i === want.length;
}

/** `parser`, recording in `seen` how many lines each text handed to it has (which texts reach the HCL parser). */
export function countingParser(parser: HclParser, seen: number[]): HclParser {
  return {
    parse: (file: string, t: string) => {
      seen.push(t.split('\n').length);
      return parser.parse(file, t);
    },
  } as unknown as HclParser;
}
