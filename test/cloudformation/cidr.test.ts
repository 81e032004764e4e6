import { describe, expect, it } from 'vitest';
import { fnCidr } from '../../src/formats/cloudformation/cidr.js';

// Fn::Cidr [ipBlock, count, cidrBits]: cidrBits = host bits of each new block (new length = 32 - cidrBits),
// blocks consecutive from the start of ipBlock (AWS template reference, intrinsic-function-reference-cidr).
describe('Fn::Cidr', () => {
  it('reproduces the AWS documentation example: 192.168.0.0/24, 6, 5 → six /27 blocks', () => {
    // 32 - 5 = /27; step 2^5 = 32 addresses.
    expect(fnCidr('192.168.0.0/24', 6, 5)).toEqual({
      ok: true,
      value: [
        '192.168.0.0/27',
        '192.168.0.32/27',
        '192.168.0.64/27',
        '192.168.0.96/27',
        '192.168.0.128/27',
        '192.168.0.160/27',
      ],
    });
  });

  it('accepts count and cidrBits as strings, as in the JSON doc example ("6", "5")', () => {
    const r = fnCidr('192.168.0.0/24', '6', '5');
    expect(r.ok && r.value[5]).toBe('192.168.0.160/27');
  });

  it('cidrBits 8 in a /16 gives /24 blocks (the common VPC pattern)', () => {
    // 10.0.0.0/16, 3, 8 → /24s at 10.0.0, 10.0.1, 10.0.2 (a prefix-length reading would give /8 and fail).
    expect(fnCidr('10.0.0.0/16', 3, 8)).toEqual({
      ok: true,
      value: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
    });
  });

  it('IPv6: cidrBits 64 in a /56 gives /64 blocks', () => {
    // AWS IPv6 example: Select 0 of Cidr [<vpc /56>, 1, 64] is a /64 at the block start.
    expect(fnCidr('2600:1f16:67d:2000::/56', 2, 64)).toEqual({
      ok: true,
      value: ['2600:1f16:67d:2000::/64', '2600:1f16:67d:2001::/64'],
    });
  });

  it('rejects blocks that do not fit, bad counts and bad blocks', () => {
    expect(fnCidr('10.0.0.0/24', 9, 5).ok).toBe(false); // 8 /27s fit in a /24
    expect(fnCidr('10.0.0.0/24', 8, 5).ok).toBe(true);
    expect(fnCidr('10.0.0.0/24', 1, 9).ok).toBe(false); // /23 is larger than the /24 block
    expect(fnCidr('10.0.0.0/24', 0, 5).ok).toBe(false);
    expect(fnCidr('10.0.0.0/24', 257, 1).ok).toBe(false);
    expect(fnCidr('10.0.0/24', 1, 5).ok).toBe(false);
  });
});
