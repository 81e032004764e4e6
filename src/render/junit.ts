/**
 * JUnit XML for `vpcsim test --junit FILE`, so CI systems show network tests beside unit tests. An unknown result
 * (an uncertain verdict) is a failure of type "unknown", or — with `--allow-unknown` — a skipped test that says why.
 */
import type { SuiteReport } from './text.js';
import { traceText } from './text.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Render suites as a JUnit XML document. */
export function junitXml(
  suites: readonly SuiteReport[],
  opts: { allowUnknown?: boolean | undefined } = {},
): string {
  const skipped = (o: SuiteReport['outcomes'][number]): boolean =>
    !o.passed && o.unknown === true && opts.allowUnknown === true;
  const failed = (o: SuiteReport['outcomes'][number]): boolean => !o.passed && !skipped(o);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = suites.reduce((n, s) => n + s.outcomes.length, 0);
  const failures = suites.reduce((n, s) => n + s.outcomes.filter(failed).length, 0);
  const skips = suites.reduce((n, s) => n + s.outcomes.filter(skipped).length, 0);
  out.push(`<testsuites name="vpcsim" tests="${total}" failures="${failures}" skipped="${skips}">`);
  for (const s of suites) {
    const f = s.outcomes.filter(failed).length;
    const k = s.outcomes.filter(skipped).length;
    out.push(
      `  <testsuite name="${esc(s.title)}" tests="${s.outcomes.length}" failures="${f}" skipped="${k}">`,
    );
    for (const o of s.outcomes) {
      const file = o.span ? ` file="${esc(o.span.file)}" line="${o.span.line}"` : '';
      out.push(`    <testcase classname="${esc(s.title)}" name="${esc(o.name)}"${file}>`);
      if (skipped(o)) out.push(`      <skipped message="${esc(o.failures.join('; '))}"/>`);
      else if (!o.passed) {
        out.push(
          `      <failure${o.unknown ? ' type="unknown"' : ''} message="${esc(o.failures.join('; '))}">${esc(o.trace ? traceText(o.trace) : o.failures.join('\n'))}</failure>`,
        );
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
