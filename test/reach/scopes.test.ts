/**
 * Access scopes (issue 17 §3): findings derived by hand from the semantics on the bundled examples, the library
 * scopes, exclude paths cutting classes exactly, and the errors of `scopes:` at file:line:col.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importNative } from '../../src/formats/native/index.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { ImportResult } from '../../src/formats/import-result.js';
import { evaluateScope } from '../../src/analysis/reach/scopes.js';
import { runTests } from '../../src/analysis/run-tests.js';
import {
  formatPortRange,
  formatAddressRange,
  union,
  minus,
  ALL_ADDRESSES,
  type Interval,
} from '../../src/analysis/reach/space.js';
import { mustParseIpv4 } from '../../src/net/ipv4.js';
import type { AccessScope } from '../../src/model/scope.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const text = (f: string): string => readFileSync(join(EXAMPLES, f), 'utf8');
const read = (t: string, f = 'test.yaml'): ImportResult => importNative(t, f);

function scopeOf(r: { scopes?: readonly AccessScope[] | undefined }, name: string): AccessScope {
  const s = r.scopes?.find((x) => x.name === name);
  if (!s) throw new Error(`no scope ${name}`);
  return s;
}

const cidr = (t: string): Interval => {
  const [a, len] = t.split('/');
  const lo = mustParseIpv4(a as string);
  return { lo, hi: lo + 2 ** (32 - Number(len)) - 1 };
};

describe('S0 access scopes', () => {
  const r = read(text('s0-firewall-natgw.yaml'), 'examples/s0-firewall-natgw.yaml');

  it('no path from the app subnet to the internet skips the firewall endpoint (Private-RTB 0.0.0.0/0 → nfw, NFW-2)', () => {
    const c = compileNetwork(r.network).compiled;
    const res = evaluateScope(c, scopeOf(r, 'app-egress-skips-firewall'));
    expect(res.findings).toEqual([]);
    expect(res.possible).toEqual([]);
    expect(res.cells).toBeGreaterThan(0);
  });

  it('B0.3: the stray instance in the firewall subnet reaches the whole internet uninspected on tcp, udp and icmp only (NFW-2, NGW-4)', () => {
    const v = r.variants.find((x) => x.name === 'B0.3-workload-in-firewall-subnet');
    if (!v) throw new Error('no B0.3');
    const c = compileNetwork(v.network).compiled;
    const res = evaluateScope(c, scopeOf(v, 'egress-uninspected'));
    // FW-RTB sends 0.0.0.0/0 to the NAT gateway (no firewall endpoint on the way); sg-app allows all outbound; the
    // NAT gateway translates TCP, UDP and ICMP only (NGW-4), so the other protocols are dropped there.
    expect(res.findings.map((k) => [k.source, k.protocol, k.verdict])).toEqual([
      ['stray', 'icmp', 'reachable'],
      ['stray', 'tcp', 'reachable'],
      ['stray', 'udp', 'reachable'],
    ]);
    for (const k of res.findings) {
      expect(k.path).toEqual([
        'stray',
        'sg-app',
        'FW-RTB',
        'vpc:default-acl',
        'natgw',
        'NATGW-RTB',
        'vpc:default-acl',
        'igw',
        'internet',
      ]);
      expect(k.inspection).toEqual([]);
      // Every internet address: all of IPv4 but the special-purpose blocks (IGW-3, ADDR-4) and the NAT gateway's
      // own public IP 203.0.113.60.
      const notInternet = [
        '0.0.0.0/8',
        '10.0.0.0/8',
        '100.64.0.0/10',
        '127.0.0.0/8',
        '169.254.0.0/16',
        '172.16.0.0/12',
        '192.168.0.0/16',
        '224.0.0.0/3',
        '203.0.113.60/32',
      ].map(cidr);
      expect(union(k.boxes.map((b) => b.dst)).map(formatAddressRange)).toEqual(
        minus([ALL_ADDRESSES], notInternet).map(formatAddressRange),
      );
      if (k.protocol !== 'icmp')
        expect(k.boxes.every((b) => b.ports?.lo === 0 && b.ports.hi === 65535)).toBe(true);
    }
  });

  it('vpcsim test: the expectations pass, and findings: none on B0.3 fails listing the findings', () => {
    const suites = runTests(r, 'examples/s0-firewall-natgw.yaml');
    const scopeOutcomes = suites.flatMap((s) => s.outcomes).filter((o) => o.name.startsWith('scope '));
    expect(scopeOutcomes.length).toBe(4);
    expect(scopeOutcomes.every((o) => o.passed)).toBe(true);
    const broken = read(
      text('s0-firewall-natgw.yaml').replace(
        '      - scope: egress-uninspected\n        findings: some',
        '      - scope: egress-uninspected\n        findings: none',
      ),
    );
    const o = runTests(broken, 'x')
      .find((s) => s.title.includes('B0.3'))
      ?.outcomes.find((x) => x.name.includes('egress-uninspected'));
    expect(o?.passed).toBe(false);
    expect(o?.failures[0]).toBe('scope egress-uninspected finds 3 classes of flows, expected none');
    expect(o?.failures[1]).toMatch(
      /^finding 1: stray: icmp → 1\.0\.0\.0-9\.255\.255\.255; .* reachable via stray → sg-app → FW-RTB/,
    );
    expect(o?.failures[1]).toContain('[vpcsim trace … --from stray/eth0 --to 1.0.0.0 --protocol icmp]');
  });
});

describe('S1: exclude paths cut classes exactly', () => {
  const base = text('s1-nat-instance.yaml');

  it('internet-admin-ports finds SSH from 198.51.100.7 to the NAT instance only (sg-nat, IGW-2)', () => {
    const r = read(base);
    const res = evaluateScope(compileNetwork(r.network).compiled, scopeOf(r, 'admin-ports-from-internet'));
    expect(res.findings.length).toBe(1);
    const k = res.findings[0];
    expect(
      k?.boxes.map((b) => [
        b.src && formatAddressRange(b.src),
        b.proto.label,
        b.ports && formatPortRange(b.ports),
        formatAddressRange(b.dst),
      ]),
    ).toEqual([['198.51.100.7', 'tcp', '22', '203.0.113.20']]);
    expect(k?.endpoint).toBe('nat');
    expect(k?.path).toEqual(['internet', 'igw', 'vpc:default-acl', 'sg-nat', 'nat']);
  });

  it('an exclude path holds only its own part of a class: a /25 around the admin address leaves nothing, another destination leaves it all', () => {
    const scope = (exclude: string): string =>
      base.replace(
        'scopes:\n',
        `scopes:\n  probe:\n    match: [{ source: internet, protocol: tcp, ports: 22 }]\n    exclude: [${exclude}]\n`,
      );
    const run = (exclude: string): string[] => {
      const r = read(scope(exclude));
      return evaluateScope(compileNetwork(r.network).compiled, scopeOf(r, 'probe')).findings.flatMap((k) =>
        k.boxes.map((b) => `${b.src ? formatAddressRange(b.src) : ''} ${formatAddressRange(b.dst)}`),
      );
    };
    expect(run('{ source: 198.51.100.0/25 }')).toEqual([]);
    expect(run('{ source: 198.51.100.8/29 }')).toEqual(['198.51.100.7 203.0.113.20']);
    expect(run('{ destination: web }')).toEqual(['198.51.100.7 203.0.113.20']);
    expect(run('{ protocol: udp }')).toEqual(['198.51.100.7 203.0.113.20']);
    expect(run('{ ports: 21-22 }')).toEqual([]);
    expect(run('{ through: nat }')).toEqual([]);
  });
});

describe('scopes: in the file', () => {
  const doc = `vpcsim: 1
vpcs:
  v:
    cidr: 10.0.0.0/16
    subnets: { s: { cidr: 10.0.1.0/24, az: us-east-1a } }
    instances: { i: { subnet: s, ip: 10.0.1.10 } }
`;

  it('an expectation naming an undefined scope is SCOPE_UNKNOWN at its line, with the closest name', () => {
    const r = read(
      `${doc}scopes:\n  app-egress: { use: egress-skips-inspection }\nexpect:\n  - scope: app-egres\n    findings: none\n`,
    );
    const d = r.diagnostics.find((x) => x.code === 'SCOPE_UNKNOWN');
    expect(d?.message).toBe(
      'no scope app-egres under scopes: (did you mean app-egress?); defined: app-egress',
    );
    expect(d?.span?.line).toBe(10);
  });

  it('a library parameter the library scope does not take is SCOPE_LIBRARY_PARAMETER at the key', () => {
    const r = read(`${doc}scopes:\n  x:\n    use: internet-ingress\n    source: s\n`);
    const d = r.diagnostics.find((x) => x.code === 'SCOPE_LIBRARY_PARAMETER');
    expect(d?.message).toBe('scope x: the library scope internet-ingress takes except, not source');
    expect(d?.span?.line).toBe(10);
  });

  it('an expect entry that is neither kind is reported by the kind it came closest to', () => {
    const r = read(
      `${doc}expect:\n  - { scope: x, findings: few }\n  - { from: i, to: 1.1.1.1, verdict: open }\n`,
    );
    const msgs = r.diagnostics.filter((x) => x.code === 'SCHEMA').map((x) => x.message);
    expect(msgs).toEqual([
      'expect.0.findings: Invalid option: expected one of "none"|"some"',
      'expect.1.verdict: Invalid option: expected one of "reachable"|"unreachable"|"asymmetric"',
    ]);
  });

  it('a through that names nothing fails the expectation with the reason, never passes', () => {
    const r = read(
      `${doc}scopes:\n  x: { match: [{ source: i, through: fw-typo }] }\nexpect:\n  - { scope: x, findings: none }\n`,
    );
    const o = runTests(r, 't')[0]?.outcomes.find((x) => x.name.startsWith('scope x'));
    expect(o?.passed).toBe(false);
    expect(o?.failures[0]).toMatch(/^scope x: scope through "fw-typo" names no component of this network/);
  });
});
