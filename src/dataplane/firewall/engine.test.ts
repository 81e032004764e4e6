/**
 * Firewall engine semantics beyond S0: stateless engine (NFW-5…NFW-7), action order (NFW-9), strict order and
 * default actions (NFW-10, NFW-11), reject (NFW-8), alerts, unsupported options, variables (NFW-13), stream
 * exception policy (NFW-4).
 */
import { describe, expect, it } from 'vitest';
import type { FirewallPolicy, RuleGroup, StatelessRule } from '../../model/firewall.js';
import { parseSuricataRules } from '../../model/suricata/parse.js';
import { replyOf } from '../packet.js';
import { compileFirewall, FirewallFlows, inspectPacket } from './index.js';
import { pkt, s0Network, S0_FIREWALL, S0_POLICY } from './s0-fixture.js';

function suricata(id: string, text: string, extra: Partial<RuleGroup> = {}): RuleGroup {
  const { rules, diagnostics } = parseSuricataRules(text, { file: `${id}.rules` });
  if (diagnostics.some((d) => d.severity === 'error')) throw new Error(JSON.stringify(diagnostics));
  return { id, type: 'STATEFUL', ruleOrder: 'STRICT_ORDER', suricataRules: rules, ...extra };
}

function fwWith(policy: Partial<FirewallPolicy>, groups: RuleGroup[]) {
  const r = compileFirewall(
    s0Network({ firewallPolicies: [{ ...S0_POLICY, ...policy }], ruleGroups: groups }),
    S0_FIREWALL,
  );
  return r;
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

const WEB = pkt('tcp', '10.60.30.10', 40000, '198.51.100.10', 443, { sni: 'www.example.org' });

describe('stateless engine', () => {
  it('groups by priority, rules by priority, first match decides (NFW-5)', () => {
    const g1: RuleGroup = { id: 'later', type: 'STATELESS', statelessRules: [rule(1, ['aws:pass'])] };
    const g2: RuleGroup = {
      id: 'first',
      type: 'STATELESS',
      statelessRules: [
        rule(20, ['aws:pass'], { protocols: [6] }),
        rule(10, ['aws:drop', 'count-ssh'], { protocols: [6], destinationPorts: [{ from: 22, to: 22 }] }),
      ],
    };
    const { firewall: fw } = fwWith(
      {
        statelessRuleGroups: [
          { ruleGroup: 'later', priority: 200 },
          { ruleGroup: 'first', priority: 100 },
        ],
        statelessDefaultActions: ['aws:drop'],
      },
      [g1, g2],
    );
    // tcp/22: group "first" (priority 100) before "later" (200); in it, rule 10 before rule 20 → drop.
    const ssh = inspectPacket(fw, new FirewallFlows(), pkt('tcp', '10.60.30.10', 40000, '198.51.100.10', 22));
    expect(ssh.action).toBe('drop');
    expect(ssh.rule).toContain('stateless group first (priority 100), rule 10');
    // The custom action only publishes metrics (NFW-6).
    expect(ssh.rule).toContain('aws:drop + count-ssh');
    // tcp/443: rule 20 passes it without stateful inspection.
    const web = inspectPacket(fw, new FirewallFlows(), WEB);
    expect(web.action).toBe('pass');
    expect(web.rule).toContain('rule 20');
    // udp: nothing in "first" matches; "later" rule 1 passes everything.
    expect(
      inspectPacket(fw, new FirewallFlows(), pkt('udp', '10.60.30.10', 40000, '1.1.1.1', 53)).rule,
    ).toContain('stateless group later');
  });

  it('no match → stateless default action (NFW-7)', () => {
    const { firewall: fw } = fwWith({ statelessDefaultActions: ['aws:drop'] }, []);
    const r = inspectPacket(fw, new FirewallFlows(), WEB);
    expect(r.action).toBe('drop');
    expect(r.rule).toBe('stateless default action aws:drop');
  });

  it('TCP flags: a SYN-only pass lets the SYN through but later packets fall to the default', () => {
    // Flags SYN within mask SYN,ACK matches the SYN (SYN set, ACK clear) only; the ACK and data packets go to the
    // default action aws:drop.
    const g: RuleGroup = {
      id: 'syn',
      type: 'STATELESS',
      statelessRules: [
        rule(1, ['aws:pass'], { protocols: [6], tcpFlags: [{ flags: ['SYN'], masks: ['SYN', 'ACK'] }] }),
      ],
    };
    const { firewall: fw } = fwWith(
      { statelessRuleGroups: [{ ruleGroup: 'syn', priority: 1 }], statelessDefaultActions: ['aws:drop'] },
      [g],
    );
    const r = inspectPacket(fw, new FirewallFlows(), WEB);
    expect(r.action).toBe('drop');
    expect(r.detail).toContain('TCP ACK completing the handshake');
  });
});

describe('stateful engine: action order (NFW-9)', () => {
  const order = {
    ruleOrder: 'DEFAULT_ACTION_ORDER' as const,
    statefulDefaultActions: [],
    statefulRuleGroups: [{ ruleGroup: 'g' }],
  };

  it('a pass beats a drop written before it; unmatched traffic passes', () => {
    const g = suricata(
      'g',
      'drop tcp any any -> any 443 (sid:1;)\npass tcp $HOME_NET any -> any 443 (sid:2;)',
      { ruleOrder: undefined },
    );
    const { firewall: fw } = fwWith(order, [g]);
    const r = inspectPacket(fw, new FirewallFlows(), WEB);
    expect(r.action).toBe('pass');
    expect(r.rule).toContain('sid:2');
    const other = inspectPacket(fw, new FirewallFlows(), pkt('udp', '10.60.30.10', 40000, '1.1.1.1', 53));
    expect(other.action).toBe('pass');
    expect(other.rule).toContain('action order unmatched packets pass');
  });

  it('priority orders rules of the same action', () => {
    // Both drop rules match; the one with priority 1 decides although written second.
    const g = suricata(
      'g',
      'drop tcp any any -> any 443 (priority:5; sid:1;)\ndrop tcp any any -> any any (priority:1; sid:2;)',
      { ruleOrder: undefined },
    );
    const { firewall: fw } = fwWith(order, [g]);
    expect(inspectPacket(fw, new FirewallFlows(), WEB).rule).toContain('sid:2');
  });
});

describe('stateful engine: strict order (NFW-10, NFW-11)', () => {
  it('groups by priority, rules as written: an earlier drop beats a later pass', () => {
    const a = suricata('a', 'pass tcp any any -> any 443 (sid:1;)');
    const b = suricata('b', 'drop tcp any any -> any 443 (sid:1;)');
    const { firewall: fw } = fwWith(
      {
        statefulRuleGroups: [
          { ruleGroup: 'a', priority: 20 },
          { ruleGroup: 'b', priority: 10 },
        ],
      },
      [a, b],
    );
    const r = inspectPacket(fw, new FirewallFlows(), WEB);
    expect(r.action).toBe('drop');
    expect(r.rule).toContain('stateful group b (strict, priority 10)');
    expect(r.detail).toContain('TCP SYN');
  });

  it('drop_strict drops the SYN when no rule passes it', () => {
    const g = suricata(
      'g',
      'pass tls $HOME_NET any -> any any (tls.sni; content:"www.example.org"; startswith; endswith; sid:1;)',
    );
    const { firewall: fw } = fwWith(
      { statefulRuleGroups: [{ ruleGroup: 'g', priority: 1 }], statefulDefaultActions: ['aws:drop_strict'] },
      [g],
    );
    const r = inspectPacket(fw, new FirewallFlows(), WEB);
    expect(r.action).toBe('drop');
    expect(r.rule).toBe('default action aws:drop_strict');
    expect(r.detail).toContain('TCP SYN');
  });

  it('no drop default: unmatched packets pass; alert defaults only log', () => {
    const { firewall: fw } = fwWith(
      { statefulRuleGroups: [], statefulDefaultActions: ['aws:alert_strict'] },
      [],
    );
    const r = inspectPacket(fw, new FirewallFlows(), WEB);
    expect(r.action).toBe('pass');
    expect(r.rule).toContain('alert defaults aws:alert_strict only log');
  });

  it('alert rules log and evaluation continues', () => {
    const g = suricata(
      'g',
      'alert tcp any any -> any any (msg:"seen"; sid:1;)\ndrop tcp any any -> any 443 (sid:2;)',
    );
    const { firewall: fw } = fwWith({ statefulRuleGroups: [{ ruleGroup: 'g', priority: 1 }] }, [g]);
    const r = inspectPacket(fw, new FirewallFlows(), WEB);
    expect(r.action).toBe('drop');
    expect(r.rule).toContain('sid:2');
    expect(r.notes?.some((n) => n.startsWith('alert logged:') && n.includes('sid:1'))).toBe(true);
  });

  it('reject: TCP gets reject, UDP is dropped (NFW-8)', () => {
    const g = suricata('g', 'reject ip any any -> any any (sid:1;)');
    const { firewall: fw } = fwWith({ statefulRuleGroups: [{ ruleGroup: 'g', priority: 1 }] }, [g]);
    expect(inspectPacket(fw, new FirewallFlows(), WEB).action).toBe('reject');
    const u = inspectPacket(fw, new FirewallFlows(), pkt('udp', '10.60.30.10', 40000, '1.1.1.1', 53));
    expect(u.action).toBe('drop');
    expect(u.notes?.join(' ')).toContain('TCP only');
  });

  it('a UDP flow passed by a rule: the reply passes as part of the same flow', () => {
    const g = suricata('g', 'pass dns $HOME_NET any -> any 53 (sid:1;)');
    const { firewall: fw } = fwWith({ statefulRuleGroups: [{ ruleGroup: 'g', priority: 1 }] }, [g]);
    const flows = new FirewallFlows();
    const q = pkt('udp', '10.60.30.10', 40000, '1.1.1.1', 53);
    expect(inspectPacket(fw, flows, q).action).toBe('pass');
    const a = inspectPacket(fw, flows, replyOf(q));
    expect(a.action).toBe('pass');
    expect(a.rule).toContain('pass dns');
  });

  it('flow keywords: to_client rules do not match the request', () => {
    const g = suricata(
      'g',
      'drop tcp any any -> any any (flow:to_client; sid:1;)\npass tcp any any <> any any (sid:2;)',
    );
    const { firewall: fw } = fwWith({ statefulRuleGroups: [{ ruleGroup: 'g', priority: 1 }] }, [g]);
    // Request packets are to_server, so sid 1 never matches them; sid 2 (bidirectional) passes the flow.
    expect(inspectPacket(fw, new FirewallFlows(), WEB).rule).toContain('sid:2');
  });

  it('ssl_state:client_hello matches only the ClientHello; other ssl_state values are unsupported', () => {
    // A rule on the ClientHello of a TLS flow to anything: the SYN and ACK carry no TLS yet, so they pass under
    // drop_established, and the ClientHello is dropped by the rule, not the default.
    const g = suricata(
      'g',
      'drop tls any any -> any any (ssl_state:client_hello; sid:1;)\npass tls any any -> any any (ssl_state:server_hello; sid:2;)',
    );
    const { firewall: fw } = fwWith({ statefulRuleGroups: [{ ruleGroup: 'g', priority: 1 }] }, [g]);
    const r = inspectPacket(fw, new FirewallFlows(), WEB);
    expect(r.rule).toContain('sid:1');
    expect(r.detail).toContain('TLS ClientHello');
    expect(fw.statefulRules[1]!.unsupported).toEqual(['ssl_state:server_hello']);
  });

  it('unsupported options are assumed to match and listed; undetected protocols are listed when skipped', () => {
    const g = suricata(
      'g',
      'pass ssh any any -> any 443 (sid:1;)\ndrop tcp any any -> any 443 (pcre:"/x/"; sid:2;)',
    );
    const { firewall: fw } = fwWith({ statefulRuleGroups: [{ ruleGroup: 'g', priority: 1 }] }, [g]);
    const r = inspectPacket(fw, new FirewallFlows(), WEB);
    expect(r.action).toBe('drop');
    expect(r.unsupported).toEqual([
      'sid 1 (g): protocol ssh is not simulated; this pass rule was skipped',
      'sid 2 (g): pcre not evaluated (assumed to match)',
    ]);
  });
});

describe('variables (NFW-13)', () => {
  it('a rule group HOME_NET overrides the policy; port variables resolve', () => {
    const g = suricata('g', 'pass tcp $HOME_NET any -> any $WEB (sid:1;)', {
      variables: { HOME_NET: ['10.70.0.0/16'] },
      portVariables: { WEB: ['443', '8443'] },
    });
    const { firewall: fw, diagnostics } = fwWith(
      { statefulRuleGroups: [{ ruleGroup: 'g', priority: 1 }], variables: { HOME_NET: ['10.60.0.0/16'] } },
      [g],
    );
    expect(diagnostics).toEqual([]);
    // 10.60.30.10 is in the policy HOME_NET but not in the group's → not matched → default drop_established.
    expect(inspectPacket(fw, new FirewallFlows(), WEB).rule).toBe('default action aws:drop_established');
    expect(
      inspectPacket(fw, new FirewallFlows(), pkt('tcp', '10.70.0.5', 40000, '198.51.100.10', 8443)).rule,
    ).toContain('sid:1');
  });

  it('an undefined variable is reported by compileFirewall and matches nothing', () => {
    const g = suricata('g', 'drop tcp $NOPE any -> any any (sid:1;)');
    const { firewall: fw, diagnostics } = fwWith({ statefulRuleGroups: [{ ruleGroup: 'g', priority: 1 }] }, [
      g,
    ]);
    expect(diagnostics.map((d) => d.code)).toEqual(['FIREWALL_VARIABLE_PROBLEM']);
    expect(diagnostics[0]!.message).toContain('$NOPE');
    expect(inspectPacket(fw, new FirewallFlows(), WEB).rule).not.toContain('sid:1');
  });

  it('a missing policy compiles to a firewall that drops, with a diagnostic', () => {
    const r = compileFirewall(s0Network({ firewallPolicies: [] }), S0_FIREWALL);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['FIREWALL_POLICY_NOT_FOUND']);
    expect(inspectPacket(r.firewall, new FirewallFlows(), WEB).action).toBe('drop');
  });
});

describe('stream exception policy (NFW-4)', () => {
  const reply = replyOf(pkt('tcp', '10.60.30.10', 40000, '198.51.100.10', 443));
  it('DROP (default) drops a mid-stream reply; REJECT rejects it', () => {
    const { firewall: fw } = fwWith({}, []);
    expect(inspectPacket(fw, new FirewallFlows(), reply, { direction: 'return' }).rule).toBe(
      'stream exception policy DROP',
    );
    const { firewall: rj } = fwWith({ streamExceptionPolicy: 'REJECT' }, []);
    expect(inspectPacket(rj, new FirewallFlows(), reply, { direction: 'return' }).action).toBe('reject');
  });
  it('CONTINUE evaluates the rules without context: drop_established lets server-to-client packets through', () => {
    const { firewall: fw } = fwWith({ streamExceptionPolicy: 'CONTINUE' }, []);
    const r = inspectPacket(fw, new FirewallFlows(), reply, { direction: 'return' });
    expect(r.action).toBe('pass');
    expect(r.notes?.join(' ')).toContain('never saw the request');
  });
});
