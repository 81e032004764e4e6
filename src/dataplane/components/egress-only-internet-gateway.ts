/**
 * The egress-only internet gateway in the walk (IGW-7, V6-5): IPv6 only and stateful. Outbound, a packet from an
 * IPv6 address of an interface of its VPC leaves for the internet unchanged (no translation, V6-2) and the gateway
 * remembers the flow (always tracked, SG-10); inbound, only the replies of flows it saw leave come back, delivered
 * by the local route. Anything initiated from the internet is dropped here (`internet.ts` sends it to the gateway).
 */
import { formatAddr } from '../../net/addr.js';
import type { CEigw, CSubnet } from '../compiled.js';
import { replyOf, tupleKey } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import { crossInto, done, drop, DROPPED, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { local } from './local.js';

const KIND = 'egress-only-internet-gateway';

/** A route to the egress-only gateway: the packet leaves its subnet (NACL outbound, NACL-3; V6-5). */
export function enterEgressOnlyGateway(ctx: Ctx, eigw: CEigw, subnet: CSubnet | null): Step {
  if (crossInto(ctx, subnet, null)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  return { at: 'eigw-out', eigw };
}

export function eigwOut(st: TraceState, ctx: Ctx, g: CEigw): Step {
  const p = ctx.pkt;
  if (typeof p.dst === 'number') {
    return drop(ctx, g.id, KIND, 'NO_ROUTE_TO_DESTINATION', () => ({
      detail: `an egress-only internet gateway carries IPv6 only; IPv4 leaves through a NAT gateway (V6-5)`,
      refs: ['V6-5'],
    }));
  }
  const att = g.vpc.byIp.get(p.src);
  if (att?.kind !== 'eni') {
    return drop(ctx, g.id, KIND, 'GATEWAY_REJECTS_SPOOFED_TRAFFIC', () => ({
      detail: `${formatAddr(p.src)} is not the IPv6 address of a network interface in ${g.vpc.id} (IGW-3, V6-5)`,
      refs: ['IGW-3', 'V6-5'],
    }));
  }
  // V6-5, SG-10: always tracked — the reply of this flow may come back in, nothing else.
  st.eigwFlows.set(tupleKey(replyOf(p)), g);
  ctx.stateful.push(g.id);
  ctx.identity = false;
  hop(ctx, g.id, KIND, 'forward', () => ({
    detail: `outbound IPv6, no address translation (V6-2); the gateway tracks the flow so that its replies may return (V6-5, SG-10)${g.implied ? `; ${g.id} is not in the input: assumed attached to ${g.vpc.id}, as AWS accepts a route only to an existing gateway` : ''}`,
    refs: ['V6-5', 'SG-10'],
  }));
  ctx.lastComponent = g.id;
  return { at: 'internet' };
}

/** A reply of a flow that left through `g` (V6-5): back in, delivered by the VPC's local route (V6-3). */
export function eigwIn(ctx: Ctx, g: CEigw): Step {
  ctx.stateful.push(g.id);
  ctx.identity = false;
  hop(ctx, g.id, KIND, 'forward', () => ({
    detail: `reply of a flow that left through ${g.id}: admitted and delivered by the local route (V6-5)`,
    refs: ['V6-5', 'V6-3'],
  }));
  ctx.lastComponent = g.id;
  return local(ctx, g.vpc, null);
}

/** A connection initiated from the internet toward a VPC whose only IPv6 way in is `g` (V6-5): dropped. */
export function eigwUnsolicited(ctx: Ctx, g: CEigw): Step {
  const p = ctx.pkt;
  return drop(ctx, g.id, KIND, 'EGRESS_ONLY_IGW_INBOUND_RESTRICTION', () => ({
    detail: `${formatAddr(p.src)} opens a connection to ${formatAddr(p.dst)}: an egress-only internet gateway admits only the replies of flows initiated from inside ${g.vpc.id} (V6-5, IGW-7)`,
    refs: ['V6-5', 'IGW-7'],
  }));
}
