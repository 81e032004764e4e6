/**
 * Where the shared external fixtures live (`shared/fixtures/external`, beside the checkout — see its README). The
 * checkout may be `/work/main` or a worktree one level deeper, so the folder is looked up in the checkout's parent
 * folders rather than at a fixed `../shared`. `VPCSIM_EXTERNAL_FIXTURES` overrides the search.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const REPO = join(import.meta.dirname, '..');

function find(): string {
  const given = process.env['VPCSIM_EXTERNAL_FIXTURES'];
  if (given) return given;
  let dir = dirname(REPO);
  for (;;) {
    const candidate = join(dir, 'shared', 'fixtures', 'external');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return join(dirname(REPO), 'shared', 'fixtures', 'external');
    dir = up;
  }
}

/** Absolute path of the external fixtures folder. */
export const EXTERNAL = find();

/** The same folder relative to the working directory (tests run from the repository root). */
export const EXTERNAL_REL = relative(process.cwd(), EXTERNAL);
