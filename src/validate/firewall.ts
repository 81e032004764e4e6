/**
 * Validation and lint of AWS Network Firewall: firewalls, policies, rule groups (NFW-1…NFW-13).
 *
 * Model: pure function from the Network to diagnostics. Errors are what the AWS API refuses: unknown references,
 * rule-group type or rule-order mismatches between a policy and its groups (NFW-10), duplicate or missing
 * priorities (NFW-5, NFW-10), stateless rules and default actions without exactly one standard action (NFW-6,
 * NFW-7), stateful default actions in action order, more than one drop default, or mixed plain/app-layer
 * "established" variants (NFW-11), the `priority` keyword in a strict-order group (NFW-9), undefined rule
 * variables, invalid domain-list targets, and more than one firewall subnet per AZ (NFW-1). Warnings are what AWS
 * accepts but is almost always a mistake: workloads in a firewall subnet (NFW-2), routes that send peering traffic
 * to a firewall endpoint (NFW-3), HOME_NET not covering the sources routed to the firewall while domain rules
 * are written for $HOME_NET (NFW-12, NFW-13), a domain allowlist with `aws:drop_strict` (NFW-11), REJECT on
 * non-TCP 5-tuple rules (NFW-8).
 * Input it does not understand: unparsable CIDRs are skipped by the coverage lint (validate/addressing reports
 * them); Suricata rule syntax is reported by the importers that parse it. Never throws.
 * This module checks firewalls themselves and runs the rest: firewall-policy.ts, firewall-rule-groups.ts,
 * firewall-lint.ts.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Firewall } from '../model/firewall.js';
import type { Network } from '../model/network.js';
import { resolveAssociations, type Associations } from '../associations/resolve.js';
import { byId, type Emit } from './firewall-common.js';
import { lintHomeNet, lintPeering, lintWorkloads } from './firewall-lint.js';
import { validatePolicy } from './firewall-policy.js';
import { validateRuleGroup } from './firewall-rule-groups.js';

/** All Network Firewall diagnostics of a network. `validateFirewalls(net)` → `[]` for scenario S0 as written. */
export function validateFirewalls(
  net: Network,
  assoc: Associations = resolveAssociations(net),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const emit: Emit = (severity, code, message, span, resource, ref) => {
    const key = `${code}|${message}|${span?.file ?? ''}:${span?.line ?? 0}:${span?.col ?? 0}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ severity, code, message, span, resource, ref });
  };
  for (const fw of net.firewalls) validateFirewall(net, fw, emit);
  for (const p of net.firewallPolicies) validatePolicy(net, p, emit);
  for (const g of net.ruleGroups) validateRuleGroup(g, emit);
  lintWorkloads(net, emit);
  lintPeering(net, emit);
  for (const fw of net.firewalls) lintHomeNet(net, assoc, fw, emit);
  return out;
}

/** A firewall (NFW-1): its VPC, policy, and one subnet per Availability Zone, each in that VPC. */
function validateFirewall(net: Network, fw: Firewall, emit: Emit): void {
  const vpc = fw.vpc === undefined ? undefined : byId(net.vpcs, fw.vpc);
  // TGW-15: a transit-gateway-attached firewall has no VPC (validate/transit-gateway.ts checks its gateway).
  if (!vpc && fw.transitGateway === undefined)
    emit(
      'error',
      'FIREWALL_VPC_NOT_FOUND',
      `firewall ${fw.id} refers to VPC "${fw.vpc}", which is not defined`,
      fw.span,
      fw.id,
      'NFW-1',
    );
  if (!byId(net.firewallPolicies, fw.policy)) {
    emit(
      'error',
      'FIREWALL_POLICY_NOT_FOUND',
      `firewall ${fw.id} refers to firewall policy "${fw.policy}", which is not defined`,
      fw.span,
      fw.id,
      'NFW-1',
    );
  }
  if (fw.endpoints.length === 0) {
    emit(
      'error',
      'FIREWALL_NO_SUBNETS',
      `firewall ${fw.id} has no firewall subnet; AWS requires at least one (one per AZ)`,
      fw.span,
      fw.id,
      'NFW-1',
    );
  }
  const byAz = new Map<string, string>();
  for (const ep of fw.endpoints) {
    const s = byId(net.subnets, ep.subnet);
    if (!s) {
      emit(
        'error',
        'FIREWALL_SUBNET_NOT_FOUND',
        `firewall ${fw.id}: endpoint ${ep.id} is in subnet "${ep.subnet}", which is not defined`,
        ep.span ?? fw.span,
        fw.id,
        'NFW-1',
      );
      continue;
    }
    if (vpc && s.vpc !== vpc.id && s.vpc !== vpc.awsId) {
      emit(
        'error',
        'FIREWALL_SUBNET_WRONG_VPC',
        `firewall ${fw.id}: subnet ${s.id} is in VPC ${s.vpc}, not in the firewall's VPC ${fw.vpc} (other VPCs need a VPC endpoint association)`,
        ep.span ?? fw.span,
        fw.id,
        'NFW-1',
      );
      continue;
    }
    if (s.az !== undefined) {
      const prev = byAz.get(s.az);
      if (prev !== undefined) {
        emit(
          'error',
          'FIREWALL_SUBNET_SAME_AZ',
          `firewall ${fw.id} has two subnets in ${s.az} (${prev}, ${s.id}); AWS allows one firewall subnet per Availability Zone`,
          ep.span ?? fw.span,
          fw.id,
          'NFW-1',
        );
      } else byAz.set(s.az, s.id);
    }
  }
}
