/**
 * `vpcsim pull`: read live accounts into the describe-* folder vpcsim reads (`<out>/accounts/<id>/<region>/`).
 *
 * Model: credentials from the standard chain (or `profile`); with `roleArns`, one account per role, assumed with
 * those credentials; each account is identified by STS GetCallerIdentity (so the folder is named by the account the
 * calls really read). Regions are the ones given, `all` (EC2 DescribeRegions: the Regions enabled for the account),
 * or the configured one. Each Region is pulled with the call table (region.ts) and written (write.ts). Progress
 * and every retry and failure go to `progress` (stderr in the CLI). What cannot start at all — no SDK, no
 * credentials, no Region — is a `PullError`; a call that fails is listed in the result, and the rest goes on.
 */
import { isRegionName } from '../formats/describe/layout.js';
import { PULL_CALLS, type PullCall } from './calls.js';
import { pullRegion, type CallFailure, type Send } from './region.js';
import { DEFAULT_RETRY, errorFacts, withRetries, type RetryPolicy } from './retry.js';
import { loadAwsSdk, type AwsSession, type Credentials } from './sdk.js';
import { regionFolder, writeRegionFolder } from './write.js';

export interface PullOptions {
  /** The folder written (`aws_configs`). */
  readonly out: string;
  /** Regions to read, or `all`; default: the configured Region. */
  readonly regions?: readonly string[] | 'all' | undefined;
  readonly profile?: string | undefined;
  /** One account per role (`arn:aws:iam::<id>:role/<name>`), assumed with the chain's credentials. */
  readonly roleArns?: readonly string[] | undefined;
  /** Send every request to this URL instead of AWS (a test server, LocalStack). */
  readonly endpoint?: string | undefined;
  readonly calls?: readonly PullCall[] | undefined;
  readonly retry?: RetryPolicy | undefined;
  readonly progress?: ((line: string) => void) | undefined;
  /** An SDK session to use instead of loading the SDK (tests). */
  readonly session?: AwsSession | undefined;
}

export interface PulledRegion {
  readonly region: string;
  readonly folder: string;
  readonly files: readonly string[];
  readonly failures: readonly CallFailure[];
}

export interface PulledAccount {
  readonly accountId: string;
  /** Who the calls ran as (GetCallerIdentity's Arn). */
  readonly arn: string;
  readonly regions: readonly PulledRegion[];
}

export interface PullResult {
  readonly accounts: readonly PulledAccount[];
  /** Accounts that could not be read at all (a role that could not be assumed). */
  readonly accountFailures: readonly { readonly role: string; readonly message: string }[];
  /** Calls that failed, over all accounts and Regions. */
  readonly failed: number;
}

/** Something that stops a pull before it reads anything. */
export class PullError extends Error {}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/** Checks what can be checked before calling AWS; throws PullError. */
export function checkPullOptions(o: PullOptions): void {
  for (const arn of o.roleArns ?? [])
    if (!ROLE_ARN.test(arn))
      throw new PullError(
        `--role-arn "${arn}" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)`,
      );
  if (o.regions !== undefined && o.regions !== 'all')
    for (const r of o.regions)
      if (!isRegionName(r)) throw new PullError(`--regions: "${r}" is not a Region name (such as us-east-1)`);
}

function str(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

async function identify(send: Send, retry: RetryPolicy): Promise<{ accountId: string; arn: string }> {
  const r = await withRetries(() => send('sts', 'GetCallerIdentity', {}), retry);
  const accountId = str(r, 'Account');
  if (accountId === undefined || !/^\d{12}$/.test(accountId))
    throw new PullError('STS GetCallerIdentity returned no 12-digit Account');
  return { accountId, arn: str(r, 'Arn') ?? '' };
}

async function regionsOf(
  o: PullOptions,
  session: AwsSession,
  send: Send,
  retry: RetryPolicy,
): Promise<string[]> {
  if (o.regions !== undefined && o.regions !== 'all' && o.regions.length > 0) return [...o.regions];
  if (o.regions !== 'all') {
    const r = await session.defaultRegion(o.profile);
    if (r === undefined)
      throw new PullError('no Region: give --regions (a list or all), or set AWS_REGION or a profile region');
    return [r];
  }
  const out = await withRetries(() => send('ec2', 'DescribeRegions', {}), retry);
  const list = Array.isArray(out['Regions']) ? (out['Regions'] as Record<string, unknown>[]) : [];
  return list
    .map((x) => str(x, 'RegionName'))
    .filter((x): x is string => x !== undefined)
    .sort();
}

function describeFailure(f: CallFailure): string {
  const what = `${f.call.service} ${f.call.operation}${f.item === undefined ? '' : ` ${f.item}`}`;
  return `${what} failed: ${f.error.name}: ${f.error.message}${f.hint ? ` — ${f.hint}` : ''}`;
}

/** Pull the accounts and Regions `o` names into `o.out`. */
export async function pull(o: PullOptions): Promise<PullResult> {
  checkPullOptions(o);
  const say = o.progress ?? (() => undefined);
  const retry = o.retry ?? DEFAULT_RETRY;
  const calls = o.calls ?? PULL_CALLS;
  const session = o.session ?? (await loadAwsSdk(o.endpoint));
  try {
    const base = session.baseCredentials(o.profile);
    const home =
      o.regions !== undefined && o.regions !== 'all' && o.regions[0]
        ? o.regions[0]
        : ((await session.defaultRegion(o.profile)) ?? 'us-east-1');
    const targets: { role?: string; credentials: Credentials }[] = (o.roleArns ?? []).length
      ? (o.roleArns ?? []).map((role) => ({ role, credentials: session.assumeRole(base, role, home) }))
      : [{ credentials: base }];
    const accounts: PulledAccount[] = [];
    const accountFailures: { role: string; message: string }[] = [];
    let failed = 0;
    for (const t of targets) {
      let who: { accountId: string; arn: string };
      try {
        who = await identify(session.sender(t.credentials, home), retry);
      } catch (e) {
        const f = errorFacts(e);
        const message = `cannot read the account${t.role ? ` of ${t.role}` : ''}: ${f.name}: ${f.message}`;
        if (t.role === undefined || e instanceof PullError) throw new PullError(message);
        say(`vpcsim pull: ${message}`);
        accountFailures.push({ role: t.role, message });
        continue;
      }
      say(`vpcsim pull: account ${who.accountId} as ${who.arn}`);
      const regions = await regionsOf(o, session, session.sender(t.credentials, home), retry);
      const pulled: PulledRegion[] = [];
      for (const region of regions) {
        const at = `${who.accountId} ${region}`;
        const r = await pullRegion(session.sender(t.credentials, region), calls, retry, {
          onCall: (c, item, count, pages) => {
            say(
              `  ${at} ${c.service} ${c.operation}${item === undefined ? '' : ` ${item}`}` +
                `${count === undefined ? '' : `: ${count}`}${pages > 1 ? ` (${pages} pages)` : ''}`,
            );
          },
          onRetry: (c, kind, attempt, delay) => {
            say(
              `  ${at} ${c.service} ${c.operation}: ${kind}, attempt ${attempt + 1} in ${(delay / 1000).toFixed(1)} s`,
            );
          },
          onFailure: (f) => {
            say(`  ${at} ${describeFailure(f)}`);
          },
        });
        const folder = regionFolder(o.out, who.accountId, region);
        const files = await writeRegionFolder(folder, r.files);
        failed += r.failures.length;
        say(
          `  ${at}: wrote ${folder} (${files.length} files${r.failures.length ? `, ${r.failures.length} calls failed` : ''})`,
        );
        pulled.push({ region, folder, files, failures: r.failures });
      }
      accounts.push({ ...who, regions: pulled });
    }
    return { accounts, accountFailures, failed };
  } finally {
    if (!o.session) session.close();
  }
}
