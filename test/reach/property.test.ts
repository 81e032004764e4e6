/**
 * Correctness harness of the network-wide engine (issue 17 §5): on every bundled example and on random generated
 * networks, concrete packets drawn from inside every class — and from anywhere in the question's header space —
 * are traced one by one with `traceFlow`; each must land in exactly one class and get that class's verdict,
 * explanation codes and path. The engine itself never samples; this test does, to check it. The examples include
 * transit gateways (S5: spokes through an inspection hub, appliance mode) and VPN (S9: on-premises sources).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { CompiledNetwork } from '../../src/dataplane/compiled.js';
import { formatIpv4 } from '../../src/net/ipv4.js';
import { traceFlow } from '../../src/analysis/trace.js';
import { reach, type ReachQuestion } from '../../src/analysis/reach/reach.js';
import {
  boxContains,
  outcomeKey,
  outcomeOf,
  type ReachBox,
  type ReachClass,
} from '../../src/analysis/reach/classes.js';
import type { Interval } from '../../src/analysis/reach/space.js';
import { generateNetwork, makeRng } from '../../bench/generate.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');

interface Packet {
  src?: number;
  proto: number;
  dst: number;
  port?: number;
}

const pickIn = (r: () => number, i: Interval): number => i.lo + Math.floor(r() * (i.hi - i.lo + 1));

function sampleBox(r: () => number, b: ReachBox): Packet {
  const protoRange = b.proto.numbers[Math.floor(r() * b.proto.numbers.length)] as Interval;
  return {
    src: b.src ? pickIn(r, b.src) : undefined,
    proto: pickIn(r, protoRange),
    dst: pickIn(r, b.dst),
    port: b.ports ? pickIn(r, b.ports) : undefined,
  };
}

/** Trace `p` as `vpcsim trace` would and compare with the class's outcome. */
function check(c: CompiledNetwork, from: string | undefined, k: ReachClass, p: Packet): string | undefined {
  const t = traceFlow(c, {
    from: p.src !== undefined ? formatIpv4(p.src) : (from as string),
    to: formatIpv4(p.dst),
    protocol: String(p.proto),
    port: p.port ?? 0,
  });
  const got = outcomeKey({
    ...outcomeOf(t, k.boxes[0]?.proto ?? { label: '', rep: 0, numbers: [] }),
    protocol: k.protocol,
  });
  const expected = outcomeKey({
    verdict: k.verdict,
    uncertain: k.uncertain,
    protocol: k.protocol,
    code: k.code,
    returnCode: k.returnCode,
    endpoint: k.endpoint,
    droppedAt: k.droppedAt,
    path: k.path,
    returnPath: k.returnPath,
    inspection: k.inspection,
    conditions: k.conditions,
  });
  return got === expected ? undefined : `${JSON.stringify(p)}: class says ${expected}, trace says ${got}`;
}

/** Run the question, then sample inside every class and across the whole space. */
function verify(
  c: CompiledNetwork,
  q: ReachQuestion,
  space: { dst: Interval[]; src?: Interval[] },
  seed: number,
  perClass = 4,
  anywhere = 60,
): void {
  const res = reach(c, q);
  expect(res.classes.length).toBeGreaterThan(0);
  const r = makeRng(seed);
  const failures: string[] = [];
  const from = (k: ReachClass): string | undefined =>
    k.boxes[0]?.src ? undefined : sourceEndpoint(c, k.source, q.from);
  for (const k of res.classes) {
    for (let i = 0; i < perClass; i++) {
      const b = k.boxes[Math.floor(r() * k.boxes.length)] as ReachBox;
      const f = check(c, from(k), k, sampleBox(r, b));
      if (f) failures.push(f);
    }
  }
  // Anywhere in the question's space: exactly one class of that source contains the packet.
  const sources = [...new Set(res.classes.map((k) => k.source))];
  for (let i = 0; i < anywhere; i++) {
    const source = sources[Math.floor(r() * sources.length)] as string;
    const dst = space.dst[Math.floor(r() * space.dst.length)] as Interval;
    const src = space.src ? (space.src[Math.floor(r() * space.src.length)] as Interval) : undefined;
    const protoChoices = [6, 17, 1, Math.floor(r() * 256)];
    const proto =
      q.protocol !== undefined ? Number(q.protocol) : (protoChoices[Math.floor(r() * 4)] as number);
    const p: Packet = {
      src: src ? pickIn(r, src) : undefined,
      proto,
      dst: pickIn(r, dst),
      port: proto === 6 || proto === 17 ? pickIn(r, q.ports ?? { lo: 0, hi: 65535 }) : undefined,
    };
    const owners = res.classes.filter((k) => k.source === source && k.boxes.some((b) => boxContains(b, p)));
    if (owners.length !== 1) {
      // A range source's cells exclude the network's own addresses; only those may be missing.
      if (owners.length === 0 && p.src !== undefined) continue;
      failures.push(`${JSON.stringify(p)} from ${source}: in ${owners.length} classes`);
      continue;
    }
    const f = check(c, from(owners[0] as ReachClass), owners[0] as ReachClass, p);
    if (f) failures.push(f);
  }
  expect(failures).toEqual([]);
}

/** The endpoint a named source is traced from (its label, or the ENI in parentheses for subnet sources). */
function sourceEndpoint(c: CompiledNetwork, label: string, from: string | undefined): string {
  if (c.instances.has(label) || c.eniById.has(label) || label.startsWith('client:')) return label;
  return from ?? label;
}

describe('reach: every class agrees with traces of packets drawn from it (bundled examples)', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
  for (const file of files) {
    it(file, async () => {
      const r = await loadInputs([join(EXAMPLES, file)], {});
      const c = compileNetwork(r.network).compiled;
      const seed = file.length * 7919;
      // Every instance as a source, every address as a destination.
      for (const inst of [...c.instances.keys()].slice(0, 4)) {
        verify(c, { from: inst }, { dst: [{ lo: 0, hi: 0xffffffff }, ...vpcRanges(c)] }, seed);
      }
      // The internet towards every public address of the network.
      const pubs = [...c.byPublicIp.keys()].filter((a) => typeof a === 'number').slice(0, 4);
      for (const a of pubs)
        verify(
          c,
          { from: 'internet', to: formatIpv4(a), protocol: '6' },
          { dst: [{ lo: a, hi: a }], src: [{ lo: 0, hi: 0xffffffff }] },
          seed + a,
        );
      // Every declared on-premises network, behind VPN or Direct Connect (ONPREM-1; S9), towards every VPC address.
      // `reach` enumerates IPv4 header space only: an IPv6-only network (examples/tgw-dual-stack.yaml) is not a range
      // source (docs/transit-gateway.md).
      for (const o of c.transit.onPremises.filter((n) => n.cidrs.some((p) => p.family === 4)).slice(0, 2))
        verify(
          c,
          { from: `onprem:${o.id}`, protocol: '6' },
          {
            dst: vpcRanges(c),
            src: o.cidrs.flatMap((p) =>
              p.family === 4 ? [{ lo: p.base, hi: (p.base + 2 ** (32 - p.len) - 1) >>> 0 }] : [],
            ),
          },
          seed + 2,
        );
      // Every VPN client.
      for (const cl of [...c.clients.keys()].slice(0, 2))
        verify(
          c,
          { from: `client:${cl}`, protocol: '6' },
          { dst: [{ lo: 0, hi: 0xffffffff }, ...vpcRanges(c)] },
          seed + 1,
        );
    });
  }
});

function vpcRanges(c: CompiledNetwork): Interval[] {
  return [...c.vpcs.values()].flatMap((v) =>
    v.cidrs.flatMap((p) =>
      p.family === 4 ? [{ lo: p.base, hi: (p.base + 2 ** (32 - p.len) - 1) >>> 0 }] : [],
    ),
  );
}

describe('reach: random generated networks', () => {
  for (const seed of [11, 12, 13]) {
    it(`seed ${seed}`, () => {
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
        `random-${seed}`,
      );
      const c = compileNetwork(g.network).compiled;
      const insts = [...c.instances.keys()];
      const r = makeRng(seed);
      const from = insts[Math.floor(r() * insts.length)] as string;
      verify(c, { from, protocol: '6' }, { dst: vpcRanges(c) }, seed);
      verify(
        c,
        { from, protocol: '17', to: [...c.vpcs.values()][1]?.id },
        { dst: vpcRanges(c).slice(-1) },
        seed + 1,
      );
    });
  }
});
