/**
 * Write schema/vpcsim.schema.json from the zod schema of the native format (editors use it for completion:
 * add `# yaml-language-server: $schema=…/schema/vpcsim.schema.json` to a file). `npm run schema`.
 * A test fails when the committed file differs from what this produces.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nativeJsonSchema } from '../src/formats/native/json-schema.js';

const out = join(import.meta.dirname, '..', 'schema', 'vpcsim.schema.json');
writeFileSync(out, nativeJsonSchema());
console.log(`wrote ${out}`);
