/**
 * What the Client VPN validation modules share (CVPN-1…CVPN-10): quotas, the emit callback, IPv4 CIDR parsing with
 * the IPv6 reading of CVPN-10, and the parsed routes and authorization rules the lints compare.
 */
import type { DiagnosticCode } from '../diag/codes.js';
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import type { ClientVpnEndpoint, ClientVpnIpAddressType } from '../model/clientvpn.js';
import { parseCidr, type Prefix4 } from '../net/prefix.js';

/** Default quotas (adjustable): CVPN-10. */
export const CLIENT_VPN_QUOTAS = Object.freeze({ authorizationRules: 50, routes: 10, endpointsPerRegion: 5 });
/** Valid VPN ports (CVPN-10). */
export const VPN_PORTS: readonly number[] = [443, 1194];
/** Free addresses a target subnet must keep (CVPN-2). */
export const MIN_FREE_ADDRESSES = 20;

export type Emit = (
  severity: Diagnostic['severity'],
  code: DiagnosticCode,
  message: string,
  span: Span | undefined,
  resource: string,
  ref: string,
) => void;

/** Parse an IPv4 CIDR for validation: the prefix (and whether host bits were set), or an error text. */
export function cidr4(
  text: string,
): { prefix: Prefix4; hostBits: boolean } | { error: string; ipv6: boolean } {
  const r = parseCidr(text);
  if (!r.ok) return { error: r.message, ipv6: false };
  if (r.value.prefix.family !== 4) return { error: 'IPv6', ipv6: true };
  return { prefix: r.value.prefix, hostBits: r.value.hostBits };
}

/**
 * Severity, code and message for a CIDR `cidr4` could not use. IPv6 (CVPN-10 [DRIFT, newer doc]): refused on an
 * endpoint whose traffic is IPv4 (`traffic` ipv4), named as not simulated on an ipv6 / dual-stack one; the client CIDR
 * is always IPv4 (`traffic` undefined: AWS assigns IPv6 client addresses itself). The rest is invalid.
 */
export function cidrProblem(
  p: { error: string; ipv6: boolean },
  what: string,
  text: string,
  invalidCode: DiagnosticCode,
  traffic: ClientVpnIpAddressType | undefined,
): [Diagnostic['severity'], DiagnosticCode, string] {
  if (!p.ipv6 || traffic === undefined)
    return [
      'error',
      invalidCode,
      `${what} "${text}" is invalid: ${p.ipv6 ? 'the client CIDR is an IPv4 block (AWS assigns IPv6 client addresses itself, CVPN-10)' : p.error}`,
    ];
  if (traffic === 'ipv4')
    return [
      'error',
      'CLIENT_VPN_IPV6_ON_IPV4_ENDPOINT',
      `${what} "${text}" is IPv6, but the endpoint's traffic IP address type is ipv4 (the default): AWS takes IPv6 routes and rules only on an ipv6 or dual-stack endpoint (CVPN-10)`,
    ];
  return [
    'warning',
    'CLIENT_VPN_IPV6_UNSUPPORTED',
    `${what} "${text}" is IPv6: AWS carries IPv6 on this ${traffic} endpoint, giving each client an IPv6 address of its own choosing without translation (CVPN-10 [DRIFT, newer doc]), which vpcsim does not simulate — left out; an IPv6 trace from a client of this endpoint ends UNSUPPORTED_COMPONENT`,
  ];
}

export function fieldSpan(ep: ClientVpnEndpoint, field: string): Span | undefined {
  return ep.spans?.[field] ?? ep.span;
}

export interface ParsedRoute {
  readonly prefix: Prefix4;
  readonly target: string;
  readonly span: Span | undefined;
}
export interface ParsedRule {
  readonly prefix: Prefix4;
  readonly group: string | undefined;
  readonly span: Span | undefined;
}
