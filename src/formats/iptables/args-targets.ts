/**
 * iptables target options and the rule's target: `-j`/`-g` (one per rule), the target options (`--to-source`,
 * `--to-destination`, `--to`, `--to-ports`, `--reject-with`, `--log-prefix`, `--log-level`) and flags (`--random`,
 * `--persistent`, `--log-*`), then — once every word is read — the target each built-in extension makes, a table by
 * name: ACCEPT, RETURN, DROP (refused in the nat table), REJECT (`--reject-with`, tcp-reset only with `-p tcp`), LOG,
 * SNAT/DNAT (an address range and ports, only in their nat chains), MASQUERADE/REDIRECT (`--to-ports`). Any other
 * name is a jump to a user chain (resolved by the caller). A target option no target used is an error, as in
 * iptables; `--random` on a NAT target is kept as unsupported (the port is chosen at random).
 */
import type { NetfilterTarget } from '../../model/os.js';
import { optionTable, type ArgsReader, type OptionHandler } from './args-reader.js';
import { REJECT_WITH, REJECT_WITH6, TARGET_CHAINS, TARGET_TABLE } from './names.js';
import type { Word } from './shell.js';
import { parseNatRange } from './values.js';

const BUILTIN_CHAINS: readonly string[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

function jump(r: ArgsReader, w: Word): void {
  const v = r.next(w);
  if (!v) return;
  if (r.targetName !== undefined) {
    r.err(w, 'IPTABLES_SYNTAX', 'only one target (-j or -g) per rule');
    return;
  }
  r.targetName = v.text;
  r.targetWord = v;
  r.isGoto = w.text === '-g' || w.text === '--goto';
  r.pushText(r.isGoto ? '-g' : '-j', v.text);
}

function targetOption(r: ArgsReader, w: Word): void {
  const v = r.next(w);
  if (!v) return;
  if (r.targetOpts.has(w.text)) r.unsupported.push(`${w.text} given twice`);
  r.targetOpts.set(w.text, { value: v.text, word: v });
  r.pushText(w.text, v.text);
}

function flag(r: ArgsReader, w: Word): void {
  r.flags.add(w.text);
  r.pushText(w.text);
}

export const TARGET_OPTIONS: ReadonlyMap<string, OptionHandler> = optionTable([
  [['-j', '--jump', '-g', '--goto'], jump],
  [
    [
      '--to-source',
      '--to-destination',
      '--to',
      '--to-ports',
      '--to-port',
      '--reject-with',
      '--log-prefix',
      '--log-level',
    ],
    targetOption,
  ],
  [
    [
      '--random',
      '--random-fully',
      '--persistent',
      '--log-tcp-sequence',
      '--log-tcp-options',
      '--log-ip-options',
      '--log-uid',
    ],
    flag,
  ],
]);

/** The target options a target read, so that one no target used is reported. */
class TargetOptions {
  readonly consumed = new Set<string>();
  constructor(readonly r: ArgsReader) {}

  peek(k: string): { value: string; word: Word } | undefined {
    return this.r.targetOpts.get(k);
  }

  use(k: string): { value: string; word: Word } | undefined {
    this.consumed.add(k);
    return this.peek(k);
  }
}

/** Is the target allowed in this table and built-in chain (DNAT in PREROUTING/OUTPUT of nat …)? */
function allowedHere(r: ArgsReader, name: string): boolean {
  const allowed = TARGET_CHAINS[name];
  const builtin = BUILTIN_CHAINS.includes(r.chain ?? '');
  const tbl = TARGET_TABLE[name];
  if (tbl !== undefined && r.table !== tbl) {
    r.err(
      r.targetWord,
      'IPTABLES_TARGET_NOT_ALLOWED',
      `the ${name} target is only valid in the nat table, not "${r.table}"`,
    );
    return false;
  }
  if (name === 'REJECT' && r.table === 'nat') {
    r.err(
      r.targetWord,
      'IPTABLES_TARGET_NOT_ALLOWED',
      'REJECT is not valid in the nat table (it is not for filtering)',
    );
    return false;
  }
  if (allowed && builtin && !allowed.includes(r.chain ?? '')) {
    r.err(
      r.targetWord,
      'IPTABLES_TARGET_NOT_ALLOWED',
      `the ${name} target is only valid in the ${allowed.join('/')} chain${allowed.length > 1 ? 's' : ''}, not ${r.chain ?? ''}`,
    );
    return false;
  }
  return true;
}

type NatRange = { addresses?: [string, string]; ports?: [number, number] };

/** `--to-source` / `--to-destination`: an address range and ports (ports only with `-p tcp|udp|sctp`). */
function natRange(o: TargetOptions, k: string, needAddr: boolean): NatRange | null {
  const r = o.r;
  const given = o.use(k);
  if (!given) return {};
  if (given.word.dynamic) {
    r.unsupported.push(`${k} ${given.value} (shell variable)`);
    return null;
  }
  const range = parseNatRange(given.value, r.ctx.family ?? 4);
  const name = r.targetName ?? '';
  if (!range.ok) {
    r.err(given.word, 'IPTABLES_BAD_ADDRESS', `${name} ${k} ${given.value}: ${range.message}`);
    return null;
  }
  if (needAddr && !range.addresses) {
    r.err(given.word, 'IPTABLES_BAD_ADDRESS', `${name} ${k} ${given.value}: an address is required`);
    return null;
  }
  if (range.ports && r.proto !== 6 && r.proto !== 17 && r.proto !== 132) {
    r.err(given.word, 'IPTABLES_SYNTAX', `${name}: a port range needs "-p tcp" or "-p udp"`);
    return null;
  }
  return range;
}

/** `--to-ports lo[-hi]` of MASQUERADE / REDIRECT; undefined when absent, null when refused. */
function toPorts(o: TargetOptions): [number, number] | undefined | null {
  const r = o.r;
  const given = o.use('--to-ports') ?? o.use('--to-port');
  if (!given) return undefined;
  const m = /^([0-9]+)(?:[-:]([0-9]+))?$/.exec(given.value);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
  if (!m || lo < 1 || hi > 65535 || lo > hi) {
    r.err(given.word, 'IPTABLES_BAD_PORT', `--to-ports ${given.value}: invalid port range`);
    return null;
  }
  if (r.proto !== 6 && r.proto !== 17 && r.proto !== 132) {
    r.err(given.word, 'IPTABLES_SYNTAX', `${r.targetName ?? ''} --to-ports needs "-p tcp" or "-p udp"`);
    return null;
  }
  return [lo, hi];
}

/** A built-in target's maker: its target, or undefined when refused (an error is reported). */
type TargetMaker = (o: TargetOptions, name: string) => NetfilterTarget | undefined;

const reject: TargetMaker = (o) => {
  const r = o.r;
  if (!allowedHere(r, 'REJECT')) return undefined;
  const w = o.use('--reject-with');
  const known = r.ctx.family === 6 ? REJECT_WITH6 : REJECT_WITH;
  if (w && !known.has(w.value)) r.err(w.word, 'IPTABLES_SYNTAX', `unknown reject type "${w.value}"`);
  if (w?.value.startsWith('tcp-r') && r.proto !== 6)
    r.err(w.word, 'IPTABLES_SYNTAX', 'REJECT --reject-with tcp-reset is only valid with "-p tcp"');
  return { kind: 'REJECT', with: w?.value };
};

const nat: TargetMaker = (o, name) => {
  const r = o.r;
  if ((name !== 'SNAT' && name !== 'DNAT') || !allowedHere(r, name)) return undefined;
  const key = name === 'SNAT' ? '--to-source' : '--to-destination';
  const to = o.peek('--to');
  if (!o.peek(key) && to) r.targetOpts.set(key, to);
  o.consumed.add('--to');
  if (!o.peek(key)) {
    r.err(r.targetWord, 'IPTABLES_SYNTAX', `${name}: you must specify ${key}`);
    return undefined;
  }
  const range = natRange(o, key, name === 'SNAT');
  if (!range) return undefined;
  // DNAT --to-destination :port keeps the address (iptables ≥ 1.8 allows it)
  if (!range.addresses) r.unsupported.push(`${key} ${o.peek(key)?.value ?? ''} (port-only DNAT)`);
  const keep = r.ctx.family === 6 ? '::' : '0.0.0.0';
  return { kind: name, toAddresses: range.addresses ?? [keep, keep], toPorts: range.ports };
};

const portRedirect: TargetMaker = (o, name) => {
  if ((name !== 'MASQUERADE' && name !== 'REDIRECT') || !allowedHere(o.r, name)) return undefined;
  const p = toPorts(o);
  return p === null ? undefined : { kind: name, toPorts: p };
};

/** The built-in target extensions vpcsim evaluates. */
const TARGETS: ReadonlyMap<string, TargetMaker> = new Map<string, TargetMaker>([
  ['ACCEPT', () => ({ kind: 'ACCEPT' })],
  ['RETURN', () => ({ kind: 'RETURN' })],
  [
    'DROP',
    (o) => {
      if (o.r.table === 'nat')
        o.r.err(
          o.r.targetWord,
          'IPTABLES_TARGET_NOT_ALLOWED',
          'the "nat" table is not intended for filtering, the use of DROP is therefore inhibited',
        );
      return { kind: 'DROP' };
    },
  ],
  ['REJECT', reject],
  [
    'LOG',
    (o) => {
      const target: NetfilterTarget = { kind: 'LOG', prefix: o.use('--log-prefix')?.value };
      o.use('--log-level');
      return target;
    },
  ],
  ['SNAT', nat],
  ['DNAT', nat],
  ['MASQUERADE', portRedirect],
  ['REDIRECT', portRedirect],
]);

const NAT_KINDS: ReadonlySet<string> = new Set(['SNAT', 'DNAT', 'MASQUERADE', 'REDIRECT']);

/**
 * The rule's target once every word is read: a built-in extension, a jump or goto to a user chain, or NONE (no
 * `-j`); then target options and flags nothing used are reported.
 */
export function ruleTarget(r: ArgsReader): NetfilterTarget {
  const o = new TargetOptions(r);
  let target: NetfilterTarget = { kind: 'NONE' };
  const name = r.targetName;
  if (name !== undefined && r.isGoto) target = { kind: 'GOTO', chain: name };
  else if (name !== undefined) {
    const maker = TARGETS.get(name);
    target = maker ? (maker(o, name) ?? { kind: 'NONE' }) : { kind: 'JUMP', chain: name };
  }
  for (const [k, v] of r.targetOpts) {
    if (!o.consumed.has(k) && !r.failed)
      r.err(v.word, 'IPTABLES_SYNTAX', `unknown option "${k}" for target ${name ?? '(none)'}`);
  }
  for (const f of r.flags) {
    if (f === '--random' || f === '--random-fully' || f === '--persistent') {
      if (NAT_KINDS.has(target.kind)) r.unsupported.push(`${f} (the translated port is chosen at random)`);
      else r.err(undefined, 'IPTABLES_SYNTAX', `unknown option "${f}" for target ${name ?? '(none)'}`);
    }
  }
  return target;
}
