/**
 * Terraform as an importer (formats/importer.ts): a folder of `.tf` / `.tf.json` files, such files, or
 * `terraform show -json` output. Every Terraform input given is part of one configuration. The HCL parser (WASM) is
 * loaded on first use.
 */
import type { Importer } from '../importer.js';

export const terraformImporter: Importer = {
  kind: 'terraform',
  label: 'Terraform',
  together: true,
  async detect(probe) {
    if (!probe.isDirectory && probe.path.endsWith('.tf')) return true;
    return (await import('./index.js')).isTerraformPath(probe.path);
  },
  async import(paths, options) {
    return (await import('./index.js')).importTerraform(paths, options);
  },
};
