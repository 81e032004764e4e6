/**
 * Which targets a load-balancer node may send to (ELB-1, ELB-2), in the order the trace tries them, and whether
 * the client's address is kept (NLB-3, NLB-4, ALB-1, CLB-1, PL-6). Pure functions over compiled load balancers.
 */
import type { CLbNode, CLbTarget, CLoadBalancer, CTargetGroup } from './types.js';

/** ELB-2: cross-zone in effect for a target group: its own setting, else the load balancer's. ALB is always on at
 * load-balancer level; a target group may turn it off. */
export function crossZoneFor(lb: CLoadBalancer, tg: CTargetGroup | undefined): boolean {
  return tg?.crossZone ?? lb.crossZone;
}

export interface Eligible {
  /** Targets the node may pick: those in its own AZ (or `all`) first, then — cross-zone on — the others. */
  readonly targets: readonly CLbTarget[];
  /** Targets the node may not pick because cross-zone is off (ELB_NOT_CROSSZONE). */
  readonly otherAz: readonly CLbTarget[];
  /** Targets in AZs where the load balancer has no node at all (ELB-1: ELB_INSTALLED_AZ_RESTRICTION). */
  readonly noNode: readonly CLbTarget[];
}

/** The targets `node` may forward to, from `targets` (of a target group, or a Classic LB's instances). */
export function eligibleTargets(node: CLbNode, targets: readonly CLbTarget[], crossZone: boolean): Eligible {
  const azs = new Set(node.lb.nodes.map((n) => n.az));
  const same: CLbTarget[] = [];
  const other: CLbTarget[] = [];
  const noNode: CLbTarget[] = [];
  for (const t of targets) {
    if (t.az === node.az || t.az === 'all') same.push(t);
    else if (!azs.has(t.az)) noNode.push(t);
    else other.push(t);
  }
  return crossZone
    ? { targets: [...same, ...other], otherAz: [], noNode }
    : { targets: same, otherAz: other, noNode };
}

export type SourceChoice =
  | { readonly kind: 'client'; readonly reason: string; readonly refs: readonly string[] }
  | { readonly kind: 'node'; readonly reason: string; readonly refs: readonly string[] };

/**
 * The source address the target sees. NLB: the client's (preservation on, NLB-3) or the node's private IP
 * (off, NLB-4; always for PrivateLink, PL-6). ALB and Classic LB are proxies: always the node (ALB-1, CLB-1).
 */
export function sourceSeenByTarget(
  lb: CLoadBalancer,
  tg: CTargetGroup | undefined,
  viaPrivateLink: boolean,
): SourceChoice {
  if (lb.type === 'application' || lb.type === 'classic')
    return {
      kind: 'node',
      reason: `${lb.type === 'application' ? 'an Application' : 'a Classic'} Load Balancer is a proxy: it ends the client's connection and opens a new one from the node's private address (${lb.type === 'application' ? 'ALB-1' : 'CLB-1'})`,
      refs: [lb.type === 'application' ? 'ALB-1' : 'CLB-1'],
    };
  if (lb.type === 'gateway')
    return {
      kind: 'client',
      reason: 'a Gateway Load Balancer keeps addresses unchanged (GWLB-8)',
      refs: ['GWLB-8'],
    };
  if (viaPrivateLink)
    return {
      kind: 'node',
      reason:
        "PrivateLink traffic always reaches targets from the NLB's private address, whatever the preservation setting (NLB-4, PL-6)",
      refs: ['NLB-4', 'PL-6'],
    };
  if (!tg || tg.preserveClientIp) {
    const how = tg?.preserveExplicit
      ? 'on in the target group'
      : `on by default for ${tg?.type ?? 'this'} target groups${tg?.type === 'ip' ? ` with ${tg.protocol ?? 'UDP'}` : ''}`;
    return {
      kind: 'client',
      reason: `client IP preservation is ${how}: the source stays the client's address (NLB-3)`,
      refs: ['NLB-3'],
    };
  }
  const how = tg.preserveExplicit
    ? 'off in the target group'
    : `off by default for ip target groups with ${tg.protocol ?? 'TCP'}`;
  return {
    kind: 'node',
    reason: `client IP preservation is ${how}: the source becomes the node's private address and the source port is remapped (NLB-3, NLB-4)`,
    refs: ['NLB-3', 'NLB-4'],
  };
}

/** A representative remapped source port (REMAP_EPHEMERAL_PORT: 1024–65535): the client's port when in range. */
export function remappedPort(port: number): number {
  return port >= 1024 ? port : 1024 + port;
}
