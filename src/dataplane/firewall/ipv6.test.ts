/**
 * Network Firewall on IPv6 flows (V6-12: Network Firewall supports dual-stack and IPv6-only subnets): stateless
 * rules with IPv6 CIDRs and ICMPv6 (NFW-5, NFW-6), Suricata rules with IPv6 addresses, lists and variables (NFW-8,
 * NFW-13), 5-tuple rules (NFW-8), domain lists on IPv6 flows with HOME_NET defaulting to the VPC's IPv4 and IPv6
 * CIDRs (NFW-12, NFW-13). Every verdict below is derived by hand from the rules, in the order NFW-5…NFW-11 give.
 */
import { describe, expect, it } from 'vitest';
import type { FirewallPolicy, RuleGroup, StatelessRule, StatefulRule5Tuple } from '../../model/firewall.js';
import { parseSuricataRules } from '../../model/suricata/parse.js';
import { replyOf } from '../packet.js';
import { compileFirewall, FirewallFlows, inspectPacket } from './index.js';
import { pkt, s0Network, S0_FIREWALL, S0_POLICY } from './s0-fixture.js';

const EP = { endpoint: 'vpce-fw1a' };
/** The S0 VPC made dual-stack: 10.60.0.0/16 and 2001:db8:60::/56. */
const DUAL_VPC = [{ id: 'vpc', cidrs: ['10.60.0.0/16'], ipv6Cidrs: ['2001:db8:60::/56'] }];

function suricata(id: string, text: string, extra: Partial<RuleGroup> = {}): RuleGroup {
  const { rules, diagnostics } = parseSuricataRules(text, { file: `${id}.rules` });
  if (diagnostics.some((d) => d.severity === 'error')) throw new Error(JSON.stringify(diagnostics));
  return { id, type: 'STATEFUL', ruleOrder: 'STRICT_ORDER', suricataRules: rules, ...extra };
}

function fwWith(policy: Partial<FirewallPolicy>, groups: RuleGroup[]) {
  return compileFirewall(
    s0Network({ vpcs: DUAL_VPC, firewallPolicies: [{ ...S0_POLICY, ...policy }], ruleGroups: groups }),
    S0_FIREWALL,
  );
}

const rule = (priority: number, actions: string[], more: Partial<StatelessRule> = {}): StatelessRule => ({
  priority,
  sources: [],
  destinations: [],
  sourcePorts: [],
  destinationPorts: [],
  protocols: [],
  actions,
  ...more,
});

describe('stateless rules on IPv6 (NFW-5, NFW-6, V6-12)', () => {
  const group: RuleGroup = {
    id: 'sl6',
    type: 'STATELESS',
    statelessRules: [
      rule(5, ['aws:drop'], { sources: ['0.0.0.0/0'], protocols: [17] }),
      rule(10, ['aws:drop'], {
        sources: ['2001:db8:60:30::/64'],
        protocols: [6],
        destinationPorts: [{ from: 22, to: 22 }],
      }),
      rule(20, ['aws:pass'], { sources: ['10.60.30.0/24'] }),
      rule(30, ['aws:drop'], { protocols: [58] }),
      rule(40, ['aws:pass'], { destinations: ['2001:db8:ffff::/48'] }),
    ],
  };
  const { firewall: fw, diagnostics } = fwWith(
    {
      statelessRuleGroups: [{ ruleGroup: 'sl6', priority: 1 }],
      statelessDefaultActions: ['aws:drop'],
      statefulRuleGroups: [],
    },
    [group],
  );

  it('compiles IPv6 CIDRs without diagnostics', () => {
    expect(diagnostics).toEqual([]);
  });

  it('an IPv6 source CIDR matches IPv6 ssh: rule 10 drops it', () => {
    const r = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:60:30::10', 40000, '2001:db8:ffff::10', 22),
    );
    expect(r.action).toBe('drop');
    expect(r.code).toBe('FIREWALL_RULES_RESTRICTION');
    expect(r.rule).toContain('stateless group sl6 (priority 1), rule 10');
  });

  it('the same flow over IPv4 skips the IPv6 rule 10 and is passed by rule 20', () => {
    const r = inspectPacket(fw, new FirewallFlows(), pkt('tcp', '10.60.30.10', 40000, '198.51.100.10', 22));
    expect(r.action).toBe('pass');
    expect(r.rule).toContain('rule 20');
  });

  it('0.0.0.0/0 never matches an IPv6 packet (rule 5 is IPv4 only): IPv6 udp falls to rule 40', () => {
    const r = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('udp', '2001:db8:60:31::10', 40000, '2001:db8:ffff::53', 53),
    );
    // Rule 5 (udp from 0.0.0.0/0) is IPv4; rule 10 is tcp; rule 20 is an IPv4 source; rule 30 is ICMPv6; rule 40
    // passes every destination in 2001:db8:ffff::/48.
    expect(r.action).toBe('pass');
    expect(r.rule).toContain('rule 40');
    const v4 = inspectPacket(fw, new FirewallFlows(), pkt('udp', '10.60.31.10', 40000, '198.51.100.53', 53));
    expect(v4.action).toBe('drop');
    expect(v4.rule).toContain('rule 5');
  });

  it('protocol 58 (ICMPv6) drops an ICMPv6 echo request by rule 30; ICMPv4 echo is not protocol 58', () => {
    const r = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('icmpv6', '2001:db8:60:31::10', 0, '2001:db8:ffff::10', 0),
    );
    expect(r.action).toBe('drop');
    expect(r.rule).toContain('rule 30');
    // ICMPv4 from outside 10.60.30.0/24 to an IPv4 address: no rule matches → stateless default aws:drop (NFW-7).
    const v4 = inspectPacket(fw, new FirewallFlows(), pkt('icmp', '10.60.31.10', 0, '198.51.100.10', 0));
    expect(v4.action).toBe('drop');
    expect(v4.rule).toBe('stateless default action aws:drop');
  });

  it('an IPv6 packet outside every rule gets the stateless default action (NFW-7)', () => {
    const r = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:60:31::10', 40000, '2001:db8:aaaa::10', 443),
    );
    expect(r.action).toBe('drop');
    expect(r.rule).toBe('stateless default action aws:drop');
  });

  it('a malformed IPv6 CIDR is reported, not silently ignored', () => {
    const bad: RuleGroup = {
      id: 'bad',
      type: 'STATELESS',
      statelessRules: [rule(1, ['aws:drop'], { sources: ['2001:db8::/129'] })],
    };
    const { diagnostics: d } = fwWith({ statelessRuleGroups: [{ ruleGroup: 'bad', priority: 1 }] }, [bad]);
    expect(d.map((x) => x.code)).toContain('FIREWALL_BAD_CIDR');
  });
});

describe('Suricata rules with IPv6 addresses (NFW-8, NFW-10, NFW-13)', () => {
  it('IPv6 CIDRs, negations and lists in a rule header; strict order with aws:drop_strict', () => {
    const g = suricata(
      'v6',
      [
        'pass tcp [2001:db8:60::/56, !2001:db8:60:99::/64] any -> 2001:db8:ffff::/48 443 (sid:10;)',
        'pass tcp 10.60.0.0/16 any -> any 443 (sid:11;)',
      ].join('\n'),
    );
    const { firewall: fw, diagnostics } = fwWith(
      { statefulRuleGroups: [{ ruleGroup: 'v6', priority: 1 }], statefulDefaultActions: ['aws:drop_strict'] },
      [g],
    );
    expect(diagnostics).toEqual([]);
    const ok = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:60:30::10', 40000, '2001:db8:ffff::10', 443),
      EP,
    );
    expect(ok.action).toBe('pass');
    expect(ok.rule).toContain('sid:10;');
    // 2001:db8:60:99::10 is inside /56 but negated; sid 11 is IPv4 → no rule matches → drop_strict (NFW-11).
    const negated = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:60:99::10', 40000, '2001:db8:ffff::10', 443),
      EP,
    );
    expect(negated.action).toBe('drop');
    expect(negated.rule).toBe('default action aws:drop_strict');
    // The IPv4 flow is passed by sid 11, never by the IPv6-only sid 10.
    const v4 = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '10.60.30.10', 40000, '198.51.100.10', 443),
      EP,
    );
    expect(v4.action).toBe('pass');
    expect(v4.rule).toContain('sid:11;');
  });

  it('`any` covers both families; `icmp` is ICMPv4 and ICMPv6, `icmpv4`/`icmpv6` one each (Suricata protocols)', () => {
    const g = suricata(
      'icmp',
      [
        'drop icmpv4 any any -> any any (sid:1;)',
        'pass icmpv6 any any -> 2001:db8:ffff::1 any (sid:2;)',
        'drop icmp any any -> any any (sid:3;)',
      ].join('\n'),
    );
    const { firewall: fw, diagnostics } = fwWith(
      { statefulRuleGroups: [{ ruleGroup: 'icmp', priority: 1 }] },
      [g],
    );
    expect(diagnostics).toEqual([]);
    // ICMPv6 echo to ::1 of the /48: sid 1 is ICMPv4 only; sid 2 passes it.
    const a = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('icmpv6', '2001:db8:60:30::10', 0, '2001:db8:ffff::1', 0),
      EP,
    );
    expect(a.action).toBe('pass');
    expect(a.rule).toContain('sid:2;');
    // ICMPv6 echo elsewhere: sid 1 no (ICMPv4), sid 2 no (destination), sid 3 `icmp` also matches ICMPv6 → drop.
    const b = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('icmpv6', '2001:db8:60:30::10', 0, '2001:db8:ffff::2', 0),
      EP,
    );
    expect(b.action).toBe('drop');
    expect(b.rule).toContain('sid:3;');
    // ICMPv4 echo: sid 1 drops it.
    const c = inspectPacket(fw, new FirewallFlows(), pkt('icmp', '10.60.30.10', 0, '198.51.100.1', 0), EP);
    expect(c.action).toBe('drop');
    expect(c.rule).toContain('sid:1;');
  });

  it('`ipv6` as the protocol matches every IPv6 packet and no IPv4 one', () => {
    const g = suricata('fam', 'drop ipv6 any any -> any any (sid:1;)');
    const { firewall: fw } = fwWith({ statefulRuleGroups: [{ ruleGroup: 'fam', priority: 1 }] }, [g]);
    const v6 = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('udp', '2001:db8:60:30::10', 40000, '2001:db8:ffff::53', 53),
      EP,
    );
    expect(v6.action).toBe('drop');
    expect(v6.rule).toContain('sid:1;');
    // IPv4: nothing matches; S0's default aws:drop_established drops unmatched UDP (NFW-11) — not sid 1.
    const v4 = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('udp', '10.60.30.10', 40000, '198.51.100.53', 53),
      EP,
    );
    expect(v4.rule).toBe('default action aws:drop_established');
  });

  it('IP set variables with IPv6 members resolve in rule groups and policies (NFW-13)', () => {
    const g = suricata('vars', 'pass tcp $CLIENTS6 any -> $WEB6 443 (sid:1;)', {
      variables: { WEB6: ['2001:db8:ffff::10/128'] },
    });
    const { firewall: fw, diagnostics } = fwWith(
      {
        statefulRuleGroups: [{ ruleGroup: 'vars', priority: 1 }],
        statefulDefaultActions: ['aws:drop_strict'],
        variables: { CLIENTS6: ['2001:db8:60:30::/64', '10.60.30.0/24'] },
      },
      [g],
    );
    expect(diagnostics).toEqual([]);
    const hit = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:60:30::10', 40000, '2001:db8:ffff::10', 443),
      EP,
    );
    expect(hit.action).toBe('pass');
    expect(hit.rule).toContain('sid:1;');
    // A /128 admits exactly one address: ::11 is dropped by the default.
    const miss = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:60:30::10', 40000, '2001:db8:ffff::11', 443),
      EP,
    );
    expect(miss.rule).toBe('default action aws:drop_strict');
  });

  it('a 5-tuple rule with an IPv6 source compiles to the same Suricata header (NFW-8)', () => {
    const five: StatefulRule5Tuple = {
      action: 'DROP',
      protocol: 'TCP',
      source: '2001:db8:60:30::/64',
      sourcePort: 'ANY',
      direction: 'FORWARD',
      destination: 'ANY',
      destinationPort: '80',
    };
    const g: RuleGroup = { id: 'ft', type: 'STATEFUL', ruleOrder: 'STRICT_ORDER', statefulRules: [five] };
    const { firewall: fw, diagnostics } = fwWith({ statefulRuleGroups: [{ ruleGroup: 'ft', priority: 1 }] }, [
      g,
    ]);
    expect(diagnostics).toEqual([]);
    const r = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:60:30::10', 40000, '2001:db8:ffff::10', 80),
      EP,
    );
    expect(r.action).toBe('drop');
    expect(r.rule).toContain('drop tcp 2001:db8:60:30::/64 any -> any 80');
    // From the next /64 the rule does not match; SYN and ACK are connection setup, which aws:drop_established lets
    // through, and the first (opaque) data packet is established client data, which it drops (NFW-11).
    const other = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:60:31::10', 40000, '2001:db8:ffff::10', 80),
      EP,
    );
    expect(other.action).toBe('drop');
    expect(other.rule).toBe('default action aws:drop_established');
  });
});

describe('domain lists on IPv6 flows (NFW-12, NFW-13)', () => {
  // S0's allowlist (.amazonaws.com, www.google.com; TLS_SNI and HTTP_HOST), strict order, aws:drop_established.
  const { firewall: fw, diagnostics } = compileFirewall(s0Network({ vpcs: DUAL_VPC }), S0_FIREWALL);

  it('HOME_NET defaults to both CIDRs of the inspection VPC', () => {
    expect(diagnostics).toEqual([]);
    expect(fw.homeNetText).toEqual(['10.60.0.0/16', '2001:db8:60::/56']);
  });

  it('an IPv6 client in HOME_NET reaching an allowlisted SNI passes by the domain rule, and so does the reply', () => {
    const flows = new FirewallFlows();
    const req = pkt('tcp', '2001:db8:60:30::10', 40000, '2600:1f18::10', 443, {
      sni: 's3.us-east-1.amazonaws.com',
    });
    const r = inspectPacket(fw, flows, req, { ...EP, direction: 'forward' });
    expect(r.action).toBe('pass');
    expect(r.rule).toContain('dotprefix; content:".amazonaws.com"');
    const back = inspectPacket(fw, flows, replyOf(req), { ...EP, direction: 'return' });
    expect(back.action).toBe('pass');
    expect(back.rule).toBe(r.rule);
  });

  it("an IPv6 client's non-allowlisted SNI is dropped by the allowlist's generated drop rule", () => {
    const r = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:60:30::10', 40000, '2606:2800::10', 443, { sni: 'example.com' }),
      EP,
    );
    expect(r.action).toBe('drop');
    expect(r.code).toBe('FIREWALL_RULES_RESTRICTION');
    expect(r.rule).toContain('not matching any TLS allowlisted FQDNs');
  });

  it('an IPv6 source outside HOME_NET is not covered by the domain rules: note, and the default decides', () => {
    const r = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:99::10', 40000, '2600:1f18::10', 443, { sni: 's3.us-east-1.amazonaws.com' }),
      EP,
    );
    // No domain rule applies ($HOME_NET source); the ClientHello is established client data → drop_established.
    expect(r.action).toBe('drop');
    expect(r.rule).toBe('default action aws:drop_established');
    expect(r.notes?.join(' ')).toContain(
      'source 2001:db8:99::10 is outside HOME_NET (10.60.0.0/16, 2001:db8:60::/56)',
    );
  });

  it('an IPv4-only VPC keeps HOME_NET IPv4: an IPv6 client is outside it', () => {
    const { firewall: v4only } = compileFirewall(s0Network(), S0_FIREWALL);
    const r = inspectPacket(
      v4only,
      new FirewallFlows(),
      pkt('tcp', '2001:db8:60:30::10', 40000, '2600:1f18::10', 443, { sni: 's3.us-east-1.amazonaws.com' }),
      EP,
    );
    expect(r.action).toBe('drop');
    expect(r.rule).toBe('default action aws:drop_established');
  });
});
