/**
 * An `iptables-save` dump (or a file `iptables-restore` reads: a heredoc, /etc/sysconfig/iptables): `*table`
 * sections, `:CHAIN POLICY [counters]` lines, `-A …` rules read by args.ts with the section's table, and `COMMIT`,
 * as iptables-restore reads them — a section without COMMIT is not applied.
 */
import type { NetfilterTableName } from '../../model/os.js';
import { parseIptablesArgs } from './args.js';
import { isTableName } from './names.js';
import { truncate, type OsCtx as Ctx } from './os-context.js';
import { splitScript, type Word } from './shell.js';

/** Read the lines of a dump into the builder (family 6: an ip6tables-save dump, into the IPv6 tables). */
export function parseSaveLines(lines: readonly { text: string; line: number }[], ctx: Ctx, family: 4 | 6 = 4): void {
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
          ctx.builder.declareChain(name, m[1] ?? '', m[2] ?? '', ctx.spanOf({ line: ln.line, col: c }), family);
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
    ctx.builder.apply(parseIptablesArgs(body, { spanOf: ctx.spanOf, table, diagnostics: ctx.diagnostics, at: { line, col }, family }), family);
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
