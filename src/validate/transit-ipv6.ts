/**
 * IPv6 through transit gateways, VPN and on-premises networks is not yet modelled (AWS carries it: V6-11; vpcsim's
 * transit data plane is IPv4). Every IPv6 CIDR the transit model would use is named here once, so nothing is
 * dropped silently: the CIDR is ignored by the TGW route tables, and an IPv6 trace that reaches a transit gateway,
 * a virtual private gateway or an on-premises network ends `UNSUPPORTED_COMPONENT` with an uncertain verdict.
 */
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import type { Span } from '../diag/diagnostic.js';
import { tryCidr } from '../net/prefix.js';
import type { Network } from '../model/network.js';

const isV6 = (text: string): boolean => tryCidr(text)?.family === 6;

export function lintTransitIpv6(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  const say = (what: string, cidrs: readonly string[], resource: string, span: Span | undefined): void => {
    const v6 = cidrs.filter(isV6);
    if (v6.length === 0) return;
    out.push(
      warning(
        'TGW_IPV6_NOT_MODELLED',
        `${what} ${v6.join(', ')}: IPv6 through transit gateways, VPN and on-premises networks is not yet modelled by vpcsim (IPv4 only; V6-11) — ignored here, and an IPv6 trace through it ends UNSUPPORTED_COMPONENT (uncertain)`,
        span,
        { resource },
      ),
    );
  };
  const vpcs = new Map(
    net.vpcs.flatMap((v) => [[v.id, v] as const, ...(v.awsId ? [[v.awsId, v] as const] : [])]),
  );
  for (const a of net.transitGatewayAttachments ?? []) {
    const vpc = a.kind === 'vpc' && a.vpc !== undefined ? vpcs.get(a.vpc) : undefined;
    if (vpc)
      say(
        `transit gateway attachment ${a.id} attaches ${vpc.id}, which has IPv6 CIDR`,
        vpc.ipv6Cidrs ?? [],
        a.id,
        a.span,
      );
  }
  for (const rt of net.transitGatewayRouteTables ?? []) {
    for (const r of rt.routes) {
      if (r.destination !== undefined)
        say(
          `transit gateway route table ${rt.id} has an IPv6 route`,
          [r.destination],
          rt.id,
          r.span ?? rt.span,
        );
    }
  }
  for (const o of net.onPremisesNetworks ?? [])
    say(`on-premises network ${o.id} declares`, o.cidrs, o.id, o.span);
  for (const v of net.vpnConnections ?? []) {
    say(`VPN connection ${v.id} routes`, [...(v.staticRoutes ?? []), ...(v.bgpPrefixes ?? [])], v.id, v.span);
  }
  return out;
}
