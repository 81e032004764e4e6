/**
 * The external CloudFormation fixtures (../shared/fixtures/external/cloudformation, see its README): each imports
 * without error diagnostics, every network-relevant resource is modelled or named as unsupported (exact type
 * lists below), and flows whose outcome is derived by hand from the template and aws-semantics.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import type { TraceResult } from '../../src/analysis/trace-result.js';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import type { ImportResult } from '../../src/formats/import-result.js';
import type { FlowSpec } from '../../src/model/expectation.js';
import { EXTERNAL } from '../external-fixtures.js';

const ROOT = join(EXTERNAL, 'cloudformation');
const PROBES = join(import.meta.dirname, '../fixtures/cloudformation/probes');

function load(...paths: string[]): ImportResult {
  return importCloudFormation(
    paths.map((p) => ({ path: p, text: readFileSync(p, 'utf8') })),
    {},
  );
}

function errorsOf(r: ImportResult): string[] {
  return r.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.span?.file}:${d.span?.line}: ${d.message}`);
}

function unsupportedTypes(r: ImportResult): string[] {
  return [...new Set(r.network.unsupported.map((u) => u.type))].sort();
}

function trace(r: ImportResult, flow: FlowSpec): TraceResult {
  return traceFlow(r.network, flow);
}

/** `kind:id` of every hop of a path. */
function hops(t: TraceResult, dir: 'forward' | 'return' = 'forward'): string[] {
  const p = dir === 'forward' ? t.forward : t.return;
  return (p?.hops ?? []).map((h) => `${h.kind}:${h.id}`);
}

/** Expect `want` to appear in `got` in this order (other hops may be in between). */
function expectInOrder(got: readonly string[], want: readonly string[]): void {
  let i = 0;
  for (const g of got) if (g === want[i]) i++;
  expect(i === want.length ? want : got).toEqual(want);
}

describe('nfw-distributed-1az: Network Firewall before a NAT gateway, IGW edge route table', () => {
  const r = load(join(ROOT, 'nfw-distributed-1az/anfw-distributed-1az-dual-firewall-template.yaml'));

  it('imports without errors or unsupported parts (the NLB is modelled, issue 16)', () => {
    expect(errorsOf(r)).toEqual([]);
    expect(unsupportedTypes(r)).toEqual([]);
    // Routes built with !Select [1, !Split [":", !Select [0, !GetAtt Fw.EndpointIds]]] target the endpoints.
    const nat = r.network.routeTables.find((t) => t.id === 'NATRouteTable');
    expect(nat?.routes.map((x) => [x.destination, x.target.kind, x.target.id])).toEqual([
      ['0.0.0.0/0', 'internet-gateway', 'InternetGateway'],
      ['10.2.1.0/24', 'firewall-endpoint', 'EgressNetworkFirewall@us-east-1a'],
    ]);
    expect(r.network.internetGateways[0]?.routeTable).toBe('IngressRouteTable');
  });

  it('flow 1: PrivateInstance1 → internet tcp/443 is reachable through the egress firewall and the NAT gateway, both ways', () => {
    // Private RT 0/0 → egress FW endpoint; policy: stateless default forward_to_sfe, STRICT_ORDER, only alert rules and
    // no stateful default action → passes (NFW-11); FW RT 0/0 → NAT GW (NGW-2) → NAT RT 0/0 → IGW (EIP, IGW-2).
    // Reply: IGW → NAT GW (reverse) → NAT RT 10.2.1.0/24 → the same FW endpoint (RT-3, symmetric: NFW-4) → local.
    const t = trace(r, {
      from: 'PrivateInstance1',
      to: '142.250.196.100',
      protocol: 'tcp',
      port: 443,
      sni: 'www.example.com',
    });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.disposition).toBe('exited');
    expectInOrder(hops(t), [
      'route-table:PrivateRouteTable',
      'firewall-endpoint:EgressNetworkFirewall@us-east-1a',
      'route-table:EgressFirewallRouteTable',
      'nat-gateway:NATGateway',
      'route-table:NATRouteTable',
      'internet-gateway:InternetGateway',
    ]);
    expectInOrder(hops(t, 'return'), [
      'internet-gateway:InternetGateway',
      'nat-gateway:NATGateway',
      'route-table:NATRouteTable',
      'firewall-endpoint:EgressNetworkFirewall@us-east-1a',
      'instance:PrivateInstance1',
    ]);
  });

  it('flow 2: PrivateInstance1 → PrivateInstance2 ICMP echo is reachable inside the subnet (RT-8; SG allows ICMP from 10.2.0.0/16)', () => {
    const t = trace(r, { from: 'PrivateInstance1', to: 'PrivateInstance2', protocol: 'icmp' });
    expect(t.verdict).toBe('reachable');
    expect(hops(t).filter((h) => h.startsWith('firewall-endpoint'))).toEqual([]);
  });

  it('flow 3: PrivateInstance1 → PrivateInstance2 tcp/22 is dropped by the instance SG (only 80/443 from the NLB SG, ICMP)', () => {
    const t = trace(r, { from: 'PrivateInstance1', to: 'PrivateInstance2', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(hops(t).at(-1)).toBe('security-group:PrivateInstanceSecurityGroup');
  });

  // An internet source sending to a private address with no public IP is unreachable (IGW-3: the IGW only admits
  // packets for public IPs mapped to an ENI of its VPC).
  it('flow 4: the internet cannot reach PrivateInstance1, which has no public IP (IGW-3)', () => {
    const t = trace(r, { from: '203.0.113.50', to: 'PrivateInstance1', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
  });

  // Issue 16 item 8: the internet to the NLB's targets. The NLB (internet-facing, one subnet, NLBSecurityGroup
  // 80/443 from 0.0.0.0/0) has one listener, TCP:80 → NLBTargetGroup (instances PrivateInstance1/2, port 80). Its node's
  // public address is a deploy-time placeholder, so the flows name the load balancer (ELB-1: the node its DNS name
  // resolves to from outside).
  const INGRESS = [
    'internet:internet',
    'internet-gateway:InternetGateway',
    // RT-11: the IGW edge table sends 10.2.2.0/24 (the NLB subnet) to the ingress firewall endpoint.
    'gateway-route-table:IngressRouteTable',
    'network-acl:VPC:default-acl',
    'firewall-endpoint:IngressNetworkFirewall@us-east-1a',
    // The firewall subnet's table: 10.2.0.0/16 local → the NLB node; NACLs out of one subnet and into the other.
    'route-table:IngressFirewallRouteTable',
    'network-acl:VPC:default-acl',
    'network-acl:VPC:default-acl',
    'security-group:NLBSecurityGroup',
    'load-balancer:NetworkLoadBalancer',
  ];

  it('flow 5: internet → the NLB on tcp/80 reaches PrivateInstance1 through the ingress firewall, client address kept; back the same way (NLB-3, NLB-7, NLB-9)', () => {
    // Ingress policy: stateless default forward_to_sfe, only alert rules (LogOnlyRuleGroup), STRICT_ORDER without a
    // default action → pass (NFW-11). Listener TCP:80 → NLBTargetGroup; one AZ, so the node picks PrivateInstance1
    // (its first target). Instance targets keep the client's address (NLB-3); PrivateInstanceSecurityGroup admits tcp/80
    // from NLBSecurityGroup, which matches traffic the NLB forwards even with the address kept (NLB-7). The reply
    // returns through the node (NLB-9), NLBRouteTable 0/0 → the same ingress endpoint (NFW-4) → IGW.
    const t = trace(r, { from: '198.51.100.7', to: 'NetworkLoadBalancer', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.code).toBeNull();
    expect(hops(t)).toEqual([
      ...INGRESS,
      'target-group:NLBTargetGroup',
      'load-balancer:NetworkLoadBalancer',
      'security-group:NLBSecurityGroup',
      'route-table:NLBRouteTable',
      'network-acl:VPC:default-acl',
      'network-acl:VPC:default-acl',
      'security-group:PrivateInstanceSecurityGroup',
      'instance:PrivateInstance1',
    ]);
    expect(hops(t, 'return')).toEqual([
      'instance:PrivateInstance1',
      'security-group:PrivateInstanceSecurityGroup',
      'network-acl:VPC:default-acl',
      'network-acl:VPC:default-acl',
      'load-balancer:NetworkLoadBalancer',
      'security-group:NLBSecurityGroup',
      'route-table:NLBRouteTable',
      'network-acl:VPC:default-acl',
      'network-acl:VPC:default-acl',
      'firewall-endpoint:IngressNetworkFirewall@us-east-1a',
      'route-table:IngressFirewallRouteTable',
      'network-acl:VPC:default-acl',
      'internet-gateway:InternetGateway',
      'internet:internet',
    ]);
    expect(t.forward.finalPacket).toMatchObject({ src: '198.51.100.7', dstPort: 80 });
    const sg = t.forward.hops.find((h) => h.id === 'PrivateInstanceSecurityGroup');
    expect(sg?.refs).toContain('NLB-7');
    expect(t.notes.join('\n')).toContain('PrivateInstance2: reachable');
  });

  it('flow 6: internet → the NLB on tcp/443 passes its security group but no listener takes 443 (NLB-2)', () => {
    const t = trace(r, { from: '198.51.100.7', to: 'NetworkLoadBalancer', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('ELBV2_LISTENERS_MISMATCH');
    expect(t.forward.droppedAt).toBe('NetworkLoadBalancer');
    expect(hops(t)).toEqual(INGRESS);
  });

  it('flow 7: internet → the NLB on tcp/22 is dropped by NLBSecurityGroup (SG-1, NLB-7)', () => {
    const t = trace(r, { from: '198.51.100.7', to: 'NetworkLoadBalancer', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(hops(t)).toEqual(INGRESS.slice(0, -1));
  });
});

// nfw-centralized-tgw-1az: test/cloudformation/external-tgw.test.ts (transit gateways, issue 15).

describe('gwlb-egress-natgw: GWLB endpoint before a NAT gateway, local route replaced by a custom resource (two stacks)', () => {
  const r = load(
    join(ROOT, 'gwlb-egress-natgw/EgressVpcNatGw.yaml'),
    join(ROOT, 'gwlb-egress-natgw/InspectionVpc.yaml'),
  );

  it('imports both stacks without errors; ids shared by both stacks are prefixed', () => {
    expect(errorsOf(r)).toEqual([]);
    expect(unsupportedTypes(r)).toEqual(['AWS::Lambda::Function', 'Custom::ReplaceRoute']);
    expect(r.network.vpcs.map((v) => [v.id, v.cidrs[0]])).toEqual([
      ['EgressVpcNatGw/Vpc', '10.0.0.0/16'],
      ['InspectionVpc/Vpc', '192.168.1.0/24'],
    ]);
    expect(r.network.vpcEndpoints.map((e) => [e.id, e.type, e.subnets])).toEqual([
      ['GwlbVpcEndpoint1', 'gateway-load-balancer', ['GwlbeSubnet1']],
      ['GwlbVpcEndpoint2', 'gateway-load-balancer', ['GwlbeSubnet2']],
    ]);
    // The appliances' user data turns on IP forwarding (NATI-3).
    expect(r.network.instances.find((i) => i.id === 'Appliance1')?.os?.ipForward).toBe(true);
  });

  it('flow 1: Server1 → internet goes through the GWLB endpoint and the NAT gateway; the reply skips the endpoint because the local-route replacement is done by a custom resource — asymmetric, and the caveat names it', () => {
    // Forward: App RT 0/0 → GWLBe1 → GWLBe RT 0/0 → NATGW1 → Public RT 0/0 → IGW. Reply: IGW → NATGW1 → Public RT:
    // the template's own routes say 10.0.0.0/16 → local (the Custom::ReplaceRoute that points it at GWLBe1 cannot be
    // evaluated), so the reply reaches the app subnet without the endpoint: GWLB-3 asymmetric.
    const t = trace(r, { from: 'Server1', to: '142.250.196.100', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('asymmetric');
    expectInOrder(hops(t), [
      'route-table:ApplicationRouteTable1',
      'gwlb-endpoint:GwlbVpcEndpoint1',
      'route-table:GwlbeRouteTable1',
      'nat-gateway:EgressVpcNatGw/NATGW1',
      'route-table:PublicRouteTable1',
    ]);
    expect(hops(t, 'return')).not.toContain('gwlb-endpoint:GwlbVpcEndpoint1');
    expect(t.notes.join('\n')).toContain('Custom::ReplaceRoute PublicRtb1EditLocalRoute');
  });

  it('flow 2: Server1 → Server2 tcp/22 stays inside the VPC (local route; app SG allows all from the VPC CIDR)', () => {
    const t = trace(r, { from: 'Server1', to: 'Server2', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    expect(hops(t)).not.toContain('gwlb-endpoint:GwlbVpcEndpoint1');
  });

  it('flow 3: Appliance1 (inspection VPC) → internet through its NAT gateway', () => {
    // Appliance subnet 1 RT 0/0 → InspectionVpc NATGW1 → public RT 0/0 → IGW.
    const t = trace(r, { from: 'Appliance1', to: '142.250.196.100', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    expectInOrder(hops(t), [
      'route-table:ApplianceRouteTable1',
      'nat-gateway:InspectionVpc/NATGW1',
      'internet-gateway:InspectionVpc/InternetGateway',
    ]);
  });

  // Issue 16 item 3: the egress stack takes the endpoint service's name as a parameter (the inspection stack's output
  // ApplianceVpcEndpointServiceName, com.amazonaws.vpce.<region>.<logical id>). Given it, GwlbVpcEndpoint1 leads to
  // Gwlb (GWLB-8): the node in its AZ, Appliance1 there (cross-zone off, ELB-2), ApplianceSg admits the GENEVE leg
  // from 192.168.1.0/24 (GWLB-5), and Appliance1's OS decides: the user data turns ip_forward on (NATI-3) but writes its
  // hairpin DNAT rules in a shell loop over addresses found at boot, which vpcsim does not read — so the GENEVE packet
  // is for the appliance itself and is modelled as decapsulated and forwarded (FORWARD policy ACCEPT): it passes.
  it('flow 1 with ServiceName given goes through the GWLB and Appliance1, whose OS forwards it (GWLB-8, NATI-3)', () => {
    const p = importCloudFormation(
      [
        join(ROOT, 'gwlb-egress-natgw/EgressVpcNatGw.yaml'),
        join(ROOT, 'gwlb-egress-natgw/InspectionVpc.yaml'),
      ].map((f) => ({ path: f, text: readFileSync(f, 'utf8') })),
      { params: { ServiceName: 'com.amazonaws.vpce.us-east-1.VpcEndpointService' } },
    );
    const t = trace(p, { from: 'Server1', to: '142.250.196.100', protocol: 'tcp', port: 443 });
    const h = hops(t);
    const at = h.indexOf('gwlb-endpoint:GwlbVpcEndpoint1');
    expect(h.slice(at, at + 11)).toEqual([
      'gwlb-endpoint:GwlbVpcEndpoint1',
      'load-balancer:Gwlb',
      'target-group:TargetGroup',
      'security-group:ApplianceSg',
      'os:Appliance1', // the outer packet is for 192.168.1.20: local delivery
      'os:Appliance1', // the inner packet: ip_forward=1, routed
      'instance:Appliance1',
      'os:Appliance1', // the re-encapsulated packet back to the node
      'security-group:ApplianceSg',
      'load-balancer:Gwlb',
      'gwlb-endpoint:GwlbVpcEndpoint1',
    ]);
    expect(h.at(-1)).toBe('internet:internet');
  });
});

describe('gwlb-ingress-spoke: IGW edge route table sending inbound traffic to GWLB endpoints', () => {
  const r = load(join(ROOT, 'gwlb-ingress-spoke/DistributedArchitectureSpokeVpc2Az.yaml'));

  it('imports without errors; nothing unsupported', () => {
    expect(errorsOf(r)).toEqual([]);
    expect(unsupportedTypes(r)).toEqual([]);
    expect(r.network.internetGateways[0]?.routeTable).toBe('IgwRouteTable1');
  });

  it('flow 1: internet → Application1 public IP tcp/80 goes IGW → edge table → GWLBe1 → app, and back through GWLBe1 (RT-11, GWLB-3)', () => {
    const pub = r.network.networkInterfaces.find((e) => e.id === 'Application1.eth0')?.addresses[0]?.public;
    expect(pub).toBe('198.18.0.1'); // the first public placeholder (assumed)
    const t = trace(r, { from: '203.0.113.50', to: 'Application1', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('reachable');
    expectInOrder(hops(t), [
      'internet-gateway:InternetGateway',
      'gateway-route-table:IgwRouteTable1',
      'gwlb-endpoint:GwlbVpcEndpoint1',
      'route-table:GwlbeRouteTable1',
      'instance:Application1',
    ]);
    expectInOrder(hops(t, 'return'), [
      'route-table:ApplicationRouteTable1',
      'gwlb-endpoint:GwlbVpcEndpoint1',
      'route-table:GwlbeRouteTable1',
      'internet-gateway:InternetGateway',
    ]);
  });

  it('flow 2: Application1 → internet tcp/443 leaves through GWLBe1 and returns through the edge table to the same endpoint', () => {
    const t = trace(r, { from: 'Application1', to: '142.250.196.100', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    expectInOrder(hops(t, 'return'), [
      'internet-gateway:InternetGateway',
      'gateway-route-table:IgwRouteTable1',
      'gwlb-endpoint:GwlbVpcEndpoint1',
    ]);
  });

  it('flow 3: Application1 → Application2 tcp/22 uses the local route, no endpoint (SG allows tcp 0-65535)', () => {
    const t = trace(r, { from: 'Application1', to: 'Application2', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    expect(hops(t).filter((h) => h.startsWith('gwlb-endpoint'))).toEqual([]);
  });
});

describe('vpc-managed-nat: public/private subnets, NAT gateways and a network ACL (JSON and YAML)', () => {
  for (const ext of ['json', 'yaml']) {
    const file = join(ROOT, `vpc-managed-nat/VPC_With_Managed_NAT_And_Private_Subnet.${ext}`);
    const r = load(file);

    it(`${ext}: imports without errors; nothing unsupported; the same network from both formats`, () => {
      expect(errorsOf(r)).toEqual([]);
      expect(unsupportedTypes(r)).toEqual([]);
      expect(r.network.subnets.map((s) => [s.id, s.cidr, s.routeTable, s.networkAcl])).toEqual([
        ['PublicSubnet0', '10.0.0.0/24', 'PublicRouteTable', 'PublicNetworkAcl'],
        ['PublicSubnet1', '10.0.1.0/24', 'PublicRouteTable', 'PublicNetworkAcl'],
        ['PrivateSubnet0', '10.0.2.0/24', 'PrivateRouteTable0', undefined],
        ['PrivateSubnet1', '10.0.3.0/24', 'PrivateRouteTable1', undefined],
      ]);
    });

    // The template has no instances: a probe stack (test/fixtures/cloudformation/probes) puts two hosts in its
    // subnets through its exports (Fn::ImportValue).
    const p = load(file, join(PROBES, 'managed-nat-probe.yaml'));
    it(`${ext}: probe stack resolves the exports (cross-stack ImportValue)`, () => {
      expect(errorsOf(p)).toEqual([]);
      expect(p.network.instances.map((i) => i.id)).toEqual(['PublicHost', 'PrivateHost']);
      expect(p.network.networkInterfaces.find((e) => e.id === 'PrivateHost.eth0')?.securityGroups).toEqual([
        'VPC.DefaultSecurityGroup',
      ]);
    });

    it(`${ext} flow 1: PrivateHost → internet tcp/443 via NATGateway0 in PublicSubnet0 (NGW-2, IGW-2)`, () => {
      const t = trace(p, { from: 'PrivateHost', to: '142.250.196.100', protocol: 'tcp', port: 443 });
      expect(t.verdict).toBe('reachable');
      expectInOrder(hops(t), [
        'route-table:PrivateRouteTable0',
        'network-acl:PublicNetworkAcl',
        'nat-gateway:NATGateway0',
        'route-table:PublicRouteTable',
        'internet-gateway:InternetGateway',
      ]);
      // The internet sees NATGateway0's Elastic IP: the first EIP in the template → 198.18.0.1 (assumed).
      expect(t.forward.hops.at(-1)?.packet.src).toBe('198.18.0.1');
    });

    it(`${ext} flow 2: internet → PublicHost tcp/22 is delivered (public IP, NACL allows all, SG 22 from anywhere)`, () => {
      const t = trace(p, { from: '203.0.113.9', to: 'PublicHost', protocol: 'tcp', port: 22 });
      expect(t.verdict).toBe('reachable');
    });

    it(`${ext} flow 3: internet → PublicHost tcp/80 is dropped by ProbeSg`, () => {
      const t = trace(p, { from: '203.0.113.9', to: 'PublicHost', protocol: 'tcp', port: 80 });
      expect(t.verdict).toBe('unreachable');
      expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    });

    it(`${ext} flow 4: PublicHost → PrivateHost tcp/22 is dropped by the default SG, which admits only its own members (SG-4)`, () => {
      const t = trace(p, { from: 'PublicHost', to: 'PrivateHost', protocol: 'tcp', port: 22 });
      expect(t.verdict).toBe('unreachable');
      expect(hops(t).at(-1)).toBe('security-group:VPC.DefaultSecurityGroup');
    });
  }
});

describe('client-vpn-split-tunnel: Client VPN endpoint, split tunnel, authorization rules, extra route', () => {
  const r = load(join(ROOT, 'client-vpn-split-tunnel/vpn-aws-side-vpc.yaml'));
  const client = 'ClinetVPNEndpoint.Client'; // the template's logical ID is spelled "Clinet"

  it('imports without errors; nothing unsupported; routes = the extra 10.0.0.0/8 route + the association route (CVPN-2)', () => {
    expect(errorsOf(r)).toEqual([]);
    expect(unsupportedTypes(r)).toEqual([]);
    const ep = r.network.clientVpnEndpoints[0];
    expect(ep).toMatchObject({
      clientCidr: '172.17.0.0/16',
      splitTunnel: true,
      authentication: 'saml',
      securityGroups: ['ClientVPNSecurityGroup'],
    });
    expect(ep?.routes.map((x) => x.destination).sort()).toEqual(['10.0.0.0/8', '172.16.0.0/16']);
    expect(ep?.authorizationRules.map((x) => [x.destination, x.group])).toEqual([
      ['172.16.0.0/16', undefined],
      ['10.0.0.0/8', undefined],
    ]);
  });

  it('flow 1: client → 8.8.8.8 udp/53 does not enter the tunnel (split tunnel: only endpoint routes are pushed, CVPN-8)', () => {
    const t = trace(r, { from: client, to: '8.8.8.8', protocol: 'udp', port: 53 });
    expect(t.forward.disposition).toBe('exited');
    expect(t.forward.code).toBe('CLIENT_VPN_SPLIT_TUNNEL_BYPASS');
  });

  it('flow 2: client → PrivateWebInstance tcp/80 is reachable; the web server sees the Client VPN ENI address (CVPN-3)', () => {
    // Auth 172.16.0.0/16 all users; route 172.16.0.0/16 → private subnet; SNAT to the ENI 172.16.2.5; same subnet
    // as the web server (RT-8); web SG allows tcp/80 from 0.0.0.0/0.
    const t = trace(r, { from: client, to: 'PrivateWebInstance', protocol: 'tcp', port: 80 });
    expect(t.verdict).toBe('reachable');
  });

  it('flow 3: client → PrivateWebInstance tcp/22 is dropped by the web server SG (only ICMP echo and tcp/80)', () => {
    const t = trace(r, { from: client, to: 'PrivateWebInstance', protocol: 'tcp', port: 22 });
    expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(hops(t).at(-1)).toBe('security-group:VPNVPCHTTPICMPSecurityGroup');
  });

  it('flow 4: client → 10.1.2.3 tcp/443 is authorised and routed into the VPC, then dropped at the IGW: RFC 1918 destination (IGW-3)', () => {
    // 10.0.0.0/8 → private subnet; private RT 0/0 → NAT GW → public RT 0/0 → IGW, which drops RFC 1918 destinations.
    const t = trace(r, { from: client, to: '10.1.2.3', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
  });
});
