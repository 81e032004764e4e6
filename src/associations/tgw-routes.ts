/**
 * The routes in effect in each transit gateway route table, before priority is applied: the table's static and
 * blackhole routes (TGW-19, TGW-20), its prefix-list references expanded (TGW-21), and the routes its propagating
 * attachments bring (TGW-18): a VPC attachment its VPC's IPv4 CIDRs and, when the attachment has IPv6 support, its
 * IPv6 CIDRs (V6-11: "When disabled … IPv6 routes do not propagate"), a BGP VPN attachment the prefixes the customer
 * gateway advertises while the tunnels are up (VPN-2, VPN-9), a Direct Connect gateway attachment the prefixes
 * learned over BGP (DX-2). Static VPNs propagate nothing (TGW-18). TGW-4: an identical CIDR propagated by a second
 * VPC is not propagated.
 *
 * Routes of both families are kept (a TGW route table holds IPv4 and IPv6 routes, V6-11).
 *
 * A route to an attachment that is not `available` is a blackhole (TGW-11, TGW-20). Read by the data plane (which
 * compiles it with dataplane/transit-gateway/route-table.ts) and by validation, so both see the same table.
 */
import { formatPrefix, prefixEquals, tryCidr, type Prefix } from '../net/prefix.js';
import type { Network } from '../model/network.js';
import type { TgwAttachment, TgwRouteOrigin } from '../model/transit-gateway.js';
import type { TgwAssociations } from './transit-gateway.js';

export interface TgwRouteSource {
  readonly dest: Prefix;
  /** The target attachment's canonical id; null for a blackhole. */
  readonly attachment: string | null;
  readonly origin: TgwRouteOrigin;
  /** How the destination was written when not a plain CIDR (`pl-1 (10.0.0.0/8)`). */
  readonly destText?: string | undefined;
  /** Why the route is a blackhole when its target attachment is not available. */
  readonly blackholeReason?: string | undefined;
}

const cidrs = (xs: readonly string[] | undefined): Prefix[] =>
  (xs ?? []).map(tryCidr).filter((p): p is Prefix => p !== null);

/** The prefixes an attachment propagates (TGW-18), with their origin. */
export function propagatedPrefixes(
  net: Network,
  a: TgwAttachment,
): { readonly origin: TgwRouteOrigin; readonly prefixes: readonly Prefix[] } | undefined {
  switch (a.kind) {
    case 'vpc': {
      const vpc = net.vpcs.find((v) => v.id === a.vpc || v.awsId === a.vpc);
      // V6-11: IPv6 CIDRs propagate only from an attachment with IPv6 support.
      return {
        origin: 'vpc',
        prefixes: cidrs([...(vpc?.cidrs ?? []), ...(a.ipv6Support === true ? (vpc?.ipv6Cidrs ?? []) : [])]),
      };
    }
    case 'vpn': {
      const vpn = (net.vpnConnections ?? []).find(
        (v) => v.id === a.vpnConnection || v.awsId === a.vpnConnection,
      );
      if (!vpn || vpn.routing !== 'bgp' || vpn.state === 'down') return { origin: 'vpn', prefixes: [] };
      return { origin: 'vpn', prefixes: cidrs(vpn.bgpPrefixes ?? onPremisesCidrs(net, vpn.id)) };
    }
    case 'direct-connect-gateway': {
      const dx = (net.directConnectGateways ?? []).find(
        (d) => d.id === a.directConnectGateway || d.awsId === a.directConnectGateway,
      );
      if (!dx) return { origin: 'direct-connect-gateway', prefixes: [] };
      return {
        origin: 'direct-connect-gateway',
        prefixes: cidrs(dx.bgpPrefixes ?? onPremisesCidrs(net, dx.id)),
      };
    }
    case 'connect':
      return { origin: 'connect', prefixes: [] };
    case 'peering':
    case 'network-function':
      return undefined;
  }
}

/** The CIDRs of the on-premises networks declared behind a VPN connection or DX gateway (ONPREM-1). */
export function onPremisesCidrs(net: Network, via: string): string[] {
  return (net.onPremisesNetworks ?? []).filter((o) => o.via === via).flatMap((o) => o.cidrs);
}

/** Every route source of one table (see the module comment). */
export function tgwRouteSources(net: Network, tgwa: TgwAssociations, tableId: string): TgwRouteSource[] {
  const table = tgwa.tables.get(tableId);
  if (!table) return [];
  const atts = new Map((net.transitGatewayAttachments ?? []).map((a) => [a.id, a]));
  const bad = (id: string | null): string | undefined => {
    if (id === null) return undefined;
    const a = atts.get(id);
    if (!a) return `attachment ${id} does not exist`;
    return a.state !== undefined && a.state !== 'available' ? `attachment ${id} is ${a.state}` : undefined;
  };
  const out: TgwRouteSource[] = [];
  for (const r of table.routes) {
    const attachment =
      r.blackhole === true || r.attachment === undefined
        ? null
        : (tgwa.attachmentId(r.attachment) ?? r.attachment);
    const origin: TgwRouteOrigin =
      r.origin === 'propagated' && attachment !== null
        ? (propagatedOrigin(atts.get(attachment)) ?? 'static')
        : 'static';
    if (r.destinationPrefixList !== undefined) {
      const pl = net.prefixLists.find(
        (x) => x.id === r.destinationPrefixList || x.awsId === r.destinationPrefixList,
      );
      for (const e of cidrs(pl?.entries))
        out.push({
          dest: e,
          attachment,
          origin: 'prefix-list',
          destText: `${r.destinationPrefixList} (${formatPrefix(e)})`,
          blackholeReason: bad(attachment),
        });
      continue;
    }
    const dest = r.destination !== undefined ? tryCidr(r.destination) : null;
    if (dest) out.push({ dest, attachment, origin, blackholeReason: bad(attachment) });
  }
  const vpcSeen: Prefix[] = [];
  for (const id of tgwa.propagationsOf.get(tableId) ?? []) {
    const a = atts.get(id);
    if (!a || (a.state !== undefined && a.state !== 'available')) continue;
    const p = propagatedPrefixes(net, a);
    for (const dest of p?.prefixes ?? []) {
      if (p?.origin === 'vpc') {
        if (vpcSeen.some((s) => prefixEquals(s, dest))) continue; // TGW-4
        vpcSeen.push(dest);
      }
      if (p) out.push({ dest, attachment: a.id, origin: p.origin });
    }
  }
  return out;
}

function propagatedOrigin(a: TgwAttachment | undefined): TgwRouteOrigin | undefined {
  if (!a) return undefined;
  return a.kind === 'vpc'
    ? 'vpc'
    : a.kind === 'vpn'
      ? 'vpn'
      : a.kind === 'direct-connect-gateway'
        ? 'direct-connect-gateway'
        : a.kind === 'connect'
          ? 'connect'
          : undefined;
}
