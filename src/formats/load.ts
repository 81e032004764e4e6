/**
 * Load inputs, recognised by content: a native vpcsim file, a CloudFormation template (JSON or YAML), Terraform
 * (a directory of .tf files, .tf files, or `terraform show -json` output), or a folder of AWS CLI describe-* JSON.
 * Several inputs are merged into one network (ids must not clash: a clash is an error). A directory of native files
 * (e.g. `examples/`) loads each file as its own input set — see `loadInputSets`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { mergeNetworks, type Network } from '../model/network.js';
import { importerFailed, type ImportOptions, type ImportResult, type Variant } from './import-result.js';
import { importNative, isNative } from './native/index.js';

// Importers other than the native one are loaded on first use (Terraform brings a WASM parser).
const cloudformation = () => import('./cloudformation/index.js');
const terraform = () => import('./terraform/index.js');
const describeJson = () => import('./describe/index.js');
async function isDescribeFolder(p: string): Promise<boolean> {
  return (await describeJson()).isDescribeFolder(p);
}
async function isTerraformPath(p: string): Promise<boolean> {
  return (await terraform()).isTerraformPath(p);
}

export type InputKind = 'native' | 'cloudformation' | 'terraform' | 'describe';

async function kindOf(path: string): Promise<{ kind: InputKind; text?: string } | { error: string }> {
  let st;
  try {
    st = await stat(path);
  } catch {
    return { error: `${path}: no such file or directory` };
  }
  if (st.isDirectory()) {
    if (await isDescribeFolder(path)) return { kind: 'describe' };
    if (await isTerraformPath(path)) return { kind: 'terraform' };
    return { error: `${path}: a directory that holds neither .tf files nor describe-* JSON` };
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { error: `${path}: cannot be read (${e instanceof Error ? e.message : String(e)})` };
  }
  if (isNative(text)) return { kind: 'native', text };
  if (extname(path) === '.tf' || (await isTerraformPath(path))) return { kind: 'terraform' };
  if ((await cloudformation()).isCloudFormation(text, path)) return { kind: 'cloudformation', text };
  return {
    error: `${path}: not recognised as a vpcsim file, CloudFormation template, Terraform or describe-* JSON`,
  };
}

/** Run an importer; an exception (an importer bug) becomes an IMPORTER_INTERNAL_ERROR diagnostic. */
function guarded(importer: string, files: readonly string[], run: () => ImportResult): ImportResult {
  try {
    return run();
  } catch (e) {
    return importerFailed(importer, files, e);
  }
}

/** Load one or more inputs into one network. Never throws for bad input. */
export async function loadInputs(paths: readonly string[], opts: ImportOptions = {}): Promise<ImportResult> {
  const results: ImportResult[] = [];
  const diags: Diagnostic[] = [];
  const cfn: { path: string; text: string }[] = [];
  const tf: string[] = [];
  for (const p of paths) {
    const k = await kindOf(p);
    if ('error' in k) {
      diags.push(error('INPUT_NOT_RECOGNISED', k.error, { file: p, line: 1, col: 1 }));
      continue;
    }
    switch (k.kind) {
      case 'native':
        results.push(guarded('native', [p], () => importNative(k.text ?? '', p)));
        break;
      case 'cloudformation':
        cfn.push({ path: p, text: k.text ?? '' });
        break;
      case 'terraform':
        tf.push(p);
        break;
      case 'describe':
        results.push(await (await describeJson()).importDescribe(p, opts));
        break;
    }
  }
  if (cfn.length > 0) {
    const { importCloudFormation } = await cloudformation();
    results.push(
      guarded(
        'CloudFormation',
        cfn.map((c) => c.path),
        () => importCloudFormation(cfn, opts),
      ),
    );
  }
  if (tf.length > 0) results.push(await (await terraform()).importTerraform(tf, opts));
  return combine(results, diags);
}

function combine(results: readonly ImportResult[], extra: Diagnostic[]): ImportResult {
  if (results.length === 1 && extra.length === 0) return results[0] as ImportResult;
  const network: Network = mergeNetworks(results.map((r) => r.network));
  const diags = [...extra, ...results.flatMap((r) => r.diagnostics)];
  const ids = new Map<string, string>();
  for (const key of Object.keys(network) as (keyof Network)[]) {
    for (const res of network[key] as readonly { id: string }[]) {
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
  };
}

/**
 * Expand directories of native files: `examples/` → one input set per `.yaml` file. Other inputs are kept together
 * as one set. Used by `vpcsim test examples/`.
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
    if (st.isDirectory() && !(await isDescribeFolder(p)) && !(await isTerraformPath(p))) {
      const files = (await readdir(p)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
      for (const f of files) sets.push([join(p, f)]);
      continue;
    }
    together.push(p);
  }
  if (together.length > 0) sets.unshift(together);
  return sets;
}
