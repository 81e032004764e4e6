/**
 * The one retry loop of `vpcsim pull` (src/pull/retry.ts): what is retried, how long it waits (capped exponential
 * backoff with full jitter), and when it gives up — with the clock and the dice injected, so nothing waits.
 */
import { describe, expect, it } from 'vitest';
import { backoffMs, retryKind, withRetries, type RetryPolicy } from '../../src/pull/retry.js';

const err = (name: string, status?: number, code?: string) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...(code ? { code } : {}) });

function policy(random: number, maxAttempts = 8): RetryPolicy & { delays: number[] } {
  const delays: number[] = [];
  return {
    maxAttempts,
    baseMs: 500,
    capMs: 20_000,
    random: () => random,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    delays,
  };
}

describe('retries of vpcsim pull', () => {
  it('retries throttling, server errors and dropped connections; not access denied or a bad parameter', () => {
    expect(retryKind(err('RequestLimitExceeded', 503))).toBe('throttled');
    expect(retryKind(err('ThrottlingException', 400))).toBe('throttled');
    expect(retryKind(err('Whatever', 429))).toBe('throttled');
    expect(retryKind(err('InternalError', 500))).toBe('transient');
    expect(retryKind(err('Unknown', 502))).toBe('transient');
    expect(retryKind(err('Error', undefined, 'ECONNRESET'))).toBe('transient');
    expect(retryKind(err('UnauthorizedOperation', 403))).toBeUndefined();
    expect(retryKind(err('AccessDeniedException', 400))).toBeUndefined();
    expect(retryKind(err('InvalidParameterValue', 400))).toBeUndefined();
  });

  it('waits a random time below min(cap, base·2^(attempt−1)): 0.999 of 500, 1000, 2000 … then 20 s at most', () => {
    const p = policy(0.999);
    expect([1, 2, 3, 4, 6, 7, 12].map((a) => backoffMs(p, a))).toEqual([
      499, 999, 1998, 3996, 15984, 19980, 19980,
    ]);
    expect(backoffMs(policy(0), 5)).toBe(0);
  });

  it('gives up after maxAttempts, rethrowing the last error; reports each wait', async () => {
    const p = policy(0.5, 3);
    let calls = 0;
    const heard: string[] = [];
    await expect(
      withRetries(
        () => {
          calls++;
          return Promise.reject(err('RequestLimitExceeded', 503));
        },
        p,
        (kind, attempt, delay) => heard.push(`${kind} ${attempt} ${delay}`),
      ),
    ).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
    expect(calls).toBe(3);
    expect(p.delays).toEqual([250, 500]);
    expect(heard).toEqual(['throttled 1 250', 'throttled 2 500']);
  });

  it('fails at once on an error that is not retried, and returns the first success', async () => {
    const p = policy(0.5);
    let calls = 0;
    await expect(
      withRetries(() => {
        calls++;
        return Promise.reject(err('UnauthorizedOperation', 403));
      }, p),
    ).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    expect([calls, p.delays]).toEqual([1, []]);
    let n = 0;
    const r = await withRetries(
      () => (++n < 3 ? Promise.reject(err('InternalError', 500)) : Promise.resolve(n)),
      p,
    );
    expect([r, p.delays]).toEqual([3, [250, 500]]);
  });
});
