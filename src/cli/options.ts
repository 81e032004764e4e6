/**
 * The one option set of every command that reads inputs (validate, trace, test, diagram, serve, and any later
 * one): CloudFormation parameters, Terraform variables and var files, region, account, Availability Zones,
 * pinned deploy-time values and Fn::ImportValue values. Declared once here (`INPUT_OPTIONS`), added to a command
 * by `inputCommand`, and turned into the importers' `ImportOptions` by `importOptions`; a command never declares
 * one of them itself, so they cannot drift apart again.
 *
 * The loader (and, for `serve`, the backend) reach a command through `CliDeps`, so a test can check that every
 * command forwards every option to the importers (test/cli/options.test.ts).
 */
import { Option, type Command } from '@commander-js/extra-typings';
import type { ImportOptions, ImportResult } from '../formats/import-result.js';
import type { Backend } from '../server/backend.js';
import { workerBackend } from '../server/worker-backend.js';
import { UsageError } from './errors.js';

/** Reads inputs: `loadInputs` of formats/load.ts, or a stand-in in tests. */
export type LoadInputs = (paths: readonly string[], opts: ImportOptions) => Promise<ImportResult>;

/** What the input-reading commands call to read inputs. */
export interface CliDeps {
  readonly load: LoadInputs;
  /** The web server's backend over the inputs (`vpcsim serve`). */
  readonly backend: (paths: readonly string[], opts: ImportOptions) => Backend;
}

export const defaultDeps: CliDeps = {
  // The loader brings every importer (zod, YAML, the HCL parser): loaded on first use, so `--help` stays fast.
  load: async (paths, opts) => (await import('../formats/load.js')).loadInputs(paths, opts),
  // Loads, traces and tests in worker threads: a slow reload never holds the page's other requests.
  backend: (paths, opts) => workerBackend(paths, opts),
};

/** One input option: its flags, help text, and whether it may be repeated. */
export interface InputOptionSpec {
  readonly flags: string;
  /** The commander attribute name (camelCase of the long flag). */
  readonly key: InputOptionKey;
  readonly description: string;
  readonly repeatable: boolean;
}

export type InputOptionKey =
  'param' | 'var' | 'varFile' | 'region' | 'account' | 'azs' | 'assume' | 'importValue';

/** Every option of every input-reading command. Add an option here and it exists on all of them. */
export const INPUT_OPTIONS: readonly InputOptionSpec[] = [
  {
    flags: '--param <NAME=VALUE>',
    key: 'param',
    description: 'CloudFormation parameter (repeatable)',
    repeatable: true,
  },
  {
    flags: '--var <NAME=VALUE>',
    key: 'var',
    description: 'Terraform variable (repeatable)',
    repeatable: true,
  },
  {
    flags: '--var-file <FILE>',
    key: 'varFile',
    description: 'Terraform .tfvars file (repeatable)',
    repeatable: true,
  },
  {
    flags: '--region <REGION>',
    key: 'region',
    description: 'region for pseudo parameters and AZ lists',
    repeatable: false,
  },
  {
    flags: '--account <ID>',
    key: 'account',
    description: 'account id for pseudo parameters',
    repeatable: false,
  },
  {
    flags: '--azs <REGION=AZ,AZ…>',
    key: 'azs',
    description: 'Availability Zones of a region for Fn::GetAZs / aws_availability_zones (repeatable)',
    repeatable: true,
  },
  {
    flags: '--assume <Resource.Attribute=VALUE>',
    key: 'assume',
    description: 'pin a deploy-time value (repeatable)',
    repeatable: true,
  },
  {
    flags: '--import-value <EXPORT=VALUE>',
    key: 'importValue',
    description: 'value for Fn::ImportValue (repeatable)',
    repeatable: true,
  },
];

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/**
 * `NAME=VALUE` list → record; a malformed item is a usage error. The record has no prototype, so `--param
 * __proto__=x` is an entry (reported by the importer as unknown) rather than a prototype assignment that drops it
 * without a word, and no name finds `constructor` or `toString` in it (issue 21 item 4).
 */
export function parsePairs(list: readonly string[], what: string): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const item of list) {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(`${what} "${item}" must read NAME=VALUE`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

/** Add the input options to a command. */
export function addInputOptions(cmd: { addOption(option: Option): unknown }): void {
  for (const spec of INPUT_OPTIONS) {
    const opt = new Option(spec.flags, spec.description);
    cmd.addOption(spec.repeatable ? opt.argParser(collect).default([] as string[]) : opt);
  }
}

/**
 * A command that reads inputs: `<inputs...>` plus the input options. Its own options are added by the caller;
 * its action reads the input options with `importOptions(cmd.opts())`.
 */
export function inputCommand(program: Command, name: string, description: string, inputsHelp?: string) {
  const cmd = program
    .command(name)
    .description(description)
    .argument('<inputs...>', inputsHelp ?? 'vpcsim YAML, CloudFormation, Terraform or describe-* folder');
  addInputOptions(cmd);
  return cmd;
}

function list(o: Readonly<Record<string, unknown>>, key: InputOptionKey): string[] {
  const v = o[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function text(o: Readonly<Record<string, unknown>>, key: InputOptionKey): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

/** The importers' options from a command's parsed options (`cmd.opts()`). */
export function importOptions(o: Readonly<Record<string, unknown>>): ImportOptions {
  const azs = parsePairs(list(o, 'azs'), '--azs');
  return {
    params: parsePairs(list(o, 'param'), '--param'),
    vars: parsePairs(list(o, 'var'), '--var'),
    varFiles: list(o, 'varFile'),
    region: text(o, 'region'),
    accountId: text(o, 'account'),
    azs: Object.fromEntries(
      Object.entries(azs).map(([region, zones]) => [region, zones.split(',').filter((z) => z !== '')]),
    ),
    assume: parsePairs(list(o, 'assume'), '--assume'),
    imports: parsePairs(list(o, 'importValue'), '--import-value'),
  };
}
