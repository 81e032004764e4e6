/**
 * IPv6 at a transit gateway VPC attachment (V6-11, TGW-11). AWS: with `Ipv6Support` enabled "the transit gateway
 * network interface receives an IPv6 address" and the VPC's IPv6 CIDRs propagate; disabled, "the network interface
 * does not receive an IPv6 address, and IPv6 routes do not propagate. The setting does not filter IPv6 traffic."
 * (EC2 API, CreateTransitGatewayVpcAttachmentRequestOptions). The last sentence leaves open what becomes of an IPv6
 * packet routed through an attachment whose ENI has no IPv6 address; the IPv6 whitepaper says the attachment ENIs
 * "need to have IPv6 addresses assigned to them" to support IPv6. vpcsim takes that documented-safe reading: an IPv6
 * packet enters or leaves a VPC attachment only when the attachment has IPv6 support and the ENI's subnet has an
 * IPv6 CIDR (else its ENI has no IPv6 address) — `TGW_ATTACH_IPV6_NOT_SUPPORTED` otherwise, and the trace says the
 * reading. VPN, Direct Connect, peering (TGW-14) and network function attachments have no such option.
 */
import { formatAddr } from '../../net/addr.js';
import type { CSubnet } from '../compiled.js';
import type { CTgwAttachment } from '../transit-gateway/compiled.js';
import { drop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

/** The drop step when an IPv6 packet cannot cross VPC attachment `att` at its ENI in `subnet`; else undefined. */
export function ipv6Refused(
  ctx: Ctx,
  att: CTgwAttachment,
  subnet: CSubnet,
  way: 'enters' | 'leaves',
): Step | undefined {
  if (typeof ctx.pkt.dst === 'number' || att.kind !== 'vpc') return undefined;
  const why = !att.ipv6Support
    ? `${att.id} has IPv6 support disabled (Ipv6Support, default disable): its ENIs have no IPv6 address`
    : subnet.prefix6 === undefined
      ? `${att.id}'s ENI in ${subnet.az} is in ${subnet.id}, which has no IPv6 CIDR, so it has no IPv6 address`
      : undefined;
  if (why === undefined) return undefined;
  const fix = !att.ipv6Support
    ? `enable IPv6 support on ${att.id}`
    : `give ${subnet.id} an IPv6 /64 (the attachment subnet in ${subnet.az})`;
  return drop(ctx, att.id, 'transit-gateway-attachment', 'TGW_ATTACH_IPV6_NOT_SUPPORTED', () => ({
    owner: att.tgw.id,
    rule: att.ipv6Support ? `ENI in ${subnet.az} (subnet ${subnet.id})` : 'Ipv6Support: disable',
    detail: `IPv6 ${formatAddr(ctx.pkt.src)} → ${formatAddr(ctx.pkt.dst)} ${way === 'enters' ? 'cannot enter the transit gateway through' : 'cannot leave the transit gateway through'} ${att.id}: ${why} (V6-11). AWS says the option "does not filter IPv6 traffic" but gives the ENI no IPv6 address; vpcsim takes the documented-safe reading that such an attachment does not carry IPv6 — ${fix}`,
    refs: ['V6-11', 'TGW-11'],
  }));
}
