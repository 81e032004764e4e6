/**
 * Reading a template text (JSON or YAML) into the positioned node tree of `node.ts`.
 *
 * Strict JSON goes through the fast reader of `json-read.ts`; anything else (YAML, or JSON that is not strict) is
 * parsed with the YAML parser (YAML is a superset of JSON). Both give line:col for every node, identically.
 * Short-form tags (`!Ref`, `!GetAtt`, `!Sub` … and `!Condition`) become `fn` nodes; a mapping with the single key
 * `Ref` or `Fn::*` becomes an `fn` node as well. Aliases are followed. Syntax errors and duplicate keys become
 * diagnostics (`TEMPLATE_SYNTAX`); the reader never throws. Unknown tags (`!Foo`) are kept as `fn` nodes named
 * `Fn::Foo` and reported by the static checks. Nothing is evaluated here.
 *
 * Limits (formats/limits.ts): nesting deeper than `LIMITS.nestingDepth` is INPUT_NESTING_TOO_DEEP at the first
 * node over it; aliases are resolved through an index of anchors built once, and may add at most
 * `LIMITS.aliasNodes` nodes in all (YAML_ALIAS_EXPANSION_LIMIT at the alias that would exceed it — a "billion
 * laughs" document stops there).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { parseYamlDocument } from '../yaml/parse-document.js';
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import {
  firstErrors,
  jsonNestingOffset,
  LIMIT_CODES,
  LIMITS,
  lineColAt,
  nestingMessage,
  yamlNestingOffset,
} from '../limits.js';
import { readJsonTemplate } from './json-read.js';
import { mapNode, type CfnNode, type MapEntry, type Pos } from './node.js';
import { positionsOf } from '../text-position.js';
import { indentQuotedContinuations } from './yaml-quoted.js';

/** Short-form function tags, registered so the parser resolves them (as scalar, sequence or mapping) silently. */
const SHORT_NAMES = [
  'Ref',
  'Condition',
  'GetAtt',
  'Sub',
  'Join',
  'Select',
  'Split',
  'Cidr',
  'GetAZs',
  'FindInMap',
  'If',
  'Equals',
  'And',
  'Or',
  'Not',
  'Base64',
  'ImportValue',
  'Length',
  'ToJsonString',
  'Transform',
];
const SHORT_TAGS = SHORT_NAMES.flatMap((n) => [
  { tag: `!${n}`, resolve: (v: string) => v },
  { tag: `!${n}`, collection: 'seq' as const, resolve: <T>(v: T) => v },
  { tag: `!${n}`, collection: 'map' as const, resolve: <T>(v: T) => v },
]);

export interface ReadResult {
  /** Root of the template, or undefined when the text could not be parsed at all. */
  readonly root: CfnNode | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Long name of a short-form tag: `!Ref` → `Ref`, `!Condition` → `Condition`, `!GetAtt` → `Fn::GetAtt`. */
export function tagToFunction(tag: string): string {
  const name = tag.startsWith('!') ? tag.slice(1) : tag;
  if (name === 'Ref' || name === 'Condition') return name;
  return `Fn::${name}`;
}

/** Parse a template text. `readTemplate('{"Resources":{}}', 'a.json')` → root map node, no diagnostics. */
export function readTemplate(text: string, file: string): ReadResult {
  // JSON templates (CDK output, generated templates) take a fast strict-JSON path; anything else is YAML.
  if (/^\s*\{/.test(text)) {
    const deep = jsonNestingOffset(text);
    if (deep !== undefined)
      return {
        root: undefined,
        diagnostics: [
          error(LIMIT_CODES.nestingDepth, `${nestingMessage('the template is')}; the template is not read`, {
            file,
            ...lineColAt(text, deep),
          }),
        ],
      };
    const root = readJsonTemplate(text);
    if (root) return { root, diagnostics: [] };
  }
  return readYamlTemplate(text, file);
}

function parseYaml(text: string): Document.Parsed {
  // uniqueKeys is checked by the reader (the yaml package's check is quadratic in the number of keys).
  return parseYamlDocument(text, {
    uniqueKeys: false,
    prettyErrors: false,
    strict: false,
    customTags: SHORT_TAGS,
  });
}

/** Parse a template with the YAML parser (JSON is YAML too): lenient, with positioned syntax errors. */
export function readYamlTemplate(source: string, file: string): ReadResult {
  const diagnostics: Diagnostic[] = [];
  let text = source;
  let doc: Document.Parsed;
  let posAt = positionsOf(text, new Map());
  try {
    doc = parseYaml(text);
    if (doc.errors.length > 0) {
      // CloudFormation accepts multi-line quoted scalars indented no deeper than their key (yaml-quoted.ts).
      const repair = indentQuotedContinuations(text);
      const repaired = repair ? parseYaml(repair.text) : undefined;
      if (repair && repaired && repaired.errors.length === 0) {
        text = repair.text;
        doc = repaired;
        posAt = positionsOf(text, repair.columnShift);
      }
    }
  } catch (e) {
    // The yaml package reports problems in doc.errors, except a stack overflow in its parser on a deeply nested
    // malformed document; anything else is only guarded here so that no stack trace ever escapes.
    diagnostics.push(
      e instanceof RangeError
        ? error(LIMIT_CODES.nestingDepth, `${nestingMessage('the template is')}; the template is not read`, {
            file,
            ...lineColAt(text, yamlNestingOffset(text) ?? 0),
          })
        : error('TEMPLATE_SYNTAX', `cannot parse template: ${String(e)}`, { file, line: 1, col: 1 }),
    );
    return { root: undefined, diagnostics };
  }
  for (const { error: e, more } of firstErrors(doc.errors)) {
    const p = posAt(e.pos[0]);
    const msg = e.message.split('\n')[0] ?? e.message;
    // The yaml package turns its own stack overflow on deep nesting into an error at the place it happened.
    if (/Maximum call stack size exceeded/.test(msg))
      diagnostics.push(
        error(LIMIT_CODES.nestingDepth, `${nestingMessage('the template is')}; the template is not read`, {
          file,
          ...p,
        }),
      );
    else
      diagnostics.push(
        error(
          'TEMPLATE_SYNTAX',
          `${msg} (CloudFormation would say: Template format error: not well-formed)${more}`,
          {
            file,
            line: p.line,
            col: p.col,
          },
        ),
      );
  }
  if (doc.errors.length > 0) return { root: undefined, diagnostics };

  const blockTextPos = (offset: number): Pos => {
    // A block scalar's range starts at `|`/`>`; its text begins on the next line, after the indentation.
    let i = text.indexOf('\n', offset);
    if (i < 0) return posAt(offset);
    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    return posAt(i);
  };

  const anchors = anchorIndex(doc);
  // Nodes made by following aliases; over the limit, the rest of an alias's value is left out (reported once).
  let aliasBudget: number = LIMITS.aliasNodes;
  let inAlias = 0;
  let aliasPos: Pos = { line: 1, col: 1 }; // the alias written outside any alias, being followed now
  let reported = false;
  const nothing = (at: Pos): CfnNode => ({ kind: 'scalar', value: null, pos: at, textPos: at });
  const convert = (node: Node | null | undefined, fallback: Pos, depth: number): CfnNode => {
    if (node === null || node === undefined) return nothing(fallback);
    const pos = node.range ? posAt(node.range[0]) : fallback;
    const tooDeep = (isMap(node) || isSeq(node)) && depth >= LIMITS.nestingDepth;
    if (tooDeep || (inAlias > 0 && --aliasBudget < 0)) {
      if (!reported)
        diagnostics.push(
          tooDeep
            ? error(
                LIMIT_CODES.nestingDepth,
                `${nestingMessage('the template is')}; the deeper part is not read`,
                {
                  file,
                  ...pos,
                },
              )
            : error(
                LIMIT_CODES.aliasNodes,
                `YAML aliases add more than ${LIMITS.aliasNodes} nodes to the template; the rest of their values is not read`,
                { file, ...aliasPos },
              ),
        );
      reported = true;
      return nothing(pos);
    }
    if (isAlias(node)) {
      const target = node.range ? resolveAlias(anchors, node.source, node.range[0]) : undefined;
      if (inAlias === 0) aliasPos = pos;
      inAlias++;
      try {
        return convert(target ?? null, pos, depth); // an alias stands for its node: no level of its own
      } finally {
        inAlias--;
      }
    }
    let inner: CfnNode;
    if (isScalar(node)) {
      const v = node.value;
      const value =
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? v
          : typeof v === 'bigint'
            ? Number(v)
            : v === null || v === undefined
              ? null
              : (node.source ?? null);
      const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
      inner = {
        kind: 'scalar',
        value,
        pos,
        textPos: block && node.range ? blockTextPos(node.range[0]) : pos,
      };
    } else if (isSeq(node)) {
      inner = { kind: 'seq', items: node.items.map((it) => convert(it as Node | null, pos, depth + 1)), pos };
    } else if (isMap(node)) {
      const entries: MapEntry[] = [];
      const seenKeys = new Set<string>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const k = item.key as Node | null;
        const keyPos = k?.range ? posAt(k.range[0]) : pos;
        const key = isScalar(k) ? String(k.value) : '';
        if (seenKeys.has(key)) {
          diagnostics.push(
            error(
              'TEMPLATE_SYNTAX',
              `duplicate key "${key}" (CloudFormation rejects the template: keys must be unique)`,
              { file, ...keyPos },
            ),
          );
          continue;
        }
        seenKeys.add(key);
        entries.push({ key, keyPos, value: convert(item.value as Node | null, keyPos, depth + 1) });
      }
      if (entries.length === 1) {
        const only = entries[0];
        if (only && (only.key === 'Ref' || only.key.startsWith('Fn::'))) {
          inner = { kind: 'fn', name: only.key, arg: only.value, pos, short: false };
          return withTag(node, inner, pos);
        }
      }
      inner = mapNode(entries, pos);
    } else {
      inner = { kind: 'scalar', value: null, pos, textPos: pos };
    }
    return withTag(node, inner, pos);
  };

  const withTag = (node: Node, inner: CfnNode, pos: Pos): CfnNode => {
    const tag = node.tag;
    if (typeof tag === 'string' && tag.startsWith('!') && !tag.startsWith('!!')) {
      // Point at the tag itself (`!GetAtt`), which precedes the value it applies to.
      let tagPos = pos;
      const start = node.range?.[0];
      if (start !== undefined) {
        const i = text.lastIndexOf(tag, start);
        if (i >= 0 && start - i < 400 && /^\s*$/.test(text.slice(i + tag.length, start))) tagPos = posAt(i);
      }
      return { kind: 'fn', name: tagToFunction(tag), arg: inner, pos: tagPos, short: true };
    }
    return inner;
  };

  const root = convert(doc.contents, { line: 1, col: 1 }, 0);
  return { root, diagnostics };
}

/** Every anchor of the document with where it is defined, in document order (one walk, no recursion limit issue). */
function anchorIndex(doc: Document.Parsed): Map<string, { offset: number; node: Node }[]> {
  const out = new Map<string, { offset: number; node: Node }[]>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isPair(n)) {
      stack.push(n.value, n.key);
      continue;
    }
    if (!isScalar(n) && !isSeq(n) && !isMap(n)) continue;
    if (n.anchor && n.range) {
      const list = out.get(n.anchor) ?? [];
      list.push({ offset: n.range[0], node: n });
      out.set(n.anchor, list);
    }
    if (isSeq(n) || isMap(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
  for (const list of out.values()) list.sort((a, b) => a.offset - b.offset);
  return out;
}

/** The node an alias names: the last anchor of that name defined before it (YAML 1.2 §3.2.2.2). */
function resolveAlias(
  anchors: ReadonlyMap<string, readonly { offset: number; node: Node }[]>,
  name: string,
  at: number,
): Node | undefined {
  const list = anchors.get(name) ?? [];
  let lo = 0;
  let hi = list.length; // first definition at or after `at`
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.offset ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return list[lo - 1]?.node;
}
