/**
 * The reachability diff of a change to security-group rules re-traces only the packets those rules can decide
 * (analysis/reach/change.ts): when the change is that and the groups sit on plain instance interfaces, only flows to
 * the carriers on the changed inbound protocols/ports, and from the carriers on the changed outbound ones (SG-1,
 * SG-2, SG-5, ENI-1, IGW-2). The answer must be the one comparing every packet gives (`everyPacket`): checked on
 * the public/private example by hand, on every bundled example, and on random networks with random rule changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { importNative } from '../../src/formats/native/index.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { CompiledNetwork } from '../../src/dataplane/compiled.js';
import type { Network, SecurityGroup, SecurityGroupRule } from '../../src/model/network.js';
import { reachDiff, type DiffResult } from '../../src/analysis/reach/diff.js';
import { changeScope } from '../../src/analysis/reach/change.js';
import { outcomeKey } from '../../src/analysis/reach/classes.js';
import { generateNetwork, makeRng } from '../../bench/generate.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const PUBLIC_PRIVATE = readFileSync(join(EXAMPLES, 'public-private-natgw.yaml'), 'utf8');
const WEB_IN = 'inbound: [tcp 443 from 0.0.0.0/0, tcp 22 from 203.0.113.0/24]';

function compiled(yaml: string): CompiledNetwork {
  const r = importNative(yaml, 'public-private.yaml');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compileNetwork(r.network).compiled;
}

/** What a diff says, in an order that does not depend on how it was computed. */
function answer(r: DiffResult): string[] {
  return r.classes
    .map((k) =>
      JSON.stringify({
        kind: k.kind,
        source: k.source,
        fromInternet: k.fromInternet,
        bypassed: k.bypassed,
        boxes: k.boxes.map((b) => [b.src, b.proto.label, b.dst, b.ports]),
        before: k.before.outcome ? outcomeKey({ ...k.before.outcome, protocol: '' }) : null,
        after: k.after.outcome ? outcomeKey({ ...k.after.outcome, protocol: '' }) : null,
        example: k.after.example?.flow ?? k.before.example?.flow,
      }),
    )
    .sort();
}

/** The diff, checked against comparing every packet; returns the fast one. */
function sameAsEveryPacket(before: CompiledNetwork, after: CompiledNetwork): DiffResult {
  const fast = reachDiff(before, after);
  const all = reachDiff(before, after, { everyPacket: true });
  expect(all.method.kind).toBe('whole');
  expect(answer(fast)).toEqual(answer(all));
  expect(fast.cells).toBeLessThanOrEqual(all.cells);
  return fast;
}

describe('changeScope: which packets a change can affect', () => {
  it('a security group whose rules changed, on a plain instance: its addresses, the changed protocol and port', () => {
    const before = compiled(PUBLIC_PRIVATE);
    const after = compiled(
      PUBLIC_PRIVATE.replace(WEB_IN, 'inbound: [tcp 443 from 0.0.0.0/0, tcp 22 from 0.0.0.0/0]'),
    );
    const s = changeScope(before, after);
    if (s.kind !== 'groups') throw new Error(s.reason);
    expect(s.groups).toEqual(['sg-web']);
    const web = before.instances.get('web');
    expect(new Set(s.carriers)).toEqual(new Set(['web', web?.enis[0]?.id]));
    // web's private 10.1.0.10 and public 198.51.100.10 (IGW-2).
    expect(s.addresses).toEqual([
      { lo: 0x0a01000a, hi: 0x0a01000a },
      { lo: 0xc633640a, hi: 0xc633640a },
    ]);
    // Removed "tcp 22 from 203.0.113.0/24", added "tcp 22 from 0.0.0.0/0": TCP 22 either way; no outbound rule
    // changed and port 22 is not a reply's (50000).
    // Any source: one of the peers is 0.0.0.0/0.
    expect(s.inbound).toEqual({
      ports: { all: false, protos: new Map([[6, [{ lo: 22, hi: 22 }]]]) },
      peers: undefined,
    });
    expect(s.outbound).toBeUndefined();
  });

  it('an inbound rule that can match a reply makes the carriers sources too, on its protocol', () => {
    const before = compiled(PUBLIC_PRIVATE);
    const after = compiled(
      PUBLIC_PRIVATE.replace(WEB_IN, `${WEB_IN.slice(0, -1)}, udp 49152-65535 from 0.0.0.0/0]`),
    );
    const s = changeScope(before, after);
    if (s.kind !== 'groups') throw new Error(s.reason);
    expect(s.inbound).toEqual({
      ports: { all: false, protos: new Map([[17, [{ lo: 49152, hi: 65535 }]]]) },
      peers: undefined,
    });
    expect(s.outbound).toEqual({
      ports: { all: false, protos: new Map([[17, undefined]]) },
      peers: undefined,
    });
  });

  it("a changed rule's peer narrows the senders: its CIDR, or any address when it holds a translating device's", () => {
    const before = compiled(PUBLIC_PRIVATE);
    const narrow = changeScope(
      before,
      compiled(PUBLIC_PRIVATE.replace(WEB_IN, `${WEB_IN.slice(0, -1)}, tcp 22 from 192.0.2.0/24]`)),
    );
    if (narrow.kind !== 'groups') throw new Error(narrow.reason);
    expect(narrow.inbound?.peers).toEqual([{ lo: 0xc0000200, hi: 0xc00002ff }]);
    // natgw's public address 198.51.100.200 is in 198.51.100.0/24: anything behind it may send from there (NGW-1).
    const viaNat = changeScope(
      before,
      compiled(PUBLIC_PRIVATE.replace(WEB_IN, `${WEB_IN.slice(0, -1)}, tcp 22 from 198.51.100.0/24]`)),
    );
    if (viaNat.kind !== 'groups') throw new Error(viaNat.reason);
    expect(viaNat.inbound?.peers).toBeUndefined();
    // A reference is the private addresses of the group's interfaces (SG-6): app's 10.1.10.20.
    const ref = changeScope(
      before,
      compiled(PUBLIC_PRIVATE.replace(WEB_IN, `${WEB_IN.slice(0, -1)}, tcp 22 from sg-app]`)),
    );
    if (ref.kind !== 'groups') throw new Error(ref.reason);
    expect(ref.inbound?.peers).toEqual([{ lo: 0x0a010a14, hi: 0x0a010a14 }]);
  });

  it('anything else changed, or a group on something that forwards or translates: every packet is compared', async () => {
    const pp = compiled(PUBLIC_PRIVATE);
    const nacl = compiled(
      PUBLIC_PRIVATE.replace('130 allow tcp 22 from 203.0.113.0/24', '130 allow tcp 22 from 0.0.0.0/0'),
    );
    expect(changeScope(pp, nacl)).toEqual({ kind: 'whole', reason: 'networkAcls changed' });
    expect(changeScope(pp, pp)).toMatchObject({ kind: 'groups', groups: [] });
    // S1: the NAT instance carries its group and has iptables (NATI-1).
    const s1 = await loadInputs([join(EXAMPLES, 's1-nat-instance.yaml')], {});
    const grp = s1.network.securityGroups.find((g) =>
      s1.network.networkInterfaces.some((e) => e.securityGroups.includes(g.id) && !e.sourceDestCheck),
    );
    if (!grp) throw new Error('S1 has no group on its NAT instance');
    const changed: Network = {
      ...s1.network,
      securityGroups: s1.network.securityGroups.map((g) =>
        g.id === grp.id ? { ...g, inbound: [...g.inbound, anyTcp22] } : g,
      ),
    };
    const scope = changeScope(compileNetwork(s1.network).compiled, compileNetwork(changed).compiled);
    expect(scope.kind).toBe('whole');
    expect(scope.kind === 'whole' && scope.reason).toMatch(/forwards \(source\/destination check off\)/);
  });
});

const anyTcp22: SecurityGroupRule = {
  protocol: 6,
  ports: { from: 22, to: 22 },
  peer: { kind: 'cidr', cidr: '0.0.0.0/0' },
};

describe('diff of a security-group change: the same answer as comparing every packet', () => {
  it('public/private: sg-web no longer admits SSH from 203.0.113.0/24 → newly blocked from there, nothing else', () => {
    const before = compiled(PUBLIC_PRIVATE);
    const after = compiled(PUBLIC_PRIVATE.replace(WEB_IN, 'inbound: [tcp 443 from 0.0.0.0/0]'));
    const r = sameAsEveryPacket(before, after);
    expect(r.method).toEqual({ kind: 'changed-groups', groups: ['sg-web'] });
    // Before: public-acl 130 admits TCP 22 from 203.0.113.0/24 and 130 out the reply to 32768-65535, sg-web's rule
    // admits it (SG-1). After: no rule of sg-web does. app's SSH to web was refused by public-acl before and after.
    expect(r.classes).toHaveLength(1);
    const k = r.classes[0];
    expect(k?.kind).toBe('newly-blocked');
    expect(k?.source).toBe('internet');
    expect(k?.boxes.map((b) => [b.src, b.proto.label, b.dst, b.ports])).toEqual([
      [{ lo: 0xcb007100, hi: 0xcb0071ff }, 'tcp', { lo: 0xc633640a, hi: 0xc633640a }, { lo: 22, hi: 22 }],
    ]);
    expect(k?.after.outcome?.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(k?.after.outcome?.droppedAt).toBe('sg-web');
  });

  it('with public-acl open to SSH: sg-web admitting 192.0.2.0/24 too → newly reachable from there only', () => {
    const nacl = PUBLIC_PRIVATE.replace(
      '          - 130 allow tcp 22 from 203.0.113.0/24\n',
      '          - 130 allow tcp 22 from 203.0.113.0/24\n          - 140 allow tcp 22 from 0.0.0.0/0\n',
    ).replace(
      '          - 130 allow tcp 32768-65535 to 203.0.113.0/24\n',
      '          - 130 allow tcp 32768-65535 to 203.0.113.0/24\n          - 140 allow tcp 32768-65535 to 0.0.0.0/0\n',
    );
    const before = compiled(nacl);
    const after = compiled(nacl.replace(WEB_IN, `${WEB_IN.slice(0, -1)}, tcp 22 from 192.0.2.0/24]`));
    const r = sameAsEveryPacket(before, after);
    expect(r.method).toEqual({ kind: 'changed-groups', groups: ['sg-web'] });
    // Only internet senders in 192.0.2.0/24 to web's public address on TCP 22 are asked: one cell (app's 10.1.10.20
    // is not in the peer, so app is not asked at all).
    expect(r.cells).toBe(1);
    expect(
      r.classes.map((k) => [k.kind, k.source, k.boxes.map((b) => [b.src, b.proto.label, b.dst, b.ports])]),
    ).toEqual([
      [
        'newly-reachable',
        'internet',
        [[{ lo: 0xc0000200, hi: 0xc00002ff }, 'tcp', { lo: 0xc633640a, hi: 0xc633640a }, { lo: 22, hi: 22 }]],
      ],
    ]);
  });

  it("a sender is seen from its public address, or its NAT gateway's, past the internet gateway (IGW-2, NGW-1)", () => {
    // public-acl open to SSH both ways; web2 (10.1.0.11, public 198.51.100.11) beside web.
    const base = PUBLIC_PRIVATE.replace(
      '          - 130 allow tcp 22 from 203.0.113.0/24\n',
      '          - 130 allow tcp 22 from 203.0.113.0/24\n          - 140 allow tcp 22 from 0.0.0.0/0\n',
    )
      .replace(
        '          - 130 allow tcp 32768-65535 to 203.0.113.0/24\n',
        '          - 130 allow tcp 32768-65535 to 203.0.113.0/24\n          - 140 allow tcp 32768-65535 to 0.0.0.0/0\n          - 150 allow tcp 22 to 0.0.0.0/0\n',
      )
      .replace(
        '      app: { subnet: private-a,',
        '      web2: { subnet: public-a, ip: 10.1.0.11, publicIp: 198.51.100.11, securityGroups: [sg-app] }\n      app: { subnet: private-a,',
      );
    const before = compiled(base);
    // web2 → web's public address: the internet gateway turns the source into 198.51.100.11 (IGW-2), which the new
    // rule admits; nothing else is in that /32.
    const byPublic = sameAsEveryPacket(
      before,
      compiled(base.replace(WEB_IN, `${WEB_IN.slice(0, -1)}, tcp 22 from 198.51.100.11/32]`)),
    );
    expect(byPublic.classes.map((k) => [k.kind, k.source, k.after.outcome?.endpoint])).toEqual([
      ['newly-reachable', 'web2', 'web'],
    ]);
    // app → web's public address leaves through natgw and arrives from 198.51.100.200 (NGW-1): any sender may be
    // behind a NAT gateway, so every source is asked; app is the one that newly reaches web.
    const byNat = sameAsEveryPacket(
      before,
      compiled(base.replace(WEB_IN, `${WEB_IN.slice(0, -1)}, tcp 22 from 198.51.100.200/32]`)),
    );
    expect(byNat.classes.map((k) => [k.kind, k.source, k.after.outcome?.endpoint])).toEqual([
      ['newly-reachable', 'app', 'web'],
    ]);
  });

  it('every bundled example, one group of an instance changed both ways', async () => {
    const methods: string[] = [];
    for (const f of readdirSync(EXAMPLES).filter((x) => x.endsWith('.yaml'))) {
      const r = await loadInputs([join(EXAMPLES, f)], {});
      const n = r.network;
      const g = n.securityGroups.find((x) =>
        n.networkInterfaces.some((e) => e.securityGroups.includes(x.id)),
      );
      if (!g) continue;
      const after: Network = {
        ...n,
        securityGroups: n.securityGroups.map((x) =>
          x.id === g.id
            ? {
                ...x,
                inbound: [...x.inbound.slice(1), anyTcp22],
                outbound: [
                  { protocol: 17, ports: { from: 53, to: 53 }, peer: { kind: 'cidr', cidr: '10.0.0.0/8' } },
                ],
              }
            : x,
        ),
      };
      const d = sameAsEveryPacket(compileNetwork(n).compiled, compileNetwork(after).compiled);
      methods.push(`${f}: ${d.method.kind}`);
    }
    // The plain ones are answered from the changed groups alone.
    expect(methods).toContain('public-private-natgw.yaml: changed-groups');
    expect(methods).toContain('s0-firewall-natgw.yaml: changed-groups');
    expect(methods.filter((m) => m.endsWith('changed-groups')).length).toBeGreaterThanOrEqual(3);
  });

  for (const seed of [21, 22, 23, 24]) {
    it(`random network ${seed}, random rule changes`, () => {
      const g = generateNetwork(
        {
          seed,
          vpcs: 2,
          subnetsPerVpc: 2,
          enisPerSubnet: 2,
          sgRulesPerVpc: 16,
          naclRulesPerDirection: 3,
          peerings: 1,
        },
        `change-${seed}`,
      );
      const before = compileNetwork(g.network).compiled;
      const rng = makeRng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
      const carried = g.network.securityGroups.filter((x) =>
        g.network.networkInterfaces.some((e) => e.securityGroups.includes(x.id)),
      );
      // Public addresses of the network (interfaces' and NAT gateways'), as peers on their own and in their /24: a
      // sender is seen from its public address past the internet gateway, anything behind a NAT gateway from its.
      const publics = [
        ...g.network.networkInterfaces.flatMap((e) =>
          e.addresses.flatMap((a) => (a.public ? [a.public] : [])),
        ),
        ...g.network.natGateways.flatMap((n) => (n.publicIp ? [n.publicIp] : [])),
      ];
      const randomRule = (vpc: string): SecurityGroupRule => {
        const protocol = pick([6, 6, 17, 1, -1, 47]);
        const peers = [
          { kind: 'cidr' as const, cidr: pick(['0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24', '10.0.0.0/16']) },
          { kind: 'cidr' as const, cidr: `${pick(publics)}/32` },
          { kind: 'cidr' as const, cidr: `${pick(publics).replace(/\.\d+$/, '.0')}/24` },
          {
            kind: 'security-group' as const,
            group: pick(g.network.securityGroups.filter((x) => x.vpc === vpc)).id,
          },
        ];
        return {
          protocol,
          ports:
            protocol === 6 || protocol === 17
              ? pick([{ from: 22, to: 22 }, { from: 49000, to: 51000 }, { from: 80, to: 443 }, undefined])
              : undefined,
          icmp: protocol === 1 ? pick([undefined, { type: 8, code: -1 }, { type: 0, code: -1 }]) : undefined,
          peer: pick(peers),
        };
      };
      for (let round = 0; round < 4; round++) {
        const target = pick(carried);
        const edit = (rules: readonly SecurityGroupRule[]): SecurityGroupRule[] =>
          rng() < 0.5 && rules.length > 0
            ? rules.filter((_, i) => i !== Math.floor(rng() * rules.length))
            : [...rules, randomRule(target.vpc)];
        const changed: SecurityGroup = {
          ...target,
          inbound: rng() < 0.7 ? edit(target.inbound) : target.inbound,
          outbound: rng() < 0.5 ? edit(target.outbound) : target.outbound,
        };
        const after = compileNetwork({
          ...g.network,
          securityGroups: g.network.securityGroups.map((x) => (x.id === target.id ? changed : x)),
        }).compiled;
        const r = sameAsEveryPacket(before, after);
        expect(r.method.kind).toBe('changed-groups');
      }
    });
  }
});
