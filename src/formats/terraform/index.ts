/**
 * Terraform import: HCL configurations (a directory or .tf files, with local modules) and `terraform show -json`
 * plan/state documents.
 *
 * Model: HCL is parsed by @cdktn/hcl2json (syntax errors keep the parser's position), evaluated by module-eval.ts
 * (variables from defaults, terraform.tfvars, *.auto.tfvars, opts.varFiles and opts.vars), and mapped by
 * map-resources.ts; plan/state JSON goes through plan-json.ts to the same mapper. Ids are Terraform addresses.
 * aws_instance user_data is analysed with the iptables/sysctl parser (NAT instances). Never throws on bad input.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import { parseOsConfig } from '../iptables/index.js';
import { importerFailed, type ImportOptions, type ImportResult } from '../import-result.js';
import { readInputFile } from '../input-file.js';
import { parseJsonText } from '../json-source.js';
import { LIMIT_CODES } from '../limits.js';
import { resolveRoot } from './hcl-load.js';
import { sharedHclParser, type HclParser } from './hcl-parser.js';
import { mapResources, type MapInstance, type MapOptions } from './map-resources.js';
import { evaluateConfig, type TfInstance } from './module-eval.js';
import type { UndeclaredData } from './undeclared-data.js';
import { isPlanOrState, planInstances } from './plan-json.js';

/** A directory with .tf files, a .tf / .tf.json file, or JSON with `format_version` + `planned_values`/`values`. */
export async function isTerraformPath(path: string): Promise<boolean> {
  let st;
  try {
    st = await stat(path);
  } catch {
    return false;
  }
  if (st.isDirectory()) {
    const { files } = await resolveRoot([path]);
    return files.length > 0;
  }
  if (path.endsWith('.tf') || path.endsWith('.tf.json')) return true;
  if (!path.toLowerCase().endsWith('.json')) return false;
  const read = await readInputFile(path);
  if (!read.ok || !read.text.includes('"format_version"')) return false;
  const r = parseJsonText(path, read.text);
  // Too deep to read: it names format_version, so the Terraform importer says what is wrong with it.
  return r.ok ? isPlanOrState(r.source.value) : r.diagnostic.code === LIMIT_CODES.nestingDepth;
}

const parseOs: MapOptions['parseOs'] = (text, file, position) =>
  parseOsConfig(text, { file, kind: 'user-data', position });

/** Where the text of an instance's user_data starts, line for line: a file it templates, or a heredoc's first line. */
function userDataSource(
  inst: TfInstance,
  fileText: string | undefined,
): { file: string; line: number } | undefined {
  const raw = inst.block.body['user_data'];
  if (typeof raw !== 'string') return undefined;
  const m = /^\$\{\s*(?:base64encode\()?\s*(?:templatefile|file)\(\s*"([^"]+)"/.exec(raw);
  if (m)
    return { file: join(inst.moduleDir, (m[1] ?? '').replace(/\$\{path\.(module|root)\}\/?/, '')), line: 1 };
  const line = inst.block.pos.attrs.get('user_data');
  if (line === undefined) return undefined;
  let start = 0;
  for (let k = 1; k < line && start >= 0; k++) start = (fileText ?? '').indexOf('\n', start) + 1;
  const text = (fileText ?? '').slice(start, (fileText ?? '').indexOf('\n', start) >>> 0);
  // Only a heredoc's lines are lines of the file; a quoted string's positions are the attribute's (user-data.ts).
  return text.includes('<<') ? { file: inst.block.file, line: line + 1 } : undefined;
}

/** Import Terraform. `importTerraform(["infra/"], { vars: { env: "prod" } })`. */
export async function importTerraform(paths: readonly string[], opts: ImportOptions): Promise<ImportResult> {
  // The HCL parser runs in a worker thread (hcl-parser.ts): no input can break it for later loads.
  const parser = opts.hclParser ?? sharedHclParser();
  try {
    return await importTerraformUnsafe(paths, opts, parser);
  } catch (e) {
    return importerFailed('Terraform', paths, e);
  }
}

async function importTerraformUnsafe(
  paths: readonly string[],
  opts: ImportOptions,
  parser: HclParser,
): Promise<ImportResult> {
  const diags: Diagnostic[] = [];
  // Plan/state JSON.
  const jsonPaths = paths.filter((p) => p.toLowerCase().endsWith('.json') && !p.endsWith('.tf.json'));
  const hclPaths = paths.filter((p) => !jsonPaths.includes(p));
  const instances: MapInstance[] = [];
  const files: string[] = [];
  let region = opts.region;
  let undeclared: UndeclaredData | undefined;
  for (const p of jsonPaths) {
    files.push(p);
    const read = await readInputFile(p);
    if (!read.ok) {
      diags.push(read.diagnostic);
      continue;
    }
    const r = parseJsonText(p, read.text);
    if (!r.ok) {
      diags.push(r.diagnostic);
      continue;
    }
    if (!isPlanOrState(r.source.value)) {
      diags.push(
        error(
          'TF_PLAN_SHAPE',
          'not a `terraform show -json` document (needs format_version and planned_values or values)',
          { file: p, line: 1, col: 1 },
        ),
      );
      continue;
    }
    const pi = planInstances(r.source, diags);
    region ??= pi.region;
    instances.push(...pi.instances);
  }
  if (hclPaths.length > 0) {
    const { dir, files: tf } = await resolveRoot(hclPaths);
    if (tf.length === 0)
      diags.push(
        error('TF_NO_FILES', `no .tf files in ${hclPaths.join(', ')}`, {
          file: hclPaths[0] ?? '.',
          line: 1,
          col: 1,
        }),
      );
    else {
      const cfg = await evaluateConfig(dir, tf, opts, diags, parser);
      undeclared = cfg.undeclared;
      region ??= cfg.region;
      files.push(...cfg.files);
      const texts = new Map<string, string>();
      for (const i of cfg.instances) {
        if (!texts.has(i.block.file)) {
          try {
            texts.set(i.block.file, await readFile(i.block.file, 'utf8'));
          } catch {
            texts.set(i.block.file, '');
          }
        }
        const ft = texts.get(i.block.file);
        instances.push({
          address: i.address,
          type: i.type,
          attrs: i.attrs,
          span: i.span,
          spans: i.spans,
          userData: userDataSource(i, ft),
          fileText: ft,
        });
      }
    }
  }
  // --assume ADDRESS.ATTRIBUTE=value pins a deploy-time value (e.g. aws_eip.nat.public_ip=203.0.113.60).
  const mapped = mapResources(
    instances,
    { region: region ?? 'us-east-1', accountId: opts.accountId, parseOs, undeclared },
    opts.assume,
  );
  diags.push(...mapped.diagnostics);
  const network = mapped.network;
  return { network, expectations: [], variants: [], diagnostics: diags, files };
}
