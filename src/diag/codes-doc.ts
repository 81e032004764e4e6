/**
 * docs/codes.md as text, generated from the code catalogue (diag/codes.ts) by `npm run codes`
 * (scripts/gen-codes.ts); test/codes.test.ts fails when the committed file differs.
 */
import { DIAGNOSTIC_CODE_GROUPS, EXPLANATION_CODES, type CodeInfo } from './codes.js';

const cell = (t: string | undefined): string => (t ?? '').replace(/\|/g, '\\|');

function table(codes: Readonly<Record<string, CodeInfo>>): string[] {
  const rows = Object.entries(codes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, i]) => {
      const ra = i.ra === undefined ? '' : i.ra === code ? 'same' : `\`${i.ra}\``;
      return `| \`${code}\` | ${cell(i.meaning)} | ${cell(i.ref)} | ${ra} |`;
    });
  return ['| code | meaning | semantics | Reachability Analyzer |', '|---|---|---|---|', ...rows];
}

/** The whole of docs/codes.md. */
export function codesMarkdown(): string {
  const nDiag = DIAGNOSTIC_CODE_GROUPS.reduce((n, g) => n + Object.keys(g.codes).length, 0);
  const lines = [
    '# Codes',
    '',
    '<!-- Generated from src/diag/codes.ts by `npm run codes`; do not edit by hand. -->',
    '',
    `Every code vpcsim reports: ${Object.keys(EXPLANATION_CODES).length} explanation codes (why a hop dropped or`,
    `changed a packet, in traces) and ${nDiag} diagnostic codes (what vpcsim says about an input). "semantics" is the`,
    'rule of `aws-semantics.md` the code implements; "Reachability Analyzer" is the AWS explanation code for the same',
    'situation ("same" when vpcsim uses its name). An expectation naming a code that is not listed here is reported as',
    '`UNKNOWN_CODE` with the closest listed code. To add a code, see the header of `src/diag/codes.ts`.',
    '',
    '## Explanation codes',
    '',
    ...table(EXPLANATION_CODES),
    '',
    '## Diagnostic codes',
  ];
  for (const g of DIAGNOSTIC_CODE_GROUPS) lines.push('', `### ${g.title}`, '', ...table(g.codes));
  return lines.join('\n') + '\n';
}
