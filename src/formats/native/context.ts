/**
 * What every mapper of the native format works with: the network builder, the schema-checked document and the same
 * value as read (for positions), the name table, and small helpers to turn positions inside the file into spans
 * (fields of a resource, a column inside a one-line rule, a line of embedded text such as a Suricata block).
 */
import type { Span } from '../../diag/diagnostic.js';
import type { NetworkBuilder } from '../build/network-builder.js';
import { obj, type NameTable } from './names.js';
import type { NativeDocument, NativeVpc } from './schema.js';
import type { SourcePositions } from '../yaml/positions.js';
import type { SpanIndex } from './yaml-source.js';

export interface NativeContext {
  readonly b: NetworkBuilder;
  readonly doc: NativeDocument;
  /** The document as read (same value as `doc`), whose objects the span index knows. */
  readonly raw: Record<string, unknown>;
  readonly spans: SpanIndex;
  readonly file: string;
  readonly names: NameTable;
  /** The text's lines, for columns inside a rule string (`shift`); absent when the document is built in memory. */
  readonly positions?: SourcePositions | undefined;
}

/** One VPC of the document: its name, its schema-checked value and its value as read. */
export interface VpcScope {
  readonly name: string;
  readonly v: NativeVpc;
  readonly raw: Record<string, unknown>;
}

/** A section of a VPC as read (`subnets`, `routeTables` …) and the raw value of one of its entries. */
export function section(scope: VpcScope, key: keyof NativeVpc): Record<string, unknown> {
  return obj(scope.raw[key]);
}

/** The positions of the given fields of a raw object, by field name. */
export function spanFields(
  spans: SpanIndex,
  o: Record<string, unknown>,
  fields: readonly string[],
): Record<string, Span> {
  const out: Record<string, Span> = {};
  for (const f of fields) {
    if (!(f in o)) continue;
    const s = spans.valueSpan(o, f);
    if (s) out[f] = s;
  }
  return out;
}

/**
 * A column inside a rule string. Written on one line, the string's columns are the line's; a plain scalar folded
 * from several lines (YAML joins them with spaces) keeps them only on its first line, so a column beyond that line's
 * end is placed at the string's start instead (fuzz long run session8-million, native:5306: NACL_RULE_SYNTAX at
 * column 63 of a 42-character line).
 */
export function shift(
  c: Pick<NativeContext, 'positions'>,
  at: Span | undefined,
  col: number,
): Span | undefined {
  if (!at) return undefined;
  const width = c.positions ? lineWidth(c.positions, at.line) : Infinity;
  return at.col + col <= width + 1 ? { ...at, col: at.col + col } : at;
}

/** Characters on 1-based line `line`, its line break left out. */
function lineWidth(p: SourcePositions, line: number): number {
  const starts = p.lineStarts();
  const start = starts[line - 1] ?? 0;
  const end = line < starts.length ? (starts[line] ?? 0) - 1 : p.text.length;
  return p.text.charCodeAt(end - 1) === 13 ? end - start - 1 : end - start;
}

/**
 * Map a line/column inside embedded text to the file. A block scalar (`|`, `>`) holds its text line for line:
 * line offset and indentation. A plain or quoted scalar does not: a plain one folds the lines of the file it spans
 * into one line of text, a quoted one may write line breaks as `\n` — so only a column on its first line that lies
 * within that line of the file is kept, anything else is placed at the scalar's start (fuzz long run
 * session10-million, native:23007: `os: routeTables:|` made the script one plain scalar, and IPTABLES_SYNTAX landed
 * at column 122 of a 31-character line).
 */
export function blockPosition(
  c: Pick<NativeContext, 'file' | 'positions'>,
  block: { line: number; col: number; block: boolean } | undefined,
): ((line: number, col: number) => Span) | undefined {
  if (!block) return undefined;
  const { file } = c;
  if (block.block) return (line, col) => ({ file, line: block.line + line - 1, col: block.col + col - 1 });
  const start: Span = { file, line: block.line, col: block.col };
  return (line, col) => (line === 1 ? (shift(c, start, col - 1) ?? start) : start);
}
