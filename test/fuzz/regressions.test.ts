/**
 * Every failure the fuzz runs found, minimised (test/fuzz/regressions/*.json, written by `npm run fuzz`): each must
 * now pass every oracle. The file names the oracle it failed, its message, and the seed and index it came from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FuzzInput } from './formats.js';
import { runInput } from './oracle.js';
import { ScratchFolder, scratchRoot } from './scratch.js';

const DIR = join(import.meta.dirname, 'regressions');
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({
    name: f,
    ...(JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { message: string; input: FuzzInput }),
  }));

describe('fuzz regressions', () => {
  const scratch = new ScratchFolder(join(scratchRoot(), `reg${process.pid}`));
  afterAll(() => {
    scratch.remove();
  });
  it.each(cases)('$name ($message)', async ({ input }) => {
    const o = await runInput(input, scratch, {
      twice: true,
      tests: true,
    });
    expect(o.failure).toBeUndefined();
  });
  it('the folder exists (the fuzz run writes there)', () => {
    expect(readdirSync(DIR)).toBeDefined();
  });
});
