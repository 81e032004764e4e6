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
import type { InstanceOs } from '../../model/os.js';
import { OsBuilder } from './builder.js';
import { truncate, type OsCtx as Ctx, type SpanOf } from './os-context.js';
import { parseSaveLines } from './save-file.js';
import { parseScript } from './script.js';
import { physicalLines, type Word } from './shell.js';

/** `ip6tables-save`: a dump of the IPv6 tables (same format; auto-detection cannot tell it from iptables-save). */
export type OsConfigKind = 'auto' | 'iptables-save' | 'ip6tables-save' | 'commands' | 'user-data';

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

/** Guess the kind of text: an iptables-save dump, a user-data script, or plain commands. */
export function detectOsConfigKind(text: string): Exclude<OsConfigKind, 'auto'> {
  if (/^\s*(#!|#cloud-config|Content-Type: multipart)/.test(text)) return 'user-data';
  const firstLine =
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('#')) ?? '';
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
  if (kind === 'iptables-save' || kind === 'ip6tables-save') {
    parseSaveLines(
      physicalLines(text).map((t, k) => ({ text: t, line: k + 1 })),
      ctx,
      kind === 'ip6tables-save' ? 6 : 4,
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

export type { Word };
