/**
 * Write docs/codes.md from the code catalogue (src/diag/codes.ts). `npm run codes`.
 * A test fails when the committed file differs from what this produces.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codesMarkdown } from '../src/diag/codes-doc.js';

const out = join(import.meta.dirname, '..', 'docs', 'codes.md');
writeFileSync(out, codesMarkdown());
console.log(`wrote ${out}`);
