/**
 * AWS's centralised Network Firewall sample (../shared/fixtures/external/cloudformation/nfw-centralized-tgw-1az):
 * two spoke VPCs, an egress VPC (NAT gateway) and an ingress VPC (NLB, not modelled here) on one transit gateway
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
  it('imports without errors; no transit gateway or firewall type is unsupported (only the NLB is)', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const unsupported = [...new Set(r.network.unsupported.map((u) => u.type))];
    expect(unsupported.filter((t) => !t.startsWith('AWS::ElasticLoadBalancingV2::'))).toEqual([]);
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
