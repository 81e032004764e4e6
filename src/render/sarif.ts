/**
 * SARIF 2.1.0 from diagnostics, for `vpcsim validate --sarif FILE`: GitHub code scanning (and other SARIF viewers)
 * annotate the offending line of the template or YAML file with the code, the message and the semantics ID.
 *
 * Model: one run, one rule per diagnostic code, one result per diagnostic; error → `error`, warning → `warning`,
 * info → `note`. File paths are made relative to `root` (the repository checkout, where code scanning resolves
 * them) with forward slashes. A diagnostic without a position (a command-line option, a whole input) is placed at
 * line 1 of the first input file, since code scanning drops results without a location.
 */
import { relative, sep } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';

export interface SarifOptions {
  /** Directory the artifact URIs are relative to (default: the working directory). */
  readonly root?: string | undefined;
  /** Where a diagnostic without a position is placed. */
  readonly fallbackFile?: string | undefined;
  readonly version?: string | undefined;
}

interface SarifResult {
  readonly ruleId: string;
  readonly level: 'error' | 'warning' | 'note';
  readonly message: { readonly text: string };
  readonly locations: readonly unknown[];
  readonly properties?: Readonly<Record<string, unknown>>;
}

function uri(file: string, root: string): string {
  const rel = relative(root, file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}

/** The SARIF log (an object; `JSON.stringify` it). */
export function sarifLog(ds: readonly Diagnostic[], opts: SarifOptions = {}): Record<string, unknown> {
  const root = opts.root ?? process.cwd();
  const fallback = opts.fallbackFile ?? ds.find((d) => d.span)?.span?.file;
  const rules = new Map<string, { id: string; ref?: string | undefined }>();
  const results: SarifResult[] = [];
  for (const d of ds) {
    if (!rules.has(d.code)) rules.set(d.code, { id: d.code, ref: d.ref });
    const file = d.span?.file ?? fallback;
    const region = d.span
      ? { startLine: d.span.line, startColumn: d.span.col }
      : { startLine: 1, startColumn: 1 };
    results.push({
      ruleId: d.code,
      level: d.severity === 'info' ? 'note' : d.severity,
      message: { text: `${d.message}${d.resource ? ` (resource ${d.resource})` : ''}` },
      locations:
        file === undefined
          ? []
          : [{ physicalLocation: { artifactLocation: { uri: uri(file, root) }, region } }],
      ...(d.ref !== undefined || d.resource !== undefined
        ? {
            properties: {
              ...(d.ref ? { semanticsRef: d.ref } : {}),
              ...(d.resource ? { resource: d.resource } : {}),
            },
          }
        : {}),
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vpcsim',
            version: opts.version ?? '0.1.0',
            rules: [...rules.values()].map((r) => ({
              id: r.id,
              shortDescription: { text: r.id.toLowerCase().replace(/_/g, ' ') },
              ...(r.ref ? { properties: { semanticsRef: r.ref } } : {}),
            })),
          },
        },
        results,
      },
    ],
  };
}
