/**
 * The internet in the walk: a packet on the internet either reaches a public address of a modelled VPC (through
 * its internet gateway, IGW-2) or leaves the modelled network; private and link-local addresses are not routed
 * there (IGW-3).
 */
import { formatAddr, type Addr } from '../../net/addr.js';
import { containsAddr, isRfc1918, mustParseCidr, RFC6598 } from '../../net/prefix.js';
import type { CompiledNetwork } from '../compiled.js';
import { tupleKey } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import { eigwUnsolicited } from './egress-only-internet-gateway.js';
import { done, drop, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { LINK_LOCAL } from './route.js';

/** A packet on the internet. The per-packet path makes no closure (issue 19); drops and hops are built below. */
export function internet(c: CompiledNetwork, st: TraceState, ctx: Ctx): Step {
  const p = ctx.pkt;
  if (typeof p.dst !== 'number') return internet6(c, st, ctx, p.dst);
  const target = c.byPublicIp.get(p.dst);
  if (target) {
    if (!target.igw) return noGatewayDrop(ctx, p.dst);
    return { at: 'igw-in', igw: target.igw };
  }
  const eip = c.unresolvedEips.get(p.dst);
  if (eip) return unresolvedEip(ctx, p.dst, eip);
  if (containsAddr(LINK_LOCAL, p.dst))
    return notRoutedDrop(
      ctx,
      p.dst,
      'a link-local address (169.254.0.0/16): it is not routed on the internet',
    );
  // A private address is not routed on the internet (IGW-3): an instance without a public IP cannot be reached.
  if (isRfc1918(p.dst) || containsAddr(RFC6598, p.dst)) {
    const vpc = c.vpcByAddress.lookup(p.dst);
    if (vpc?.igw) return privateInVpcDrop(ctx, p.dst, vpc.id, vpc.igw.id);
    return notRoutedDrop(ctx, p.dst, 'a private address: it is not routed on the internet');
  }
  if (ctx.record) exitHop(ctx, p.dst);
  return done({ kind: 'internet' }, 'exited', null);
}

/** A public address in a VPC without an attached internet gateway. */
function noGatewayDrop(ctx: Ctx, dst: number): Step {
  return drop(ctx, 'internet', 'internet', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', () => ({
    detail: `${formatAddr(dst)} is a public address in a VPC without an attached internet gateway`,
  }));
}

/**
 * Issue 13 §6: an address the input declares as an Elastic IP belongs to some interface of the account, not to the
 * internet; which one (and so the rest of the path) is unknown.
 */
function unresolvedEip(ctx: Ctx, dst: number, eip: { readonly id: string; readonly reason: string }): Step {
  ctx.uncertain = true;
  if (ctx.record)
    ctx.notes.push(
      `${formatAddr(dst)} is Elastic IP ${eip.id}, declared by the input, but ${eip.reason}: the path beyond it is unknown`,
    );
  return drop(ctx, eip.id, 'unsupported', 'UNKNOWN_DESTINATION', () => ({
    detail: `${formatAddr(dst)} is Elastic IP ${eip.id}, not an internet host; ${eip.reason}, so vpcsim cannot follow the path (IGW-2)`,
    unsupported: [`Elastic IP ${eip.id}: interface unresolved`],
    refs: ['IGW-2'],
  }));
}

function notRoutedDrop(ctx: Ctx, dst: number, what: string): Step {
  return drop(ctx, 'internet', 'internet', 'NO_ROUTE_TO_DESTINATION', () => ({
    detail: `${formatAddr(dst)} is ${what}`,
  }));
}

/** IGW-2, IGW-3: a private address in a VPC with an internet gateway, which admits only public addresses. */
function privateInVpcDrop(ctx: Ctx, dst: number, vpc: string, igw: string): Step {
  return drop(ctx, igw, 'internet-gateway', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', () => ({
    detail: `${formatAddr(dst)} is a private address in ${vpc} with no public IP: the internet cannot address it, and the internet gateway only admits traffic for public addresses of its VPC's network interfaces (IGW-3)`,
    refs: ['IGW-2', 'IGW-3'],
  }));
}

function exitHop(ctx: Ctx, dst: Addr): void {
  hop(ctx, 'internet', 'internet', 'exit', () => ({
    detail: `${formatAddr(dst)} is on the internet, outside the modelled network`,
  }));
}

/** IPv6 space that is not routed on the internet: link-local fe80::/10, unique local fc00::/7. */
const NOT_GLOBAL6 = [
  { prefix: mustParseCidr('fe80::/10'), what: 'a link-local address (fe80::/10)' },
  { prefix: mustParseCidr('fc00::/7'), what: 'a unique local address (fc00::/7)' },
];
/** The NAT64 well-known prefix (V6-6): only a NAT gateway translates it. */
const NAT64 = mustParseCidr('64:ff9b::/96');

/**
 * IPv6 on the internet (V6-2): no public/private mapping. The reply of a flow that left through an egress-only
 * gateway goes back through it (V6-5); an address in a VPC's IPv6 CIDR is otherwise reached through that VPC's
 * internet gateway (V6-4) — a VPC whose only IPv6 gateway is egress-only refuses it (V6-5); any other global
 * address is outside the modelled network.
 */
function internet6(c: CompiledNetwork, st: TraceState, ctx: Ctx, dst: bigint): Step {
  const back = st.eigwFlows.get(tupleKey(ctx.pkt));
  if (back) return { at: 'eigw-in', eigw: back };
  const vpc = c.vpcByAddress.lookup(dst);
  if (vpc) {
    if (vpc.igw) return { at: 'igw-in', igw: vpc.igw };
    if (vpc.eigw) return eigwUnsolicited(ctx, vpc.eigw);
    return drop(ctx, 'internet', 'internet', 'NO_ROUTE_TO_DESTINATION', () => ({
      detail: `${formatAddr(dst)} is in ${vpc.id}'s IPv6 block, but ${vpc.id} has no internet gateway: the internet cannot reach it (V6-4, V6-5)`,
      refs: ['V6-4', 'V6-5'],
    }));
  }
  if (containsAddr(NAT64, dst)) {
    return drop(ctx, 'internet', 'internet', 'NAT64_PREFIX_NOT_ROUTED', () => ({
      detail: `${formatAddr(dst)} is a NAT64 address (64:ff9b::/96, a DNS64 answer for an IPv4-only name): only a NAT gateway translates it, and this packet left for the internet without passing one — route 64:ff9b::/96 to a NAT gateway (V6-6)`,
      refs: ['V6-6'],
    }));
  }
  const local = NOT_GLOBAL6.find((n) => containsAddr(n.prefix, dst));
  if (local) {
    return drop(ctx, 'internet', 'internet', 'NO_ROUTE_TO_DESTINATION', () => ({
      detail: `${formatAddr(dst)} is ${local.what}: it is not routed on the internet`,
      refs: ['V6-2'],
    }));
  }
  if (ctx.record) exitHop(ctx, dst);
  return done({ kind: 'internet' }, 'exited', null);
}
