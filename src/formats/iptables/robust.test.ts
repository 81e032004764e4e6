/**
 * Bad input is first-class: parseOsConfig never throws, whatever the text, and every diagnostic it returns has a
 * position inside the text. Property tests over arbitrary strings and over near-valid iptables lines built from
 * real tokens; the compiled stack then evaluates packets without throwing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseOsConfig } from './index.js';
import { compileOs, Conntrack, osReceive, osSend } from '../../dataplane/os/index.js';
import { prefix4 } from '../../net/prefix.js';

const TOKENS = [
  'sudo', 'iptables', '/sbin/iptables', '-t', 'nat', 'filter', 'mangle', 'bogus', '-A', '-I', '-D', '-N', '-X', '-P', '-F',
  'PREROUTING', 'POSTROUTING', 'FORWARD', 'INPUT', 'OUTPUT', 'CHK', '-s', '-d', '!', '10.0.0.0/16', '10.0.0.5',
  '10.0.0.256', '-p', 'tcp', 'udp', 'icmp', '--dport', '--sport', '22', '1024:65535', '-m', 'multiport', '--dports',
  '80,443', 'state', '--state', 'NEW,ESTABLISHED', 'conntrack', '--ctstate', 'DNAT', '--icmp-type', 'echo-request',
  '-i', '-o', 'eth0', 'eth+', '-j', '-g', 'ACCEPT', 'DROP', 'REJECT', 'SNAT', 'DNAT', 'MASQUERADE', 'REDIRECT', 'LOG',
  'RETURN', 'MARK', '--to-source', '--to-destination', '10.1.1.1:80', '10.1.1.1-10.1.1.3', '--to-ports', '8080',
  '-m', 'limit', '--limit', '5/min', 'sysctl', '-w', 'net.ipv4.ip_forward=1', 'net.ipv4.bogus=1', '|', 'tee', '-a',
  '/etc/sysctl.conf', 'echo', '1', '>', '/proc/sys/net/ipv4/ip_forward', 'ip', 'route', 'add', 'default', 'via',
  'dev', '"quoted arg"', "'x", '$VAR', '\\', ';', '&&', '<<EOF', 'EOF', '*nat', ':PREROUTING', 'ACCEPT', '[0:0]', 'COMMIT',
];

const line = fc.array(fc.constantFrom(...TOKENS), { minLength: 0, maxLength: 14 }).map((ws) => ws.join(' '));
const script = fc.array(fc.oneof(line, fc.string({ maxLength: 40 })), { maxLength: 12 }).map((ls) => ls.join('\n'));

describe('parseOsConfig on arbitrary input', () => {
  it('never throws; every diagnostic points inside the text', () => {
    fc.assert(
      fc.property(script, fc.constantFrom<'auto' | 'commands' | 'user-data' | 'iptables-save'>('auto', 'commands', 'user-data', 'iptables-save'), (text, kind) => {
        const r = parseOsConfig(text, { file: 'f', kind });
        const lines = text.split(/\r?\n/).length;
        for (const d of r.diagnostics) {
          expect(d.span).toBeDefined();
          expect(d.span?.line).toBeGreaterThanOrEqual(1);
          expect(d.span?.line).toBeLessThanOrEqual(lines);
          expect(d.span?.col).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(0);
        }
        // whatever was accepted compiles and evaluates packets without throwing
        const os = compileOs('box', r.os, [{ name: 'eth0', addresses: [0x0a000005, 0x0a000006], subnet: prefix4(0x0a000000, 24) }]);
        const ct = new Conntrack();
        for (const proto of [1, 6, 17]) {
          const p = { proto, src: 0x0a000107, dst: 0x0a000006, srcPort: 1234, dstPort: 80, icmpType: 8, icmpCode: 0 };
          osReceive(os, ct, 0, p);
          osReceive(os, ct, 0, { ...p, dst: 0x08080808 });
          osSend(os, ct, { ...p, src: 0x0a000005, dst: 0x0a000107 });
        }
      }),
      { numRuns: 400, seed: 3 },
    );
  });
});
