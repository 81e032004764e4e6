/**
 * Asymmetry diagnosis: compare the stateful hops (firewall and GWLB endpoints, forwarding instances) of the request
 * and of its reply (NFW-4, RT-15, GWLB-3), say where the reply's path leaves the request's, and suggest the route
 * that makes it symmetric.
 */
import { formatAddr, type Addr } from '../net/addr.js';
import { containsAddr, formatPrefix } from '../net/prefix.js';
import type { CompiledNetwork } from '../dataplane/compiled.js';
import type { WalkResult } from '../dataplane/engine.js';
import type { AsymmetryReport } from './trace-result.js';
import { applianceModeFix } from './tgw-asymmetry.js';

/** Compare the stateful hops of the request and the reply (NFW-4, RT-15, GWLB-3). */
export function asymmetry(
  c: CompiledNetwork,
  fwd: WalkResult,
  back: WalkResult,
): AsymmetryReport | undefined {
  if (sameMembers(fwd.stateful, back.stateful)) return undefined;
  const f = new Set(fwd.stateful);
  const b = new Set(back.stateful);
  const skipped = [...f].filter((x) => !b.has(x));
  const extra = [...b].filter((x) => !f.has(x));
  if (skipped.length === 0 && extra.length === 0) return undefined;
  // TGW-24.2/24.3: the two directions crossed an inspection VPC in different AZs; the fix is appliance mode.
  const tgw = applianceModeFix(c, [...skipped, ...extra]);
  if (tgw) {
    return {
      skipped,
      extra,
      divergedAt: tgw.attachment,
      suggestion: tgw.suggestion,
      code: 'TGW_ATTACH_VPC_AZ_RESTRICTION',
    };
  }
  // RT-11: a gateway route table on either path (known whether or not the walks recorded hops).
  const code =
    fwd.viaGatewayTable || back.viaGatewayTable ? 'INGRESS_RTB_TRAFFIC_REDIRECTION' : 'ASYMMETRIC_ROUTING';
  let divergedAt: string | undefined;
  let suggestion: string | undefined;
  const x = skipped[0];
  if (x !== undefined) {
    // Forward: … X → (X's table) → B …; the reply should go B → (B's table) → X. Find B's table on the reply.
    const i = fwd.tables.findIndex((t) => t.after === x);
    const b = i >= 0 ? (fwd.tables[i + 1]?.after ?? endpointLabel(fwd)) : undefined;
    const t = b !== undefined ? back.tables.find((tb) => tb.after === b) : undefined;
    if (t) {
      divergedAt = t.table;
      const dest = suggestedDestination(c, t.dst, t.route);
      suggestion = `add route ${dest} -> ${x} to ${t.table}`;
    } else if (b !== undefined) {
      divergedAt = b;
    }
  }
  if (suggestion === undefined) {
    // V6-4, V6-5: inbound IPv6 came in through the internet gateway, the reply leaves through the egress-only one.
    const eg = back.hops.find((h) => h.kind === 'egress-only-internet-gateway' && extra.includes(h.id));
    if (eg)
      suggestion = `the request came in through an internet gateway but the reply leaves through egress-only gateway ${eg.id}: serve inbound IPv6 from a subnet whose ::/0 route points to the internet gateway (V6-4, V6-5)`;
  }
  return { skipped, extra, divergedAt, suggestion, code };
}

/** Both lists hold the same components (neither skips nor adds one): the usual symmetric flow, decided without
 * building sets (the lists are a few entries long). */
function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (!b.includes(x)) return false;
  for (const x of b) if (!a.includes(x)) return false;
  return true;
}

/** RT-3: a route more specific than local must be a whole subnet CIDR; outside the VPC keep the matched prefix. */
function suggestedDestination(c: CompiledNetwork, dst: Addr, routeText: string): string {
  for (const s of c.subnets.values()) {
    if (containsAddr(s.prefix, dst)) return formatPrefix(s.prefix);
    if (s.prefix6 && containsAddr(s.prefix6, dst)) return formatPrefix(s.prefix6);
  }
  return routeText.split(' -> ')[0] ?? formatAddr(dst);
}

/** Where a walk ended, as the trace names it (`web`, `internet`, `client:alice`, …). */
export function endpointLabel(w: WalkResult): string | undefined {
  switch (w.end.kind) {
    case 'instance':
      return w.end.instance.id;
    case 'eni':
      return w.end.eni.id;
    case 'internet':
      return 'internet';
    case 'client':
      return `client:${w.end.client}`;
    case 'client-network':
      return 'client-network';
    case 'service':
      return w.end.service;
    case 'amazon-service':
      return w.end.service.id;
    case 'unsupported':
      return w.end.what;
    case 'onprem':
      return w.end.host ?? w.end.network;
    case 'dropped':
      return w.hops[w.hops.length - 1]?.id;
  }
}
