/**
 * The long run's children as one prebuilt JavaScript file instead of TypeScript through tsx: under tsx every
 * `import()` the loaders make on each load (the importers are imported lazily) is resolved by tsx's hooks on
 * another thread, and every child starts by compiling ~300 modules — together ~20 % of the run's CPU. The bundle
 * is built with esbuild (taken as tsx's own dependency, not one of ours) into test-artifacts/ (ignored), with
 * each module's `import.meta.url` / `import.meta.dirname` kept as its source file's, so paths the harness and the
 * loaders compute (the corpus, the external fixtures, the HCL parser's package) are those of the sources.
 * Packages stay outside the bundle, resolved from the checkout's node_modules as usual.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface OnLoadArgs {
  readonly path: string;
}
interface PluginBuild {
  onLoad(filter: { filter: RegExp }, cb: (args: OnLoadArgs) => { contents: string; loader: 'ts' }): void;
}
interface Esbuild {
  build(options: {
    entryPoints: string[];
    bundle: true;
    platform: 'node';
    format: 'esm';
    packages: 'external';
    target: string;
    outfile: string;
    logLevel: 'error';
    plugins: { name: string; setup: (b: PluginBuild) => void }[];
  }): Promise<unknown>;
}

const REPO = join(import.meta.dirname, '..', '..');

/** esbuild as tsx resolves it, or undefined when it cannot be found (the run then uses tsx). */
function esbuild(): Esbuild | undefined {
  try {
    const tsx = createRequire(import.meta.url).resolve('tsx/package.json');
    return createRequire(tsx)('esbuild') as Esbuild;
  } catch {
    return undefined;
  }
}

/** Each module's own `import.meta` location, written in as text before bundling. */
const keepImportMeta = {
  name: 'keep-import-meta',
  setup(b: PluginBuild) {
    b.onLoad({ filter: /\.ts$/ }, ({ path }) => ({
      contents: readFileSync(path, 'utf8')
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(path)))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
      loader: 'ts',
    }));
  },
};

/** Build `entry` (a .ts file) into one .mjs file; returns its path, or undefined if esbuild is not available. */
export async function bundle(entry: string): Promise<string | undefined> {
  const e = esbuild();
  if (!e) return undefined;
  const outfile = join(REPO, 'test-artifacts', 'fuzz', `run-${process.pid}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await e.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node20',
    outfile,
    logLevel: 'error',
    plugins: [keepImportMeta],
  });
  return outfile;
}
