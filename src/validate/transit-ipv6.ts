/**
 * IPv6 on transit gateways and the hybrid edge (V6-11, VPN-6, VPN-9), as the API checks it and the mistakes it
 * accepts:
 * - a VPN connection on a virtual private gateway carries no IPv6 (VPN-6: IPv6 inside the tunnels only on a transit
 *   gateway, VPN-9) — an IPv6 prefix on one is refused (`VPN_IPV6_ON_VGW`); a connection carries one family (VPN-9:
 *   one tunnel inside IP version per connection) — IPv4 and IPv6 prefixes on one are refused (`VPN_MIXED_FAMILIES`);
 * - lint: a VPC attachment without IPv6 support that IPv6 traffic would use — an IPv6 route to the gateway in its
 *   VPC, or a static IPv6 route to it in a gateway table (`TGW_ATTACHMENT_IPV6_DISABLED`; its ENIs have no IPv6
 *   address and its IPv6 CIDRs do not propagate, V6-11); one with IPv6 support whose subnet in some AZ has no IPv6
 *   CIDR (`TGW_ATTACHMENT_SUBNET_NO_IPV6`: that AZ's ENI has no IPv6 address);
 * - what stays unmodelled, named once: IPv6 behind a virtual private gateway over Direct Connect
 *   (`VGW_IPV6_NOT_MODELLED`; AWS carries it, vpcsim's VGW is IPv4).
 */
import { error, warning, type Diagnostic } from '../diag/diagnostic.js';
import { tryCidr } from '../net/prefix.js';
import type { Network } from '../model/network.js';

const isV6 = (text: string): boolean => tryCidr(text)?.family === 6;
const isV4 = (text: string): boolean => tryCidr(text)?.family === 4;

export function lintTransitIpv6(net: Network): Diagnostic[] {
  return [...vpnFamilies(net), ...attachmentIpv6(net), ...vgwEdge(net)];
}

function vpnFamilies(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const v of net.vpnConnections ?? []) {
    const prefixes = [...(v.staticRoutes ?? []), ...(v.bgpPrefixes ?? [])];
    const v6 = prefixes.filter(isV6);
    if (v6.length > 0 && v.vpnGateway !== undefined)
      out.push(
        error(
          'VPN_IPV6_ON_VGW',
          `VPN connection ${v.id} on virtual private gateway ${v.vpnGateway} lists IPv6 prefixes ${v6.join(', ')}: IPv6 inside VPN tunnels is supported only on a transit gateway (VPN-6, VPN-9); AWS refuses an IPv6 VPN connection on a virtual private gateway — attach it to a transit gateway`,
          v.span,
          { resource: v.id, ref: 'VPN-9' },
        ),
      );
    if (v6.length > 0 && prefixes.some(isV4))
      out.push(
        error(
          'VPN_MIXED_FAMILIES',
          `VPN connection ${v.id} lists IPv4 and IPv6 prefixes: a VPN connection's tunnels carry one family (tunnel inside IP version ipv4 or ipv6, VPN-9) — use one connection per family`,
          v.span,
          { resource: v.id, ref: 'VPN-9' },
        ),
      );
  }
  return out;
}

function attachmentIpv6(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  const vpcOf = (id: string | undefined) => net.vpcs.find((v) => v.id === id || v.awsId === id);
  const subnetOf = (id: string) => net.subnets.find((s) => s.id === id || s.awsId === id);
  const tgwIds = (tgw: string): string[] => {
    const g = (net.transitGateways ?? []).find((x) => x.id === tgw || x.awsId === tgw);
    return [tgw, ...(g ? [g.id] : []), ...(g?.awsId !== undefined ? [g.awsId] : [])];
  };
  for (const a of net.transitGatewayAttachments ?? []) {
    if (a.kind !== 'vpc') continue;
    const vpc = vpcOf(a.vpc);
    if (!vpc) continue;
    if (a.ipv6Support === true) {
      for (const s of (a.subnets ?? []).map(subnetOf)) {
        if (s && s.ipv6Cidr === undefined)
          out.push(
            warning(
              'TGW_ATTACHMENT_SUBNET_NO_IPV6',
              `attachment ${a.id} has IPv6 support, but its subnet ${s.id} (${s.az ?? 'its AZ'}) has no IPv6 CIDR: the attachment's ENI there gets no IPv6 address, so IPv6 does not cross ${a.id} in that AZ (V6-11); give ${s.id} an IPv6 /64`,
              a.span,
              { resource: a.id, ref: 'V6-11' },
            ),
          );
      }
      continue;
    }
    const ids = tgwIds(a.transitGateway);
    const vpcRoute = net.routeTables.find(
      (rt) =>
        rt.vpc === vpc.id &&
        rt.routes.some(
          (r) =>
            r.target.kind === 'transit-gateway' &&
            ids.includes(r.target.id ?? '') &&
            r.destination !== undefined &&
            isV6(r.destination),
        ),
    );
    const tgwRoute = (net.transitGatewayRouteTables ?? []).find((rt) =>
      rt.routes.some(
        (r) =>
          (r.attachment === a.id || (a.awsId !== undefined && r.attachment === a.awsId)) &&
          r.destination !== undefined &&
          isV6(r.destination),
      ),
    );
    const user = vpcRoute
      ? `route table ${vpcRoute.id} of ${vpc.id} sends IPv6 to ${a.transitGateway}`
      : tgwRoute
        ? `${tgwRoute.id} has a static IPv6 route to it`
        : undefined;
    if (user === undefined) continue;
    out.push(
      warning(
        'TGW_ATTACHMENT_IPV6_DISABLED',
        `attachment ${a.id} has IPv6 support disabled (Ipv6Support, default disable) but ${user}: its ENIs have no IPv6 address and ${vpc.id}'s IPv6 CIDRs do not propagate (V6-11), so vpcsim carries no IPv6 through it — enable IPv6 support on ${a.id}`,
        a.span,
        { resource: a.id, ref: 'V6-11' },
      ),
    );
  }
  return out;
}

function vgwEdge(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  const vgwIds = new Set(net.virtualPrivateGateways.flatMap((g) => [g.id, ...(g.awsId ? [g.awsId] : [])]));
  for (const d of net.directConnectGateways ?? []) {
    if (!(d.gateways ?? []).some((g) => vgwIds.has(g))) continue;
    const v6 = [
      ...(d.bgpPrefixes ?? []),
      ...(net.onPremisesNetworks ?? []).filter((o) => o.via === d.id).flatMap((o) => o.cidrs),
    ].filter(isV6);
    if (v6.length > 0)
      out.push(
        warning(
          'VGW_IPV6_NOT_MODELLED',
          `Direct Connect gateway ${d.id} brings IPv6 ${v6.join(', ')} to a virtual private gateway: AWS carries IPv6 over Direct Connect through a VGW (VPN-6), but vpcsim's virtual private gateway is IPv4 only — these prefixes are ignored there, and an IPv6 trace through the VGW ends UNSUPPORTED_COMPONENT (uncertain)`,
          d.span,
          { resource: d.id, ref: 'VPN-6' },
        ),
      );
  }
  return out;
}
