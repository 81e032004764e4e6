/**
 * The page's built files, served by exact URL only.
 *
 * Model: at start the server lists the files under the page's build folder once; a request is answered only if
 * its path is a key of that table (plus `/` → `index.html`). Request paths are never joined onto the file system,
 * so `..`, encoded slashes or symlinks cannot reach any other file. Invariant: the table holds regular files
 * inside `root` only. `serveAsset` answers a request from the table.
 */
import { readdirSync, statSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join, relative, sep, extname } from 'node:path';
import { nameTable } from '../model/name-table.js';

export interface Asset {
  readonly file: string;
  readonly contentType: string;
}

const TYPES: Readonly<Record<string, string>> = nameTable({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
});

/** URL path → asset, for every regular file under `root` (empty when `root` does not exist). */
export function assetTable(root: string): ReadonlyMap<string, Asset> {
  const table = new Map<string, Asset>();
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return table;
  }
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      let real: string;
      try {
        real = realpathSync(full);
      } catch {
        continue;
      }
      if (real !== realRoot && !real.startsWith(realRoot + sep)) continue; // symlink leading out
      const st = statSync(real);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) {
        const url = `/${relative(realRoot, full).split(sep).join('/')}`;
        table.set(url, {
          file: real,
          contentType: TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
        });
      }
    }
  };
  walk(realRoot);
  const index = table.get('/index.html');
  if (index) table.set('/', index);
  return table;
}

/** Answer a GET or HEAD for a page asset: the file with its type and a strict content security policy, or 404. */
export async function serveAsset(
  method: string | undefined,
  path: string,
  res: ServerResponse,
  assets: ReadonlyMap<string, Asset>,
): Promise<void> {
  const asset = assets.get(path);
  if (!asset) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(assets.size === 0 ? 'The web page is not built: run `npm run build:web`.\n' : 'not found\n');
    return;
  }
  const data = await readFile(asset.file);
  res.writeHead(200, {
    'content-type': asset.contentType,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
  });
  res.end(method === 'HEAD' ? undefined : data);
}
