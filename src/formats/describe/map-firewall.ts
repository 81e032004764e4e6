/**
 * describe-* mappers of AWS Network Firewall: `aws network-firewall describe-firewall` (merged by index.ts into one
 * `Firewall` record with its `FirewallStatus`), `describe-firewall-policy` (`FirewallPolicy` +
 * `FirewallPolicyResponse`) and `describe-rule-group` (`RuleGroup` + `RuleGroupResponse`): the firewall's endpoints
 * are the `vpce-…` ids of `FirewallStatus.SyncStates` (NFW-1), policies and rule groups are named by their names
 * (ARNs map to names), and their content goes through the shared NFW API reader. Anything unreadable is a diagnostic.
 */
import { warning } from '../../diag/diagnostic.js';
import type { FirewallEndpoint } from '../../model/firewall.js';
import { firewallPolicyFromApi, ruleGroupFromApi } from '../suricata/index.js';
import type { DescribeContext } from './context.js';
import { num, obj, str, type JsonObject } from '../json-source.js';

/** `arn:aws:network-firewall:…:firewall-policy/NAME` → NAME; anything else as written. */
function nameOfArn(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^arn:[^:]+:network-firewall:[^:]*:[^:]*:[a-z-]+\/(.+)$/.exec(v);
  return m ? m[1] : v;
}

/**
 * Firewalls (NFW-1: an endpoint per `FirewallStatus.SyncStates` attachment). describe-vpc-endpoints lists those
 * endpoints too, as GWLB-type endpoints: they are the firewall's, so they are taken out of the VPC endpoints.
 */
export function mapFirewalls(c: DescribeContext): void {
  const diags = c.b.diags;
  for (const r of c.recs('Firewall')) {
    const name = str(r.item, 'FirewallName');
    const vpc = str(r.item, 'VpcId');
    if (!name || !vpc) {
      diags.push(
        warning(
          'DESCRIBE_MISSING_FIELD',
          'a Firewall entry has no FirewallName/VpcId; skipped',
          r.src.keyPosition('Firewall'),
        ),
      );
      continue;
    }
    const span = r.src.positionOf('FirewallName', name);
    const sync = obj(obj(r.item, 'FirewallStatus'), 'SyncStates');
    const endpoints: FirewallEndpoint[] = [];
    for (const st of Object.values(sync ?? {})) {
      const att = obj(st as JsonObject, 'Attachment');
      const id = str(att, 'EndpointId');
      const subnet = str(att, 'SubnetId');
      if (!id || !subnet) continue;
      endpoints.push({ id, subnet, span: r.src.positionOf('EndpointId', id) });
      c.b.remove('vpcEndpoints', id);
    }
    if (endpoints.length === 0)
      diags.push(
        warning(
          'DESCRIBE_FIREWALL_NO_ENDPOINTS',
          `firewall ${name}: no FirewallStatus.SyncStates with endpoint ids (use describe-firewall, not list-firewalls); routes to its endpoints cannot be resolved`,
          span,
          { resource: name },
        ),
      );
    c.b.add('firewalls', {
      id: name,
      span,
      vpc,
      policy: nameOfArn(r.item['FirewallPolicyArn']) ?? '',
      endpoints,
    });
  }
}

/** Firewall policies (describe-firewall-policy), named by their names; their content through the NFW API reader. */
export function mapFirewallPolicies(c: DescribeContext): void {
  const diags = c.b.diags;
  for (const r of c.recs('FirewallPolicy')) {
    const resp = obj(r.item, 'FirewallPolicyResponse');
    const name = str(resp, 'FirewallPolicyName') ?? nameOfArn(resp?.['FirewallPolicyArn']);
    if (!name) {
      diags.push(
        warning(
          'DESCRIBE_MISSING_FIELD',
          'a FirewallPolicy without FirewallPolicyResponse.FirewallPolicyName; skipped',
          r.src.keyPosition('FirewallPolicy'),
        ),
      );
      continue;
    }
    const span = r.src.positionOf('FirewallPolicyName', name);
    const res = firewallPolicyFromApi(obj(r.item, 'FirewallPolicy') ?? {}, {
      span,
      resource: name,
      resolveRef: nameOfArn,
    });
    diags.push(...res.diagnostics);
    c.b.add('firewallPolicies', { id: name, ...res.parts, span });
  }
}

/** Rule groups (describe-rule-group), named by their names; their content through the NFW API reader. */
export function mapRuleGroups(c: DescribeContext): void {
  const diags = c.b.diags;
  for (const r of c.recs('RuleGroup')) {
    const resp = obj(r.item, 'RuleGroupResponse');
    const name = str(resp, 'RuleGroupName') ?? nameOfArn(resp?.['RuleGroupArn']);
    if (!name) {
      diags.push(
        warning(
          'DESCRIBE_MISSING_FIELD',
          'a RuleGroup without RuleGroupResponse.RuleGroupName; skipped',
          r.src.keyPosition('RuleGroup'),
        ),
      );
      continue;
    }
    const span = r.src.positionOf('RuleGroupName', name);
    const res = ruleGroupFromApi(obj(r.item, 'RuleGroup') ?? {}, { span, resource: name });
    diags.push(...res.diagnostics);
    c.b.add('ruleGroups', {
      id: name,
      span,
      type: str(resp, 'Type') === 'STATELESS' ? 'STATELESS' : 'STATEFUL',
      ...(num(resp, 'Capacity') !== undefined ? { capacity: num(resp, 'Capacity') } : {}),
      ...res.parts,
    });
  }
}
