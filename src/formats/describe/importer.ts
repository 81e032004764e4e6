/**
 * AWS CLI describe-* JSON as an importer (formats/importer.ts): a folder of describe-* outputs (layout.ts), each
 * folder imported on its own.
 */
import type { Importer } from '../importer.js';

export const describeImporter: Importer = {
  kind: 'describe',
  label: 'describe-*',
  together: false,
  async detect(probe) {
    return probe.isDirectory && (await import('./index.js')).isDescribeFolder(probe.path);
  },
  async import(paths, options) {
    return (await import('./index.js')).importDescribe(paths[0] ?? '', options);
  },
};
