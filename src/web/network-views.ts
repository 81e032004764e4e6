/**
 * The page's network-wide views (issue 17 §4), from GET /api/exposure and GET /api/matrix:
 * - exposure: every resource the internet reaches is marked on the diagram (red border) with a note beside it —
 *   protocol, ports, from where, and the security-group rule that admits it (SG-1) — and listed in the panel;
 * - the reachability matrix as a heat map (rows: from, columns: to; the share of reachable ENI pairs colours a
 *   cell, its services in the cell's text).
 * Clicking an exposure row or a matrix cell fills the flow form with that class's example flow and traces it, so
 * the trace shown is the one `vpcsim trace` prints.
 */
import type { NetworkWideResponse, TraceRequest } from '../server/api-types.js';
import type { ExposureView, MatrixView } from '../server/network-wide.js';
import { $, el } from './dom.js';
import { noteBeside } from './overlay.js';
import { shownId, type PageState } from './page-state.js';

/** Fill the flow form with `f` and trace it (the form's own submit: same path as typing it). */
function traceFlowOf(f: TraceRequest): void {
  const form = $<HTMLFormElement>('flow');
  const set = (name: string, v: string | number | undefined): void => {
    const input = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (input) input.value = v === undefined ? '' : String(v);
  };
  set('from', f.from);
  set('to', f.to);
  set('protocol', f.protocol ?? 'tcp');
  set('port', f.port);
  set('srcPort', undefined);
  set('sni', f.sni);
  set('host', f.host);
  form.requestSubmit();
}

export function clearNetworkViews(page: PageState): void {
  const cy = page.cy;
  if (!cy) return;
  cy.remove('.exposure-note');
  cy.nodes('.exposed').removeClass('exposed');
  page.exposed = [];
}

function showExposure(page: PageState, v: ExposureView): HTMLElement {
  const cy = page.cy;
  const byNode = new Map<string, string[]>();
  for (const r of v.rows) {
    const nodes = page.model?.graph.resources[r.resource] ?? [];
    const node = nodes.map((n) => shownId(page, n)).find((n) => cy?.getElementById(n).nonempty());
    if (node === undefined) continue;
    byNode.set(node, [
      ...(byNode.get(node) ?? []),
      `${r.protocol} ${r.ports} from ${r.from}${r.rule ? ` (${r.rule})` : ''}`.replace('  ', ' '),
    ]);
  }
  if (cy) {
    for (const [node, lines] of [...byNode].sort(([a], [b]) => (a < b ? -1 : 1))) {
      cy.getElementById(node).addClass('exposed');
      noteBeside(cy, node, `exposure-${node}`, 'exposure-note', ['⚠ exposed to the internet', ...lines]);
    }
  }
  page.exposed = [...byNode.keys()].sort();
  const table = el(
    'table',
    { class: 'wide exposure', 'data-testid': 'exposure' },
    el(
      'tr',
      {},
      ...['resource', 'address', 'service', 'from', 'inspected', 'admitted by'].map((h) => el('th', {}, h)),
    ),
  );
  for (const r of v.rows) {
    const tr = el(
      'tr',
      { 'data-resource': r.resource, title: `path: ${r.path}` },
      el('td', {}, r.resource),
      el('td', {}, el('span', { class: 'addr' }, r.address)),
      el('td', {}, `${r.protocol} ${r.ports}`),
      el('td', {}, r.from),
      el('td', {}, r.inspected),
      el('td', {}, r.rule ?? ''),
    );
    tr.addEventListener('click', () => {
      traceFlowOf(r.flow);
    });
    table.append(tr);
  }
  return v.rows.length === 0
    ? el('p', { 'data-testid': 'exposure' }, 'Nothing is reachable from the internet.')
    : table;
}

/** White (nothing reachable) to red (every pair reachable); asymmetric cells amber. */
function heat(c: MatrixView['cells'][number][number]): string {
  if (c.pairs === 0) return '#f5f5f5';
  if (c.reachable === 0 && c.asymmetric > 0) return '#ffe082';
  const share = c.reachable / c.pairs;
  const light = Math.round(96 - share * 46);
  return `hsl(4, 80%, ${light}%)`;
}

function showMatrix(v: MatrixView): HTMLElement {
  const table = el(
    'table',
    { class: 'wide matrix', 'data-testid': 'matrix' },
    el('tr', {}, el('th', {}, 'from ↓ to →'), ...v.groups.map((g) => el('th', {}, g))),
  );
  v.cells.forEach((row, i) => {
    const tr = el('tr', {}, el('th', {}, v.groups[i] ?? ''));
    row.forEach((c, j) => {
      const text = c.pairs === 0 ? '' : `${c.reachable}/${c.pairs}`;
      const td = el(
        'td',
        {
          style: `background:${heat(c)}`,
          'data-from': v.groups[i] ?? '',
          'data-to': v.groups[j] ?? '',
          title: c.services.join(', ') || 'nothing reachable',
          class: c.flow ? 'cell traceable' : 'cell',
        },
        el('div', {}, text),
        ...(c.services.length > 0 ? [el('div', { class: 'svc' }, c.services.join(', '))] : []),
      );
      const flow = c.flow;
      if (flow)
        td.addEventListener('click', () => {
          traceFlowOf(flow);
        });
      tr.append(td);
    });
    table.append(tr);
  });
  return table;
}

export function showNetworkView(page: PageState, r: NetworkWideResponse): void {
  clearNetworkViews(page);
  const box = $('wide');
  const warnings = r.warnings.map((w) => el('div', { class: 'where' }, `${w.code}: ${w.message}`));
  box.replaceChildren(r.kind === 'exposure' ? showExposure(page, r) : showMatrix(r), ...warnings);
}
