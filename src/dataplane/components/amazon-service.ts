/**
 * Services the platform answers for an instance at link-local or reserved addresses (ADDR-4) as a component of the
 * walk: the packet never reaches the VPC fabric, so no security group, network ACL or route table sees it.
 */
import { formatAddr } from '../../net/addr.js';
import type { CEni } from '../compiled.js';
import { serviceRefuses, type AmazonService } from '../amazon-services.js';
import { done, drop, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

/**
 * A packet from an instance to a service the platform answers at a link-local or reserved address (ADDR-4): it
 * never reaches the VPC fabric, so no security group, network ACL or route table sees it.
 */
export function amazonService(ctx: Ctx, eni: CEni, svc: AmazonService): Step {
  const who = eni.instance?.id ?? eni.id;
  const refused = serviceRefuses(eni.subnet.vpc, svc, ctx.pkt);
  if (refused) {
    return drop(ctx, svc.id, 'amazon-service', refused.code, () => ({
      owner: who,
      detail: refused.detail,
      refs: ['ADDR-4'],
    }));
  }
  hop(ctx, svc.id, 'amazon-service', 'deliver', () => ({
    owner: who,
    rule: `${formatAddr(ctx.pkt.dst)}: ${svc.name}`,
    detail: `${svc.name} answers ${who} itself: the packet does not enter the VPC, so security groups, network ACLs and route tables do not apply (ADDR-4)`,
    refs: ['ADDR-4'],
  }));
  return done({ kind: 'amazon-service', eni, service: svc }, 'delivered', null);
}
