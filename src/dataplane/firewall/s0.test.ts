/**
 * Scenario S0 flows evaluated at the firewall level (scenarios.md S0; NFW-5…NFW-12).
 */
import { describe, expect, it } from 'vitest';
import { replyOf } from '../packet.js';
import { compileFirewall, FirewallFlows, inspectPacket } from './index.js';
import { pkt, s0Network, S0_FIREWALL } from './s0-fixture.js';

const { firewall: fw, diagnostics } = compileFirewall(s0Network(), S0_FIREWALL);
const EP = { endpoint: 'vpce-fw1a' };

describe('S0 firewall verdicts', () => {
  it('compiles without diagnostics', () => {
    expect(diagnostics).toEqual([]);
  });

  it('flow 1: SNI www.google.com passes by the exact-name allowlist rule, and the reply passes as the same flow', () => {
    const flows = new FirewallFlows();
    const req = pkt('tcp', '10.60.30.10', 40000, '142.250.196.100', 443, { sni: 'www.google.com' });
    const r = inspectPacket(fw, flows, req, { ...EP, direction: 'forward' });
    // Stateless default forward_to_sfe (NFW-7); SYN and ACK are unmatched handshake packets that
    // drop_established lets through (NFW-11); the ClientHello matches `tls.sni; content:"www.google.com";
    // startswith; nocase; endswith` from the ALLOWLIST (NFW-12), a pass, which passes the flow (NFW-9).
    expect(r.action).toBe('pass');
    expect(r.rule).toContain('stateful group allow-domains (strict, priority 1): pass tls');
    expect(r.rule).toContain('content:"www.google.com"');
    expect(r.code).toBeUndefined();
    // Return: 142.250.196.100:443 → 10.60.30.10:40000 after the NAT gateway's reverse translation.
    const back = inspectPacket(fw, flows, replyOf(req), { ...EP, direction: 'return' });
    expect(back.action).toBe('pass');
    expect(back.rule).toBe(r.rule);
    expect(back.state).toContain('reply of the same flow');
  });

  it('flow 2: SNI ssm.ap-northeast-1.amazonaws.com passes by the .amazonaws.com wildcard (dotprefix)', () => {
    const flows = new FirewallFlows();
    const r = inspectPacket(
      fw,
      flows,
      pkt('tcp', '10.60.30.10', 40001, '52.119.160.10', 443, { sni: 'ssm.ap-northeast-1.amazonaws.com' }),
      EP,
    );
    expect(r.action).toBe('pass');
    expect(r.rule).toContain('dotprefix; content:".amazonaws.com"');
  });

  it("flow 3: SNI example.com is dropped (FIREWALL_RULES_RESTRICTION) by the allowlist's generated drop rule", () => {
    const flows = new FirewallFlows();
    const r = inspectPacket(
      fw,
      flows,
      pkt('tcp', '10.60.30.10', 40002, '93.184.215.14', 443, { sni: 'example.com' }),
      EP,
    );
    // No pass rule matches example.com; the ALLOWLIST generates "drop tls … not matching any TLS allowlisted
    // FQDNs" (NFW developer guide: for Allow, non-matching traffic of that protocol is denied), which comes before
    // the default action aws:drop_established in strict order.
    expect(r.action).toBe('drop');
    expect(r.code).toBe('FIREWALL_RULES_RESTRICTION');
    expect(r.rule).toContain('not matching any TLS allowlisted FQDNs');
    expect(r.detail).toContain('TLS ClientHello (SNI example.com)');
  });

  it('flow 4: udp/53 to 1.1.1.1 is dropped by the default action aws:drop_established (NFW-11)', () => {
    const flows = new FirewallFlows();
    const r = inspectPacket(fw, flows, pkt('udp', '10.60.30.10', 40003, '1.1.1.1', 53), EP);
    // DNS is neither tls nor http: no domain-list rule applies; UDP counts as established only after both
    // directions, so drop_established effectively drops it.
    expect(r.action).toBe('drop');
    expect(r.code).toBe('FIREWALL_RULES_RESTRICTION');
    expect(r.rule).toBe('default action aws:drop_established');
    expect(r.refs).toContain('NFW-11');
  });

  it('a TLS flow to example.com with the drop rules removed is dropped by aws:drop_established', () => {
    // Same policy, but the domain list is a plain Suricata pass rule: nothing matches example.com and the
    // established ClientHello falls to the default action.
    const net = s0Network({
      ruleGroups: [
        {
          id: 'allow-domains',
          type: 'STATEFUL',
          ruleOrder: 'STRICT_ORDER',
          suricataRules: [
            {
              action: 'pass',
              protocol: 'tls',
              source: '$HOME_NET',
              sourcePort: 'any',
              direction: '->',
              destination: 'any',
              destinationPort: 'any',
              sid: 1,
              options: [
                { keyword: 'tls.sni' },
                { keyword: 'content', value: '"www.google.com"' },
                { keyword: 'sid', value: '1' },
              ],
              text: 'pass tls $HOME_NET any -> any any (tls.sni; content:"www.google.com"; sid:1;)',
            },
          ],
        },
      ],
    });
    const c = compileFirewall(net, S0_FIREWALL).firewall;
    const r = inspectPacket(
      c,
      new FirewallFlows(),
      pkt('tcp', '10.60.30.10', 40002, '93.184.215.14', 443, { sni: 'example.com' }),
      EP,
    );
    expect(r.rule).toBe('default action aws:drop_established');
    expect(r.action).toBe('drop');
  });

  it('a TLS flow without SNI is judged without it, and notes say so', () => {
    const r = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '10.60.30.10', 40004, '142.250.196.100', 443),
      EP,
    );
    // Opaque payload: no tls rule (neither the pass nor the generated drop) can match, so the first data packet,
    // established and client-to-server, falls to aws:drop_established.
    expect(r.action).toBe('drop');
    expect(r.rule).toBe('default action aws:drop_established');
    expect(r.notes?.join(' ')).toContain('no TLS SNI and no HTTP Host');
  });

  it('HTTP Host www.google.com passes by the HTTP_HOST rule; Host evil.com is dropped by the HTTP drop rule', () => {
    const ok = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '10.60.30.10', 40005, '142.250.196.100', 80, { host: 'WWW.Google.com' }),
      EP,
    );
    // http.host is normalised to lower case by Suricata, so the mixed-case Host still matches.
    expect(ok.action).toBe('pass');
    expect(ok.rule).toContain('pass http');
    const bad = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '10.60.30.10', 40006, '198.51.100.1', 80, { host: 'evil.com' }),
      EP,
    );
    expect(bad.action).toBe('drop');
    expect(bad.rule).toContain('not matching any HTTP allowlisted FQDNs');
  });

  it('a wildcard does not match a name that merely ends with the same letters', () => {
    // ".amazonaws.com" must not match "notamazonaws.com": dotprefix makes the buffer ".notamazonaws.com", which
    // does not end with ".amazonaws.com".
    const r = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '10.60.30.10', 40007, '198.51.100.2', 443, { sni: 'notamazonaws.com' }),
      EP,
    );
    expect(r.action).toBe('drop');
    // …but the apex itself matches.
    const apex = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '10.60.30.10', 40008, '198.51.100.2', 443, { sni: 'amazonaws.com' }),
      EP,
    );
    expect(apex.action).toBe('pass');
  });

  it('a reply arriving at an endpoint that never saw the request is dropped by StreamExceptionPolicy DROP (NFW-4)', () => {
    const flows = new FirewallFlows();
    const req = pkt('tcp', '10.60.30.10', 40009, '142.250.196.100', 443, { sni: 'www.google.com' });
    expect(inspectPacket(fw, flows, req, { endpoint: 'vpce-fw1a' }).action).toBe('pass');
    const r = inspectPacket(fw, flows, replyOf(req), { endpoint: 'vpce-fw1c', direction: 'return' });
    expect(r.action).toBe('drop');
    expect(r.rule).toBe('stream exception policy DROP');
    expect(r.notes?.join(' ')).toContain('vpce-fw1a');
  });

  it('a source outside HOME_NET is not covered by the domain rules, and notes say so (NFW-13)', () => {
    // Spoke VPC 10.70.0.0/16 routed to this firewall: HOME_NET is only 10.60.0.0/16, so the allowlist pass rule
    // ($HOME_NET source) does not match; the default action drops the established ClientHello.
    const r = inspectPacket(
      fw,
      new FirewallFlows(),
      pkt('tcp', '10.70.1.10', 40010, '142.250.196.100', 443, { sni: 'www.google.com' }),
      EP,
    );
    expect(r.action).toBe('drop');
    expect(r.rule).toBe('default action aws:drop_established');
    expect(r.notes?.join(' ')).toContain('outside HOME_NET');
  });
});
