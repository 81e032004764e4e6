/**
 * Writing one pulled Region as a describe-* folder: `<out>/accounts/<account id>/<region>/<file>.json`, the layout
 * formats/describe/layout.ts reads.
 *
 * Model: each file is written to a temporary name and renamed into place, so a reader never sees half a file.
 * `describe-*.json` files of an earlier pull that this pull did not write (a firewall deleted since, a call that
 * failed this time) are removed, so the folder says what the account holds now; any other file is left alone.
 */
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiObject } from './region.js';

/** The folder of one account's Region under `out`. */
export function regionFolder(out: string, accountId: string, region: string): string {
  return join(out, 'accounts', accountId, region);
}

/** Write `files` into `dir`; returns the names written, sorted. */
export async function writeRegionFolder(
  dir: string,
  files: ReadonlyMap<string, ApiObject>,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names = [...files.keys()].sort();
  for (const name of names) {
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    await writeFile(tmp, JSON.stringify(files.get(name), null, 2) + '\n', 'utf8');
    await rename(tmp, join(dir, name));
  }
  for (const old of await readdir(dir))
    if (/^describe-.*\.json$/.test(old) && !files.has(old)) await rm(join(dir, old), { force: true });
  return names;
}
