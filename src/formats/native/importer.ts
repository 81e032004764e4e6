/**
 * The native vpcsim YAML format as an importer (formats/importer.ts): a file whose text has a top-level `vpcsim:`
 * key; each file is imported on its own (its variants and expectations belong to it).
 */
import { error } from '../../diag/diagnostic.js';
import { FILE_SYSTEM, type Importer } from '../importer.js';
import { importNative, isNative } from './index.js';

export const nativeImporter: Importer = {
  kind: 'native',
  label: 'native',
  together: false,
  detect: (probe) => Promise.resolve(!probe.isDirectory && probe.text !== undefined && isNative(probe.text)),
  async import(paths, _options, sources = FILE_SYSTEM) {
    const path = paths[0] ?? '';
    let text: string;
    try {
      text = await sources.readText(path);
    } catch (e) {
      const r = importNative('vpcsim: 1\nvpcs: {}\n', path);
      const message = `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`;
      return { ...r, diagnostics: [error('FILE_UNREADABLE', message, { file: path, line: 1, col: 1 })] };
    }
    return importNative(text, path);
  },
};
