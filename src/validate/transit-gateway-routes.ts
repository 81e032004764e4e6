/**
 * Lint: missing return routes between VPCs attached to one transit gateway (TGW-17, ONPREM-2; RA
 * RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY). When the table associated with attachment A sends VPC B's CIDR
 * straight to B's attachment, the reply needs (1) a route for A's VPC in the table associated with B, and (2) a
 * route for A's VPC in every route table of B's subnets that already sends something to the gateway. Each gap is
 * one warning with the route that fixes it. Paths through an inspection attachment are left to the trace.
 */
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import { contains4, formatPrefix, tryCidr4, type Prefix4 } from '../net/prefix.js';
import type { Network, RouteTable } from '../model/network.js';
import type { TgwAttachment } from '../model/transit-gateway.js';
import type { Associations } from '../associations/resolve.js';
import type { TgwAssociations } from '../associations/transit-gateway.js';
import { tgwRouteSources } from '../associations/tgw-routes.js';
import {
  compileTgwRoutes,
  lookupTgwRoute,
  type CTgwRouteTable,
} from '../dataplane/transit-gateway/route-table.js';

type Table = CTgwRouteTable<{ readonly id: string }>;

/** Does a VPC route table have any route (other than local) covering `addr`? */
function vpcTableCovers(rt: RouteTable, addr: number, vpcCidrs: readonly Prefix4[]): boolean {
  if (vpcCidrs.some((c) => contains4(c, addr))) return true;
  return rt.routes.some((r) => {
    const p = r.destination !== undefined ? tryCidr4(r.destination) : null;
    return r.destinationPrefixList !== undefined || (p !== null && contains4(p, addr));
  });
}

export function validateTgwReturnRoutes(
  net: Network,
  assoc: Associations,
  tgwa: TgwAssociations,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const compiled = new Map<string, Table>();
  const table = (id: string): Table => {
    let t = compiled.get(id);
    if (!t) {
      t = compileTgwRoutes(
        id,
        tgwRouteSources(net, tgwa, id).map((s) => ({
          dest: s.dest,
          attachment: s.attachment === null ? null : { id: s.attachment },
          origin: s.origin,
          destText: s.destText,
        })),
      );
      compiled.set(id, t);
    }
    return t;
  };
  const vpcAtts = (net.transitGatewayAttachments ?? []).filter(
    (a) => a.kind === 'vpc' && a.vpc !== undefined,
  );
  const cidrsOf = (a: TgwAttachment): Prefix4[] =>
    (net.vpcs.find((v) => v.id === a.vpc)?.cidrs ?? []).map(tryCidr4).filter((p): p is Prefix4 => p !== null);
  const reported = new Set<string>();
  for (const a of vpcAtts) {
    const ta = tgwa.associationOf.get(a.id);
    const aCidr = cidrsOf(a)[0];
    if (!ta || !aCidr) continue;
    for (const b of vpcAtts) {
      const bCidr = cidrsOf(b)[0];
      if (b === a || b.transitGateway !== a.transitGateway || !bCidr) continue;
      if (lookupTgwRoute(table(ta.table), bCidr.base, false).route?.attachment?.id !== b.id) continue;
      const tb = tgwa.associationOf.get(b.id);
      if (tb && lookupTgwRoute(table(tb.table), aCidr.base, false).route === undefined) {
        const key = `${tb.table}|${a.id}`;
        if (!reported.has(key)) {
          reported.add(key);
          out.push(
            warning(
              'TGW_RETURN_ROUTE_MISSING',
              `${tb.table} (associated with ${b.id}) has no route to ${formatPrefix(aCidr)} of ${a.vpc ?? ''}: ${b.vpc ?? ''} is reachable from ${a.vpc ?? ''} through ${ta.table}, but replies are dropped at the gateway (TGW-17); propagate ${a.id} into ${tb.table} or add a static route ${formatPrefix(aCidr)} -> ${a.id}`,
              tgwa.tables.get(tb.table)?.span,
              { resource: tb.table, ref: 'TGW-17' },
            ),
          );
        }
      }
      out.push(...spokeTables(net, assoc, a, b, aCidr, reported));
    }
  }
  return out;
}

/** The route tables of B's subnets that use the gateway but have no route back to A's VPC. */
function spokeTables(
  net: Network,
  assoc: Associations,
  a: TgwAttachment,
  b: TgwAttachment,
  aCidr: Prefix4,
  reported: Set<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bVpc = net.vpcs.find((v) => v.id === b.vpc);
  if (!bVpc) return out;
  const bCidrs = bVpc.cidrs.map(tryCidr4).filter((p): p is Prefix4 => p !== null);
  const tgw = b.transitGateway;
  const tgwAws = (net.transitGateways ?? []).find((g) => g.id === tgw)?.awsId;
  for (const s of net.subnets) {
    if (s.vpc !== bVpc.id) continue;
    const rtId = assoc.subnets.get(s.id)?.routeTable.id;
    const rt = rtId !== undefined ? assoc.routeTables.get(rtId) : undefined;
    if (!rt || reported.has(`${rt.id}|${a.id}`)) continue;
    const usesTgw = rt.routes.some(
      (r) => r.target.kind === 'transit-gateway' && (r.target.id === tgw || r.target.id === tgwAws),
    );
    if (!usesTgw || vpcTableCovers(rt, aCidr.base, bCidrs)) continue;
    reported.add(`${rt.id}|${a.id}`);
    out.push(
      warning(
        'TGW_RETURN_ROUTE_MISSING',
        `route table ${rt.id} of ${bVpc.id} sends traffic to ${tgw} but has no route to ${formatPrefix(aCidr)} (${a.vpc ?? ''}, reachable through ${tgw}): replies to it are dropped (TGW-17); add ${formatPrefix(aCidr)} -> ${tgw}`,
        rt.span,
        { resource: rt.id, ref: 'TGW-17' },
      ),
    );
  }
  return out;
}
