/**
 * The side panel: the verdict (verdict.ts), notes (fix plan, asymmetry), a hop table per direction (click a row to find its
 * component), the diagnostics (click one to select its resource) and the expectations (click one for its trace).
 */
import type { TraceResult } from '../analysis/trace-result.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { TraceOverlay } from '../render/diagram/overlay.js';
import type { TestResponse } from '../server/api-types.js';
import { $, el } from './dom.js';
import { hopTable } from './hop-table.js';
import { clearOverlay, drawOverlay } from './overlay.js';
import { showVerdict } from './verdict.js';
import { shownId, type PageState } from './page-state.js';

export function showTrace(
  page: PageState,
  trace: TraceResult,
  overlay: TraceOverlay,
  heading?: string,
): void {
  showVerdict(trace, overlay, heading);
  const notes = $('notes');
  notes.replaceChildren();
  const lines = [...trace.notes];
  if (trace.asymmetry) {
    lines.unshift(
      `Asymmetric (${trace.asymmetry.code}): the reply skips ${trace.asymmetry.skipped.join(', ') || '—'}${trace.asymmetry.suggestion ? `; fix: ${trace.asymmetry.suggestion}` : ''}`,
    );
  }
  if (trace.fix && trace.fix.changes.length > 0) {
    // Issue 14: the fix plan `vpcsim trace` prints, first — each change was checked by tracing again.
    const f = trace.fix;
    const head = f.admits
      ? `Fix — ${f.changes.length === 1 ? 'this change admits' : `these ${f.changes.length} changes together admit`} the flow (checked by tracing again):`
      : `Fix — not enough: after these changes the flow still stops at ${f.stillDroppedAt ?? '?'}${f.stillCode ? ` (${f.stillCode})` : ''}:`;
    lines.unshift(
      [head, ...f.changes.map((ch, i) => `${i + 1}. ${ch.change} [${ch.answers}, ${ch.ref}]`)].join(' '),
    );
  }
  if (lines.length > 0) notes.append(el('ul', {}, ...lines.map((l) => el('li', {}, l))));
  const hops = $('hops');
  const onRow = (node: string): void => {
    focusNodes(page, [node]);
  };
  hops.replaceChildren(hopTable('Forward', 'fwd', trace.forward, overlay.forward, '', onRow));
  if (trace.return && overlay.return)
    hops.append(hopTable('Return', 'ret', trace.return, overlay.return, 'R', onRow));
  drawOverlay(page, overlay);
}

export function showError(page: PageState, message: string): void {
  const v = $('verdict');
  v.hidden = false;
  v.className = 'verdict error';
  v.dataset.verdict = 'error';
  v.textContent = message;
  $('hops').replaceChildren();
  $('notes').replaceChildren();
  clearOverlay(page);
}

export function focusNodes(page: PageState, ids: readonly string[]): void {
  const cy = page.cy;
  if (!cy) return;
  const sel = cy.collection();
  for (const id of ids) if (id !== '') sel.merge(cy.getElementById(shownId(page, id)));
  cy.elements().unselect();
  if (sel.length === 0) return;
  sel.select();
  cy.animate({ fit: { eles: sel, padding: 120 }, duration: 250 });
}

export function showDiagnostics(page: PageState, ds: readonly Diagnostic[]): void {
  const ul = $('diagnostics');
  ul.replaceChildren();
  const errors = ds.filter((d) => d.severity === 'error').length;
  $('diag-count').textContent = `(${errors} error${errors === 1 ? '' : 's'}, ${ds.length - errors} other)`;
  for (const d of ds) {
    const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}` : '';
    const li = el(
      'li',
      { class: `diag ${d.severity}`, 'data-code': d.code, 'data-resource': d.resource ?? '' },
      el('span', { class: 'sev' }, d.severity),
      el('b', {}, d.code),
      ` ${d.message}`,
      ...(d.resource ? [el('span', { class: 'where' }, `resource ${d.resource}`)] : []),
      ...(where ? [el('span', { class: 'where' }, where)] : []),
    );
    li.addEventListener('click', () => {
      for (const x of ul.querySelectorAll('li.selected')) x.classList.remove('selected');
      li.classList.add('selected');
      focusNodes(page, d.resource ? (page.model?.graph.resources[d.resource] ?? []) : []);
    });
    ul.append(li);
  }
  if (ds.length === 0) ul.append(el('li', { class: 'diag' }, 'no diagnostics'));
}

export function showTests(page: PageState, t: TestResponse): void {
  const ul = $('expectations');
  ul.replaceChildren();
  const failed = t.results.filter((r) => !r.passed).length;
  $('exp-count').textContent = `(${t.results.length - failed} pass, ${failed} fail)`;
  for (const r of t.results) {
    const li = el(
      'li',
      { class: `exp ${r.passed ? 'pass' : 'fail'}`, 'data-name': r.name },
      el('span', { class: 'res' }, r.passed ? 'PASS' : 'FAIL'),
      r.name,
      el('span', { class: 'where' }, ` expected ${r.expected}, got ${r.actual}`),
      ...r.failures.map((f) => el('div', { class: 'where' }, f)),
    );
    li.addEventListener('click', () => {
      for (const x of ul.querySelectorAll('li.selected')) x.classList.remove('selected');
      li.classList.add('selected');
      if (r.trace && r.overlay) showTrace(page, r.trace, r.overlay, r.name);
      else showError(page, `${r.name}: no trace (${r.failures.join('; ') || 'not traced'})`);
    });
    ul.append(li);
  }
  if (t.results.length === 0) ul.append(el('li', { class: 'exp' }, 'no expectations in the inputs'));
}
