/**
 * `parseDocument` of the `yaml` package without stack traces: the package makes an Error object (YAMLError) for
 * every problem, and on a malformed file of a megabyte that is tens of thousands of them, each capturing a stack
 * trace nobody reads — most of the time of reading such a file (issue 21: a 1 MB malformed CloudFormation YAML
 * template took 4.1 s of CPU, 2.7 s of it in YAMLError's constructor and much of the rest collecting its garbage).
 * Invariants: `Error.stackTraceLimit` is restored before returning or throwing; the document is the package's own.
 */
import {
  parseDocument,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';

export type YamlParseOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** `parseDocument(text, options)`, its errors made without stack traces. */
export function parseYamlDocument(text: string, options: YamlParseOptions): Document.Parsed {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseDocument(text, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
