/**
 * The reply of a load-balanced flow (aws-semantics.md B13 step 5): a target's reply to a flow a load-balancer node
 * forwarded goes back to that node — not by the target subnet's route table toward the client (NLB-9, ALB-1, CLB-1) —
 * through the target subnet's network ACL outbound and the node subnet's inbound (NACL-3), is translated back to
 * the client's connection with the node, leaves through the node's security groups (connection tracking) and is
 * routed by the node subnet's table; a PrivateLink flow goes back through the consumer's endpoint ENI (PL-7), whose
 * subnet's network ACL applies to the reply toward the consumer.
 */
import { formatAddr } from '../../net/addr.js';
import type { CEni, CSubnet } from '../compiled.js';
import { replyOf, tupleKey } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import type { LbFlow } from '../load-balancer/flows.js';
import { crossInto, done, DROPPED, hop, rewrite, sgCheck, type Ctx, jsonOf } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

/** The flow a packet leaving an ENI is the reply of, if a load-balancer node forwarded its request. */
export function lbFlowOfReply(st: TraceState, ctx: Ctx): LbFlow | undefined {
  return st.hasLbFlows ? st.lbFlows.get(tupleKey(ctx.pkt)) : undefined;
}

/**
 * ELB-5: a target outside the node's VPC (an IP target over peering, a transit gateway, VPN) whose reply is addressed
 * to the node's own private address (source NAT: NLB-4, ALB-1, PL-6) sends it like any ENI — by its subnet's route
 * table, through whatever lies between — and the node takes it when it arrives at its ENI. A reply to a kept client
 * address, or from a target in the node's VPC, goes straight back to the node (NLB-9).
 */
export function isRoutedReply(flow: LbFlow, from: CEni): boolean {
  return from.subnet.vpc !== flow.node.eni.subnet.vpc && flow.after.src === flow.node.ip;
}

export function loadBalancerReturn(
  st: TraceState,
  ctx: Ctx,
  flow: LbFlow,
  fromSubnet: CSubnet,
  routed = false,
): Step {
  const { node } = flow;
  const lb = node.lb;
  if (crossInto(ctx, fromSubnet, node.eni.subnet)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  const before = ctx.pkt;
  const back = replyOf(flow.before);
  rewrite(ctx, lb.id, 'load-balancer', back);
  hop(
    ctx,
    lb.id,
    'load-balancer',
    'translate',
    () => ({
      owner: node.eni.id,
      after: jsonOf(ctx, back),
      rule: `reply: ${formatAddr(before.src)}:${before.srcPort} -> ${formatAddr(back.src)}:${back.srcPort}`,
      detail: routed
        ? `the reply, routed to the node's address ${formatAddr(node.ip)} from outside ${lb.id}'s VPC (ELB-5), reaches the ${node.az} node that forwarded the request and is sent on the client's connection`
        : `the reply returns to the ${node.az} node of ${lb.id} that forwarded the request, not by the target subnet's route table (NLB-9), and is sent on the client's connection`,
      refs: routed ? ['ELB-5', 'NLB-4', 'ALB-1'] : ['NLB-9', 'ALB-1'],
    }),
    before,
  );
  ctx.stateful.push(lb.id);
  if (!sgCheck(st, ctx, node.eni, false))
    return done(DROPPED, 'dropped', ctx.lastCode ?? 'ENI_SG_RULES_MISMATCH');
  ctx.lastComponent = lb.id;
  const ep = flow.endpoint;
  if (!ep) return { at: 'route', subnet: node.eni.subnet, from: lb.id };
  // PL-7: back through PrivateLink to the consumer's endpoint ENI, which answers as the server.
  const atEndpoint = replyOf(ep.before);
  const b2 = ctx.pkt;
  rewrite(ctx, ep.ep.id, 'interface-endpoint', atEndpoint);
  hop(
    ctx,
    ep.ep.id,
    'interface-endpoint',
    'translate',
    () => ({
      owner: ep.ep.eni.id,
      after: jsonOf(ctx, atEndpoint),
      rule: `PrivateLink reply: from ${formatAddr(atEndpoint.src)}:${atEndpoint.srcPort}`,
      detail: `the reply comes back through PrivateLink to endpoint ${ep.ep.id}; the consumer sees the endpoint's address ${formatAddr(atEndpoint.src)} as the server (PL-7, PL-8)`,
      refs: ['PL-7', 'PL-8'],
    }),
    b2,
  );
  ctx.stateful.push(ep.ep.id);
  if (!sgCheck(st, ctx, ep.ep.eni, false))
    return done(DROPPED, 'dropped', ctx.lastCode ?? 'ENI_SG_RULES_MISMATCH');
  ctx.identity = true;
  ctx.lastComponent = ep.ep.id;
  return { at: 'route', subnet: ep.ep.eni.subnet, from: ep.ep.id };
}
