/**
 * Vite build of the web page only (`npm run build:web` → src/web/dist). Tests use vitest.config.ts, so this file
 * cannot hide or change them.
 *
 * elkjs is not bundled: the plugin below copies cytoscape-elk's own elkjs build next to the page (loaded by a
 * classic <script> as window.ELK) and `elk-global.cjs` hands that global to cytoscape-elk — the bundler's
 * CommonJS transform of the 1.5 MB GWT output was most of the build time.
 */
import { defineConfig, type Plugin } from 'vite';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const require = createRequire(import.meta.url);
const cytoscapeElkDir = dirname(require.resolve('cytoscape-elk/package.json'));
const elkFile = require.resolve('elkjs/lib/elk.bundled.js', { paths: [cytoscapeElkDir] });

const elkAsset: Plugin = {
  name: 'vpcsim-elk-asset',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'elk.bundled.js', source: readFileSync(elkFile) });
  },
};

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  plugins: [elkAsset],
  resolve: {
    alias: [
      {
        find: /^elkjs\/lib\/elk\.bundled\.js$/,
        replacement: fileURLToPath(new URL('./src/web/elk-global.cjs', import.meta.url)),
      },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
    // A local page: no minification keeps the build fast.
    minify: false,
  },
});
