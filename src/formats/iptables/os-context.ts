/**
 * What the readers of an instance's OS configuration share: the builder of the resulting state, the diagnostics,
 * where a position of the text is in the outer file, and the script lines that were not network configuration.
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { OsBuilder } from './builder.js';

export type SpanOf = (p: { line: number; col: number }) => Span;

/** A position of an embedded text (a heredoc, `sh -c '…'`) → its position in the enclosing text. */
export type Remap = (p: { line: number; col: number }) => { line: number; col: number };

export interface OsCtx {
  readonly builder: OsBuilder;
  readonly diagnostics: Diagnostic[];
  readonly spanOf: SpanOf;
  readonly ignored: { line: number; col: number; text: string }[];
}

/** A line quoted in a message, cut at 60 characters. */
export function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
