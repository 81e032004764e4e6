/**
 * GitHub Actions workflow commands for `vpcsim test --github`: each failed expectation becomes an `::error`
 * annotation on the line where it is written (unknown ones `::error` too, or `::warning` with `--allow-unknown`),
 * so the pull request shows it beside the YAML. Printed to stdout, where the runner reads workflow commands.
 *
 * Escaping follows the runner's rules: `%`, CR and LF in messages; additionally `:` and `,` in properties.
 */
import { relative, sep } from 'node:path';
import type { SuiteReport } from './text.js';

function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command per failed or unknown outcome. */
export function githubAnnotations(
  suites: readonly SuiteReport[],
  opts: { allowUnknown?: boolean | undefined; root?: string | undefined } = {},
): string {
  const root = opts.root ?? process.cwd();
  const out: string[] = [];
  for (const s of suites) {
    for (const o of s.outcomes) {
      if (o.passed) continue;
      const level = o.unknown && opts.allowUnknown ? 'warning' : 'error';
      const props: string[] = [];
      if (o.span) {
        const rel = relative(root, o.span.file);
        props.push(`file=${prop((rel.startsWith('..') ? o.span.file : rel).split(sep).join('/'))}`);
        props.push(`line=${o.span.line}`, `col=${o.span.col}`);
      }
      props.push(`title=${prop(`${o.unknown ? 'unknown' : 'failed'}: ${o.name}`)}`);
      out.push(`::${level} ${props.join(',')}::${data(`${s.title}: ${o.failures.join('\n')}`)}`);
    }
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}
