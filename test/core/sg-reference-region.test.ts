/**
 * Issue 13 §3: security-group references across Regions. From the AWS docs:
 * - SG-6 / PCX-6 (PEER/vpc-peering-security-groups.html): "You can't reference the security group of a peer VPC
 *   that's in a different Region. Instead, use the CIDR block of the peer VPC." — the API refuses the rule, so
 *   validation reports an error, and the data plane never matches it.
 * - SG-6: a reference to a group of a VPC that is not actively peered matches nothing (stale rule).
 * Inter-Region peering itself carries traffic (PCX-4); only the SG reference is unusable.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, hopIds, trace } from '../helpers.js';

const doc = (peer: string, bRegion = 'us-west-2', state = 'active'): string => `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    subnets:
      as: { cidr: 10.0.0.0/24, routeTable: a-rt }
    routeTables:
      a-rt: { routes: { 10.1.0.0/16: pcx } }
    securityGroups:
      app: { inbound: ['tcp 22 from ${peer}'] }
    instances:
      server: { subnet: as, ip: 10.0.0.10, securityGroups: [app] }
  b:
    region: ${bRegion}
    cidr: 10.1.0.0/16
    subnets:
      bs: { cidr: 10.1.0.0/24, routeTable: b-rt }
    routeTables:
      b-rt: { routes: { 10.0.0.0/16: pcx } }
    securityGroups:
      client-sg: {}
    instances:
      client: { subnet: bs, ip: 10.1.0.10, securityGroups: [client-sg] }
peerings:
  pcx: { between: [a, b], state: ${state} }
`;

const ssh = { from: 'client', to: 'server', protocol: 'tcp', port: 22 } as const;

describe("a reference to a peer VPC's security group in another Region (SG-6, PCX-6)", () => {
  it('is a validation error naming the rule, as AWS refuses it', () => {
    const d = diagnose(doc('client-sg')).filter((x) => x.code === 'SG_REFERENCE_OTHER_REGION');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', resource: 'app', ref: 'PCX-6' });
    expect(d[0]?.message).toContain('in a different Region');
    expect(d[0]?.span?.line).toBe(11);
  });

  it('never matches in the data plane: the inter-Region peering carries the packet, the SG drops it', () => {
    const t = trace(doc('client-sg'), ssh);
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(hopIds(t)).toEqual([
      'instance:client',
      'security-group:client-sg',
      'route-table:b-rt',
      'network-acl:b:default-acl',
      'vpc-peering:pcx',
      'network-acl:a:default-acl',
      'security-group:app',
    ]);
    expect(t.forward.hops.at(-1)?.detail).toContain('another Region');
  });

  it('the peer CIDR instead (what AWS advises) admits it', () => {
    const t = trace(doc('10.1.0.0/16'), ssh);
    expect(t.verdict).toBe('reachable');
    expect(diagnose(doc('10.1.0.0/16')).map((x) => x.code)).not.toContain('SG_REFERENCE_OTHER_REGION');
  });

  it('in the same Region the reference matches the private IPs of the peer group (SG-6)', () => {
    const t = trace(doc('client-sg', 'us-east-1'), ssh);
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.find((h) => h.id === 'app')?.refs).toContain('SG-6');
  });

  it('a same-Region reference over a peering that is not active is stale: a warning, not an error (SG-6)', () => {
    const d = diagnose(doc('client-sg', 'us-east-1', 'deleted'));
    expect(d.find((x) => x.code === 'SG_REFERENCE_NOT_PEERED')).toMatchObject({
      severity: 'warning',
      ref: 'SG-6',
    });
    expect(d.map((x) => x.code)).not.toContain('SG_REFERENCE_OTHER_REGION');
  });
});
