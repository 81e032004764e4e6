/**
 * The OS of a Gateway Load Balancer appliance on the GENEVE traffic it receives (issue 16 item 3; aws-semantics.md
 * GWLB-5, GWLB-8, NATI-3, NATI-5), when the input gives the appliance an OS configuration (user data, `os:`):
 *
 * - The outer packet (UDP 6081 from the GWLB node to the appliance) arrives on the appliance's interface and goes
 *   through its netfilter hooks like any packet (PREROUTING, routing, INPUT or FORWARD, POSTROUTING).
 * - Forwarded back to the GWLB node's UDP 6081 — AWS's "hairpin" sample appliances DNAT the GENEVE packet to the
 *   node and MASQUERADE it — the appliance returns the flow without looking inside it.
 * - Delivered locally, a GENEVE tunnel endpoint on the appliance (a `geneve` device, gwlbtun, a firewall product)
 *   decapsulates it: the inner packet goes through the appliance's stack as a packet to forward (ip_forward, FORWARD,
 *   conntrack — so `-m state --state ESTABLISHED` admits the reply), modelled as arriving on the same interface
 *   (tunnel interfaces are not in the model: a rule naming one with `-i` does not match), and is sent back re-encapsulated (OUTPUT, POSTROUTING on the outer packet).
 * - Dropped (a DROP/REJECT rule, a DROP policy, forwarding off) — the flow is dropped at the appliance, the rule named.
 *
 * Without an OS configuration the endpoint's configured verdict stands for the appliance (GWLB-3), as before.
 */
import type { ExplanationCode } from '../../diag/codes.js';
import { formatAddr, type Addr } from '../../net/addr.js';
import type { CInstance } from '../compiled.js';
import type { CLbNode } from '../load-balancer/types.js';
import { osReceive, osSend } from '../os/index.js';
import { formatPacket, withPacket, type Packet } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import { done, drop, DROPPED, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { osOutcome } from './eni.js';

/** GWLB-5: the GENEVE port. */
export const GENEVE_PORT = 6081;

/** The GENEVE packet between the node and the appliance (outer header; the client packet rides inside, GWLB-6). */
export function geneve(inner: Packet, from: Addr, to: Addr): Packet {
  return withPacket(inner, { proto: 17, src: from, dst: to, srcPort: GENEVE_PORT, dstPort: GENEVE_PORT });
}

/** What the appliance's OS did: the outer packet it sends back to the node, or the step that ends the walk. */
export type ApplianceOutcome =
  { readonly ok: true; readonly back: Packet } | { readonly ok: false; readonly step: Step };

function osDropped(code: ExplanationCode): ApplianceOutcome {
  return { ok: false, step: done(DROPPED, 'dropped', code) };
}

function notReturned(ctx: Ctx, inst: CInstance, why: string): ApplianceOutcome {
  return {
    ok: false,
    step: drop(ctx, inst.id, 'instance', 'GWLB_APPLIANCE_NOT_RETURNED', () => ({
      rule: 'GENEVE: not sent back to the Gateway Load Balancer',
      detail: `appliance ${inst.id} ${why}; the Gateway Load Balancer never gets the packet back, so the flow is lost (GWLB-8)`,
      refs: ['GWLB-8', 'NATI-5'],
    })),
  };
}

/** Run the appliance's OS on the GENEVE packet from `node` (the appliance has an OS configuration). */
export function applianceOs(
  st: TraceState,
  ctx: Ctx,
  node: CLbNode,
  inst: CInstance,
  inner: Packet,
): ApplianceOutcome {
  const os = inst.os;
  const eni = inst.enis[0];
  if (!os || !eni) return { ok: true, back: geneve(inner, eni?.addrs[0] ?? node.ip, node.ip) };
  const ct = st.osOf(inst.index);
  const outer = geneve(inner, node.ip, eni.addrs[0] ?? node.ip);
  const r = osReceive(os, ct, 0, outer, ctx.record);
  osOutcome(ctx, inst.id, r);
  if (r.kind === 'drop') return osDropped(r.code ?? 'INSTANCE_OS_DROP');
  if (r.kind === 'forward') {
    if (r.packet.dst !== node.ip || r.packet.dstPort !== GENEVE_PORT)
      return notReturned(
        ctx,
        inst,
        `forwards the GENEVE packet to ${formatPacket(r.packet)}, not to the node`,
      );
    hop(ctx, inst.id, 'instance', 'forward', () => ({
      rule: 'GENEVE hairpin',
      detail: `appliance ${inst.id}'s OS sends the GENEVE packet straight back to ${node.lb.id} (${formatAddr(node.ip)}:${GENEVE_PORT}) without decapsulating it: the inner packet ${formatPacket(inner)} is not inspected (GWLB-8)`,
      refs: ['GWLB-8', 'NATI-5'],
    }));
    return { ok: true, back: r.packet };
  }
  // Delivered to the appliance: its GENEVE tunnel endpoint decapsulates, and the inner packet is forwarded.
  const r2 = osReceive(os, ct, 0, inner, ctx.record);
  osOutcome(ctx, inst.id, r2);
  if (r2.kind === 'drop') return osDropped(r2.code ?? 'INSTANCE_OS_DROP');
  if (r2.kind === 'local')
    return notReturned(ctx, inst, `takes the inner packet ${formatPacket(inner)} for itself`);
  if (ctx.record && r2.packet !== inner)
    ctx.notes.push(
      `${inst.id}: the appliance's OS rewrites the inner packet to ${formatPacket(r2.packet)}; a Gateway Load Balancer appliance must return packets unchanged (GWLB-8), so the flow continues with ${formatPacket(inner)} and the rewrite is not modelled`,
    );
  hop(ctx, inst.id, 'instance', 'forward', () => ({
    rule: 'GENEVE: decapsulated, inner packet forwarded',
    detail: `appliance ${inst.id} decapsulates the GENEVE packet; its OS forwards the inner packet ${formatPacket(inner)} (its netfilter rules applied, the tunnel modelled as arriving on eth0) and it goes back to ${node.lb.id} re-encapsulated (GWLB-8, NATI-3)`,
    refs: ['GWLB-8', 'NATI-3', 'NATI-5'],
  }));
  const s = osSend(os, ct, geneve(inner, outer.dst, node.ip), ctx.record);
  osOutcome(ctx, inst.id, s);
  if (s.kind === 'drop') return osDropped(s.code ?? 'INSTANCE_OS_DROP');
  return { ok: true, back: s.packet };
}
