/**
 * The hybrid edge as the API checks it and the mistakes it accepts (B16, ONPREM-1):
 * - VPN connections name a customer gateway and exactly one of a virtual private gateway or a transit gateway
 *   (VPN-1); a static VPN lists its prefixes (VPN-2); on a transit gateway a VPN attachment carries it (VPN-9);
 * - Direct Connect gateways name existing gateways (DX-1);
 * - on-premises networks sit behind an existing VPN connection or DX gateway, with valid CIDRs and hosts inside them;
 * - VGW propagation (VPN-3, VPN-4): a propagated prefix inside the VPC's CIDR never wins against the local route
 *   (warning: the advertisement is a mistake), and one that a static route of the same table covers more
 *   specifically or equally is shadowed there (info).
 */
import { error, warning, type Diagnostic } from '../diag/diagnostic.js';
import { tryAddr } from '../net/addr.js';
import {
  containsAddr,
  covers,
  formatPrefix,
  tryCidr,
  tryCidr4,
  type Prefix,
  type Prefix4,
} from '../net/prefix.js';
import type { Network } from '../model/network.js';
import { vgwLearnedRoutes } from '../associations/vpn-routes.js';

export function validateHybridEdge(net: Network): Diagnostic[] {
  const vpns = net.vpnConnections ?? [];
  const onprem = net.onPremisesNetworks ?? [];
  const dxgws = net.directConnectGateways ?? [];
  if (vpns.length === 0 && onprem.length === 0 && dxgws.length === 0) return [];
  const out: Diagnostic[] = [];
  const has = (xs: readonly { id: string; awsId?: string | undefined }[], ref: string): boolean =>
    xs.some((x) => x.id === ref || x.awsId === ref);
  const cgws = net.customerGateways ?? [];
  const tgws = net.transitGateways ?? [];
  for (const v of vpns) {
    if (v.customerGateway !== undefined && !has(cgws, v.customerGateway))
      out.push(
        error(
          'UNKNOWN_REFERENCE',
          `VPN connection ${v.id} names unknown customer gateway ${v.customerGateway}`,
          v.span,
          { resource: v.id },
        ),
      );
    const gws = [v.vpnGateway, v.transitGateway].filter((g) => g !== undefined);
    if (gws.length !== 1)
      out.push(
        error(
          'VPN_CONNECTION_GATEWAY',
          `VPN connection ${v.id} must terminate on exactly one virtual private gateway or transit gateway (VPN-1); it names ${gws.length === 0 ? 'none' : gws.join(' and ')}`,
          v.span,
          { resource: v.id, ref: 'VPN-1' },
        ),
      );
    if (v.vpnGateway !== undefined && !has(net.virtualPrivateGateways, v.vpnGateway))
      out.push(
        error(
          'UNKNOWN_REFERENCE',
          `VPN connection ${v.id} names unknown virtual private gateway ${v.vpnGateway}`,
          v.span,
          { resource: v.id },
        ),
      );
    if (v.transitGateway !== undefined && !has(tgws, v.transitGateway))
      out.push(
        error(
          'UNKNOWN_REFERENCE',
          `VPN connection ${v.id} names unknown transit gateway ${v.transitGateway}`,
          v.span,
          { resource: v.id },
        ),
      );
    if (v.routing === 'static' && (v.staticRoutes ?? []).length === 0 && v.vpnGateway !== undefined)
      out.push(
        warning(
          'VPN_STATIC_NO_ROUTES',
          `static VPN connection ${v.id} lists no on-premises prefixes: the virtual private gateway sends nothing over it (VPN-2, VPN-6)`,
          v.span,
          { resource: v.id, ref: 'VPN-2' },
        ),
      );
    for (const c of [...(v.staticRoutes ?? []), ...(v.bgpPrefixes ?? [])])
      if (tryCidr(c) === null)
        out.push(
          error('INVALID_CIDR', `VPN connection ${v.id}: ${c} is not an IPv4 or IPv6 CIDR block`, v.span, {
            resource: v.id,
          }),
        );
  }
  for (const d of dxgws)
    for (const g of d.gateways ?? [])
      if (!has(net.virtualPrivateGateways, g) && !has(tgws, g))
        out.push(
          error('UNKNOWN_REFERENCE', `Direct Connect gateway ${d.id} names unknown gateway ${g}`, d.span, {
            resource: d.id,
          }),
        );
  for (const o of onprem) {
    if (!has(vpns, o.via) && !has(dxgws, o.via))
      out.push(
        error(
          'UNKNOWN_REFERENCE',
          `on-premises network ${o.id} sits behind unknown VPN connection or Direct Connect gateway ${o.via}`,
          o.span,
          { resource: o.id },
        ),
      );
    const ps: Prefix[] = [];
    for (const c of o.cidrs) {
      const p = tryCidr(c);
      if (p) ps.push(p);
      else
        out.push(
          error(
            'INVALID_CIDR',
            `on-premises network ${o.id}: ${c} is not an IPv4 or IPv6 CIDR block`,
            o.span,
            {
              resource: o.id,
            },
          ),
        );
    }
    for (const [h, addr] of Object.entries(o.hosts ?? {})) {
      const a = tryAddr(addr);
      if (a === null)
        out.push(
          error('INVALID_IP', `on-premises host ${h}: ${addr} is not an IPv4 or IPv6 address`, o.span, {
            resource: o.id,
          }),
        );
      else if (!ps.some((p) => containsAddr(p, a)))
        out.push(
          error(
            'ONPREM_HOST_OUTSIDE',
            `on-premises host ${h} (${addr}) is not inside ${o.id}'s CIDRs (${o.cidrs.join(', ')}) (ONPREM-1)`,
            o.span,
            { resource: o.id, ref: 'ONPREM-1' },
          ),
        );
    }
  }
  out.push(...validateVgwPropagation(net));
  return out;
}

/** VPN-4: propagated prefixes inside the VPC CIDR never win; static routes shadow equal or broader propagated ones. */
function validateVgwPropagation(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rt of net.routeTables) {
    const vpc = net.vpcs.find((v) => v.id === rt.vpc);
    const vpcCidrs = (vpc?.cidrs ?? []).map(tryCidr4).filter((p): p is Prefix4 => p !== null);
    for (const g of rt.propagatingGateways ?? []) {
      const vgw = net.virtualPrivateGateways.find((x) => x.id === g || x.awsId === g);
      if (!vgw) continue;
      const seen = new Set<string>();
      for (const l of vgwLearnedRoutes(net, vgw.id, vgw.awsId)) {
        const text = formatPrefix(l.dest);
        if (seen.has(text)) continue;
        seen.add(text);
        const local = vpcCidrs.find((c) => covers(c, l.dest));
        if (local) {
          out.push(
            warning(
              'VPN_ROUTE_INSIDE_VPC_CIDR',
              `${rt.id}: ${l.via} advertises ${text}, inside ${rt.vpc}'s CIDR ${formatPrefix(local)}; the propagated route never wins against the local route (VPN-4), so the advertisement is probably a mistake on the customer gateway`,
              rt.span,
              { resource: rt.id, ref: 'VPN-4' },
            ),
          );
          continue;
        }
        const statics = rt.routes
          .filter((r) => r.origin !== 'propagated' && r.destination !== undefined)
          .map((r) => ({ r, p: tryCidr4(r.destination ?? '') }))
          .filter(
            (x): x is { r: (typeof rt.routes)[number]; p: Prefix4 } => x.p !== null && covers(l.dest, x.p),
          );
        for (const s of statics)
          out.push({
            severity: 'info',
            code: 'VGW_PROPAGATION_SHADOWED',
            message: `${rt.id}: static route ${s.r.destination ?? ''} -> ${s.r.target.id ?? s.r.target.kind} ${s.p.len === l.dest.len ? 'has the same prefix as' : 'is more specific than'} the propagated ${text} -> ${vgw.id} (from ${l.via}) and wins for ${formatPrefix(s.p)} (VPN-4)`,
            span: s.r.span ?? rt.span,
            resource: rt.id,
            ref: 'VPN-4',
          });
      }
    }
  }
  return out;
}
