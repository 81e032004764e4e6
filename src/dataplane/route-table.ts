/**
 * Route tables compiled into a longest-prefix-match structure (RT-1), with the VPC's local routes (RT-2),
 * same-prefix priority (RT-4), prefix-list destinations expanded (RT-5) and blackhole state (RT-7; a blackhole
 * route still wins the match, it does not fall through).
 *
 * IPv4 and IPv6 routes share one table and one `IntervalLpm`, which keeps the two families' lookups independent
 * (RT-1, V6-3); each VPC IPv6 CIDR gets its local route like an IPv4 one (RT-2, V6-3).
 */
import { IntervalLpm, type LpmEntry } from '../net/lpm.js';
import { covers, formatPrefix, prefixEquals, type Prefix } from '../net/prefix.js';
import type { Route, RouteTable } from '../model/network.js';
import type { CRoute, CRouteTable, CTarget } from './compiled.js';

export interface RouteResolvers {
  parseCidr(text: string): Prefix | null;
  prefixList(id: string): readonly Prefix[] | undefined;
  /** Resolve a route's target; returns the target and a blackhole reason (null when usable). */
  target(route: Route): { target: CTarget; blackhole: string | null };
}

/** Rank for same-prefix tie-break (RT-4): lower wins. */
function rank(origin: 'static' | 'prefix-list' | 'propagated' | 'local'): number {
  switch (origin) {
    case 'local':
      return 0;
    case 'static':
      return 1;
    case 'prefix-list':
      return 2;
    case 'propagated':
      return 3;
  }
}

/** Console text of a route: `0.0.0.0/0 -> igw`, `pl-123 (10.1.0.0/16) -> vpce-1`. */
export function routeText(dest: string, targetId: string): string {
  return `${dest} -> ${targetId}`;
}

/**
 * Compile one route table. `vpcCidrs` produce the local routes unless a route replaces a local target (RT-2).
 */
export function compileRouteTable(
  rt: RouteTable,
  vpcCidrs: readonly Prefix[],
  gateway: boolean,
  res: RouteResolvers,
): CRouteTable {
  interface Cand {
    route: CRoute;
    rank: number;
    order: number;
  }
  const cands: Cand[] = [];
  let order = 0;
  for (const r of rt.routes) {
    const { target, blackhole: bh } = res.target(r);
    const blackhole = r.state === 'blackhole' ? (bh ?? 'route state is blackhole') : bh;
    const targetId = target.kind === 'local' ? 'local' : (r.target.id ?? r.target.kind);
    if (r.destinationPrefixList !== undefined) {
      const entries = res.prefixList(r.destinationPrefixList) ?? [];
      for (const e of entries) {
        cands.push({
          route: {
            dest: e,
            target,
            blackhole,
            text: routeText(`${r.destinationPrefixList} (${formatPrefix(e)})`, targetId),
            caveat: r.caveat,
          },
          rank: rank('prefix-list'),
          order: order++,
        });
      }
      continue;
    }
    const dest = r.destination !== undefined ? res.parseCidr(r.destination) : null;
    if (!dest) continue; // invalid (validate/ reports it)
    cands.push({
      route: { dest, target, blackhole, text: routeText(formatPrefix(dest), targetId), caveat: r.caveat },
      rank: rank(r.origin === 'propagated' ? 'propagated' : 'static'),
      order: order++,
    });
  }
  // VPN-4: a propagated route inside the VPC's CIDR never wins against the local route, even when more specific.
  const hidden: { dest: Prefix; text: string }[] = [];
  for (let i = cands.length - 1; i >= 0; i--) {
    const x = cands[i];
    if (x?.rank !== rank('propagated')) continue;
    if (vpcCidrs.some((v) => covers(v, x.route.dest))) {
      hidden.unshift({
        dest: x.route.dest,
        text: `${x.route.text} (propagated: the local route wins even when less specific, VPN-4)`,
      });
      cands.splice(i, 1);
    }
  }
  // RT-2: one local route per VPC CIDR unless a route with exactly that destination replaces its target.
  for (const c of vpcCidrs) {
    if (cands.some((x) => prefixEquals(x.route.dest, c))) continue;
    const mine = hidden.filter((h) => covers(c, h.dest)).map((h) => h.text);
    cands.push({
      route: {
        dest: c,
        target: { kind: 'local' },
        blackhole: null,
        text: routeText(formatPrefix(c), 'local'),
        ...(mine.length > 0 ? { shadowed: mine.join('; ') } : {}),
      },
      rank: rank('local'),
      order: order++,
    });
  }
  // RT-4: same prefix → lower rank first; IntervalLpm keeps the first entry for duplicate prefixes.
  cands.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const routes: CRoute[] = [];
  const byKey = new Map<string, CRoute>();
  for (const c of cands) {
    const key = `${c.route.dest.family}|${c.route.dest.base}/${c.route.dest.len}`;
    const winner = byKey.get(key);
    if (winner) {
      // Record the loser on the winner for the trace (HIGHER_PRIORITY_ROUTE).
      const idx = routes.indexOf(winner);
      const updated: CRoute = {
        ...winner,
        shadowed: [winner.shadowed, c.route.text].filter(Boolean).join('; '),
      };
      routes[idx] = updated;
      byKey.set(key, updated);
      continue;
    }
    byKey.set(key, c.route);
    routes.push(c.route);
  }
  const entries: LpmEntry<CRoute>[] = routes.map((r) => ({ prefix: r.dest, value: r }));
  return { id: rt.id, lpm: new IntervalLpm(entries), routes, gateway };
}
