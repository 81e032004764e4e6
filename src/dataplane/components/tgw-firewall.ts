/**
 * A transit-gateway-attached Network Firewall in the walk (TGW-15): a route of a transit gateway route table sends
 * the packet to the firewall's network function attachment; the firewall inspects it (NFW-5…NFW-11) at its endpoint
 * in the AZ appliance mode picks — always on for this attachment, one endpoint per flow for both directions
 * (TGW-15, TGW-24.3) — and, when it passes, the packet re-enters the gateway through the same attachment, so the
 * route table associated with it decides next (TGW-15, TGW-17). The endpoint is named `<firewall>@<AZ>`.
 */
import { formatPacket, flowKey } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import { inspectPacket } from '../firewall/index.js';
import type { CTgwAttachment } from '../transit-gateway/compiled.js';
import { egressAz } from '../transit-gateway/az.js';
import { done, drop, DROPPED, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

/** The gateway sent the packet to network function attachment `att`, having entered it in `entryAz`. */
export function tgwFirewall(
  st: TraceState,
  ctx: Ctx,
  att: CTgwAttachment,
  entryAz: string | undefined,
): Step {
  const fw = att.firewall;
  const key = `${att.id}|${flowKey(ctx.pkt)}`;
  const choice = egressAz(att.azs, true, entryAz, st.tgwPins.get(key));
  if (!fw || !choice) {
    return drop(ctx, att.id, 'transit-gateway-attachment', 'TGW_ATTACH_VPC_AZ_RESTRICTION', () => ({
      owner: att.tgw.id,
      detail: `network function attachment ${att.id} has no firewall endpoint in any AZ (AvailabilityZoneMappings, TGW-15)`,
      refs: ['TGW-15'],
    }));
  }
  st.tgwPins.set(key, choice.az);
  const endpoint = `${fw.id}@${choice.az}`;
  if (!fw.compiled) {
    return drop(ctx, endpoint, 'firewall-endpoint', 'UNKNOWN_RESOURCE', () => ({
      owner: fw.id,
      detail: `firewall ${fw.id} could not be compiled`,
    }));
  }
  if (ctx.record && choice.hashed && att.azs.length > 1)
    ctx.notes.push(
      `${att.id} (network function, appliance mode always on, TGW-15) picks one firewall endpoint per flow by a hash AWS does not specify (TGW-24.3); vpcsim assumes ${choice.az}`,
    );
  const r = inspectPacket(fw.compiled, st.fwOf(fw.id), ctx.pkt, { endpoint, direction: ctx.dir });
  if (r.notes) ctx.notes.push(...r.notes.map((n: string) => `${endpoint}: ${n}`));
  if (r.unsupported && r.unsupported.length > 0) ctx.uncertain = true;
  ctx.stateful.push(endpoint);
  if (r.action !== 'pass') {
    hop(ctx, endpoint, 'firewall-endpoint', 'drop', () => ({
      owner: fw.id,
      code: r.code ?? 'FIREWALL_RULES_RESTRICTION',
      rule: r.rule,
      detail: r.detail,
      unsupported: r.unsupported,
      state: r.state,
      refs: r.refs ?? ['NFW-5', 'NFW-8', 'TGW-15'],
    }));
    return done(DROPPED, 'dropped', r.code ?? 'FIREWALL_RULES_RESTRICTION');
  }
  hop(ctx, endpoint, 'firewall-endpoint', 'forward', () => ({
    owner: fw.id,
    rule: r.rule,
    detail: `${r.detail}; the transit-gateway-attached firewall hands it back to ${att.tgw.id} through ${att.id}, whose associated route table decides next (TGW-15)`,
    unsupported: r.unsupported,
    state: r.state ?? `firewall flow ${formatPacket(ctx.pkt)}`,
    refs: r.refs ?? ['NFW-5', 'TGW-15'],
  }));
  ctx.identity = false;
  ctx.lastComponent = endpoint;
  // TGW-24.4: it re-enters the gateway in the AZ of the endpoint it came through.
  return { at: 'tgw', att, az: choice.az };
}
