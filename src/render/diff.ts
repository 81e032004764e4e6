/**
 * `vpcsim diff` output: the classes of packets whose verdict or path changed between two versions of a network, as
 * text, as Markdown for a pull-request comment (a summary line, a table, and both traces of each class folded in
 * `<details>`), and as JSON (every box exact, both example traces in the trace contract).
 */
import type { ChangeKind, DiffClass, DiffResult, DiffSide } from '../analysis/reach/diff.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { boxJson, boxLines, exampleCommand, type ReachBoxJson } from './reach.js';
import { traceText } from './text.js';

const KIND_TEXT: Record<ChangeKind, string> = {
  'newly-reachable': 'newly reachable',
  'newly-blocked': 'newly blocked',
  'bypasses-inspection': 'now bypasses inspection',
  changed: 'changed',
};

/** `reachable to web: internet → igw → web`, `unreachable at sg-app (ENI_SG_RULES_MISMATCH)`, `no such source`. */
export function sideText(s: DiffSide): string {
  const o = s.outcome;
  if (!o) return 'no such source';
  const end =
    o.verdict === 'unreachable'
      ? `at ${o.droppedAt ?? '?'} (${o.code ?? o.returnCode ?? '?'}${o.code === null ? ', on the reply' : ''})`
      : `to ${o.endpoint ?? '?'}`;
  const reply = o.returnPath.length > 0 ? ` | reply: ${o.returnPath.join(' → ')}` : '';
  return `${o.verdict}${o.uncertain ? ' (unknown)' : ''} ${end}: ${o.path.join(' → ')}${reply}`;
}

function headline(k: DiffClass): string {
  const bypass = k.bypassed.length > 0 ? ` (skips ${k.bypassed.join(', ')})` : '';
  return `${KIND_TEXT[k.kind]}${bypass}`;
}

/** Which packets were compared (analysis/reach/change.ts): only those the changed security groups decide, or all. */
export function methodText(r: DiffResult): string {
  const m = r.method;
  return m.kind === 'changed-groups'
    ? m.groups.length === 0
      ? 'the two versions are the same network'
      : `only the packets the rules of ${m.groups.join(', ')} decide were compared: nothing else changed`
    : `every packet was compared: ${m.reason}`;
}

export function summaryText(r: DiffResult): string {
  const counted = `${r.sources} sources, ${r.cells} cells traced in both versions; ${methodText(r)}`;
  if (r.classes.length === 0) return `no reachability change (${counted})`;
  const counts = new Map<ChangeKind, number>();
  for (const k of r.classes) counts.set(k.kind, (counts.get(k.kind) ?? 0) + 1);
  const parts = [...counts].map(([k, n]) => `${n} ${KIND_TEXT[k]}`);
  return `${r.classes.length} changed class${r.classes.length === 1 ? '' : 'es'}: ${parts.join(', ')} (${counted})`;
}

export function diffText(r: DiffResult, o: { traces?: boolean | undefined } = {}): string {
  const lines = [summaryText(r)];
  r.classes.forEach((k, i) => {
    lines.push('', `[${i + 1}] ${k.source}: ${headline(k)}`);
    lines.push(...boxLines(k.boxes).map((l) => `    ${l}`));
    lines.push(`    before: ${sideText(k.before)}`, `    after:  ${sideText(k.after)}`);
    const conds = new Set([...(k.before.outcome?.conditions ?? []), ...(k.after.outcome?.conditions ?? [])]);
    for (const c of conds) lines.push(`    condition: ${c}`);
    for (const [when, s] of [
      ['before', k.before],
      ['after', k.after],
    ] as const) {
      if (!s.example) continue;
      if (o.traces)
        lines.push(
          `    trace ${when}:`,
          ...traceText(s.example, false)
            .split('\n')
            .map((l) => `      ${l}`),
        );
      else lines.push(`    ${when}: ${exampleCommand(s.example)}`);
    }
  });
  return lines.join('\n');
}

const esc = (v: string): string => v.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function warningLines(ws: readonly Diagnostic[]): string[] {
  return ws.map((w) => `> **${w.code}**: ${w.message}`);
}

/** Markdown for a pull-request comment. */
export function diffMarkdown(r: DiffResult): string {
  const out = [`### Reachability diff`, '', summaryText(r)];
  if (r.classes.length > 0) {
    out.push('', '| # | change | source | packets | before | after |', '|---|---|---|---|---|---|');
    r.classes.forEach((k, i) =>
      out.push(
        `| ${i + 1} | ${esc(headline(k))} | ${esc(k.source)} | ${boxLines(k.boxes, 4).map(esc).join('<br>')} | ${esc(sideText(k.before))} | ${esc(sideText(k.after))} |`,
      ),
    );
    r.classes.forEach((k, i) => {
      out.push('', `<details><summary>[${i + 1}] traces before and after</summary>`, '');
      for (const [when, s] of [
        ['before', k.before],
        ['after', k.after],
      ] as const)
        out.push(
          `**${when}**`,
          '',
          '```',
          s.example ? traceText(s.example, false) : 'no such source',
          '```',
          '',
        );
      out.push('</details>');
    });
  }
  if (r.warnings.length > 0) out.push('', ...warningLines(r.warnings));
  return out.join('\n');
}

interface DiffClassJson {
  id: number;
  kind: ChangeKind;
  source: string;
  fromInternet: boolean;
  bypassed: readonly string[];
  boxes: ReachBoxJson[];
  before: object | null;
  after: object | null;
}

function sideJson(s: DiffSide): object | null {
  if (!s.outcome) return null;
  // The boxes name the protocols; the class may span several.
  const rest = Object.fromEntries(Object.entries(s.outcome).filter(([k]) => k !== 'protocol'));
  return { ...rest, example: s.example };
}

export function diffJson(r: DiffResult): object {
  const classes: DiffClassJson[] = r.classes.map((k, i) => ({
    id: i + 1,
    kind: k.kind,
    source: k.source,
    fromInternet: k.fromInternet,
    bypassed: k.bypassed,
    boxes: k.boxes.map(boxJson),
    before: sideJson(k.before),
    after: sideJson(k.after),
  }));
  return { sources: r.sources, cells: r.cells, method: r.method, classes, warnings: r.warnings };
}
