/**
 * A Gateway Load Balancer endpoint in the walk (GWLB-1, GWLB-3): the appliance behind it passes or drops the packet
 * by its configured verdict (the path through the load balancer itself is not modelled), then the packet is routed
 * on from the endpoint's subnet.
 */
import type { CGwlbEndpoint, CSubnet } from '../compiled.js';
import { flowKey } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import { crossInto, done, drop, DROPPED, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

/** The packet reaches the endpoint's subnet from `from` (NACL-3). */
export function enterGwlbEndpoint(ctx: Ctx, ep: CGwlbEndpoint, from: CSubnet | null): Step {
  if (crossInto(ctx, from, ep.subnet)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  return { at: 'gwlbe', ep };
}

export function gwlbEndpoint(st: TraceState, ctx: Ctx, ep: CGwlbEndpoint): Step {
  const p = ctx.pkt;
  const flows = st.gwlbOf(ep.index);
  const key = flowKey(p);
  const known = flows.has(key);
  flows.add(key);
  ctx.stateful.push(ep.id);
  if (ep.verdict === 'drop') {
    return drop(ctx, ep.id, 'gwlb-endpoint', 'FIREWALL_RULES_RESTRICTION', () => ({
      rule: 'appliance verdict: drop (configured)',
      detail: `the appliance behind Gateway Load Balancer endpoint ${ep.id} drops it (configured verdict, GWLB-3)`,
      refs: ['GWLB-3'],
    }));
  }
  hop(ctx, ep.id, 'gwlb-endpoint', 'forward', () => ({
    rule: known ? 'same flow as an earlier packet' : 'appliance verdict: pass (default)',
    detail: `inspected by the appliance behind ${ep.id} (GWLB-1, GWLB-3; the path through the load balancer is not modelled)`,
    refs: ['GWLB-1', 'GWLB-3'],
  }));
  ctx.identity = false;
  ctx.lastComponent = ep.id;
  return { at: 'route', subnet: ep.subnet, from: ep.id };
}
