/**
 * A Markdown summary of `vpcsim test` (`--markdown FILE`): a headline with the counts, a table of what failed or
 * is unknown (expectation, where it is written, why), and the passing ones folded away — for a pull-request
 * comment or `$GITHUB_STEP_SUMMARY`.
 */
import type { SuiteReport } from './text.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Counts of a test run: passed, failed (definite), unknown (uncertain verdicts). */
export function testCounts(suites: readonly SuiteReport[]): {
  passed: number;
  failed: number;
  unknown: number;
} {
  let passed = 0;
  let failed = 0;
  let unknown = 0;
  for (const s of suites)
    for (const o of s.outcomes) {
      if (o.passed) passed++;
      else if (o.unknown) unknown++;
      else failed++;
    }
  return { passed, failed, unknown };
}

/** The summary as Markdown. */
export function testSummaryMarkdown(suites: readonly SuiteReport[]): string {
  const c = testCounts(suites);
  const icon = c.failed > 0 ? '❌' : c.unknown > 0 ? '❔' : '✅';
  const out = [`### ${icon} vpcsim test: ${c.passed} passed, ${c.failed} failed, ${c.unknown} unknown`, ''];
  const bad = suites.flatMap((s) => s.outcomes.filter((o) => !o.passed).map((o) => ({ s, o })));
  if (bad.length > 0) {
    out.push('| result | expectation | where | why |', '|---|---|---|---|');
    for (const { s, o } of bad) {
      const where = o.span ? `\`${o.span.file}:${o.span.line}\`` : '';
      out.push(
        `| ${o.unknown ? '❔ unknown' : '❌ failed'} | ${cell(`${s.title} › ${o.name}`)} | ${where} | ${cell(o.failures.join('\n'))} |`,
      );
    }
    out.push('');
  }
  const good = suites.flatMap((s) => s.outcomes.filter((o) => o.passed).map((o) => `${s.title} › ${o.name}`));
  if (good.length > 0) {
    out.push(`<details><summary>${good.length} passed</summary>`, '');
    for (const g of good) out.push(`- ✅ ${cell(g)}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}
