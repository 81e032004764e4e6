/**
 * Reading a template text (JSON or YAML) into the positioned node tree of `node.ts`.
 *
 * Strict JSON goes through the fast reader of `json-read.ts`; anything else (YAML, or JSON that is not strict) is
 * parsed with the YAML parser (YAML is a superset of JSON). Both give line:col for every node, identically.
 * Short-form tags (`!Ref`, `!GetAtt`, `!Sub` … and `!Condition`) become `fn` nodes; a mapping with the single key
 * `Ref` or `Fn::*` becomes an `fn` node as well. Aliases are followed. Syntax errors and duplicate keys become
 * diagnostics (`TEMPLATE_SYNTAX`); the reader never throws. Unknown tags (`!Foo`) are kept as `fn` nodes named
 * `Fn::Foo` and reported by the static checks. Nothing is evaluated here. This module parses (and repairs
 * CloudFormation-accepted quoting, yaml-quoted.ts) and reports syntax errors; yaml-tree.ts builds the node tree.
 *
 * Limits (formats/limits.ts): nesting deeper than `LIMITS.nestingDepth` is INPUT_NESTING_TOO_DEEP at the first
 * node over it; aliases are resolved through an index of anchors built once, and may add at most
 * `LIMITS.aliasNodes` nodes in all (YAML_ALIAS_EXPANSION_LIMIT at the alias that would exceed it — a "billion
 * laughs" document stops there).
 */
import { type Document } from 'yaml';
import { PARSER_DEPTH, parseYamlDocument } from '../yaml/parse-document.js';
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import {
  firstErrors,
  jsonNestingOffset,
  LIMIT_CODES,
  lineColAt,
  nestingMessage,
  yamlNestingOffset,
  yamlParserDepthOffset,
} from '../limits.js';
import { readJsonTemplate } from './json-read.js';
import { type CfnNode } from './node.js';
import { positionsOf } from '../text-position.js';
import { indentQuotedContinuations } from './yaml-quoted.js';
import { TemplateTreeBuilder } from './yaml-tree.js';

export { tagToFunction } from './yaml-tree.js';

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
            ...lineColAt(text, yamlNestingOffset(text) ?? yamlParserDepthOffset(text, PARSER_DEPTH) ?? 0),
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

  const root = new TemplateTreeBuilder(doc, text, file, posAt, diagnostics).root();
  return { root, diagnostics };
}
