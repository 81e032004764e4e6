/**
 * Regular expressions written in inputs (Terraform `regex`/`replace`, CloudFormation `AllowedPattern`), compiled so
 * that matching always ends: V8 is told to switch to its linear-time engine when a match backtracks too much (the
 * `--enable-experimental-regexp-engine-on-excessive-backtracks` flag, set before each compile), and the constructs
 * that engine cannot run — backreferences and lookaround — are refused, as RE2 (Terraform's engine) refuses them.
 * `(a+)+$` against forty `a`s and a `!` answers at once instead of running for ever.
 */
import { setFlagsFromString } from 'node:v8';

/** Longest pattern compiled. */
const MAX_PATTERN = 4096;

/** Compile a pattern from an input; `{ error }` says why it is refused. Never throws. */
export function userRegExp(pattern: string, flags = ''): RegExp | { readonly error: string } {
  if (pattern.length > MAX_PATTERN) return { error: `the pattern is longer than ${MAX_PATTERN} characters` };
  if (/\\[1-9]|\\k</.test(pattern)) return { error: 'backreferences are not supported (RE2 syntax)' };
  if (/\(\?<?[=!]/.test(pattern)) return { error: 'lookahead and lookbehind are not supported (RE2 syntax)' };
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    return { error: e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e) };
  }
}
