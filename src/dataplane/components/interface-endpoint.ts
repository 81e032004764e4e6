/**
 * An interface endpoint's ENI in the walk (aws-semantics.md B13 step 7, B15): the packet reached the endpoint ENI
 * (its subnet's network ACL and its security groups already applied by eni.ts, PL-2). The endpoint must be available
 * (PL-5: BAD_STATE otherwise); PrivateLink carries TCP (PL-4). An AWS service's endpoint answers itself; an endpoint
 * service's is carried to the provider's load-balancer node in the same AZ (PL-7; VPCE_SERVICE_NOT_INSTALLED_IN_AZ
 * otherwise), whose security groups see the consumer's address when enforcement is on (NLB-7) — then the node
 * forwards as any NLB, always from its own address (PL-6). Nothing is carried the other way (PL-3).
 */
import { formatAddr } from '../../net/addr.js';
import { withPacket } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import type { CInterfaceEndpoint } from '../load-balancer/types.js';
import { done, drop, DROPPED, hop, rewrite, sgCheck, type Ctx, jsonOf } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

export function interfaceEndpoint(st: TraceState, ctx: Ctx, ep: CInterfaceEndpoint): Step {
  const p = ctx.pkt;
  const owner = ep.eni.id;
  if (!ep.available)
    return drop(ctx, ep.id, 'interface-endpoint', 'BAD_STATE', () => ({
      owner,
      rule: `state: ${ep.state}`,
      detail: `endpoint ${ep.id} is ${ep.state}, not available: the provider has not accepted the connection (PL-5)`,
      refs: ['PL-5', 'PL-13'],
    }));
  if (p.proto !== 6)
    return drop(ctx, ep.id, 'interface-endpoint', 'PROTOCOL_RESTRICTION', () => ({
      owner,
      detail: `interface endpoints carry TCP only (PL-4; UDP is not documented as supported)`,
      refs: ['PL-4'],
    }));
  if (ep.lbs.length === 0) {
    hop(ctx, ep.id, 'interface-endpoint', 'deliver', () => ({
      owner,
      rule: `service ${ep.service}`,
      detail: `${ep.service} answers through interface endpoint ${ep.id} at ${formatAddr(p.dst)} (PL-1); the service itself is outside the modelled network`,
      refs: ['PL-1'],
    }));
    return done({ kind: 'eni', eni: ep.eni }, 'delivered', null);
  }
  const node = ep.lbs.flatMap((lb) => lb.nodes).find((n) => n.az === ep.az);
  if (!node)
    return drop(ctx, ep.id, 'interface-endpoint', 'VPCE_SERVICE_NOT_INSTALLED_IN_AZ', () => ({
      owner,
      detail: `endpoint service ${ep.service} has no load-balancer node in ${ep.az}, the AZ of ${ep.eni.id} (PL-1, PL-7)`,
      refs: ['PL-1', 'PL-7'],
    }));
  const before = p;
  const at = withPacket(p, { dst: node.ip });
  rewrite(ctx, ep.id, 'interface-endpoint', at);
  hop(
    ctx,
    ep.id,
    'interface-endpoint',
    'forward',
    () => ({
      owner,
      after: jsonOf(ctx, at),
      rule: `PrivateLink → ${node.lb.id} node ${formatAddr(node.ip)} (${node.az})`,
      detail: `PrivateLink carries it to the ${node.az} node of ${node.lb.id} in the provider's VPC; neither side routes to the other's addresses, so overlapping CIDRs do not matter (PL-7, PL-8)`,
      refs: ['PL-7', 'PL-8'],
    }),
    before,
  );
  ctx.stateful.push(ep.id);
  const lb = node.lb;
  if (lb.hasSecurityGroups) {
    if (lb.enforceOnPrivateLink) {
      // NLB-7, PL-6: the inbound rules are evaluated against the client's private IP, not the endpoint ENI.
      ctx.identity = false;
      if (!sgCheck(st, ctx, node.eni, true)) {
        if (ctx.record)
          ctx.notes.push(
            `${lb.id}: with EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic on, its security groups see the consumer's address ${formatAddr(p.src)}, not the endpoint's: admit the consumers' range, or turn enforcement off (NLB-7)`,
          );
        return done(DROPPED, 'dropped', ctx.lastCode ?? 'ENI_SG_RULES_MISMATCH');
      }
    } else {
      if (ctx.record)
        ctx.notes.push(
          `${lb.id}: inbound security-group rules are not enforced on PrivateLink traffic (NLB-7)`,
        );
      st.sgOf(node.eni.index).admit(true, ctx.pkt);
    }
  }
  return { at: 'lb', node, endpoint: { ep, before } };
}
