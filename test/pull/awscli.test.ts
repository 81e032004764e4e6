/**
 * The Done-when of `vpcsim pull` (issue 20): the AWS SDK and the AWS CLI (Debian's `awscli`), both pointed at the
 * same local server answering from the recorded responses (aws-server.ts, fixtures/aws), write folders that
 * vpcsim reads to the same model — so a pulled folder and one written by the CLI loop of docs/describe.md are
 * interchangeable — and both trace the recorded account as the semantics say (helpers.ts EXPECTED, derived by
 * hand). The CLI runs every row of the call table under the name calls.ts gives it (`aws ec2 describe-vpcs`,
 * `aws network-firewall describe-firewall --firewall-arn …`), which also checks that table against the CLI.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importDescribe } from '../../src/formats/describe/index.js';
import type { Network } from '../../src/model/network.js';
import {
  cliCommand,
  cliInputArgs,
  cliName,
  cliOption,
  fileName,
  PULL_CALLS,
  type PullCall,
} from '../../src/pull/calls.js';
import { pull } from '../../src/pull/pull.js';
import { itemFiles, itemsOf, wrapped, type ApiObject } from '../../src/pull/region.js';
import { startAwsServer, type AwsServer } from './aws-server.js';
import {
  ACCESS_KEY,
  ACCOUNT,
  EXPECTED,
  FIXTURES,
  isolatedEnv,
  KEYS,
  noWait,
  REGION,
  SDK_INSTALLED,
  SECRET_KEY,
  useTestCredentials,
  withAlice,
  withoutSpans,
} from './helpers.js';

useTestCredentials();

/** Debian's awscli first (the issue names it), else any `aws` on PATH; undefined when there is none. */
function awsCli(): string | undefined {
  if (existsSync('/usr/bin/aws')) return '/usr/bin/aws';
  return spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim() || undefined;
}
const aws = awsCli();
/** The Python the `aws` script runs on (its #! line), when it is a Python script and not a shell shim. */
const python = aws && /^#!\s*(\S*python\S*)/.exec(readFileSync(aws, 'utf8').split('\n')[0] ?? '')?.[1];

interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run several `aws …` commands: in one Python process through the CLI's driver (awscli-batch.py), or one by one. */
async function awsBatch(commands: readonly string[][], env: NodeJS.ProcessEnv): Promise<CliRun[]> {
  if (python) {
    const child = execFile(python, [join(import.meta.dirname, 'awscli-batch.py')], {
      env,
      maxBuffer: 1 << 26,
    });
    const done = new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(out);
        else reject(new Error(`awscli-batch.py: exit ${String(code)}`));
      });
    });
    child.stdin?.end(JSON.stringify(commands));
    return JSON.parse(await done) as CliRun[];
  }
  const out: CliRun[] = [];
  for (const args of commands) {
    const r = spawnSync(aws ?? 'aws', args, { env, encoding: 'utf8', maxBuffer: 1 << 26 });
    out.push({ status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
  }
  return out;
}

/** What the AWS CLI loop writes: every row of the table, `each` rows once per item, into the layout pull uses. */
async function cliLoop(url: string, dir: string): Promise<string[]> {
  const env = isolatedEnv({
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    AWS_DEFAULT_REGION: REGION,
    AWS_PAGER: '',
  });
  const folder = join(dir, 'accounts', ACCOUNT, REGION);
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  const save = (file: string, o: ApiObject) => {
    writeFileSync(join(folder, file), JSON.stringify(o, null, 2));
    written.push(file);
  };
  const batch = async (rows: readonly { call: PullCall; extra: string[] }[]): Promise<ApiObject[]> => {
    const runs = await awsBatch(
      rows.map(({ call, extra }) => [
        call.service,
        cliName(call.operation),
        ...extra,
        '--endpoint-url',
        url,
        '--output',
        'json',
      ]),
      env,
    );
    return runs.map((r, k) => {
      expect({
        command: cliCommand(rows[k]?.call ?? PULL_CALLS[0]!),
        status: r.status,
        stderr: r.stderr,
      }).toEqual({ command: cliCommand(rows[k]?.call ?? PULL_CALLS[0]!), status: 0, stderr: '' });
      return JSON.parse(r.stdout) as ApiObject;
    });
  };
  // The AWS CLI pages on its own (it follows NextToken and prints the merged list).
  const lists = PULL_CALLS.filter((c) => !c.each);
  const results = new Map<string, ApiObject>();
  for (const [k, out] of (await batch(lists.map((call) => ({ call, extra: [] })))).entries()) {
    const call = lists[k];
    if (!call) continue;
    results.set(call.operation, out);
    if (call.write) save(fileName(call), out);
  }
  const perItem = PULL_CALLS.filter((c) => c.each).flatMap((call) =>
    itemFiles(call, itemsOf(call, results) ?? []).map(([item, file]) => ({
      call,
      file,
      item,
      extra: [cliOption(call.each?.param ?? ''), item, ...cliInputArgs(call)],
    })),
  );
  // A per-table transit gateway call is saved wrapped with the table id, as docs/describe.md's jq step does.
  for (const [k, out] of (await batch(perItem)).entries()) {
    const row = perItem[k];
    if (row) save(row.file, wrapped(row.call, row.item, out));
  }
  return written.sort();
}

const traces = (net: Network) =>
  EXPECTED.map((e) => {
    const t = traceFlow(withAlice(net), e.flow);
    return {
      verdict: t.verdict,
      code: t.forward.code ?? null,
      forward: t.forward.hops.map((h) => `${h.id}/${h.action}`),
      uncertain: t.uncertain,
    };
  });

describe.skipIf(aws === undefined || !SDK_INSTALLED)(
  'vpcsim pull and the AWS CLI read the same recorded account',
  () => {
    let server: AwsServer;
    let pulledDir: string;
    let cliDir: string;
    let cliFiles: string[];
    beforeAll(async () => {
      server = await startAwsServer({ fixtures: FIXTURES, keys: KEYS });
      pulledDir = mkdtempSync(join(tmpdir(), 'vpcsim-pull-sdk-'));
      cliDir = mkdtempSync(join(tmpdir(), 'vpcsim-pull-cli-'));
      const r = await pull({ out: pulledDir, regions: [REGION], endpoint: server.url, retry: noWait() });
      expect([r.failed, r.accountFailures]).toEqual([0, []]);
      cliFiles = await cliLoop(server.url, cliDir);
    }, 240_000);
    afterAll(() => server.close());

    it('the two folders hold the same files', () => {
      expect(readdirSync(join(pulledDir, 'accounts', ACCOUNT, REGION)).sort()).toEqual(cliFiles);
    });

    it('read to the same model (every resource, rule, route and address), without a diagnostic', async () => {
      const a = await importDescribe(pulledDir, {});
      const b = await importDescribe(cliDir, {});
      expect(a.diagnostics).toEqual([]);
      expect(b.diagnostics).toEqual([]);
      expect(a.network.vpcs).toHaveLength(1);
      expect(withoutSpans(a.network)).toEqual(withoutSpans(b.network));
    });

    it('and trace the recorded account alike, as the semantics say', async () => {
      const a = traces((await importDescribe(pulledDir, {})).network);
      const b = traces((await importDescribe(cliDir, {})).network);
      const expected = EXPECTED.map((e) => ({
        verdict: e.verdict,
        code: e.code,
        forward: [...e.forward],
        uncertain: false,
      }));
      expect(a).toEqual(expected);
      expect(b).toEqual(expected);
    });
  },
);
