/**
 * Lint: a peering connection routed on one side only. Both sides must add routes to the peering (PCX-4) and replies
 * follow the replying VPC's own route table (PCX-5). For each subnet A that routes part of the peer VPC to the
 * peering, every peer subnet B inside that destination needs, in its effective route table (RT-9), a longest-prefix
 * route for A's CIDR that targets the same peering; otherwise the replies (and B-initiated traffic) go elsewhere —
 * usually nowhere. The fix is the exact route to add.
 */
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import { covers, overlaps, tryCidr, type Prefix } from '../net/prefix.js';
import type { Network, PeeringConnection, Route, RouteTable, Subnet } from '../model/network.js';
import type { Associations } from '../associations/resolve.js';

/** A route table's routes with their destinations parsed (once per table, not once per subnet pair). */
type ParsedRoutes = readonly (readonly [Prefix, Route])[];

function parseRoutes(rt: RouteTable): ParsedRoutes {
  const out: (readonly [Prefix, Route])[] = [];
  for (const r of rt.routes) {
    const p = r.destination !== undefined ? tryCidr(r.destination) : null;
    if (p) out.push([p, r]);
  }
  return out;
}

/** The longest-prefix route of `routes` that covers all of `dest` (local routes of `vpcCidrs` included), if any. */
function lpmFor(
  routes: ParsedRoutes,
  vpcCidrs: readonly Prefix[],
  dest: Prefix,
): Route | 'local' | undefined {
  let best: { len: number; r: Route | 'local' } | undefined;
  for (const p of vpcCidrs)
    if (covers(p, dest) && (!best || p.len > best.len)) best = { len: p.len, r: 'local' };
  for (const [p, r] of routes) {
    if (covers(p, dest) && (!best || p.len >= best.len)) best = { len: p.len, r };
  }
  return best?.r;
}

function peeringOf(r: Route, byId: ReadonlyMap<string, PeeringConnection>): PeeringConnection | undefined {
  return r.target.kind === 'vpc-peering' && r.target.id !== undefined ? byId.get(r.target.id) : undefined;
}

/** PEERING_ROUTE_ONE_SIDED, once per (route on side A, route table on side B). */
export function lintPeeringReturnRoutes(net: Network, assoc: Associations): Diagnostic[] {
  const byId = new Map<string, PeeringConnection>();
  for (const p of net.peerings) {
    byId.set(p.id, p);
    if (p.awsId !== undefined) byId.set(p.awsId, p);
  }
  const vpcIds = new Map<string, string>();
  for (const v of net.vpcs) {
    vpcIds.set(v.id, v.id);
    if (v.awsId !== undefined) vpcIds.set(v.awsId, v.id);
  }
  const cidrsOf = new Map<string, Prefix[]>(
    net.vpcs.map((v) => [v.id, v.cidrs.flatMap((c) => tryCidr(c) ?? [])]),
  );
  const subnetsOf = new Map<string, Subnet[]>();
  for (const s of net.subnets) {
    const v = vpcIds.get(s.vpc) ?? s.vpc;
    subnetsOf.set(v, [...(subnetsOf.get(v) ?? []), s]);
  }
  const tableOf = (s: Subnet): RouteTable | undefined => {
    const a = assoc.subnets.get(s.id);
    return a ? assoc.routeTables.get(a.routeTable.id) : undefined;
  };
  const parsed = new Map<RouteTable, ParsedRoutes>();
  const routesOf = (rt: RouteTable | undefined): ParsedRoutes => {
    if (!rt) return [];
    let p = parsed.get(rt);
    if (!p) parsed.set(rt, (p = parseRoutes(rt)));
    return p;
  };
  // Each subnet's CIDR parsed once (a subnet is a peer of every subnet routing to its VPC).
  const subnetCidr = new Map<Subnet, Prefix | null>();
  const cidrOf = (s: Subnet): Prefix | null => {
    let p = subnetCidr.get(s);
    if (p === undefined) subnetCidr.set(s, (p = tryCidr(s.cidr ?? '')));
    return p;
  };
  interface Finding {
    readonly route: Route;
    readonly rtA: RouteTable;
    readonly pcx: PeeringConnection;
    readonly rtB: string;
    readonly now: string;
    readonly peerSubnet: Subnet;
    readonly from: Subnet[];
  }
  const findings = new Map<string, Finding>();
  for (const a of net.subnets) {
    const rtA = tableOf(a);
    const aVpc = vpcIds.get(a.vpc) ?? a.vpc;
    const aCidr = cidrOf(a);
    if (!rtA || !aCidr) continue;
    for (const r of rtA.routes) {
      const pcx = peeringOf(r, byId);
      if (!pcx || (pcx.state !== undefined && pcx.state !== 'active')) continue;
      const dest = r.destination !== undefined ? tryCidr(r.destination) : null;
      if (!dest) continue;
      const reqVpc = vpcIds.get(pcx.requesterVpc) ?? pcx.requesterVpc;
      const accVpc = vpcIds.get(pcx.accepterVpc) ?? pcx.accepterVpc;
      const peerVpc = aVpc === reqVpc ? accVpc : aVpc === accVpc ? reqVpc : undefined;
      if (peerVpc === undefined) continue; // ROUTE_TARGET_OTHER_VPC is reported by peering.ts
      for (const b of subnetsOf.get(peerVpc) ?? []) {
        const bCidr = cidrOf(b);
        if (!bCidr || !overlaps(bCidr, dest)) continue;
        const back = lpmFor(routesOf(tableOf(b)), cidrsOf.get(peerVpc) ?? [], aCidr);
        if (back !== 'local' && back !== undefined && peeringOf(back, byId) === pcx) continue;
        const rtB = assoc.subnets.get(b.id)?.routeTable.id ?? '?';
        const key = `${rtA.id}|${r.destination ?? ''}|${rtB}`;
        const f = findings.get(key);
        if (f) {
          if (!f.from.includes(a)) f.from.push(a);
          continue;
        }
        const now =
          back === undefined
            ? 'has no route back'
            : back === 'local'
              ? 'delivers it locally'
              : `sends it to ${back.target.kind} ${back.target.id ?? ''} (route ${back.destination ?? ''})`;
        findings.set(key, { route: r, rtA, pcx, rtB, now, peerSubnet: b, from: [a] });
      }
    }
  }
  const out: Diagnostic[] = [];
  for (const f of findings.values()) {
    const cidrs = f.from.map((s) => s.cidr).join(', ');
    out.push(
      warning(
        'PEERING_ROUTE_ONE_SIDED',
        `peering ${f.pcx.id} is routed on one side only: ${f.rtA.id} sends ${f.route.destination ?? ''} to ${f.pcx.id} for ${cidrs}, but ${f.rtB}, the route table of peer subnet ${f.peerSubnet.id} (${f.peerSubnet.cidr}), ${f.now}, so replies never return through the peering (PCX-4, PCX-5). Fix: add ${f.from.map((s) => `${s.cidr} → ${f.pcx.id}`).join(' and ')} to ${f.rtB}`,
        f.route.span ?? f.rtA.span,
        { resource: f.rtA.id, ref: 'PCX-4' },
      ),
    );
  }
  return out;
}
