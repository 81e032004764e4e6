/**
 * Every module call of a configuration, resolved to the folder its code is in and loaded, before evaluation (so
 * evaluation itself stays synchronous).
 *
 * Model: a local source (`./…`, `../…`) is a folder beside the calling module's own — inside a downloaded module
 * too, as Terraform reads it. Any other source (registry `ns/name/provider[//subdir]`, `git::…`, `github.com/…`,
 * an archive URL) is read from where `terraform init` put it, per `.terraform/modules/modules.json`
 * (module-manifest.ts); without that entry the call is reported (TF_MODULE_NOT_LOCAL, saying to run terraform init
 * or to use `terraform show -json`) and modelled as nothing. Definitions are keyed by call path (`vpc`,
 * `vpc.nested`), which is also the manifest's key: instances of a counted module share one definition.
 */
import { join } from 'node:path';
import { error, warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import { loadModule, tfFilesIn, type ModuleDef } from './hcl-load.js';
import type { HclParser } from './hcl-parser.js';
import { readModuleManifest, sameSource, type ModuleManifest } from './module-manifest.js';

/** Calls nested deeper than this are refused (a module that calls itself). */
const MAX_DEPTH = 10;

export interface LoadedModules {
  /** Definition of each call path; null when its code could not be read (already reported). */
  readonly defs: ReadonlyMap<string, ModuleDef | null>;
  /** Calls whose code is not available offline: address, source, where. */
  readonly external: readonly { readonly address: string; readonly source: string; readonly span: Span }[];
  /** Every file read. */
  readonly files: readonly string[];
}

const isLocal = (src: string) => src.startsWith('./') || src.startsWith('../');

/** The folder a non-local call's code was downloaded to, or the reason there is none. */
function downloaded(
  manifest: ModuleManifest | undefined,
  rootDir: string,
  key: string,
  src: string,
): { dir: string } | { why: string } {
  if (!manifest)
    return {
      why: `is not a local path, and ${join(rootDir, '.terraform', 'modules', 'modules.json')} does not exist: run terraform init in ${rootDir} (vpcsim then reads the modules it downloads) or give vpcsim the output of terraform show -json`,
    };
  const e = manifest.entries.get(key);
  if (!e)
    return {
      why: `is not in ${manifest.file} (the configuration changed since terraform init): run terraform init again`,
    };
  if (!sameSource(src, e.source))
    return {
      why: `is recorded in ${manifest.file} with source "${e.source}" (the configuration changed since terraform init): run terraform init again`,
    };
  return { dir: e.dir };
}

/** Load every module call below `rootDef`. */
export async function loadModuleCalls(
  rootDef: ModuleDef,
  rootDir: string,
  diags: Diagnostic[],
  parser: HclParser,
): Promise<LoadedModules> {
  const defs = new Map<string, ModuleDef | null>();
  const external: { address: string; source: string; span: Span }[] = [];
  const files: string[] = [];
  const manifest = await readModuleManifest(rootDir, diags);

  const visit = async (parent: ModuleDef, key: string, address: string, depth: number): Promise<void> => {
    for (const [name, b] of parent.modules) {
      const childKey = key ? `${key}.${name}` : name;
      const childAddress = `${address}module.${name}`;
      const src = typeof b.body['source'] === 'string' ? b.body['source'] : '';
      let dir: string;
      if (isLocal(src)) dir = join(parent.dir, src).replace(/[/\\]+$/, '') || '.';
      else {
        const where = downloaded(manifest, rootDir, childKey, src);
        if ('why' in where) {
          external.push({ address: childAddress, source: src, span: b.pos.span });
          diags.push(
            warning(
              'TF_MODULE_NOT_LOCAL',
              `${childAddress}: module source "${src}" ${where.why}; its resources are not modelled and its outputs are unknown`,
              b.pos.span,
            ),
          );
          defs.set(childKey, null);
          continue;
        }
        dir = where.dir;
      }
      const childFiles = await tfFilesIn(dir);
      if (childFiles.length === 0 || depth >= MAX_DEPTH) {
        diags.push(
          error(
            'TF_MODULE_MISSING',
            depth >= MAX_DEPTH
              ? `${childAddress}: modules nested more than ${MAX_DEPTH} deep (a module calling itself?); not read`
              : `${childAddress}: no .tf files in "${dir}" (module source "${src}")`,
            b.pos.span,
          ),
        );
        defs.set(childKey, null);
        continue;
      }
      const def = await loadModule(dir, childFiles, diags, parser);
      files.push(...childFiles);
      defs.set(childKey, def);
      await visit(def, childKey, `${childAddress}.`, depth + 1);
    }
  };
  await visit(rootDef, '', '', 0);
  return { defs, external, files };
}
