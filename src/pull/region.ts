/**
 * Pulling one account's Region: every row of the call table (calls.ts), paginated, retried on throttling, into the
 * files of one region folder — without knowing how requests reach AWS (a `Send` function does; sdk.ts gives the
 * real one, tests give the SDK pointed at a local server or a plain function).
 *
 * Model: rows without `each` run first, a few at a time; then each `each` row once per item of the result it reads
 * (a DescribeFirewall per ARN ListFirewalls returned). A paginated row follows `NextToken` and writes one object
 * with the merged list, as the AWS CLI prints it (`{"Vpcs": [ … ]}`, no token); a whole-response row writes the
 * response without the SDK's `$metadata`. A call that fails after its retries is a `CallFailure` (with a hint
 * naming the IAM action when access was denied), and rows depending on it are skipped; nothing throws.
 */
import { fileName, iamAction, type PullCall, type ServiceName } from './calls.js';
import { errorFacts, withRetries, type ErrorFacts, type RetryKind, type RetryPolicy } from './retry.js';

export type ApiObject = Record<string, unknown>;

/** Sends one API request and resolves to its decoded response (or rejects with the service's error). */
export type Send = (service: ServiceName, operation: string, input: ApiObject) => Promise<ApiObject>;

export interface CallFailure {
  readonly call: PullCall;
  readonly item?: string | undefined;
  readonly error: ErrorFacts;
  /** What to do about it, e.g. which IAM action is missing. */
  readonly hint?: string | undefined;
}

export interface RegionEvents {
  onCall?(call: PullCall, item: string | undefined, count: number | undefined, pages: number): void;
  onRetry?(call: PullCall, kind: RetryKind, attempt: number, delayMs: number): void;
  onFailure?(failure: CallFailure): void;
}

export interface RegionPull {
  /** File name → content, for the files of this region folder. */
  readonly files: ReadonlyMap<string, ApiObject>;
  readonly failures: readonly CallFailure[];
}

/** Pages followed at most for one call (a service returning tokens for ever is a failure, not a hang). */
const MAX_PAGES = 10_000;
/** Requests in flight at once within a Region. */
const CONCURRENCY = 4;

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);
const UNAVAILABLE = new Set(['UnsupportedOperation', 'InvalidAction', 'UnknownOperationException']);

function hintFor(call: PullCall, e: ErrorFacts): string | undefined {
  if (DENIED.has(e.name))
    return `the credentials lack ${iamAction(call)} (the IAM policy is in docs/describe.md)`;
  if (UNAVAILABLE.has(e.name)) return `${call.service} ${call.operation} is not available in this Region`;
  return undefined;
}

/** Run `fn` over `items`, at most `limit` at a time, keeping the order of the results. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function withoutMetadata(o: ApiObject): ApiObject {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== '$metadata'));
}

/** One row (for one item): every page, merged. */
async function callAllPages(
  send: Send,
  call: PullCall,
  input: ApiObject,
  policy: RetryPolicy,
  events: RegionEvents,
): Promise<{ result: ApiObject; count: number | undefined; pages: number }> {
  const once = (req: ApiObject) =>
    withRetries(
      () => send(call.service, call.operation, req),
      policy,
      (kind, attempt, delay) => events.onRetry?.(call, kind, attempt, delay),
    );
  if (!call.paginated || call.resultKey === undefined) {
    const r = withoutMetadata(await once(input));
    const list = call.resultKey === undefined ? undefined : r[call.resultKey];
    return { result: r, count: Array.isArray(list) ? list.length : undefined, pages: 1 };
  }
  const items: unknown[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  let pages = 0;
  const [tokenIn, tokenOut] = call.marker ? ['Marker', 'NextMarker'] : ['NextToken', 'NextToken'];
  do {
    const r = await once(token === undefined ? input : { ...input, [tokenIn]: token });
    pages++;
    const list = r[call.resultKey];
    if (Array.isArray(list)) items.push(...(list as unknown[]));
    const next = r[tokenOut];
    token = typeof next === 'string' && next !== '' ? next : undefined;
    if (token !== undefined && (seen.has(token) || pages >= MAX_PAGES))
      throw Object.assign(new Error(`the service repeated ${tokenOut} "${token}" after ${pages} pages`), {
        name: 'PaginationLoop',
      });
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
  return { result: { [call.resultKey]: items }, count: items.length, pages };
}

/** The values an `each` row runs over: `field` of every item in the result of the row it reads. */
export function itemsOf(call: PullCall, results: ReadonlyMap<string, ApiObject>): string[] | undefined {
  if (!call.each) return undefined;
  const src = results.get(call.each.of);
  if (src === undefined) return undefined;
  const out: string[] = [];
  for (const list of Object.values(src))
    if (Array.isArray(list))
      for (const x of list as unknown[]) {
        const v = typeof x === 'object' && x !== null ? (x as ApiObject)[call.each.field] : undefined;
        if (typeof v === 'string' && !out.includes(v)) out.push(v);
      }
  return out;
}

/**
 * The file of each item of an `each` row: named by the item's short name, or in full when two items share it (a
 * stateful and a stateless rule group of one name).
 */
export function itemFiles(call: PullCall, items: readonly string[]): [item: string, file: string][] {
  const short = items.map((i) => fileName(call, i));
  return items.map((item, k) => [item, fileName(call, item, short.filter((n) => n === short[k]).length > 1)]);
}

/** What a row writes for an item: the response, or wrapped with the item when the row says so (`PullCall.wrap`). */
export function wrapped(call: PullCall, item: string | undefined, result: ApiObject): ApiObject {
  return call.wrap && item !== undefined
    ? { [call.wrap.key]: [{ [call.wrap.idField]: item, ...result }] }
    : result;
}

/** Pull one Region of one account with `send`. */
export async function pullRegion(
  send: Send,
  calls: readonly PullCall[],
  policy: RetryPolicy,
  events: RegionEvents = {},
): Promise<RegionPull> {
  const files = new Map<string, ApiObject>();
  const failures: CallFailure[] = [];
  const results = new Map<string, ApiObject>();

  const run = async (call: PullCall, item?: string, file = fileName(call, item)): Promise<void> => {
    const input: ApiObject = {
      ...call.input,
      ...(item !== undefined && call.each ? { [call.each.param]: item } : {}),
    };
    try {
      const { result, count, pages } = await callAllPages(send, call, input, policy, events);
      events.onCall?.(call, item, count, pages);
      if (item === undefined) results.set(call.operation, result);
      else if (call.resultKey !== undefined) {
        // An `each` row's items merged, for a later row that runs per item of it (rules per listener).
        const have: unknown = results.get(call.operation)?.[call.resultKey];
        const list: unknown = result[call.resultKey];
        results.set(call.operation, {
          [call.resultKey]: [
            ...(Array.isArray(have) ? (have as unknown[]) : []),
            ...(Array.isArray(list) ? (list as unknown[]) : []),
          ],
        });
      }
      if (call.write) files.set(file, wrapped(call, item, result));
    } catch (e) {
      const error = errorFacts(e);
      const failure: CallFailure = { call, item, error, hint: hintFor(call, error) };
      failures.push(failure);
      events.onFailure?.(failure);
    }
  };

  await mapLimit(
    calls.filter((c) => !c.each),
    CONCURRENCY,
    (c) => run(c),
  );
  // `each` rows in table order, each after the rows before it: one may read the items of an earlier `each` row.
  for (const call of calls.filter((c) => c.each)) {
    const ofEach = calls.some((c) => c.each && c.operation === call.each?.of);
    const items = itemsOf(call, results) ?? (ofEach ? [] : undefined);
    if (items === undefined) {
      const failure: CallFailure = {
        call,
        error: { name: 'Skipped', message: `skipped: ${call.each?.of ?? ''} failed` },
      };
      failures.push(failure);
      events.onFailure?.(failure);
      continue;
    }
    await mapLimit(itemFiles(call, items), CONCURRENCY, ([item, file]) => run(call, item, file));
  }
  // Calls finish in any order; failures are listed in the table's.
  const order = (f: CallFailure) => calls.indexOf(f.call);
  failures.sort((a, b) => order(a) - order(b) || (a.item ?? '').localeCompare(b.item ?? ''));
  return { files, failures };
}
