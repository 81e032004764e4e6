/**
 * Issue 21 §2: overlapping subnets and VPC CIDRs are reported once per subnet (or CIDR), naming the first one it
 * overlaps — AWS refuses to create a subnet that overlaps an existing one (InvalidSubnet.Conflict) — so thousands
 * of subnets on one CIDR give thousands of findings, not millions (2,000 subnets used to give 1,999,000 errors).
 */
import { describe, expect, it } from 'vitest';
import { doc, diagnose } from '../helpers.js';

const overlapsOf = (yaml: string) =>
  diagnose(yaml)
    .filter((d) => d.code === 'SUBNET_OVERLAP' || d.code === 'VPC_CIDR_OVERLAP')
    .map((d) => `${d.code} ${d.resource ?? ''} ${d.span?.line ?? 0}: ${d.message}`);

describe('overlap report', () => {
  it('each overlapping subnet once, naming the first subnet it overlaps, at its own CIDR', () => {
    const yaml = doc(`cidr: 10.0.0.0/16
subnets:
  a: { cidr: 10.0.0.0/24, az: us-east-1a }
  b: { cidr: 10.0.1.0/24, az: us-east-1a }
  c: { cidr: 10.0.0.0/23, az: us-east-1a }
  d: { cidr: 10.0.1.0/25, az: us-east-1a }
  e: { cidr: 10.0.2.0/24, az: us-east-1a }`);
    // Lines: 1 vpcsim, 2 region, 3 vpcs, 4 vpc, 5 cidr, 6 subnets, 7 a, 8 b, 9 c, 10 d, 11 e.
    // c (10.0.0.0/23) covers a and b → the first, a; d is inside b and c → b; e overlaps nothing.
    expect(overlapsOf(yaml)).toEqual([
      'SUBNET_OVERLAP c 9: subnet c CIDR 10.0.0.0/23 overlaps subnet a (10.0.0.0/24) (AWS: InvalidSubnet.Conflict)',
      'SUBNET_OVERLAP d 10: subnet d CIDR 10.0.1.0/25 overlaps subnet b (10.0.1.0/24) (AWS: InvalidSubnet.Conflict)',
    ]);
  });

  it('5,000 subnets on one CIDR: 4,999 findings, each naming the first subnet', () => {
    const subnets = Array.from({ length: 5000 }, (_, i) => `  s${i}: { cidr: 10.0.0.0/24, az: us-east-1a }`);
    const found = overlapsOf(doc(`cidr: 10.0.0.0/16\nsubnets:\n${subnets.join('\n')}`));
    expect(found).toHaveLength(4999);
    expect(found[0]).toBe(
      'SUBNET_OVERLAP s1 8: subnet s1 CIDR 10.0.0.0/24 overlaps subnet s0 (10.0.0.0/24) (AWS: InvalidSubnet.Conflict)',
    );
    expect(found.every((f) => f.includes('overlaps subnet s0 '))).toBe(true);
  });
});
