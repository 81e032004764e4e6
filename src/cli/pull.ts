/**
 * `vpcsim pull [-o DIR] [--regions LIST|all] [--profile NAME] [--role-arn ARN]… [--endpoint-url URL]`: read live
 * accounts (read-only calls) into the describe-* folder the other commands read. Progress on stderr. Exit status
 * 0 when every call succeeded, 1 when the folder is incomplete (calls or roles failed, each named on stderr),
 * 2 when nothing could start (no SDK, no credentials, no Region, bad options).
 */
import type { Command } from '@commander-js/extra-typings';
import { Exit, UsageError } from './errors.js';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Register `vpcsim pull` on the program. */
export function register(program: Command): void {
  program
    .command('pull')
    .description('read live AWS accounts (read-only describe calls) into a describe-* folder')
    .option('-o, --out <DIR>', 'folder to write (accounts/<id>/<region>/ below it)', 'aws_configs')
    .option(
      '--regions <LIST>',
      'Regions to read, comma-separated, or "all" (default: the configured Region)',
      collect,
      [],
    )
    .option(
      '--profile <NAME>',
      'shared config/credentials profile (default: AWS_PROFILE or the standard chain)',
    )
    .option(
      '--role-arn <ARN>',
      'read the account of this IAM role, assumed with the credentials (repeatable)',
      collect,
      [],
    )
    .option(
      '--endpoint-url <URL>',
      'send every request to this URL instead of AWS (LocalStack, a test server)',
    )
    .option('--max-attempts <N>', 'attempts per call when throttled or on server errors', '8')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (o) => {
      const { pull, PullError } = await import('../pull/pull.js'); // the SDK loads only here
      const { SdkMissing } = await import('../pull/sdk.js');
      const { DEFAULT_RETRY } = await import('../pull/retry.js');
      const names = o.regions
        .flatMap((r) => r.split(','))
        .map((r) => r.trim())
        .filter((r) => r !== '');
      if (!/^[1-9]\d*$/.test(o.maxAttempts))
        throw new UsageError(`--max-attempts "${o.maxAttempts}" is not a positive whole number`);
      if (names.includes('all') && names.length > 1)
        throw new UsageError('--regions all cannot be combined with Region names');
      const progress = o.quiet ? undefined : (line: string) => void process.stderr.write(line + '\n');
      try {
        const r = await pull({
          out: o.out,
          regions: names.includes('all') ? 'all' : names,
          profile: o.profile,
          roleArns: o.roleArn,
          endpoint: o.endpointUrl,
          retry: { ...DEFAULT_RETRY, maxAttempts: Number(o.maxAttempts) },
          progress,
        });
        const incomplete = r.failed + r.accountFailures.length;
        if (incomplete > 0)
          process.stderr.write(
            `vpcsim pull: the folder is incomplete: ${r.failed} call${r.failed === 1 ? '' : 's'} and ` +
              `${r.accountFailures.length} account${r.accountFailures.length === 1 ? '' : 's'} failed (see above)\n`,
          );
        throw new Exit(incomplete > 0 ? 1 : 0);
      } catch (e) {
        if (e instanceof PullError || e instanceof SdkMissing) throw new UsageError(e.message);
        throw e;
      }
    });
}
