/**
 * Where describe-* files live: `aws_configs/[accounts/<id>/][<region>/]*.json`, or any folder of such files.
 *
 * Model: a walk of the given folder (depth ≤ 6) that yields every `.json` file with the account and region implied
 * by the folders above it (`accounts/<12 digits>` and a region-shaped folder name such as `us-east-1`). Files
 * elsewhere (a `.tf` next to `aws_configs/`, READMEs) are ignored; unreadable folders are skipped silently since the
 * caller reports on the files it does read.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DescribeFile {
  readonly path: string;
  readonly accountId?: string | undefined;
  readonly region?: string | undefined;
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
const ACCOUNT = /^\d{12}$/;

/** `isRegionName("us-east-2")` → true. */
export function isRegionName(s: string): boolean {
  return REGION.test(s);
}

/** All JSON files under `root` with their account/region context, sorted by path. */
export async function listDescribeFiles(root: string): Promise<DescribeFile[]> {
  const out: DescribeFile[] = [];
  const walk = async (dir: string, depth: number, accountId?: string, region?: string, parent?: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth >= 6 || e.name.startsWith('.') || e.name === 'node_modules') continue;
        if (ACCOUNT.test(e.name) && parent === 'accounts') await walk(p, depth + 1, e.name, region, e.name);
        else if (REGION.test(e.name)) await walk(p, depth + 1, accountId, e.name, e.name);
        else await walk(p, depth + 1, accountId, region, e.name);
      } else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) {
        out.push({ path: p, accountId, region });
      }
    }
  };
  await walk(root, 0, undefined, undefined, undefined);
  return out;
}
