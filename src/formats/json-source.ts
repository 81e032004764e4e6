/**
 * A JSON input file read with positions (describe-* outputs, `terraform show -json` documents): the parsed value plus a
 * way to find where an id was written.
 *
 * Model: `JsonValue` is plain parsed JSON. `positionOf(key, value)` answers the 1-based line/col of the first
 * `"key": "value"` pair in the text (indexed once by a single scan, so lookups are O(1) even for 5,000-resource
 * files). Invalid JSON is not thrown: `readJsonSource` returns a diagnostic with the parser's position converted to
 * file:line:col.
 */
import { error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { readInputFile } from './input-file.js';
import { jsonNestingOffset, LIMIT_CODES, nestingMessage } from './limits.js';
import { lineStarts, offsetToLineCol } from './text-position.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface JsonSource {
  readonly file: string;
  readonly value: JsonValue;
  /** Span of the first `"key": "value"` pair, or of the file start when absent. */
  positionOf(key: string, value: string): Span;
  /** Span of the first occurrence of the object key `"key"`. */
  keyPosition(key: string): Span;
}

/** Parse JSON text; on failure a diagnostic at the position the parser names. */
export function parseJsonText(
  file: string,
  text: string,
): { ok: true; source: JsonSource } | { ok: false; diagnostic: Diagnostic } {
  // JSON.parse itself does not recurse, but every reader of the value does: the nesting limit comes first.
  const deep = jsonNestingOffset(text);
  if (deep !== undefined)
    return {
      ok: false,
      diagnostic: error(LIMIT_CODES.nestingDepth, `${nestingMessage('the JSON is')}; the file is not read`, {
        file,
        ...offsetToLineCol(lineStarts(text), deep),
      }),
    };
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const starts = lineStarts(text);
    const m = /position (\d+)/.exec(msg);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const at = lc
      ? { line: Number(lc[1]), col: Number(lc[2]) }
      : m
        ? offsetToLineCol(starts, Number(m[1]))
        : text.trim() === ''
          ? { line: 1, col: 1 }
          : offsetToLineCol(starts, text.length);
    return {
      ok: false,
      diagnostic: error('INVALID_JSON', `not valid JSON: ${msg.replace(/^JSON\.parse: /, '')}`, {
        file,
        ...at,
      }),
    };
  }
  // One map per key asked for (value → offset of its first `"key": "value"` pair), each built by one indexOf scan
  // of the text the first time that key is asked: a describe-* file is asked for a handful of keys, so this reads
  // the text a few times with the engine's string search instead of running a capturing regex over every pair.
  const byKey = new Map<string, Map<string, number>>();
  let starts: number[] | undefined;
  const positionOf = (key: string, v: string): Span => {
    let index = byKey.get(key);
    if (!index) {
      index = pairsOf(text, key);
      byKey.set(key, index);
    }
    const off = index.get(v);
    if (off === undefined) return { file, line: 1, col: 1 };
    starts ??= lineStarts(text);
    return { file, ...offsetToLineCol(starts, off) };
  };
  const keyPosition = (key: string): Span => {
    const off = text.indexOf(`"${key}"`);
    if (off < 0) return { file, line: 1, col: 1 };
    starts ??= lineStarts(text);
    return { file, ...offsetToLineCol(starts, off) };
  };
  return { ok: true, source: { file, value, positionOf, keyPosition } };
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Offsets of every `"key": "value"` pair in JSON text, by value (the first pair of each value; values holding an
 * escape are not indexed: ids never do). */
function pairsOf(text: string, key: string): Map<string, number> {
  const index = new Map<string, number>();
  const needle = `"${key}"`;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    let i = at + needle.length;
    while (WHITESPACE.has(text.charAt(i))) i++;
    if (text.charAt(i) !== ':') continue; // the key's name used as a value
    i++;
    while (WHITESPACE.has(text.charAt(i))) i++;
    if (text.charAt(i) !== '"') continue; // not a string value
    const end = text.indexOf('"', i + 1);
    if (end < 0) break;
    const value = text.slice(i + 1, end);
    if (value.includes('\\')) continue;
    if (!index.has(value)) index.set(value, at);
  }
  return index;
}

/** Read and parse a JSON file; I/O and syntax errors become diagnostics. */
export async function readJsonSource(
  file: string,
): Promise<{ ok: true; source: JsonSource } | { ok: false; diagnostic: Diagnostic }> {
  const read = await readInputFile(file);
  if (!read.ok) return read;
  return parseJsonText(file, read.text);
}

/** Typed accessors that never throw. */
export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function str(o: JsonObject | undefined, k: string): string | undefined {
  const v = o?.[k];
  return typeof v === 'string' ? v : undefined;
}
export function num(o: JsonObject | undefined, k: string): number | undefined {
  const v = o?.[k];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}
export function bool(o: JsonObject | undefined, k: string): boolean | undefined {
  const v = o?.[k];
  return typeof v === 'boolean' ? v : undefined;
}
export function objs(o: JsonObject | undefined, k: string): JsonObject[] {
  const v = o?.[k];
  return Array.isArray(v) ? v.filter(isObject) : [];
}
export function obj(o: JsonObject | undefined, k: string): JsonObject | undefined {
  const v = o?.[k];
  return isObject(v) ? v : undefined;
}
export function strs(o: JsonObject | undefined, k: string): string[] {
  const v = o?.[k];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
/** The `Name` tag of a `Tags`/`TagSet` list. */
export function nameTag(o: JsonObject): string | undefined {
  for (const t of [...objs(o, 'Tags'), ...objs(o, 'TagSet')])
    if (str(t, 'Key') === 'Name') return str(t, 'Value');
  return undefined;
}
