/**
 * The Gateway Load Balancer behind a GWLB endpoint, when the input has it (GWLB-5…GWLB-8): the endpoint hands the
 * packet to the GWLB node in its AZ, whose GENEVE listener's target group names the appliances; one appliance is
 * chosen per flow by a symmetric hash of the 5-tuple (3-tuple for other protocols), so a flow and its reply reach the
 * same appliance (GWLB-7). The GENEVE leg (UDP 6081, node ↔ appliance) crosses the network ACLs of both subnets and
 * the appliance's security group, both ways (GWLB-5); the appliance's verdict is its OS on the GENEVE traffic when the
 * input gives it one (gwlb-appliance-os.ts), else the endpoint's configured one (the trace says so); the packet comes
 * back to the same endpoint unchanged (GWLB-8).
 */
import { formatAddr } from '../../net/addr.js';
import type { CGwlbEndpoint } from '../compiled.js';
import type { CLbNode, CLbTarget, CLoadBalancer } from '../load-balancer/types.js';
import type { Packet } from '../packet.js';
import { applianceOs, geneve, GENEVE_PORT, type ApplianceOutcome } from './gwlb-appliance-os.js';
import type { TraceState } from '../trace-state.js';
import { crossInto, done, drop, DROPPED, hop, sgCheck, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { crossZoneFor, eligibleTargets } from '../load-balancer/targets.js';

/** GWLB-7: the same number for a flow and its reply — 5-tuple for TCP/UDP, 3-tuple otherwise. */
export function flowHash(p: Packet): number {
  const ported = p.proto === 6 || p.proto === 17;
  const a = `${String(p.src)}:${ported ? p.srcPort : ''}`;
  const b = `${String(p.dst)}:${ported ? p.dstPort : ''}`;
  const key = `${p.proto}|${a < b ? a : b}|${a < b ? b : a}`;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** The GWLB node the endpoint reaches: the one in its AZ (GWLB-8: one endpoint, one AZ), else the first. */
function nodeFor(gwlb: CLoadBalancer, ep: CGwlbEndpoint): CLbNode | undefined {
  return gwlb.nodes.find((n) => n.az === ep.subnet.az) ?? gwlb.nodes[0];
}

/**
 * Through the GWLB and one appliance and back. Returns a drop step, or undefined when the packet is back at the
 * endpoint (unchanged) and continues by the endpoint subnet's route table.
 */
export function throughGwlb(
  st: TraceState,
  ctx: Ctx,
  ep: CGwlbEndpoint,
  gwlb: CLoadBalancer,
): Step | undefined {
  const inner = ctx.pkt;
  const node = nodeFor(gwlb, ep);
  const listener = gwlb.listeners[0];
  const tg = listener?.rules[0]?.groups[0];
  if (!node || !listener || !tg)
    return drop(ctx, gwlb.id, 'load-balancer', 'ELBV2_LISTENER_HAS_NO_TG', () => ({
      detail: `${gwlb.id} has ${!node ? 'no node' : !listener ? 'no listener' : 'no target group behind its listener'}: the endpoint ${ep.id} reaches no appliance (GWLB-5)`,
      refs: ['GWLB-5'],
    }));
  const usable = eligibleTargets(node, tg.targets, crossZoneFor(gwlb, tg)).targets.filter((t) => t.instance);
  if (usable.length === 0)
    return drop(ctx, gwlb.id, 'load-balancer', 'ELBV2_NO_TARGETS_IN_AZ', () => ({
      owner: node.eni.id,
      detail: `${tg.id} has no appliance ${node.lb.crossZone ? '' : `in ${node.az} `}that the GWLB node may use (GWLB-5, ELB-2)`,
      refs: ['GWLB-5', 'ELB-2'],
    }));
  const t = usable[flowHash(inner) % usable.length] as CLbTarget;
  hop(ctx, gwlb.id, 'load-balancer', 'forward', () => ({
    owner: node.eni.id,
    rule: listener.text,
    detail: `${ep.id} hands the packet to ${gwlb.id} (node in ${node.az}), which listens for every packet (GWLB-5, GWLB-8)`,
    refs: ['GWLB-5', 'GWLB-8'],
  }));
  hop(ctx, tg.id, 'target-group', 'forward', () => ({
    rule: `${t.id} ${formatAddr(t.ip)}`,
    detail: `the flow goes to ${t.id} (one of ${usable.length}, chosen by a symmetric hash of the ${inner.proto === 6 || inner.proto === 17 ? '5' : '3'}-tuple so the reply reaches the same appliance, GWLB-7), encapsulated in GENEVE UDP ${GENEVE_PORT} from ${formatAddr(node.ip)} (GWLB-5, GWLB-6)`,
    refs: ['GWLB-7', 'GWLB-5', 'GWLB-6'],
  }));
  const eni = t.instance?.enis[0];
  if (!eni) return undefined;
  // The GENEVE leg in: node subnet NACL out, appliance subnet NACL in, the appliance's SG in (GWLB-5).
  ctx.pkt = geneve(inner, node.ip, t.ip);
  ctx.identity = true;
  if (crossInto(ctx, node.eni.subnet, eni.subnet) || !sgCheck(st, ctx, eni, true)) {
    ctx.pkt = inner;
    return done(DROPPED, 'dropped', ctx.lastCode ?? 'SUBNET_ACL_RESTRICTION');
  }
  ctx.pkt = inner;
  const back = appliance(st, ctx, node, t, ep, gwlb.id);
  if (!back.ok) return back.step;
  // The GENEVE leg back: the appliance's SG out, its subnet's NACL out, the node subnet's NACL in.
  ctx.pkt = back.back;
  if (!sgCheck(st, ctx, eni, false) || crossInto(ctx, eni.subnet, node.eni.subnet)) {
    ctx.pkt = inner;
    return done(DROPPED, 'dropped', ctx.lastCode ?? 'SUBNET_ACL_RESTRICTION');
  }
  ctx.pkt = inner;
  hop(ctx, gwlb.id, 'load-balancer', 'forward', () => ({
    owner: node.eni.id,
    detail: `${gwlb.id} sends the packet back to the same endpoint ${ep.id}, addresses unchanged (GWLB-8)`,
    refs: ['GWLB-8'],
  }));
  return undefined;
}

/** The appliance's verdict: its OS when the input gives one, else the endpoint's configured verdict (GWLB-3). */
function appliance(
  st: TraceState,
  ctx: Ctx,
  node: CLbNode,
  t: CLbTarget,
  ep: CGwlbEndpoint,
  gwlbId: string,
): ApplianceOutcome {
  const inner = ctx.pkt;
  const inst = t.instance;
  if (inst?.hasOs && inst.os) return applianceOs(st, ctx, node, inst, inner);
  if (ep.verdict === 'drop')
    return {
      ok: false,
      step: drop(ctx, t.id, 'instance', 'FIREWALL_RULES_RESTRICTION', () => ({
        rule: 'appliance verdict: drop (configured)',
        detail: `appliance ${t.id} drops it (the endpoint's configured verdict: the input gives the appliance no OS configuration to evaluate, GWLB-3)`,
        refs: ['GWLB-3'],
      })),
    };
  hop(ctx, t.id, 'instance', 'forward', () => ({
    rule: 'appliance verdict: pass',
    detail: `appliance ${t.id} returns the packet to ${gwlbId} unchanged (the endpoint's configured verdict: the input gives the appliance no OS configuration to evaluate, GWLB-3, GWLB-8)`,
    refs: ['GWLB-3', 'GWLB-8'],
  }));
  return { ok: true, back: geneve(inner, t.ip, node.ip) };
}
