/**
 * Diagnostics: every problem vpcsim reports about its input, from any layer.
 *
 * A discriminated record keyed by `code` (UPPER_SNAKE), with a severity, a message that says what is wrong and
 * what AWS would say, and the source position of the thing it is about. Producers collect all diagnostics and
 * never stop at the first; rendering (`formatDiagnostic`) is separate from the data.
 */

import type { DiagnosticCode } from './codes.js';

/** A position in an input file: 1-based line and column. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly severity: Severity;
  /** UPPER_SNAKE code, e.g. `ROUTE_MORE_SPECIFIC_THAN_LOCAL_NOT_SUBNET`. */
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span?: Span | undefined;
  /** The identifier (as the input wrote it) of the resource the diagnostic concerns, if any. */
  readonly resource?: string | undefined;
  /** Semantics ID from aws-semantics.md that the rule implements (e.g. `RT-3`). */
  readonly ref?: string | undefined;
}

/** `file:line:col: error CODE: message` — the one rendering used on stderr. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : '';
  return `${where}${d.severity} ${d.code}: ${d.message}`;
}

/** Convenience constructors. */
export function error(
  code: DiagnosticCode,
  message: string,
  span?: Span,
  extra?: Partial<Diagnostic>,
): Diagnostic {
  return { severity: 'error', code, message, span, ...extra };
}
export function warning(
  code: DiagnosticCode,
  message: string,
  span?: Span,
  extra?: Partial<Diagnostic>,
): Diagnostic {
  return { severity: 'warning', code, message, span, ...extra };
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** Sort diagnostics canonically: by file, line, column, code. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.span?.file ?? '').localeCompare(b.span?.file ?? '') ||
      (a.span?.line ?? 0) - (b.span?.line ?? 0) ||
      (a.span?.col ?? 0) - (b.span?.col ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
