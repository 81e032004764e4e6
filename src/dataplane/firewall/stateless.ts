/**
 * The stateless engine (NFW-5…NFW-7): rules in group-priority then rule-priority order, first match decides;
 * no match → the policy's stateless default action for full packets. Custom actions never change the verdict.
 * Packets in vpcsim are never fragments, so `StatelessFragmentDefaultActions` is not consulted.
 */
import type { Phase } from './phases.js';
import type { CompiledFirewall, CompiledStatelessRule } from './types.js';

export interface StatelessDecision {
  readonly action: 'aws:pass' | 'aws:drop' | 'aws:forward_to_sfe';
  readonly rule: string;
  readonly custom: readonly string[];
  readonly matched: boolean;
}

function matches(r: CompiledStatelessRule, ph: Phase): boolean {
  const p = ph.pkt;
  if (r.protocols !== undefined && !r.protocols.has(p.proto)) return false;
  // Address sets hold both families; an IPv4 CIDR never matches an IPv6 packet nor the reverse (V6-12).
  if (!r.src.has(p.src) || !r.dst.has(p.dst)) return false;
  const ported = p.proto === 6 || p.proto === 17;
  if (r.sport !== undefined && !(ported && r.sport.has(p.srcPort))) return false;
  if (r.dport !== undefined && !(ported && r.dport.has(p.dstPort))) return false;
  if (r.tcpFlags !== undefined) {
    if (p.proto !== 6) return false;
    if (!r.tcpFlags.some((f) => (ph.flags & f.mask) === f.flags)) return false;
  }
  return true;
}

/** Stateless verdict for one packet. */
export function evaluateStateless(fw: CompiledFirewall, ph: Phase): StatelessDecision {
  for (const r of fw.statelessRules) {
    if (matches(r, ph)) {
      return { action: r.action, rule: `${r.where}: ${r.text}`, custom: r.customActions, matched: true };
    }
  }
  const d = fw.statelessDefault;
  return {
    action: d.action,
    rule: `stateless default action ${[d.action, ...d.custom].join(' + ')}`,
    custom: d.custom,
    matched: false,
  };
}
