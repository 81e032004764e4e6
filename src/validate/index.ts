/**
 * `validateNetwork(net)`: every diagnostic about a network — what the AWS API would refuse (errors) and what AWS
 * accepts but is almost always a mistake (warnings) — sorted canonically. Pure: model in, diagnostics out.
 */
import { sortDiagnostics, type Diagnostic } from '../diag/diagnostic.js';
import type { Network } from '../model/network.js';
import { resolveAssociations } from '../associations/resolve.js';
import { validateAddressing } from './addressing.js';
import { validateAssociations } from './associations.js';
import { validateAzAffinity } from './az-affinity.js';
import { validateCidrAssociations } from './cidr-association.js';
import { validateClientVpn } from './clientvpn.js';
import { validateFilters } from './filters.js';
import { validateFirewalls } from './firewall.js';
import { validateInstances } from './instances.js';
import { lintOpenAdminPorts } from './lint-open-admin-ports.js';
import { lintPeeringReturnRoutes } from './lint-peering-return-routes.js';
import { lintShadowedNaclRules } from './lint-shadowed-nacl-rules.js';
import { lintShadowedRoutes } from './lint-shadowed-routes.js';
import { lintUnusedSecurityGroups } from './lint-unused-security-groups.js';
import { validateLoadBalancers } from './load-balancers.js';
import { validatePeerings } from './peering.js';
import { validateRoutes } from './routes.js';
import { validateRoutingLoops } from './routing-loops.js';
import { validateTransitGateways } from './transit-gateway.js';
import { validateHybridEdge } from './vpn.js';
import { lintTransitIpv6 } from './transit-ipv6.js';
import { validateIpv6 } from './ipv6.js';
import { lintDualStackLeak } from './lint-dual-stack-leak.js';

/**
 * All diagnostics for `net`. `validateNetwork(net).some(d => d.severity === 'error')` = AWS would refuse it.
 * Unsupported resource types are not reported here: the importer that read them already named them
 * (UNSUPPORTED_RESOURCE_TYPE, once per type).
 */
export function validateNetwork(net: Network): Diagnostic[] {
  const assoc = resolveAssociations(net);
  const out: Diagnostic[] = [
    ...validateAddressing(net),
    ...validateIpv6(net),
    ...validateAssociations(net, assoc),
    ...validateRoutes(net, assoc),
    ...validateRoutingLoops(net, assoc),
    ...validateAzAffinity(net, assoc),
    ...validateFilters(net, assoc),
    ...validateCidrAssociations(net),
    ...validatePeerings(net),
    ...validateInstances(net),
    ...validateFirewalls(net, assoc),
    ...validateClientVpn(net, assoc),
    // Everyday mistakes AWS accepts (issue 14): each warning names the fix.
    ...lintOpenAdminPorts(net),
    ...lintDualStackLeak(net),
    ...lintUnusedSecurityGroups(net),
    ...lintShadowedNaclRules(net),
    ...lintShadowedRoutes(net),
    ...lintPeeringReturnRoutes(net, assoc),
    ...validateLoadBalancers(net),
    ...validateTransitGateways(net, assoc),
    ...validateHybridEdge(net),
    ...lintTransitIpv6(net),
  ];
  return sortDiagnostics(dedupe(out));
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}|${d.message}|${d.span?.file ?? ''}:${d.span?.line ?? 0}:${d.span?.col ?? 0}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
