/**
 * JUnit XML for `vpcsim test --junit FILE`, so CI systems show network tests beside unit tests.
 */
import type { SuiteReport } from './text.js';
import { traceText } from './text.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Render suites as a JUnit XML document. */
export function junitXml(suites: readonly SuiteReport[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = suites.reduce((n, s) => n + s.outcomes.length, 0);
  const failures = suites.reduce((n, s) => n + s.outcomes.filter((o) => !o.passed).length, 0);
  out.push(`<testsuites name="vpcsim" tests="${total}" failures="${failures}">`);
  for (const s of suites) {
    const f = s.outcomes.filter((o) => !o.passed).length;
    out.push(`  <testsuite name="${esc(s.title)}" tests="${s.outcomes.length}" failures="${f}">`);
    for (const o of s.outcomes) {
      const file = o.span ? ` file="${esc(o.span.file)}" line="${o.span.line}"` : '';
      out.push(`    <testcase classname="${esc(s.title)}" name="${esc(o.name)}"${file}>`);
      if (!o.passed) {
        out.push(
          `      <failure message="${esc(o.failures.join('; '))}">${esc(o.trace ? traceText(o.trace) : o.failures.join('\n'))}</failure>`,
        );
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
