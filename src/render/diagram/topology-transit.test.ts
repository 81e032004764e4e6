/**
 * Transit gateways in the diagram (issue 15 item 5): examples/s5-tgw-inspection.yaml (S5) — tgw-hub drawn between
 * the three VPCs it attaches, labelled with its route tables, joined to each attachment subnet's router; a trace
 * through it lights it up; DOT draws it. Expected ids and labels follow from the example file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../analysis/trace.js';
import { importNative } from '../../formats/native/index.js';
import { networkToDot } from './dot.js';
import { traceOverlay } from './overlay.js';
import { buildTopology } from './topology.js';

const file = join(import.meta.dirname, '../../../examples/s5-tgw-inspection.yaml');
const net = importNative(readFileSync(file, 'utf8'), file).network;
const g = buildTopology(net);
const node = (id: string) => g.nodes.find((n) => n.id === id);
const attached = (label: string) =>
  g.edges
    .filter((e) => e.kind === 'attachment' && e.from === 'tgw:tgw-hub' && e.label === label)
    .map((e) => e.to);

describe('transit gateways in the diagram (B10)', () => {
  it('one node per gateway, in the region of the VPCs it attaches, labelled with its route tables', () => {
    expect(node('tgw:tgw-hub')?.kind).toBe('transit-gateway');
    expect(node('tgw:tgw-hub')?.parent).toBe('region:ap-northeast-1');
    expect(node('tgw:tgw-hub')?.label).toEqual([
      'transit gateway tgw-hub',
      'table rt-hub: att-hub → propagated from att-a, att-b',
      'table rt-spoke: att-a, att-b → 0.0.0.0/0 att-hub',
    ]);
  });

  it('joins the gateway to the router of every attachment subnet (one ENI per AZ, TGW-8), appliance mode named', () => {
    expect(attached('att-a')).toEqual(['router:a-tgw-1a', 'router:a-tgw-1c']);
    expect(attached('att-b')).toEqual(['router:b-tgw-1a', 'router:b-tgw-1c']);
    expect(attached('att-hub (appliance mode)')).toEqual(['router:hub-tgw-1a', 'router:hub-tgw-1c']);
  });

  it('routes to the gateway end on its node; its attachments and tables map onto it', () => {
    const route = g.edges.find((e) => e.kind === 'route' && e.from === 'router:a-work-1a');
    expect([route?.to, route?.label]).toEqual(['tgw:tgw-hub', '0.0.0.0/0']);
    for (const r of ['tgw-hub', 'att-a', 'att-hub', 'rt-spoke', 'rt-hub'])
      expect(g.resources[r]).toEqual(['tgw:tgw-hub']);
    expect(g.nodes.some((n) => n.id.startsWith('ext:transit-gateway'))).toBe(false);
  });

  it('a trace through the gateway (S5 flow 1, a1 → b2 tcp/443) lights up its node both ways', () => {
    const t = traceFlow(net, { from: 'a1', to: 'b2', protocol: 'tcp', port: 443 });
    const o = traceOverlay(g, t);
    expect(o.forward.nodes).toContain('tgw:tgw-hub');
    expect(o.return?.nodes).toContain('tgw:tgw-hub');
    expect(o.extraNodes).toEqual([]);
  });

  it('DOT draws the gateway node and its attachment edges', () => {
    const dot = networkToDot(net);
    expect(dot).toContain('"tgw:tgw-hub"');
    expect(dot).toMatch(/"tgw:tgw-hub" -> "router:hub-tgw-1a"/);
  });
});
