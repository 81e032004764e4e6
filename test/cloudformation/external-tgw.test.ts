/**
 * AWS's centralised Network Firewall sample (../shared/fixtures/external/cloudformation/nfw-centralized-tgw-1az):
 * two spoke VPCs, an egress VPC (NAT gateway) and an ingress VPC (internet-facing NLB, issue 16) on one transit gateway
 * with four route tables, and a transit-gateway-attached Network Firewall (TGW-15) inspecting egress and east-west
 * traffic. Traced past the hub both ways; every expected hop is derived by hand from the template:
 *
 * - Spoke workload subnets route 0.0.0.0/0 to the gateway; the attachment has a subnet in the same (only) AZ, so the
 *   packet enters through it (RT-19, TGW-24.1), crossing the default NACLs (NACL-8).
 * - SpokeRouteTable (associated with both spoke attachments, TGW-2) sends 0.0.0.0/0 to the firewall's attachment
 *   (`EgressFirewall.TransitGatewayAttachmentId`, static, TGW-19).
 * - The firewall (strict order, alert-only rules, no default drop: NFW-9) passes the packet back into the gateway
 *   through its attachment, whose table EgressInspectionRouteTable decides (TGW-15, TGW-17): the spokes' CIDRs are
 *   propagated (TGW-18), 0.0.0.0/0 goes to the egress VPC (static).
 * - Out of an attachment the packet is routed by the attachment subnet's table (TGW-9): the spokes' TGW subnets have
 *   only local routes; the egress VPC's sends 0.0.0.0/0 to the NAT gateway.
 * - Replies: from the egress VPC, EgressPublicRouteTable sends 10.0.0.0/8 to the gateway; EgressVPCRouteTable
 *   sends 0.0.0.0/0 back to the firewall — the same endpoint (appliance mode is always on, TGW-15, NFW-4).
 *
 * The egress rule group has Suricata keywords vpcsim does not evaluate (geoip, the ssh protocol) in alert rules,
 * so verdicts are marked uncertain by the firewall engine; none is an unsupported component.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import type { TraceResult } from '../../src/analysis/trace-result.js';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import { EXTERNAL } from '../external-fixtures.js';

const FILE = join(
  EXTERNAL,
  'cloudformation/nfw-centralized-tgw-1az/anfw-centralized-ingress-egress-east-west-1az-template.yaml',
);
const r = importCloudFormation([{ path: FILE, text: readFileSync(FILE, 'utf8') }], {});
const hops = (t: TraceResult, dir: 'forward' | 'return' = 'forward'): string[] =>
  ((dir === 'forward' ? t.forward : t.return)?.hops ?? []).map((h) => `${h.kind}:${h.id}/${h.action}`);
const codes = (t: TraceResult): string[] =>
  [...t.forward.hops, ...(t.return?.hops ?? [])].flatMap((h) => (h.code ? [h.code] : []));

const FW = 'firewall-endpoint:EgressFirewall@us-east-1a/forward';
/** Out of spoke X's workload subnet into the gateway (RT-19, NACL-8, TGW-24.1). */
const intoGateway = (x: 'A' | 'B') => [
  `instance:EC2Subnet${x}/forward`,
  `security-group:Subnet${x}SecGroup/allow`,
  `route-table:Subnet${x}WorkloadRouteTable/forward`,
  `network-acl:SpokeVPC${x}:default-acl/allow`,
  `network-acl:SpokeVPC${x}:default-acl/allow`,
  `transit-gateway-attachment:AttachSpokeVPC${x}/forward`,
];
/** From the inspection table into spoke X's TGW subnet and on to its instance (TGW-9, NACL-8). */
const toSpoke = (x: 'A' | 'B') => [
  'transit-gateway-route-table:EgressInspectionRouteTable/forward',
  `transit-gateway-attachment:AttachSpokeVPC${x}/forward`,
  `route-table:Subnet${x}TGWRouteTable/forward`,
  `network-acl:SpokeVPC${x}:default-acl/allow`,
  `network-acl:SpokeVPC${x}:default-acl/allow`,
  `security-group:Subnet${x}SecGroup/allow`,
  `instance:EC2Subnet${x}/deliver`,
];

describe('nfw-centralized-tgw-1az: traced past the transit gateway and its attached firewall (B10, TGW-15)', () => {
  it('imports without errors; no resource type is unsupported (transit gateway, firewall, NLB: issues 15, 16)', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.network.unsupported).toEqual([]);
    expect((r.network.transitGatewayRouteTables ?? []).map((t) => t.id).sort()).toEqual([
      'EgressInspectionRouteTable',
      'EgressVPCRouteTable',
      'IngressVPCRouteTable',
      'SpokeRouteTable',
    ]);
    // The firewall's network function attachment, under the id Fn::GetAtt gives the routes (assumed).
    expect(
      (r.network.transitGatewayAttachments ?? []).map((a) => [a.id, a.kind, a.applianceMode ?? false]),
    ).toEqual([
      ['EgressFirewall.TransitGatewayAttachmentId', 'network-function', false],
      ['AttachIngressVPC', 'vpc', true],
      ['AttachEgressVPC', 'vpc', false],
      ['AttachSpokeVPCA', 'vpc', false],
      ['AttachSpokeVPCB', 'vpc', false],
    ]);
    // VPC routes to the gateway carry no "not modelled" caveat any more.
    const tgwRoutes = r.network.routeTables
      .flatMap((t) => t.routes)
      .filter((x) => x.target.kind === 'transit-gateway');
    expect(tgwRoutes.map((x) => x.caveat)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('flow 1: spoke A → spoke B ICMP, east-west through the firewall both ways (TGW-2, TGW-15, TGW-18)', () => {
    const t = traceFlow(r.network, { from: 'EC2SubnetA', to: 'EC2SubnetB', protocol: 'icmp' });
    expect([t.verdict, t.forward.code]).toEqual(['reachable', null]);
    expect(hops(t)).toEqual([
      ...intoGateway('A'),
      'transit-gateway-route-table:SpokeRouteTable/forward',
      FW,
      ...toSpoke('B'),
    ]);
    // The reply takes the mirror path through the same firewall endpoint (NFW-4 holds).
    expect(hops(t, 'return')).toEqual([
      ...intoGateway('B'),
      'transit-gateway-route-table:SpokeRouteTable/forward',
      FW,
      ...toSpoke('A'),
    ]);
    expect(codes(t)).not.toContain('UNSUPPORTED_COMPONENT');
    expect(t.asymmetry).toBeUndefined();
  });

  it('flow 2: spoke A → internet tcp/443 through the firewall, the egress VPC and its NAT gateway, and back', () => {
    const t = traceFlow(r.network, { from: 'EC2SubnetA', to: '142.250.196.100', protocol: 'tcp', port: 443 });
    expect([t.verdict, t.forward.code]).toEqual(['reachable', null]);
    expect(hops(t)).toEqual([
      ...intoGateway('A'),
      'transit-gateway-route-table:SpokeRouteTable/forward',
      FW,
      'transit-gateway-route-table:EgressInspectionRouteTable/forward',
      'transit-gateway-attachment:AttachEgressVPC/forward',
      'route-table:EgressTGWRouteTable/forward',
      'network-acl:EgressVPC:default-acl/allow',
      'network-acl:EgressVPC:default-acl/allow',
      'nat-gateway:EgressNATGateway/translate',
      'route-table:EgressPublicRouteTable/forward',
      'network-acl:EgressVPC:default-acl/allow',
      'internet-gateway:EgressInternetGateway/translate',
      'internet:internet/exit',
    ]);
    // Back: NAT un-translates, 10.0.0.0/8 → gateway, EgressVPCRouteTable 0.0.0.0/0 → the firewall again.
    expect(hops(t, 'return')).toEqual([
      'internet:internet/forward',
      'internet-gateway:EgressInternetGateway/translate',
      'network-acl:EgressVPC:default-acl/allow',
      'nat-gateway:EgressNATGateway/translate',
      'route-table:EgressPublicRouteTable/forward',
      'network-acl:EgressVPC:default-acl/allow',
      'network-acl:EgressVPC:default-acl/allow',
      'transit-gateway-attachment:AttachEgressVPC/forward',
      'transit-gateway-route-table:EgressVPCRouteTable/forward',
      FW,
      ...toSpoke('A'),
    ]);
    expect(codes(t)).not.toContain('UNSUPPORTED_COMPONENT');
  });

  it('flow 3: spoke A → spoke B ssh passes the firewall and is refused by B (SubnetBSecGroup: 22 only from 100.64/16, 10.2/16)', () => {
    const t = traceFlow(r.network, { from: 'EC2SubnetA', to: 'EC2SubnetB', protocol: 'tcp', port: 22 });
    expect([t.verdict, t.forward.code]).toEqual(['unreachable', 'ENI_SG_RULES_MISMATCH']);
    expect(hops(t)).toEqual([
      ...intoGateway('A'),
      'transit-gateway-route-table:SpokeRouteTable/forward',
      FW,
      ...toSpoke('B').slice(0, 5),
      'security-group:SubnetBSecGroup/drop',
    ]);
  });

  it('flow 4: spoke A → its SSM interface endpoint tcp/443 stays in the VPC (endpoint SG allows 443 from 10.1.0.0/16)', () => {
    const t = traceFlow(r.network, { from: 'EC2SubnetA', to: '10.1.1.4', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.disposition).toBe('delivered');
  });
});

/**
 * Issue 16 item 8: the sample's centralised ingress, traced from the internet to its NLB targets in the spokes. Derived
 * by hand from the template (AllowedSourceIP given as 203.0.113.25/32):
 *
 * - IngressNLB: internet-facing, one node in IngressPublicSubnet (100.64.1.0/24; its private address 100.64.1.4 and
 *   public address are deploy-time placeholders, ELB-1, NLB-1), security group IngressNLBSecurityGroup (tcp 22 and
 *   2222 from AllowedSourceIP only), listeners TCP:22 → IngressNLBTargetGroupSSH (ip target 10.1.1.10:22, EC2SubnetA)
 *   and TCP:2222 → IngressNLBTargetGroupSFTP (ip target 10.2.1.10:22, EC2SubnetB), both targets `AvailabilityZone: all`
 *   (outside the VPC, ELB-3).
 * - In: IGW (1:1 to the node, IGW-2/NLB-1) → IngressIGWRouteTable 100.64.1.0/24 → the ingress firewall endpoint
 *   (RT-11; alert-only rules, NFW-11) → IngressFirewallRouteTable local → the node (NACLs of both subnets) →
 *   IngressNLBSecurityGroup inbound (NLB-7) → listener (NLB-2).
 * - To the target: ip targets over TCP have client IP preservation off (NLB-3), so the source becomes the node's
 *   private address with a remapped port (NLB-4); the node's SG outbound (default allow all) → IngressPublicRouteTable
 *   10.0.0.0/8 → the transit gateway (ELB-5) through AttachIngressVPC (RT-19, NACL-8) → IngressVPCRouteTable (spoke
 *   CIDRs propagated, TGW-18) → the spoke's attachment → its TGW subnet's table (local, TGW-9) → the spoke SG, which
 *   admits tcp/22 from 100.64.0.0/16 — the NLB's address, as NLB-5 requires.
 * - Back: the reply is addressed to the node's private address, so the target routes it like any ENI (ELB-5):
 *   workload table 0/0 → gateway → SpokeRouteTable 100.64.0.0/16 → AttachIngressVPC (static; longer than the 0/0 to
 *   the firewall) → IngressTGWRouteTable local → the node, which translates it back to the client's connection and
 *   sends it by IngressPublicRouteTable 0/0 → the same ingress firewall endpoint (NFW-4) → IGW.
 */
describe('nfw-centralized-tgw-1az: the internet to the ingress NLB and its targets across the transit gateway (issue 16)', () => {
  const ri = importCloudFormation([{ path: FILE, text: readFileSync(FILE, 'utf8') }], {
    params: { AllowedSourceIP: '203.0.113.25/32' },
  });
  const CLIENT = '203.0.113.25';
  const INGRESS = [
    'internet:internet/forward',
    'internet-gateway:IngressInternetGateway/translate',
    'gateway-route-table:IngressIGWRouteTable/forward',
    'network-acl:IngressVPC:default-acl/allow',
    'firewall-endpoint:IngressFirewall@us-east-1a/forward',
    'route-table:IngressFirewallRouteTable/forward',
    'network-acl:IngressVPC:default-acl/allow',
    'network-acl:IngressVPC:default-acl/allow',
  ];
  const NODE_TO_GATEWAY = [
    'load-balancer:IngressNLB/translate',
    'security-group:IngressNLBSecurityGroup/allow',
    'route-table:IngressPublicRouteTable/forward',
    'network-acl:IngressVPC:default-acl/allow',
    'network-acl:IngressVPC:default-acl/allow',
    'transit-gateway-attachment:AttachIngressVPC/forward',
    'transit-gateway-route-table:IngressVPCRouteTable/forward',
  ];
  const spokeIn = (x: 'A' | 'B') => [
    `transit-gateway-attachment:AttachSpokeVPC${x}/forward`,
    `route-table:Subnet${x}TGWRouteTable/forward`,
    `network-acl:SpokeVPC${x}:default-acl/allow`,
    `network-acl:SpokeVPC${x}:default-acl/allow`,
    `security-group:Subnet${x}SecGroup/allow`,
    `instance:EC2Subnet${x}/deliver`,
  ];
  const back = (x: 'A' | 'B') => [
    `instance:EC2Subnet${x}/forward`,
    `security-group:Subnet${x}SecGroup/allow`,
    `route-table:Subnet${x}WorkloadRouteTable/forward`,
    `network-acl:SpokeVPC${x}:default-acl/allow`,
    `network-acl:SpokeVPC${x}:default-acl/allow`,
    `transit-gateway-attachment:AttachSpokeVPC${x}/forward`,
    'transit-gateway-route-table:SpokeRouteTable/forward',
    'transit-gateway-attachment:AttachIngressVPC/forward',
    'route-table:IngressTGWRouteTable/forward',
    'network-acl:IngressVPC:default-acl/allow',
    'network-acl:IngressVPC:default-acl/allow',
    'security-group:IngressNLBSecurityGroup/allow',
    'load-balancer:IngressNLB/translate',
    'security-group:IngressNLBSecurityGroup/allow',
    'route-table:IngressPublicRouteTable/forward',
    'network-acl:IngressVPC:default-acl/allow',
    'network-acl:IngressVPC:default-acl/allow',
    'firewall-endpoint:IngressFirewall@us-east-1a/forward',
    'route-table:IngressFirewallRouteTable/forward',
    'network-acl:IngressVPC:default-acl/allow',
    'internet-gateway:IngressInternetGateway/translate',
    'internet:internet/exit',
  ];

  it('imports the NLB with its two listeners and ip target groups (nothing unsupported)', () => {
    expect(ri.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ri.network.unsupported).toEqual([]);
    const lb = ri.network.loadBalancers?.find((l) => l.id === 'IngressNLB');
    expect(lb?.listeners.map((l) => [l.protocol, l.port, l.targetGroup])).toEqual([
      ['TCP', 22, 'IngressNLBTargetGroupSSH'],
      ['TCP', 2222, 'IngressNLBTargetGroupSFTP'],
    ]);
  });

  it('tcp/22 (listener → SSH group) reaches EC2SubnetA from the node address across the gateway, and back (NLB-3, NLB-4, ELB-5)', () => {
    const t = traceFlow(ri.network, { from: CLIENT, to: 'IngressNLB', protocol: 'tcp', port: 22 });
    expect([t.verdict, t.forward.code]).toEqual(['reachable', null]);
    expect(hops(t)).toEqual([
      ...INGRESS,
      'security-group:IngressNLBSecurityGroup/allow',
      'load-balancer:IngressNLB/forward',
      'target-group:IngressNLBTargetGroupSSH/forward',
      ...NODE_TO_GATEWAY,
      ...spokeIn('A'),
    ]);
    expect(t.forward.hops.find((h) => h.kind === 'load-balancer' && h.action === 'translate')?.code).toBe(
      'REMAP_EPHEMERAL_PORT',
    );
    // The target sees the node's private address (the subnet's first free one, assumed), not the client (NLB-4).
    expect(t.forward.finalPacket).toMatchObject({ src: '100.64.1.4', dst: '10.1.1.10', dstPort: 22 });
    expect(hops(t, 'return')).toEqual(back('A'));
    const reply = t.return?.hops.find((h) => h.kind === 'load-balancer');
    expect(reply?.refs).toContain('ELB-5');
    expect(t.return?.finalPacket).toMatchObject({ src: '198.18.0.2', dst: CLIENT, srcPort: 22 });
  });

  it('tcp/2222 (listener → SFTP group) reaches EC2SubnetB on port 22, and back', () => {
    const t = traceFlow(ri.network, { from: CLIENT, to: 'IngressNLB', protocol: 'tcp', port: 2222 });
    expect([t.verdict, t.forward.code]).toEqual(['reachable', null]);
    expect(hops(t)).toEqual([
      ...INGRESS,
      'security-group:IngressNLBSecurityGroup/allow',
      'load-balancer:IngressNLB/forward',
      'target-group:IngressNLBTargetGroupSFTP/forward',
      ...NODE_TO_GATEWAY,
      ...spokeIn('B'),
    ]);
    expect(t.forward.finalPacket).toMatchObject({ src: '100.64.1.4', dst: '10.2.1.10', dstPort: 22 });
    expect(hops(t, 'return')).toEqual(back('B'));
  });

  it('tcp/443 has no listener, and IngressNLBSecurityGroup (22 and 2222 only) drops it first (SG-1, NLB-7)', () => {
    const t = traceFlow(ri.network, { from: CLIENT, to: 'IngressNLB', protocol: 'tcp', port: 443 });
    expect([t.verdict, t.forward.code, t.forward.droppedAt]).toEqual([
      'unreachable',
      'ENI_SG_RULES_MISMATCH',
      'IngressNLBSecurityGroup',
    ]);
    expect(hops(t)).toEqual([...INGRESS, 'security-group:IngressNLBSecurityGroup/drop']);
  });

  it('tcp/443 with the group opened to it reaches the node and no listener takes it (NLB-2: ELBV2_LISTENERS_MISMATCH)', () => {
    const open443 = {
      ...ri.network,
      securityGroups: ri.network.securityGroups.map((g) =>
        g.id === 'IngressNLBSecurityGroup'
          ? {
              ...g,
              inbound: [
                ...g.inbound,
                {
                  protocol: 6,
                  ports: { from: 443, to: 443 },
                  peer: { kind: 'cidr' as const, cidr: '0.0.0.0/0' },
                },
              ],
            }
          : g,
      ),
    };
    const t = traceFlow(open443, { from: CLIENT, to: 'IngressNLB', protocol: 'tcp', port: 443 });
    expect([t.verdict, t.forward.code, t.forward.droppedAt]).toEqual([
      'unreachable',
      'ELBV2_LISTENERS_MISMATCH',
      'IngressNLB',
    ]);
    expect(hops(t)).toEqual([
      ...INGRESS,
      'security-group:IngressNLBSecurityGroup/allow',
      'load-balancer:IngressNLB/drop',
    ]);
  });

  it('tcp/22 from another address than AllowedSourceIP is dropped by the NLB security group (SG-1, NLB-7)', () => {
    const t = traceFlow(ri.network, { from: '198.51.100.7', to: 'IngressNLB', protocol: 'tcp', port: 22 });
    expect([t.verdict, t.forward.code]).toEqual(['unreachable', 'ENI_SG_RULES_MISMATCH']);
    expect(hops(t).at(-1)).toBe('security-group:IngressNLBSecurityGroup/drop');
  });
});
