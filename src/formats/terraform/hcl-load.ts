/**
 * Read Terraform configuration files with @cdktn/hcl2json and locate their blocks in the text.
 *
 * Model: a `ModuleDef` is one directory's (or one file list's) blocks as hcl2json returns them — attribute values
 * are JSON, with expressions left as Terraform JSON-syntax template strings (`"${var.x}"`) that expr-parse.ts
 * reads — plus source positions, which hcl2json does not give: a light scanner finds each block header
 * (`resource "TYPE" "NAME" {`) and, inside it, the line of every attribute and nested block. HCL syntax errors are
 * reported with the parser's own file:line:col (TF_SYNTAX); the file is then skipped, other files still load.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { error, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import { readInputFile } from '../input-file.js';
import { hclNestingOffset, LIMIT_CODES, lineColAt, nestingMessage } from '../limits.js';
import { blockLabelError, converterLabelError, invalidLabel } from './block-labels.js';
import { unknownTopLevel } from './top-level.js';
import { originalPosition, quoteLongHeredocs } from './heredoc-literal.js';
import { brokenTemplateHeredocError, syntaxDiagnostic, unterminatedHeredocError } from './heredoc-refusal.js';

export { syntaxDiagnostic, TEMPLATE_HEREDOC_TAIL_LINES } from './heredoc-refusal.js';
import type { HclParser } from './hcl-parser.js';
import { readJsonSyntax } from './json-syntax.js';

/** JSON as hcl2json returns it. */
export type Raw = null | boolean | number | string | Raw[] | { [k: string]: Raw };
export type RawObject = { [k: string]: Raw };

export interface BlockPos {
  readonly span: Span;
  /** Line of each attribute at the block's top level. */
  readonly attrs: ReadonlyMap<string, number>;
  /** Lines of each nested block, in order (e.g. every `ingress {`). */
  readonly nested: ReadonlyMap<string, readonly number[]>;
}

export interface BlockDef {
  readonly kind: string;
  readonly labels: readonly string[];
  readonly body: RawObject;
  readonly file: string;
  readonly pos: BlockPos;
}

export interface ModuleDef {
  readonly dir: string;
  readonly files: readonly string[];
  readonly variables: ReadonlyMap<string, BlockDef>;
  readonly locals: ReadonlyMap<string, { readonly raw: Raw; readonly file: string; readonly span: Span }>;
  readonly resources: ReadonlyMap<string, BlockDef>;
  readonly data: ReadonlyMap<string, BlockDef>;
  readonly modules: ReadonlyMap<string, BlockDef>;
  readonly outputs: ReadonlyMap<string, BlockDef>;
  readonly providers: readonly BlockDef[];
  /** Contents of every file read (for `file()` lookups and spans). */
  readonly texts: ReadonlyMap<string, string>;
}

function isRawObject(v: Raw | undefined): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One diagnostic of the parser's answer: its place and its text. */
/**
 * Parse one file's text with the isolated parser, after checking its nesting (the parser recurses on it).
 * Syntax errors, nesting over the limit and a parser failure become diagnostics; undefined then.
 */
export async function parseHcl(
  parser: HclParser,
  file: string,
  text: string,
  diags: Diagnostic[],
): Promise<Record<string, unknown> | undefined> {
  const deep = hclNestingOffset(text);
  if (deep !== undefined) {
    diags.push(
      error(LIMIT_CODES.nestingDepth, `${nestingMessage('expression')}; the file is not read`, {
        file,
        ...lineColAt(text, deep),
      }),
    );
    return undefined;
  }
  const unterminated =
    (await unterminatedHeredocError(parser, file, text)) ??
    (await brokenTemplateHeredocError(parser, file, text));
  if (unterminated) {
    diags.push(unterminated);
    return undefined;
  }
  const r = await parser.parse(basename(file), quoteLongHeredocs(text));
  if (r.ok) return r.json as Record<string, unknown>;
  const labels = converterLabelError(file, text, r.message);
  if (labels) diags.push(labels);
  else if (r.kind === 'syntax') {
    // The parser read long heredocs as quoted strings: its positions on those lines are mapped back.
    const d = syntaxDiagnostic(file, r.message);
    diags.push(
      d.span ? { ...d, span: { ...d.span, ...originalPosition(text, d.span.line, d.span.col) } } : d,
    );
  } else
    diags.push(
      error(
        LIMIT_CODES.parserFailed,
        `the HCL parser failed on this file (${r.message}); the file is not read, other files are, and the parser is restarted`,
        { file, line: 1, col: 1 },
      ),
    );
  return undefined;
}

/** Skip a quoted string starting at `i` (on the quote); returns the index after the closing quote. */
function skipString(s: string, i: number): number {
  i++;
  while (i < s.length && s[i] !== '"' && s[i] !== '\n') {
    if (s[i] === '\\') i += 2;
    else if (s[i] === '$' && s[i + 1] === '{') i = skipBraces(s, i + 2);
    else i++;
  }
  return i + 1;
}
function skipBraces(s: string, i: number): number {
  let depth = 1;
  while (i < s.length && depth > 0) {
    const c = s[i];
    if (c === '"') {
      i = skipString(s, i);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
    i++;
  }
  return i;
}

/** Scan text for blocks: header line, attribute lines and nested block lines (depth-1 only). */
export function scanBlocks(file: string, text: string): Map<string, BlockPos> {
  const out = new Map<string, BlockPos>();
  const lines = text.split('\n');
  let depth = 0;
  let current:
    { key: string; attrs: Map<string, number>; nested: Map<string, number[]>; depth: number } | undefined;
  let heredoc: string | undefined;
  let inComment = false;
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln] ?? '';
    if (heredoc) {
      if (line.trim() === heredoc) heredoc = undefined;
      continue;
    }
    if (inComment) {
      if (line.includes('*/')) inComment = false;
      continue;
    }
    if (depth === 0) {
      const m = /^\s*([a-z_]+)((?:\s+"[^"]*"|\s+[A-Za-z_][\w-]*)*)\s*\{/.exec(line);
      if (m) {
        const labels = [...(m[2] ?? '').matchAll(/"([^"]*)"|([A-Za-z_][\w-]*)/g)].map(
          (x) => x[1] ?? x[2] ?? '',
        );
        const key = [m[1] ?? '', ...labels].join(' ');
        current = { key, attrs: new Map(), nested: new Map(), depth: 0 };
        if (!out.has(key))
          out.set(key, {
            span: { file, line: ln + 1, col: line.indexOf(m[1] ?? '') + 1 },
            attrs: current.attrs,
            nested: current.nested,
          });
      }
    } else if (depth === 1 && current) {
      const a = /^\s*([A-Za-z_][\w-]*)\s*=(?!=)/.exec(line);
      const b = /^\s*([A-Za-z_][\w-]*)((?:\s+"[^"]*")*)\s*\{/.exec(line);
      if (a && !current.attrs.has(a[1] ?? '')) current.attrs.set(a[1] ?? '', ln + 1);
      else if (b && !a) {
        const name = b[1] === 'dynamic' ? (/"([^"]*)"/.exec(b[2] ?? '')?.[1] ?? 'dynamic') : (b[1] ?? '');
        const l = current.nested.get(name) ?? [];
        l.push(ln + 1);
        current.nested.set(name, l);
      }
    }
    // Update depth, skipping strings and comments.
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '"') {
        i = skipString(line, i) - 1;
        continue;
      }
      if (c === '#' || (c === '/' && line[i + 1] === '/')) break;
      if (c === '/' && line[i + 1] === '*') {
        const e = line.indexOf('*/', i + 2);
        if (e < 0) {
          inComment = true;
          break;
        }
        i = e + 1;
        continue;
      }
      if (c === '<' && line[i + 1] === '<') {
        const h = /^<<-?([A-Za-z_]\w*)\s*$/.exec(line.slice(i));
        if (h) {
          heredoc = h[1];
          break;
        }
      }
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
    }
  }
  return out;
}

const EMPTY_POS = (file: string): BlockPos => ({
  span: { file, line: 1, col: 1 },
  attrs: new Map(),
  nested: new Map(),
});

/** Parse files into one module definition. Never throws: I/O and syntax errors become diagnostics. */
export async function loadModule(
  dir: string,
  files: readonly string[],
  diags: Diagnostic[],
  parser: HclParser,
): Promise<ModuleDef> {
  const variables = new Map<string, BlockDef>();
  const locals = new Map<string, { raw: Raw; file: string; span: Span }>();
  const resources = new Map<string, BlockDef>();
  const data = new Map<string, BlockDef>();
  const modules = new Map<string, BlockDef>();
  const outputs = new Map<string, BlockDef>();
  const providers: BlockDef[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    const read = await readInputFile(file);
    if (!read.ok) {
      diags.push(read.diagnostic);
      continue;
    }
    const text = read.text;
    texts.set(file, text);
    let json: Record<string, unknown>;
    let pos: Map<string, BlockPos>;
    let jsonKeys: ReadonlyMap<string, { line: number; col: number }> | undefined;
    if (file.endsWith('.json')) {
      // Terraform's JSON syntax: read as JSON with positions (the HCL parser reads only the native syntax).
      const r = readJsonSyntax(file, text);
      if (!r.ok) {
        diags.push(r.diagnostic);
        continue;
      }
      json = r.doc;
      pos = r.pos;
      jsonKeys = r.keys;
    } else {
      const parsed = await parseHcl(parser, file, text, diags);
      if (parsed === undefined) continue;
      json = parsed;
      pos = scanBlocks(file, text);
    }
    const posOf = (key: string) => pos.get(key) ?? EMPTY_POS(file);
    const doc = json as RawObject;
    diags.push(...unknownTopLevel(file, text, doc, pos, jsonKeys));
    // The converter gives each labelled block as an array of bodies: an array one level early is a missing label,
    // an object where the array belongs an extra one (HCL only; the JSON syntax writes either).
    const hcl = !file.endsWith('.json');
    const wrongLabels = (kind: string, given: string[], tooMany: boolean): boolean => {
      if (hcl) diags.push(blockLabelError(file, text, kind, given, tooMany));
      return hcl;
    };
    const twoLevel = (kind: string, target: Map<string, BlockDef>) => {
      const byType = doc[kind];
      if (!isRawObject(byType)) return;
      for (const [type, byName] of Object.entries(byType)) {
        if (!isRawObject(byName)) {
          wrongLabels(kind, [type], false);
          continue;
        }
        for (const [name, bodies] of Object.entries(byName)) {
          if (!Array.isArray(bodies) && wrongLabels(kind, [type, name], true)) continue;
          const badLabel = invalidLabel(kind, [type, name], posOf(`${kind} ${type} ${name}`).span);
          if (badLabel) {
            diags.push(badLabel);
            continue;
          }
          const body = Array.isArray(bodies) ? bodies[0] : bodies;
          if (!isRawObject(body)) continue;
          const key = `${type}.${name}`;
          const p = posOf(`${kind} ${type} ${name}`);
          if (target.has(key))
            diags.push(
              error(
                'TF_DUPLICATE_BLOCK',
                `duplicate ${kind} "${type}" "${name}"; terraform refuses duplicate addresses`,
                p.span,
              ),
            );
          else target.set(key, { kind, labels: [type, name], body, file, pos: p });
        }
      }
    };
    const oneLevel = (kind: string, target: Map<string, BlockDef>) => {
      const byName = doc[kind];
      if (Array.isArray(byName)) wrongLabels(kind, [], false);
      if (!isRawObject(byName)) return;
      for (const [name, bodies] of Object.entries(byName)) {
        if (!Array.isArray(bodies) && wrongLabels(kind, [name], true)) continue;
        const body = Array.isArray(bodies) ? bodies[0] : bodies;
        if (!isRawObject(body)) continue;
        const p = posOf(`${kind} ${name}`);
        const badLabel = invalidLabel(kind, [name], p.span);
        if (badLabel) {
          diags.push(badLabel);
          continue;
        }
        if (target.has(name)) diags.push(error('TF_DUPLICATE_BLOCK', `duplicate ${kind} "${name}"`, p.span));
        else target.set(name, { kind, labels: [name], body, file, pos: p });
      }
    };
    twoLevel('resource', resources);
    twoLevel('data', data);
    oneLevel('variable', variables);
    oneLevel('module', modules);
    oneLevel('output', outputs);
    const prov = doc['provider'];
    if (isRawObject(prov))
      for (const [name, bodies] of Object.entries(prov))
        for (const body of Array.isArray(bodies) ? bodies : [bodies])
          if (isRawObject(body))
            providers.push({ kind: 'provider', labels: [name], body, file, pos: posOf(`provider ${name}`) });
    const loc = doc['locals'];
    const localBlocks = Array.isArray(loc) ? loc : isRawObject(loc) ? [loc] : [];
    const localLines = [...pos.entries()].filter(([k]) => k === 'locals').map(([, p]) => p);
    for (const lb of localBlocks) {
      if (!isRawObject(lb)) continue;
      for (const [name, raw] of Object.entries(lb)) {
        let line: number;
        // Local attribute lines: scan all `locals {` blocks (scanBlocks keeps the first; search the text directly).
        const re = new RegExp(`^\\s*${name.replace(/[^\w-]/g, '')}\\s*=`, 'm');
        const m = re.exec(text);
        if (m) line = text.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
        else line = localLines[0]?.span.line ?? 1;
        if (locals.has(name))
          diags.push(error('TF_DUPLICATE_BLOCK', `duplicate local value "${name}"`, { file, line, col: 1 }));
        else locals.set(name, { raw, file, span: { file, line, col: 1 } });
      }
    }
  }
  return { dir, files, variables, locals, resources, data, modules, outputs, providers, texts };
}

/** The .tf / .tf.json files of a directory, sorted. */
export async function tfFilesIn(dir: string): Promise<string[]> {
  try {
    const es = await readdir(dir, { withFileTypes: true });
    return es
      .filter((e) => e.isFile() && (e.name.endsWith('.tf') || e.name.endsWith('.tf.json')))
      .map((e) => join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

/** Directory and file list for a set of paths (a directory, or .tf files of one directory). */
export async function resolveRoot(paths: readonly string[]): Promise<{ dir: string; files: string[] }> {
  const files: string[] = [];
  let dir = '.';
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      isDir = false;
    }
    if (isDir) {
      dir = p;
      files.push(...(await tfFilesIn(p)));
    } else {
      dir = dirname(p);
      files.push(p);
    }
  }
  return { dir, files };
}
