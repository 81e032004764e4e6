/**
 * Blocks written with the wrong number of labels (`resource "aws_route_table" {`, `route "x" {`). Terraform
 * refuses the block at its header: "Missing name for resource — All resource blocks must have 2 labels (type,
 * name)", or "Extraneous label for route — No labels are expected for route blocks". The HCL-to-JSON converter
 * either fails without a position ("cannot have blocks with and without labels", "Unable to convert Block to
 * JSON") or, for a lone block, returns a shape the loader would skip; both become this positioned TF_SYNTAX error.
 * A block of a type Terraform does not know at the top level (`foo "x" {` beside `foo {`) is refused for its type
 * first: "Unsupported block type", as top-level.ts says it for the blocks the converter does return.
 */
import { error, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import { TOP_LEVEL_BLOCKS, unsupportedBlockType } from './top-level.js';

/** The labels Terraform expects on a block type; a type not listed (a resource's argument block) takes none. */
const LABELS: ReadonlyMap<string, readonly string[]> = new Map([
  ['resource', ['type', 'name']],
  ['data', ['type', 'name']],
  ['ephemeral', ['type', 'name']],
  ['module', ['name']],
  ['variable', ['name']],
  ['output', ['name']],
  ['provider', ['name']],
  ['check', ['name']],
  ['dynamic', ['name']],
  ['provisioner', ['type']],
  ['backend', ['type']],
]);

/** The converter's failures that mean a block has the wrong number of labels. */
const CONVERTER_LABEL_FAILURE = /cannot have blocks with and without labels|Unable to convert Block to JSON/;

const HEADER = /^(\s*)([A-Za-z_][\w-]*)((?:\s+"[^"\n]*"|\s+[A-Za-z_][\w-]*)*)\s*\{/;

interface Header {
  readonly line: number;
  readonly col: number;
  readonly type: string;
  readonly labels: number;
  /** How many blocks it is nested in (0 at the top level of the file). */
  readonly depth: number;
}

function headers(text: string): Header[] {
  const out: Header[] = [];
  const lines = text.split('\n');
  const depths = lineDepths(lines);
  for (let i = 0; i < lines.length; i++) {
    const m = HEADER.exec(lines[i] ?? '');
    if (!m) continue;
    const labels = [...(m[3] ?? '').matchAll(/"[^"\n]*"|[A-Za-z_][\w-]*/g)].length;
    const depth = depths[i] ?? 0;
    out.push({ line: i + 1, col: (m[1] ?? '').length + 1, type: m[2] ?? '', labels, depth });
  }
  return out;
}

/**
 * The block depth at the start of each line: `{` and `}` outside quoted strings, template sequences (`${…}`,
 * `%{…}`, which may hold strings of their own), comments and heredocs. The text is one the parser took (only the
 * converter failed), so its strings, templates and heredocs close.
 */
function lineDepths(lines: readonly string[]): number[] {
  const out: number[] = [];
  let depth = 0;
  let heredoc: string | undefined;
  let comment = false;
  // Open strings and template sequences, innermost last: 0 a quoted string, n > 0 a template sequence holding
  // n - 1 unclosed braces of its own (an object constructor inside it).
  const nest: number[] = [];
  for (const line of lines) {
    out.push(depth);
    if (heredoc !== undefined) {
      if (line.trim() === heredoc) heredoc = undefined;
      continue;
    }
    for (let k = 0; k < line.length; k++) {
      const c = line[k];
      const top = nest[nest.length - 1];
      if (comment) {
        if (c === '*' && line[k + 1] === '/') {
          comment = false;
          k++;
        }
      } else if (top === 0) {
        if (c === '\\') k++;
        else if (c === '"') nest.pop();
        else if ((c === '$' || c === '%') && line[k + 1] === '{') {
          nest.push(1);
          k++;
        }
      } else if (c === '"') nest.push(0);
      else if (c === '#' || (c === '/' && line[k + 1] === '/')) break;
      else if (c === '/' && line[k + 1] === '*') {
        comment = true;
        k++;
      } else if (top === undefined && c === '<' && line[k + 1] === '<') {
        const m = /^<<-?([A-Za-z_][\w-]*)\s*$/.exec(line.slice(k));
        if (m) {
          heredoc = m[1];
          break;
        }
      } else if (c === '{') {
        if (top === undefined) depth++;
        else nest[nest.length - 1] = top + 1;
      } else if (c === '}') {
        if (top === undefined) depth = Math.max(0, depth - 1);
        else if (top === 1) nest.pop();
        else nest[nest.length - 1] = top - 1;
      }
    }
  }
  return out;
}

/**
 * For a converter failure about labels: the TF_SYNTAX error at the first block header whose labels are not the ones
 * Terraform expects; undefined for any other failure, or when no header in the text is wrong.
 */
export function converterLabelError(file: string, text: string, message: string): Diagnostic | undefined {
  if (!CONVERTER_LABEL_FAILURE.test(message)) return undefined;
  const bad = headers(text).find(
    (h) => (h.depth === 0 && !TOP_LEVEL_BLOCKS.has(h.type)) || h.labels !== (LABELS.get(h.type) ?? []).length,
  );
  if (!bad) return undefined;
  if (bad.depth === 0 && !TOP_LEVEL_BLOCKS.has(bad.type))
    return error(
      'TF_SYNTAX',
      `HCL syntax error: ${unsupportedBlockType(bad.type)}; terraform would refuse this configuration`,
      {
        file,
        line: bad.line,
        col: bad.col,
      },
    );
  return labelError(file, bad.type, bad.labels, bad);
}

/**
 * A top-level block the converter returned with too few labels (`kind` then `given` labels) or too many: the
 * TF_SYNTAX error at its header (found by its kind and given labels; line 1 when the text hides it).
 */
export function blockLabelError(
  file: string,
  text: string,
  kind: string,
  given: readonly string[],
  tooMany: boolean,
): Diagnostic {
  const quoted = given.map((l) => `\\s+"?${l.replace(/[^\w-]/g, '.')}"?`).join('');
  const m = new RegExp(`^([ \\t]*)${kind}${quoted}${tooMany ? '\\s+"?[^\\s{]+' : '\\s*\\{'}`, 'm').exec(text);
  const line = m ? text.slice(0, m.index).split('\n').length : 1;
  const col = m ? (m[1] ?? '').length + 1 : 1;
  const n = (LABELS.get(kind) ?? []).length;
  return labelError(file, kind, tooMany ? n + 1 : given.length, { line, col });
}

function labelError(
  file: string,
  type: string,
  labels: number,
  at: { readonly line: number; readonly col: number },
): Diagnostic {
  const expected = LABELS.get(type) ?? [];
  const n = expected.length;
  const names = `${n} label${n === 1 ? '' : 's'} (${expected.join(', ')})`;
  const why =
    labels < n
      ? `Missing name for ${type}: all ${type} blocks must have ${names}`
      : n === 0
        ? `Extraneous label for ${type}: no labels are expected for ${type} blocks`
        : `Extraneous label for ${type}: only ${names} ${n === 1 ? 'is' : 'are'} expected for ${type} blocks`;
  return error('TF_SYNTAX', `HCL syntax error: ${why}; terraform would refuse this configuration`, {
    file,
    line: at.line,
    col: at.col,
  });
}

/** What Terraform calls each label of a block type, in its "Invalid … name" errors. */
const LABEL_NAMES: ReadonlyMap<string, readonly string[]> = new Map([
  ['resource', ['resource type name', 'resource name']],
  ['data', ['data source type name', 'data source name']],
  ['variable', ['variable name']],
  ['module', ['module instance name']],
  ['output', ['output name']],
]);

/** HCL's identifier (Unicode letters and digits, `_`, `-`; not starting with a digit or `-`). */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_-]*$/u;

/**
 * A label that is not a valid name (`resource "aws_vpc.main" "x"`): Terraform refuses the block, "Invalid resource
 * type name: A name must start with a letter or underscore and may contain only letters, digits, underscores, and
 * dashes." Such a name is no address either: `aws_vpc.main.x` would be read as resource `main` of `aws_vpc` (fuzz
 * long run session10-million, tf-hcl:46630: that resource defined twice threw inside the importer).
 */
export function invalidLabel(kind: string, labels: readonly string[], at: Span): Diagnostic | undefined {
  const i = labels.findIndex((l) => !IDENTIFIER.test(l));
  if (i < 0) return undefined;
  const what = LABEL_NAMES.get(kind)?.[i] ?? `${kind} label`;
  return error(
    'TF_SYNTAX',
    `Invalid ${what}: A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes. (${JSON.stringify(labels[i])}; the block is not read)`,
    at,
  );
}
