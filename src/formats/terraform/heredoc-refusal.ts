/**
 * Quick refusals of Terraform files whose heredoc makes the HCL parser read the rest of the file in superlinear
 * time (docs/limits.md): a heredoc left open to the end (fuzz session10-million tf-hcl:54185, session12-clean
 * tf-hcl:45235) and a heredoc whose template sequence is broken with many lines after it (session14-million
 * tf-hcl:45517). Each parses only the text up to the heredoc and refuses the file with the error the parser gives
 * for the whole file. Also the parser's error text made into one TF_SYNTAX diagnostic.
 */
import { basename } from 'node:path';
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import {
  originalPosition,
  quoteLongHeredocs,
  templateHeredocs,
  unterminatedHeredoc,
} from './heredoc-literal.js';
import type { HclParser } from './hcl-parser.js';

interface ParserDiagnostic {
  readonly line: number;
  readonly col: number;
  readonly text: string;
}

/**
 * hcl2json error text → the parser's diagnostics, in its order. The text is Go's rendering of the list,
 * `parse config: [bad.tf:3,1-2: Invalid expression; Expected … bad.tf:9,1-1: Unterminated template string; …]`: each
 * starts with the file's name and a range followed by `: ` (a range inside a text, `already set at bad.tf:2,2-3.`,
 * is not followed by a colon).
 */
function parserDiagnostics(message: string): ParserDiagnostic[] {
  const start = /([^\s[:]+):(\d+),(\d+)(?:-\d+)?(?:,\d+)?: /g;
  const heads = [...message.matchAll(start)];
  return heads.map((m, i) => {
    const from = m.index + m[0].length;
    const to = heads[i + 1]?.index ?? message.length;
    const text = message
      .slice(from, to)
      .replace(/\]\s*$/, '')
      .replace(/, and \d+ other diagnostic\(s\)\s*$/, '')
      .trim();
    return { line: Number(m[2]), col: Number(m[3]), text };
  });
}

/**
 * hcl2json error text → one diagnostic: the parser's first, with how many more it gave (Terraform prints them all;
 * one file gives one TF_SYNTAX, so that thousands of repeated lines do not flood the output).
 */
export function syntaxDiagnostic(file: string, message: string): Diagnostic {
  const all = parserDiagnostics(message);
  const first = all[0];
  const text = first?.text ?? message.trim();
  const more = all.length > 1 ? ` (and ${all.length - 1} more in this file)` : '';
  return error('TF_SYNTAX', `HCL syntax error: ${text}${more}; terraform would refuse this configuration`, {
    file,
    line: first?.line ?? 1,
    col: first?.col ?? 1,
  });
}

/**
 * A heredoc left open to the end of the file (heredoc-literal.ts) is read by the parser in time superlinear in the
 * lines it swallows, and then refused. So the text up to and including its opener is parsed first: when the parser
 * refuses that with "Unterminated template string" at its end, it is an opener to the parser too, and the whole file
 * is refused the same way — nothing after it can close it — so that error is returned, placed where the parser
 * places it for the whole file (its end). The parser would report the same error for the whole file unless a
 * template sequence in the swallowed text (`${`) is malformed: then it may name that first; the file is refused
 * either way. Anything else: undefined, and the whole text is parsed as usual.
 */
export async function unterminatedHeredocError(
  parser: HclParser,
  file: string,
  text: string,
): Promise<Diagnostic | undefined> {
  const open = unterminatedHeredoc(text);
  if (open === undefined) return undefined;
  const lines = text.split('\n');
  const r = await parser.parse(basename(file), quoteLongHeredocs(`${lines.slice(0, open + 1).join('\n')}\n`));
  if (r.ok || r.kind !== 'syntax') return undefined;
  // The opener is refused when the parser says so at its end — among its diagnostics, not only the first: other
  // errors before the opener (5,000 repeated arguments, fuzz session12-clean tf-hcl:45235) come first.
  const all = parserDiagnostics(r.message);
  const heredoc = all.findIndex(
    (p) => p.line === open + 2 && p.text.includes('Unterminated template string'),
  );
  if (heredoc < 0) return undefined;
  const d = syntaxDiagnostic(file, r.message);
  return heredoc === 0 ? { ...d, span: { file, line: lines.length, col: 1 } } : d;
}

/** Lines after a heredoc from which a broken template sequence in it is refused on the text up to it alone. */
export const TEMPLATE_HEREDOC_TAIL_LINES = 1000;

/**
 * A heredoc whose template sequence is broken (`${` never closed before the marker) makes the parser read on past
 * its closing marker, in time superlinear in what follows (198 KB of 5,000 repeated lines after one: 0.5–2.6 s of
 * CPU, fuzz session14-million tf-hcl:45517; the same file without the `${`: 0.24 s). With more than
 * TEMPLATE_HEREDOC_TAIL_LINES lines after such a heredoc, the text up to its closing marker is parsed first. An
 * error there inside the heredoc, or before the top-level block that holds it, is in text the whole file shares and
 * is found before anything after the marker is read: the file is refused with the first such error — the first
 * the parser gives for the whole file. (Errors between the block's first line and the heredoc are not taken: the
 * block is cut off there, and "unclosed block" is positioned at its start.) Anything else: undefined, and the whole
 * text is parsed as usual.
 */
export async function brokenTemplateHeredocError(
  parser: HclParser,
  file: string,
  text: string,
): Promise<Diagnostic | undefined> {
  const heredocs = templateHeredocs(text);
  if (heredocs.length === 0) return undefined;
  const lines = text.split('\n');
  for (const h of heredocs) {
    if (lines.length - h.close - 1 <= TEMPLATE_HEREDOC_TAIL_LINES) return undefined;
    const r = await parser.parse(
      basename(file),
      quoteLongHeredocs(`${lines.slice(0, h.close + 1).join('\n')}\n`),
    );
    if (r.ok || r.kind !== 'syntax') continue;
    let block = h.open;
    while (block > 0 && !/^[A-Za-z_]/.test(lines[block] ?? '')) block--;
    // 1-based lines: the block starts on line block + 1, the opener is on open + 1, the marker on close + 1.
    const pick = parserDiagnostics(r.message).find(
      (p) => p.line <= block || (p.line > h.open + 1 && p.line <= h.close + 1),
    );
    if (!pick) continue;
    return error(
      'TF_SYNTAX',
      `HCL syntax error: ${pick.text} (and more: the parser was not run past line ${h.close + 1}, the end of the heredoc); terraform would refuse this configuration`,
      { file, ...originalPosition(text, pick.line, pick.col) },
    );
  }
  return undefined;
}
