/**
 * The VPC's local route (RT-2) in the walk: deliver to whatever owns the destination address in the VPC — an ENI,
 * a NAT gateway, a firewall endpoint or a Gateway Load Balancer endpoint (one entry per `CAttachment` kind).
 */
import { formatAddr, type Addr } from '../../net/addr.js';
import { containsAddr } from '../../net/prefix.js';
import { isReservedInSubnet } from '../../model/reserved-addresses.js';
import type { CAttachment, CSubnet, CVpc } from '../compiled.js';
import { drop, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { enterNatGateway } from './nat-gateway.js';
import { enterFirewallEndpoint } from './firewall-endpoint.js';
import { enterGwlbEndpoint } from './gwlb-endpoint.js';

/** What an attachment does with a packet delivered to its address from `fromSubnet`: the next step. */
type AttachmentHandler<K extends CAttachment['kind'] = CAttachment['kind']> = (
  ctx: Ctx,
  att: Extract<CAttachment, { kind: K }>,
  fromSubnet: CSubnet | null,
) => Step;

/** The component each kind of attachment hands the packet to. */
const ATTACHMENTS: { readonly [K in CAttachment['kind']]: AttachmentHandler<K> } = {
  eni: (_ctx, a, fromSubnet) => ({ at: 'eni-in', eni: a.eni, fromSubnet }),
  'nat-gateway': (ctx, a, fromSubnet) => enterNatGateway(ctx, a.natgw, fromSubnet),
  'firewall-endpoint': (ctx, a, fromSubnet) => enterFirewallEndpoint(ctx, a.endpoint, fromSubnet),
  'gwlb-endpoint': (ctx, a, fromSubnet) => enterGwlbEndpoint(ctx, a.endpoint, fromSubnet),
};

/** Deliver through the VPC's local route to whatever owns the destination address (RT-2). No closure on this
 * per-packet path (issue 19): the drop and the layer-2 hop are built below. */
export function local(ctx: Ctx, vpc: CVpc, fromSubnet: CSubnet | null): Step {
  const att = vpc.byIp.get(ctx.pkt.dst);
  if (!att) return nobodyThere(ctx, vpc, ctx.pkt.dst);
  return deliverAttachment(ctx, att, fromSubnet, false);
}

/** No interface in the VPC has the address: the Amazon DNS server seen from elsewhere (ADDR-4, PCX-7), an address
 * AWS reserves (ADDR-2), or nothing. */
function nobodyThere(ctx: Ctx, vpc: CVpc, dst: Addr): Step {
  const reserved = vpc.subnets.find(
    (s) => typeof dst === 'number' && containsAddr(s.prefix, dst) && isReservedInSubnet(s.prefix, dst),
  );
  return drop(ctx, vpc.id, 'route-table', 'NO_ROUTE_TO_DESTINATION', () => ({
    detail:
      dst === vpc.dnsAddress
        ? `${formatAddr(dst)} is the Amazon DNS server of ${vpc.id}: it answers only instances of ${vpc.id} itself${ctx.viaPeering ? ', not traffic from a peered VPC (PCX-7)' : ''} (ADDR-4)`
        : reserved
          ? `${formatAddr(dst)} is reserved by AWS in subnet ${reserved.id} (ADDR-2): nothing there answers this traffic`
          : `no network interface in ${vpc.id} has address ${formatAddr(dst)}`,
    refs: dst === vpc.dnsAddress ? ['ADDR-4', 'PCX-7'] : reserved ? ['ADDR-2'] : undefined,
  }));
}

/** Hand the packet to attachment `att` (delivered at layer 2 when `sameSubnet`, RT-8). */
export function deliverAttachment(
  ctx: Ctx,
  att: CAttachment,
  fromSubnet: CSubnet | null,
  sameSubnet: boolean,
): Step {
  if (sameSubnet && att.kind === 'eni' && ctx.record) layer2Hop(ctx, att.eni.subnet.id);
  if (att.kind === 'eni') return { at: 'eni-in', eni: att.eni, fromSubnet }; // the usual one, called directly
  return (ATTACHMENTS[att.kind] as AttachmentHandler)(ctx, att, fromSubnet);
}

/** RT-8, NACL-3: the hop of a delivery inside one subnet. */
function layer2Hop(ctx: Ctx, subnet: string): void {
  hop(ctx, subnet, 'route-table', 'forward', () => ({
    rule: 'same subnet: delivered at layer 2',
    detail: `${formatAddr(ctx.pkt.dst)} is in the same subnet: delivered directly, no route table or network ACL applies (RT-8, NACL-3)`,
    refs: ['RT-8', 'NACL-3'],
  }));
}
