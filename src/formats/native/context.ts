/**
 * What every mapper of the native format works with: the network builder, the schema-checked document and the same
 * value as read (for positions), the name table, and small helpers to turn positions inside the file into spans
 * (fields of a resource, a column inside a one-line rule, a line of embedded text such as a Suricata block).
 */
import type { Span } from '../../diag/diagnostic.js';
import type { NetworkBuilder } from '../build/network-builder.js';
import { obj, type NameTable } from './names.js';
import type { NativeDocument, NativeVpc } from './schema.js';
import type { SpanIndex } from './yaml-source.js';

export interface NativeContext {
  readonly b: NetworkBuilder;
  readonly doc: NativeDocument;
  /** The document as read (same value as `doc`), whose objects the span index knows. */
  readonly raw: Record<string, unknown>;
  readonly spans: SpanIndex;
  readonly file: string;
  readonly names: NameTable;
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

/** A column inside a one-line value (rule strings are plain or quoted scalars on one line). */
export function shift(at: Span | undefined, col: number): Span | undefined {
  return at ? { ...at, col: at.col + col } : undefined;
}

/** Map a line/column inside embedded text to the file (block scalars: line offset, indentation). */
export function blockPosition(
  file: string,
  block: { line: number; col: number; block: boolean } | undefined,
): ((line: number, col: number) => Span) | undefined {
  if (!block) return undefined;
  return (line, col) => ({
    file,
    line: block.line + line - 1,
    col: line === 1 || block.block ? block.col + col - 1 : col,
  });
}
