/**
 * Which listener takes a packet (NLB-2, ALB-3, CLB-1, GWLB-1) and which ALB rule picks the target group (ALB-3).
 * Pure functions over compiled listeners.
 */
import type { ListenerProtocol } from '../../model/load-balancer.js';
import type { CListener, CListenerRule, CLoadBalancer } from './types.js';

/** IP protocols a listener protocol carries (NLB-2: TCP_UDP both; TLS and HTTP(S) are TCP; QUIC is UDP). */
export function listenerCarries(protocol: ListenerProtocol, ipProto: number): boolean {
  switch (protocol) {
    case 'TCP':
    case 'TLS':
    case 'HTTP':
    case 'HTTPS':
    case 'SSL':
      return ipProto === 6;
    case 'UDP':
    case 'QUIC':
      return ipProto === 17;
    case 'TCP_UDP':
    case 'TCP_QUIC':
      return ipProto === 6 || ipProto === 17;
    case 'GENEVE':
      return true; // GWLB-1: all IP packets on all ports
  }
}

/** The listener of `lb` that takes (protocol, destination port), if any (NLB-2: ELBV2_LISTENERS_MISMATCH). */
export function matchListener(lb: CLoadBalancer, ipProto: number, port: number): CListener | undefined {
  return lb.listeners.find(
    (l) => (l.port === undefined || l.port === port) && listenerCarries(l.protocol, ipProto),
  );
}

/** AWS host-header / path-pattern wildcards: `*` any run of characters, `?` exactly one (ALB-3). */
export function wildcardMatch(pattern: string, text: string, ignoreCase: boolean): boolean {
  const esc = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${esc}$`, ignoreCase ? 'i' : '').test(text);
}

export interface RuleChoice {
  /** The rule that applies; undefined when no rule (and no default) applies. */
  readonly rule: CListenerRule | undefined;
  /** Rules passed over because a condition could not be evaluated (no --host / --path, or other conditions). */
  readonly unevaluated: readonly string[];
}

/**
 * ALB-3: rules in ascending priority, the default rule (no conditions) last. A host condition is evaluated only
 * against the flow's Host, a path condition only against its path; a rule whose condition cannot be evaluated
 * (value not given, or a condition vpcsim does not evaluate) does not match and is listed in `unevaluated`.
 */
export function selectRule(
  listener: CListener,
  host: string | undefined,
  path: string | undefined,
): RuleChoice {
  const unevaluated: string[] = [];
  for (const r of listener.rules) {
    if (r.other.length > 0) {
      unevaluated.push(r.text);
      continue;
    }
    if (r.hosts.length > 0) {
      if (host === undefined) {
        unevaluated.push(r.text);
        continue;
      }
      const h = host.replace(/:\d+$/, '');
      if (!r.hosts.some((p) => wildcardMatch(p, h, true))) continue;
    }
    if (r.paths.length > 0) {
      if (path === undefined) {
        unevaluated.push(r.text);
        continue;
      }
      if (!r.paths.some((p) => wildcardMatch(p, path, false))) continue;
    }
    return { rule: r, unevaluated };
  }
  return { rule: undefined, unevaluated };
}
