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
import type { DiagnosticCode } from '../../diag/codes.js';
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { NetfilterMatch, NetfilterTableName, NetfilterTarget } from '../../model/os.js';
import { parseIpv4 } from '../../net/ipv4.js';
import { formatPrefix, mask4, prefix4 } from '../../net/prefix.js';
import { protocolNumber } from '../../model/protocol.js';
import type { Word } from './shell.js';
import {
  CTSTATE_NAMES,
  ICMP_TYPE_NAMES,
  IN_IF_CHAINS,
  isTableName,
  OUT_IF_CHAINS,
  REJECT_WITH,
  SERVICE_PORTS,
  STATE_NAMES,
  TARGET_CHAINS,
  TARGET_TABLE,
} from './names.js';

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
  | { readonly op: 'append' | 'insert' | 'delete'; readonly table: NetfilterTableName; readonly chain: string;
      readonly index?: number | undefined; readonly rule: RuleDraft; readonly span: Span }
  | { readonly op: 'new-chain' | 'delete-chain' | 'flush'; readonly table: NetfilterTableName;
      readonly chain?: string | undefined; readonly span: Span }
  | { readonly op: 'policy'; readonly table: NetfilterTableName; readonly chain: string;
      readonly policy: 'ACCEPT' | 'DROP'; readonly span: Span }
  | { readonly op: 'none' };

export interface ArgsContext {
  readonly spanOf: (w: { line: number; col: number }) => Span;
  /** Table implied by the input (an iptables-save `*nat` section); `-t` may not contradict it. */
  readonly table?: NetfilterTableName | undefined;
  readonly diagnostics: Diagnostic[];
  /** Where the whole command starts (`sudo …`), for the rule's span; default: the first argument. */
  readonly at?: { line: number; col: number } | undefined;
}

const BUILTIN_NAMES: readonly string[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];
const PORT_PROTOS: ReadonlySet<number> = new Set([6, 17, 132, 33, 136]);

function quoteWord(t: string): string {
  return /[\s"'\\|;&<>]/.test(t) || t === '' ? JSON.stringify(t) : t;
}

/** Parse `a.b.c.d[/len|/mask]` as iptables does (host bits cleared). Returns canonical CIDR text or an error. */
export function parseIptablesAddress(text: string): { ok: true; cidr: string } | { ok: false; message: string } {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const a = parseIpv4(addrText);
  if (!a.ok) return { ok: false, message: `host/network "${text}" is not a valid IPv4 address: ${a.message}` };
  let len = 32;
  if (slash >= 0) {
    const m = text.slice(slash + 1);
    if (/^(0|[1-9][0-9]?)$/.test(m) && Number(m) <= 32) len = Number(m);
    else {
      const mk = parseIpv4(m);
      if (!mk.ok) return { ok: false, message: `invalid mask "${m}" in "${text}"` };
      const inv = ~mk.value >>> 0;
      if ((inv & (inv + 1)) !== 0) return { ok: false, message: `mask "${m}" in "${text}" is not contiguous` };
      len = 32 - Math.log2(inv + 1);
      if (mask4(len) !== mk.value) return { ok: false, message: `invalid mask "${m}" in "${text}"` };
    }
  }
  return { ok: true, cidr: formatPrefix(prefix4(a.value, len)) };
}

/** `22`, `ssh`, `1024:65535`, `:1023`, `1024:` → [lo, hi]. */
export function parsePortRange(text: string): [number, number] | string {
  const one = (t: string, dflt: number): number | string => {
    if (t === '') return dflt;
    if (/^[0-9]+$/.test(t)) {
      const n = Number(t);
      return n <= 65535 ? n : `port ${t} is larger than 65535`;
    }
    const s = SERVICE_PORTS[t];
    return s ?? `invalid port/service "${t}" specified`;
  };
  const parts = text.split(':');
  if (parts.length > 2) return `invalid port range "${text}"`;
  const lo = one(parts[0] ?? '', 0);
  const hi = parts.length === 2 ? one(parts[1] ?? '', 65535) : lo;
  if (typeof lo === 'string') return lo;
  if (typeof hi === 'string') return hi;
  if (lo > hi) return `invalid port range "${text}": ${lo} is above ${hi}`;
  return [lo, hi];
}

/** `addr[-addr][:port[-port]]` of --to-source / --to-destination. */
export function parseNatRange(
  text: string,
): { ok: true; addresses?: [string, string]; ports?: [number, number] } | { ok: false; message: string } {
  const colon = text.indexOf(':');
  const addrPart = colon < 0 ? text : text.slice(0, colon);
  const portPart = colon < 0 ? undefined : text.slice(colon + 1);
  let addresses: [string, string] | undefined;
  if (addrPart !== '') {
    const [lo, hi, extra] = addrPart.split('-');
    if (extra !== undefined) return { ok: false, message: `bad IP address range "${addrPart}"` };
    const a = parseIpv4(lo ?? '');
    if (!a.ok) return { ok: false, message: `bad IP address "${lo ?? ''}": ${a.message}` };
    const b = hi === undefined ? a : parseIpv4(hi);
    if (!b.ok) return { ok: false, message: `bad IP address "${hi ?? ''}": ${b.message}` };
    if (b.value < a.value) return { ok: false, message: `bad IP address range "${addrPart}": the end is below the start` };
    addresses = [lo ?? '', hi ?? lo ?? ''];
  }
  let ports: [number, number] | undefined;
  if (portPart !== undefined) {
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(portPart);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
    if (!m || lo < 1 || hi > 65535 || lo > hi) return { ok: false, message: `port range "${portPart}" is invalid` };
    ports = [lo, hi];
  }
  const r: { ok: true; addresses?: [string, string]; ports?: [number, number] } = { ok: true };
  if (addresses) r.addresses = addresses;
  if (ports) r.ports = ports;
  return r;
}

/** Parse one iptables invocation. Errors go to ctx.diagnostics; the result is `none` when the command failed. */
export function parseIptablesArgs(words: readonly Word[], ctx: ArgsContext): IptablesCommand {
  const diags = ctx.diagnostics;
  const first = words[0];
  const lineSpan = ctx.spanOf(ctx.at ?? first ?? { line: 1, col: 1 });
  const st = { failed: false };
  /** Read through a function: the checks below run after closures may have set it. */
  const hasFailed = (): boolean => st.failed;
  const err = (w: Word | undefined, code: DiagnosticCode, message: string): void => {
    st.failed = true;
    diags.push({ severity: 'error', code, message, span: ctx.spanOf(w ?? first ?? ctx.at ?? { line: 1, col: 1 }) });
  };
  let table: NetfilterTableName = ctx.table ?? 'filter';
  let op: 'append' | 'insert' | 'delete' | 'new-chain' | 'delete-chain' | 'flush' | 'policy' | 'list' | undefined;
  let chain: string | undefined;
  let chainWord: Word | undefined;
  let index: number | undefined;
  let policy: string | undefined;
  let policyWord: Word | undefined;
  const matches: NetfilterMatch[] = [];
  let sources: string[] = [];
  let sourceNegate = false;
  let destinations: string[] = [];
  let destinationNegate = false;
  let proto: number | undefined;
  let protoNegate = false;
  const modules = new Set<string>();
  const unknownModules: string[] = [];
  const unsupported: string[] = [];
  let targetName: string | undefined;
  let targetWord: Word | undefined;
  let isGoto = false;
  const targetOpts = new Map<string, { value: string; word: Word }>();
  const flags = new Set<string>();
  const textWords: string[] = [];

  const unsupportedWarn = (w: Word, what: string): void => {
    unsupported.push(what);
  };

  let i = 0;
  let negate = false;
  let negateWord: Word | undefined;
  const next = (opt: Word): Word | undefined => {
    const v = words[i];
    if (v === undefined || (v.text.startsWith('-') && v.text.length > 1 && !/^-[0-9]/.test(v.text))) {
      err(opt, 'IPTABLES_SYNTAX', `option "${opt.text}" requires an argument`);
      return undefined;
    }
    i++;
    return v;
  };
  // Deprecated intrapositioned negation: `-s ! 10.0.0.0/8`.
  const inner = (): boolean => {
    if (words[i]?.text === '!') {
      diags.push({
        severity: 'warning',
        code: 'IPTABLES_DEPRECATED_NEGATION',
        message: `"${words[i - 1]?.text ?? ''} ! …" is deprecated; write "! ${words[i - 1]?.text ?? ''} …"`,
        span: ctx.spanOf(words[i] ?? first ?? { line: 1, col: 1 }),
      });
      i++;
      return true;
    }
    return false;
  };
  const takeNeg = (): boolean => {
    const n = negate || inner();
    negate = false;
    negateWord = undefined;
    return n;
  };
  const pushText = (...t: string[]): void => {
    textWords.push(...t.map(quoteWord));
  };
  const setOp = (w: Word, o: NonNullable<typeof op>): boolean => {
    if (op !== undefined) {
      err(w, 'IPTABLES_SYNTAX', `cannot use "${w.text}" together with another command option`);
      return false;
    }
    op = o;
    return true;
  };
  const chainArg = (w: Word, optional: boolean): void => {
    const v = words[i];
    if (v && !v.text.startsWith('-') && v.text !== '!') {
      chain = v.text;
      chainWord = v;
      i++;
    } else if (!optional) err(w, 'IPTABLES_SYNTAX', `option "${w.text}" requires a chain name`);
  };
  const portsNeeded = (w: Word, viaModule?: string): boolean => {
    const protoOk = proto !== undefined && PORT_PROTOS.has(proto) && !protoNegate;
    if (viaModule !== undefined) {
      if (!modules.has(viaModule)) {
        err(w, 'IPTABLES_SYNTAX', `unknown option "${w.text}" (it needs "-m ${viaModule}")`);
        return false;
      }
      if (!protoOk) {
        err(w, 'IPTABLES_SYNTAX', `multiport needs "-p tcp", "-p udp", "-p udplite", "-p dccp" or "-p sctp"`);
        return false;
      }
      return true;
    }
    if (!protoOk && !modules.has('tcp') && !modules.has('udp')) {
      err(w, 'IPTABLES_SYNTAX', `unknown option "${w.text}": a port match needs "-p tcp" or "-p udp" first`);
      return false;
    }
    return true;
  };
  const portList = (w: Word, v: Word, multi: boolean): [number, number][] | undefined => {
    const parts = multi ? v.text.split(',') : [v.text];
    if (multi && parts.length > 15) {
      err(v, 'IPTABLES_BAD_PORT', `too many ports specified in "${v.text}" (multiport takes at most 15)`);
      return undefined;
    }
    const out: [number, number][] = [];
    for (const p of parts) {
      const r = parsePortRange(p);
      if (typeof r === 'string') {
        err(v, 'IPTABLES_BAD_PORT', `${w.text} ${v.text}: ${r}`);
        return undefined;
      }
      out.push(r);
    }
    return out;
  };

  while (i < words.length) {
    const w = words[i] as Word;
    const t = w.text;
    i++;
    if (w.dynamic) {
      diags.push({
        severity: 'warning',
        code: 'SHELL_UNRESOLVED_VARIABLE',
        message: `"${t}" is a shell variable or command substitution; its value is only known when the script runs`,
        span: ctx.spanOf(w),
      });
    }
    if (t === '!') {
      if (negate) err(w, 'IPTABLES_SYNTAX', 'multiple "!" flags not allowed');
      negate = true;
      negateWord = w;
      continue;
    }
    const optWord = w;
    const negText = (): string[] => (negate ? ['!'] : []);
    switch (t) {
      case '-t':
      case '--table': {
        const v = next(w);
        if (!v) break;
        if (!isTableName(v.text)) {
          err(v, 'IPTABLES_UNKNOWN_TABLE',
            `can't initialize iptables table "${v.text}": Table does not exist (tables: filter, nat, mangle, raw)`);
          break;
        }
        if (ctx.table !== undefined && ctx.table !== v.text) {
          err(v, 'IPTABLES_SYNTAX', `"-t ${v.text}" inside the *${ctx.table} section`);
          break;
        }
        table = v.text;
        break;
      }
      case '-A':
      case '--append':
        if (setOp(w, 'append')) chainArg(w, false);
        break;
      case '-I':
      case '--insert':
        if (setOp(w, 'insert')) {
          chainArg(w, false);
          const v = words[i];
          if (v && /^[0-9]+$/.test(v.text)) {
            index = Number(v.text);
            if (index < 1) err(v, 'IPTABLES_SYNTAX', `invalid rule number "${v.text}"`);
            i++;
          }
        }
        break;
      case '-D':
      case '--delete':
        if (setOp(w, 'delete')) {
          chainArg(w, false);
          const v = words[i];
          if (v && /^[0-9]+$/.test(v.text)) {
            index = Number(v.text);
            i++;
          }
        }
        break;
      case '-N':
      case '--new-chain':
        if (setOp(w, 'new-chain')) chainArg(w, false);
        break;
      case '-X':
      case '--delete-chain':
        if (setOp(w, 'delete-chain')) chainArg(w, true);
        break;
      case '-F':
      case '--flush':
        if (setOp(w, 'flush')) chainArg(w, true);
        break;
      case '-P':
      case '--policy':
        if (setOp(w, 'policy')) {
          chainArg(w, false);
          const v = next(w);
          if (v) {
            policy = v.text;
            policyWord = v;
          }
        }
        break;
      case '-L':
      case '--list':
      case '-S':
      case '--list-rules':
      case '-Z':
      case '--zero':
        if (setOp(w, 'list')) chainArg(w, true);
        break;
      case '-R':
      case '--replace':
      case '-E':
      case '--rename-chain':
        err(w, 'IPTABLES_UNSUPPORTED_COMMAND', `"${t}" is not supported by vpcsim; write the final rules instead`);
        i = words.length;
        break;
      case '-w':
      case '--wait':
      case '-W':
      case '--wait-interval':
        if (words[i] && /^[0-9.]+$/.test(words[i]?.text ?? '')) i++;
        break;
      case '-v':
      case '--verbose':
      case '-n':
      case '--numeric':
      case '-x':
      case '--exact':
      case '--line-numbers':
      case '-4':
      case '--ipv4':
        break;
      case '-c':
      case '--set-counters':
        i += 2;
        break;
      case '-s':
      case '--source':
      case '--src':
      case '-d':
      case '--destination':
      case '--dst': {
        const isSrc = t === '-s' || t === '--source' || t === '--src';
        const neg = takeNeg();
        const v = next(w);
        if (!v) break;
        const list: string[] = [];
        let bad = false;
        for (const part of v.text.split(',')) {
          const r = parseIptablesAddress(part);
          if (!r.ok) {
            if (/^[a-zA-Z]/.test(part) && !v.dynamic) {
              // a host name: iptables resolves it with DNS when the rule is inserted
              unsupportedWarn(v, `${isSrc ? '-s' : '-d'} ${part} (host name resolved by DNS when the rule is added)`);
              continue;
            }
            if (v.dynamic) {
              unsupportedWarn(v, `${isSrc ? '-s' : '-d'} ${v.text} (shell variable)`);
              continue;
            }
            err(v, 'IPTABLES_BAD_ADDRESS', `${t} ${v.text}: ${r.message}`);
            bad = true;
            break;
          }
          list.push(r.cidr);
        }
        if (bad) break;
        if (neg && v.text.includes(',')) {
          err(v, 'IPTABLES_SYNTAX', '"!" is not allowed with multiple source or destination IP addresses');
          break;
        }
        if (isSrc) {
          sources = list;
          sourceNegate = neg;
        } else {
          destinations = list;
          destinationNegate = neg;
        }
        pushText(...(neg ? ['!'] : []), isSrc ? '-s' : '-d', v.text);
        break;
      }
      case '-p':
      case '--protocol': {
        const neg = takeNeg();
        const v = next(w);
        if (!v) break;
        const n = protocolNumber(v.text);
        if (n === undefined) {
          err(v, 'IPTABLES_SYNTAX', `unknown protocol "${v.text}" specified`);
          break;
        }
        pushText(...(neg ? ['!'] : []), '-p', v.text);
        if (n === -1 || n === 0) break; // `-p all`
        proto = n;
        protoNegate = neg;
        if (!neg) {
          if (n === 6) modules.add('tcp');
          if (n === 17) modules.add('udp');
          if (n === 1) modules.add('icmp');
        }
        matches.push({ kind: 'protocol', protocol: n, negate: neg });
        break;
      }
      case '-i':
      case '--in-interface':
      case '-o':
      case '--out-interface': {
        const isIn = t === '-i' || t === '--in-interface';
        const neg = takeNeg();
        const v = next(w);
        if (!v) break;
        if (v.text.length > 15) {
          err(v, 'IPTABLES_SYNTAX', `interface name "${v.text}" must be shorter than 16 characters`);
          break;
        }
        pushText(...(neg ? ['!'] : []), isIn ? '-i' : '-o', v.text);
        if (v.dynamic) {
          unsupportedWarn(v, `${isIn ? '-i' : '-o'} ${v.text} (shell variable)`);
          break;
        }
        matches.push({ kind: isIn ? 'in-interface' : 'out-interface', name: v.text, negate: neg });
        break;
      }
      case '-m':
      case '--match': {
        const v = next(w);
        if (!v) break;
        pushText('-m', v.text);
        const m = v.text;
        if (['tcp', 'udp', 'icmp', 'multiport', 'state', 'conntrack', 'comment'].includes(m)) {
          if ((m === 'tcp' || m === 'udp' || m === 'icmp') && proto !== { tcp: 6, udp: 17, icmp: 1 }[m]) {
            // the kernel refuses it: "tcp match: only valid for protocol 6"
            err(v, 'IPTABLES_SYNTAX', `-m ${m} needs "-p ${m}" before it`);
            break;
          }
          modules.add(m);
        } else {
          unknownModules.push(m);
          unsupportedWarn(v, `-m ${m}`);
        }
        break;
      }
      case '--sport':
      case '--source-port':
      case '--dport':
      case '--destination-port': {
        const neg = takeNeg();
        const isSrc = t === '--sport' || t === '--source-port';
        const v = next(w);
        if (!v || !portsNeeded(w)) break;
        const r = portList(w, v, false);
        if (!r) break;
        pushText(...(neg ? ['!'] : []), t, v.text);
        matches.push({ kind: isSrc ? 'source-port' : 'destination-port', ports: r, negate: neg });
        break;
      }
      case '--sports':
      case '--source-ports':
      case '--dports':
      case '--destination-ports':
      case '--ports': {
        const neg = takeNeg();
        const v = next(w);
        if (!v || !portsNeeded(w, 'multiport')) break;
        const r = portList(w, v, true);
        if (!r) break;
        pushText(...(neg ? ['!'] : []), t, v.text);
        const kind = t === '--ports' ? 'port' : t.startsWith('--s') ? 'source-port' : 'destination-port';
        matches.push({ kind, ports: r, negate: neg });
        break;
      }
      case '--state':
      case '--ctstate': {
        const neg = takeNeg();
        const v = next(w);
        if (!v) break;
        const mod = t === '--state' ? 'state' : 'conntrack';
        if (!modules.has(mod)) {
          err(w, 'IPTABLES_SYNTAX', `unknown option "${t}" (it needs "-m ${mod}")`);
          break;
        }
        const names = t === '--state' ? STATE_NAMES : CTSTATE_NAMES;
        const states = v.text.split(',').map((s) => s.toUpperCase());
        const badState = states.find((s) => !names.has(s));
        if (badState !== undefined) {
          err(v, 'IPTABLES_SYNTAX', `bad ${t.slice(2)} "${badState}" (known: ${[...names].join(', ')})`);
          break;
        }
        pushText(...(neg ? ['!'] : []), t, v.text);
        matches.push({ kind: 'ctstate', states, negate: neg });
        break;
      }
      case '--icmp-type': {
        const neg = takeNeg();
        const v = next(w);
        if (!v) break;
        if (!modules.has('icmp')) {
          err(w, 'IPTABLES_SYNTAX', 'unknown option "--icmp-type" (it needs "-p icmp")');
          break;
        }
        let type: number | undefined;
        let code: number | undefined;
        const named = ICMP_TYPE_NAMES[v.text.toLowerCase()];
        if (named) {
          type = named[0];
          code = named[1];
        } else {
          const m = /^([0-9]{1,3})(?:\/([0-9]{1,3}))?$/.exec(v.text);
          if (m && Number(m[1]) <= 255 && (m[2] === undefined || Number(m[2]) <= 255)) {
            type = Number(m[1]);
            code = m[2] === undefined ? undefined : Number(m[2]);
          }
        }
        if (type === undefined) {
          err(v, 'IPTABLES_SYNTAX', `invalid ICMP type "${v.text}"`);
          break;
        }
        pushText(...(neg ? ['!'] : []), t, v.text);
        if (type !== 255) matches.push({ kind: 'icmp-type', type, code, negate: neg });
        break;
      }
      case '--comment': {
        const v = next(w);
        if (!v) break;
        if (!modules.has('comment')) {
          err(w, 'IPTABLES_SYNTAX', 'unknown option "--comment" (it needs "-m comment")');
          break;
        }
        pushText(t, v.text);
        break;
      }
      case '-j':
      case '--jump':
      case '-g':
      case '--goto': {
        const v = next(w);
        if (!v) break;
        if (targetName !== undefined) {
          err(w, 'IPTABLES_SYNTAX', 'only one target (-j or -g) per rule');
          break;
        }
        targetName = v.text;
        targetWord = v;
        isGoto = t === '-g' || t === '--goto';
        pushText(isGoto ? '-g' : '-j', v.text);
        break;
      }
      case '--to-source':
      case '--to-destination':
      case '--to':
      case '--to-ports':
      case '--to-port':
      case '--reject-with':
      case '--log-prefix':
      case '--log-level': {
        const v = next(w);
        if (!v) break;
        if (targetOpts.has(t)) unsupportedWarn(v, `${t} given twice`);
        targetOpts.set(t, { value: v.text, word: v });
        pushText(t, v.text);
        break;
      }
      case '--random':
      case '--random-fully':
      case '--persistent':
      case '--log-tcp-sequence':
      case '--log-tcp-options':
      case '--log-ip-options':
      case '--log-uid':
        flags.add(t);
        pushText(t);
        break;
      default: {
        if (/^-[a-zA-Z]{2,}$/.test(t) && /[LS]/.test(t)) {
          // `-nvL`, `-vnL` … listings
          if (setOp(w, 'list')) chainArg(w, true);
          break;
        }
        // Unknown option: keep it verbatim with its arguments (words up to the next option).
        const args: string[] = [];
        while (i < words.length) {
          const a = words[i] as Word;
          if (a.text === '!' || (a.text.startsWith('-') && a.text.length > 1 && !/^-[0-9]/.test(a.text))) break;
          args.push(a.text);
          i++;
        }
        const what = [...(negate ? ['!'] : []), t, ...args].join(' ');
        pushText(...negText(), t, ...args);
        negate = false;
        if (!t.startsWith('-')) {
          err(optWord, 'IPTABLES_SYNTAX', `bad argument "${t}"`);
          break;
        }
        unsupportedWarn(optWord, unknownModules.length > 0 ? `${what} (of -m ${unknownModules.join(', -m ')})` : what);
        break;
      }
    }
    if (negate && negateWord && t !== '!') {
      // a `!` that no option consumed
      if (words[i - 1] !== negateWord) {
        negate = false;
        err(negateWord, 'IPTABLES_SYNTAX', `"!" cannot negate "${t}"`);
      }
    }
  }
  if (negate) err(negateWord, 'IPTABLES_SYNTAX', '"!" at the end of the line negates nothing');

  if (op === undefined) {
    if (!st.failed) err(first, 'IPTABLES_SYNTAX', 'no command specified (expected -A, -I, -D, -N, -X, -P or -F)');
    return { op: 'none' };
  }
  if (st.failed || op === 'list') return { op: 'none' };
  if (op === 'new-chain' || op === 'delete-chain' || op === 'flush') {
    if (op === 'new-chain' && chain !== undefined && (chain.length > 28 || chain.startsWith('-'))) {
      err(chainWord, 'IPTABLES_SYNTAX', `invalid chain name "${chain}"`);
      return { op: 'none' };
    }
    return { op, table, chain, span: lineSpan };
  }
  if (chain === undefined) return { op: 'none' };
  if (op === 'policy') {
    if (policy !== 'ACCEPT' && policy !== 'DROP') {
      err(policyWord, 'IPTABLES_SYNTAX', `bad policy "${policy ?? ''}" (a built-in chain's policy is ACCEPT or DROP)`);
      return { op: 'none' };
    }
    return { op: 'policy', table, chain, policy, span: lineSpan };
  }

  // ----- the rule's target -----
  let target: NetfilterTarget = { kind: 'NONE' };
  const opt = (k: string): { value: string; word: Word } | undefined => targetOpts.get(k);
  const consumed = new Set<string>();
  const use = (k: string): { value: string; word: Word } | undefined => {
    consumed.add(k);
    return opt(k);
  };
  const natRange = (k: string, needAddr: boolean): { addresses?: [string, string]; ports?: [number, number] } | null => {
    const o = use(k);
    if (!o) return {};
    if (o.word.dynamic) {
      unsupportedWarn(o.word, `${k} ${o.value} (shell variable)`);
      return null;
    }
    const r = parseNatRange(o.value);
    if (!r.ok) {
      err(o.word, 'IPTABLES_BAD_ADDRESS', `${targetName ?? ''} ${k} ${o.value}: ${r.message}`);
      return null;
    }
    if (needAddr && !r.addresses) {
      err(o.word, 'IPTABLES_BAD_ADDRESS', `${targetName ?? ''} ${k} ${o.value}: an address is required`);
      return null;
    }
    if (r.ports && proto !== 6 && proto !== 17 && proto !== 132) {
      err(o.word, 'IPTABLES_SYNTAX', `${targetName ?? ''}: a port range needs "-p tcp" or "-p udp"`);
      return null;
    }
    return r;
  };
  const toPorts = (): [number, number] | undefined | null => {
    const o = use('--to-ports') ?? use('--to-port');
    if (!o) return undefined;
    const m = /^([0-9]+)(?:[-:]([0-9]+))?$/.exec(o.value);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
    if (!m || lo < 1 || hi > 65535 || lo > hi) {
      err(o.word, 'IPTABLES_BAD_PORT', `--to-ports ${o.value}: invalid port range`);
      return null;
    }
    if (proto !== 6 && proto !== 17 && proto !== 132) {
      err(o.word, 'IPTABLES_SYNTAX', `${targetName ?? ''} --to-ports needs "-p tcp" or "-p udp"`);
      return null;
    }
    return [lo, hi];
  };
  const needChain = (name: string): boolean => {
    const allowed = TARGET_CHAINS[name];
    const builtin = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].includes(chain ?? '');
    const tbl = TARGET_TABLE[name];
    if (tbl !== undefined && table !== tbl) {
      err(targetWord, 'IPTABLES_TARGET_NOT_ALLOWED', `the ${name} target is only valid in the nat table, not "${table}"`);
      return false;
    }
    if (name === 'REJECT' && table === 'nat') {
      err(targetWord, 'IPTABLES_TARGET_NOT_ALLOWED', 'REJECT is not valid in the nat table (it is not for filtering)');
      return false;
    }
    if (allowed && builtin && !allowed.includes(chain ?? '')) {
      err(targetWord, 'IPTABLES_TARGET_NOT_ALLOWED',
        `the ${name} target is only valid in the ${allowed.join('/')} chain${allowed.length > 1 ? 's' : ''}, not ${chain ?? ''}`);
      return false;
    }
    return true;
  };
  if (targetName !== undefined && !isGoto) {
    switch (targetName) {
      case 'ACCEPT':
      case 'RETURN':
        target = { kind: targetName };
        break;
      case 'DROP':
        if (table === 'nat') {
          err(targetWord, 'IPTABLES_TARGET_NOT_ALLOWED',
            'the "nat" table is not intended for filtering, the use of DROP is therefore inhibited');
        }
        target = { kind: 'DROP' };
        break;
      case 'REJECT': {
        if (!needChain('REJECT')) break;
        const o = use('--reject-with');
        if (o && !REJECT_WITH.has(o.value)) err(o.word, 'IPTABLES_SYNTAX', `unknown reject type "${o.value}"`);
        if (o?.value.startsWith('tcp-r') && proto !== 6) {
          err(o.word, 'IPTABLES_SYNTAX', 'REJECT --reject-with tcp-reset is only valid with "-p tcp"');
        }
        target = { kind: 'REJECT', with: o?.value };
        break;
      }
      case 'LOG': {
        target = { kind: 'LOG', prefix: use('--log-prefix')?.value };
        use('--log-level');
        break;
      }
      case 'SNAT':
      case 'DNAT': {
        if (!needChain(targetName)) break;
        const key = targetName === 'SNAT' ? '--to-source' : '--to-destination';
        if (!opt(key) && opt('--to')) targetOpts.set(key, opt('--to') as { value: string; word: Word });
        consumed.add('--to');
        if (!opt(key)) {
          err(targetWord, 'IPTABLES_SYNTAX', `${targetName}: you must specify ${key}`);
          break;
        }
        const r = natRange(key, targetName === 'SNAT');
        if (!r) break;
        if (!r.addresses) {
          // DNAT --to-destination :port keeps the address (iptables ≥ 1.8 allows it)
          unsupportedWarn(targetWord as Word, `${key} ${opt(key)?.value ?? ''} (port-only DNAT)`);
        }
        target = { kind: targetName, toAddresses: r.addresses ?? ['0.0.0.0', '0.0.0.0'], toPorts: r.ports };
        break;
      }
      case 'MASQUERADE':
      case 'REDIRECT': {
        if (!needChain(targetName)) break;
        const p = toPorts();
        if (p === null) break;
        target = { kind: targetName, toPorts: p };
        break;
      }
      default:
        target = { kind: 'JUMP', chain: targetName };
    }
  } else if (targetName !== undefined) {
    target = { kind: 'GOTO', chain: targetName };
  }
  for (const [k, v] of targetOpts) {
    if (!consumed.has(k) && !hasFailed()) err(v.word, 'IPTABLES_SYNTAX', `unknown option "${k}" for target ${targetName ?? '(none)'}`);
  }
  for (const f of flags) {
    if (f === '--random' || f === '--random-fully' || f === '--persistent') {
      if (target.kind === 'SNAT' || target.kind === 'DNAT' || target.kind === 'MASQUERADE' || target.kind === 'REDIRECT') {
        unsupported.push(`${f} (the translated port is chosen at random)`);
      } else err(undefined, 'IPTABLES_SYNTAX', `unknown option "${f}" for target ${targetName ?? '(none)'}`);
    }
  }
  // -i / -o validity for built-in chains
  for (const m of matches) {
    if (m.kind === 'in-interface' && !IN_IF_CHAINS.includes(chain) && BUILTIN_NAMES.includes(chain)) {
      err(first, 'IPTABLES_SYNTAX', `can't use -i with ${chain}`);
    }
    if (m.kind === 'out-interface' && !OUT_IF_CHAINS.includes(chain) && BUILTIN_NAMES.includes(chain)) {
      err(first, 'IPTABLES_SYNTAX', `can't use -o with ${chain}`);
    }
  }
  if (hasFailed()) return { op: 'none' };

  const cmdText = `-t ${table} -A ${chain}`;
  const text = [cmdText, ...textWords].join(' ');
  const rule: RuleDraft = {
    matches,
    sources,
    sourceNegate,
    destinations,
    destinationNegate,
    target,
    unsupported,
    text,
    span: lineSpan,
    targetSpan: ctx.spanOf(targetWord ?? first ?? { line: 1, col: 1 }),
  };
  return { op, table, chain, index, rule, span: lineSpan };
}
