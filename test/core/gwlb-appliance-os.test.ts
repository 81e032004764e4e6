/**
 * A Gateway Load Balancer appliance's OS on the GENEVE traffic (issue 16 item 3; aws-semantics.md GWLB-5, GWLB-8,
 * NATI-3, NATI-5): when the input gives the appliance an OS configuration, its netfilter rules decide instead of the
 * endpoint's configured verdict. One appliance (fw1), so the flow hash has one choice (GWLB-7). Expected hops derived
 * by hand from the kernel's hook order (PREROUTING → routing → INPUT | FORWARD → POSTROUTING) and GWLB-5/GWLB-8:
 *
 * - Hairpin (AWS's sample appliance, gwlb-egress-natgw): the outer GENEVE packet 10.9.1.100:6081 → 10.9.1.11:6081 is
 *   DNATed to the node in PREROUTING, routed on-link (10.9.1.0/24 dev eth0), forwarded (ip_forward=1, FORWARD policy
 *   ACCEPT) and MASQUERADEd to 10.9.1.11 in POSTROUTING: back to the GWLB, the inner packet never looked at.
 * - Decapsulating appliance: the outer packet is for 10.9.1.11 itself (local delivery, INPUT policy ACCEPT); the inner
 *   packet is forwarded by the appliance's stack (ip_forward, FORWARD rules, conntrack: the reply matches ESTABLISHED),
 *   then the re-encapsulated outer packet is sent back (OUTPUT, routed on-link to the node).
 */
import { describe, expect, it } from 'vitest';
import { hopIds, trace } from '../helpers.js';

const doc = (os: string): string => `vpcsim: 1
region: us-east-1
vpcs:
  app:
    cidr: 10.0.0.0/16
    internetGateway: { name: igw-1, routeTable: edge-rt }
    subnets:
      web-sub: { cidr: 10.0.1.0/24, az: us-east-1a, routeTable: web-rt }
      gwlbe-sub: { cidr: 10.0.0.0/28, az: us-east-1a, routeTable: gwlbe-rt }
    routeTables:
      web-rt: { routes: { 0.0.0.0/0: gwlbe } }
      gwlbe-rt: { routes: { 0.0.0.0/0: igw-1 } }
      edge-rt: { routes: { 10.0.1.0/24: gwlbe } }
    securityGroups:
      sg-web: { inbound: [] }
    instances:
      web: { subnet: web-sub, ip: 10.0.1.10, publicIp: 203.0.113.10, securityGroups: [sg-web] }
    endpoints:
      gwlbe: { type: gwlb, subnet: gwlbe-sub, service: svc-fw }
  sec:
    cidr: 10.9.0.0/16
    subnets:
      appl: { cidr: 10.9.1.0/24, az: us-east-1a, routeTable: appl-rt }
    routeTables:
      appl-rt: { routes: {} }
    securityGroups:
      sg-fw: { inbound: ['udp 6081 from 10.9.0.0/16'] }
    instances:
      fw1:
        subnet: appl
        ip: 10.9.1.11
        securityGroups: [sg-fw]
        sourceDestCheck: false
        os: |
${os
  .split('\n')
  .map((l) => `          ${l}`)
  .join('\n')}
    loadBalancers:
      gwlb: { type: gateway, nodes: { appl: 10.9.1.100 }, listeners: ['GENEVE -> tg-fw'] }
    targetGroups:
      tg-fw: { type: instance, protocol: GENEVE, port: 6081, targets: [fw1] }
endpointServices:
  svc-fw: { loadBalancers: [gwlb] }
`;

const HAIRPIN = `sysctl -w net.ipv4.ip_forward=1
iptables -t nat -A PREROUTING -p udp -s 10.9.1.100 -d 10.9.1.11 -i eth0 -j DNAT --to-destination 10.9.1.100:6081
iptables -t nat -A POSTROUTING -p udp --dport 6081 -s 10.9.1.100 -d 10.9.1.100 -o eth0 -j MASQUERADE`;

const FIREWALL = `sysctl -w net.ipv4.ip_forward=1
iptables -P FORWARD DROP
iptables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables -A FORWARD -p tcp --dport 22 -j DROP
iptables -A FORWARD -p tcp --dport 443 -j ACCEPT`;

const flow = (port: number) => ({ from: 'web', to: '198.51.100.7', protocol: 'tcp', port }) as const;

/** web → its table 0/0 → the endpoint (GWLB-2) → the GWLB → fw1, sg-fw admitting UDP 6081 (GWLB-5). */
const TO_APPLIANCE = [
  'instance:web',
  'security-group:sg-web',
  'route-table:web-rt',
  'network-acl:app:default-acl',
  'network-acl:app:default-acl',
  'gwlb-endpoint:gwlbe',
  'load-balancer:gwlb',
  'target-group:tg-fw',
  'security-group:sg-fw',
];
/** Back from fw1: sg-fw out (reply of the admitted GENEVE flow, SG-2) → the GWLB → the same endpoint → IGW. */
const FROM_APPLIANCE = [
  'security-group:sg-fw',
  'load-balancer:gwlb',
  'gwlb-endpoint:gwlbe',
  'route-table:gwlbe-rt',
  'network-acl:app:default-acl',
  'internet-gateway:igw-1',
  'internet:internet',
];

describe("GWLB appliance's OS on GENEVE traffic (GWLB-8, NATI-3)", () => {
  it('a hairpin appliance (DNAT back to the node, MASQUERADE) returns the flow without inspecting it', () => {
    const t = trace(doc(HAIRPIN), flow(443));
    expect([t.verdict, t.forward.code]).toEqual(['reachable', null]);
    expect(hopIds(t)).toEqual([
      ...TO_APPLIANCE,
      'netfilter:fw1', // PREROUTING DNAT to 10.9.1.100:6081
      'os:fw1', // routed on-link, forwarded (ip_forward=1)
      'netfilter:fw1', // POSTROUTING MASQUERADE to 10.9.1.11
      'instance:fw1',
      ...FROM_APPLIANCE,
    ]);
    const nf = t.forward.hops.filter((h) => h.kind === 'netfilter').map((h) => h.rule);
    expect(nf[0]).toContain('-j DNAT --to-destination 10.9.1.100:6081');
    expect(nf[1]).toContain('-j MASQUERADE');
    expect(t.forward.hops.find((h) => h.id === 'fw1' && h.kind === 'instance')?.detail).toContain(
      'not inspected',
    );
    // The reply: the same outer tuple, the same appliance and connection (GWLB-7).
    expect(hopIds(t, 'return').filter((h) => h.endsWith(':fw1'))).toEqual([
      'netfilter:fw1',
      'os:fw1',
      'netfilter:fw1',
      'instance:fw1',
    ]);
    expect(t.forward.finalPacket).toMatchObject({ src: '203.0.113.10', dst: '198.51.100.7', dstPort: 443 });
  });

  it('a decapsulating firewall forwards tcp/443 by its FORWARD rule and admits the reply as ESTABLISHED', () => {
    const t = trace(doc(FIREWALL), flow(443));
    expect([t.verdict, t.forward.code]).toEqual(['reachable', null]);
    expect(hopIds(t)).toEqual([
      ...TO_APPLIANCE,
      'os:fw1', // the outer packet is for 10.9.1.11: local delivery (INPUT policy ACCEPT)
      'os:fw1', // the inner packet: ip_forward=1, routed
      'netfilter:fw1', // FORWARD -p tcp --dport 443 -j ACCEPT
      'instance:fw1',
      'os:fw1', // the re-encapsulated packet sent back, on-link to the node
      ...FROM_APPLIANCE,
    ]);
    expect(t.forward.hops.find((h) => h.kind === 'netfilter')?.rule).toBe(
      '-t filter -A FORWARD -p tcp --dport 443 -j ACCEPT',
    );
    expect(t.return?.hops.find((h) => h.kind === 'netfilter')?.rule).toBe(
      '-t filter -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT',
    );
  });

  it('the FORWARD policy DROP drops tcp/80 at the appliance (IPTABLES_POLICY_DROP)', () => {
    const t = trace(doc(FIREWALL), flow(80));
    expect([t.verdict, t.forward.code, t.forward.droppedAt]).toEqual([
      'unreachable',
      'IPTABLES_POLICY_DROP',
      'fw1',
    ]);
    expect(hopIds(t)).toEqual([...TO_APPLIANCE, 'os:fw1', 'os:fw1', 'netfilter:fw1']);
    expect(t.forward.hops.at(-1)?.rule).toBe('-t filter -P FORWARD DROP');
  });

  it('a FORWARD DROP rule for tcp/22 drops it, the rule named (IPTABLES_RULE_DROP)', () => {
    const t = trace(doc(FIREWALL), flow(22));
    expect([t.verdict, t.forward.code]).toEqual(['unreachable', 'IPTABLES_RULE_DROP']);
    expect(t.forward.hops.at(-1)).toMatchObject({
      kind: 'netfilter',
      id: 'fw1',
      action: 'drop',
      rule: '-t filter -A FORWARD -p tcp --dport 22 -j DROP',
    });
  });

  it('with ip_forward off the decapsulated packet is not forwarded (NATI-3)', () => {
    const t = trace(doc('iptables -A FORWARD -p tcp --dport 443 -j ACCEPT'), flow(443));
    expect([t.verdict, t.forward.code]).toEqual(['unreachable', 'INSTANCE_IP_FORWARDING_DISABLED']);
    expect(hopIds(t)).toEqual([...TO_APPLIANCE, 'os:fw1', 'os:fw1']);
  });

  it('an INPUT rule dropping UDP 6081 drops the GENEVE packet itself', () => {
    const t = trace(
      doc('sysctl -w net.ipv4.ip_forward=1\niptables -A INPUT -p udp --dport 6081 -j DROP'),
      flow(443),
    );
    expect([t.verdict, t.forward.code]).toEqual(['unreachable', 'IPTABLES_RULE_DROP']);
    expect(t.forward.hops.at(-1)?.rule).toBe('-t filter -A INPUT -p udp --dport 6081 -j DROP');
  });

  it('an appliance that DNATs the GENEVE packet elsewhere never returns it (GWLB_APPLIANCE_NOT_RETURNED)', () => {
    const t = trace(
      doc(
        'sysctl -w net.ipv4.ip_forward=1\niptables -t nat -A PREROUTING -p udp --dport 6081 -j DNAT --to-destination 10.9.1.50:6081',
      ),
      flow(443),
    );
    expect([t.verdict, t.forward.code]).toEqual(['unreachable', 'GWLB_APPLIANCE_NOT_RETURNED']);
    expect(hopIds(t).at(-1)).toBe('instance:fw1');
  });
});
