/**
 * sysctl settings as scripts write them: `sysctl [-w] key=value`, lines of /etc/sysctl.conf (`key = value`), and
 * `echo 1 > /proc/sys/net/ipv4/ip_forward` or `echo "key = value" >> /etc/sysctl.conf`; keys and values are checked
 * as sysctl checks them (sysctl.ts).
 */
import type { OsCtx as Ctx, Remap } from './os-context.js';
import type { Word } from './shell.js';
import { checkSysctlKey, checkSysctlValue, normaliseSysctlKey } from './sysctl.js';

export const SYSCTL_FILE = /^\/etc\/sysctl\.conf$|^\/etc\/sysctl\.d\/[^/]+\.conf$|^\/usr\/lib\/sysctl\.d\/[^/]+\.conf$/;

/** Redirect target of a command (`> file`, `>> file`), with the words before it. */
export function redirect(words: readonly Word[]): { args: Word[]; file?: Word | undefined } {
  const k = words.findIndex((w) => (w.text === '>' || w.text === '>>') && !w.quoted);
  if (k < 0) return { args: [...words] };
  return { args: words.slice(0, k), file: words[k + 1] };
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
export function sysctlCommand(words: readonly Word[], ctx: Ctx): void {
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
export function sysctlConfLine(text: string, line: number, ctx: Ctx, remap: Remap): void {
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
export function echoTo(args: readonly Word[], file: Word, ctx: Ctx): boolean {
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
