/**
 * Lint: a security group nothing uses. A group applies only where it is attached (SG-13: per network interface; also
 * interface endpoints, Client VPN endpoints, load balancers); one attached to nothing filters nothing, which after a
 * refactoring usually means the intended group was not attached where it should be. A VPC's default group (SG-4)
 * is never reported: AWS creates it and it cannot be deleted. When the input has resources vpcsim does not model
 * (a Route 53 Resolver endpoint, a load balancer before it is modelled…), one of them may be what uses the group:
 * the finding is then only `info`, and says which unmodelled resources could be using it.
 *
 * "Attached" is read from every collection of the model whose items carry a `securityGroups` list, so a resource kind
 * added later (a load balancer, an interface endpoint) counts without changing this file. A reference from another
 * group's rule (SG-6) is not a use: it matches interfaces that carry the group, and there are none.
 */
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import type { Network } from '../model/network.js';

/** Every security group id named by a `securityGroups` list of any resource in the network. */
function attachedGroups(net: Network): Set<string> {
  const used = new Set<string>();
  for (const collection of Object.values(net) as unknown[]) {
    if (!Array.isArray(collection)) continue;
    for (const item of collection as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const groups = (item as { securityGroups?: unknown }).securityGroups;
      if (!Array.isArray(groups)) continue;
      for (const g of groups as unknown[]) if (typeof g === 'string') used.add(g);
    }
  }
  return used;
}

/** SG_UNUSED for each non-default security group attached to nothing in the input. */
export function lintUnusedSecurityGroups(net: Network): Diagnostic[] {
  const used = attachedGroups(net);
  const defaults = new Set(
    net.vpcs.flatMap((v) => (v.defaultSecurityGroup !== undefined ? [v.defaultSecurityGroup] : [])),
  );
  const unmodelled = [...new Set(net.unsupported.map((u) => u.type))];
  const maybe =
    unmodelled.length > 0
      ? ` — unless one of the resources vpcsim does not model uses it (${unmodelled.slice(0, 4).join(', ')}${unmodelled.length > 4 ? ', …' : ''})`
      : '';
  const out: Diagnostic[] = [];
  for (const g of net.securityGroups) {
    if (g.isDefault === true || defaults.has(g.id) || g.groupName === 'default') continue;
    if (used.has(g.id) || (g.awsId !== undefined && used.has(g.awsId))) continue;
    const d = warning(
      'SG_UNUSED',
      `security group ${g.id} is attached to no network interface, endpoint or load balancer in the input${maybe}: its rules filter nothing (SG-13). Fix: attach it where it was meant to apply, or delete it`,
      g.span,
      { resource: g.id, ref: 'SG-13' },
    );
    out.push(maybe === '' ? d : { ...d, severity: 'info' });
  }
  return out;
}
