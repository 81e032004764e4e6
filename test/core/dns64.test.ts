/**
 * DNS64 (issue 18; V6-6): the subnet attribute EnableDns64 decides what an IPv6-only host gets for a name without an
 * AAAA record. Scenario S8 (examples/s8-dual-stack.yaml, DNS64 on in v6only) plus an IPv4-only server `legacy` in the
 * private subnet. Expected values derived by hand: legacy is named, has no IPv6 address, and v6a is in the same VPC,
 * so the name resolves to its private 10.80.1.30 (IGW-2), which DNS64 answers as 64:ff9b::a50:11e; v6-rtb sends
 * 64:ff9b::/96 to nat-80 (RT-1), whose NAT64 sends 10.80.0.10 → 10.80.1.30 (V6-6), delivered by pub-rtb's local route.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importNative } from '../../src/formats/native/index.js';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import { traceFlow } from '../../src/analysis/trace.js';
import { dns64Address } from '../../src/analysis/dns64.js';
import { mustParseIpv4 } from '../../src/net/ipv4.js';
import { formatAddr } from '../../src/net/addr.js';

const S8 = readFileSync('examples/s8-dual-stack.yaml', 'utf8');
/** S8 with `legacy` (IPv4 only, admits 443 from nat-80's private address) and DNS64 on or off in v6only. */
function s8(dns64: boolean) {
  const text = S8.replace('dns64: true', `dns64: ${dns64}`).replace(
    '    instances:\n      ds1:',
    `      sg-legacy:\n        inbound: [tcp 443 from 10.80.0.10/32]\n    instances:\n      legacy: { subnet: private, ip: 10.80.1.30, securityGroups: [sg-legacy] }\n      ds1:`,
  );
  const r = importNative(text, 's8.yaml');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.network;
}
const ids = (hops: readonly { id: string }[]) => hops.map((h) => h.id);

describe('DNS64 (V6-6)', () => {
  it('the synthesised address is 64:ff9b::/96 + the IPv4 address', () => {
    expect(formatAddr(dns64Address(mustParseIpv4('198.51.100.10')))).toBe('64:ff9b::c633:640a');
    expect(formatAddr(dns64Address(mustParseIpv4('10.80.1.30')))).toBe('64:ff9b::a50:11e');
  });

  it('DNS64 on: v6a → legacy by name is traced to 64:ff9b::a50:11e and crosses nat-80 (NAT64)', () => {
    const t = traceFlow(s8(true), { from: 'v6a', to: 'legacy', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops[0]?.packet).toMatchObject({ src: '2001:db8:80:2::20', dst: '64:ff9b::a50:11e' });
    // After NAT64 legacy sees nat-80's private IPv4 (V6-6, NGW-2).
    expect(t.forward.hops.at(-1)?.packet).toMatchObject({ src: '10.80.0.10', dst: '10.80.1.30' });
    // v6-rtb 64:ff9b::/96 → nat-80 (RT-1); default NACL out of v6only and into public (NACL-3, rule 101); NAT64;
    // pub-rtb's local route; default NACL out of public and into private (rule 100); sg-legacy admits 10.80.0.10.
    expect(ids(t.forward.hops)).toEqual([
      'v6a',
      'sg-v6a',
      'v6-rtb',
      'dual:default-acl',
      'dual:default-acl',
      'nat-80',
      'pub-rtb',
      'dual:default-acl',
      'dual:default-acl',
      'sg-legacy',
      'legacy',
    ]);
    expect(t.notes.join(' ')).toContain('DNS64 is on in v6only, so the resolver answers 64:ff9b::a50:11e');
  });

  it('DNS64 off: the name has no answer an IPv6-only host can use (SOURCE_HAS_NO_IPV4), the note names the fix', () => {
    const t = traceFlow(s8(false), { from: 'v6a', to: 'legacy', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('SOURCE_HAS_NO_IPV4');
    expect(t.notes.join(' ')).toContain('enable DNS64 on v6only');
  });

  it('a named dual-stack destination has an AAAA record: v6a uses ds1’s IPv6 address, DNS64 or not (V6-7 then refuses it)', () => {
    for (const on of [true, false]) {
      const t = traceFlow(s8(on), { from: 'v6a', to: 'ds1', protocol: 'tcp', port: 443 });
      expect(t.forward.hops[0]?.packet).toMatchObject({ dst: '2001:db8:80:1::10' });
      // v6-rtb's local IPv6 route; sg-ds1 admits 443 from 0.0.0.0/0 only, which never matches IPv6 (V6-7).
      expect(t.forward.code).toBe('ENI_SG_RULES_MISMATCH');
      expect(t.forward.droppedAt).toBe('sg-ds1');
    }
  });

  it('an IPv4 literal stays SOURCE_HAS_NO_IPV4 (S8 flow 5); with DNS64 on the note gives the name’s answer', () => {
    const t = traceFlow(s8(true), { from: 'v6a', to: '198.51.100.10', protocol: 'tcp', port: 443 });
    expect(t.forward.code).toBe('SOURCE_HAS_NO_IPV4');
    expect(t.notes.join(' ')).toContain('resolves to 64:ff9b::c633:640a');
  });

  it('CloudFormation reads EnableDns64', () => {
    const r = importCloudFormation(
      [
        {
          path: 't.yaml',
          text: `
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Sub:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, Ipv6Native: true, Ipv6CidrBlock: '2001:db8:1:1::/64', EnableDns64: true, AvailabilityZone: us-east-1a }
`,
        },
      ],
      {},
    );
    expect(r.network.subnets[0]?.enableDns64).toBe(true);
  });
});
