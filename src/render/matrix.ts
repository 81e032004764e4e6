/**
 * `vpcsim matrix` output: groups × groups, each cell "reachable pairs / pairs" and the services that get through —
 * as a text table, CSV, Markdown, JSON, or an HTML heat map (the share of reachable pairs as colour; hover for the
 * services; each cell links the `vpcsim trace` of an example pair).
 */
import type { Matrix, MatrixCell } from '../analysis/reach/matrix.js';

function cellText(c: MatrixCell): string {
  if (c.pairs === 0) return '';
  if (c.reachable === 0 && c.asymmetric === 0) return `0/${c.pairs}`;
  return `${c.reachable}/${c.pairs}${c.asymmetric > 0 ? ` (+${c.asymmetric} asym)` : ''} ${c.services.join('; ')}`;
}

export function matrixText(m: Matrix): string {
  const w = Math.max(4, ...m.groups.map((g) => g.length));
  const lines = [
    `reachability by ${m.by} (rows: from, columns: to; reachable ENI pairs / pairs, services) — ${m.traced} cells traced`,
  ];
  m.groups.forEach((from, i) => {
    lines.push('', from.padEnd(w));
    m.groups.forEach((to, j) => {
      const c = m.cells[i]?.[j];
      if (c && c.pairs > 0) lines.push(`  → ${to.padEnd(w)}  ${cellText(c)}`);
    });
  });
  return lines.join('\n');
}

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function matrixCsv(m: Matrix): string {
  const out = ['from,to,pairs,reachable,asymmetric,services'];
  m.groups.forEach((from, i) => {
    m.groups.forEach((to, j) => {
      const c = m.cells[i]?.[j];
      if (c && c.pairs > 0)
        out.push(
          [from, to, String(c.pairs), String(c.reachable), String(c.asymmetric), c.services.join('; ')]
            .map(csvCell)
            .join(','),
        );
    });
  });
  return out.join('\n');
}

export function matrixMarkdown(m: Matrix): string {
  const esc = (v: string): string => v.replace(/\|/g, '\\|');
  return [
    `| from \\ to | ${m.groups.map(esc).join(' | ')} |`,
    `|---|${m.groups.map(() => '---').join('|')}|`,
    ...m.groups.map(
      (from, i) =>
        `| **${esc(from)}** | ${m.groups.map((_, j) => esc(cellText(m.cells[i]?.[j] ?? { pairs: 0, reachable: 0, asymmetric: 0, services: [] }))).join(' | ')} |`,
    ),
    ...m.warnings.map((w) => `\n> **${w.code}**: ${w.message}`),
  ].join('\n');
}

export function matrixJson(m: Matrix): object {
  return { by: m.by, groups: m.groups, traced: m.traced, cells: m.cells, warnings: m.warnings };
}

const escHtml = (v: string): string =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained HTML page: the matrix as a heat map. */
export function matrixHtml(m: Matrix, title = 'vpcsim reachability matrix'): string {
  const cell = (c: MatrixCell | undefined): string => {
    if (!c || c.pairs === 0) return '<td class="none"></td>';
    const share = c.reachable / c.pairs;
    // white → red as more pairs connect; asymmetric-only cells amber.
    const bg =
      c.reachable === 0 && c.asymmetric > 0 ? '#f5c26b' : `hsl(0, 75%, ${Math.round(100 - share * 45)}%)`;
    const tip = c.services.length > 0 ? c.services.join('; ') : 'nothing gets through';
    const ex = c.example ? `vpcsim trace … --from ${c.example[0]} --to ${c.example[1]}` : '';
    return `<td style="background:${bg}" title="${escHtml(`${tip}${ex ? `\n${ex}` : ''}`)}">${c.reachable}/${c.pairs}</td>`;
  };
  const head = m.groups.map((g) => `<th>${escHtml(g)}</th>`).join('');
  const rows = m.groups
    .map(
      (from, i) =>
        `<tr><th>${escHtml(from)}</th>${m.groups.map((_, j) => cell(m.cells[i]?.[j])).join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:center}th{background:#f4f4f4}td.none{background:#fafafa}</style>
</head><body>
<h1>${escHtml(title)}</h1>
<p>By ${escHtml(m.by)}: rows send, columns receive. Each cell: ENI pairs that reach each other on something / all pairs; hover for the services and an example trace. ${m.traced} cells traced, exactly (docs/reach.md).</p>
<table><tr><th>from \\ to</th>${head}</tr>
${rows}
</table></body></html>
`;
}
