/**
 * `--against git:REV`: the same input paths as they were at a git revision, written to a temporary folder (files
 * and folders alike: a describe-* folder or a Terraform module is read whole). Uses the `git` command; a revision
 * or path git does not know is a usage error with git's own words.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from './errors.js';

function git(cwd: string, args: readonly string[]): Buffer {
  try {
    return execFileSync('git', args, { cwd, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: Buffer; message?: string };
    const why = err.stderr?.toString().trim() || err.message || 'git failed';
    throw new UsageError(`git ${args.join(' ')}: ${why.split('\n')[0] ?? why}`);
  }
}

export interface RevisionInputs {
  /** The inputs' paths inside the temporary copy, in the order given. */
  readonly paths: readonly string[];
  /** Remove the temporary copy. */
  readonly cleanup: () => void;
}

/** Copy `paths` as they were at `rev` (`git:main`, `git:HEAD~1` without the prefix) into a temporary folder. */
export function inputsAtRevision(paths: readonly string[], rev: string): RevisionInputs {
  if (rev === '' || rev.startsWith('-')) throw new UsageError(`--against git:${rev}: not a revision`);
  const tmp = mkdtempSync(join(tmpdir(), 'vpcsim-git-'));
  try {
    const out = paths.map((p) => {
      const abs = resolve(p);
      let dir = dirname(abs);
      try {
        if (statSync(abs).isDirectory()) dir = abs;
      } catch {
        // A path deleted from the working tree may still exist at the revision.
      }
      const top = git(dir, ['rev-parse', '--show-toplevel']).toString().trim();
      const rel = relative(top, abs).split('\\').join('/');
      const files = git(top, ['ls-tree', '-r', '-z', '--name-only', rev, '--', rel || '.'])
        .toString()
        .split('\0')
        .filter((f) => f !== '');
      if (files.length === 0) throw new UsageError(`--against git:${rev}: ${p} does not exist at ${rev}`);
      for (const f of files) {
        const target = join(tmp, f);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, git(top, ['show', `${rev}:${f}`]));
      }
      return join(tmp, rel);
    });
    return {
      paths: out,
      cleanup: () => {
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
