/**
 * The rendered diagram's geometry (issue 14, "The page and the diagrams"), read from the SVG Graphviz writes for
 * S0 flow 1 (hand-written network and trace, test/browser/fixtures/s0.ts): address translations inside their VPC,
 * edges drawn under the boxes and routed around every box they do not join, route labels not overlapping each other, and the internet drawn only where an
 * internet gateway is routed to (IGW-1). Text extents are estimated from the font size (DejaVu Sans averages
 * under 0.6 em per character), which over-estimates widths: an overlap found is a real one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../../model/network.js';
import { networkToDot } from './dot.js';
import { createDotRenderer, dotToSvg, type DotRenderer } from './svg.js';
import { s0Flow1Trace, s0Network } from '../../../test/browser/fixtures/s0.js';

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
interface Group {
  kind: 'cluster' | 'node' | 'edge';
  title: string;
  body: string;
}

const unescape = (s: string): string =>
  s
    .replace(/&#45;/g, '-')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .replace(/&#160;/g, ' ');

function groups(svg: string): Group[] {
  const re = /<g id="[^"]+" class="(cluster|node|edge)">\s*<title>([^<]*)<\/title>([\s\S]*?)<\/g>/g;
  return [...svg.matchAll(re)].map((m) => ({
    kind: m[1] as Group['kind'],
    title: unescape(m[2] ?? ''),
    body: m[3] ?? '',
  }));
}

/** The bounding box of a group's outline (path `d` or polygon `points`). */
function outline(body: string): Box {
  const shape = /<(?:path|polygon)[^>]*?(?: d="([^"]+)"| points="([^"]+)")/.exec(body);
  const nums = [...(shape?.[1] ?? shape?.[2] ?? '').matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
  const xs = nums.filter((_, i) => i % 2 === 0);
  const ys = nums.filter((_, i) => i % 2 === 1);
  return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
}

/** Every text element of a group with its estimated box. */
function texts(body: string): { text: string; box: Box }[] {
  const re =
    /<text[^>]*? text-anchor="(start|middle|end)" x="([-\d.]+)" y="([-\d.]+)"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)<\/text>/g;
  return [...body.matchAll(re)].map((m) => {
    const [anchor, x, y, size, raw] = [m[1], Number(m[2]), Number(m[3]), Number(m[4]), unescape(m[5] ?? '')];
    const w = raw.length * size * 0.6;
    const x1 = anchor === 'start' ? x : anchor === 'middle' ? x - w / 2 : x - w;
    return { text: raw, box: { x1, y1: y - size * 0.8, x2: x1 + w, y2: y + size * 0.2 } };
  });
}

/** Points along an edge's path (Graphviz writes it as `M p0 C p1 p2 p3 …`, cubic Bézier segments). */
function edgePoints(body: string): [number, number][] {
  const d = /<path[^>]* d="([^"]+)"/.exec(body)?.[1] ?? '';
  const n = [...d.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
  const p: [number, number][] = [];
  for (let i = 0; i + 1 < n.length; i += 2) p.push([n[i] as number, n[i + 1] as number]);
  const out: [number, number][] = [];
  for (let i = 0; i + 3 < p.length; i += 3) {
    const [a, b, c, e] = [0, 1, 2, 3].map((k) => p[i + k] ?? [0, 0]) as [
      [number, number],
      [number, number],
      [number, number],
      [number, number],
    ];
    for (let k = 0; k <= 10; k++) {
      const t = k / 10;
      const u = 1 - t;
      const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t] as const;
      out.push([
        w[0] * a[0] + w[1] * b[0] + w[2] * c[0] + w[3] * e[0],
        w[0] * a[1] + w[1] * b[1] + w[2] * c[1] + w[3] * e[1],
      ]);
    }
  }
  return out;
}

/** Edges that pass under a node box they do not join (2 px inside the box's outline). */
function edgesUnderUnrelatedBoxes(g: Group[]): string[] {
  const nodes = g.filter((x) => x.kind === 'node').map((x) => ({ title: x.title, box: outline(x.body) }));
  const out: string[] = [];
  for (const e of g.filter((x) => x.kind === 'edge')) {
    const ends = e.title.split('->');
    const pts = edgePoints(e.body);
    for (const n of nodes) {
      if (ends.includes(n.title)) continue;
      const b = n.box;
      if (pts.some(([x, y]) => x > b.x1 + 2 && x < b.x2 - 2 && y > b.y1 + 2 && y < b.y2 - 2))
        out.push(`${e.title} under ${n.title}`);
    }
  }
  return out;
}

const inside = (a: Box, b: Box): boolean => a.x1 >= b.x1 && a.y1 >= b.y1 && a.x2 <= b.x2 && a.y2 <= b.y2;
const overlap = (a: Box, b: Box): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

describe('the rendered S0 diagram (SVG geometry)', () => {
  let r: DotRenderer;
  let g: Group[];
  beforeAll(async () => {
    r = await createDotRenderer();
    g = groups(await dotToSvg(networkToDot(s0Network(), s0Flow1Trace()), r));
  });

  it('writes every SNAT/DNAT inside the VPC of the component that translated', () => {
    const vpc = g.find((x) => x.kind === 'cluster' && x.title.endsWith('_vpc:S0-VPC'));
    if (!vpc) throw new Error('no VPC cluster in the SVG');
    const box = outline(vpc.body);
    const xlat = g.flatMap((x) => texts(x.body)).filter((t) => /\b[SD]NAT\b/.test(t.text));
    // S0 flow 1: the NAT gateway's SNAT, the IGW's SNAT to the Elastic IP (IGW-2), and on the return the IGW's
    // DNAT back and the NAT gateway's (NGW) — all made by components inside the VPC.
    expect(xlat.map((t) => t.text.replace(/^R?\d+: /, '')).sort()).toEqual([
      'DNAT 10.60.20.10:1024 → 10.60.30.10:40312',
      'DNAT 203.0.113.60:1024 → 10.60.20.10:1024',
      'SNAT 10.60.20.10:1024 → 203.0.113.60:1024',
      'SNAT 10.60.30.10:40312 → 10.60.20.10:1024',
    ]);
    for (const t of xlat)
      expect({ text: t.text, inside: inside(t.box, box) }).toEqual({ text: t.text, inside: true });
  });

  it('draws edges under the boxes: every edge comes before every node in the SVG, and boxes are filled', () => {
    const lastEdge = g.map((x) => x.kind).lastIndexOf('edge');
    const firstNode = g.map((x) => x.kind).indexOf('node');
    expect(firstNode).toBeGreaterThan(lastEdge);
    const unfilled = g
      .filter((x) => x.kind === 'node')
      .filter((x) => /<(?:path|polygon|ellipse)[^>]* fill="none"/.test(x.body.split('<text')[0] ?? ''));
    expect(unfilled.map((x) => x.title)).toEqual([]);
  });

  it('routes no edge under a box it does not join (issue 14: edges not drawn under unrelated boxes)', () => {
    const edges = g.filter((x) => x.kind === 'edge');
    expect(edges.length).toBeGreaterThan(10); // the trace overlay's edges are drawn too
    expect(edgePoints(edges[0]?.body ?? '').length).toBeGreaterThan(10);
    expect(edgesUnderUnrelatedBoxes(g)).toEqual([]);
  });

  it('does not overlap route labels with each other', () => {
    const labels = g
      .filter((x) => x.kind === 'edge' && x.body.includes('stroke-dasharray'))
      .flatMap((x) => texts(x.body).map((t) => ({ ...t, edge: x.title })));
    expect(labels.length).toBeGreaterThan(3);
    const clashes: string[] = [];
    labels.forEach((a, i) => {
      for (const b of labels.slice(i + 1))
        if (overlap(a.box, b.box)) clashes.push(`${a.edge} "${a.text}" × ${b.edge} "${b.text}"`);
    });
    expect(clashes).toEqual([]);
  });

  it('does not draw the internet where no internet gateway is routed to (IGW-1)', async () => {
    const net = s0Network();
    const unrouted: Network = {
      ...net,
      routeTables: net.routeTables.map((t) => ({
        ...t,
        routes: t.routes.filter((x) => x.target.kind !== 'internet-gateway'),
      })),
    };
    const bare = groups(await dotToSvg(networkToDot(unrouted), r));
    expect(bare.some((x) => x.kind === 'node' && x.title === 'internet')).toBe(false);
    expect(bare.some((x) => x.kind === 'node' && x.title === 'igw:IGW')).toBe(true);
    expect(g.some((x) => x.kind === 'node' && x.title === 'internet')).toBe(true);
  });
});
