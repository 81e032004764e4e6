/**
 * Usage errors as one line and nothing silently ignored (issue 21 item 5): commander's own errors (unknown
 * option, missing argument…) print `vpcsim: …` and a pointer to `--help` instead of the whole help, and an option
 * that takes one value is refused when given twice (commander would keep the last one without a word).
 */
import type { Command } from '@commander-js/extra-typings';
import { UsageError } from './errors.js';

/** Structural view of the commands and options commander builds (its typed generics vary per command). */
interface Cmd {
  readonly commands: readonly Cmd[];
  readonly options: readonly {
    readonly long?: string | undefined;
    readonly required: boolean;
    readonly optional: boolean;
    readonly variadic: boolean;
    readonly parseArg?: unknown;
    name(): string;
  }[];
  name(): string;
  on(event: string, listener: () => void): unknown;
}

function refuseRepeats(cmd: Cmd): void {
  for (const opt of cmd.options) {
    // Options that take one value and do not collect (a collecting option has its own parser).
    if (!(opt.required || opt.optional) || opt.variadic || opt.parseArg !== undefined) continue;
    let seen = false;
    cmd.on(`option:${opt.name()}`, () => {
      if (seen) throw new UsageError(`${opt.long ?? opt.name()} is given twice: give it once`);
      seen = true;
    });
  }
  for (const sub of cmd.commands) refuseRepeats(sub);
}

/** Make every command of `program` strict; call once its commands are registered. */
export function strictOptions(program: Command): void {
  refuseRepeats(program);
}

/** Commander's error message as vpcsim's one line: `error: unknown option '--x'` → `unknown option '--x'`. */
export function oneLine(message: string): string {
  return message.replace(/^error:\s*/, '').split('\n')[0] ?? message;
}
