/**
 * Scripts and command lists (a user-data script, a cloud-config runcmd, lines from an article): each command is
 * recognised by its program once `sudo`, `env`, assignments and the like are stripped — iptables (args.ts),
 * iptables-restore with a heredoc (save-file.ts), sysctl and echo into /proc/sys or /etc/sysctl.conf
 * (sysctl-commands.ts), `ip route` (ip-route.ts), `sh -c '…'` (read as a script in place); ip6tables is noted as not
 * evaluated. Lines that are none of these are collected as ignored (parse.ts reports them).
 */
import { parseIptablesArgs } from './args.js';
import { parseIpRoute } from './ip-route.js';
import type { OsCtx as Ctx, Remap, SpanOf } from './os-context.js';
import { parseSaveLines } from './save-file.js';
import { physicalLines, splitScript, type Command, type Word } from './shell.js';
import { echoTo, redirect, SYSCTL_FILE, sysctlCommand, sysctlConfLine } from './sysctl-commands.js';

const IPTABLES_BINARIES = new Set(['iptables', 'iptables-legacy', 'iptables-nft']);
const IP6TABLES_BINARIES = new Set(['ip6tables', 'ip6tables-legacy', 'ip6tables-nft']);
const IP6TABLES_FILE = /^\/etc\/sysconfig\/ip6tables$|^\/etc\/iptables\/rules\.v6$|^\/etc\/iptables\/ip6tables\.rules$/;
const IPTABLES_FILE = /^\/etc\/sysconfig\/iptables$|^\/etc\/iptables\/rules\.v4$|^\/etc\/iptables\.rules$|^\/etc\/iptables\/iptables\.rules$/;

/** Read a script or command list: each logical line's commands, heredocs as the input of the command before. */
export function parseScript(text: string, ctx: Ctx, remap: Remap): void {
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
  if (IP6TABLES_BINARIES.has(prog)) {
    const { args } = redirect(words.slice(1));
    ctx.builder.apply(parseIptablesArgs(args, { spanOf: ctx.spanOf, diagnostics: ctx.diagnostics, at: cmd.words[0], family: 6 }), 6);
    return true;
  }
  if (prog === 'ip6tables-restore' || prog === 'ip6tables-legacy-restore' || prog === 'ip6tables-nft-restore') {
    if (body) parseSaveLines(body, ctx, 6);
    else warnUnknownFile(ctx, head, 'ip6tables-restore reads a file vpcsim was not given; pass the dump itself (kind ip6tables-save)');
    return true;
  }
  if (prog === 'iptables-save' || prog === 'ip6tables-save' || prog === 'modprobe') return true;
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
    const v6File = IP6TABLES_FILE.test(target);
    if (IPTABLES_FILE.test(target) || v6File) {
      ctx.diagnostics.push({ severity: 'info', code: 'OS_SAVED_RULES', message: `rules written to ${target} are loaded at boot (iptables-services / iptables-persistent); vpcsim applies them`, span: ctx.spanOf(head) });
      parseSaveLines(body, ctx, v6File ? 6 : 4);
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
    if (pprog === 'sysctl' || pprog === 'iptables-save' || pprog === 'ip6tables-save') return true; // `sysctl -w … | tee -a /etc/sysctl.conf`
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
