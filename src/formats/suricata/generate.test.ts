/**
 * Domain lists, 5-tuple rules and NFW API shapes → rules (NFW-8, NFW-12).
 */
import { describe, expect, it } from 'vitest';
import { firewallPolicyFromApi, ruleGroupFromApi } from './api.js';
import { domainListToRules } from '../../model/suricata/domain-list.js';
import { fiveTupleText, fiveTupleToRules } from '../../model/suricata/five-tuple.js';

describe('domainListToRules', () => {
  it('ALLOWLIST: one pass rule per target and type, then a drop rule per type; no priority in strict order', () => {
    const { rules, diagnostics } = domainListToRules(
      {
        targets: ['.example.com', 'www.Google.com'],
        targetTypes: ['HTTP_HOST', 'TLS_SNI'],
        generatedRulesType: 'ALLOWLIST',
      },
      { ruleOrder: 'STRICT_ORDER' },
    );
    expect(diagnostics).toEqual([]);
    expect(rules.map((r) => r.text)).toEqual([
      'pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; dotprefix; content:".example.com"; nocase; endswith; msg:"matching TLS allowlisted FQDNs"; flow:to_server, established; sid:1; rev:1;)',
      'pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:"www.Google.com"; startswith; nocase; endswith; msg:"matching TLS allowlisted FQDNs"; flow:to_server, established; sid:2; rev:1;)',
      'pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; dotprefix; content:".example.com"; endswith; msg:"matching HTTP allowlisted FQDNs"; flow:to_server, established; sid:3; rev:1;)',
      // http.host is lower-case in Suricata, so the content is lower-cased.
      'pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; content:"www.google.com"; startswith; endswith; msg:"matching HTTP allowlisted FQDNs"; flow:to_server, established; sid:4; rev:1;)',
      'drop tls $HOME_NET any -> $EXTERNAL_NET any (msg:"not matching any TLS allowlisted FQDNs"; ssl_state:client_hello; flow:to_server, established; sid:5; rev:1;)',
      'drop http $HOME_NET any -> $EXTERNAL_NET any (msg:"not matching any HTTP allowlisted FQDNs"; flow:to_server, established; sid:6; rev:1;)',
    ]);
  });

  it('DENYLIST in action order: drop rules with priority:1, no catch-all', () => {
    const { rules } = domainListToRules({
      targets: ['bad.example'],
      targetTypes: ['TLS_SNI'],
      generatedRulesType: 'DENYLIST',
    });
    expect(rules).toHaveLength(1);
    expect(rules[0]!.action).toBe('drop');
    expect(rules[0]!.text).toContain('priority:1;');
  });

  it('reports targets that are not domain names', () => {
    const span = { file: 'net.yaml', line: 12, col: 7 };
    const { rules, diagnostics } = domainListToRules(
      {
        targets: ['ok.example', 'bad"name', '*.wild..com'],
        targetTypes: ['TLS_SNI'],
        generatedRulesType: 'DENYLIST',
      },
      { span, resource: 'rg' },
    );
    expect(rules).toHaveLength(1);
    expect(diagnostics.map((d) => [d.code, d.span])).toEqual([
      ['FIREWALL_DOMAIN_INVALID', span],
      ['FIREWALL_DOMAIN_INVALID', span],
    ]);
  });
});

describe('5-tuple rules', () => {
  it('writes the Suricata form: ANY direction is <>, ANY fields are any, missing sids are numbered', () => {
    expect(
      fiveTupleText(
        {
          action: 'PASS',
          protocol: 'TCP',
          source: '10.0.0.0/16',
          sourcePort: 'ANY',
          direction: 'ANY',
          destination: 'ANY',
          destinationPort: '443',
        },
        7,
      ),
    ).toBe('pass tcp 10.0.0.0/16 any <> any 443 (sid:7;)');
    const r = fiveTupleToRules([
      {
        action: 'DROP',
        protocol: 'UDP',
        source: 'ANY',
        sourcePort: 'ANY',
        direction: 'FORWARD',
        destination: 'ANY',
        destinationPort: '53',
        sid: 4,
      },
      {
        action: 'ALERT',
        protocol: 'IP',
        source: 'ANY',
        sourcePort: 'ANY',
        direction: 'FORWARD',
        destination: 'ANY',
        destinationPort: 'ANY',
      },
    ]);
    expect(r.diagnostics).toEqual([]);
    // the rule without sid gets max(given)+1 = 5
    expect(r.rules.map((x) => x.sid)).toEqual([4, 5]);
  });
  it('bad ports in a 5-tuple rule are reported at the rule span', () => {
    const span = { file: 'tpl.json', line: 3, col: 5 };
    const r = fiveTupleToRules([
      {
        action: 'PASS',
        protocol: 'TCP',
        source: 'ANY',
        sourcePort: 'ANY',
        direction: 'FORWARD',
        destination: 'ANY',
        destinationPort: '99999',
        sid: 1,
        span,
      },
    ]);
    expect(r.rules).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ code: 'SURICATA_BAD_PORT', span });
  });
});

describe('ruleGroupFromApi / firewallPolicyFromApi', () => {
  it('reads the CloudFormation shape', () => {
    const { parts, diagnostics } = ruleGroupFromApi(
      {
        RuleVariables: {
          IPSets: { HOME_NET: { Definition: ['10.0.0.0/8'] } },
          PortSets: { WEB: { Definition: ['80', '443'] } },
        },
        StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
        RulesSource: {
          StatefulRules: [
            {
              Action: 'PASS',
              Header: {
                Protocol: 'TCP',
                Source: 'ANY',
                SourcePort: 'ANY',
                Direction: 'FORWARD',
                Destination: 'ANY',
                DestinationPort: '443',
              },
              RuleOptions: [{ Keyword: 'sid', Settings: ['11'] }],
            },
          ],
        },
      },
      { resource: 'Rg' },
    );
    expect(diagnostics).toEqual([]);
    expect(parts.ruleOrder).toBe('STRICT_ORDER');
    expect(parts.variables).toEqual({ HOME_NET: ['10.0.0.0/8'] });
    expect(parts.portVariables).toEqual({ WEB: ['80', '443'] });
    expect(parts.statefulRules?.[0]).toMatchObject({ action: 'PASS', destinationPort: '443', sid: 11 });
  });

  it('reads the Terraform block shape (blocks as one-element arrays)', () => {
    const { parts, diagnostics } = ruleGroupFromApi(
      {
        rule_variables: [{ ip_sets: [{ key: 'HOME_NET', ip_set: [{ definition: ['10.1.0.0/16'] }] }] }],
        rules_source: [
          {
            stateless_rules_and_custom_actions: [
              {
                stateless_rule: [
                  {
                    priority: 5,
                    rule_definition: [
                      {
                        actions: ['aws:drop'],
                        match_attributes: [
                          {
                            source: [{ address_definition: '0.0.0.0/0' }],
                            destination_port: [{ from_port: 22, to_port: 22 }],
                            protocols: [6],
                            tcp_flag: [{ flags: ['SYN'], masks: ['SYN', 'ACK'] }],
                          },
                        ],
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
      {},
    );
    expect(diagnostics).toEqual([]);
    expect(parts.variables).toEqual({ HOME_NET: ['10.1.0.0/16'] });
    expect(parts.statelessRules).toEqual([
      {
        priority: 5,
        sources: ['0.0.0.0/0'],
        destinations: [],
        sourcePorts: [],
        destinationPorts: [{ from: 22, to: 22 }],
        protocols: [6],
        tcpFlags: [{ flags: ['SYN'], masks: ['SYN', 'ACK'] }],
        actions: ['aws:drop'],
        span: undefined,
      },
    ]);
  });

  it('parses a RulesString with positions and reports unresolved values instead of guessing', () => {
    const span = { file: 't.yaml', line: 20, col: 9 };
    const ok = ruleGroupFromApi(
      { RulesSource: { RulesString: 'pass tcp any any -> any any (sid:1;)\nbad' } },
      { span },
    );
    expect(ok.parts.suricataRules).toHaveLength(1);
    expect(ok.diagnostics[0]).toMatchObject({ code: 'SURICATA_SYNTAX', span });
    const unresolved = ruleGroupFromApi({ RulesSource: { RulesString: { 'Fn::Sub': 'x' } } }, { span });
    expect(unresolved.diagnostics[0]).toMatchObject({ code: 'FIREWALL_API_SHAPE', span });
    expect(unresolved.diagnostics[0]!.message).toContain('RulesString must be a string');
  });

  it('policy: references, engine options, defaults, policy variables; ARNs resolve to the group name', () => {
    const { parts, diagnostics } = firewallPolicyFromApi(
      {
        StatelessDefaultActions: ['aws:forward_to_sfe'],
        StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        StatefulRuleGroupReferences: [
          {
            ResourceArn:
              'arn:aws:network-firewall:ap-northeast-1:111122223333:stateful-rulegroup/allow-domains',
            Priority: 1,
          },
        ],
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER', StreamExceptionPolicy: 'CONTINUE' },
        StatefulDefaultActions: ['aws:drop_established'],
        PolicyVariables: { RuleVariables: { HOME_NET: { Definition: ['10.0.0.0/8'] } } },
      },
      {},
    );
    expect(diagnostics).toEqual([]);
    expect(parts.statefulRuleGroups).toEqual([{ ruleGroup: 'allow-domains', priority: 1, span: undefined }]);
    expect(parts.ruleOrder).toBe('STRICT_ORDER');
    expect(parts.streamExceptionPolicy).toBe('CONTINUE');
    expect(parts.variables).toEqual({ HOME_NET: ['10.0.0.0/8'] });
    const missing = firewallPolicyFromApi({}, {});
    // NFW-7: both stateless default action lists are mandatory.
    expect(missing.diagnostics.map((d) => d.ref)).toEqual(['NFW-7', 'NFW-7']);
  });
});
