/**
 * The verdict box at the top of the side panel (issue 14): the flow and its verdict, then where and why — the
 * component that dropped the request or the reply with its explanation code and deciding rule, the stateful hop
 * an asymmetric reply skips, or what an uncertain verdict depends on (read as UNKNOWN, as the CLI does).
 */
import type { PathResult, TraceResult } from '../analysis/trace-result.js';
import type { TraceOverlay } from '../render/diagram/overlay.js';
import { $, el } from './dom.js';

function dropLine(what: string, p: PathResult): string | undefined {
  if (p.disposition !== 'dropped') return undefined;
  const h = p.hops[p.hops.length - 1];
  if (!h) return `${what} dropped${p.code ? `: ${p.code}` : ''}`;
  const where = `${h.kind} ${h.id}${h.direction ? ` (${h.direction})` : ''}`;
  const why = [h.code ?? p.code, h.rule].filter((x): x is string => typeof x === 'string' && x !== '');
  return `${what} dropped at ${where}${why.length > 0 ? `: ${why.join(' — ')}` : ''}`;
}

/** The lines under the title: where and why. */
export function verdictReasons(trace: TraceResult): string[] {
  const lines: string[] = [];
  if (trace.uncertain)
    lines.push(
      `UNKNOWN — depends on ${(trace.dependsOn ?? []).join(', ') || 'something vpcsim does not model'}`,
    );
  const fwd = dropLine('Request', trace.forward);
  if (fwd) lines.push(fwd);
  const ret = trace.return ? dropLine('Reply', trace.return) : undefined;
  if (ret) lines.push(ret);
  if (trace.filter)
    lines.push(`The path does not pass through ${trace.filter.through} (${trace.filter.code})`);
  if (trace.asymmetry) {
    const a = trace.asymmetry;
    lines.push(
      `The reply skips ${a.skipped.join(', ') || '—'}${a.divergedAt ? `, leaving the request's path at ${a.divergedAt}` : ''} (${a.code})`,
    );
  }
  return lines;
}

export function showVerdict(trace: TraceResult, overlay: TraceOverlay, heading?: string): void {
  const v = $('verdict');
  v.hidden = false;
  const verdict = trace.uncertain ? 'unknown' : trace.verdict;
  v.className = `verdict ${trace.verdict}${trace.uncertain ? ' uncertain' : ''}`;
  v.dataset.verdict = trace.verdict;
  v.dataset.shown = verdict;
  v.replaceChildren(
    el('div', { class: 'v-title' }, `${heading ? `${heading}: ` : ''}${overlay.title}`),
    ...verdictReasons(trace).map((l) => el('div', { class: 'v-why' }, l)),
  );
}
