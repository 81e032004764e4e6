/**
 * Watches the input files and folders and calls back (debounced) when any of them changes.
 *
 * Model: editors often replace a file (write a temp file, rename), which ends a watch on the file itself, so
 * files are watched through their parent folder and filtered by name; folders are watched recursively.
 * Invariants: `close()` stops every watcher; errors from fs.watch (a folder deleted) are ignored — the next load
 * reports the missing input as a diagnostic.
 */
import { watch, statSync, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export interface InputWatcher {
  close(): void;
}

/** Call `onChange` at most once per `debounceMs` after any input changes. */
export function watchInputs(paths: readonly string[], onChange: () => void, debounceMs = 150): InputWatcher {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const fire = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
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
    } else {
      const d = dirname(abs);
      const cur = byDir.get(d);
      if (cur === 'all') continue;
      const set = cur ?? new Set<string>();
      set.add(basename(abs));
      byDir.set(d, set);
    }
  }
  for (const [dir, names] of [...byDir.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    try {
      const w = watch(dir, { recursive: names === 'all', persistent: false }, (_event, file) => {
        if (names === 'all' || (file !== null && names.has(basename(file)))) fire();
      });
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // folder missing or not watchable: nothing to do
    }
  }
  return {
    close(): void {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
