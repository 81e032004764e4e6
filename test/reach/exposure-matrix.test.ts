/**
 * `exposure` and `matrix` answers derived by hand from the semantics on the bundled examples.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { CompiledNetwork } from '../../src/dataplane/compiled.js';
import { exposure } from '../../src/analysis/reach/exposure.js';
import { matrix, parseBy } from '../../src/analysis/reach/matrix.js';
import { exposureLine } from '../../src/render/exposure.js';
import { matrixCsv, matrixHtml } from '../../src/render/matrix.js';

async function example(name: string): Promise<CompiledNetwork> {
  const r = await loadInputs([join(import.meta.dirname, '../../examples', name)], {});
  return compileNetwork(r.network).compiled;
}

describe('exposure', () => {
  it('public-private-natgw: only SSH to web from 203.0.113.0/24; the NAT gateway takes no inbound (NGW-3)', async () => {
    const e = exposure(await example('public-private-natgw.yaml'));
    // public-acl admits 22 only from 203.0.113.0/24 (rule 130) and 443 only from 10.1.0.0/16 (rule 100); sg-web
    // admits 22 from 203.0.113.0/24; the reply leaves by outbound rule 130 (NACL-1, NACL-2, SG-1).
    expect(
      e.rows.map(exposureLine).map((l) => [l.resource, l.address, l.protocol, l.ports, l.from, l.inspected]),
    ).toEqual([['web', '198.51.100.10', 'tcp', '22', '203.0.113.0/24', 'no']]);
  });

  it('s0: nothing — app has no public IP and the NAT gateway is outbound-only (IGW-2, NGW-3)', async () => {
    expect(exposure(await example('s0-firewall-natgw.yaml')).rows).toEqual([]);
  });

  it('s2: app on 443 only through the appliance (ingress routing, RT-11); the appliance itself on everything', async () => {
    const e = exposure(await example('s2-ingress-routing.yaml'), { protocol: 'tcp' });
    const lines = e.rows.map(exposureLine);
    const app = lines.filter((l) => l.resource === 'app');
    expect(app.map((l) => [l.address, l.ports])).toEqual([['198.51.100.10', '443']]);
    expect(app[0]?.path).toContain('appliance');
    expect(lines.filter((l) => l.resource === 'appliance').map((l) => l.ports)).toEqual(['0-65535']);
  });
});

describe('matrix', () => {
  it('s4 by subnet: a and b reach each other only through the NAT instance’s translated addresses (PCX-1)', async () => {
    const m = matrix(await example('s4-two-way-nat-peering.yaml'), parseBy('subnet'));
    expect(m.groups).toEqual(['a-subnet', 'b-subnet', 'm-subnet']);
    // Peering is not transitive (PCX-1) but the NAT instance's DNAT on 10.33.1.151 / .145 delivers to the other side.
    const ab = m.cells[0]?.[1];
    expect(ab?.reachable).toBe(1);
    expect(ab?.pairs).toBe(1);
    expect(matrixCsv(m).split('\n')[0]).toBe('from,to,pairs,reachable,asymmetric,services');
    expect(matrixHtml(m)).toContain('<table>');
  });

  it('public-private by security group: sg-web → sg-app on tcp 8080 only (SG-6 reference)', async () => {
    const m = matrix(await example('public-private-natgw.yaml'), parseBy('security-group'));
    const i = m.groups.indexOf('sg-web');
    const j = m.groups.indexOf('sg-app');
    expect(m.cells[i]?.[j]?.services).toEqual(['tcp 8080']);
  });

  it('tag keys other than Name are refused (the model keeps only the Name tag)', () => {
    expect(() => parseBy('tag:Team')).toThrow(/only the Name tag/);
  });
});
