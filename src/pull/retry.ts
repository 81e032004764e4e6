/**
 * Retries with backoff for one AWS call: throttling (`RequestLimitExceeded`, `ThrottlingException`, HTTP 429),
 * server errors (5xx) and dropped connections are retried with capped exponential backoff and full jitter, the
 * scheme AWS recommends ("Exponential Backoff And Jitter"); anything else (access denied, a bad parameter) fails at
 * once. The SDK's own retries are switched off (sdk.ts, `maxAttempts: 1`) so this is the one retry loop, with the
 * clock and the dice injected: tests decide the delays without waiting.
 */

/** What a retry loop needs from the outside world. */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 8). */
  readonly maxAttempts: number;
  /** The first delay's upper bound in ms; doubled per attempt (default 500). */
  readonly baseMs: number;
  /** No delay exceeds this (default 20,000 ms). */
  readonly capMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1). */
  readonly random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseMs: 500,
  capMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Error codes AWS services use for throttling (EC2, JSON protocols, STS). */
const THROTTLING = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
]);
/** Transient service-side errors worth another attempt. */
const TRANSIENT = new Set([
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'Unavailable',
  'InternalServerError',
]);
/** Node socket errors of a dropped or timed-out connection. */
const NETWORK = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN', 'TimeoutError']);

/** The parts of an SDK error this module reads. */
export interface ErrorFacts {
  readonly name: string;
  readonly message: string;
  readonly status?: number | undefined;
  readonly code?: string | undefined;
}

function field(o: unknown, key: string): unknown {
  return typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;
}

/** Name, message, HTTP status and socket code of whatever was thrown. */
export function errorFacts(e: unknown): ErrorFacts {
  const name = field(e, 'name');
  const message = field(e, 'message');
  const status = field(field(e, '$metadata'), 'httpStatusCode');
  const code = field(e, 'code');
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(e),
    status: typeof status === 'number' ? status : undefined,
    code: typeof code === 'string' ? code : undefined,
  };
}

export type RetryKind = 'throttled' | 'transient';

/** Why an error may be retried, or undefined when it may not. */
export function retryKind(e: unknown): RetryKind | undefined {
  const f = errorFacts(e);
  if (THROTTLING.has(f.name) || f.status === 429) return 'throttled';
  if (TRANSIENT.has(f.name) || (f.status !== undefined && f.status >= 500)) return 'transient';
  if (NETWORK.has(f.name) || (f.code !== undefined && NETWORK.has(f.code))) return 'transient';
  return undefined;
}

/** The delay before attempt `attempt + 1` (attempt counts from 1): full jitter over min(cap, base·2^(attempt−1)). */
export function backoffMs(policy: Pick<RetryPolicy, 'baseMs' | 'capMs' | 'random'>, attempt: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

/** Run `fn`, retrying what `retryKind` allows; `onRetry` hears of each wait. The last error is rethrown. */
export async function withRetries<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (kind: RetryKind, attempt: number, delayMs: number, e: unknown) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const kind = retryKind(e);
      if (kind === undefined || attempt >= policy.maxAttempts) throw e;
      const delay = backoffMs(policy, attempt);
      onRetry?.(kind, attempt, delay, e);
      await policy.sleep(delay);
    }
  }
}
