// SG-5 / V6-9: a rule's FromPort/ToPort as every importer reads it (formats/build/rule-ports.ts).
import { describe, expect, it } from 'vitest';
import { portsAndIcmp } from '../../src/formats/build/rule-ports.js';

describe('FromPort/ToPort of a security group or network ACL rule', () => {
  it('TCP/UDP: a port range; FromPort -1 or absent is every port; ToPort -1 or absent is FromPort alone', () => {
    expect(portsAndIcmp(6, 443, 443)).toEqual({ ports: { from: 443, to: 443 } });
    expect(portsAndIcmp(17, 1024, 65535)).toEqual({ ports: { from: 1024, to: 65535 } });
    expect(portsAndIcmp(6, -1, -1)).toEqual({});
    expect(portsAndIcmp(6, undefined, undefined)).toEqual({});
    expect(portsAndIcmp(6, 22, undefined)).toEqual({ ports: { from: 22, to: 22 } });
    expect(portsAndIcmp(17, 53, -1)).toEqual({ ports: { from: 53, to: 53 } });
  });

  it('ICMP and ICMPv6: FromPort is the type, ToPort the code; type -1 is every message', () => {
    expect(portsAndIcmp(1, 8, -1)).toEqual({ icmp: { type: 8, code: -1 } });
    expect(portsAndIcmp(1, 3, 4)).toEqual({ icmp: { type: 3, code: 4 } });
    expect(portsAndIcmp(58, 128, undefined)).toEqual({ icmp: { type: 128, code: -1 } });
    expect(portsAndIcmp(1, -1, -1)).toEqual({});
    expect(portsAndIcmp(58, undefined, undefined)).toEqual({});
  });

  it('other protocols have neither ports nor ICMP selectors', () => {
    expect(portsAndIcmp(-1, 0, 65535)).toEqual({});
    expect(portsAndIcmp(50, 0, 0)).toEqual({});
  });
});
