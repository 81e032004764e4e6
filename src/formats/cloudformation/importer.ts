/**
 * CloudFormation (and so CDK output) as an importer (formats/importer.ts): a file whose text is a template
 * (detect.ts — by content, never by name). Every template given is a stack of one import, so `Fn::ImportValue`
 * resolves across them.
 */
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import { FILE_SYSTEM, type Importer } from '../importer.js';
import { isCloudFormation } from './detect.js';

export const cloudFormationImporter: Importer = {
  kind: 'cloudformation',
  label: 'CloudFormation',
  together: true,
  detect: (probe) =>
    Promise.resolve(
      !probe.isDirectory && probe.text !== undefined && isCloudFormation(probe.text, probe.path),
    ),
  async import(paths, options, sources = FILE_SYSTEM) {
    const inputs: { path: string; text: string }[] = [];
    const unreadable: Diagnostic[] = [];
    for (const path of paths) {
      try {
        inputs.push({ path, text: await sources.readText(path) });
      } catch (e) {
        unreadable.push(
          error('FILE_UNREADABLE', `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, {
            file: path,
            line: 1,
            col: 1,
          }),
        );
      }
    }
    const { importCloudFormation } = await import('./import.js');
    const r = importCloudFormation(inputs, options);
    return unreadable.length > 0 ? { ...r, diagnostics: [...unreadable, ...r.diagnostics], files: paths } : r;
  },
};
