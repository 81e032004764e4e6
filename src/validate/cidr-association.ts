/**
 * Secondary IPv4 CIDR blocks of a VPC as AssociateVpcCidrBlock checks them (ADDR-1): AWS's "IPv4 CIDR block
 * association restrictions" table (UG/vpc-cidr-blocks.html#add-cidr-block-restrictions), by the range the
 * **primary** CIDR lies in:
 *
 * | primary in       | restricted secondary blocks                                                           |
 * |------------------|---------------------------------------------------------------------------------------|
 * | 10.0.0.0/8       | 172.16.0.0/12, 192.168.0.0/16; 198.19.0.0/16; from 10.0.0.0/16 if primary ⊂ 10.0.0.0/15 |
 * | 172.16.0.0/12    | 10.0.0.0/8, 192.168.0.0/16; 172.31.0.0/16; 198.19.0.0/16                              |
 * | 192.168.0.0/16   | 10.0.0.0/8, 172.16.0.0/12; 198.19.0.0/16                                              |
 * | 198.19.0.0/16    | every RFC 1918 range                                                                  |
 * | anything else (publicly routable, or 100.64.0.0/10) | every RFC 1918 range; 198.19.0.0/16                |
 *
 * Everything else is permitted (same RFC 1918 range, publicly routable blocks, 100.64.0.0/10). Also the quota: 5
 * IPv4 CIDR blocks per VPC by default (a warning), at most 50 (an error) (UG/amazon-vpc-limits.html). Sizes,
 * overlaps and 169.254.0.0/16 are checked in addressing.ts. AWS: `InvalidVpc.Range` ("The CIDR … is restricted").
 */
import { error, warning, type Diagnostic } from '../diag/diagnostic.js';
import { covers, formatPrefix, overlaps, tryCidr4, type Prefix4 } from '../net/prefix.js';
import type { Network } from '../model/network.js';

const p = (t: string): Prefix4 => tryCidr4(t) as Prefix4;
const R10 = p('10.0.0.0/8');
const R172 = p('172.16.0.0/12');
const R192 = p('192.168.0.0/16');
const R198_19 = p('198.19.0.0/16');
const R172_31 = p('172.31.0.0/16');
const R10_0_15 = p('10.0.0.0/15');
const R10_0_16 = p('10.0.0.0/16');
const RFC1918 = [R10, R172, R192];

/** The restricted ranges for a VPC whose primary CIDR is `primary`, each with why. */
function restrictedFor(primary: Prefix4): { range: Prefix4; why: string }[] {
  const otherRfc1918 = (own: Prefix4): { range: Prefix4; why: string }[] =>
    RFC1918.filter((r) => r !== own).map((range) => ({
      range,
      why: `another RFC 1918 range than the primary CIDR's ${formatPrefix(own)}`,
    }));
  const r198 = { range: R198_19, why: '198.19.0.0/16 is restricted' };
  if (covers(R10, primary)) {
    const out = [...otherRfc1918(R10), r198];
    if (covers(R10_0_15, primary))
      out.push({ range: R10_0_16, why: 'the primary CIDR lies in 10.0.0.0/15, which excludes 10.0.0.0/16' });
    return out;
  }
  if (covers(R172, primary))
    return [...otherRfc1918(R172), { range: R172_31, why: '172.31.0.0/16 is restricted' }, r198];
  if (covers(R192, primary)) return [...otherRfc1918(R192), r198];
  const anyRfc1918 = RFC1918.map((range) => ({
    range,
    why: `an RFC 1918 range, and the primary CIDR ${formatPrefix(primary)} is not in one`,
  }));
  if (covers(R198_19, primary)) return anyRfc1918;
  return [...anyRfc1918, r198];
}

/** Diagnostics for the secondary IPv4 CIDR blocks of every VPC (ADDR-1). */
export function validateCidrAssociations(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const v of net.vpcs) {
    const span = v.spans?.cidrs ?? v.spans?.cidr ?? v.span;
    const cidrs = v.cidrs.map((c) => tryCidr4(c));
    const primary = cidrs[0];
    if (v.cidrs.length > 50) {
      out.push(
        error(
          'VPC_CIDR_QUOTA',
          `VPC ${v.id} has ${v.cidrs.length} IPv4 CIDR blocks; at most 50 can be associated (ADDR-1; AWS: CidrLimitExceeded)`,
          span,
          { resource: v.id, ref: 'ADDR-1' },
        ),
      );
    } else if (v.cidrs.length > 5) {
      out.push(
        warning(
          'VPC_CIDR_QUOTA',
          `VPC ${v.id} has ${v.cidrs.length} IPv4 CIDR blocks; the default quota is 5 per VPC (adjustable up to 50) (ADDR-1)`,
          span,
          { resource: v.id, ref: 'ADDR-1' },
        ),
      );
    }
    if (!primary) continue;
    const restricted = restrictedFor(primary);
    cidrs.forEach((c, i) => {
      if (i === 0 || !c) return;
      const hit = restricted.find((r) => overlaps(r.range, c));
      if (!hit) return;
      out.push(
        error(
          'VPC_CIDR_RESTRICTED',
          `VPC ${v.id}: secondary CIDR ${formatPrefix(c)} is restricted for a VPC whose primary CIDR is ${formatPrefix(primary)} (${hit.why}; ADDR-1, "IPv4 CIDR block association restrictions"; AWS: InvalidVpc.Range)`,
          span,
          { resource: v.id, ref: 'ADDR-1' },
        ),
      );
    });
  }
  return out;
}
