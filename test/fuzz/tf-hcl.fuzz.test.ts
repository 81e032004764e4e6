/** Issue 21: the bounded fuzz run of the tf-hcl format (fixed seed; see test/fuzz/bounded.ts and docs/fuzzing.md). */
import { describe, it } from 'vitest';
import { BOUNDED_INPUTS, boundedRun } from './bounded.js';

describe('fuzz: tf-hcl', () => {
  it(`${BOUNDED_INPUTS} mutated inputs: no exception, known codes at positions inside the files, no prototype pollution, deterministic`, async () => {
    await boundedRun('tf-hcl');
  }, 1_800_000);
});
