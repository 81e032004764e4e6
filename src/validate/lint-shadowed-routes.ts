/**
 * Lint on route tables, both from longest-prefix match (RT-1):
 * - ROUTE_SHADOWED: a route whose whole destination is covered by more specific routes of the same table (the
 *   VPC's local routes included, RT-2/RT-3), so it never carries a packet. Fix: delete it or narrow the others.
 * - ROUTE_REDUNDANT (info): a route whose next less specific route in the same table sends to the same target, so
 *   removing it changes nothing (for every address it matches, the less specific route picks the same target).
 * Routes to prefix lists are neither judged nor used as cover (their entries are resolved at deploy time, RT-5);
 * a route equal to a VPC CIDR replaces the local route (RT-12) and is judged against the other routes only.
 */
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import { covers, formatPrefix, last4, last6, tryCidr, type Prefix } from '../net/prefix.js';
import type { Network, Route, RouteTable } from '../model/network.js';
import { coveredBy, type Box } from './box-cover.js';

interface Entry {
  readonly prefix: Prefix;
  readonly target: string;
  readonly route?: Route | undefined;
}

function box(p: Prefix): Box {
  return p.family === 4 ? [[BigInt(p.base), BigInt(last4(p))]] : [[p.base, last6(p)]];
}

function targetText(r: Route): string {
  return r.target.kind === 'local' ? 'local' : `${r.target.kind}:${r.target.id ?? ''}`;
}

function entries(rt: RouteTable, vpcCidrs: readonly string[]): Entry[] {
  const out: Entry[] = [];
  const replaced = new Set<string>();
  for (const r of rt.routes) {
    if (r.destination === undefined) continue;
    const p = tryCidr(r.destination);
    if (!p) continue;
    if (vpcCidrs.includes(formatPrefix(p))) replaced.add(formatPrefix(p));
    out.push({ prefix: p, target: targetText(r), route: r });
  }
  for (const c of vpcCidrs) {
    const p = tryCidr(c);
    if (p && !replaced.has(formatPrefix(p))) out.push({ prefix: p, target: 'local' });
  }
  return out;
}

function lintTable(rt: RouteTable, vpcCidrs: readonly string[], out: Diagnostic[]): void {
  const all = entries(rt, vpcCidrs);
  for (const e of all) {
    if (!e.route) continue;
    const same = all.filter((o) => o !== e && o.prefix.family === e.prefix.family);
    const inner = same.filter((o) => o.prefix.len > e.prefix.len && covers(e.prefix, o.prefix));
    const dest = formatPrefix(e.prefix);
    if (
      inner.length > 0 &&
      coveredBy(
        box(e.prefix),
        inner.map((o) => box(o.prefix)),
      )
    ) {
      out.push(
        warning(
          'ROUTE_SHADOWED',
          `route table ${rt.id}: route ${dest} → ${e.target} never carries a packet: more specific routes (${inner.map((o) => `${formatPrefix(o.prefix)} → ${o.target}`).join(', ')}) cover all of ${dest}, and the longest prefix wins (RT-1). Fix: delete the route, or narrow the more specific ones if ${e.target} was meant to carry part of it`,
          e.route.span ?? rt.span,
          { resource: rt.id, ref: 'RT-1' },
        ),
      );
      continue;
    }
    const parents = same.filter((o) => o.prefix.len < e.prefix.len && covers(o.prefix, e.prefix));
    const parent = parents.sort((a, b) => b.prefix.len - a.prefix.len)[0];
    if (parent && parent.target === e.target && e.target !== 'local') {
      out.push({
        severity: 'info',
        code: 'ROUTE_REDUNDANT',
        message: `route table ${rt.id}: route ${dest} → ${e.target} is redundant: the next less specific route ${formatPrefix(parent.prefix)} sends the same addresses to the same target (RT-1). Fix: delete ${dest}, unless it is meant to outrank a propagated route`,
        span: e.route.span ?? rt.span,
        resource: rt.id,
        ref: 'RT-1',
      });
    }
  }
}

/** ROUTE_SHADOWED and ROUTE_REDUNDANT for every route table. */
export function lintShadowedRoutes(net: Network): Diagnostic[] {
  const cidrs = new Map(net.vpcs.map((v) => [v.id, [...v.cidrs, ...(v.ipv6Cidrs ?? [])]] as const));
  for (const v of net.vpcs) if (v.awsId !== undefined) cidrs.set(v.awsId, cidrs.get(v.id) ?? []);
  const out: Diagnostic[] = [];
  for (const rt of net.routeTables) lintTable(rt, cidrs.get(rt.vpc) ?? [], out);
  return out;
}
