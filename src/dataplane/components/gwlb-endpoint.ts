/**
 * A Gateway Load Balancer endpoint in the walk (GWLB-1, GWLB-3): when the input has the Gateway Load Balancer of its
 * endpoint service, the packet goes through it and one appliance and back (gwlb-appliance.ts, GWLB-5…GWLB-8);
 * otherwise the appliance behind it passes or drops the packet by its configured verdict, and the trace says the
 * load balancer is not in the input. Then the packet is routed on from the endpoint's subnet.
 */
import type { CGwlbEndpoint, CSubnet } from '../compiled.js';
import { flowKey } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import { crossInto, done, drop, DROPPED, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import type { CLoadBalancer } from '../load-balancer/types.js';
import { throughGwlb } from './gwlb-appliance.js';

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
  if (ep.gwlb) return viaGwlb(st, ctx, ep, ep.gwlb, known);
  if (ep.verdict === 'drop') {
    return drop(ctx, ep.id, 'gwlb-endpoint', 'FIREWALL_RULES_RESTRICTION', () => ({
      rule: 'appliance verdict: drop (configured)',
      detail: `the appliance behind Gateway Load Balancer endpoint ${ep.id} drops it (configured verdict, GWLB-3)`,
      refs: ['GWLB-3'],
    }));
  }
  hop(ctx, ep.id, 'gwlb-endpoint', 'forward', () => ({
    rule: known ? 'same flow as an earlier packet' : 'appliance verdict: pass (default)',
    detail: `inspected by the appliance behind ${ep.id} (GWLB-1, GWLB-3; its Gateway Load Balancer and appliances are not in the input, so the configured verdict stands for them)`,
    refs: ['GWLB-1', 'GWLB-3'],
  }));
  ctx.identity = false;
  ctx.lastComponent = ep.id;
  return { at: 'route', subnet: ep.subnet, from: ep.id };
}

/** GWLB-8: with the GWLB and its appliances in the input, the packet goes through them and back to this endpoint. */
function viaGwlb(st: TraceState, ctx: Ctx, ep: CGwlbEndpoint, gwlb: CLoadBalancer, known: boolean): Step {
  hop(ctx, ep.id, 'gwlb-endpoint', 'forward', () => ({
    rule: known ? 'same flow as an earlier packet' : `to ${gwlb.id}`,
    detail: `Gateway Load Balancer endpoint ${ep.id} sends the packet to ${gwlb.id} through its endpoint service (GWLB-8)`,
    refs: ['GWLB-8'],
  }));
  const dropped = throughGwlb(st, ctx, ep, gwlb);
  if (dropped) return dropped;
  hop(ctx, ep.id, 'gwlb-endpoint', 'forward', () => ({
    rule: 'back from the appliance',
    detail: `back at ${ep.id} unchanged; routed on by its subnet's route table (GWLB-8)`,
    refs: ['GWLB-8'],
  }));
  ctx.identity = false;
  ctx.lastComponent = ep.id;
  return { at: 'route', subnet: ep.subnet, from: ep.id };
}
