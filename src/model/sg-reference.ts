/**
 * Which security groups a security-group rule may reference (SG-6, PCX-6): a group of the same VPC, or of a VPC
 * joined to it by an **active** peering connection in the **same Region**. AWS refuses a reference to a peer VPC's
 * group in another Region ("You can't reference the security group of a peer VPC that's in a different Region",
 * PEER/vpc-peering-security-groups.html); a reference to a group of a VPC that is not (or no longer) peered
 * matches nothing (a stale rule, SG-6). Validation reports both; the data plane never matches such a rule.
 *
 * A VPC without a Region counts as being in every Region (the input did not say), so only two known, different
 * Regions make a reference cross-Region.
 */
import type { Network } from './network.js';

export interface SgReferenceProblem {
  readonly kind: 'other-region' | 'not-peered';
  /** One sentence: why the reference matches nothing. */
  readonly reason: string;
}

/**
 * `check(owner, referenced)`: the problem with a rule of group `owner` that references group `referenced`, or
 * undefined when the reference is usable. `groupVpc` maps a group id (or AWS id) to its VPC id.
 */
export function sgReferenceChecker(
  net: Network,
  groupVpc: (group: string) => string | undefined,
): (owner: string, referenced: string) => SgReferenceProblem | undefined {
  const region = new Map<string, string | undefined>();
  for (const v of net.vpcs) {
    region.set(v.id, v.region);
    if (v.awsId !== undefined) region.set(v.awsId, v.region);
  }
  const peered = new Set<string>();
  for (const p of net.peerings) {
    if ((p.state ?? 'active') !== 'active') continue;
    peered.add(`${p.requesterVpc}|${p.accepterVpc}`);
    peered.add(`${p.accepterVpc}|${p.requesterVpc}`);
  }
  return (owner, referenced) => {
    const a = groupVpc(owner);
    const b = groupVpc(referenced);
    if (a === undefined || b === undefined || a === b) return undefined;
    const ra = region.get(a);
    const rb = region.get(b);
    if (ra !== undefined && rb !== undefined && ra !== rb) {
      return {
        kind: 'other-region',
        reason: `${referenced} belongs to VPC ${b} in ${rb}, another Region than ${a} (${ra}): AWS refuses a reference to a peer VPC's security group in a different Region (SG-6, PCX-6) — use the peer VPC's CIDR block`,
      };
    }
    if (!peered.has(`${a}|${b}`)) {
      return {
        kind: 'not-peered',
        reason: `${referenced} belongs to VPC ${b}, which is not joined to ${a} by an active peering connection: the reference matches nothing (SG-6)`,
      };
    }
    return undefined;
  };
}
