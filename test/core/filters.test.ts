/**
 * Security groups (SG-1…SG-7) and network ACLs (NACL-1…NACL-3, NACL-6), each expectation derived by hand.
 */
import { describe, expect, it } from 'vitest';
import { doc, trace } from '../helpers.js';

const net = (sgA: string, sgB: string, acls = '', aclOfB = '') =>
  doc(`cidr: 10.0.0.0/16
subnets:
  a: { cidr: 10.0.1.0/24 }
  b: { cidr: 10.0.2.0/24${aclOfB ? `, networkAcl: ${aclOfB}` : ''} }
  c: { cidr: 10.0.3.0/24 }
securityGroups:
  sg-a: ${sgA}
  sg-b: ${sgB}
  sg-c: { inbound: [all from 0.0.0.0/0], outbound: [all to 0.0.0.0/0] }
${acls}
instances:
  ha: { subnet: a, ip: 10.0.1.10, securityGroups: [sg-a] }
  hb: { subnet: b, ip: 10.0.2.10, securityGroups: [sg-b] }
  mid: { subnet: c, ip: 10.0.3.10, securityGroups: [sg-c], sourceDestCheck: false, os: 'sysctl -w net.ipv4.ip_forward=1' }`);

describe('security groups', () => {
  it('SG-1/SG-3: a group with no inbound rules denies; the deny names the ENI and code ENI_SG_RULES_MISMATCH', () => {
    const t = trace(net('{ outbound: [all to 0.0.0.0/0] }', '{ inbound: [tcp 80 from 0.0.0.0/0] }'), {
      from: 'ha',
      to: 'hb',
      protocol: 'tcp',
      port: 22,
    });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    const d = t.forward.hops.at(-1);
    expect(d?.id).toBe('sg-b');
    expect(d?.direction).toBe('inbound');
  });

  it('SG-2: the reply passes by connection tracking even though hb has no outbound rule', () => {
    const t = trace(
      net('{ outbound: [tcp 22 to 10.0.2.0/24] }', '{ inbound: [tcp 22 from 10.0.1.0/24], outbound: [] }'),
      { from: 'ha', to: 'hb', protocol: 'tcp', port: 22 },
    );
    expect(t.verdict).toBe('reachable');
    const out = t.return?.hops.find((h) => h.id === 'sg-b');
    expect(out?.rule).toBe('connection tracking: reply of an allowed flow');
  });

  it('SG-6: a security-group reference matches the private IPs of ENIs in that group', () => {
    const t = trace(net('{ outbound: [all to 0.0.0.0/0] }', '{ inbound: [tcp 22 from sg-a] }'), {
      from: 'ha',
      to: 'hb',
      protocol: 'tcp',
      port: 22,
    });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.find((h) => h.id === 'sg-b')?.rule).toBe('TCP 22 sg-a');
  });

  it('SG-6: a security-group destination does not match an address outside the group (S1 B1.1)', () => {
    const t = trace(net('{ outbound: [tcp 22 to sg-c] }', '{ inbound: [tcp 22 from 0.0.0.0/0] }'), {
      from: 'ha',
      to: 'hb',
      protocol: 'tcp',
      port: 22,
    });
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(t.forward.hops.at(-1)?.detail).toContain('matches only the private IPs of ENIs in that group');
  });

  it('SG-7: after an appliance forwarded it, a packet no longer matches SG references (SG_REFERENCES_NOT_PRESERVED)', () => {
    const routed = doc(`cidr: 10.0.0.0/16
subnets:
  a: { cidr: 10.0.1.0/24, routeTable: via-mid }
  b: { cidr: 10.0.2.0/24 }
  c: { cidr: 10.0.3.0/24 }
routeTables:
  via-mid: { routes: { 10.0.2.0/24: mid } }
securityGroups:
  sg-a: { outbound: [all to 0.0.0.0/0] }
  sg-b: { inbound: [tcp 22 from sg-a] }
  sg-c: { inbound: [all from 0.0.0.0/0], outbound: [all to 0.0.0.0/0] }
instances:
  ha: { subnet: a, ip: 10.0.1.10, securityGroups: [sg-a] }
  hb: { subnet: b, ip: 10.0.2.10, securityGroups: [sg-b] }
  mid: { subnet: c, ip: 10.0.3.10, securityGroups: [sg-c], sourceDestCheck: false, os: 'sysctl -w net.ipv4.ip_forward=1' }`);
    const t = trace(routed, { from: 'ha', to: 'hb', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('SG_REFERENCES_NOT_PRESERVED');
    expect(t.forward.hops.some((h) => h.id === 'mid')).toBe(true);
  });

  it('SG-4: an instance without a security group gets the default group, which admits only its own members', () => {
    const y = doc(`cidr: 10.0.0.0/16
subnets:
  a: { cidr: 10.0.1.0/24 }
instances:
  p: { subnet: a, ip: 10.0.1.10 }
  q: { subnet: a, ip: 10.0.1.11 }`);
    const t = trace(y, { from: 'p', to: 'q', protocol: 'tcp', port: 5432 });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.find((h) => h.kind === 'security-group' && h.direction === 'inbound')?.id).toBe(
      'vpc:default-sg',
    );
  });
});

describe('network ACLs', () => {
  const acl = (rules: string) => `networkAcls:\n  acl-b: ${rules}`;
  const open = '{ inbound: [all from 0.0.0.0/0], outbound: [all to 0.0.0.0/0] }';

  it('NACL-2: rules are evaluated in number order; the first match decides (deny 100 before allow 200)', () => {
    const t = trace(
      net(
        open,
        open,
        acl(
          '{ inbound: [100 deny tcp 22 from 10.0.1.0/24, 200 allow all from 0.0.0.0/0], outbound: [100 allow all to 0.0.0.0/0] }',
        ),
        'acl-b',
      ),
      {
        from: 'ha',
        to: 'hb',
        protocol: 'tcp',
        port: 22,
      },
    );
    expect(t.forward.code).toBe('SUBNET_ACL_RESTRICTION');
    expect(t.forward.hops.at(-1)?.rule).toBe('100 TCP 22 10.0.1.0/24 DENY');
  });

  it('NACL-1: stateless — without an outbound rule for the reply, the return path is dropped', () => {
    const t = trace(
      net(open, open, acl('{ inbound: [100 allow tcp 22 from 10.0.1.0/24], outbound: [] }'), 'acl-b'),
      { from: 'ha', to: 'hb', protocol: 'tcp', port: 22 },
    );
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.disposition).toBe('delivered');
    expect(t.return?.code).toBe('SUBNET_ACL_RESTRICTION');
    const d = t.return?.hops.at(-1);
    expect(d?.id).toBe('acl-b');
    expect(d?.direction).toBe('outbound');
    expect(d?.rule).toBe('* All All 0.0.0.0/0 DENY');
  });

  it('NACL-6: a reply rule covering only part of the client range works for some connections only', () => {
    const t = trace(
      net(
        open,
        open,
        acl(
          '{ inbound: [100 allow tcp 22 from 10.0.1.0/24], outbound: [100 allow tcp 49152-65535 to 10.0.1.0/24] }',
        ),
        'acl-b',
      ),
      {
        from: 'ha',
        to: 'hb',
        protocol: 'tcp',
        port: 22,
      },
    );
    // Source port 50000 is admitted, but Linux may pick 32768-60999: only 49152-60999 of it pass.
    expect(t.verdict).toBe('reachable');
    expect(t.notes.join('\n')).toContain('works for some connections only');
    expect(t.notes.join('\n')).toContain('49152-60999');
  });

  it('NACL-2: IPv6 rules never match IPv4 packets', () => {
    const t = trace(
      net(
        open,
        open,
        acl('{ inbound: [100 allow all from ::/0], outbound: [100 allow all to 0.0.0.0/0] }'),
        'acl-b',
      ),
      { from: 'ha', to: 'hb', protocol: 'tcp', port: 22 },
    );
    expect(t.forward.code).toBe('SUBNET_ACL_RESTRICTION');
  });
});
