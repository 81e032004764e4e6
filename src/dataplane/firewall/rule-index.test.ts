/**
 * Differential test: evaluating with the rule index gives exactly the decision of a linear scan
 * (rule-index.ts is an optimisation only). Regression vectors for issue 4.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSuricataRules } from '../../model/suricata/parse.js';
import type { RuleGroup } from '../../model/firewall.js';
import { compileFirewall, FirewallFlows, inspectPacket } from './index.js';
import { StatefulRuleIndex } from './rule-index.js';
import { pkt, s0Network, S0_FIREWALL, S0_POLICY } from './s0-fixture.js';

const NAMES = [
  'www.google.com',
  'a.example.com',
  'example.com',
  'WWW.EXAMPLE.COM',
  'x.y.example.org',
  'example.org',
  'evil.net',
];
const NETS = [
  'any',
  '$EXTERNAL_NET',
  '198.51.100.0/24',
  '198.51.100.7',
  '[203.0.113.0/25,198.51.100.0/24]',
  '!198.51.100.0/24',
  '0.0.0.0/0',
];

const ruleArb = fc.record({
  action: fc.constantFrom('pass', 'drop', 'reject', 'alert'),
  proto: fc.constantFrom('ip', 'tcp', 'udp', 'tls', 'http'),
  dst: fc.constantFrom(...NETS),
  dport: fc.constantFrom('any', '443', '80', '[80,443]', '1024:'),
  dir: fc.constantFrom('->', '<>'),
  content: fc.option(
    fc.record({
      buf: fc.constantFrom('tls.sni', 'http.host'),
      name: fc.constantFrom('.example.com', 'example.com', 'www.google.com', '.org', 'Example.com'),
      mode: fc.constantFrom('exact', 'dot', 'ends', 'plain'),
      nocase: fc.boolean(),
    }),
    { nil: undefined },
  ),
  flow: fc.constantFrom('', ' flow:to_server, established;', ' flow:to_client;'),
});

type GenRule = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

function text(r: GenRule, sid: number): string {
  let opts = '';
  if (r.content) {
    const c = r.content;
    const dot = c.mode === 'dot' ? ' dotprefix;' : '';
    const mods =
      c.mode === 'exact'
        ? ' startswith; endswith;'
        : c.mode === 'dot' || c.mode === 'ends'
          ? ' endswith;'
          : '';
    opts += `${c.buf};${dot} content:"${c.name}";${c.nocase ? ' nocase;' : ''}${mods}`;
  }
  return `${r.action} ${r.proto} $HOME_NET any ${r.dir} ${r.dst} ${r.dport} (${opts}${r.flow} sid:${sid};)`;
}

describe('StatefulRuleIndex', () => {
  it('indexed evaluation equals a linear scan', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...NAMES),
        fc.constantFrom('198.51.100.7', '203.0.113.9', '192.0.2.1'),
        fc.constantFrom(443, 80, 53),
        fc.constantFrom('tcp', 'udp'),
        fc.boolean(),
        fc.constantFrom<'STRICT_ORDER' | 'DEFAULT_ACTION_ORDER'>('STRICT_ORDER', 'DEFAULT_ACTION_ORDER'),
        (rs, name, dst, port, proto, sniOrHost, order) => {
          const parsed = parseSuricataRules(rs.map((r, i) => text(r, i + 1)).join('\n'), { file: 'p' });
          expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          const g: RuleGroup = { id: 'g', type: 'STATEFUL', ruleOrder: order, suricataRules: parsed.rules };
          const net = s0Network({
            firewallPolicies: [
              {
                ...S0_POLICY,
                ruleOrder: order,
                statefulDefaultActions: order === 'STRICT_ORDER' ? ['aws:drop_established'] : [],
                statefulRuleGroups: [{ ruleGroup: 'g', priority: 1 }],
              },
            ],
            ruleGroups: [g],
          });
          const fw = compileFirewall(net, S0_FIREWALL).firewall;
          const linear = { ...fw, statefulIndex: StatefulRuleIndex.linear(fw.statefulRules) };
          const p = pkt(proto, '10.60.30.10', 40000, dst, port, sniOrHost ? { sni: name } : { host: name });
          const a = inspectPacket(fw, new FirewallFlows(), p);
          const b = inspectPacket(linear, new FirewallFlows(), p);
          expect(a).toEqual(b);
        },
      ),
      { numRuns: 300, seed: 4 },
    );
  });
});
