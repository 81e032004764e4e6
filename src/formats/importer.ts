/**
 * The importer contract: what every input format (native YAML, CloudFormation, Terraform, describe-* JSON, and any
 * later one) provides to the loader. An importer recognises its inputs from the path and the content, and turns a
 * set of paths into one `ImportResult`. Adding an input format is one folder holding its `importer.ts` plus one
 * entry in `registry.ts`; the loader (`load.ts`) knows no format by name.
 *
 * Contract (checked for every importer by test/formats/conformance.ts): `detect` and `import` never throw on bad
 * input; every diagnostic and resource position lies inside the file it names; the same input gives the same result;
 * a resource kind the format has but vpcsim does not model is named in `network.unsupported` and in one
 * UNSUPPORTED_RESOURCE_TYPE warning per type (formats/build/unsupported.ts).
 */
import type { ImportOptions, ImportResult } from './import-result.js';
import { readInputFile } from './input-file.js';

/** What detection sees of one input. */
export interface InputProbe {
  readonly path: string;
  readonly isDirectory: boolean;
  /** The file's text (files only). */
  readonly text?: string | undefined;
}

/** Reads input files; the loader passes one that remembers the texts it read for detection. */
export interface SourceReader {
  readText(path: string): Promise<string>;
}

/** Reads straight from the file system, within the input limits (a FIFO, a device or an oversized file throws). */
export const FILE_SYSTEM: SourceReader = {
  readText: async (path) => {
    const r = await readInputFile(path);
    if (!r.ok) throw new Error(r.diagnostic.message);
    return r.text;
  },
};

export interface Importer {
  /** The input kind, as `vpcsim` names it: `native`, `cloudformation`, `terraform`, `describe`. */
  readonly kind: string;
  /** How messages name the format (`CloudFormation`, `describe-*`). */
  readonly label: string;
  /**
   * True when several inputs of this kind form one import (the stacks of a CloudFormation app, the files of one
   * Terraform configuration); false when each input is imported on its own.
   */
  readonly together: boolean;
  /** Is this input of this format? Decided from the path and the content; never throws. */
  detect(probe: InputProbe): Promise<boolean>;
  /** Import `paths` (all detected as this kind). Never throws on bad input: problems are diagnostics. */
  import(paths: readonly string[], options: ImportOptions, sources?: SourceReader): Promise<ImportResult>;
}
