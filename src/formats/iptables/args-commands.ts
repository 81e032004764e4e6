/**
 * iptables command options and options that change nothing vpcsim evaluates: `-t` (the table; inside an
 * iptables-save `*table` section it may not contradict it), `-A`, `-I [n]`, `-D [n]`, `-N`, `-X`, `-F`, `-P chain
 * policy`, listings (`-L`, `-S`, `-Z`: nothing to simulate), `-w`, `-v`, `-n`, `-c` … `-R` and `-E` are refused
 * (vpcsim reads the final rules, not edits of them).
 */
import { optionTable, type ArgsReader, type OptionHandler } from './args-reader.js';
import { isTableName } from './names.js';
import type { Word } from './shell.js';

function table(r: ArgsReader, w: Word): void {
  const v = r.next(w);
  if (!v) return;
  if (!isTableName(v.text)) {
    r.err(
      v,
      'IPTABLES_UNKNOWN_TABLE',
      `can't initialize iptables table "${v.text}": Table does not exist (tables: filter, nat, mangle, raw)`,
    );
    return;
  }
  if (r.ctx.table !== undefined && r.ctx.table !== v.text) {
    r.err(v, 'IPTABLES_SYNTAX', `"-t ${v.text}" inside the *${r.ctx.table} section`);
    return;
  }
  r.table = v.text;
}

/** `-I chain [n]` / `-D chain [n]`: an optional rule number after the chain (`-I` refuses 0). */
function withRuleNumber(op: 'insert' | 'delete'): OptionHandler {
  return (r, w) => {
    if (!r.setOp(w, op)) return;
    r.chainArg(w, false);
    const v = r.words[r.i];
    if (v && /^[0-9]+$/.test(v.text)) {
      r.index = Number(v.text);
      if (op === 'insert' && r.index < 1) r.err(v, 'IPTABLES_SYNTAX', `invalid rule number "${v.text}"`);
      r.i++;
    }
  };
}

function policy(r: ArgsReader, w: Word): void {
  if (!r.setOp(w, 'policy')) return;
  r.chainArg(w, false);
  const v = r.next(w);
  if (v) {
    r.policy = v.text;
    r.policyWord = v;
  }
}

/** A command option taking a chain (`optional`: `-X`, `-F`, `-L` without one apply to every chain). */
const command =
  (op: 'append' | 'new-chain' | 'delete-chain' | 'flush' | 'list', optional: boolean): OptionHandler =>
  (r, w) => {
    if (r.setOp(w, op)) r.chainArg(w, optional);
  };

function refused(r: ArgsReader, w: Word): void {
  r.err(
    w,
    'IPTABLES_UNSUPPORTED_COMMAND',
    `"${w.text}" is not supported by vpcsim; write the final rules instead`,
  );
  r.i = r.words.length;
}

export const COMMAND_OPTIONS: ReadonlyMap<string, OptionHandler> = optionTable([
  [['-t', '--table'], table],
  [['-A', '--append'], command('append', false)],
  [['-I', '--insert'], withRuleNumber('insert')],
  [['-D', '--delete'], withRuleNumber('delete')],
  [['-N', '--new-chain'], command('new-chain', false)],
  [['-X', '--delete-chain'], command('delete-chain', true)],
  [['-F', '--flush'], command('flush', true)],
  [['-P', '--policy'], policy],
  [['-L', '--list', '-S', '--list-rules', '-Z', '--zero'], command('list', true)],
  [['-R', '--replace', '-E', '--rename-chain'], refused],
  [
    ['-w', '--wait', '-W', '--wait-interval'],
    (r) => {
      if (r.words[r.i] && /^[0-9.]+$/.test(r.words[r.i]?.text ?? '')) r.i++;
    },
  ],
  [
    ['-v', '--verbose', '-n', '--numeric', '-x', '--exact', '--line-numbers', '-4', '--ipv4'],
    () => undefined,
  ],
  [
    ['-c', '--set-counters'],
    (r) => {
      r.i += 2;
    },
  ],
]);

/** `-nvL`, `-vnL` … : combined short options of a listing. */
export function isCombinedListing(t: string): boolean {
  return /^-[a-zA-Z]{2,}$/.test(t) && /[LS]/.test(t);
}
