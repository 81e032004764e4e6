/**
 * Every command that reads inputs accepts every input option and forwards it to the importers (issue 12 item 6).
 * The loader (and serve's backend) are replaced by stand-ins that record the ImportOptions they receive.
 * Expected ImportOptions are written by hand from each option's meaning, not from options.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '@commander-js/extra-typings';
import type { ImportOptions } from '../../src/formats/import-result.js';
import { buildProgram, Exit, UsageError } from '../../src/cli/main.js';
import { INPUT_OPTIONS, type CliDeps } from '../../src/cli/options.js';

/** Each input-reading command with the least it needs besides the inputs. */
const COMMANDS: Record<string, readonly string[]> = {
  validate: [],
  trace: ['--from', 'app', '--to', '198.51.100.10', '--port', '443'],
  test: [],
  diagram: [],
  serve: [],
  ls: [],
  reach: ['--from', 'app'],
  exposure: [],
  matrix: [],
  diff: ['--against', 'variant:x'],
};

/** Each input option: arguments as a user types them → what the importers must receive. */
const OPTIONS: Record<string, { args: readonly string[]; expected: Partial<ImportOptions> }> = {
  param: {
    args: ['--param', 'Env=prod', '--param', 'Size=a=b'],
    expected: { params: { Env: 'prod', Size: 'a=b' } },
  },
  var: { args: ['--var', 'cidr=10.0.0.0/16'], expected: { vars: { cidr: '10.0.0.0/16' } } },
  varFile: {
    args: ['--var-file', 'a.tfvars', '--var-file', 'b.tfvars'],
    expected: { varFiles: ['a.tfvars', 'b.tfvars'] },
  },
  region: { args: ['--region', 'eu-west-1'], expected: { region: 'eu-west-1' } },
  account: { args: ['--account', '123456789012'], expected: { accountId: '123456789012' } },
  azs: {
    args: ['--azs', 'eu-west-1=eu-west-1a,eu-west-1b', '--azs', 'us-east-1=us-east-1c'],
    expected: { azs: { 'eu-west-1': ['eu-west-1a', 'eu-west-1b'], 'us-east-1': ['us-east-1c'] } },
  },
  assume: {
    args: ['--assume', 'NatEip.PublicIp=203.0.113.60'],
    expected: { assume: { 'NatEip.PublicIp': '203.0.113.60' } },
  },
  importValue: {
    args: ['--import-value', 'Shared-VpcId=vpc-0abc'],
    expected: { imports: { 'Shared-VpcId': 'vpc-0abc' } },
  },
};

const INPUT = 'examples/s0-firewall-natgw.yaml';
const STOP = 99;

/** Run one command with stand-in deps; the options the importers would have received. */
async function forwarded(command: string, args: readonly string[]): Promise<ImportOptions[]> {
  const seen: ImportOptions[] = [];
  const deps: CliDeps = {
    load: (_paths, opts) => {
      seen.push(opts);
      return Promise.reject(new Exit(STOP));
    },
    backend: (_paths, opts) => {
      seen.push(opts);
      throw new Exit(STOP);
    },
  };
  const program = buildProgram(deps);
  for (const c of program.commands) c.exitOverride();
  await expect(
    program.parseAsync([command, INPUT, ...(COMMANDS[command] ?? []), ...args], { from: 'user' }),
  ).rejects.toEqual(new Exit(STOP));
  return seen;
}

describe('one input option set for every input-reading command', () => {
  it('the tables cover every command that takes <inputs...> and every declared input option', () => {
    const readers = (buildProgram().commands as readonly Command[])
      .filter((c) => c.registeredArguments[0]?.name() === 'inputs')
      .map((c) => c.name())
      .sort();
    expect(readers).toEqual(Object.keys(COMMANDS).sort());
    expect(INPUT_OPTIONS.map((o) => o.key).sort()).toEqual(Object.keys(OPTIONS).sort());
  });

  const cases = Object.keys(COMMANDS).flatMap((cmd) =>
    Object.entries(OPTIONS).map(([key, o]) => ({ cmd, key, ...o })),
  );
  it.each(cases)('$cmd forwards --$key', async ({ cmd, args, expected }) => {
    const seen = await forwarded(cmd, args);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject(expected);
  });

  it.each(Object.keys(COMMANDS))('%s forwards nothing extra when no option is given', async (cmd) => {
    const seen = await forwarded(cmd, []);
    expect(seen).toEqual([
      {
        params: {},
        vars: {},
        varFiles: [],
        region: undefined,
        accountId: undefined,
        azs: {},
        assume: {},
        imports: {},
      },
    ]);
  });

  it.each(Object.keys(COMMANDS))('%s refuses a malformed NAME=VALUE as a usage error', async (cmd) => {
    const program = buildProgram({
      load: () => Promise.reject(new Exit(STOP)),
      backend: () => {
        throw new Exit(STOP);
      },
    });
    for (const c of program.commands) c.exitOverride();
    await expect(
      program.parseAsync([cmd, INPUT, ...(COMMANDS[cmd] ?? []), '--assume', 'no-equals-sign'], {
        from: 'user',
      }),
    ).rejects.toThrow(new UsageError('--assume "no-equals-sign" must read NAME=VALUE'));
  });
});
