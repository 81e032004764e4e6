/**
 * Scenario S0 (scenarios.md) at the firewall level, as hand-built model objects, for tests and the benchmark:
 * VPC 10.60.0.0/16, firewall `fw` with one endpoint in the firewall subnet, policy with stateless default
 * aws:forward_to_sfe, strict order, default action aws:drop_established, one domain-list group allowing TLS SNI /
 * HTTP Host `.amazonaws.com` and `www.google.com`.
 */
import type { Firewall, FirewallPolicy, RuleGroup } from '../../model/firewall.js';
import { emptyNetwork, type Network } from '../../model/network.js';
import { mustParseAddr } from '../../net/addr.js';
import type { Packet } from '../packet.js';

export const S0_FIREWALL: Firewall = {
  id: 'fw',
  vpc: 'vpc',
  policy: 'policy',
  endpoints: [{ id: 'vpce-fw1a', subnet: 'fw-subnet' }],
};

export const S0_POLICY: FirewallPolicy = {
  id: 'policy',
  statelessRuleGroups: [],
  statelessDefaultActions: ['aws:forward_to_sfe'],
  statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
  statefulRuleGroups: [{ ruleGroup: 'allow-domains', priority: 1 }],
  ruleOrder: 'STRICT_ORDER',
  statefulDefaultActions: ['aws:drop_established'],
};

export const S0_DOMAINS: RuleGroup = {
  id: 'allow-domains',
  type: 'STATEFUL',
  ruleOrder: 'STRICT_ORDER',
  domainList: {
    targets: ['.amazonaws.com', 'www.google.com'],
    targetTypes: ['TLS_SNI', 'HTTP_HOST'],
    generatedRulesType: 'ALLOWLIST',
  },
};

/** The S0 network with only what the firewall layer reads (VPC, subnets, firewall, policy, rule groups). */
export function s0Network(change: Partial<Network> = {}): Network {
  return {
    ...emptyNetwork(),
    vpcs: [{ id: 'vpc', cidrs: ['10.60.0.0/16'] }],
    subnets: [
      { id: 'fw-subnet', vpc: 'vpc', cidr: '10.60.10.0/24', az: 'ap-northeast-1a' },
      { id: 'natgw-subnet', vpc: 'vpc', cidr: '10.60.20.0/24', az: 'ap-northeast-1a' },
      { id: 'private-subnet', vpc: 'vpc', cidr: '10.60.30.0/24', az: 'ap-northeast-1a' },
    ],
    firewalls: [S0_FIREWALL],
    firewallPolicies: [S0_POLICY],
    ruleGroups: [S0_DOMAINS],
    ...change,
  };
}

/**
 * A packet from text addresses of either family. `pkt('tcp', '10.60.30.10', 40000, '142.250.196.100', 443,
 * {sni: 'www.google.com'})`; `pkt('icmpv6', '2001:db8::10', 0, '2001:db8::20', 0)` is an echo request (type 128).
 */
export function pkt(
  proto: 'tcp' | 'udp' | 'icmp' | 'icmpv6' | number,
  src: string,
  srcPort: number,
  dst: string,
  dstPort: number,
  extra: { sni?: string; host?: string; icmpType?: number } = {},
): Packet {
  const n =
    proto === 'tcp' ? 6 : proto === 'udp' ? 17 : proto === 'icmp' ? 1 : proto === 'icmpv6' ? 58 : proto;
  return {
    proto: n,
    src: mustParseAddr(src),
    dst: mustParseAddr(dst),
    srcPort,
    dstPort,
    icmpType: extra.icmpType ?? (n === 1 ? 8 : n === 58 ? 128 : 0),
    icmpCode: 0,
    sni: extra.sni,
    host: extra.host,
  };
}
