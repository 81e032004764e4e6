/**
 * parseOsConfig: an instance's OS network configuration from wherever users keep it — an `iptables-save` dump,
 * a list of `iptables` / `sysctl` / `ip route` commands exactly as written in articles (with `sudo`,
 * `/sbin/iptables`, `| sudo tee -a /etc/sysctl.conf`, `echo 1 > /proc/sys/net/ipv4/ip_forward`), or a whole
 * user-data script from which those lines are recognised (heredocs feeding `iptables-restore`, `/etc/sysctl.conf`
 * or `/etc/sysconfig/iptables` included).
 *
 * Model: the result is the state the commands leave behind, applied in order (InstanceOs). Never throws.
 * Every problem is a Diagnostic at file:line:col (through `position`, so text embedded in a YAML block or a
 * CloudFormation UserData reports the outer file's position). Lines that are not network configuration are
 * ignored: in a user-data script with one info note, in a command list with a warning each (a command list is
 * supposed to contain only commands). Unsupported iptables options keep their rule (see args.ts).
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { InstanceOs, NetfilterTableName } from '../../model/os.js';
import { parseIptablesArgs } from './args.js';
import { OsBuilder } from './builder.js';
import { isTableName } from './names.js';
import { parseIpRoute } from './ip-route.js';
import { physicalLines, splitScript, type Command, type Word } from './shell.js';
import { checkSysctlKey, checkSysctlValue, normaliseSysctlKey } from './sysctl.js';

export type OsConfigKind = 'auto' | 'iptables-save' | 'commands' | 'user-data';

export interface ParseOsOptions {
  readonly file: string;
  readonly kind?: OsConfigKind | undefined;
  /** Map a 1-based line/column of `text` to a span in the outer file. */
  readonly position?: ((line: number, col: number) => Span) | undefined;
}

export interface ParseOsResult {
  readonly os: InstanceOs;
  readonly diagnostics: Diagnostic[];
}

type SpanOf = (p: { line: number; col: number }) => Span;

interface Ctx {
  readonly builder: OsBuilder;
  readonly diagnostics: Diagnostic[];
  readonly spanOf: SpanOf;
  readonly ignored: { line: number; col: number; text: string }[];
}

const IPTABLES_BINARIES = new Set(['iptables', 'iptables-legacy', 'iptables-nft']);
const SYSCTL_FILE = /^\/etc\/sysctl\.conf$|^\/etc\/sysctl\.d\/[^/]+\.conf$|^\/usr\/lib\/sysctl\.d\/[^/]+\.conf$/;
const IPTABLES_FILE = /^\/etc\/sysconfig\/iptables$|^\/etc\/iptables\/rules\.v4$|^\/etc\/iptables\.rules$|^\/etc\/iptables\/iptables\.rules$/;

/** Guess the kind of text: an iptables-save dump, a user-data script, or plain commands. */
export function detectOsConfigKind(text: string): Exclude<OsConfigKind, 'auto'> {
  if (/^\s*(#!|#cloud-config|Content-Type: multipart)/.test(text)) return 'user-data';
  const firstLine = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#')) ?? '';
  if (/^\*[a-z]+$/.test(firstLine)) return 'iptables-save';
  return 'commands';
}

/**
 * Parse OS configuration text. `parseOsConfig("sudo sysctl -w net.ipv4.ip_forward=1", {file: "nat.sh"})`
 * → `{os: {ipForward: true, …}, diagnostics: []}`.
 */
export function parseOsConfig(text: string, opts: ParseOsOptions): ParseOsResult {
  const diagnostics: Diagnostic[] = [];
  const builder = new OsBuilder(diagnostics);
  const position = opts.position;
  const spanOf: SpanOf = position
    ? (p) => position(p.line, p.col)
    : (p) => ({ file: opts.file, line: p.line, col: p.col });
  const kind = !opts.kind || opts.kind === 'auto' ? detectOsConfigKind(text) : opts.kind;
  const ctx: Ctx = { builder, diagnostics, spanOf, ignored: [] };
  if (kind === 'iptables-save') {
    parseSaveLines(
      physicalLines(text).map((t, k) => ({ text: t, line: k + 1 })),
      ctx,
    );
  } else {
    parseScript(text, ctx, (p) => p);
    if (ctx.ignored.length > 0) {
      if (kind === 'commands' && opts.kind === 'commands') {
        for (const ig of ctx.ignored) {
          diagnostics.push({
            severity: 'warning',
            code: 'OS_COMMAND_NOT_RECOGNISED',
            message: `"${ig.text}" is not an iptables, sysctl or ip route command; ignored`,
            span: spanOf(ig),
          });
        }
      } else {
        const firstIgnored = ctx.ignored[0] as { line: number; col: number; text: string };
        diagnostics.push({
          severity: 'info',
          code: 'OS_SCRIPT_LINES_IGNORED',
          message: `${ctx.ignored.length} line${ctx.ignored.length === 1 ? '' : 's'} of the script ${
            ctx.ignored.length === 1 ? 'is' : 'are'
          } not network configuration (iptables, sysctl, ip route) and ${ctx.ignored.length === 1 ? 'was' : 'were'} ignored, starting with "${truncate(firstIgnored.text)}"`,
          span: spanOf(firstIgnored),
        });
      }
    }
  }
  return { os: builder.build(), diagnostics };
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

// ---------------------------------------------------------------- iptables-save

function parseSaveLines(lines: readonly { text: string; line: number }[], ctx: Ctx): void {
  let table: NetfilterTableName | undefined;
  let tableLine = 0;
  let skipTable = false;
  for (let k = 0; k < lines.length; k++) {
    const { text: raw, line } = lines[k] as { text: string; line: number };
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    const col = lead + 1;
    if (t === '' || t.startsWith('#')) continue;
    const span = ctx.spanOf({ line, col });
    if (t.startsWith('*')) {
      if (table !== undefined) {
        ctx.diagnostics.push({ severity: 'error', code: 'IPTABLES_COMMIT_MISSING',
          message: `iptables-restore: COMMIT expected before "${t}" (the *${table} section from line ${tableLine} is not applied)`, span });
      }
      const name = t.slice(1).trim();
      skipTable = false;
      if (!isTableName(name)) {
        if (name === 'security') {
          ctx.diagnostics.push({ severity: 'warning', code: 'IPTABLES_UNSUPPORTED_OPTION',
            message: 'the security table (SELinux marks) is not evaluated by vpcsim; its rules are ignored', span });
        } else {
          ctx.diagnostics.push({ severity: 'error', code: 'IPTABLES_UNKNOWN_TABLE',
            message: `iptables-restore: table "${name}" does not exist (tables: filter, nat, mangle, raw)`, span });
        }
        skipTable = true;
        table = undefined;
        continue;
      }
      table = name;
      tableLine = line;
      // declare every chain of this section first: rules may jump to chains declared on later lines
      for (let j = k + 1; j < lines.length; j++) {
        const u = (lines[j]?.text ?? '').trim();
        if (u === 'COMMIT' || u.startsWith('*')) break;
        const m = /^:(\S+)\s+(\S+)/.exec(u);
        if (m) {
          const ln = lines[j] as { text: string; line: number };
          const c = ln.text.indexOf(':') + 1;
          ctx.builder.declareChain(name, m[1] ?? '', m[2] ?? '', ctx.spanOf({ line: ln.line, col: c }));
        }
      }
      continue;
    }
    if (skipTable) {
      if (t === 'COMMIT') skipTable = false;
      continue;
    }
    if (t === 'COMMIT') {
      if (table === undefined) {
        ctx.diagnostics.push({ severity: 'error', code: 'IPTABLES_SYNTAX', message: 'COMMIT without a *table line', span });
      }
      table = undefined;
      continue;
    }
    if (t.startsWith(':')) {
      if (table === undefined) {
        ctx.diagnostics.push({ severity: 'error', code: 'IPTABLES_SYNTAX',
          message: `chain declaration "${t}" outside a *table section`, span });
      } else if (!/^:(\S+)\s+(\S+)(\s+\[\d+:\d+\])?\s*$/.test(t)) {
        ctx.diagnostics.push({ severity: 'error', code: 'IPTABLES_SYNTAX',
          message: `malformed chain declaration "${t}" (expected ":NAME POLICY [packets:bytes]")`, span });
      }
      continue;
    }
    if (table === undefined) {
      ctx.diagnostics.push({ severity: 'error', code: 'IPTABLES_SYNTAX',
        message: `"${truncate(t)}" is outside a *table section (iptables-save input starts each table with *nat, *filter …)`, span });
      continue;
    }
    const words = wordsOfLine(raw, line);
    const body = words[0] && /^\[\d+:\d+\]$/.test(words[0].text) ? words.slice(1) : words;
    ctx.builder.apply(parseIptablesArgs(body, { spanOf: ctx.spanOf, table, diagnostics: ctx.diagnostics, at: { line, col } }));
  }
  if (table !== undefined) {
    ctx.diagnostics.push({ severity: 'error', code: 'IPTABLES_COMMIT_MISSING',
      message: `iptables-restore: COMMIT expected at the end of input (the *${table} section from line ${tableLine} would not be applied)`,
      span: ctx.spanOf({ line: tableLine, col: 1 }) });
  }
}

/** Words of one physical line, positioned on that line. */
function wordsOfLine(text: string, line: number): Word[] {
  const out: Word[] = [];
  for (const l of splitScript(text)) for (const c of l.commands) for (const w of c.words) out.push({ ...w, line });
  return out;
}

// ---------------------------------------------------------------- scripts and command lists

type Remap = (p: { line: number; col: number }) => { line: number; col: number };

function parseScript(text: string, ctx: Ctx, remap: Remap): void {
  const phys = physicalLines(text);
  const logical = splitScript(text);
  let skipUntil = 0;
  const spanOf: SpanOf = (p) => ctx.spanOf(remap(p));
  const sub: Ctx = { ...ctx, spanOf };
  for (const l of logical) {
    if (l.line <= skipUntil) continue;
    if (l.commands.length === 0) continue;
    if (l.unterminated) {
      ctx.diagnostics.push({ severity: 'error', code: 'SHELL_SYNTAX', message: 'unterminated quote', span: spanOf({ line: l.line, col: 1 }) });
      continue;
    }
    // heredoc: `cmd <<EOF` … `EOF`
    const heredoc = findHeredoc(l.commands);
    let body: { text: string; line: number }[] | undefined;
    if (heredoc) {
      body = [];
      let j = l.line; // 0-based index of the line after the command
      for (; j < phys.length; j++) {
        const pl = phys[j] ?? '';
        if ((heredoc.strip ? pl.trim() : pl) === heredoc.delimiter) break;
        body.push({ text: heredoc.strip ? pl.replace(/^\t+/, '') : pl, line: j + 1 });
      }
      skipUntil = j + 1;
    }
    let recognised = false;
    for (let c = 0; c < l.commands.length; c++) {
      const cmd = l.commands[c] as Command;
      const prev = c > 0 ? l.commands[c - 1] : undefined;
      const r = handleCommand(cmd, prev, body, sub);
      if (r) recognised = true;
    }
    if (!recognised) {
      const first = l.commands[0]?.words[0];
      if (first && !isShellNoise(l.commands)) ctx.ignored.push({ ...remap({ line: first.line, col: first.col }), text: l.text.trim() });
    }
  }
}

/** Shell structure lines (`fi`, `done`, `then`, `{`, variable assignments) are not reported as ignored. */
function isShellNoise(cmds: readonly Command[]): boolean {
  const w = cmds[0]?.words[0]?.text ?? '';
  return ['fi', 'done', 'then', 'else', 'esac', '{', '}', 'do', 'set', 'exit', 'EOF'].includes(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w);
}

function findHeredoc(cmds: readonly Command[]): { delimiter: string; strip: boolean } | undefined {
  for (const c of cmds) {
    for (let k = 0; k < c.words.length; k++) {
      const w = c.words[k] as Word;
      if ((w.text === '<<' || w.text === '<<-') && !w.quoted) {
        const d = c.words[k + 1];
        if (d) return { delimiter: d.text, strip: w.text === '<<-' };
      }
    }
  }
  return undefined;
}

/** Strip `sudo [opts]`, `env A=B`, `exec`, `command`, `nohup`, variable assignments; return the program words. */
function programWords(words: readonly Word[]): Word[] {
  let k = 0;
  for (;;) {
    const t = words[k]?.text;
    if (t === undefined) break;
    if (t === 'sudo') {
      k++;
      while (words[k]?.text.startsWith('-')) {
        const o = words[k]?.text ?? '';
        k++;
        if (o === '-u' || o === '-g' || o === '-C' || o === '-h' || o === '-p') k++;
      }
      continue;
    }
    if (t === 'env' || t === 'exec' || t === 'command' || t === 'nohup' || t === 'time' || t === 'then' || t === 'do' || t === 'else') {
      k++;
      continue;
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t) && words.length > k + 1) {
      k++;
      continue;
    }
    break;
  }
  return words.slice(k);
}

function basename(p: string): string {
  const s = p.lastIndexOf('/');
  return s < 0 ? p : p.slice(s + 1);
}

/** Redirect target of a command (`> file`, `>> file`), with the words before it. */
function redirect(words: readonly Word[]): { args: Word[]; file?: Word | undefined } {
  const k = words.findIndex((w) => (w.text === '>' || w.text === '>>') && !w.quoted);
  if (k < 0) return { args: [...words] };
  return { args: words.slice(0, k), file: words[k + 1] };
}

/** Handle one simple command; true when it was recognised as network configuration (or harmless to it). */
function handleCommand(
  cmd: Command,
  prev: Command | undefined,
  body: readonly { text: string; line: number }[] | undefined,
  ctx: Ctx,
): boolean {
  let words = programWords(cmd.words);
  // cloud-config runcmd list items: `- iptables …`
  if (words[0]?.text === '-' && words.length > 1) words = programWords(words.slice(1));
  const head = words[0];
  if (!head) return false;
  const prog = basename(head.text);
  if (IPTABLES_BINARIES.has(prog)) {
    const { args } = redirect(words.slice(1));
    ctx.builder.apply(parseIptablesArgs(args, { spanOf: ctx.spanOf, diagnostics: ctx.diagnostics, at: cmd.words[0] }));
    return true;
  }
  if (prog === 'ip6tables' || prog === 'ip6tables-restore') {
    ctx.diagnostics.push({ severity: 'info', code: 'OS_IPV6_IGNORED', message: `"${prog}" configures IPv6, which vpcsim's instance model does not evaluate`, span: ctx.spanOf(head) });
    return true;
  }
  if (prog === 'iptables-save' || prog === 'modprobe') return true;
  if (prog === 'iptables-restore' || prog === 'iptables-legacy-restore' || prog === 'iptables-nft-restore') {
    if (body) parseSaveLines(body, ctx);
    else if (prev && prev.words.some((w) => w.text === 'cat') && cmd.joinedBy === '|') {
      warnUnknownFile(ctx, head, 'iptables-restore reads a file vpcsim was not given');
    } else {
      warnUnknownFile(ctx, head, 'iptables-restore reads a file vpcsim was not given; pass the dump itself (kind iptables-save)');
    }
    return true;
  }
  if (prog === 'cat' && body) {
    const { file } = redirect(words.slice(1));
    const target = file?.text ?? '';
    if (SYSCTL_FILE.test(target)) {
      for (const b of body) sysctlConfLine(b.text, b.line, ctx, (p) => p);
      return true;
    }
    if (IPTABLES_FILE.test(target)) {
      ctx.diagnostics.push({ severity: 'info', code: 'OS_SAVED_RULES', message: `rules written to ${target} are loaded at boot (iptables-services / iptables-persistent); vpcsim applies them`, span: ctx.spanOf(head) });
      parseSaveLines(body, ctx);
      return true;
    }
    return false;
  }
  if (prog === 'sysctl') {
    sysctlCommand(words, ctx);
    return true;
  }
  if (prog === 'echo' || prog === 'printf') {
    const { args, file } = redirect(words.slice(1));
    if (file) return echoTo(args, file, ctx);
    return false;
  }
  if (prog === 'tee' && prev && cmd.joinedBy === '|') {
    const file = words.slice(1).find((w) => !w.text.startsWith('-'));
    const pw = programWords(prev.words);
    const pprog = basename(pw[0]?.text ?? '');
    if (file && (pprog === 'echo' || pprog === 'printf')) return echoTo(pw.slice(1), file, ctx);
    if (pprog === 'sysctl' || pprog === 'iptables-save') return true; // `sysctl -w … | tee -a /etc/sysctl.conf`
    return false;
  }
  if (prog === 'ip') {
    return ipCommand(words, ctx);
  }
  if ((prog === 'sh' || prog === 'bash') && words[1]?.text === '-c' && words[2]) {
    const inner = words[2];
    const innerRemap: Remap = (p) => ({ line: inner.line + p.line - 1, col: p.line === 1 ? inner.col + (inner.quoted ? 1 : 0) + p.col - 1 : p.col });
    const before = ctx.ignored.length;
    parseScript(inner.text, { ...ctx, spanOf: ctx.spanOf }, innerRemap);
    const recognised = ctx.ignored.length === before;
    ctx.ignored.length = before;
    return recognised;
  }
  if ((prog === 'service' || prog === 'systemctl' || prog === 'chkconfig') && words.some((w) => /iptables|netfilter-persistent/.test(w.text))) {
    return true;
  }
  return false;
}

function warnUnknownFile(ctx: Ctx, w: Word, message: string): void {
  ctx.diagnostics.push({ severity: 'warning', code: 'IPTABLES_UNSUPPORTED_OPTION', message, span: ctx.spanOf(w) });
}

function setSysctl(keyRaw: string, value: string, w: Word | { line: number; col: number }, ctx: Ctx): void {
  const key = normaliseSysctlKey(keyRaw.trim());
  const span = ctx.spanOf(w);
  const bad = checkSysctlKey(key);
  if (bad) {
    ctx.diagnostics.push({ severity: 'error', code: 'SYSCTL_UNKNOWN_KEY', message: bad, span });
    return;
  }
  const v = value.trim();
  const badV = checkSysctlValue(key, v);
  if (badV) {
    ctx.diagnostics.push({ severity: 'error', code: 'SYSCTL_BAD_VALUE', message: badV, span });
    return;
  }
  ctx.builder.setSysctl(key, v, span);
}

/** `sysctl [-w] [-q] key=value …`, `sysctl -p [file]`. */
function sysctlCommand(words: readonly Word[], ctx: Ctx): void {
  const { args } = redirect(words.slice(1));
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as Word;
    if (w.text === '-p' || w.text === '--load' || w.text === '--system' || w.text === '-a' || w.text === '--all') {
      // `sysctl -p [file]` loads a file vpcsim was not given; the settings above stand
      return;
    }
    if (w.text.startsWith('-')) continue;
    const eq = w.text.indexOf('=');
    if (eq < 0) {
      // `sysctl net.ipv4.ip_forward` only reads the value; `sysctl -w key = value` is a usage error
      if (args[k + 1]?.text === '=') {
        ctx.diagnostics.push({ severity: 'error', code: 'SYSCTL_SYNTAX', message: `sysctl: "${w.text} = …" must be written without spaces: ${w.text}=${args[k + 2]?.text ?? ''}`, span: ctx.spanOf(w) });
        return;
      }
      const bad = checkSysctlKey(normaliseSysctlKey(w.text));
      if (bad) ctx.diagnostics.push({ severity: 'error', code: 'SYSCTL_UNKNOWN_KEY', message: bad, span: ctx.spanOf(w) });
      continue;
    }
    setSysctl(w.text.slice(0, eq), w.text.slice(eq + 1), w, ctx);
  }
}

/** A line of /etc/sysctl.conf: `key = value`. */
function sysctlConfLine(text: string, line: number, ctx: Ctx, remap: Remap): void {
  const t = text.trim();
  if (t === '' || t.startsWith('#') || t.startsWith(';')) return;
  const col = text.length - text.trimStart().length + 1;
  const m = /^-?\s*([^=\s]+)\s*=\s*(.*)$/.exec(t);
  const pos = remap({ line, col });
  if (!m) {
    ctx.diagnostics.push({ severity: 'error', code: 'SYSCTL_SYNTAX', message: `sysctl.conf line "${t}" is not "key = value"`, span: ctx.spanOf(pos) });
    return;
  }
  setSysctl(m[1] ?? '', m[2] ?? '', pos, ctx);
}

/** `echo 1 > /proc/sys/net/ipv4/ip_forward`, `echo "net.ipv4.ip_forward = 1" >> /etc/sysctl.conf`. */
function echoTo(args: readonly Word[], file: Word, ctx: Ctx): boolean {
  const vals = args.filter((w) => !/^-[neE]+$/.test(w.text));
  const value = vals.map((w) => w.text).join(' ').replace(/\\n$/, '');
  if (file.text.startsWith('/proc/sys/')) {
    setSysctl(file.text.slice('/proc/sys/'.length), value, file, ctx);
    return true;
  }
  if (SYSCTL_FILE.test(file.text)) {
    const first = vals[0] ?? file;
    for (const part of value.split('\\n')) sysctlConfLine(part, first.line, ctx, () => ({ line: first.line, col: first.col }));
    return true;
  }
  return false;
}

/** `ip route add|replace|append …`; other `ip` subcommands are recognised and ignored. */
function ipCommand(words: readonly Word[], ctx: Ctx): boolean {
  const args = words.slice(1).filter((w) => !/^-[46]$/.test(w.text));
  const obj = args[0]?.text ?? '';
  if (!['r', 'ro', 'rou', 'rout', 'route'].includes(obj)) {
    if (['a', 'ad', 'add', 'addr', 'address', 'link', 'l', 'rule', 'ru', 'neigh', 'n'].includes(obj)) {
      ctx.diagnostics.push({ severity: 'info', code: 'OS_COMMAND_IGNORED',
        message: `"ip ${obj} …" is not evaluated: vpcsim gives each interface the private IPs of its ENI`, span: ctx.spanOf(words[0] as Word) });
      return true;
    }
    return false;
  }
  const r = parseIpRoute(args.slice(1), ctx.spanOf, ctx.diagnostics, words[0] as Word);
  if (r) ctx.builder.addRoute(r);
  return true;
}

export type { Word };
