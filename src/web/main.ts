/**
 * The vpcsim web page: the network as compound nodes (cytoscape, ELK layout), a flow form (type it or click two
 * nodes), the verdict, both paths highlighted, hop tables, diagnostics linked to resources, and the expectations
 * in the inputs with pass/fail, each opening its trace. Reloads when the server says the inputs changed.
 *
 * Large networks (more than ELK_LIMIT boxes) are drawn differently, for speed (docs/web.md): each subnet is one
 * box, positions come from layout.ts's nested grid, clusters are plain boxes behind their contents rather than
 * compound nodes, the first viewport is computed rather than measured, and labels are switched on for what is in
 * view once zoomed in far enough to read them. ELK itself is loaded only when a small network needs it.
 *
 * State lives in one object created at start-up (`page`); `window.vpcsim` exposes it read-only for tests.
 */
import { api } from './api.js';
import type { TestResponse, TraceRequest, ModelResponse } from '../server/api-types.js';
import { $, el, setStatus } from './dom.js';
import { drawGraph, refitOnResize } from './graph.js';
import { clearOverlay } from './overlay.js';
import { showDiagnostics, showError, showTests, showTrace } from './panels.js';
import { createPageState } from './page-state.js';
import { showNetworkView } from './network-views.js';

const page = createPageState();
(window as unknown as { vpcsim: typeof page }).vpcsim = page;
refitOnResize(page);

// ----------------------------------------------------------------------------------------------- the flow
function readFlow(): TraceRequest {
  const f = new FormData($<HTMLFormElement>('flow'));
  const s = (k: string): string | undefined => {
    const v = f.get(k);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const n = (k: string): number | undefined => {
    const v = s(k);
    return v === undefined ? undefined : Number(v);
  };
  return {
    from: s('from') ?? '',
    to: s('to') ?? '',
    protocol: s('protocol'),
    port: n('port'),
    srcPort: n('srcPort'),
    sni: s('sni'),
    host: s('host'),
    variant: page.variant || undefined,
  };
}

async function runTrace(): Promise<void> {
  const flow = readFlow();
  if (flow.from === '' || flow.to === '') {
    showError(page, 'Give both "from" and "to".');
    return;
  }
  setStatus('tracing…');
  try {
    const r = await api.trace(flow);
    page.trace = r;
    showTrace(page, r.trace, r.overlay);
    setStatus(`traced (inputs v${r.version})`);
  } catch (e) {
    showError(page, e instanceof Error ? e.message : String(e));
    setStatus('trace refused');
  }
}

async function loadAll(): Promise<void> {
  setStatus('loading…');
  let m = await api.model(page.variant || undefined).catch(() => undefined);
  if (!m) {
    // The variant disappeared from the inputs after an edit: fall back to the inputs as written.
    page.variant = '';
    m = await api.model();
  }
  page.model = m;
  $('files').textContent = m.files.join(', ');
  showVariants(m);
  await drawGraph(page, m);
  const variant = page.variant || undefined;
  const [v, t] = await Promise.all([
    api.validate(variant),
    api
      .test(variant)
      .catch((e: unknown) => ({ version: m.version, results: [], error: String(e) }) as TestResponse),
  ]);
  showDiagnostics(page, v.diagnostics);
  page.tests = t;
  showTests(page, t);
  setStatus(`inputs v${m.version} · ${m.graph.nodes.length} nodes · layout ${Math.round(page.layoutMs)} ms`);
  document.body.dataset.version = String(m.version);
  if (page.trace) await runTrace();
}

function showVariants(m: ModelResponse): void {
  const box = $('variant-box');
  const sel = $<HTMLSelectElement>('variant');
  box.hidden = m.variants.length === 0;
  const wanted = ['', ...m.variants.map((v) => v.name)];
  const have = [...sel.options].map((o) => o.value);
  if (wanted.join('\n') !== have.join('\n')) {
    sel.replaceChildren(
      el('option', { value: '' }, '(the inputs as written)'),
      ...m.variants.map((v) => el('option', { value: v.name, title: v.description ?? '' }, v.name)),
    );
  }
  sel.value = page.variant;
}

$<HTMLSelectElement>('variant').addEventListener('change', (e) => {
  page.variant = (e.target as HTMLSelectElement).value;
  void loadAll();
});

$<HTMLFormElement>('flow').addEventListener('submit', (e) => {
  e.preventDefault();
  void runTrace();
});
$('clear').addEventListener('click', () => {
  page.trace = undefined;
  $('verdict').hidden = true;
  $('hops').replaceChildren();
  $('notes').replaceChildren();
  clearOverlay(page);
});

async function showWide(kind: 'exposure' | 'matrix'): Promise<void> {
  setStatus(kind === 'exposure' ? 'computing what the internet reaches…' : 'computing the matrix…');
  try {
    const variant = page.variant || undefined;
    const by = $<HTMLSelectElement>('matrix-by').value;
    const r = kind === 'exposure' ? await api.exposure(variant) : await api.matrix(by, variant);
    showNetworkView(page, r);
    setStatus(`${kind} (inputs v${r.version})`);
  } catch (e) {
    $('wide').textContent = e instanceof Error ? e.message : String(e);
    setStatus(`${kind} refused`);
  }
}
$('show-exposure').addEventListener('click', () => void showWide('exposure'));
$('show-matrix').addEventListener('click', () => void showWide('matrix'));

const events = new EventSource('/api/events');
events.addEventListener('reload', () => void loadAll());

loadAll().catch((e: unknown) => {
  showError(page, `could not load: ${e instanceof Error ? e.message : String(e)}`);
});
