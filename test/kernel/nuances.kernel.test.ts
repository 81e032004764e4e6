/**
 * Known kernel nuances: choices the kernel makes at random or by hash, where vpcsim shows one representative
 * value and says which range the real value comes from. Each is pinned against the real kernel here: the
 * observed value must lie in the range vpcsim names, and vpcsim must say that it is a representative.
 *
 *  1. SNAT with a port range, source port outside it: the kernel picks a port of the range starting at a random
 *     offset (nf_nat_l4proto_unique_tuple) — vpcsim shows the range's first free port and a note.
 *  2. SNAT to an address range, source not inside it: the kernel hashes the connection's addresses to pick one
 *     (find_best_ips_proto) — vpcsim shows the first address and a note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelUnavailable } from './lab.js';
import { buildVpcLab, compileBox, observe, type HostSpec, type VpcLab } from './vpc-lab.js';
import { Conntrack, osReceive } from '../../src/dataplane/os/index.js';
import { mustParseIpv4 } from '../../src/net/ipv4.js';
import { formatAddr } from '../../src/net/addr.js';

const why = kernelUnavailable();
if (why) console.warn(`kernel conformance (nuances) skipped: ${why}`);

const HOSTS: HostSpec[] = [
  { role: 'a', addresses: ['10.32.1.157'], prefixLen: 24 },
  { role: 'box', addresses: ['10.33.1.124', '10.33.1.145', '10.33.1.151', '10.33.1.152'], prefixLen: 24 },
  { role: 'b', addresses: ['10.34.1.125'], prefixLen: 24 },
];
const BOX = HOSTS[1] as HostSpec;
const PORTS = [5000];

describe.skipIf(why !== null)('kernel nuances: random and hashed NAT choices', () => {
  let lab: VpcLab | undefined;
  /** The lab built in beforeAll (throws if building it failed). */
  const labOf = (): VpcLab => {
    if (!lab) throw new Error('the namespace lab was not built');
    return lab;
  };
  beforeAll(async () => {
    lab = await buildVpcLab('nu', HOSTS, PORTS);
  }, 60_000);
  afterAll(() => {
    lab?.lab.destroy();
  });

  const setup = (text: string) => {
    const l = labOf();
    l.lab.sh(
      l.ns.box as string,
      `iptables -t nat -F; iptables -F; ${text.split('\n').join('; ')} >/dev/null`,
    );
    return compileBox(BOX, text).os;
  };

  it('SNAT --to-source addr:30000-30009 with source port 40100: the kernel port is in the range vpcsim names', async () => {
    const l = labOf();
    const text = [
      'sysctl -w net.ipv4.ip_forward=1',
      'iptables -t nat -A PREROUTING -d 10.33.1.151 -j DNAT --to-destination 10.34.1.125',
      'iptables -t nat -A POSTROUTING -p udp -s 10.32.1.157 -j SNAT --to-source 10.33.1.145:30000-30009',
    ].join('\n');
    const os = setup(text);
    const r = osReceive(os, new Conntrack(), 0, {
      proto: 17,
      src: mustParseIpv4('10.32.1.157'),
      dst: mustParseIpv4('10.33.1.151'),
      srcPort: 40100,
      dstPort: 5000,
      icmpType: 0,
      icmpCode: 0,
    });
    expect([formatAddr(r.packet.src), r.packet.srcPort]).toEqual(['10.33.1.145', 30000]);
    expect(r.notes?.join(' ')).toContain('port chosen by the kernel at random from 30000–30009');
    const seen = await observe(
      l,
      { proto: 'udp', from: 'a', src: '10.32.1.157', sport: 40100, dst: '10.33.1.151', dport: 5000 },
      'nu-1',
      1500,
    );
    const m = /← 10\.33\.1\.145:(\d+)$/.exec(seen.seenAs ?? '');
    expect(m, JSON.stringify(seen)).not.toBeNull();
    const port = Number(m?.[1]);
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(30009);
    expect(seen.reply).toBe('10.33.1.151:5000');
  });

  it('SNAT --to-source to an address range: the kernel address is one of the range vpcsim names', async () => {
    const l = labOf();
    const text = [
      'sysctl -w net.ipv4.ip_forward=1',
      'iptables -t nat -A PREROUTING -d 10.33.1.124 -j DNAT --to-destination 10.34.1.125',
      'iptables -t nat -A POSTROUTING -s 10.32.1.157 -j SNAT --to-source 10.33.1.151-10.33.1.152',
    ].join('\n');
    const os = setup(text);
    const r = osReceive(os, new Conntrack(), 0, {
      proto: 17,
      src: mustParseIpv4('10.32.1.157'),
      dst: mustParseIpv4('10.33.1.124'),
      srcPort: 40101,
      dstPort: 5000,
      icmpType: 0,
      icmpCode: 0,
    });
    expect(formatAddr(r.packet.src)).toBe('10.33.1.151');
    expect(r.notes?.join(' ')).toContain('10.33.1.151–10.33.1.152');
    const seen = await observe(
      l,
      { proto: 'udp', from: 'a', src: '10.32.1.157', sport: 40101, dst: '10.33.1.124', dport: 5000 },
      'nu-2',
      1500,
    );
    expect(seen.seenAs).toMatch(/^10\.34\.1\.125:5000 ← 10\.33\.1\.15[12]:40101$/);
  });
});
