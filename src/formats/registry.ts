/**
 * The input formats vpcsim reads, in the order the loader tries them on each input (the first whose `detect`
 * accepts it imports it). Adding a format: its folder with an `importer.ts`, and one entry here.
 */
import { cloudFormationImporter } from './cloudformation/importer.js';
import { describeImporter } from './describe/importer.js';
import type { Importer } from './importer.js';
import { nativeImporter } from './native/importer.js';
import { terraformImporter } from './terraform/importer.js';

export const IMPORTERS: readonly Importer[] = [
  nativeImporter,
  describeImporter,
  terraformImporter,
  cloudFormationImporter,
];
