/**
 * Load inputs, each recognised by the first importer of the registry (registry.ts) that detects it — by content:
 * a native vpcsim file, a CloudFormation template (JSON or YAML), Terraform (a directory of .tf files, .tf files, or
 * `terraform show -json` output), or a folder of AWS CLI describe-* JSON. Several inputs are merged into one network
 * (ids must not clash: a clash is an error). A directory no importer recognises (e.g. `examples/`) stands for
 * the vpcsim/CloudFormation files in it — see `inputSets`. Importers whose inputs belong together (stacks, one Terraform
 * configuration) get them in one call, in the order their first input was given.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { mergeNetworks, type Network } from '../model/network.js';
import { importerFailed, type ImportOptions, type ImportResult, type Variant } from './import-result.js';
import { FILE_SYSTEM, type Importer, type InputProbe, type SourceReader } from './importer.js';
import { readInputFile } from './input-file.js';
import { IMPORTERS } from './registry.js';

/** A reader that keeps the texts read for detection, so an importer does not read a file twice. */
function cachingReader(): SourceReader & { keep(path: string, text: string): void } {
  const texts = new Map<string, string>();
  return {
    keep: (path, text) => texts.set(path, text),
    readText: async (path) => texts.get(path) ?? FILE_SYSTEM.readText(path),
  };
}

/** The importer of one input, or why none applies. */
async function importerOf(
  path: string,
  sources: ReturnType<typeof cachingReader>,
): Promise<{ importer: Importer } | { error: string } | { refused: Diagnostic }> {
  let st;
  try {
    st = await stat(path);
  } catch {
    return { error: `${path}: no such file or directory` };
  }
  const probe: { path: string; isDirectory: boolean; text?: string } = {
    path,
    isDirectory: st.isDirectory(),
  };
  if (!probe.isDirectory) {
    // A regular file within the size limit (a FIFO or a device would block or never end).
    const read = await readInputFile(path);
    if (!read.ok) return { refused: read.diagnostic };
    probe.text = read.text;
    sources.keep(path, probe.text);
  }
  const importer = await detect(probe);
  if (importer) return { importer };
  return {
    error: probe.isDirectory
      ? `${path}: a directory that holds neither .tf files, describe-* JSON, nor vpcsim/CloudFormation .yaml/.yml/.json files`
      : `${path}: not recognised as a vpcsim file, CloudFormation template, Terraform or describe-* JSON`,
  };
}

/** The first importer of the registry that recognises the input. */
async function detect(probe: InputProbe): Promise<Importer | undefined> {
  for (const importer of IMPORTERS) {
    try {
      if (await importer.detect(probe)) return importer;
    } catch {
      // A detector that fails does not recognise the input.
    }
  }
  return undefined;
}

/** Run an importer; an exception (an importer bug) becomes an IMPORTER_INTERNAL_ERROR diagnostic. */
async function guarded(
  importer: Importer,
  paths: readonly string[],
  opts: ImportOptions,
  sources: SourceReader,
): Promise<ImportResult> {
  try {
    return await importer.import(paths, opts, sources);
  } catch (e) {
    return importerFailed(importer.label, paths, e);
  }
}

/** Load one or more inputs into one network. Never throws for bad input. */
export async function loadInputs(given: readonly string[], opts: ImportOptions = {}): Promise<ImportResult> {
  const results: ImportResult[] = [];
  const diags: Diagnostic[] = [];
  const sources = cachingReader();
  const paths = (await inputSets(given)).flat();
  const kinds = new Set<string>();
  /** Inputs of importers that read all their inputs together, in registry order. */
  const together = new Map<Importer, string[]>();
  for (const p of paths) {
    const k = await importerOf(p, sources);
    if ('refused' in k) {
      diags.push(k.refused);
      continue;
    }
    if ('error' in k) {
      diags.push(error('INPUT_NOT_RECOGNISED', k.error, { file: p, line: 1, col: 1 }));
      continue;
    }
    kinds.add(k.importer.kind);
    if (!k.importer.together) {
      results.push(await guarded(k.importer, [p], opts, sources));
      continue;
    }
    const list = together.get(k.importer) ?? [];
    list.push(p);
    together.set(k.importer, list);
  }
  for (const importer of together.keys())
    results.push(await guarded(importer, together.get(importer) ?? [], opts, sources));
  diags.push(...unusedOptions(opts, kinds.has('cloudformation'), kinds.has('terraform')));
  return combine(results, diags);
}

/** Options for a format none of the inputs is in would change nothing: a mistake, said so (OPTION_UNUSED). */
function unusedOptions(opts: ImportOptions, hasCfn: boolean, hasTf: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const unused = (flag: string, names: readonly string[], format: string): void => {
    if (names.length > 0)
      out.push(
        error(
          'OPTION_UNUSED',
          `${names.map((n) => `${flag} ${n}`).join(', ')}: no ${format} among the inputs`,
        ),
      );
  };
  if (!hasCfn) {
    unused('--param', Object.keys(opts.params ?? {}), 'CloudFormation template');
    unused('--import-value', Object.keys(opts.imports ?? {}), 'CloudFormation template');
  }
  if (!hasTf) {
    unused('--var', Object.keys(opts.vars ?? {}), 'Terraform configuration');
    unused('--var-file', opts.varFiles ?? [], 'Terraform configuration');
  }
  if (!hasCfn && !hasTf)
    unused('--assume', Object.keys(opts.assume ?? {}), 'CloudFormation template or Terraform');
  return out;
}

function combine(results: readonly ImportResult[], extra: Diagnostic[]): ImportResult {
  if (results.length === 1 && extra.length === 0) return results[0] as ImportResult;
  const network: Network = mergeNetworks(results.map((r) => r.network));
  const diags = [...extra, ...results.flatMap((r) => r.diagnostics)];
  const ids = new Map<string, string>();
  for (const key of Object.keys(network) as (keyof Network)[]) {
    for (const res of (network[key] ?? []) as readonly { id: string }[]) {
      const prev = ids.get(res.id);
      if (prev !== undefined)
        diags.push(
          error(
            'DUPLICATE_ID',
            `${res.id} is defined by two inputs (${prev} and ${key}); ids must be unique across inputs`,
            (res as { span?: Diagnostic['span'] }).span,
          ),
        );
      else ids.set(res.id, key);
    }
  }
  const variants: Variant[] = results.flatMap((r) => r.variants);
  return {
    network,
    expectations: results.flatMap((r) => r.expectations),
    variants,
    diagnostics: diags,
    files: results.flatMap((r) => r.files),
    expectedDiagnostics: results.flatMap((r) => r.expectedDiagnostics ?? []),
    scopes: results.flatMap((r) => r.scopes ?? []),
    scopeExpectations: results.flatMap((r) => r.scopeExpectations ?? []),
  };
}

/**
 * The one reading of inputs every command shares: a directory no importer recognises (neither Terraform nor
 * describe-*) stands for the `.yaml`/`.yml`/`.json` files directly in it, in name order. `inputSets` keeps each
 * such file as its own input set (`vpcsim test examples/` and `vpcsim validate examples/` check separate networks
 * one by one); `loadInputs` reads the sets together as one network (`trace`, `diagram`, `serve` need one).
 */
export async function inputSets(paths: readonly string[]): Promise<string[][]> {
  const sets: string[][] = [];
  const together: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      together.push(p);
      continue;
    }
    if (st.isDirectory() && !(await detect({ path: p, isDirectory: true }))) {
      const files = (await readdir(p)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
      for (const f of files) sets.push([join(p, f)]);
      if (files.length === 0) together.push(p); // reported by the loader: a folder of nothing it reads
      continue;
    }
    together.push(p);
  }
  if (together.length > 0) sets.unshift(together);
  return sets;
}
