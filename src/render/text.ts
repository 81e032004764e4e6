/**
 * Human-readable renderings: traces (hop tables that read like the AWS console), test reports, diagnostics.
 * Colour only when the caller asks for it (the CLI decides from the terminal).
 */
import pc from 'picocolors';
import { formatDiagnostic, type Diagnostic } from '../diag/diagnostic.js';
import type { FixPlan } from '../analysis/fix/chain.js';
import type { Hop } from '../dataplane/hop.js';
import type { PacketJson } from '../dataplane/packet.js';
import type { PathResult, TraceResult } from '../analysis/trace-result.js';
import type { ExpectationOutcome } from '../analysis/expectations.js';

type Colors = ReturnType<typeof pc.createColors>;

export function packetText(p: PacketJson): string {
  if (p.srcPort !== undefined)
    return `${p.protocol} ${hostPort(p.src, p.srcPort)} → ${hostPort(p.dst, p.dstPort ?? '')}`;
  if (p.icmpType !== undefined)
    return `${p.protocol} ${p.src} → ${p.dst} (type ${p.icmpType} code ${p.icmpCode ?? 0})`;
  return `${p.protocol} ${p.src} → ${p.dst}`;
}

/** `10.0.0.1:443`, `[2001:db8::1]:443` (RFC 5952 §6: an IPv6 address is bracketed before a port). */
function hostPort(addr: string, port: number | string): string {
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

function hopLine(h: Hop, i: number, c: Colors, seenAssumed: Set<string>): string[] {
  const action =
    h.action === 'drop'
      ? c.red(c.bold('DROP'))
      : h.action === 'translate'
        ? c.yellow('NAT')
        : h.action === 'deliver'
          ? c.green('DELIVER')
          : h.action === 'exit'
            ? c.green('EXIT')
            : c.dim(h.action.toUpperCase());
  const who = `${h.id}${h.owner && h.owner !== h.id ? ` (${h.owner})` : ''}`;
  const dir = h.direction ? ` ${h.direction}` : '';
  const lines = [
    `  ${String(i + 1).padStart(2)}. ${c.bold(who)} ${c.dim(`[${h.kind}${dir}]`)} ${action}${h.rule ? `  ${c.cyan(h.rule)}` : ''}${h.code ? `  ${c.magenta(h.code)}` : ''}`,
  ];
  if (h.after) lines.push(`      ${c.yellow(`${packetText(h.packet)}  ⇒  ${packetText(h.after)}`)}`);
  if (h.detail) lines.push(`      ${c.dim(h.detail)}`);
  if (h.state) lines.push(`      ${c.dim(`state: ${h.state}`)}`);
  if (h.unsupported && h.unsupported.length > 0)
    lines.push(`      ${c.red(`depends on unsupported: ${h.unsupported.join(', ')}`)}`);
  // An assumed value is pointed out where the path first carries it (every hop has it in the JSON).
  const fresh = (h.assumed ?? []).filter((a) => !seenAssumed.has(a));
  for (const a of fresh) seenAssumed.add(a);
  if (fresh.length > 0) lines.push(`      ${c.yellow(`assumed: ${fresh.join(', ')}`)}`);
  return lines;
}

function pathText(title: string, p: PathResult, c: Colors): string[] {
  const head =
    p.disposition === 'dropped'
      ? c.red(`${title}: dropped${p.code ? ` (${p.code})` : ''}`)
      : c.green(
          `${title}: ${p.disposition}${p.endpoint ? ` at ${p.endpoint}` : ''}${p.finalPacket ? ` as ${packetText(p.finalPacket)}` : ''}`,
        );
  const seenAssumed = new Set<string>();
  return [head, ...p.hops.flatMap((h, i) => hopLine(h, i, c, seenAssumed))];
}

/** Render a trace. */
export function traceText(t: TraceResult, color = false): string {
  const c = pc.createColors(color);
  const definite =
    t.verdict === 'reachable'
      ? c.green('REACHABLE')
      : t.verdict === 'asymmetric'
        ? c.yellow('ASYMMETRIC')
        : c.red('UNREACHABLE');
  // An uncertain verdict must not read like a definite one: UNKNOWN first, what it depends on, then the answer as
  // modelled.
  const v = t.uncertain
    ? `${c.red(c.bold('UNKNOWN'))} — depends on ${(t.dependsOn ?? ['something vpcsim does not model']).join('; ')}\n        (as modelled: ${definite})`
    : definite;
  const filtered = t.filter ? ` — ${t.filter.code}: no path crosses ${t.filter.through}` : '';
  const extras = [
    t.flow.sni !== undefined ? `SNI ${t.flow.sni}` : '',
    t.flow.host !== undefined ? `Host ${t.flow.host}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const out = [
    `${c.bold('Flow')} ${t.flow.from} → ${t.flow.to}: ${packetText(t.flow.packet)}${extras ? ` (${extras})` : ''}`,
    `${c.bold('Verdict')} ${v}${filtered}`,
    '',
  ];
  out.push(...pathText('Forward', t.forward, c));
  if (t.return) out.push('', ...pathText('Return', t.return, c));
  if (t.asymmetry) {
    out.push('', c.yellow(`Asymmetric (${t.asymmetry.code})`));
    if (t.asymmetry.skipped.length > 0) out.push(`  the reply skips: ${t.asymmetry.skipped.join(', ')}`);
    if (t.asymmetry.extra.length > 0) out.push(`  the reply also passes: ${t.asymmetry.extra.join(', ')}`);
    if (t.asymmetry.divergedAt) out.push(`  paths diverge at: ${t.asymmetry.divergedAt}`);
    if (t.asymmetry.suggestion) out.push(`  fix: ${t.asymmetry.suggestion}`);
  }
  if (t.fix && t.fix.changes.length > 0) out.push('', ...fixText(t.fix, c));
  if (t.notes.length > 0) out.push('', c.bold('Notes'), ...t.notes.map((n) => `  - ${n}`));
  if (t.assumed && t.assumed.length > 0)
    out.push(
      '',
      c.bold(
        'Assumed (the input does not fix these deploy-time values; write them in the input or pin them with --assume)',
      ),
      ...t.assumed.map((a) => `  - ${a.address}: ${a.what} of ${a.of}`),
    );
  return out.join('\n');
}

/** Render diagnostics, one per line. */
export function diagnosticsText(ds: readonly Diagnostic[], color = false): string {
  const c = pc.createColors(color);
  return ds
    .map((d) => {
      const line = formatDiagnostic(d);
      return d.severity === 'error' ? c.red(line) : d.severity === 'warning' ? c.yellow(line) : c.dim(line);
    })
    .join('\n');
}

export interface SuiteReport {
  readonly title: string;
  readonly outcomes: readonly ExpectationOutcome[];
  readonly diagnostics?: readonly Diagnostic[];
}

/** Render a test report; failures and unknown results include their trace. */
export function testReportText(suites: readonly SuiteReport[], color = false): string {
  const c = pc.createColors(color);
  const out: string[] = [];
  let passed = 0;
  let failed = 0;
  let unknown = 0;
  for (const s of suites) {
    out.push(c.bold(s.title));
    for (const o of s.outcomes) {
      if (o.passed) {
        passed++;
        out.push(`  ${c.green('✓')} ${o.name}`);
      } else {
        if (o.unknown) unknown++;
        else failed++;
        const where = o.span ? ` ${c.dim(`(${o.span.file}:${o.span.line}:${o.span.col})`)}` : '';
        out.push(`  ${o.unknown ? c.yellow('?') : c.red('✗')} ${o.name}${where}`);
        for (const f of o.failures) out.push(`      ${o.unknown ? c.yellow(f) : c.red(f)}`);
        if (o.trace)
          out.push(
            traceText(o.trace, color)
              .split('\n')
              .map((l) => `      ${l}`)
              .join('\n'),
          );
      }
    }
  }
  out.push('', `${passed} passed, ${failed} failed${unknown > 0 ? `, ${unknown} unknown` : ''}`);
  return out.join('\n');
}

/** The fix plan: each change, what the resource has today, and whether the re-trace with all of them reaches. */
function fixText(f: FixPlan, c: ReturnType<typeof pc.createColors>): string[] {
  const head = f.admits
    ? f.changes.length === 1
      ? 'Fix (this change alone admits the flow — checked by tracing again)'
      : `Fix (these ${f.changes.length} changes together admit the flow — checked by tracing again)`
    : `Fix (not enough: after these changes the flow still stops at ${f.stillDroppedAt ?? '?'}${f.stillCode ? ` with ${f.stillCode}` : ''}, which no single change answers)`;
  const out = [c.bold(head)];
  f.changes.forEach((s, i) => {
    out.push(`  ${i + 1}. ${s.change}  [${s.path}, ${s.answers}, ${s.ref}]`);
    if (s.has && s.has.length > 0)
      out.push(`     ${s.resource} has: ${s.has.slice(0, 6).join('; ')}${s.has.length > 6 ? '; …' : ''}`);
  });
  return out;
}
