/**
 * Load balancers and PrivateLink in the diagram (issue 16 item 7; aws-semantics.md ELB-1, NLB-1, ALB-3, PL-1, PL-5):
 * examples/s6-load-balancers.yaml (S6) and examples/s7-privatelink.yaml (S7). Expected ids, parents, labels and edges
 * follow from the example files: one node per load-balancer node in its subnet, the listener on the edge to the
 * target group, the target group joined to its targets (port on the edge), the endpoint service joined to its NLB's
 * nodes and the interface endpoint to its service. A trace through the NLB lights up the node that took the flow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../analysis/trace.js';
import { importNative } from '../../formats/native/index.js';
import { networkToDot } from './dot.js';
import { traceOverlay } from './overlay.js';
import { dotToSvg } from './svg.js';
import { buildTopology } from './topology.js';

const load = (name: string) => {
  const file = join(import.meta.dirname, `../../../examples/${name}.yaml`);
  return importNative(readFileSync(file, 'utf8'), file).network;
};
const s6 = load('s6-load-balancers');
const s7 = load('s7-privatelink');
const g6 = buildTopology(s6);
const g7 = buildTopology(s7);
const edges = (g: typeof g6, from: string) =>
  g.edges.filter((e) => e.from === from).map((e) => `${e.to} ${e.label ?? ''}`.trim());

describe('load balancers in the diagram (B14)', () => {
  it('one node per load-balancer node, in its subnet, with its addresses and listeners (ELB-1, NLB-1)', () => {
    const nlb = g6.nodes.filter((n) => n.resource === 'nlb-pub');
    expect(nlb.map((n) => [n.id, n.kind, n.parent])).toEqual([
      ['lb:nlb-pub:pub-a', 'load-balancer', 'subnet:pub-a'],
      ['lb:nlb-pub:pub-c', 'load-balancer', 'subnet:pub-c'],
    ]);
    expect(nlb[0]?.label).toEqual([
      'NLB nlb-pub',
      'internet-facing · node ap-northeast-1a · 10.70.0.50 (203.0.113.70)',
      'TCP:443, TCP:8443',
    ]);
    expect(g6.resources['nlb-pub']).toEqual(['lb:nlb-pub:pub-a', 'lb:nlb-pub:pub-c']);
  });

  it('listeners forward to target groups (ALB rule conditions on the edge, ALB-3); groups join their targets', () => {
    expect(edges(g6, 'lb:nlb-pub:pub-a')).toEqual(['tg:tg-inst TCP:443', 'tg:tg-ip TCP:8443']);
    expect(edges(g6, 'lb:alb-app:pub-c')).toEqual([
      'tg:tg-admin HTTP:80 admin.example.com',
      'tg:tg-app HTTP:80',
    ]);
    expect(g6.nodes.find((n) => n.id === 'tg:tg-ip')?.label).toEqual([
      'target group tg-ip',
      'ip · TCP:8443',
      '10.70.10.20, 10.70.11.20',
    ]);
    // IP targets are drawn on the instance that owns the address.
    expect(edges(g6, 'tg:tg-ip')).toEqual(['inst:api1 :8443', 'inst:api2 :8443']);
    expect(edges(g6, 'tg:tg-admin')).toEqual([]);
  });

  it('a trace through the NLB (internet → nlb-pub tcp/443) lights up the node and the target group', () => {
    const t = traceFlow(s6, { from: '198.51.100.7', to: 'nlb-pub', protocol: 'tcp', port: 443 });
    const o = traceOverlay(g6, t);
    expect(o.forward.nodes).toContain('lb:nlb-pub:pub-a');
    expect(o.forward.nodes).toContain('tg:tg-inst');
    expect(o.extraNodes).toEqual([]);
  });

  it('DOT and SVG draw the load-balancer nodes, target groups and their edges', async () => {
    const dot = networkToDot(s6);
    expect(dot).toMatch(/"lb:nlb-pub:pub-a" -> "tg:tg-inst"/);
    expect(dot).toMatch(/"tg:tg-inst" -> "inst:web1"/);
    const svg = (await dotToSvg(dot)).replaceAll('&#45;', '-');
    expect(svg).toContain('NLB nlb-pub');
    expect(svg).toContain('target group tg-inst');
  });
});

describe('interface endpoints and endpoint services in the diagram (B15)', () => {
  it('the endpoint service joins its NLB nodes; the interface endpoint (ENI per subnet, PL-1) joins the service', () => {
    const svc = g7.nodes.find((n) => n.id === 'vpces:vpce-svc-0prov');
    expect([svc?.kind, svc?.parent]).toEqual(['endpoint-service', 'vpc:prov']);
    expect(edges(g7, 'vpces:vpce-svc-0prov')).toEqual(['lb:nlb-svc:nlb-a', 'lb:nlb-svc:nlb-c']);
    expect(edges(g7, 'vpce:vpce-0cons')).toEqual(['vpces:vpce-svc-0prov PrivateLink (PL-7)']);
    expect(g7.nodes.find((n) => n.id === 'vpce:vpce-0cons')?.label).toEqual([
      'interface endpoint vpce-0cons',
      'vpce-svc-0prov',
      'ep-a 10.0.20.50, ep-c 10.0.21.50',
    ]);
  });
});
