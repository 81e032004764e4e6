/**
 * The exposure of public interfaces computed per address (internet-edge.ts) against the cell method, which traces
 * one packet per cell of the whole header space (issue 17; docs/reach.md "Exposure from the internet, per
 * address"). Both must give the same rows — resource, destination, protocol, ports, every source range, outcome —
 * and the same example trace per class, on every bundled example and each of its variants, on generated networks,
 * and on hand-made networks that exercise each predicate of the model: a deny before an allow in the inbound ACL
 * (NACL-2), an outbound ACL without the ephemeral ports (NACL-1), a group rule that references a group (SG-7: the
 * translation loses the sender's identity), a reply route that is not the internet gateway (RT-1), a NAT gateway's
 * public address (NGW-3), an instance with an OS (left to the cell method).
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { pickVariant } from '../../src/cli/flow.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { CompiledNetwork } from '../../src/dataplane/compiled.js';
import { exposure, type ExposureResult } from '../../src/analysis/reach/exposure.js';
import { outcomeKey } from '../../src/analysis/reach/classes.js';
import { formatAddressRange, formatPortRange, union, type Interval } from '../../src/analysis/reach/space.js';
import { edgeClasses, planEdge } from '../../src/analysis/reach/internet-edge.js';
import { publicAddresses } from '../../src/analysis/reach/exposure.js';
import { internetSource } from '../../src/analysis/reach/query.js';
import { protocolAtoms } from '../../src/analysis/reach/atoms.js';
import { predicateBoundaries, predicateProtocols } from '../../src/dataplane/boundaries.js';
import { formatIpv4 } from '../../src/net/ipv4.js';
import { generateNetwork } from '../../bench/generate.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');

/** A row as a reader sees it: everything but how the classes' boxes happen to be split. */
function rowsOf(r: ExposureResult): string[] {
  return r.rows
    .map((x) =>
      [
        x.source,
        x.resource,
        formatAddressRange(x.box.dst),
        x.box.proto.label,
        x.box.ports ? formatPortRange(x.box.ports) : '-',
        x.sources.map(formatAddressRange).join(' '),
        x.anySource ? 'any' : '',
        x.except.map(formatAddressRange).join(' '),
        outcomeKey(x.cls),
      ].join(' | '),
    )
    .sort();
}

/**
 * The packets of every class as a canonical text: per outcome, protocol and destination address, the port line cut at
 * every port boundary of its boxes, each piece with the union of the sources of the boxes that hold it, equal
 * neighbours merged. Two answers whose classes hold the same packets give the same text, however their boxes are
 * split. Also the classes' keys in order (outcome, source, boxes, example: the edge method builds `boxes` lazily).
 */
function packetsOf(r: ExposureResult): string[] {
  const groups = new Map<string, { src: Interval; ports: Interval }[]>();
  for (const k of r.classes) {
    expect(Object.keys(k).slice(-3)).toEqual(['source', 'boxes', 'example']);
    for (const b of k.boxes)
      for (let d = b.dst.lo; d <= b.dst.hi; d++) {
        const key = `${outcomeKey(k)} | ${b.proto.label} | ${formatIpv4(d)}`;
        const list = groups.get(key) ?? [];
        list.push({ src: b.src ?? { lo: 0, hi: 0 }, ports: b.ports ?? { lo: 0, hi: 0 } });
        groups.set(key, list);
      }
  }
  const out: string[] = [];
  for (const [key, boxes] of groups) {
    const cuts = [...new Set(boxes.flatMap((b) => [b.ports.lo, b.ports.hi + 1]))].sort((a, b) => a - b);
    let last = '';
    for (let i = 0; i + 1 < cuts.length; i++) {
      const lo = cuts[i] as number;
      const srcs = union(boxes.filter((b) => b.ports.lo <= lo && b.ports.hi >= lo).map((b) => b.src));
      const text = srcs.map(formatAddressRange).join(' ');
      if (text !== '' && text !== last) out.push(`${key} | from port ${lo}: ${text}`);
      last = text;
    }
  }
  return out.sort();
}

/** Per class outcome: the flow of its example trace. */
function examplesOf(r: ExposureResult): string[] {
  return r.classes.map((k) => `${outcomeKey(k)} <- ${JSON.stringify(k.example.flow)}`).sort();
}

function same(c: CompiledNetwork): { edge: ExposureResult; cells: ExposureResult } {
  const edge = exposure(c, { maxCells: 50_000_000 });
  const cells = exposure(c, { method: 'cells', maxCells: 50_000_000 });
  expect(rowsOf(edge)).toEqual(rowsOf(cells));
  expect(examplesOf(edge)).toEqual(examplesOf(cells));
  expect(packetsOf(edge)).toEqual(packetsOf(cells));
  // The protocol cells the edge method asks: the same walk's protocols, without collecting addresses and ports.
  const s = internetSource(c);
  expect(predicateProtocols(c, s.vpcs)).toEqual(predicateBoundaries(c, s.vpcs).protocols);
  expect(predicateProtocols(c)).toEqual(predicateBoundaries(c).protocols);
  return { edge, cells };
}

describe('exposure per address agrees with the cell method: bundled examples and their variants', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
  for (const file of files) {
    it(file, async () => {
      const r = await loadInputs([join(EXAMPLES, file)], {});
      for (const v of [undefined, ...r.variants.map((x) => x.name)]) {
        const picked = pickVariant(r, v);
        same(compileNetwork(picked.network).compiled);
      }
    });
  }
});

describe('exposure per address agrees with the cell method: generated networks', () => {
  for (const seed of [21, 22, 23]) {
    it(`seed ${seed}`, () => {
      const g = generateNetwork(
        {
          seed,
          vpcs: 2,
          subnetsPerVpc: 2,
          enisPerSubnet: 2,
          sgRulesPerVpc: 24,
          naclRulesPerDirection: 4,
          peerings: 1,
        },
        `edge-${seed}`,
      );
      const { edge, cells } = same(compileNetwork(g.network).compiled);
      expect(edge.rows.length).toBeGreaterThan(0);
      // The point of the method: far fewer traces than cells.
      expect(edge.cells).toBeLessThan(cells.cells / 10);
    });
  }
});

/** One VPC: web in a subnet whose replies to 198.51.100.0/24 take the NAT gateway (RT-1), web2 in a subnet that
 * sends every reply to the internet gateway, an OS appliance with a public IP, a NAT gateway. */
const HAND_MADE = `vpcsim: 1
region: us-east-1
vpcs:
  vpc:
    cidr: 10.0.0.0/16
    internetGateway: igw
    subnets:
      pub: { cidr: 10.0.0.0/24, az: us-east-1a, routeTable: rt, networkAcl: acl }
      pub2: { cidr: 10.0.1.0/24, az: us-east-1a, routeTable: rt2, networkAcl: acl }
    routeTables:
      rt: { routes: { 0.0.0.0/0: igw, 198.51.100.0/24: natgw } }
      rt2: { routes: { 0.0.0.0/0: igw } }
    natGateways:
      natgw: { subnet: pub2, ip: 10.0.1.100, publicIp: 203.0.113.50 }
    networkAcls:
      acl:
        inbound:
          - 90 deny tcp 22 from 8.8.8.0/24
          - 100 allow all from 0.0.0.0/0
        outbound:
          - 100 allow tcp 1024-65535 to 8.0.0.0/8
          - 110 allow tcp 1024-65535 to 192.0.2.0/24
          - 120 allow tcp 1024-65535 to 198.51.100.0/24
          - 130 allow icmp to 0.0.0.0/0
          - 140 allow udp 0-65535 to 0.0.0.0/0
    securityGroups:
      web-sg:
        inbound:
          - tcp 443 from 0.0.0.0/0
          - tcp 22 from 192.0.2.0/24
          - tcp 22 from 8.8.0.0/16
          - udp 500-600 from 8.0.0.0/8
          - icmp 8 from 0.0.0.0/0
          - tcp 8080 from web-sg
      all-sg:
        inbound: [all from 0.0.0.0/0]
    instances:
      web: { subnet: pub, ip: 10.0.0.10, publicIp: 198.51.100.10, securityGroups: [web-sg] }
      web2: { subnet: pub2, ip: 10.0.1.10, publicIp: 198.51.100.11, securityGroups: [web-sg] }
      router:
        subnet: pub2
        ip: 10.0.1.20
        publicIp: 198.51.100.12
        securityGroups: [all-sg]
        os: |
          sudo sysctl -w net.ipv4.ip_forward=1
          sudo /sbin/iptables -A INPUT -p tcp --dport 22 -s 8.8.0.0/16 -j DROP
`;

describe('exposure per address agrees with the cell method: each predicate of the model', () => {
  it('ACL first match, outbound ACL, group reference, reply route, NAT gateway address, an OS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-edge-'));
    const file = join(dir, 'net.yaml');
    writeFileSync(file, HAND_MADE);
    const r = await loadInputs([file], {});
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const c = compileNetwork(r.network).compiled;
    const { edge } = same(c);
    // Who answers which address: web2 here; web (replies to 198.51.100.0/24 take the NAT gateway, RT-1) and router
    // (an OS) the cell method; the NAT gateway's address nobody (NGW-3).
    const pubs = publicAddresses(c);
    const plan = planEdge(c, pubs);
    const ip = (a: number): string => formatIpv4(a);
    expect(plan.targets.map((t) => `${t.eni.id} ${ip(t.addr)}`).sort()).toEqual([
      `${c.instances.get('web')?.enis[0]?.id} 198.51.100.10`,
      `${c.instances.get('web2')?.enis[0]?.id} 198.51.100.11`,
    ]);
    expect(plan.silent.map(ip)).toEqual(['203.0.113.50']);
    expect(plan.rest.map(formatAddressRange)).toEqual(['198.51.100.12']);
    const s = internetSource(c);
    const protos = protocolAtoms(predicateBoundaries(c, s.vpcs).protocols);
    const answer = edgeClasses(c, s.label, s.ranges, protos, plan.targets, undefined);
    expect(answer.rest.map(formatAddressRange)).toEqual(['198.51.100.10']);
    expect(new Set(answer.classes.map((k) => k.endpoint))).toEqual(new Set(['web2']));
    const rows = rowsOf(edge);
    // web2 (subnet pub2: every reply goes to the internet gateway) answers 443 from 8.0.0.0/8 and 192.0.2.0/24 …
    expect(rows.some((x) => x.startsWith('internet | web2 | 198.51.100.11 | tcp | 443 |'))).toBe(true);
    // … and nothing to the NAT gateway's address (NGW-3).
    expect(rows.some((x) => x.includes('203.0.113.50'))).toBe(false);
    // NACL-2: 8.8.8.0/24 is denied SSH by rule 90 before rule 100 allows everything; the group admits 8.8.0.0/16.
    const ssh = rows.filter((x) => x.startsWith('internet | web2 | 198.51.100.11 | tcp | 22 |'));
    expect(ssh.map((x) => x.split(' | ')[5])).toEqual(['8.8.0.0/21 8.8.9.0-8.8.255.255 192.0.2.0/24']);
    // NACL-1: a reply to 8.0.0.0/8, 192.0.2.0/24 or 198.51.100.0/24 (less the network's own .10-.12) leaves; to
    // anywhere else it is dropped (unreachable: not listed).
    const https = rows.filter((x) => x.startsWith('internet | web2 | 198.51.100.11 | tcp | 443 |'));
    expect(https.map((x) => x.split(' | ')[5])).toEqual([
      '8.0.0.0/8 192.0.2.0/24 198.51.100.0/29, 198.51.100.8/31 198.51.100.13-198.51.100.255',
    ]);
  });
});
