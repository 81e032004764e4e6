/**
 * Top-level blocks and arguments Terraform does not know (`e "x" {`, `x = 1` outside any block). Terraform refuses
 * the configuration — "Unsupported block type: Blocks of type "e" are not expected here", "Unsupported argument: An
 * argument named "x" is not expected here" (in JSON syntax: "Extraneous JSON object property: No argument or block
 * type is named "e"") — while the HCL converter returns them as ordinary keys, which the loader used to skip
 * without a word. Each becomes a TF_SYNTAX error at its line.
 */
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import type { BlockPos } from './hcl-load.js';

/** The block types Terraform accepts at the top level of a module (Terraform 1.x). */
export const TOP_LEVEL_BLOCKS: ReadonlySet<string> = new Set([
  'terraform',
  'provider',
  'variable',
  'locals',
  'output',
  'module',
  'resource',
  'data',
  'moved',
  'import',
  'removed',
  'check',
  'ephemeral',
]);

const escape = (s: string): string => s.replace(/[^\w-]/g, (c) => `\\${c}`);

/** Line (1-based) of the first match of `re` in `text`, or undefined. */
function lineOf(text: string, re: RegExp): { line: number; col: number } | undefined {
  const m = re.exec(text);
  if (!m) return undefined;
  const before = text.slice(0, m.index);
  const line = before.split('\n').length;
  return { line, col: m.index - before.lastIndexOf('\n') };
}

/** Terraform's words for a block type it does not take where it is written. */
export const unsupportedBlockType = (kind: string): string =>
  `Unsupported block type: blocks of type "${kind}" are not expected here`;

/**
 * A TF_SYNTAX error for every top-level key of `doc` that is not a block type Terraform knows. `jsonKeys`: where
 * the JSON reader saw each top-level key of a `.tf.json` file (json-syntax.ts) — a search of the text would find the
 * same name written earlier inside a block (`"tags": {"bogus": 1}`).
 */
export function unknownTopLevel(
  file: string,
  text: string,
  doc: Readonly<Record<string, unknown>>,
  pos: ReadonlyMap<string, BlockPos>,
  jsonKeys?: ReadonlyMap<string, { readonly line: number; readonly col: number }>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const json = file.endsWith('.json');
  for (const kind of Object.keys(doc)) {
    if (TOP_LEVEL_BLOCKS.has(kind)) continue;
    if (json) {
      const w = jsonKeys?.get(kind);
      const at = w ? { line: w.line, col: w.col } : { line: 1, col: 1 };
      out.push(
        error(
          'TF_SYNTAX',
          `Extraneous JSON object property: no argument or block type is named "${kind}"; terraform would refuse this configuration`,
          { file, ...at },
        ),
      );
      continue;
    }
    const block = [...pos.entries()].find(([k]) => k.split(' ')[0] === kind)?.[1];
    const argument = block
      ? undefined
      : lineOf(text, new RegExp(`^[ \\t]*${escape(kind)}[ \\t]*=(?!=)`, 'm'));
    const at = block
      ? { line: block.span.line, col: block.span.col }
      : (argument ?? lineOf(text, new RegExp(`^[ \\t]*${escape(kind)}\\b`, 'm')) ?? { line: 1, col: 1 });
    const why = argument
      ? `Unsupported argument: an argument named "${kind}" is not expected here`
      : unsupportedBlockType(kind);
    out.push(
      error('TF_SYNTAX', `HCL syntax error: ${why}; terraform would refuse this configuration`, {
        file,
        ...at,
      }),
    );
  }
  return out;
}
