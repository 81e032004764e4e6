/**
 * Network-wide answers from on-premises networks (issue 17 §2: exposure "from VPN clients or on-premises networks"),
 * derived by hand on S9 (examples/s9-hybrid-vpn.yaml): dc1 is 192.168.0.0/16 behind vpn-dc1 on hq's VGW (ONPREM-1,
 * VPN-3); the lab VPC 192.168.50.0/24 sits inside it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { CompiledNetwork } from '../../src/dataplane/compiled.js';
import { exposure } from '../../src/analysis/reach/exposure.js';
import { exposureLine } from '../../src/render/exposure.js';
import { reach } from '../../src/analysis/reach/reach.js';
import { evaluateScope } from '../../src/analysis/reach/scopes.js';
import { formatAddressRange } from '../../src/analysis/reach/space.js';

async function s9(): Promise<CompiledNetwork> {
  const r = await loadInputs([join(import.meta.dirname, '../../examples/s9-hybrid-vpn.yaml')], {});
  return compileNetwork(r.network).compiled;
}

describe('on-premises sources (S9)', () => {
  it('exposure --onprem: dc1 reaches app1 on tcp 443 only (sg-app admits 443 from 192.168.0.0/16; sg-db only 5432 from the app subnet)', async () => {
    const e = exposure(await s9(), { onprem: true });
    const lines = e.rows.map(exposureLine);
    // The declared host ops (192.168.10.10) is named on its path, so it is a class of its own; every other dc1
    // address but the lab VPC's (a VPC address wins, as in vpcsim trace) is the other.
    expect(lines.map((l) => [l.resource, l.address, l.protocol, l.ports, l.from, l.inspected])).toEqual([
      ['app1', '10.90.1.10', 'tcp', '443', 'any onprem:dc1 address except 192.168.10.10', 'no'],
      ['app1', '10.90.1.10', 'tcp', '443', 'onprem:dc1 192.168.10.10', 'no'],
    ]);
    expect(lines[0]?.path).toBe('dc1 → vgw-90 → hq:default-acl → sg-app → app1');
    // The internet reaches nothing here (no public IP), so every row is dc1's.
    expect(exposure(await s9()).rows).toEqual([]);
  });

  it('reach --from onprem:dc1: the source ranges are dc1 less the lab VPC 192.168.50.0/24', async () => {
    const r = reach(await s9(), { from: 'onprem:dc1', verdicts: new Set(['reachable', 'asymmetric']) });
    const srcs = r.classes.flatMap((k) => k.boxes.map((b) => (b.src ? formatAddressRange(b.src) : '')));
    expect(srcs.sort()).toEqual([
      '192.168.0.0-192.168.10.9',
      '192.168.10.10',
      '192.168.10.11-192.168.49.255',
      '192.168.51.0-192.168.255.255',
    ]);
    expect(r.classes.every((k) => k.endpoint === 'app1' && k.protocol === 'tcp')).toBe(true);
  });

  it('a scope from onprem:dc1 without excludes finds exactly those two classes; excluding app1 tcp/443 leaves none', async () => {
    const c = await s9();
    const all = evaluateScope(c, { name: 'x', match: [{ source: ['onprem:dc1'] }], exclude: [] });
    expect(all.findings.map((k) => [k.source, k.endpoint, k.protocol])).toEqual([
      ['onprem:dc1', 'app1', 'tcp'],
      ['onprem:dc1', 'app1', 'tcp'],
    ]);
    const none = evaluateScope(c, {
      name: 'y',
      match: [{ source: ['onprem:dc1'] }],
      exclude: [{ destination: ['app1'], protocols: ['tcp'], ports: [{ lo: 443, hi: 443 }] }],
    });
    expect(none.findings).toEqual([]);
  });
});
