/**
 * The stateful engine for one packet (NFW-8…NFW-11).
 *
 * Model: `fw.statefulRules` is already in evaluation order (strict: group priority, rules as written; action
 * order: pass → drop → reject → alert, then priority). The first matching pass/drop/reject decides; alert matches
 * are logged and evaluation continues (NFW-8 [UNCERTAIN], Suricata semantics). No match → strict order applies the
 * stateful default actions (NFW-11), action order passes (NFW-9). A rule on a protocol vpcsim does not detect never
 * matches and is reported when its addresses/ports match; other unsupported options are assumed to match and the
 * decision lists them.
 */
import type { Addr } from '../../net/addr.js';
import type { Phase } from './phases.js';
import type { CompiledFirewall, CompiledStatefulRule, ContentMatch } from './types.js';

export interface StatefulDecision {
  readonly action: 'pass' | 'drop' | 'reject';
  /** What decided: the rule ("<where>: <text>") or the default action. */
  readonly rule: string;
  /** True when a pass rule matched: the whole flow passes from now on (NFW-9). */
  readonly flowPass: boolean;
  /** True when decided by a rule (not a default). */
  readonly byRule: boolean;
  readonly alerts: readonly string[];
  readonly unsupported: readonly string[];
  readonly notes: readonly string[];
}

function contentMatches(c: ContentMatch, ph: Phase): boolean {
  const raw =
    c.buffer === 'tls.sni'
      ? ph.app === 'tls'
        ? ph.sni
        : undefined
      : ph.app === 'http'
        ? ph.host
        : undefined;
  if (raw === undefined) return false;
  let s = c.buffer === 'http.host' ? raw.toLowerCase() : raw;
  if (c.dotprefix) s = `.${s}`;
  if (c.nocase) s = s.toLowerCase();
  let m: boolean;
  if (c.startswith && c.endswith) m = s === c.content;
  else if (c.startswith) m = s.startsWith(c.content);
  else if (c.endswith) m = s.endsWith(c.content);
  else m = s.includes(c.content);
  return m !== c.negate;
}

function oneWay(r: CompiledStatefulRule, ported: boolean, s: Addr, sp: number, d: Addr, dp: number): boolean {
  // Address sets hold both families (V6-12): `any` matches either, a CIDR only its own family.
  if (!r.src.has(s) || !r.dst.has(d)) return false;
  return ported ? r.sport.has(sp) && r.dport.has(dp) : r.sport.isAll && r.dport.isAll;
}

/** Does the rule's header (protocol, addresses, ports, direction) match the packet? */
export function headerMatches(r: CompiledStatefulRule, ph: Phase, ignoreProto = false): boolean {
  const p = ph.pkt;
  if (!ignoreProto && r.ipProto !== -1 && p.proto !== r.ipProto && p.proto !== r.ipProtoAlso) return false;
  if (r.family !== undefined && (typeof p.src === 'number' ? 4 : 6) !== r.family) return false;
  const ported = p.proto === 6 || p.proto === 17;
  if (oneWay(r, ported, p.src, p.srcPort, p.dst, p.dstPort)) return true;
  return r.bidirectional && oneWay(r, ported, p.dst, p.dstPort, p.src, p.srcPort);
}

/** Does the rule match the packet (header, app protocol, flow, ip_proto, contents)? */
export function ruleMatches(r: CompiledStatefulRule, ph: Phase): boolean {
  if (r.undetectedProto !== undefined) return false;
  if (r.app !== undefined) {
    if (ph.app !== r.app) return false;
    if (r.app === 'dns' && ph.pkt.proto !== 6 && ph.pkt.proto !== 17) return false;
  }
  if (r.established !== undefined && r.established !== ph.established) return false;
  if (r.toServer !== undefined && r.toServer !== ph.toServer) return false;
  if (r.clientHello && !(ph.app === 'tls' && ph.toServer && !ph.handshake)) return false;
  if (r.ipProtoOption && (ph.pkt.proto === r.ipProtoOption.proto) === r.ipProtoOption.negate) return false;
  if (!headerMatches(r, ph)) return false;
  for (const c of r.contents) if (!contentMatches(c, ph)) return false;
  return true;
}

function sidLabel(r: CompiledStatefulRule): string {
  return `sid ${r.sid ?? '?'} (${r.group})`;
}

/** Is this unmatched packet dropped by a drop_established default? (NFW-11) */
function establishedClientData(ph: Phase): boolean {
  if (ph.pkt.proto === 6) return ph.established && ph.toServer && !ph.handshake;
  // UDP/ICMP count as established only after both directions: drop_established effectively drops them.
  return ph.toServer;
}

/** Stateful verdict for one packet of a flow that is neither passed nor dropped yet. */
export function evaluateStateful(fw: CompiledFirewall, ph: Phase): StatefulDecision {
  const alerts: string[] = [];
  const unsupported: string[] = [];
  const notes: string[] = [];
  // Candidates from the index, merged in ascending evaluation position (same result as scanning every rule).
  const rules = fw.statefulRules;
  const scan = fw.statefulIndex.scan;
  // Destination-indexed rules hold IPv4 destinations only (rule-index.ts): an IPv6 packet gets none of them.
  const byDst = fw.statefulIndex.byDestination(typeof ph.pkt.dst === 'number' ? ph.pkt.dst : -1);
  const byContent = fw.statefulIndex.byContent(ph);
  let a = 0;
  let b = 0;
  let c = 0;
  for (;;) {
    const x = a < scan.length ? (scan[a] as number) : Infinity;
    const y = b < byDst.length ? (byDst[b] as number) : Infinity;
    const z = c < byContent.length ? (byContent[c] as number) : Infinity;
    const i = Math.min(x, y, z);
    if (i === Infinity) break;
    if (i === x) a++;
    if (i === y) b++;
    if (i === z) c++;
    const r = rules[i] as CompiledStatefulRule;
    if (r.undetectedProto !== undefined) {
      if (headerMatches(r, ph, true)) {
        unsupported.push(
          `${sidLabel(r)}: protocol ${r.undetectedProto} is not simulated; this ${r.action} rule was skipped`,
        );
      }
      continue;
    }
    if (!ruleMatches(r, ph)) continue;
    for (const u of r.unsupported) unsupported.push(`${sidLabel(r)}: ${u} not evaluated (assumed to match)`);
    const rule = `${r.where}: ${r.text}`;
    if (r.action === 'alert') {
      alerts.push(rule);
      continue;
    }
    if (r.action === 'pass')
      return { action: 'pass', rule, flowPass: true, byRule: true, alerts, unsupported, notes };
    if (r.action === 'reject' && ph.pkt.proto !== 6) {
      notes.push(
        'reject sends a TCP reset and applies to TCP only; for other protocols the packet is dropped (NFW-8)',
      );
      return { action: 'drop', rule, flowPass: false, byRule: true, alerts, unsupported, notes };
    }
    return { action: r.action, rule, flowPass: false, byRule: true, alerts, unsupported, notes };
  }
  if (fw.ruleOrder === 'DEFAULT_ACTION_ORDER') {
    return {
      action: 'pass',
      rule: 'no stateful rule matched: in action order unmatched packets pass (NFW-9)',
      flowPass: false,
      byRule: false,
      alerts,
      unsupported,
      notes,
    };
  }
  const d = fw.statefulDefaults;
  const alertText = d.alerts.length > 0 ? ` (alert defaults ${d.alerts.join(', ')} only log)` : '';
  if (d.drop === 'aws:drop_strict') {
    return {
      action: 'drop',
      rule: 'default action aws:drop_strict',
      flowPass: false,
      byRule: false,
      alerts,
      unsupported,
      notes,
    };
  }
  if (d.drop !== undefined) {
    if (establishedClientData(ph)) {
      if (ph.pkt.proto !== 6) {
        notes.push(
          `${d.drop} drops UDP/ICMP flows that no rule passes: they count as established only after both directions are seen (NFW-11)`,
        );
      }
      if (d.drop === 'aws:drop_established_app_layer') {
        notes.push('aws:drop_established_app_layer is evaluated like aws:drop_established');
      }
      return {
        action: 'drop',
        rule: `default action ${d.drop}`,
        flowPass: false,
        byRule: false,
        alerts,
        unsupported,
        notes,
      };
    }
    return {
      action: 'pass',
      rule: `no stateful rule matched; default action ${d.drop} lets ${ph.handshake ? 'connection-setup packets' : 'server-to-client packets'} through (NFW-11)${alertText}`,
      flowPass: false,
      byRule: false,
      alerts,
      unsupported,
      notes,
    };
  }
  return {
    action: 'pass',
    rule: `no stateful rule matched and no drop default action: the packet passes (NFW-11)${alertText}`,
    flowPass: false,
    byRule: false,
    alerts,
    unsupported,
    notes,
  };
}
