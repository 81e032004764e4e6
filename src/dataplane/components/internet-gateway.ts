/**
 * The internet gateway, outbound (IGW-2…IGW-4): a route sends the packet to it, it checks the destination and
 * translates the private source into its public address 1:1, and the packet goes on to the internet.
 */
import { formatAddr } from '../../net/addr.js';
import { isRfc1918, RFC6598, containsAddr } from '../../net/prefix.js';
import type { CAttachment, CIgw, CSubnet } from '../compiled.js';
import { withPacket, type Packet } from '../packet.js';
import { crossInto, done, drop, DROPPED, hop, jsonOf, rewrite, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

/** A route to the internet gateway: the packet leaves its subnet (NACL outbound, NACL-3). */
export function enterInternetGateway(ctx: Ctx, igw: CIgw, subnet: CSubnet | null): Step {
  if (crossInto(ctx, subnet, null)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  return { at: 'igw-out', igw };
}

/** IGW-2…IGW-4 for IPv4. The per-packet path makes no closure (issue 19); drops and hops are built below it. */
export function igwOut(ctx: Ctx, igw: CIgw): Step {
  const p = ctx.pkt;
  const vpc = igw.vpc;
  if (typeof p.src !== 'number') return igwOut6(ctx, igw);
  // IGW-3: no private (RFC 1918) or shared (RFC 6598) destinations through the internet gateway.
  if (isRfc1918(p.dst)) return egressDrop(ctx, igw, p, 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
  if (containsAddr(RFC6598, p.dst))
    return egressDrop(ctx, igw, p, 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS');
  const att = vpc.byIp.get(p.src);
  let pub: number | null | undefined;
  if (att?.kind === 'eni') pub = att.eni.publicOf.get(p.src);
  else if (att?.kind === 'nat-gateway') {
    // IGW-4, NGW-1: a private NAT gateway's traffic is dropped by the internet gateway.
    if (!att.natgw.isPublic) return privateNatDrop(ctx, igw, att.natgw.id);
    pub = att.natgw.publicIp;
  }
  if (pub === undefined || pub === null) return noPublicDrop(ctx, igw, p, att);
  // IGW-2: 1:1 NAT of the private source to its public address.
  rewrite(ctx, igw.id, 'internet-gateway', withPacket(p, { src: pub }));
  ctx.identity = false;
  if (ctx.record) translateHop(ctx, igw, p, pub);
  ctx.lastComponent = igw.id;
  return { at: 'internet' };
}

/** IGW-3: a private or shared destination. */
function egressDrop(
  ctx: Ctx,
  igw: CIgw,
  p: Packet,
  code: 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS' | 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS',
): Step {
  if (code === 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS')
    return drop(ctx, igw.id, 'internet-gateway', code, () => ({ refs: ['IGW-3'] }));
  return drop(ctx, igw.id, 'internet-gateway', code, () => ({
    detail: `internet gateways drop packets to private (RFC 1918) addresses such as ${formatAddr(p.dst)} (IGW-3)`,
    refs: ['IGW-3'],
  }));
}

/** IGW-4, NGW-1: traffic from a private NAT gateway. */
function privateNatDrop(ctx: Ctx, igw: CIgw, natgw: string): Step {
  return drop(ctx, igw.id, 'internet-gateway', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', () => ({
    detail: `traffic from private NAT gateway ${natgw} is dropped by the internet gateway (IGW-4, NGW-1)`,
    refs: ['IGW-4', 'NGW-1'],
  }));
}

/** IGW-2, IGW-3: the source has no public address to be translated to. */
function noPublicDrop(ctx: Ctx, igw: CIgw, p: Packet, att: CAttachment | undefined): Step {
  const reason =
    att?.kind === 'eni'
      ? `${formatAddr(p.src)} (${att.eni.instance?.id ?? att.eni.id}) has no public IPv4 or Elastic IP address`
      : att?.kind === 'nat-gateway'
        ? ''
        : `${formatAddr(p.src)} is not the address of a network interface in ${igw.vpc.id}`;
  return drop(ctx, igw.id, 'internet-gateway', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', () => ({
    detail: `the internet gateway drops it: ${reason || 'no public address'} (IGW-3)`,
    refs: ['IGW-2', 'IGW-3'],
  }));
}

/** IGW-2: the hop of the 1:1 translation (`before` is the packet as it arrived). */
function translateHop(ctx: Ctx, igw: CIgw, before: Packet, pub: number): void {
  hop(
    ctx,
    igw.id,
    'internet-gateway',
    'translate',
    () => ({
      after: jsonOf(ctx, ctx.pkt),
      rule: `${formatAddr(before.src)} -> ${formatAddr(pub)}`,
      detail: `1:1 NAT: source ${formatAddr(before.src)} becomes its public address ${formatAddr(pub)} (IGW-2)`,
      refs: ['IGW-2'],
    }),
    before,
  );
}

/**
 * IPv6 through the internet gateway (V6-2, IGW-2): no translation — the source must be an IPv6 address of an
 * interface in the VPC (IGW-3: spoofed or foreign sources are dropped), and the packet goes on unchanged.
 */
function igwOut6(ctx: Ctx, igw: CIgw): Step {
  const p = ctx.pkt;
  const att = igw.vpc.byIp.get(p.src);
  if (att?.kind !== 'eni' || typeof p.dst === 'number') {
    return drop(ctx, igw.id, 'internet-gateway', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', () => ({
      detail: `the internet gateway drops it: ${formatAddr(p.src)} is not the IPv6 address of a network interface in ${igw.vpc.id} (IGW-3, V6-2)`,
      refs: ['IGW-3', 'V6-2'],
    }));
  }
  ctx.identity = false;
  hop(ctx, igw.id, 'internet-gateway', 'forward', () => ({
    detail: `IPv6: no address translation, ${formatAddr(p.src)} is globally unique (V6-2, IGW-2)`,
    refs: ['V6-2', 'IGW-2'],
  }));
  ctx.lastComponent = igw.id;
  return { at: 'internet' };
}
