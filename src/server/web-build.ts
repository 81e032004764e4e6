/**
 * Where the built web page lives, and building it on demand (Vite) when it is missing or older than its sources.
 *
 * Model: the page is built into `src/web/dist` by `npm run build:web` (vite.config.ts at the repository root).
 * `vpcsim serve` and the browser tests call `ensureWebBuilt()` first, so a clean checkout works without a manual
 * step. Invariants: never builds when the build is newer than every source file; build errors are returned as a
 * message, not thrown.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is src/server/web-build.ts, or dist/server/web-build.js when compiled). */
export function repoRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

/** Folder of the page's sources and of its build. */
export function webPaths(root = repoRoot()): { src: string; dist: string; config: string } {
  return {
    src: join(root, 'src', 'web'),
    dist: join(root, 'src', 'web', 'dist'),
    config: join(root, 'vite.config.ts'),
  };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const st = statSync(join(dir, name));
    newest = Math.max(newest, st.isDirectory() ? newestSource(join(dir, name)) : st.mtimeMs);
  }
  return newest;
}

/** True when src/web/dist/index.html exists and is newer than every page source. */
export function webIsBuilt(root = repoRoot()): boolean {
  const { src, dist } = webPaths(root);
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return false;
  if (!existsSync(src)) return true;
  return statSync(index).mtimeMs >= newestSource(src);
}

/** Build the page if needed. Resolves to the dist folder, or to an error message. */
export async function ensureWebBuilt(
  opts: { force?: boolean; root?: string } = {},
): Promise<{ ok: true; dist: string } | { ok: false; message: string }> {
  const root = opts.root ?? repoRoot();
  const { dist, config } = webPaths(root);
  if (!opts.force && webIsBuilt(root)) return { ok: true, dist };
  if (!existsSync(config))
    return { ok: false, message: `the web page is not built and ${config} is missing` };
  try {
    const vite = await import('vite');
    await vite.build({ configFile: config, logLevel: 'warn' });
    return { ok: true, dist };
  } catch (e) {
    return {
      ok: false,
      message: `could not build the web page: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
