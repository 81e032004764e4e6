/**
 * Validation and lint of AWS Client VPN endpoints and their clients (CVPN-1…CVPN-10, NACL-6).
 *
 * Model: pure function from the Network to diagnostics. Errors are what the AWS API refuses (or, for clients, what
 * makes the model meaningless): client CIDR size and overlaps (CVPN-1), target subnets (CVPN-2), routes to subnets
 * that are not associated (CVPN-5), quotas (CVPN-10), unknown references. Warnings are what AWS accepts but is almost
 * always a mistake: routes that differ between target networks (S3 B3.3: access is intermittent, CVPN-5), an
 * authorization rule with no route or a route with no authorization, a target subnet's NACL that does not admit
 * replies on the ports the Client VPN ENI may use (`CLIENT_VPN_ENI_PORT_RANGE`, assumed 1024–65535, NACL-6).
 * Every diagnostic carries the span of the resource, rule or field it is about and names the resource.
 * Input it does not understand: unparsable CIDRs/addresses are reported once and then left out of the other checks;
 * unknown subnets/VPCs/NACLs are reported (or left to the core validator for NACLs) and never throw. IPv6 (CVPN-10
 * [DRIFT, newer doc]: an endpoint's traffic IP address type is ipv4, ipv6 or dual-stack): an IPv6 route or rule on an
 * ipv4 endpoint is refused (`CLIENT_VPN_IPV6_ON_IPV4_ENDPOINT`), a target subnet without an IPv6 CIDR on an ipv6 or
 * dual-stack endpoint too (`CLIENT_VPN_TARGET_SUBNET_NO_IPV6`); on those endpoints IPv6 entries are named as not
 * simulated (warning `CLIENT_VPN_IPV6_UNSUPPORTED`) and left out.
 * ICMP replies are not linted (no ports).
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ClientVpnEndpoint } from '../model/clientvpn.js';
import type { Network, Subnet } from '../model/network.js';
import { resolveAssociations, type Associations } from '../associations/resolve.js';
import { tryCidr4, type Prefix4 } from '../net/prefix.js';
import { endpointQuota, validateClients } from './clientvpn-clients.js';
import { fieldSpan, type Emit } from './clientvpn-common.js';
import { checkEndpointSettings } from './clientvpn-endpoint.js';
import { lintNaclReplies } from './clientvpn-nacl.js';
import {
  checkAuthorizationRules,
  checkRoutes,
  lintRoutesPerTarget,
  lintRulesAndRoutes,
} from './clientvpn-routes.js';
import { checkTargetNetworks } from './clientvpn-targets.js';

export { CLIENT_VPN_QUOTAS } from './clientvpn-common.js';

/** All Client VPN diagnostics of a network. `validateClientVpn(net)` → `[]` for scenario S3 as written. */
export function validateClientVpn(
  net: Network,
  assoc: Associations = resolveAssociations(net),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const emit: Emit = (severity, code, message, span, resource, ref) =>
    out.push({ severity, code, message, span, resource, ref });
  const subnets = new Map(net.subnets.map((s) => [s.id, s]));
  for (const ep of net.clientVpnEndpoints) validateEndpoint(net, ep, subnets, assoc, emit);
  validateClients(net, emit);
  endpointQuota(net, emit);
  return out;
}

/** One endpoint: its settings, target networks, authorization rules and routes, then the lints that compare them. */
function validateEndpoint(
  net: Network,
  ep: ClientVpnEndpoint,
  subnets: Map<string, Subnet>,
  assoc: Associations,
  emit: Emit,
): void {
  const id = ep.id;
  const vpc = net.vpcs.find((v) => v.id === ep.vpc);
  if (!vpc) {
    emit(
      'error',
      'CLIENT_VPN_UNKNOWN_VPC',
      `Client VPN endpoint ${id} names VPC "${ep.vpc}", which is not defined`,
      fieldSpan(ep, 'vpc'),
      id,
      'CVPN-2',
    );
  }
  const vpcCidrs = (vpc?.cidrs ?? []).map(tryCidr4).filter((p): p is Prefix4 => p !== null);
  const client = checkEndpointSettings(net, ep, vpcCidrs, emit);
  checkTargetNetworks(net, ep, subnets, client, emit);
  const rules = checkAuthorizationRules(ep, emit);
  const routes = checkRoutes(ep, client, vpcCidrs, emit);
  lintRoutesPerTarget(ep, routes, emit);
  lintRulesAndRoutes(ep, rules, routes, emit);
  lintNaclReplies(assoc, ep, rules, routes, subnets, emit);
}
