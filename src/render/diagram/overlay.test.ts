import { describe, expect, it } from 'vitest';
import type { TraceResult } from '../../analysis/trace-result.js';
import { emptyNetwork, type Network } from '../../model/network.js';
import { buildTopology } from './topology.js';
import { describeTranslation, traceOverlay } from './overlay.js';
import { s0B01Trace, s0Flow1Trace, s0Flow3Trace, s0Network } from '../../../test/browser/fixtures/s0.js';

const pairs = (steps: readonly { from: string; to: string }[]) => steps.map((s) => `${s.from} > ${s.to}`);

describe('traceOverlay on S0', () => {
  const g = buildTopology(s0Network());

  it('flow 1 forward: app → Private-RTB → firewall endpoint → FW-RTB → NAT GW → NATGW-RTB → IGW → internet', () => {
    const o = traceOverlay(g, s0Flow1Trace());
    // By hand from scenarios.md S0 flow 1; the SG hop folds into app, NACL hops add no steps of their own.
    expect(pairs(o.forward.steps)).toEqual([
      'inst:app > router:PrivateSubnet',
      'router:PrivateSubnet > fwe:vpce-fw-1a',
      'fwe:vpce-fw-1a > router:FirewallSubnet',
      'router:FirewallSubnet > nat:NATGW',
      'nat:NATGW > router:NatGwSubnet',
      'router:NatGwSubnet > igw:IGW',
      'igw:IGW > internet',
    ]);
    expect(o.forward.steps.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The NAT gateway translates the source (NGW), then the IGW maps it to the Elastic IP (IGW-2):
    // each label sits on the step that leaves the translating component.
    expect(o.forward.steps[4]?.translations).toEqual(['SNAT 10.60.30.10:40312 → 10.60.20.10:1024']);
    expect(o.forward.steps[6]?.translations).toEqual(['SNAT 10.60.20.10:1024 → 203.0.113.60:1024']);
    expect(o.forward.steps.filter((s) => s.translations.length > 0)).toHaveLength(2);
    expect(o.forward.drop).toBeUndefined();
    expect(o.title).toBe('app → 142.250.196.100 tcp/443 SNI www.google.com: reachable');
  });

  it('a path to the internet on a graph that does not draw it gets the internet as an extra node', () => {
    // The same network with no route to the IGW draws no internet (IGW-1); the hand-written flow 1 still ends there.
    const net = s0Network();
    const bare = buildTopology({
      ...net,
      routeTables: net.routeTables.map((t) => ({
        ...t,
        routes: t.routes.filter((r) => r.target.kind !== 'internet-gateway'),
      })),
    });
    expect(bare.nodes.some((n) => n.id === 'internet')).toBe(false);
    const o = traceOverlay(bare, s0Flow1Trace());
    expect(o.forward.nodes.at(-1)).toBe('internet');
    expect(o.extraNodes.map((n) => n.id)).toContain('internet');
    // On S0 itself the graph draws it: no extra node.
    expect(traceOverlay(g, s0Flow1Trace()).extraNodes.map((n) => n.id)).not.toContain('internet');
  });

  it('maps ambiguous default-NACL hops by direction: inbound to the next subnet, outbound to the current one', () => {
    const o = traceOverlay(g, s0Flow1Trace());
    // hops[4] is the inbound NACL check entering the firewall subnet (next hop: the endpoint in FirewallSubnet).
    expect(o.forward.hopNodes[4]).toBe('router:FirewallSubnet');
    // hops[2] is the outbound NACL check leaving the private subnet.
    expect(o.forward.hopNodes[2]).toBe('router:PrivateSubnet');
    expect(o.forward.hopNodes[8]).toBe('router:NatGwSubnet');
  });

  it('flow 1 return goes back through the firewall endpoint (the RT-3 return route)', () => {
    const o = traceOverlay(g, s0Flow1Trace());
    expect(pairs(o.return?.steps ?? [])).toEqual([
      'igw:IGW > nat:NATGW',
      'nat:NATGW > router:NatGwSubnet',
      'router:NatGwSubnet > fwe:vpce-fw-1a',
      'fwe:vpce-fw-1a > router:FirewallSubnet',
      'router:FirewallSubnet > inst:app',
    ]);
    expect(o.return?.steps[0]?.translations).toEqual(['DNAT 203.0.113.60:1024 → 10.60.20.10:1024']);
    expect(o.return?.steps[1]?.translations).toEqual(['DNAT 10.60.20.10:1024 → 10.60.30.10:40312']);
  });

  it('B0.1: the reply skips the firewall and the note sits on NATGW-RTB', () => {
    const o = traceOverlay(buildTopology(s0Network({ returnRoute: false })), s0B01Trace());
    expect(o.verdict).toBe('asymmetric');
    expect(o.return?.nodes).not.toContain('fwe:vpce-fw-1a');
    expect(pairs(o.return?.steps ?? [])).toContain('router:NatGwSubnet > inst:app');
    expect(o.asymmetry?.node).toBe('router:NatGwSubnet');
    expect(o.asymmetry?.lines.join('\n')).toContain('10.60.30.0/24 → vpce-fw-1a in NATGW-RTB');
  });

  it('flow 3: dropped at the firewall endpoint with its code and rule', () => {
    const o = traceOverlay(g, s0Flow3Trace());
    expect(o.forward.drop).toEqual({
      node: 'fwe:vpce-fw-1a',
      code: 'FIREWALL_RULES_RESTRICTION',
      rule: 'default action aws:drop_established',
    });
    expect(o.return).toBeNull();
    expect(o.forward.nodes.at(-1)).toBe('fwe:vpce-fw-1a');
  });
});

describe('traceOverlay edge cases', () => {
  const pkt = { protocol: 'tcp', src: '10.0.1.5', srcPort: 40000, dst: '10.0.1.6', dstPort: 22 };
  // Two instances share sg-shared: the inbound SG hop belongs to the destination (packet dst 10.0.1.6).
  const net: Network = {
    ...emptyNetwork(),
    vpcs: [{ id: 'v', cidrs: ['10.0.0.0/16'] }],
    subnets: [{ id: 's', vpc: 'v', cidr: '10.0.1.0/24' }],
    instances: [
      { id: 'a', interfaces: ['eni-a'] },
      { id: 'b', interfaces: ['eni-b'] },
    ],
    networkInterfaces: [
      {
        id: 'eni-a',
        subnet: 's',
        addresses: [{ private: '10.0.1.5' }],
        sourceDestCheck: true,
        securityGroups: ['sg-shared'],
      },
      {
        id: 'eni-b',
        subnet: 's',
        addresses: [{ private: '10.0.1.6' }],
        sourceDestCheck: true,
        securityGroups: ['sg-shared'],
      },
    ],
  };
  const trace = (hops: TraceResult['forward']['hops']): TraceResult => ({
    verdict: 'unreachable',
    flow: { from: 'a', to: 'b', packet: pkt },
    forward: { disposition: 'dropped', code: 'ENI_SG_RULES_MISMATCH', hops },
    return: null,
    notes: [],
  });

  it('a shared security group lands on the ENI that owns the packet address (inbound → destination)', () => {
    const o = traceOverlay(
      buildTopology(net),
      trace([
        { id: 'a', kind: 'instance', action: 'allow', packet: pkt },
        { id: 'sg-shared', kind: 'security-group', action: 'allow', direction: 'outbound', packet: pkt },
        {
          id: 'sg-shared',
          kind: 'security-group',
          action: 'drop',
          direction: 'inbound',
          code: 'ENI_SG_RULES_MISMATCH',
          packet: pkt,
        },
      ]),
    );
    expect(o.forward.hopNodes).toEqual(['inst:a', 'inst:a', 'inst:b']);
    expect(o.forward.drop?.node).toBe('inst:b');
    expect(pairs(o.forward.steps)).toEqual(['inst:a > inst:b']);
  });

  it('a hop naming something unknown gets an external node, not a shorter path', () => {
    const o = traceOverlay(
      buildTopology(net),
      trace([
        { id: 'a', kind: 'instance', action: 'allow', packet: pkt },
        { id: 'tgw-1', kind: 'transit-gateway', action: 'drop', code: 'UNSUPPORTED_COMPONENT', packet: pkt },
      ]),
    );
    expect(o.extraNodes.map((n) => n.id)).toEqual(['ext:transit-gateway:tgw-1']);
    expect(pairs(o.forward.steps)).toEqual(['inst:a > ext:transit-gateway:tgw-1']);
  });

  it('describeTranslation says SNAT/DNAT with ports, and nothing when unchanged', () => {
    expect(describeTranslation(pkt, { ...pkt, dst: '10.0.9.9' })).toEqual(['DNAT 10.0.1.6:22 → 10.0.9.9:22']);
    expect(describeTranslation(pkt, pkt)).toEqual([]);
    expect(describeTranslation(pkt, undefined)).toEqual([]);
  });
});

describe('traceOverlay uses the hop owner', () => {
  const g = buildTopology(s0Network());
  const p = { protocol: 'tcp', src: '10.60.30.10', srcPort: 40312, dst: '142.250.196.100', dstPort: 443 };
  const t = (hops: TraceResult['forward']['hops']): TraceResult => ({
    verdict: 'unreachable',
    flow: { from: 'app', to: '142.250.196.100', packet: p },
    forward: { disposition: 'dropped', code: 'NO_ROUTE_TO_DESTINATION', hops },
    return: null,
    notes: [],
  });

  it('an implied default NACL (id unknown to the model) lands on its owner subnet', () => {
    const o = traceOverlay(
      g,
      t([
        { id: 'app', kind: 'instance', action: 'forward', packet: p },
        {
          id: 'vpc:default-acl',
          kind: 'network-acl',
          action: 'drop',
          direction: 'outbound',
          owner: 'NatGwSubnet',
          code: 'SUBNET_ACL_RESTRICTION',
          packet: p,
        },
      ]),
    );
    // The owner names NatGwSubnet even though context (app in PrivateSubnet) would suggest otherwise.
    expect(o.forward.hopNodes[1]).toBe('router:NatGwSubnet');
    expect(o.forward.drop?.node).toBe('router:NatGwSubnet');
  });

  it('the owner disambiguates a shared NACL id', () => {
    const o = traceOverlay(
      g,
      t([
        { id: 'app', kind: 'instance', action: 'forward', packet: p },
        {
          id: 'acl-default',
          kind: 'network-acl',
          action: 'drop',
          direction: 'outbound',
          owner: 'FirewallSubnet',
          packet: p,
        },
      ]),
    );
    expect(o.forward.hopNodes[1]).toBe('router:FirewallSubnet');
  });

  it('a VPN client hop named `client:NAME` lands on the client node', () => {
    const cnet: Network = {
      ...emptyNetwork(),
      vpcs: [{ id: 'v', cidrs: ['192.168.0.0/16'] }],
      subnets: [{ id: 'target', vpc: 'v', cidr: '192.168.10.0/24' }],
      clientVpnEndpoints: [
        {
          id: 'cvpn',
          vpc: 'v',
          clientCidr: '172.31.0.0/22',
          authentication: 'certificate',
          splitTunnel: true,
          securityGroups: [],
          targetNetworks: [{ id: 'assoc-1a', subnet: 'target', eniIp: '192.168.10.97' }],
          authorizationRules: [],
          routes: [],
        },
      ],
      vpnClients: [{ id: 'user', endpoint: 'cvpn', tunnelIp: '172.31.0.2', groups: [] }],
    };
    const p = { protocol: 'tcp', src: '172.31.0.2', srcPort: 50000, dst: '192.168.1.63', dstPort: 22 };
    const o = traceOverlay(buildTopology(cnet), {
      verdict: 'unreachable',
      flow: { from: 'client:user', to: '192.168.1.63', packet: p },
      forward: {
        disposition: 'dropped',
        code: 'CLIENT_VPN_AUTHORIZATION_RESTRICTION',
        hops: [
          { id: 'client:user', kind: 'client', action: 'forward', packet: p },
          { id: 'cvpn', kind: 'client-vpn', action: 'drop', packet: p },
        ],
      },
      return: null,
      notes: [],
    });
    expect(o.forward.hopNodes).toEqual(['client:user', 'cvpn:cvpn']);
    expect(o.extraNodes).toEqual([]);
  });
});
