/**
 * `.terraform/modules/modules.json`, the manifest `terraform init` writes: where it downloaded each module call
 * (registry, git, any remote source) so vpcsim can read it offline.
 *
 * Model: the manifest lists one entry per module call path — `Key` is the call names joined by dots (`vpc`,
 * `vpc.nested`; instances of a counted module share one entry), `Source` the source as resolved (a registry source
 * gains its host: `registry.terraform.io/terraform-aws-modules/vpc/aws`), `Dir` the folder relative to the root
 * module. `lookup` answers for one call: its folder, or why there is none (no manifest: run `terraform init`; a
 * call or source the manifest does not know: the configuration changed since `terraform init`).
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { warning, type Diagnostic } from '../../diag/diagnostic.js';
import { readInputFile } from '../input-file.js';

export interface ManifestEntry {
  readonly key: string;
  readonly source: string;
  readonly version?: string | undefined;
  /** The downloaded folder, resolved against the root module's folder. */
  readonly dir: string;
}

export interface ModuleManifest {
  readonly file: string;
  readonly entries: ReadonlyMap<string, ManifestEntry>;
}

/** Where the manifest of the root module in `rootDir` is. */
export function manifestPath(rootDir: string): string {
  return join(rootDir, '.terraform', 'modules', 'modules.json');
}

/** `registry.terraform.io/ns/name/provider` and `ns/name/provider` are the same registry source. */
export function sameSource(written: string, recorded: string): boolean {
  const norm = (s: string) => s.replace(/^registry\.terraform\.io\//, '').replace(/\/+$/, '');
  return norm(written) === norm(recorded);
}

/** `dir` is inside `root`, by its path and by its real path (a symbolic link out of the folder is outside). */
function inside(root: string, dir: string): boolean {
  const within = (r: string, d: string): boolean => {
    const rel = relative(r, d);
    return !(rel === '..' || rel.startsWith('../') || rel.startsWith('..\\') || isAbsolute(rel));
  };
  if (!within(normalize(root), dir)) return false;
  try {
    return within(realpathSync(root), realpathSync(dir));
  } catch {
    return true; // not there: reported as a module without .tf files
  }
}

/**
 * Read the manifest; undefined when there is none (`terraform init` not run). A manifest that is not the JSON
 * terraform writes is a warning, and then as good as none. A `Dir` outside the root folder is refused: the
 * manifest only ever points below it, and vpcsim reads nothing else on its word.
 */
export async function readModuleManifest(
  rootDir: string,
  diags: Diagnostic[],
): Promise<ModuleManifest | undefined> {
  const file = manifestPath(rootDir);
  if (!existsSync(file)) return undefined;
  // Within the input limits (a FIFO or a huge file is refused with its diagnostic, as for any input).
  const read = await readInputFile(file);
  if (!read.ok) {
    diags.push(read.diagnostic);
    return undefined;
  }
  const text = read.text;
  const bad = (why: string): void => {
    diags.push(
      warning(
        'TF_MODULE_MANIFEST_INVALID',
        `${file}: ${why}; modules are read as if terraform init had not run (run terraform init again)`,
        { file, line: 1, col: 1 },
      ),
    );
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    bad(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
  const list =
    typeof json === 'object' && json !== null ? (json as { Modules?: unknown }).Modules : undefined;
  if (!Array.isArray(list)) {
    bad('no "Modules" list');
    return undefined;
  }
  const entries = new Map<string, ManifestEntry>();
  for (const m of list as unknown[]) {
    if (typeof m !== 'object' || m === null) continue;
    const { Key: key, Source: source, Version: version, Dir: dir } = m as Record<string, unknown>;
    if (typeof key !== 'string' || typeof dir !== 'string' || key === '') continue;
    const full = normalize(isAbsolute(dir) ? dir : join(rootDir, dir));
    if (!inside(rootDir, full)) {
      bad(`module "${key}" points outside the configuration's folder (${dir}); that entry is ignored`);
      continue;
    }
    entries.set(key, {
      key,
      source: typeof source === 'string' ? source : '',
      version: typeof version === 'string' ? version : undefined,
      dir: full,
    });
  }
  return { file, entries };
}
