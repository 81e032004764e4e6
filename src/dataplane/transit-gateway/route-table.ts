/**
 * Transit gateway route tables compiled for lookup (TGW-2, TGW-3, TGW-19…TGW-22): static, blackhole,
 * prefix-list-referenced and propagated routes in one longest-prefix-match structure, the same-prefix priority
 * static > prefix-list > VPC propagated > Direct Connect gateway propagated > Connect propagated > VPN propagated
 * (TGW-3; data-driven, TGW-14 [DRIFT]), and for every lookup the routes that lost (the trace's
 * TGW_RTB_MORE_SPECIFIC_ROUTE / TGW_RTB_HIGHER_PRIORITY_ROUTE explanations).
 *
 * IPv4 and IPv6 routes live in one table and are looked up independently by family (V6-11, RT-1): an IPv6
 * destination only ever matches an IPv6 route.
 *
 * Pure and generic over the attachment type, so it is unit-tested without a compiled network.
 */
import type { Addr } from '../../net/addr.js';
import { IntervalLpm } from '../../net/lpm.js';
import { containsAddr, formatPrefix, type Prefix } from '../../net/prefix.js';

import type { TgwRouteOrigin } from '../../model/transit-gateway.js';

export type { TgwRouteOrigin };

/** TGW-3: the same-prefix priority, best first. Kept as data (the live list may grow: TGW-14 [DRIFT]). */
export const TGW_ROUTE_PRIORITY: readonly TgwRouteOrigin[] = [
  'static',
  'prefix-list',
  'vpc',
  'direct-connect-gateway',
  'connect',
  'vpn',
];

/** One route before compilation: a destination and an attachment, or `null` for a blackhole (TGW-20). */
export interface TgwRouteInput<A extends { readonly id: string }> {
  readonly dest: Prefix;
  readonly attachment: A | null;
  readonly origin: TgwRouteOrigin;
  /** How the destination was written, when not a plain CIDR: `pl-123 (10.0.0.0/8)`. */
  readonly destText?: string | undefined;
  /** Set when the target attachment exists but is not available: the route is a blackhole (TGW-11, TGW-20). */
  readonly blackholeReason?: string | undefined;
}

export interface CTgwRoute<A extends { readonly id: string }> {
  readonly dest: Prefix;
  /** The target attachment; `null` for a blackhole route (TGW-20). */
  readonly attachment: A | null;
  readonly origin: TgwRouteOrigin;
  /** Why it is a blackhole: an explicit blackhole route, or a target that is not available (TGW-20); else undefined. */
  readonly blackhole: string | undefined;
  /** Console-like text: `10.2.0.0/16 -> att-b (propagated, vpc)`, `10.9.0.0/16 -> blackhole (static)`. */
  readonly text: string;
  /** Same-prefix routes that lost to this one (TGW-3, TGW-22), as text. */
  readonly shadowed: readonly string[];
}

export interface CTgwRouteTable<A extends { readonly id: string }> {
  readonly id: string;
  readonly lpm: IntervalLpm<CTgwRoute<A>>;
  /** The routes in effect (one per prefix), IPv4 then IPv6, longest prefix first. */
  readonly routes: readonly CTgwRoute<A>[];
  /** Attachments propagating BGP routes the input does not give (no advertised prefixes, no on-premises network). */
  unknownLearned?: readonly string[];
}

function originText(o: TgwRouteOrigin): string {
  return o === 'static' ? 'static' : o === 'prefix-list' ? 'prefix list' : `propagated, ${o}`;
}

export function tgwRouteText<A extends { readonly id: string }>(r: TgwRouteInput<A>): string {
  return `${r.destText ?? formatPrefix(r.dest)} -> ${r.attachment?.id ?? 'blackhole'} (${originText(r.origin)})`;
}

/**
 * Compile a table. Same prefix: the better origin wins (TGW-3), then input order (one static route per prefix per
 * attachment, TGW-19; the first one given is used). The losers are kept as text on the winner (TGW-22).
 */
export function compileTgwRoutes<A extends { readonly id: string }>(
  id: string,
  inputs: readonly TgwRouteInput<A>[],
): CTgwRouteTable<A> {
  const ranked = inputs
    .map((r, order) => ({ r, order, rank: TGW_ROUTE_PRIORITY.indexOf(r.origin) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order);
  const byKey = new Map<string, { input: TgwRouteInput<A>; shadowed: string[] }>();
  for (const { r } of ranked) {
    const key = `${r.dest.family}|${r.dest.base}/${r.dest.len}`;
    const w = byKey.get(key);
    if (w) w.shadowed.push(tgwRouteText(r));
    else byKey.set(key, { input: r, shadowed: [] });
  }
  const routes: CTgwRoute<A>[] = [...byKey.values()]
    .map(({ input, shadowed }) => ({
      dest: input.dest,
      attachment: input.attachment,
      origin: input.origin,
      blackhole: input.attachment === null ? 'blackhole route (TGW-20)' : input.blackholeReason,
      text: tgwRouteText(input),
      shadowed,
    }))
    .sort(
      (a, b) =>
        a.dest.family - b.dest.family ||
        b.dest.len - a.dest.len ||
        (a.dest.base < b.dest.base ? -1 : a.dest.base > b.dest.base ? 1 : 0),
    );
  return { id, lpm: new IntervalLpm(routes.map((r) => ({ prefix: r.dest, value: r }))), routes };
}

/** The answer of one lookup (TGW-3, TGW-29). */
export interface TgwLookup<A extends { readonly id: string }> {
  /** The route in effect for the destination, or undefined (TGW_RTB_CANNOT_ROUTE). */
  readonly route: CTgwRoute<A> | undefined;
  /** Less specific routes that also match and lost on prefix length (TGW_RTB_MORE_SPECIFIC_ROUTE). */
  readonly lessSpecific: readonly string[];
}

/** Look a destination up (TGW-3). The loser list is built only when `explain` (traces), not for verdict-only walks. */
export function lookupTgwRoute<A extends { readonly id: string }>(
  rt: CTgwRouteTable<A>,
  dst: Addr,
  explain: boolean,
): TgwLookup<A> {
  const route = rt.lpm.lookup(dst);
  if (!explain || !route) return { route, lessSpecific: [] };
  const lessSpecific = rt.routes
    .filter((r) => r !== route && r.dest.len < route.dest.len && containsAddr(r.dest, dst))
    .map((r) => r.text);
  return { route, lessSpecific };
}
