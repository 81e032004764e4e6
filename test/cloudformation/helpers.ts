/** Test helpers for the CloudFormation importer. */
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import type { ImportOptions, ImportResult } from '../../src/formats/import-result.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';

/** Import one template text as `t.yaml` (or the given path). */
export function imp(text: string, opts: ImportOptions = {}, path = 't.yaml'): ImportResult {
  return importCloudFormation([{ path, text }], opts);
}

export function errors(r: ImportResult): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'error');
}

export function codes(r: ImportResult, severity?: Diagnostic['severity']): string[] {
  return r.diagnostics.filter((d) => severity === undefined || d.severity === severity).map((d) => d.code);
}

/** Where a diagnostic points: `file:line:col`. */
export function at(d: Diagnostic | undefined): string {
  return d?.span ? `${d.span.file}:${d.span.line}:${d.span.col}` : '(no span)';
}
