/** Issue 21: the bounded fuzz run of the suricata format (fixed seed; see test/fuzz/bounded.ts and docs/fuzzing.md). */
import { describe, it } from 'vitest';
import { BOUNDED_INPUTS, boundedRun } from './bounded.js';

describe('fuzz: suricata', () => {
  it(`${BOUNDED_INPUTS} mutated inputs: no exception, known codes at positions inside the files, no prototype pollution, deterministic`, async () => {
    await boundedRun('suricata');
  }, 1_800_000);
});
