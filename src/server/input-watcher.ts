/**
 * Watches the input files and folders and calls back (debounced) when any of them changes.
 *
 * Model: editors often replace a file (write a temp file, rename), which ends a watch on the file itself, so
 * files are watched through their parent folder and filtered by name; folders are watched recursively. A watched
 * folder that is deleted and made again (as build outputs are) ends its watch for good, so each folder's identity
 * (device, inode and birth time: a new folder often gets the old one's inode number) is checked after every event and every `recheckMs`: a folder that is gone drops its watch, one
 * that (re)appears or was replaced is watched again and counts as a change (issue 21 item 6).
 * Invariants: `close()` stops every watcher and the recheck timer (which never holds the process open); errors
 * from fs.watch are ignored — the next recheck sees the folder gone, and the next load reports the missing input
 * as a diagnostic.
 */
import { watch, statSync, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export interface InputWatcher {
  close(): void;
}

/** One watched folder: all of it, or some of its files by name. */
interface Watched {
  readonly dir: string;
  readonly names: ReadonlySet<string> | 'all';
  watcher: FSWatcher | undefined;
  /** `dev:ino:birth time` of the folder being watched (inode numbers are reused); undefined while it is missing. */
  identity: string | undefined;
}

/** The folders to watch for these paths (a file through its parent folder). */
function foldersOf(paths: readonly string[]): Map<string, Set<string> | 'all'> {
  const byDir = new Map<string, Set<string> | 'all'>();
  for (const p of paths) {
    const abs = resolve(p);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      // missing: watch its folder for it to appear
    }
    if (isDir) {
      byDir.set(abs, 'all');
      continue;
    }
    const d = dirname(abs);
    const cur = byDir.get(d);
    if (cur === 'all') continue;
    const set = cur ?? new Set<string>();
    set.add(basename(abs));
    byDir.set(d, set);
  }
  return byDir;
}

function identityOf(dir: string): string | undefined {
  try {
    const s = statSync(dir);
    return s.isDirectory() ? `${s.dev}:${s.ino}:${s.birthtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

/** Call `onChange` at most once per `debounceMs` after any input changes. */
export function watchInputs(
  paths: readonly string[],
  onChange: () => void,
  debounceMs = 150,
  recheckMs = 1000,
): InputWatcher {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const fire = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const folders: Watched[] = [...foldersOf(paths).entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([dir, names]) => ({ dir, names, watcher: undefined, identity: undefined }));

  /** Make each folder's watch match the folder now there; true when one (re)appeared or went away. */
  const recheck = (): boolean => {
    let changed = false;
    for (const f of folders) {
      const id = identityOf(f.dir);
      if (id === f.identity && (f.watcher !== undefined || id === undefined)) continue;
      f.watcher?.close();
      f.watcher = undefined;
      changed ||= f.identity !== id;
      f.identity = id;
      if (id === undefined) continue;
      try {
        const w = watch(f.dir, { recursive: f.names === 'all', persistent: false }, (_event, file) => {
          if (f.names === 'all' || (file !== null && f.names.has(basename(file)))) fire();
          if (recheck()) fire();
        });
        w.on('error', () => undefined);
        f.watcher = w;
      } catch {
        // not watchable now: the next recheck tries again (without counting it as a change)
      }
    }
    return changed;
  };
  recheck();
  const poll = setInterval(() => {
    if (recheck()) fire();
  }, recheckMs);
  poll.unref();
  return {
    close(): void {
      closed = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      for (const f of folders) f.watcher?.close();
    },
  };
}
