#!/usr/bin/env node
// vpcsim command line.
//
// Installed from the package (npm pack / npm install): runs the compiled CLI in dist/, built by `prepack`; no
// TypeScript tooling is needed at run time. In a source checkout: runs dist/ only while it is at least as new as
// every source file under src/, else the TypeScript sources through tsx (a dev dependency), so an old build never
// answers for edited sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
const sources = join(root, 'src', 'cli', 'main.ts');

/** Newest modification time of the .ts files under dir (the page's build output excluded). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name !== 'dist' && entry.name !== 'node_modules')
        newest = Math.max(newest, newestSource(join(dir, entry.name)));
    } else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(join(dir, entry.name)).mtimeMs);
  }
  return newest;
}

const useBuilt =
  existsSync(built) && (!existsSync(sources) || statSync(built).mtimeMs >= newestSource(join(root, 'src')));

if (useBuilt) {
  const { main } = await import(pathToFileURL(built).href);
  await main();
} else if (existsSync(sources)) {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      'vpcsim: dist/ is missing or older than src/, and tsx (a dev dependency) is not installed: run `npm run build`\n',
    );
    process.exit(2);
  }
  register();
  const { main } = await import(pathToFileURL(sources).href);
  await main();
} else {
  process.stderr.write(
    'vpcsim: this installation has no dist/ (the package was packed without `npm run build`)\n',
  );
  process.exit(2);
}
