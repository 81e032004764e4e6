/**
 * Text of a packet in `vpcsim trace`: an IPv6 address is bracketed before its port (RFC 5952 §6), as
 * dataplane/packet.ts formatPacket does, so `2001:db8::1:443` cannot be misread as an address.
 */
import { describe, expect, it } from 'vitest';
import { packetText } from './text.js';

describe('packetText', () => {
  it('brackets IPv6 addresses before a port, leaves IPv4 and ICMP alone', () => {
    expect(
      packetText({
        protocol: 'tcp',
        src: '2001:db8:80:1::10',
        srcPort: 50000,
        dst: '2001:db8:ffff::10',
        dstPort: 443,
      }),
    ).toBe('tcp [2001:db8:80:1::10]:50000 → [2001:db8:ffff::10]:443');
    expect(
      packetText({ protocol: 'tcp', src: '10.0.0.1', srcPort: 50000, dst: '10.0.0.2', dstPort: 22 }),
    ).toBe('tcp 10.0.0.1:50000 → 10.0.0.2:22');
    expect(
      packetText({ protocol: 'icmpv6', src: '2001:db8::1', dst: '2001:db8::2', icmpType: 128, icmpCode: 0 }),
    ).toBe('icmpv6 2001:db8::1 → 2001:db8::2 (type 128 code 0)');
  });
});
