/**
 * A parsed YAML document (the `yaml` package's node tree) turned into the positioned template tree of `node.ts`:
 * short-form tags (`!Ref`, `!GetAtt` …) and single-key `Ref` / `Fn::*` mappings become `fn` nodes, aliases are
 * followed (through an index of anchors built once), duplicate keys are TEMPLATE_SYNTAX, and the limits of
 * formats/limits.ts hold: nesting deeper than `LIMITS.nestingDepth` and aliases adding more than `LIMITS.aliasNodes`
 * nodes are reported once and the rest is left out. Never throws; positions come from the text.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import { anchorIndex, resolveAlias } from '../yaml/anchors.js';
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import { LIMIT_CODES, LIMITS, nestingMessage } from '../limits.js';
import { mapNode, type CfnNode, type MapEntry, type Pos } from './node.js';

/** Long name of a short-form tag: `!Ref` → `Ref`, `!Condition` → `Condition`, `!GetAtt` → `Fn::GetAtt`. */
export function tagToFunction(tag: string): string {
  const name = tag.startsWith('!') ? tag.slice(1) : tag;
  if (name === 'Ref' || name === 'Condition') return name;
  return `Fn::${name}`;
}

/** Builds the template tree of one document; one builder per document (it counts the alias budget). */
export class TemplateTreeBuilder {
  private readonly anchors: ReadonlyMap<string, readonly { offset: number; node: Node }[]>;
  /** Nodes made by following aliases may still be added; below zero, the rest of an alias's value is left out. */
  private aliasBudget: number = LIMITS.aliasNodes;
  private inAlias = 0;
  /** The alias written outside any alias, being followed now. */
  private aliasPos: Pos = { line: 1, col: 1 };
  /** A limit was reported (once per document). */
  private reported = false;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
    private readonly file: string,
    private readonly posAt: (offset: number) => Pos,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.anchors = anchorIndex(doc);
  }

  root(): CfnNode {
    return this.convert(this.doc.contents, { line: 1, col: 1 }, 0);
  }

  private convert(node: Node | null | undefined, fallback: Pos, depth: number): CfnNode {
    if (node === null || node === undefined) return nothing(fallback);
    const pos = node.range ? this.posAt(node.range[0]) : fallback;
    const tooDeep = (isMap(node) || isSeq(node)) && depth >= LIMITS.nestingDepth;
    if (tooDeep || (this.inAlias > 0 && --this.aliasBudget < 0)) {
      this.reportLimit(tooDeep, pos);
      return nothing(pos);
    }
    if (isAlias(node)) {
      const target = node.range ? resolveAlias(this.anchors, node.source, node.range[0]) : undefined;
      if (!target) {
        this.diagnostics.push(
          error(
            'TEMPLATE_SYNTAX',
            `alias *${node.source} names no anchor &${node.source} defined before it`,
            {
              file: this.file,
              ...pos,
            },
          ),
        );
        return nothing(pos);
      }
      if (this.inAlias === 0) this.aliasPos = pos;
      this.inAlias++;
      try {
        return this.convert(target, pos, depth); // an alias stands for its node: no level of its own
      } finally {
        this.inAlias--;
      }
    }
    let inner: CfnNode;
    if (isScalar(node)) inner = this.scalar(node, pos);
    else if (isSeq(node)) {
      inner = {
        kind: 'seq',
        items: node.items.map((it) => this.convert(it as Node | null, pos, depth + 1)),
        pos,
      };
    } else if (isMap(node)) {
      const entries = this.entries(node.items, pos, depth);
      const only = entries.length === 1 ? entries[0] : undefined;
      if (only && (only.key === 'Ref' || only.key.startsWith('Fn::'))) {
        inner = { kind: 'fn', name: only.key, arg: only.value, pos, short: false };
        return this.withTag(node, inner, pos);
      }
      inner = mapNode(entries, pos);
    } else {
      inner = { kind: 'scalar', value: null, pos, textPos: pos };
    }
    return this.withTag(node, inner, pos);
  }

  /** Nesting too deep or aliases over their budget: reported at the first place, once. */
  private reportLimit(tooDeep: boolean, pos: Pos): void {
    if (!this.reported)
      this.diagnostics.push(
        tooDeep
          ? error(
              LIMIT_CODES.nestingDepth,
              `${nestingMessage('the template is')}; the deeper part is not read`,
              {
                file: this.file,
                ...pos,
              },
            )
          : error(
              LIMIT_CODES.aliasNodes,
              `YAML aliases add more than ${LIMITS.aliasNodes} nodes to the template; the rest of their values is not read`,
              { file: this.file, ...this.aliasPos },
            ),
      );
    this.reported = true;
  }

  private scalar(node: Scalar, pos: Pos): CfnNode {
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
    return {
      kind: 'scalar',
      value,
      pos,
      textPos: block && node.range ? this.blockTextPos(node.range[0]) : pos,
    };
  }

  /** A block scalar's range starts at `|`/`>`; its text begins on the next line, after the indentation. */
  private blockTextPos(offset: number): Pos {
    const text = this.text;
    let i = text.indexOf('\n', offset);
    if (i < 0) return this.posAt(offset);
    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    return this.posAt(i);
  }

  /** A mapping's entries in order; a key written twice is TEMPLATE_SYNTAX and its second value is left out. */
  private entries(items: readonly unknown[], pos: Pos, depth: number): MapEntry[] {
    const entries: MapEntry[] = [];
    const seenKeys = new Set<string>();
    for (const item of items) {
      if (!isPair(item)) continue;
      const k = item.key as Node | null;
      const keyPos = k?.range ? this.posAt(k.range[0]) : pos;
      const key = isScalar(k) ? String(k.value) : '';
      if (seenKeys.has(key)) {
        this.diagnostics.push(
          error(
            'TEMPLATE_SYNTAX',
            `duplicate key "${key}" (CloudFormation rejects the template: keys must be unique)`,
            {
              file: this.file,
              ...keyPos,
            },
          ),
        );
        continue;
      }
      seenKeys.add(key);
      entries.push({ key, keyPos, value: this.convert(item.value as Node | null, keyPos, depth + 1) });
    }
    return entries;
  }

  private withTag(node: Node, inner: CfnNode, pos: Pos): CfnNode {
    const tag = node.tag;
    if (typeof tag === 'string' && tag.startsWith('!') && !tag.startsWith('!!')) {
      // Point at the tag itself (`!GetAtt`), which precedes the value it applies to.
      let tagPos = pos;
      const start = node.range?.[0];
      if (start !== undefined) {
        const text = this.text;
        const i = text.lastIndexOf(tag, start);
        if (i >= 0 && start - i < 400 && /^\s*$/.test(text.slice(i + tag.length, start)))
          tagPos = this.posAt(i);
      }
      return { kind: 'fn', name: tagToFunction(tag), arg: inner, pos: tagPos, short: true };
    }
    return inner;
  }
}

function nothing(at: Pos): CfnNode {
  return { kind: 'scalar', value: null, pos: at, textPos: at };
}
