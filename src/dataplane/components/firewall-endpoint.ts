/**
 * A Network Firewall endpoint in the walk (NFW-1, NFW-5…NFW-11): the packet is inspected by the firewall's
 * stateless and stateful engines (dataplane/firewall/) and, when it passes, routed on from the endpoint's subnet.
 */
import type { CFirewallEndpoint, CSubnet } from '../compiled.js';
import { formatPacket } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import { inspectPacket } from '../firewall/index.js';
import { crossInto, done, drop, DROPPED, hop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

/** The packet reaches the endpoint's subnet from `from` (NACL-3). */
export function enterFirewallEndpoint(ctx: Ctx, ep: CFirewallEndpoint, from: CSubnet | null): Step {
  if (crossInto(ctx, from, ep.subnet)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  return { at: 'fwe', ep };
}

export function firewallEndpoint(st: TraceState, ctx: Ctx, ep: CFirewallEndpoint): Step {
  const p = ctx.pkt;
  if (!ep.firewall) {
    return drop(ctx, ep.id, 'firewall-endpoint', 'UNKNOWN_RESOURCE', () => ({
      owner: ep.firewallId,
      detail: `firewall ${ep.firewallId} could not be compiled`,
    }));
  }
  const r = inspectPacket(ep.firewall, st.fwOf(ep.firewallId), p, { endpoint: ep.id, direction: ctx.dir });
  if (r.notes) ctx.notes.push(...r.notes.map((n: string) => `${ep.id}: ${n}`));
  if (r.unsupported && r.unsupported.length > 0) ctx.uncertain = true;
  ctx.stateful.push(ep.id);
  if (r.action !== 'pass') {
    hop(ctx, ep.id, 'firewall-endpoint', 'drop', () => ({
      owner: ep.firewallId,
      code: r.code ?? 'FIREWALL_RULES_RESTRICTION',
      rule: r.rule,
      detail: r.detail,
      unsupported: r.unsupported,
      state: r.state,
      refs: r.refs ?? ['NFW-5', 'NFW-8'],
    }));
    return done(DROPPED, 'dropped', r.code ?? 'FIREWALL_RULES_RESTRICTION');
  }
  hop(ctx, ep.id, 'firewall-endpoint', 'forward', () => ({
    owner: ep.firewallId,
    rule: r.rule,
    detail: r.detail,
    unsupported: r.unsupported,
    state: r.state ?? `firewall flow ${formatPacket(p)}`,
    refs: r.refs ?? ['NFW-1', 'NFW-5'],
  }));
  ctx.identity = false;
  ctx.lastComponent = ep.id;
  return { at: 'route', subnet: ep.subnet, from: ep.id };
}
