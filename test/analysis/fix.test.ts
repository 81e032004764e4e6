/**
 * Issue 14, "answers that say how to fix": for a dropped flow, the change that removes each drop, checked by
 * applying it and tracing again. Expected changes are derived by hand from the rule that dropped (SG-1, NACL-2,
 * NACL-6, PCX-4, ENI-1, NATI-3), not copied from output.
 */
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../../src/dataplane/compile.js';
import { traceFlow } from '../../src/analysis/trace.js';
import { planFixes } from '../../src/analysis/fix/chain.js';
import { applyFix } from '../../src/analysis/fix/apply.js';
import type { FlowSpec } from '../../src/model/expectation.js';
import { net } from '../helpers.js';
import { defaultBackend } from '../../src/server/default-backend.js';

function plan(yaml: string, flow: FlowSpec) {
  const n = net(yaml);
  const c = compileNetwork(n).compiled;
  const t = traceFlow(c, flow);
  return { t, p: planFixes(n, c, flow, t) };
}

const peered = (o: { aAcl?: string; app?: string; bRoutes?: string; aRoutes?: string }): string => `vpcsim: 1
vpcs:
  a:
    cidr: 10.0.0.0/16
    subnets:
      a1: { cidr: 10.0.1.0/24, routeTable: a-rt, networkAcl: a-acl }
    routeTables:
      a-rt: { routes: { ${o.aRoutes ?? '10.1.0.0/16: pcx'} } }
    networkAcls:
      a-acl:
${
  o.aAcl ??
  `        inbound: [100 allow tcp 22 from 10.1.0.0/16]
        outbound: [100 allow tcp 1024-65535 to 10.1.0.0/16]`
}
    securityGroups:
      app: { inbound: [${o.app ?? "'tcp 22 from 10.1.0.0/16'"}] }
    instances:
      server: { subnet: a1, ip: 10.0.1.10, securityGroups: [app] }
  b:
    cidr: 10.1.0.0/16
    subnets:
      b1: { cidr: 10.1.1.0/24, routeTable: b-rt }
    routeTables:
      b-rt: { routes: { ${o.bRoutes ?? '10.0.0.0/16: pcx'} } }
    securityGroups:
      client-sg: { outbound: ['all to 0.0.0.0/0'] }
    instances:
      client: { subnet: b1, ip: 10.1.1.10, securityGroups: [client-sg] }
peerings:
  pcx: { between: [a, b] }
`;
const https: FlowSpec = { from: 'client', to: 'server', protocol: 'tcp', port: 443 };

describe('fix plans (each change checked by tracing again)', () => {
  it('NACL then security group: a rule below the deny, then the exact inbound SG rule (NACL-2, SG-1)', () => {
    const { t, p } = plan(peered({}), https);
    expect(t.forward.code).toBe('SUBNET_ACL_RESTRICTION');
    expect(p?.admits).toBe(true);
    expect(p?.changes.map((c) => [c.kind, c.resource, c.path, c.answers])).toEqual([
      ['add-network-acl-rule', 'a-acl', 'forward', 'SUBNET_ACL_RESTRICTION'],
      ['add-security-group-rule', 'app', 'forward', 'ENI_SG_RULES_MISMATCH'],
    ]);
    // The deny was the implicit '*' rule; the highest existing number is 100, so 110 (NACL-2).
    expect(p?.changes[0]?.change).toBe(
      'add inbound rule 110 ALLOW TCP 443 from 10.1.1.10/32 to network ACL a-acl',
    );
    expect(p?.changes[1]?.change).toBe('add inbound rule TCP 443 from 10.1.1.10/32 to security group app');
    expect(p?.changes[1]?.has).toEqual(['app: TCP 22 10.1.0.0/16']);
  });

  it('a NACL rule that denies explicitly is outranked by the highest free number below it', () => {
    const { p } = plan(
      peered({
        aAcl: `        inbound: [90 allow tcp 22 from 10.1.0.0/16, 100 deny tcp 443 from 0.0.0.0/0, 99 allow udp 53 from 10.1.0.0/16]
        outbound: [100 allow tcp 1024-65535 to 10.1.0.0/16]`,
        app: "'tcp 443 from 10.1.0.0/16'",
      }),
      https,
    );
    expect(p?.changes.map((c) => c.change)).toEqual([
      'add inbound rule 98 ALLOW TCP 443 from 10.1.1.10/32 to network ACL a-acl',
    ]);
    expect(p?.admits).toBe(true);
  });

  it('a reply blocked by a stateless NACL gets the ephemeral port range, not the one traced port (NACL-6)', () => {
    const { t, p } = plan(
      peered({
        aAcl: `        inbound: [100 allow tcp 443 from 10.1.0.0/16]
        outbound: [100 allow tcp 22 to 10.1.0.0/16]`,
        app: "'tcp 443 from 10.1.0.0/16'",
      }),
      https,
    );
    expect(t.return?.code).toBe('SUBNET_ACL_RESTRICTION');
    expect(p?.changes.map((c) => [c.path, c.change, c.ref])).toEqual([
      [
        'return',
        'add outbound rule 110 ALLOW TCP 1024-65535 to 10.1.1.10/32 to network ACL a-acl (replies go to the client’s ephemeral port, NACL-6)',
        'NACL-6',
      ],
    ]);
    expect(p?.admits).toBe(true);
  });

  it('a peering routed on one side: the missing route, first on the way out, then for the reply (PCX-4)', () => {
    const { t, p } = plan(
      peered({
        bRoutes: '',
        aRoutes: '',
        app: "'tcp 443 from 10.1.0.0/16'",
        aAcl: `        inbound: [100 allow all from 0.0.0.0/0]
        outbound: [100 allow all to 0.0.0.0/0]`,
      }),
      https,
    );
    expect(t.forward.code).toBe('NO_ROUTE_TO_DESTINATION');
    expect(p?.changes.map((c) => [c.path, c.change])).toEqual([
      ['forward', 'add route 10.0.0.0/16 → pcx to route table b-rt'],
      ['return', 'add route 10.1.0.0/16 → pcx to route table a-rt'],
    ]);
    expect(p?.admits).toBe(true);
  });

  it('an appliance with the source/destination check on and IP forwarding off: both, in the order met (ENI-1, NATI-3)', () => {
    const yaml = `vpcsim: 1
vpcs:
  vpc:
    cidr: 10.0.0.0/16
    internetGateway: igw
    subnets:
      public: { cidr: 10.0.0.0/24, routeTable: public-rtb }
      private: { cidr: 10.0.1.0/24, routeTable: private-rtb }
    routeTables:
      public-rtb: { routes: { 0.0.0.0/0: igw } }
      private-rtb: { routes: { 0.0.0.0/0: nat } }
    securityGroups:
      sg-nat: { inbound: [tcp 443 from 10.0.0.0/16], outbound: [tcp 443 to 0.0.0.0/0] }
      sg-web: { outbound: [tcp 443 to 0.0.0.0/0] }
    instances:
      nat:
        subnet: public
        ip: 10.0.0.10
        publicIp: 203.0.113.20
        securityGroups: [sg-nat]
        os: |
          sysctl -w net.ipv4.ip_forward=0
          iptables -t nat -A POSTROUTING -o eth0 -s 10.0.0.0/16 -j MASQUERADE
      web: { subnet: private, ip: 10.0.1.10, securityGroups: [sg-web] }
`;
    const flow: FlowSpec = { from: 'web', to: '142.250.196.100', protocol: 'tcp', port: 443 };
    const { t, p } = plan(yaml, flow);
    expect(t.forward.code).toBe('ENI_SOURCE_DEST_CHECK_RESTRICTION');
    expect(p?.changes.map((c) => [c.kind, c.ref])).toEqual([
      ['disable-source-dest-check', 'ENI-1'],
      ['enable-ip-forwarding', 'NATI-3'],
    ]);
    expect(p?.changes[1]?.change).toContain('net.ipv4.ip_forward = 1 on instance nat');
    expect(p?.admits).toBe(true);
  });

  it('a drop no single change answers stops the plan and says where (a firewall-free example: no public address)', () => {
    const yaml = `vpcsim: 1
vpcs:
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      private: { cidr: 10.0.1.0/24, routeTable: rt }
    routeTables:
      rt: {}
    securityGroups:
      sg-web: { outbound: [tcp 443 to 0.0.0.0/0] }
    instances:
      web: { subnet: private, ip: 10.0.1.10, securityGroups: [sg-web] }
`;
    const { t, p } = plan(yaml, { from: 'web', to: '142.250.196.100', protocol: 'tcp', port: 443 });
    // No internet gateway, no NAT gateway: which gateway to create is a design decision, not one change.
    expect(t.forward.code).toBe('NO_ROUTE_TO_DESTINATION');
    expect(p).toEqual({
      changes: [],
      admits: false,
      stillDroppedAt: 'rt',
      stillCode: 'NO_ROUTE_TO_DESTINATION',
    });
  });

  it('applyFix leaves the input model unchanged', () => {
    const n = net(peered({}));
    const before = JSON.stringify(n);
    applyFix(n, { kind: 'disable-source-dest-check', networkInterface: n.networkInterfaces[0]?.id ?? '' });
    expect(JSON.stringify(n)).toBe(before);
  });

  it('vpcsim serve returns the same plan with the trace (the page shows it first among the notes)', async () => {
    // public-private-natgw: web → app tcp/22 leaves public-a, whose outbound NACL admits only 443, 80, 1024-65535
    // and 32768-65535 (NACL-2: next free number 140 below the * deny), then sg-app admits only tcp 8080 from sg-web
    // (SG-1: the exact peer web 10.1.0.10/32). The reply on port 50000 passes public-acl's inbound rule 120.
    const b = defaultBackend([new URL('../../examples/public-private-natgw.yaml', import.meta.url).pathname]);
    const loaded = await b.load();
    const t = b.trace(loaded.network, { from: 'web', to: 'app', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('unreachable');
    expect(t.fix?.admits).toBe(true);
    expect(t.fix?.changes.map((c) => c.change)).toEqual([
      'add outbound rule 140 ALLOW TCP 22 to 10.1.10.20/32 to network ACL public-acl',
      'add inbound rule TCP 22 from 10.1.0.10/32 to security group sg-app',
    ]);
  });

  it('IPv6: no route to an internet address → ::/0 to the egress-only internet gateway (IGW-7), and it admits', () => {
    // By hand: the subnet's table has no ::/0, so the request stops there (NO_ROUTE_TO_DESTINATION); the VPC has
    // an egress-only internet gateway, which carries outbound-initiated IPv6 and its replies (IGW-7); sg-v6 lets
    // everything out and replies back (SG-2).
    const { t, p } = plan(
      `vpcsim: 1
vpcs:
  v:
    cidr: 10.9.0.0/16
    ipv6Cidr: 2001:db8:90::/56
    egressOnlyInternetGateway: eigw-9
    subnets:
      s: { cidr: 10.9.1.0/24, ipv6Cidr: '2001:db8:90:1::/64', routeTable: rt }
    routeTables:
      rt: { routes: {} }
    securityGroups:
      sg-v6: { inbound: [], outbound: [all to ::/0] }
    instances:
      host: { subnet: s, ip: 10.9.1.10, ipv6: 2001:db8:90:1::10, securityGroups: [sg-v6] }
`,
      { from: 'host', to: '2600:1f18::10', protocol: 'tcp', port: 443 },
    );
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('NO_ROUTE_TO_DESTINATION');
    expect(p?.changes.map((x) => x.change)).toEqual(['add route ::/0 → eigw-9 to route table rt']);
    expect(p?.changes[0]?.ref).toBe('IGW-7');
    expect(p?.admits).toBe(true);
  });
});
