/**
 * validateFirewalls: what the NFW API refuses (errors) and lint (warnings). NFW-1…NFW-13.
 */
import { describe, expect, it } from 'vitest';
import type { FirewallPolicy, RuleGroup, StatelessRule } from '../model/firewall.js';
import type { Network, RouteTable } from '../model/network.js';
import { s0Network, S0_POLICY, S0_DOMAINS } from '../dataplane/firewall/s0-fixture.js';
import { validateFirewalls } from './firewall.js';

const codes = (net: Network) => validateFirewalls(net).map((d) => d.code);

/** S0's route tables: Private-RTB 0/0 → fw endpoint, FW-RTB 0/0 → NAT GW, NATGW-RTB 0/0 → IGW + 10.60.30.0/24 → endpoint. */
const S0_TABLES: RouteTable[] = [
  {
    id: 'Private-RTB',
    vpc: 'vpc',
    routes: [{ destination: '0.0.0.0/0', target: { kind: 'firewall-endpoint', id: 'vpce-fw1a' } }],
  },
  {
    id: 'FW-RTB',
    vpc: 'vpc',
    routes: [{ destination: '0.0.0.0/0', target: { kind: 'nat-gateway', id: 'natgw' } }],
  },
  {
    id: 'NATGW-RTB',
    vpc: 'vpc',
    routes: [
      { destination: '0.0.0.0/0', target: { kind: 'internet-gateway', id: 'igw' } },
      { destination: '10.60.30.0/24', target: { kind: 'firewall-endpoint', id: 'vpce-fw1a' } },
    ],
  },
];

function s0Full(change: Partial<Network> = {}): Network {
  const base = s0Network();
  return {
    ...base,
    subnets: [
      { id: 'fw-subnet', vpc: 'vpc', cidr: '10.60.10.0/24', az: 'ap-northeast-1a', routeTable: 'FW-RTB' },
      {
        id: 'natgw-subnet',
        vpc: 'vpc',
        cidr: '10.60.20.0/24',
        az: 'ap-northeast-1a',
        routeTable: 'NATGW-RTB',
      },
      {
        id: 'private-subnet',
        vpc: 'vpc',
        cidr: '10.60.30.0/24',
        az: 'ap-northeast-1a',
        routeTable: 'Private-RTB',
      },
    ],
    routeTables: S0_TABLES,
    networkInterfaces: [
      {
        id: 'eni-app',
        subnet: 'private-subnet',
        addresses: [{ private: '10.60.30.10' }],
        sourceDestCheck: true,
        securityGroups: [],
        instance: 'app',
        owner: 'instance',
      },
    ],
    instances: [{ id: 'app', interfaces: ['eni-app'] }],
    ...change,
  };
}

function withPolicy(p: Partial<FirewallPolicy>, groups: RuleGroup[] = [S0_DOMAINS]): Network {
  return s0Full({ firewallPolicies: [{ ...S0_POLICY, ...p }], ruleGroups: groups });
}

describe('validateFirewalls', () => {
  it('S0 as written is clean', () => {
    expect(validateFirewalls(s0Full())).toEqual([]);
  });

  it('B0.3: an instance in the firewall subnet is flagged (NFW-2)', () => {
    const net = s0Full({
      networkInterfaces: [
        ...s0Full().networkInterfaces,
        {
          id: 'eni-oops',
          subnet: 'fw-subnet',
          addresses: [{ private: '10.60.10.50' }],
          sourceDestCheck: true,
          securityGroups: [],
          instance: 'oops',
          owner: 'instance',
        },
      ],
      instances: [
        { id: 'app', interfaces: ['eni-app'] },
        { id: 'oops', interfaces: ['eni-oops'], span: { file: 's0.yaml', line: 80, col: 5 } },
      ],
    });
    const ds = validateFirewalls(net);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({
      severity: 'warning',
      code: 'FIREWALL_SUBNET_HAS_WORKLOADS',
      resource: 'oops',
      ref: 'NFW-2',
      span: { file: 's0.yaml', line: 80, col: 5 },
    });
    expect(ds[0]!.message).toContain('10.60.10.50');
  });

  it('policy mixing rule orders with its group is an error (NFW-10)', () => {
    const ds = validateFirewalls(withPolicy({}, [{ ...S0_DOMAINS, ruleOrder: 'DEFAULT_ACTION_ORDER' }]));
    expect(ds.map((d) => [d.code, d.severity])).toEqual([['FIREWALL_RULE_ORDER_MISMATCH', 'error']]);
  });

  it('stateless rule with two standard actions, and duplicate rule priorities (NFW-5, NFW-6)', () => {
    const span = { file: 'n.yaml', line: 30, col: 9 };
    const sl: RuleGroup = {
      id: 'sl',
      type: 'STATELESS',
      statelessRules: [
        {
          priority: 1,
          sources: [],
          destinations: [],
          sourcePorts: [],
          destinationPorts: [],
          protocols: [],
          actions: ['aws:pass', 'aws:drop'],
          span,
        },
        {
          priority: 1,
          sources: ['10.0.0.0/8'],
          destinations: [],
          sourcePorts: [],
          destinationPorts: [],
          protocols: [],
          actions: ['metric'],
        },
      ],
    };
    const ds = validateFirewalls(
      withPolicy({ statelessRuleGroups: [{ ruleGroup: 'sl', priority: 10 }] }, [S0_DOMAINS, sl]),
    );
    expect(ds.map((d) => d.code)).toEqual([
      'FIREWALL_STATELESS_ACTIONS',
      'FIREWALL_DUPLICATE_PRIORITY',
      'FIREWALL_STATELESS_ACTIONS',
    ]);
    expect(ds[0]!.span).toEqual(span);
    expect(ds[0]!.message).toContain('2 standard actions (aws:pass, aws:drop)');
    expect(ds[2]!.message).toContain('no standard action');
  });

  it('missing references, type mismatch and duplicate group priorities', () => {
    const sl: RuleGroup = { id: 'sl', type: 'STATELESS', statelessRules: [] };
    expect(
      codes(
        withPolicy(
          {
            statelessRuleGroups: [
              { ruleGroup: 'allow-domains', priority: 1 },
              { ruleGroup: 'nope', priority: 2 },
            ],
            statefulRuleGroups: [
              { ruleGroup: 'allow-domains', priority: 1 },
              { ruleGroup: 'sl', priority: 1 },
              { ruleGroup: 'x' },
            ],
          },
          [S0_DOMAINS, sl],
        ),
      ),
    ).toEqual([
      'FIREWALL_RULE_GROUP_TYPE_MISMATCH',
      'FIREWALL_RULE_GROUP_NOT_FOUND',
      'FIREWALL_RULE_GROUP_TYPE_MISMATCH',
      'FIREWALL_DUPLICATE_PRIORITY',
      'FIREWALL_RULE_GROUP_NOT_FOUND',
      'FIREWALL_PRIORITY_MISSING',
    ]);
    expect(
      codes(
        s0Full({
          firewalls: [
            { id: 'fw', vpc: 'vpc', policy: 'gone', endpoints: [{ id: 'e', subnet: 'fw-subnet' }] },
          ],
        }),
      ),
    ).toEqual(['FIREWALL_POLICY_NOT_FOUND']);
  });

  it('stateful default actions: two drops; plain + app-layer variants; defaults in action order (NFW-11)', () => {
    expect(
      codes(withPolicy({ statefulDefaultActions: ['aws:drop_strict', 'aws:drop_established'] })),
    ).toContain('FIREWALL_STATEFUL_DEFAULT_ACTIONS');
    const mixed = validateFirewalls(
      withPolicy({ statefulDefaultActions: ['aws:drop_established', 'aws:alert_established_app_layer'] }),
    );
    expect(mixed.map((d) => d.code)).toEqual(['FIREWALL_STATEFUL_DEFAULT_ACTIONS']);
    expect(mixed[0]!.message).toContain('mutually exclusive');
    const ao = validateFirewalls(
      withPolicy(
        {
          ruleOrder: 'DEFAULT_ACTION_ORDER',
          statefulDefaultActions: ['aws:drop_established'],
          statefulRuleGroups: [{ ruleGroup: 'allow-domains' }],
        },
        [{ ...S0_DOMAINS, ruleOrder: undefined }],
      ),
    );
    expect(ao.map((d) => d.code)).toEqual(['FIREWALL_STATEFUL_DEFAULT_ACTIONS']);
    expect(codes(withPolicy({ statelessDefaultActions: ['aws:pass', 'aws:drop'] }))).toEqual([
      'FIREWALL_STATELESS_DEFAULT_ACTIONS',
    ]);
    expect(codes(withPolicy({ statelessFragmentDefaultActions: [] }))).toEqual([
      'FIREWALL_STATELESS_DEFAULT_ACTIONS',
    ]);
  });

  it('drop_strict with a domain allowlist is linted (NFW-11)', () => {
    expect(codes(withPolicy({ statefulDefaultActions: ['aws:drop_strict'] }))).toEqual([
      'FIREWALL_DROP_STRICT_WITH_DOMAIN_LIST',
    ]);
  });

  it('Suricata rules: undefined variable, priority keyword in strict order, duplicate sids across sources', () => {
    const g: RuleGroup = {
      id: 'allow-domains',
      type: 'STATEFUL',
      ruleOrder: 'STRICT_ORDER',
      suricataRules: [
        {
          action: 'pass',
          protocol: 'tcp',
          source: '$OFFICE',
          sourcePort: 'any',
          direction: '->',
          destination: 'any',
          destinationPort: '$WEB',
          sid: 1,
          options: [
            { keyword: 'priority', value: '1' },
            { keyword: 'sid', value: '1' },
          ],
          text: 'pass tcp $OFFICE any -> any $WEB (priority:1; sid:1;)',
        },
      ],
      statefulRules: [
        {
          action: 'DROP',
          protocol: 'TCP',
          source: 'ANY',
          sourcePort: 'ANY',
          direction: 'FORWARD',
          destination: 'ANY',
          destinationPort: 'ANY',
          sid: 1,
        },
      ],
    };
    expect(codes(withPolicy({}, [g]))).toEqual([
      'SURICATA_PRIORITY_IN_STRICT_ORDER',
      'SURICATA_UNDEFINED_VARIABLE',
      'SURICATA_UNDEFINED_VARIABLE',
      'SURICATA_DUPLICATE_SID',
    ]);
  });

  it('a route sending peering traffic to the firewall endpoint is linted (NFW-3)', () => {
    const span = { file: 'n.yaml', line: 50, col: 7 };
    const net = s0Full({
      vpcs: [
        { id: 'vpc', cidrs: ['10.60.0.0/16'] },
        { id: 'peer', cidrs: ['10.61.0.0/16'] },
      ],
      peerings: [{ id: 'pcx-1', requesterVpc: 'vpc', accepterVpc: 'peer' }],
      routeTables: [
        ...S0_TABLES.filter((t) => t.id !== 'FW-RTB'),
        {
          id: 'FW-RTB',
          vpc: 'vpc',
          routes: [{ destination: '0.0.0.0/0', target: { kind: 'nat-gateway', id: 'natgw' } }],
        },
        {
          id: 'Peer-RTB',
          vpc: 'vpc',
          routes: [
            { destination: '10.61.0.0/16', target: { kind: 'firewall-endpoint', id: 'vpce-fw1a' }, span },
          ],
        },
      ],
    });
    const ds = validateFirewalls(net);
    expect(ds.map((d) => d.code)).toEqual(['FIREWALL_PEERING_INSPECTION']);
    expect(ds[0]).toMatchObject({ span, resource: 'Peer-RTB', ref: 'NFW-3' });
  });

  it('HOME_NET not covering spoke CIDRs routed back to a transit gateway (NFW-13), fixed by a policy variable', () => {
    const tables = S0_TABLES.map((t) =>
      t.id === 'FW-RTB'
        ? {
            ...t,
            routes: [
              ...t.routes,
              { destination: '10.70.0.0/16', target: { kind: 'transit-gateway' as const, id: 'tgw' } },
            ],
          }
        : t,
    );
    const ds = validateFirewalls(s0Full({ routeTables: tables }));
    expect(ds.map((d) => d.code)).toEqual(['FIREWALL_HOME_NET_NOT_COVERING']);
    expect(ds[0]!.message).toContain('10.70.0.0/16');
    const fixed = s0Full({
      routeTables: tables,
      firewallPolicies: [{ ...S0_POLICY, variables: { HOME_NET: ['10.60.0.0/16', '10.70.0.0/16'] } }],
    });
    expect(validateFirewalls(fixed)).toEqual([]);
  });

  it('an IPv6 spoke CIDR routed back to a transit gateway must be in HOME_NET too (NFW-13, V6-12)', () => {
    const tables = S0_TABLES.map((t) =>
      t.id === 'FW-RTB'
        ? {
            ...t,
            routes: [
              ...t.routes,
              { destination: '2001:db8:70::/56', target: { kind: 'transit-gateway' as const, id: 'tgw' } },
            ],
          }
        : t,
    );
    // The default HOME_NET is the VPC's CIDRs (10.60.0.0/16 here): the IPv6 spoke is outside it.
    const ds = validateFirewalls(s0Full({ routeTables: tables }));
    expect(ds.map((d) => d.code)).toEqual(['FIREWALL_HOME_NET_NOT_COVERING']);
    expect(ds[0]!.message).toContain('2001:db8:70::/56');
    const fixed = s0Full({
      routeTables: tables,
      firewallPolicies: [{ ...S0_POLICY, variables: { HOME_NET: ['10.60.0.0/16', '2001:db8:70::/56'] } }],
    });
    expect(validateFirewalls(fixed)).toEqual([]);
  });

  it('stateless rules take IPv6 CIDRs; a malformed one is refused (NFW-5)', () => {
    const g: RuleGroup = {
      id: 'sl6',
      type: 'STATELESS',
      capacity: 10,
      statelessRules: [
        {
          priority: 1,
          sources: ['2001:db8:60::/56', '2001:db8::/129'],
          destinations: ['::/0'],
          sourcePorts: [],
          destinationPorts: [],
          protocols: [58],
          actions: ['aws:drop'],
        },
      ],
    };
    const ds = validateFirewalls(
      s0Full({
        ruleGroups: [...s0Full().ruleGroups, g],
        firewallPolicies: [{ ...S0_POLICY, statelessRuleGroups: [{ ruleGroup: 'sl6', priority: 1 }] }],
      }),
    );
    expect(ds.map((d) => d.code)).toEqual(['FIREWALL_BAD_CIDR']);
    expect(ds[0]!.message).toContain('"2001:db8::/129"');
  });

  it('two firewall subnets in one AZ are refused (NFW-1)', () => {
    const net = s0Full({
      subnets: [
        ...s0Full().subnets,
        { id: 'fw-subnet-2', vpc: 'vpc', cidr: '10.60.11.0/24', az: 'ap-northeast-1a' },
      ],
      firewalls: [
        {
          id: 'fw',
          vpc: 'vpc',
          policy: 'policy',
          endpoints: [
            { id: 'e1', subnet: 'fw-subnet' },
            { id: 'e2', subnet: 'fw-subnet-2' },
          ],
        },
      ],
    });
    expect(codes(net)).toContain('FIREWALL_SUBNET_SAME_AZ');
  });
});

describe('validateFirewalls on broken input', () => {
  it('reports, never throws: bad variables, bad domain targets, unknown subnets, bad stateless CIDRs', () => {
    const net = s0Full({
      firewalls: [{ id: 'fw', vpc: 'vpc', policy: 'policy', endpoints: [{ id: 'e', subnet: 'missing' }] }],
      firewallPolicies: [
        {
          ...S0_POLICY,
          variables: { HOME_NET: ['10.0.0.0/33'], OTHER: ['1.2.3.4/32'] },
          statelessRuleGroups: [{ ruleGroup: 'sl', priority: 1 }],
        },
      ],
      ruleGroups: [
        {
          ...S0_DOMAINS,
          domainList: {
            targets: ['ok.example', 'not a domain'],
            targetTypes: ['TLS_SNI'],
            generatedRulesType: 'ALLOWLIST',
          },
        },
        {
          id: 'sl',
          type: 'STATELESS',
          statelessRules: [
            rule(1, ['aws:pass'], { sources: ['10.0.0.300/8'], destinationPorts: [{ from: 90, to: 80 }] }),
          ],
        },
      ],
    });
    expect(codes(net).sort()).toEqual(
      [
        'FIREWALL_SUBNET_NOT_FOUND',
        'FIREWALL_POLICY_VARIABLE',
        'FIREWALL_BAD_CIDR',
        'FIREWALL_DOMAIN_INVALID',
        'FIREWALL_BAD_CIDR',
        'FIREWALL_BAD_PORT',
      ].sort(),
    );
  });
});

function rule(priority: number, actions: string[], more: Partial<StatelessRule> = {}): StatelessRule {
  return {
    priority,
    sources: [],
    destinations: [],
    sourcePorts: [],
    destinationPorts: [],
    protocols: [],
    actions,
    ...more,
  };
}
