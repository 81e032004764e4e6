/**
 * A hop table for one direction of a trace: #, component, action, deciding rule / code, and under them the packet
 * as it arrived (with the packet after a translation on a line of its own). Laid out so nothing spills (issue 14): an
 * address (with its port) never wraps mid-way — each is one unbreakable span — while rule text and component
 * names wrap inside their own column.
 */
import type { PathResult } from '../analysis/trace-result.js';
import type { PacketJson } from '../dataplane/packet.js';
import type { TraceOverlay } from '../render/diagram/overlay.js';
import { el } from './dom.js';

const addr = (text: string): HTMLElement => el('span', { class: 'addr' }, text);

/** `tcp 10.0.1.10:40312 → 142.250.196.100:443`, each endpoint unbreakable. */
function packetLine(p: PacketJson): HTMLElement {
  const [src, dst] =
    p.srcPort !== undefined
      ? [`${p.src}:${p.srcPort}`, `${p.dst}:${p.dstPort ?? ''}`]
      : [p.src, `${p.dst}${p.icmpType !== undefined ? ` type ${p.icmpType}` : ''}`];
  return el('code', { class: 'pkt' }, `${p.protocol} `, addr(src), ' → ', addr(dst));
}

function packetCell(h: { packet: PacketJson; after?: PacketJson | undefined }): HTMLElement {
  const td = el('td', { class: 'packet', colspan: '3' }, packetLine(h.packet));
  if (h.after) td.append(el('div', { class: 'after' }, 'after: ', packetLine(h.after)));
  return td;
}

export function hopTable(
  title: string,
  cls: string,
  path: PathResult,
  overlay: TraceOverlay['forward'] | null,
  prefix: string,
  onRow: (node: string) => void,
): HTMLTableElement {
  const t = el('table', { class: 'hops', 'data-testid': `hops-${cls}` });
  t.append(
    el(
      'caption',
      { class: `${cls}-title` },
      `${title}: ${path.disposition}${path.code ? ` (${path.code})` : ''}`,
    ),
    el(
      'colgroup',
      {},
      el('col', { class: 'c-n' }),
      el('col', { class: 'c-comp' }),
      el('col', { class: 'c-action' }),
      el('col', { class: 'c-rule' }),
    ),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, '#'),
        el('th', {}, 'component'),
        el('th', {}, 'action'),
        el('th', {}, 'deciding rule / code'),
      ),
    ),
  );
  path.hops.forEach((h, i) => {
    const rule = [h.rule, h.code, h.detail]
      .filter((x): x is string => typeof x === 'string' && x !== '')
      .join(' — ');
    // One <tbody> per hop: the decision on the first row, the packet (and after a translation) on a row of its
    // own under it, as wide as the table, so a long address pair never squeezes the rule column.
    const body = el(
      'tbody',
      {
        class: `hop${h.action === 'drop' ? ' drop' : h.after ? ' translate' : ''}`,
        'data-node': overlay?.hopNodes[i] ?? '',
      },
      el(
        'tr',
        {},
        el('td', { rowspan: '2' }, `${prefix}${i + 1}`),
        el(
          'td',
          { class: 'comp' },
          el('code', {}, `${h.kind} ${h.id}${h.direction ? ` (${h.direction})` : ''}`),
        ),
        el('td', {}, h.action),
        el('td', { class: 'rule' }, rule),
      ),
      el('tr', { class: 'pkt-row' }, packetCell(h)),
    );
    body.addEventListener('click', () => {
      onRow(body.dataset.node ?? '');
    });
    t.append(body);
  });
  return t;
}
