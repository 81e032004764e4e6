/**
 * Issue 14, "everyday mistakes caught by validate": each lint on a small network written for it, expected findings
 * derived by hand from the rule it cites, with the position (file:line:col) and the fix in the message.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, net } from '../helpers.js';
import { validateNetwork } from '../../src/validate/index.js';

const only = (yaml: string, code: string) => diagnose(yaml).filter((d) => d.code === code);

const vpc = (body: string): string => `vpcsim: 1
vpcs:
  v:
    cidr: 10.0.0.0/16
    subnets:
      web: { cidr: 10.0.1.0/24, routeTable: rt }
${body}`;

describe('SG_OPEN_TO_WORLD (SG-5): SSH, RDP or everything open to 0.0.0.0/0 or ::/0', () => {
  const doc = vpc(`    routeTables:
      rt: {}
    securityGroups:
      open-ssh: { inbound: ['tcp 22 from 0.0.0.0/0'] }
      open-rdp-range: { inbound: ['tcp 3000-4000 from ::/0'] }
      open-all: { inbound: ['all from 0.0.0.0/0'] }
      https-only: { inbound: ['tcp 443 from 0.0.0.0/0'] }
      ssh-from-office: { inbound: ['tcp 22 from 203.0.113.0/24'] }
    instances:
      a: { subnet: web, ip: 10.0.1.10, securityGroups: [open-ssh, open-rdp-range, open-all, https-only, ssh-from-office] }
`);
  it('names each offending rule at its line, and only those', () => {
    const d = only(doc, 'SG_OPEN_TO_WORLD');
    expect(d.map((x) => [x.resource, x.span?.line])).toEqual([
      ['open-ssh', 10],
      ['open-rdp-range', 11],
      ['open-all', 12],
    ]);
    expect(d[0]?.message).toContain('SSH (TCP 22) from 0.0.0.0/0');
    expect(d[1]?.message).toContain('RDP (TCP 3389) from ::/0');
    expect(d[2]?.message).toContain('all traffic');
    expect(d.every((x) => x.message.includes('Fix: ') && x.severity === 'warning' && x.ref === 'SG-5')).toBe(
      true,
    );
  });
  it('a group used only by forwarding appliances (source/destination check off) may admit everything', () => {
    const appliance = vpc(`    routeTables:
      rt: {}
    securityGroups:
      fw: { inbound: ['all from 0.0.0.0/0', 'tcp 22 from 0.0.0.0/0'] }
    instances:
      fw1: { subnet: web, ip: 10.0.1.10, securityGroups: [fw], sourceDestCheck: false }
`);
    const d = only(appliance, 'SG_OPEN_TO_WORLD');
    expect(d.map((x) => x.message.slice(0, 40))).toEqual(['security group fw admits SSH (TCP 22) fr']);
  });
});

describe('SG_UNUSED (SG-13): a security group attached to nothing', () => {
  it('is a warning for a custom group, never for the default group', () => {
    const d = only(
      vpc(`    routeTables:
      rt: {}
    securityGroups:
      used: {}
      orphan: { inbound: ['tcp 443 from 10.0.0.0/16'] }
    instances:
      a: { subnet: web, ip: 10.0.1.10, securityGroups: [used] }
`),
      'SG_UNUSED',
    );
    expect(d.map((x) => [x.resource, x.severity, x.span?.line])).toEqual([['orphan', 'warning', 11]]);
    expect(d[0]?.message).toContain('Fix: attach it');
  });
});

describe('NACL_RULE_SHADOWED (NACL-2): lowest number first, first match decides', () => {
  const doc = vpc(`      db: { cidr: 10.0.2.0/24, routeTable: rt, networkAcl: acl }
    routeTables:
      rt: {}
    networkAcls:
      acl:
        inbound:
          - 100 allow tcp 0-65535 from 10.0.0.0/16
          - 110 deny tcp 5432 from 10.0.1.0/24
          - 120 allow tcp 1024-2047 from 0.0.0.0/0
          - 130 allow tcp 1024-1535 from 0.0.0.0/0
          - 140 allow tcp 1536-2047 from 8.8.8.0/24
          - 150 allow udp 53 from 10.0.0.0/16
        outbound:
          - 100 allow all to 0.0.0.0/0
`);
  it('finds the deny that never denies, and the allows made redundant by one or several earlier rules', () => {
    const d = only(doc, 'NACL_RULE_SHADOWED');
    // 110 ⊂ 100 (TCP 5432 from 10.0.1.0/24 inside all TCP from 10.0.0.0/16), opposite action;
    // 130 ⊂ 120 (same action); 140 ⊂ 120 (same action). 120 is not covered (0.0.0.0/0 exceeds 10.0.0.0/16),
    // 150 is UDP, which no earlier rule names.
    expect(d.map((x) => [x.span?.line, x.message.match(/rule (\d+) \(/)?.[1]])).toEqual([
      [14, '110'],
      [16, '130'],
      [17, '140'],
    ]);
    expect(d[0]?.message).toContain('its DENY never applies');
    expect(d[0]?.message).toContain('Fix: give rule 110 a number below 100');
    expect(d[1]?.message).toContain('it is redundant');
    expect(d[1]?.message).toContain('Fix: delete rule 130');
  });
  it('a rule covered only by the union of two earlier rules is found (exact, not pairwise)', () => {
    const d = only(
      vpc(`      db: { cidr: 10.0.2.0/24, routeTable: rt, networkAcl: acl }
    routeTables:
      rt: {}
    networkAcls:
      acl:
        inbound:
          - 100 deny tcp 0-1023 from 0.0.0.0/0
          - 110 deny tcp 1024-65535 from 0.0.0.0/0
          - 120 allow tcp 443 from 0.0.0.0/0
          - 130 allow tcp 80 from 10.0.0.0/16
        outbound:
          - 100 allow all to 0.0.0.0/0
`),
      'NACL_RULE_SHADOWED',
    );
    expect(d.map((x) => x.message.match(/rule (\d+) \(/)?.[1])).toEqual(['120', '130']);
  });
});

describe('ROUTE_SHADOWED and ROUTE_REDUNDANT (RT-1): longest prefix wins', () => {
  const doc = `vpcsim: 1
vpcs:
  v:
    cidr: 10.0.0.0/16
    subnets:
      web: { cidr: 10.0.1.0/24, routeTable: rt }
    internetGateway: igw
    natGateways:
      nat: { subnet: web, ip: 10.0.1.100, publicIp: 198.51.100.7 }
    routeTables:
      rt:
        routes:
          0.0.0.0/0: igw
          192.168.0.0/24: nat
          192.168.0.0/25: igw
          192.168.0.128/25: igw
          172.16.0.0/12: nat
          172.16.5.0/24: nat
`;
  it('a route fully covered by more specific ones is shadowed; one that repeats its parent is redundant', () => {
    const ds = diagnose(doc);
    const shadowed = ds.filter((d) => d.code === 'ROUTE_SHADOWED');
    expect(shadowed.map((d) => [d.span?.line, d.severity])).toEqual([[14, 'warning']]);
    expect(shadowed[0]?.message).toContain('route 192.168.0.0/24 → nat-gateway:nat never carries a packet');
    const redundant = ds.filter((d) => d.code === 'ROUTE_REDUNDANT');
    // 172.16.5.0/24 → nat sits under 172.16.0.0/12 → nat. 192.168.0.0/25 → igw sits under 192.168.0.0/24 → nat
    // (a different target), so it is not redundant even though 0.0.0.0/0 → igw is further up.
    expect(redundant.map((d) => [d.span?.line, d.severity])).toEqual([[18, 'info']]);
  });
});

describe('PEERING_ROUTE_ONE_SIDED (PCX-4, PCX-5): both sides must route to the peering', () => {
  const doc = (bRoutes: string): string => `vpcsim: 1
vpcs:
  a:
    cidr: 10.0.0.0/16
    subnets:
      a1: { cidr: 10.0.1.0/24, routeTable: a-rt }
      a2: { cidr: 10.0.2.0/24, routeTable: a-rt }
    routeTables:
      a-rt: { routes: { 10.1.0.0/16: pcx } }
  b:
    cidr: 10.1.0.0/16
    subnets:
      b1: { cidr: 10.1.1.0/24, routeTable: b-rt }
    routeTables:
      b-rt: { routes: { ${bRoutes} } }
peerings:
  pcx: { between: [a, b] }
`;
  it('names the route on the routed side, the peer table, and the exact routes to add', () => {
    const d = only(doc(''), 'PEERING_ROUTE_ONE_SIDED');
    expect(d).toHaveLength(1);
    expect(d[0]?.span?.line).toBe(9);
    expect(d[0]?.message).toContain(
      'b-rt, the route table of peer subnet b1 (10.1.1.0/24), has no route back',
    );
    expect(d[0]?.message).toContain('Fix: add 10.0.1.0/24 → pcx and 10.0.2.0/24 → pcx to b-rt');
  });
  it('is satisfied by a return route covering only part of the routed side, for that part', () => {
    const d = only(doc('10.0.1.0/24: pcx'), 'PEERING_ROUTE_ONE_SIDED');
    expect(d.map((x) => x.message.match(/Fix: .*/)?.[0])).toEqual(['Fix: add 10.0.2.0/24 → pcx to b-rt']);
    expect(only(doc('10.0.0.0/16: pcx'), 'PEERING_ROUTE_ONE_SIDED')).toEqual([]);
  });
});

// Fuzz long run session8-million, tf-hcl:59181 and describe:67484: `to_port = 0.5` (Terraform) and an ICMP
// `Type: 0.5` (describe-*) reached the model as they were written; the NACL lint then threw a RangeError (BigInt of
// 0.5) and the whole validation was lost. AWS refuses both (InvalidParameterValue; NACL-5).
describe('NACL rule numbers that are not whole (NACL-5)', () => {
  it('INVALID_PORT_RANGE and INVALID_ICMP_TYPE_CODE at the rule, and the other checks still run', () => {
    const n = net(
      vpc(`      db: { cidr: 10.0.2.0/24, routeTable: rt, networkAcl: acl }
    routeTables:
      rt: {}
    networkAcls:
      acl:
        inbound:
          - 100 allow tcp 1024-2000 from 192.168.1.0/24
          - 110 allow icmp 0 from 10.0.0.0/16
          - 120 allow tcp 1500 from 192.168.1.0/24
        outbound:
          - 100 allow all to 0.0.0.0/0
`),
    );
    // The model as the Terraform and describe-* importers gave it.
    const acl = n.networkAcls[0]!;
    const [tcp, icmp, shadowed] = acl.inbound;
    const broken = {
      ...n,
      networkAcls: [
        {
          ...acl,
          inbound: [
            { ...tcp!, ports: { from: 1024, to: 0.5 } },
            { ...icmp!, icmp: { type: 0.5, code: -1 } },
            shadowed!,
          ],
        },
      ],
    };
    const d = validateNetwork(broken);
    expect(d.filter((x) => x.code === 'INVALID_PORT_RANGE').map((x) => [x.span?.line, x.resource])).toEqual([
      [13, 'acl'],
    ]);
    expect(d.filter((x) => x.code === 'INVALID_ICMP_TYPE_CODE').map((x) => [x.span?.line, x.ref])).toEqual([
      [14, 'NACL-5'],
    ]);
    // Rule 120 is no longer shadowed (rule 100 has no box), and nothing threw.
    expect(d.filter((x) => x.code === 'NACL_RULE_SHADOWED')).toEqual([]);
  });
});
