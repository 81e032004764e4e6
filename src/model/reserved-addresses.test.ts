import { describe, expect, it } from 'vitest';
import { mustParseCidr, type Prefix4 } from '../net/prefix.js';
import { mustParseIpv4 } from '../net/ipv4.js';
import { firstFreeAddress, isReservedInSubnet } from './reserved-addresses.js';

const p = mustParseCidr('10.0.1.0/24') as Prefix4;
const ip = mustParseIpv4;

describe('ADDR-2: addresses AWS reserves in a subnet', () => {
  it('reserves the network address, +1, +2, +3 and the last address', () => {
    for (const a of ['10.0.1.0', '10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.255'])
      expect(isReservedInSubnet(p, ip(a))).toBe(true);
    for (const a of ['10.0.1.4', '10.0.1.254']) expect(isReservedInSubnet(p, ip(a))).toBe(false);
  });
  it('the first free address starts at base+4 and skips used ones', () => {
    expect(firstFreeAddress(p, new Set())).toBe(ip('10.0.1.4'));
    expect(firstFreeAddress(p, new Set([ip('10.0.1.4'), ip('10.0.1.5')]))).toBe(ip('10.0.1.6'));
  });
  it('a full /28 has no free address (16 addresses, 5 reserved)', () => {
    const small = mustParseCidr('10.0.2.0/28') as Prefix4;
    const used = new Set<number>();
    for (let a = small.base + 4; a < small.base + 15; a++) used.add(a);
    expect(firstFreeAddress(small, used)).toBeNull();
  });
});

describe('firstFreeAddress from a resume point', () => {
  it('resumes where the caller stopped, never below base+4', () => {
    expect(firstFreeAddress(p, new Set(), ip('10.0.1.9'))).toBe(ip('10.0.1.9'));
    expect(firstFreeAddress(p, new Set(), ip('10.0.1.1'))).toBe(ip('10.0.1.4'));
    expect(firstFreeAddress(p, new Set(), ip('10.0.1.255'))).toBeNull();
  });
});
