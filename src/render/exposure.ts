/**
 * `vpcsim exposure` output: one row per exposed box — resource, address, protocol, ports, who can send (internet
 * ranges or a VPN client), whether an inspection hop is on the path, and the path — as a text table, CSV, Markdown
 * or JSON (with each class's example trace).
 */
import type { ExposureResult, ExposureRow } from '../analysis/reach/exposure.js';
import { formatAddressRange, formatPortRange } from '../analysis/reach/space.js';
import { classJson } from './reach.js';

export interface ExposureLine {
  resource: string;
  address: string;
  protocol: string;
  ports: string;
  from: string;
  verdict: string;
  inspected: string;
  path: string;
  conditions: string;
}

export function exposureLine(r: ExposureRow): ExposureLine {
  const b = r.box;
  const who = r.source === 'internet' ? 'internet' : r.source;
  return {
    resource: r.resource,
    address: formatAddressRange(b.dst),
    protocol: b.proto.label,
    ports: b.ports ? formatPortRange(b.ports) : '',
    from: r.anySource
      ? `any ${who} address`
      : r.sources.length === 0
        ? r.source
        : r.except.length < r.sources.length
          ? `any ${who} address except ${r.except.slice(0, 4).map(formatAddressRange).join(', ')}${r.except.length > 4 ? ` … (+${r.except.length - 4} ranges)` : ''}`
          : `${r.source === 'internet' ? '' : `${r.source} `}${r.sources.slice(0, 3).map(formatAddressRange).join(', ')}${r.sources.length > 3 ? ` … (+${r.sources.length - 3} ranges)` : ''}`,
    verdict: r.cls.verdict + (r.cls.uncertain ? ' (unknown)' : ''),
    inspected: r.cls.inspection.length > 0 ? r.cls.inspection.join('+') : 'no',
    path: r.cls.path.join(' → '),
    conditions: r.cls.conditions.join(' '),
  };
}

const HEAD: readonly (keyof ExposureLine)[] = [
  'resource',
  'address',
  'protocol',
  'ports',
  'from',
  'verdict',
  'inspected',
  'path',
];

export function exposureText(e: ExposureResult): string {
  const lines = e.rows.map(exposureLine);
  if (lines.length === 0) return `nothing is reachable from the internet (${e.cells} cells traced)`;
  const cols = HEAD.map((h) => Math.max(h.length, ...lines.map((l) => l[h].length)));
  const row = (vals: readonly string[]): string =>
    vals
      .map((v, i) => v.padEnd(cols[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [row(HEAD.map((h) => h.toUpperCase())), ...lines.map((l) => row(HEAD.map((h) => l[h])))];
  const conds = [...new Set(lines.map((l) => l.conditions).filter((c) => c !== ''))];
  for (const c of conds) out.push(`condition: ${c}`);
  out.push(
    `${lines.length} exposed row${lines.length === 1 ? '' : 's'} in ${e.classes.length} class${e.classes.length === 1 ? '' : 'es'} (${e.cells} cells traced)`,
  );
  return out.join('\n');
}

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function exposureCsv(e: ExposureResult): string {
  const keys: (keyof ExposureLine)[] = [...HEAD, 'conditions'];
  return [
    keys.join(','),
    ...e.rows.map(exposureLine).map((l) => keys.map((k) => csvCell(l[k])).join(',')),
  ].join('\n');
}

export function exposureMarkdown(e: ExposureResult): string {
  const lines = e.rows.map(exposureLine);
  const esc = (v: string): string => v.replace(/\|/g, '\\|');
  return [
    `### Internet exposure: ${lines.length} row${lines.length === 1 ? '' : 's'}`,
    '',
    '| resource | address | protocol | ports | from | verdict | inspected | path |',
    '|---|---|---|---|---|---|---|---|',
    ...lines.map((l) => `| ${HEAD.map((h) => esc(l[h])).join(' | ')} |`),
    ...e.warnings.map((w) => `\n> **${w.code}**: ${w.message}`),
  ].join('\n');
}

export function exposureJson(e: ExposureResult): object {
  const ids = new Map(e.classes.map((k, i) => [k, i + 1]));
  return {
    cells: e.cells,
    rows: e.rows.map((r) => ({ ...exposureLine(r), class: ids.get(r.cls) })),
    classes: e.classes.map((k, i) => classJson(k, i + 1)),
    warnings: e.warnings,
  };
}
