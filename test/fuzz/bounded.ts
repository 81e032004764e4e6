/**
 * The bounded fuzz run of `npm test`: a fixed seed, the same inputs on every run, every oracle except time (no
 * timed assertions in tests). Each format's test file calls `boundedRun`; a failure names the input, which
 * `npm run fuzz -- --replay FORMAT:INDEX --seed npm-test` prints and `--minimise` shrinks.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { corpus, generate, type FormatName } from './formats.js';
import { runInput } from './oracle.js';
import { ScratchFolder, scratchRoot } from './scratch.js';

/**
 * Inputs per format in `npm test`: few enough that the eight formats add well under a minute on two shared cores;
 * `VPCSIM_FUZZ_INPUTS=3000 npx vitest run test/fuzz` runs more with the same seed, `npm run fuzz` far more.
 */
export const BOUNDED_INPUTS = Number(process.env['VPCSIM_FUZZ_INPUTS'] ?? '250');
export const BOUNDED_SEED = 'npm-test';

export async function boundedRun(format: FormatName, inputs: number = BOUNDED_INPUTS): Promise<void> {
  const items = corpus(format);
  expect(items.length).toBeGreaterThan(0);
  const dir = new ScratchFolder(join(scratchRoot(), `t${process.pid}-${format}`));
  const failures: string[] = [];
  for (let i = 0; i < inputs && failures.length < 5; i++) {
    const o = await runInput(generate(format, BOUNDED_SEED, i, items), dir, { twice: i % 20 === 0 });
    if (o.failure) failures.push(`${format}:${i} ${o.failure.oracle}: ${o.failure.message}`);
  }
  dir.remove();
  expect(failures).toEqual([]);
}
