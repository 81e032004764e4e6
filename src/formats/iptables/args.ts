/**
 * One iptables invocation's arguments → a structured command (append/insert/delete a rule, create/delete/flush
 * a chain, set a policy, or nothing for listings), the way iptables 1.8 reads its command line.
 *
 * Model: the words after the `iptables` binary (or an iptables-save `-A …` line with its table given). Options
 * are read left to right; `!` before an option (or, deprecated, right after it) negates it. Match options are
 * checked against the modules loaded by `-p` and `-m` as iptables does (`--dport` needs `-p tcp|udp`).
 * Invariants: a returned rule draft only holds values that parsed; anything iptables itself would refuse
 * (malformed address, unknown table, DNAT without `--to-destination`) is an error diagnostic and no rule.
 * An option or module vpcsim does not evaluate (`-m limit --limit 5/min`, `-j MARK`) keeps the rule, is listed
 * in `unsupported`, and gives a warning naming the rule and the option. Jump targets are resolved by the caller
 * (it knows which chains exist).
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { NetfilterMatch, NetfilterTableName, NetfilterTarget } from '../../model/os.js';
import { COMMAND_OPTIONS, isCombinedListing } from './args-commands.js';
import { MATCH_OPTIONS } from './args-matches.js';
import { ArgsReader, isOptionWord, type OptionHandler } from './args-reader.js';
import { ruleTarget, TARGET_OPTIONS } from './args-targets.js';
import { IN_IF_CHAINS, OUT_IF_CHAINS } from './names.js';
import type { Word } from './shell.js';

/** A rule before its jump target is resolved and before `-s a,b` lists are expanded. */
export interface RuleDraft {
  readonly matches: readonly NetfilterMatch[];
  /** Comma lists of `-s` / `-d` (iptables inserts one rule per combination); empty = no address match. */
  readonly sources: readonly string[];
  readonly sourceNegate: boolean;
  readonly destinations: readonly string[];
  readonly destinationNegate: boolean;
  /** Built-in target, or `{kind:'JUMP'|'GOTO', chain}` still to be resolved, or NONE (no -j). */
  readonly target: NetfilterTarget;
  readonly unsupported: readonly string[];
  /** Normalised text `-t TABLE -A CHAIN …`. */
  readonly text: string;
  readonly span: Span;
  /** Span of the `-j`/`-g` target word (for "no chain by that name"). */
  readonly targetSpan: Span;
}

export type IptablesCommand =
  | {
      readonly op: 'append' | 'insert' | 'delete';
      readonly table: NetfilterTableName;
      readonly chain: string;
      readonly index?: number | undefined;
      readonly rule: RuleDraft;
      readonly span: Span;
    }
  | {
      readonly op: 'new-chain' | 'delete-chain' | 'flush';
      readonly table: NetfilterTableName;
      readonly chain?: string | undefined;
      readonly span: Span;
    }
  | {
      readonly op: 'policy';
      readonly table: NetfilterTableName;
      readonly chain: string;
      readonly policy: 'ACCEPT' | 'DROP';
      readonly span: Span;
    }
  | { readonly op: 'none' };

export interface ArgsContext {
  readonly spanOf: (w: { line: number; col: number }) => Span;
  /** Table implied by the input (an iptables-save `*nat` section); `-t` may not contradict it. */
  readonly table?: NetfilterTableName | undefined;
  readonly diagnostics: Diagnostic[];
  /** Where the whole command starts (`sudo …`), for the rule's span; default: the first argument. */
  readonly at?: { line: number; col: number } | undefined;
  /** 6 for ip6tables / ip6tables-save: IPv6 addresses, `-p ipv6-icmp`, `--icmpv6-type`, IPv6 NAT ranges. */
  readonly family?: 4 | 6 | undefined;
}

const BUILTIN_NAMES: readonly string[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** Every option iptables accepts that vpcsim reads, by spelling. */
const OPTIONS: ReadonlyMap<string, OptionHandler> = new Map([
  ...COMMAND_OPTIONS,
  ...MATCH_OPTIONS,
  ...TARGET_OPTIONS,
]);

/**
 * An option not in the tables: combined listing flags (`-nvL`), else kept verbatim with its arguments (the words up
 * to the next option) as unsupported — or refused when it is not an option at all.
 */
function otherOption(r: ArgsReader, w: Word): void {
  const t = w.text;
  if (isCombinedListing(t)) {
    if (r.setOp(w, 'list')) r.chainArg(w, true);
    return;
  }
  const args: string[] = [];
  while (r.i < r.words.length) {
    const a = r.words[r.i] as Word;
    if (a.text === '!' || isOptionWord(a.text)) break;
    args.push(a.text);
    r.i++;
  }
  const neg = r.negate ? ['!'] : [];
  const what = [...neg, t, ...args].join(' ');
  r.pushText(...neg, t, ...args);
  r.negate = false;
  if (!t.startsWith('-')) {
    r.err(w, 'IPTABLES_SYNTAX', `bad argument "${t}"`);
    return;
  }
  r.unsupported.push(
    r.unknownModules.length > 0 ? `${what} (of -m ${r.unknownModules.join(', -m ')})` : what,
  );
}

/** Read every word: options in order, `!` before the option it negates. */
function readWords(r: ArgsReader): void {
  const { words, ctx } = r;
  while (r.i < words.length) {
    const w = words[r.i] as Word;
    const t = w.text;
    r.i++;
    if (w.dynamic) {
      ctx.diagnostics.push({
        severity: 'warning',
        code: 'SHELL_UNRESOLVED_VARIABLE',
        message: `"${t}" is a shell variable or command substitution; its value is only known when the script runs`,
        span: ctx.spanOf(w),
      });
    }
    if (t === '!') {
      if (r.negate) r.err(w, 'IPTABLES_SYNTAX', 'multiple "!" flags not allowed');
      r.negate = true;
      r.negateWord = w;
      continue;
    }
    const handler = OPTIONS.get(t);
    if (handler) handler(r, w);
    else otherOption(r, w);
    // a `!` that no option consumed
    if (r.negate && r.negateWord && words[r.i - 1] !== r.negateWord) {
      r.negate = false;
      r.err(r.negateWord, 'IPTABLES_SYNTAX', `"!" cannot negate "${t}"`);
    }
  }
  if (r.negate) r.err(r.negateWord, 'IPTABLES_SYNTAX', '"!" at the end of the line negates nothing');
}

/** `-i` only in chains packets come in on, `-o` only in chains they go out of (built-in chains). */
function checkInterfaces(r: ArgsReader, chain: string): void {
  for (const m of r.matches) {
    if (m.kind === 'in-interface' && !IN_IF_CHAINS.includes(chain) && BUILTIN_NAMES.includes(chain))
      r.err(r.first, 'IPTABLES_SYNTAX', `can't use -i with ${chain}`);
    if (m.kind === 'out-interface' && !OUT_IF_CHAINS.includes(chain) && BUILTIN_NAMES.includes(chain))
      r.err(r.first, 'IPTABLES_SYNTAX', `can't use -o with ${chain}`);
  }
}

/** Parse one iptables invocation. Errors go to ctx.diagnostics; the result is `none` when the command failed. */
export function parseIptablesArgs(words: readonly Word[], ctx: ArgsContext): IptablesCommand {
  const r = new ArgsReader(words, ctx);
  const lineSpan = ctx.spanOf(ctx.at ?? r.first ?? { line: 1, col: 1 });
  readWords(r);
  const { op, table, chain } = r;
  if (op === undefined) {
    if (!r.failed)
      r.err(r.first, 'IPTABLES_SYNTAX', 'no command specified (expected -A, -I, -D, -N, -X, -P or -F)');
    return { op: 'none' };
  }
  if (r.failed || op === 'list') return { op: 'none' };
  if (op === 'new-chain' || op === 'delete-chain' || op === 'flush') {
    if (op === 'new-chain' && chain !== undefined && (chain.length > 28 || chain.startsWith('-'))) {
      r.err(r.chainWord, 'IPTABLES_SYNTAX', `invalid chain name "${chain}"`);
      return { op: 'none' };
    }
    return { op, table, chain, span: lineSpan };
  }
  if (chain === undefined) return { op: 'none' };
  if (op === 'policy') {
    const policy = r.policy;
    if (policy !== 'ACCEPT' && policy !== 'DROP') {
      r.err(
        r.policyWord,
        'IPTABLES_SYNTAX',
        `bad policy "${policy ?? ''}" (a built-in chain's policy is ACCEPT or DROP)`,
      );
      return { op: 'none' };
    }
    return { op: 'policy', table, chain, policy, span: lineSpan };
  }
  const target = ruleTarget(r);
  checkInterfaces(r, chain);
  if (r.hasFailed()) return { op: 'none' };
  const rule: RuleDraft = {
    matches: r.matches,
    sources: r.sources,
    sourceNegate: r.sourceNegate,
    destinations: r.destinations,
    destinationNegate: r.destinationNegate,
    target,
    unsupported: r.unsupported,
    text: [`-t ${table} -A ${chain}`, ...r.textWords].join(' '),
    span: lineSpan,
    targetSpan: ctx.spanOf(r.targetWord ?? r.first ?? { line: 1, col: 1 }),
  };
  return { op, table, chain, index: r.index, rule, span: lineSpan };
}
