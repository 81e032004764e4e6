/**
 * The fuzz harness's own mutations must not throw: a throw in the generator kills the run's child process and is
 * counted as a failure of vpcsim (describe:59180 of the long run session12-clean: a JSON item nested deeper than
 * JSON.stringify can recurse, though JSON.parse had read it).
 */
import { describe, expect, it } from 'vitest';
import { mutateJson } from './mutate.js';
import { Rng } from './rng.js';

describe('mutateJson', () => {
  it('a text nested 20,000 deep: every seed gives a text, none throws', () => {
    const deep = `{"Items":[${'['.repeat(20_000)}1${']'.repeat(20_000)}, 2]}`;
    expect(() => JSON.stringify(JSON.parse(deep))).toThrow(RangeError);
    for (let seed = 0; seed < 100; seed++) {
      expect(typeof mutateJson(deep, new Rng(`deep-${seed}`), ['x'])).toBe('string');
    }
  });
});
