import { describe, expect, it } from 'vitest';
import { emptyNetwork, type Network } from '../../model/network.js';
import { networkToDot } from './dot.js';
import { DotRenderError, createDotRenderer, dotToSvg } from './svg.js';
import { svgToPng } from './png.js';
import { FORWARD_COLOR, RETURN_COLOR, DROP_COLOR } from './style.js';
import { s0B01Trace, s0Flow1Trace, s0Flow3Trace, s0Network } from '../../../test/browser/fixtures/s0.js';

/** The path edges of a DOT text: `from -> to` with their step label, in output order. */
function pathEdges(dot: string, color: string): string[] {
  const re = new RegExp(`^\\s*"([^"]+)" -> "([^"]+)" \\[color="${color}".*?<b>(R?\\d+)</b>`, 'gm');
  return [...dot.matchAll(re)].map((m) => `${m[3]}: ${m[1]} > ${m[2]}`);
}

describe('networkToDot', () => {
  it('draws nested clusters with CIDRs', () => {
    const dot = networkToDot(s0Network());
    expect(dot.startsWith('digraph vpcsim {')).toBe(true);
    const order = [
      'cluster_0_region:ap-northeast-1',
      'vpc:S0-VPC',
      'az:S0-VPC:ap-northeast-1a',
      'subnet:FirewallSubnet',
    ];
    let at = -1;
    for (const o of order) {
      const i = dot.indexOf(o);
      expect(i).toBeGreaterThan(at);
      at = i;
    }
    expect(dot).toContain('10.60.30.0/24');
    expect(dot).toContain('10.60.0.0/16');
    expect(pathEdges(dot, FORWARD_COLOR)).toEqual([]);
  });

  it('S0 flow 1: forward steps 1–7 in blue, return R1–R5 in orange, translations on the edges', () => {
    const dot = networkToDot(s0Network(), s0Flow1Trace());
    expect(pathEdges(dot, FORWARD_COLOR)).toEqual([
      '1: inst:app > router:PrivateSubnet',
      '2: router:PrivateSubnet > fwe:vpce-fw-1a',
      '3: fwe:vpce-fw-1a > router:FirewallSubnet',
      '4: router:FirewallSubnet > nat:NATGW',
      '5: nat:NATGW > router:NatGwSubnet',
      '6: router:NatGwSubnet > igw:IGW',
      '7: igw:IGW > internet',
    ]);
    expect(pathEdges(dot, RETURN_COLOR)).toEqual([
      'R1: igw:IGW > nat:NATGW',
      'R2: nat:NATGW > router:NatGwSubnet',
      'R3: router:NatGwSubnet > fwe:vpce-fw-1a',
      'R4: fwe:vpce-fw-1a > router:FirewallSubnet',
      'R5: router:FirewallSubnet > inst:app',
    ]);
    expect(dot).toContain('SNAT 10.60.30.10:40312 → 10.60.20.10:1024');
    expect(dot).toContain('SNAT 10.60.20.10:1024 → 203.0.113.60:1024');
    expect(dot).toContain('DNAT 203.0.113.60:1024 → 10.60.20.10:1024');
    expect(dot).not.toContain('drop:');
  });

  it('marks a drop with its code where it happens', () => {
    const dot = networkToDot(s0Network(), s0Flow3Trace());
    expect(dot).toMatch(
      new RegExp(`"drop:forward" \\[shape=octagon.*color="${DROP_COLOR}".*FIREWALL_RULES_RESTRICTION`),
    );
    expect(dot).toContain('"fwe:vpce-fw-1a" -> "drop:forward"');
  });

  it('B0.1: a note on NATGW-RTB says the reply leaves the firewall path and how to fix it', () => {
    const dot = networkToDot(s0Network({ returnRoute: false }), s0B01Trace());
    expect(dot).toContain('"note:asymmetry" -> "router:NatGwSubnet"');
    expect(dot).toContain('reply skips vpce-fw-1a');
    expect(pathEdges(dot, RETURN_COLOR)).toContain('R3: router:NatGwSubnet > inst:app');
  });

  it('is deterministic and independent of input order', () => {
    const a = s0Network();
    const b: Network = {
      ...a,
      subnets: [...a.subnets].reverse(),
      routeTables: [...a.routeTables].reverse(),
      natGateways: [...a.natGateways],
    };
    expect(networkToDot(b, s0Flow1Trace())).toBe(networkToDot(a, s0Flow1Trace()));
  });

  it('escapes ids and names that would break DOT or HTML labels', () => {
    const net: Network = {
      ...emptyNetwork(),
      vpcs: [{ id: 'v"1', cidrs: ['10.0.0.0/16'], name: '<b>&' }],
      subnets: [{ id: 's\\x', vpc: 'v"1', cidr: '10.0.1.0/24' }],
    };
    const dot = networkToDot(net);
    expect(dot).toContain('subgraph "cluster_1_vpc:v\\"1" {');
    expect(dot).toContain('&lt;b&gt;&amp;');
    expect(dot).toContain('"router:s\\\\x"');
  });
});

describe('dotToSvg / svgToPng', () => {
  it('renders S0 with the path to SVG and PNG without a browser', async () => {
    const r = await createDotRenderer();
    const svg = await dotToSvg(networkToDot(s0Network(), s0Flow1Trace()), r);
    expect(svg).toContain('<svg');
    // Graphviz writes '-' in text as &#45;.
    expect(svg).toContain('firewall endpoint vpce&#45;fw&#45;1a');
    expect(svg).toContain(FORWARD_COLOR);
    const png = svgToPng(svg);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('reports bad DOT as a DotRenderError', async () => {
    await expect(dotToSvg('digraph { a -> }')).rejects.toBeInstanceOf(DotRenderError);
  });
});
