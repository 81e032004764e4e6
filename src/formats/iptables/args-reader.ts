/**
 * The state of reading one iptables invocation's words left to right: the position, a pending `!`, the command
 * (op, table, chain), the rule's matches, addresses and target as read so far, and the primitives every option
 * handler uses — the next word as an argument, the negation that applies to an option (`! -s …`, or the deprecated
 * `-s ! …`), the normalised rule text, and errors (an error means iptables would refuse the command: no rule).
 * The option handlers are in args-commands.ts, args-matches.ts and args-targets.ts; args.ts drives them.
 */
import type { DiagnosticCode } from '../../diag/codes.js';
import type { NetfilterMatch, NetfilterTableName } from '../../model/os.js';
import type { ArgsContext } from './args.js';
import type { Word } from './shell.js';

export type ArgsOp =
  'append' | 'insert' | 'delete' | 'new-chain' | 'delete-chain' | 'flush' | 'policy' | 'list';

/** An option's handler: `w` is the option word; its arguments are read with `r.next(w)`. */
export type OptionHandler = (r: ArgsReader, w: Word) => void;

/** A table of option handlers, each under all its spellings (`-s`, `--source`, `--src`). */
export function optionTable(
  entries: readonly (readonly [readonly string[], OptionHandler])[],
): ReadonlyMap<string, OptionHandler> {
  return new Map(entries.flatMap(([names, h]) => names.map((n) => [n, h] as const)));
}

function quoteWord(t: string): string {
  return /[\s"'\\|;&<>]/.test(t) || t === '' ? JSON.stringify(t) : t;
}

/** Does a word start an option (`-x`, `--xyz`, but not a negative number)? */
export function isOptionWord(t: string): boolean {
  return t.startsWith('-') && t.length > 1 && !/^-[0-9]/.test(t);
}

export class ArgsReader {
  /** Index of the next word to read. */
  i = 0;
  failed = false;
  /** A `!` read and not yet consumed by an option. */
  negate = false;
  negateWord: Word | undefined;

  table: NetfilterTableName;
  op: ArgsOp | undefined;
  chain: string | undefined;
  chainWord: Word | undefined;
  index: number | undefined;
  policy: string | undefined;
  policyWord: Word | undefined;

  readonly matches: NetfilterMatch[] = [];
  sources: string[] = [];
  sourceNegate = false;
  destinations: string[] = [];
  destinationNegate = false;
  proto: number | undefined;
  protoNegate = false;
  /** Match modules loaded by `-p` and `-m`. */
  readonly modules = new Set<string>();
  readonly unknownModules: string[] = [];
  /** Options and modules vpcsim does not evaluate (the rule is kept and says so). */
  readonly unsupported: string[] = [];

  targetName: string | undefined;
  targetWord: Word | undefined;
  isGoto = false;
  readonly targetOpts = new Map<string, { value: string; word: Word }>();
  readonly flags = new Set<string>();
  readonly textWords: string[] = [];

  constructor(
    readonly words: readonly Word[],
    readonly ctx: ArgsContext,
  ) {
    this.table = ctx.table ?? 'filter';
  }

  /** Has any error been reported (read through a method: handlers set it while the caller reads on)? */
  hasFailed(): boolean {
    return this.failed;
  }

  get first(): Word | undefined {
    return this.words[0];
  }

  /** An error iptables would give: the command is refused. */
  err(w: Word | undefined, code: DiagnosticCode, message: string): void {
    this.failed = true;
    const at = w ?? this.first ?? this.ctx.at ?? { line: 1, col: 1 };
    this.ctx.diagnostics.push({ severity: 'error', code, message, span: this.ctx.spanOf(at) });
  }

  /** The option's argument, or an error when there is none. */
  next(opt: Word): Word | undefined {
    const v = this.words[this.i];
    if (v === undefined || isOptionWord(v.text)) {
      this.err(opt, 'IPTABLES_SYNTAX', `option "${opt.text}" requires an argument`);
      return undefined;
    }
    this.i++;
    return v;
  }

  /** Does a `!` negate the option just read — before it, or (deprecated) right after it: `-s ! 10.0.0.0/8`? */
  takeNeg(): boolean {
    const n = this.negate || this.inner();
    this.negate = false;
    this.negateWord = undefined;
    return n;
  }

  private inner(): boolean {
    const w = this.words[this.i];
    if (w?.text !== '!') return false;
    const opt = this.words[this.i - 1]?.text ?? '';
    this.ctx.diagnostics.push({
      severity: 'warning',
      code: 'IPTABLES_DEPRECATED_NEGATION',
      message: `"${opt} ! …" is deprecated; write "! ${opt} …"`,
      span: this.ctx.spanOf(w),
    });
    this.i++;
    return true;
  }

  /** Words of the rule's normalised text (quoted where the shell would need it). */
  pushText(...t: string[]): void {
    this.textWords.push(...t.map(quoteWord));
  }

  /** The command option (`-A`, `-I` …); only one per invocation. */
  setOp(w: Word, o: ArgsOp): boolean {
    if (this.op !== undefined) {
      this.err(w, 'IPTABLES_SYNTAX', `cannot use "${w.text}" together with another command option`);
      return false;
    }
    this.op = o;
    return true;
  }

  /** The chain name after a command option. */
  chainArg(w: Word, optional: boolean): void {
    const v = this.words[this.i];
    if (v && !v.text.startsWith('-') && v.text !== '!') {
      this.chain = v.text;
      this.chainWord = v;
      this.i++;
    } else if (!optional) this.err(w, 'IPTABLES_SYNTAX', `option "${w.text}" requires a chain name`);
  }
}
