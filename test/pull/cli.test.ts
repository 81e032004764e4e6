/**
 * `vpcsim pull` as users run it (bin/vpcsim.js in a child process whose only credentials are the test's): a named
 * profile of the shared config and credentials files (the standard chain), the profile's Region as the default,
 * progress on stderr and nothing on stdout, exit statuses 0 / 1 / 2, messages without stack traces.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsServer, type AwsServer } from './aws-server.js';
import {
  ACCESS_KEY,
  ACCOUNT,
  FIXTURES,
  isolatedEnv,
  KEYS,
  REGION,
  SDK_INSTALLED,
  SECRET_KEY,
} from './helpers.js';

const root = join(import.meta.dirname, '..', '..');

function vpcsim(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'vpcsim.js'), ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}
const noStack = (s: string) => {
  expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);
};

/** An environment whose ~/.aws holds profile `audit` (keys in credentials, Region in config) and nothing else. */
function profileEnv(): NodeJS.ProcessEnv {
  const env = isolatedEnv({ NO_COLOR: '1' });
  writeFileSync(env['AWS_CONFIG_FILE'] ?? '', `[profile audit]\nregion = ${REGION}\n`);
  writeFileSync(
    env['AWS_SHARED_CREDENTIALS_FILE'] ?? '',
    `[audit]\naws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = ${SECRET_KEY}\n`,
  );
  return env;
}

describe.skipIf(!SDK_INSTALLED)('vpcsim pull on the command line', () => {
  let server: AwsServer;
  beforeAll(async () => {
    server = await startAwsServer({ fixtures: FIXTURES, keys: KEYS, deny: ['DescribeVpnGateways'] });
  });
  afterAll(() => server.close());

  it('--profile: credentials and Region from the profile; progress on stderr; exit 1 naming the denied call', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vpcsim-pull-cli-'));
    const before = server.requests.length;
    const r = await vpcsim(
      ['pull', '--profile', 'audit', '-o', out, '--endpoint-url', server.url],
      profileEnv(),
    );
    noStack(r.stderr);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `vpcsim pull: account ${ACCOUNT} as arn:aws:iam::${ACCOUNT}:user/vpcsim-test\n`,
    );
    expect(r.stderr).toContain(`  ${ACCOUNT} ${REGION} ec2 DescribeVpcs: 1\n`);
    expect(r.stderr).toContain(
      `  ${ACCOUNT} ${REGION} ec2 DescribeVpnGateways failed: UnauthorizedOperation: You are not authorized to perform this operation. — the credentials lack ec2:DescribeVpnGateways (the IAM policy is in docs/describe.md)\n`,
    );
    expect(r.stderr).toContain(
      'vpcsim pull: the folder is incomplete: 1 call and 0 accounts failed (see above)\n',
    );
    expect(r.code).toBe(1);
    // Every request was signed with the profile's key, for the profile's Region.
    const mine = server.requests.slice(before);
    expect(new Set(mine.map((q) => `${q.accessKey} ${q.region}`))).toEqual(
      new Set([`${ACCESS_KEY} ${REGION}`]),
    );
    expect(readdirSync(join(out, 'accounts', ACCOUNT, REGION))).toContain('describe-vpcs.json');
  }, 180_000);

  it('refuses what cannot start with exit 2 and one line: a bad role ARN, a bad Region, no credentials', async () => {
    const bad = await vpcsim(
      ['pull', '--role-arn', 'arn:aws:iam::12:user/x', '--regions', REGION],
      profileEnv(),
    );
    expect([bad.code, bad.stderr.trim()]).toEqual([
      2,
      'vpcsim: --role-arn "arn:aws:iam::12:user/x" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)',
    ]);
    const region = await vpcsim(['pull', '--regions', 'us-east-1,mars-1', '-q'], profileEnv());
    expect([region.code, region.stderr.trim()]).toEqual([
      2,
      'vpcsim: --regions: "mars-1" is not a Region name (such as us-east-1)',
    ]);
    // The default profile has no credentials in this environment: the standard chain finds none.
    const none = await vpcsim(
      ['pull', '--regions', REGION, '--endpoint-url', server.url, '-q'],
      isolatedEnv(),
    );
    noStack(none.stderr);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^vpcsim: cannot read the account: CredentialsProviderError: /m);
  }, 300_000);
});
