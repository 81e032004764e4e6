import { describe, expect, it } from 'vitest';
import { emptyNetwork, type Network } from '../../model/network.js';
import { networkToMermaid } from './mermaid.js';
import { s0Flow1Trace, s0Flow3Trace, s0Network } from '../../../test/browser/fixtures/s0.js';

describe('networkToMermaid', () => {
  it('nests subgraphs region › VPC › AZ › subnet', () => {
    const m = networkToMermaid(s0Network());
    const lines = m.split('\n');
    expect(lines[0]).toBe('flowchart TB');
    const indentOf = (needle: string) => {
      const l = lines.find((x) => x.includes(needle)) ?? '';
      return l.length - l.trimStart().length;
    };
    expect(indentOf('subgraph c')).toBe(2);
    expect(indentOf('"VPC S0-VPC')).toBe(4);
    expect(indentOf('"ap-northeast-1a"')).toBe(6);
    expect(indentOf('"subnet PrivateSubnet')).toBe(8);
    expect(m.match(/^\s*subgraph /gm)).toHaveLength(1 + 1 + 1 + 3);
    expect(m.match(/^\s*end$/gm)).toHaveLength(6);
  });

  it('numbers the forward and return steps and colours them', () => {
    const m = networkToMermaid(s0Network(), s0Flow1Trace());
    expect(m.match(/==>\|"\d+/g)).toHaveLength(7);
    expect(m.match(/==>\|"R\d+/g)).toHaveLength(5);
    expect(m).toContain('SNAT 10.60.30.10:40312 → 10.60.20.10:1024');
    expect(m).toContain('stroke:#1565c0');
    expect(m).toContain('stroke:#e65100');
    // linkStyle indexes must cover every link exactly once, in order.
    const links = m.split('\n').filter((l) => / (-\.->|---|==>)[ |]/.test(l)).length;
    const styles = [...m.matchAll(/linkStyle (\d+) /g)].map((x) => Number(x[1]));
    expect(styles).toEqual([...Array(links).keys()]);
  });

  it('marks a drop', () => {
    const m = networkToMermaid(s0Network(), s0Flow3Trace());
    expect(m).toContain('drop_forward{{"✖ request dropped<br/>FIREWALL_RULES_RESTRICTION');
  });

  it('escapes quotes and brackets and is deterministic', () => {
    const net: Network = {
      ...emptyNetwork(),
      vpcs: [{ id: 'v"]x', cidrs: ['10.0.0.0/16'] }],
      subnets: [{ id: 's<1>', vpc: 'v"]x', cidr: '10.0.1.0/24' }],
    };
    const m = networkToMermaid(net);
    expect(m).toContain('VPC v#quot;]x');
    expect(m).toContain('subnet s#lt;1#gt;');
    expect(networkToMermaid(net)).toBe(m);
  });
});
