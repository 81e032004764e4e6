/**
 * A gateway VPC endpoint (S3, DynamoDB) as a route target (VPCE-1): TCP and ICMP echo leave the VPC to the service;
 * traffic that entered through a peering connection cannot use it (PCX-2).
 */
import type { CSubnet, CTarget, CVpc } from '../compiled.js';
import { crossInto, done, drop, DROPPED, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

export function gatewayEndpoint(
  ctx: Ctx,
  t: Extract<CTarget, { kind: 'gateway-endpoint' }>,
  subnet: CSubnet | null,
  vpc: CVpc,
): Step {
  if (ctx.viaPeering) {
    return drop(ctx, t.id, 'gateway-endpoint', 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', () => ({
      detail: `traffic that entered through a peering connection cannot use ${t.id} (PCX-2, VPCE-1)`,
      refs: ['PCX-2', 'VPCE-1'],
    }));
  }
  const p = ctx.pkt;
  if (!(p.proto === 6 || (p.proto === 1 && (p.icmpType === 8 || p.icmpType === 0)))) {
    return drop(ctx, t.id, 'gateway-endpoint', 'VPCE_GATEWAY_PROTOCOL_RESTRICTION', () => ({
      detail: `gateway endpoints carry only TCP and ICMP echo (VPCE-1)`,
      refs: ['VPCE-1'],
    }));
  }
  if (crossInto(ctx, subnet, null)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  hop(ctx, t.id, 'gateway-endpoint', 'exit', () => ({
    detail: `leaves the VPC to ${t.service} through gateway endpoint ${t.id}`,
  }));
  return done({ kind: 'service', vpc, service: t.service, endpoint: t.id }, 'exited', null);
}
