/**
 * A VPC peering connection in the walk (PCX-1, PCX-2): it carries only traffic for the peer VPC's own CIDRs, which
 * the peer's local route then delivers.
 */
import { formatAddr } from '../../net/addr.js';
import { formatPrefix, containsAddr } from '../../net/prefix.js';
import type { CPeering, CSubnet, CVpc } from '../compiled.js';
import { crossInto, done, drop, DROPPED, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { local } from './local.js';

/** A route to the peering connection: the packet leaves its subnet (NACL outbound, NACL-3). */
export function enterPeering(ctx: Ctx, pcx: CPeering, subnet: CSubnet | null, from: CVpc): Step {
  if (crossInto(ctx, subnet, null)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  return { at: 'pcx', pcx, from };
}

export function peering(ctx: Ctx, pcx: CPeering, from: CVpc): Step {
  const p = ctx.pkt;
  const peer = pcx.a === from ? pcx.b : pcx.a;
  if (!peer.cidrs.some((c) => containsAddr(c, p.dst))) {
    return drop(ctx, pcx.id, 'vpc-peering', 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', () => ({
      rule: `${peer.id} ${peer.cidrs.map(formatPrefix).join(', ')}`,
      detail: `${formatAddr(p.dst)} is not in ${peer.id}'s CIDR: a peering connection carries only traffic for the peer VPC itself — it is not transitive and cannot reach the peer's gateways (PCX-1, PCX-2)`,
      refs: ['PCX-1', 'PCX-2'],
    }));
  }
  hop(ctx, pcx.id, 'vpc-peering', 'forward', () => ({
    rule: `${from.id} -> ${peer.id}`,
    detail: `crosses peering connection ${pcx.id} into ${peer.id} (PCX-2: destination in the peer VPC's CIDR)`,
    refs: ['PCX-2'],
  }));
  ctx.viaPeering = true;
  ctx.lastComponent = pcx.id;
  return local(ctx, peer, null);
}
