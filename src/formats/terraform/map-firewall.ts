/**
 * aws_networkfirewall_firewall / _firewall_policy / _rule_group → model/firewall.ts.
 *
 * Model: a firewall has one endpoint per subnet_mapping (NFW-1) whose id is `<firewall address>@<AZ>` (the AZ of the
 * mapped subnet, or the subnet address when the AZ is not given) — the same id resource-instance.ts gives
 * `firewall_status[0].sync_states[*].attachment[0].endpoint_id`, so routes written the usual Terraform way resolve
 * to it; the endpoint IP is assumed. Policies and rule groups go through the shared NFW API-shape reader
 * (formats/suricata/api.ts, snake_case blocks); `rules_string` / `rules` keeps positions in the .tf file when the
 * text can be found there.
 */
import { warning, type Span } from '../../diag/diagnostic.js';
import type { FirewallEndpoint } from '../../model/firewall.js';
import { firewallPolicyFromApi, ruleGroupFromApi } from '../suricata/index.js';
import { str, type MapInstance } from './map-context.js';
import { blocks, numOf } from './map-rules.js';
import type { TypeMapper } from './mapper.js';
import type { TfObject, TfValue } from './value.js';

const first = (v: TfValue | undefined): TfObject | undefined => blocks(v)[0];

/** Position of the first line of an embedded text inside its .tf file. */
function locate(inst: MapInstance, text: string): ((line: number, col: number) => Span) | undefined {
  const file = inst.span?.file;
  const whole = inst.fileText;
  const firstLine = text
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
  if (!file || !whole || !firstLine) return undefined;
  const off = whole.indexOf(firstLine);
  if (off < 0) return undefined;
  const before = whole.slice(0, off).split('\n');
  const startLine = before.length;
  const firstIdx = text.split('\n').findIndex((l) => l.trim() !== '');
  return (line, col) => ({ file, line: startLine + (line - 1 - firstIdx), col });
}

const firewall: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      const vpc = c.ref(a['vpc_id']);
      if (!vpc || !c.b.has('vpcs', vpc)) {
        c.unresolved(i, 'vpc_id', a['vpc_id']);
        continue;
      }
      const endpoints: FirewallEndpoint[] = [];
      blocks(a['subnet_mapping']).forEach((m, k) => {
        const subnet = c.ref(m['subnet_id']);
        const s = c.b.get('subnets', subnet);
        if (!subnet || !s) {
          c.b.diags.push(
            warning(
              'TF_REFERENCE_UNRESOLVED',
              `${i.address}: subnet_mapping subnet ${JSON.stringify(m['subnet_id'] ?? null)} is not in the configuration; that endpoint is not modelled`,
              i.span,
              { resource: i.address },
            ),
          );
          return;
        }
        const span = c.span(i, `subnet_mapping.${k}`);
        endpoints.push({ id: `${i.address}@${s.az ?? subnet}`, subnet, ...(span ? { span } : {}) });
      });
      c.b.add('firewalls', {
        id: i.address,
        name: str(a['name']),
        span: i.span,
        vpc,
        policy: c.ref(a['firewall_policy_arn']) ?? '',
        endpoints,
        assumed: ['endpoints.ip'],
      });
    }
  },
};

const policy: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const p = first(i.attrs['firewall_policy']) ?? {};
      const r = firewallPolicyFromApi(p, {
        span: i.span,
        resource: i.address,
        resolveRef: (v) => (typeof v === 'string' ? c.ref(v) : undefined),
      });
      c.b.diags.push(...r.diagnostics);
      c.b.add('firewallPolicies', { id: i.address, name: str(i.attrs['name']), ...r.parts, span: i.span });
    }
  },
};

const ruleGroup: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      // `rules` (a Suricata string at the top level) is the alternative to rule_group.rules_source.rules_string.
      const rg =
        first(a['rule_group']) ??
        (str(a['rules']) ? { rules_source: [{ rules_string: str(a['rules']) ?? '' }] } : {});
      const text = str(first(rg['rules_source'])?.['rules_string']);
      const r = ruleGroupFromApi(rg, {
        span: i.span,
        resource: i.address,
        position: text ? locate(i, text) : undefined,
      });
      c.b.diags.push(...r.diagnostics);
      const capacity = numOf(a['capacity']);
      c.b.add('ruleGroups', {
        id: i.address,
        name: str(a['name']),
        span: i.span,
        type: str(a['type']) === 'STATELESS' ? 'STATELESS' : 'STATEFUL',
        ...(capacity !== undefined ? { capacity } : {}),
        ...r.parts,
      });
    }
  },
};

/** Mappers of AWS Network Firewall, by resource type. */
export const FIREWALL_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_networkfirewall_firewall: firewall,
  aws_networkfirewall_firewall_policy: policy,
  aws_networkfirewall_rule_group: ruleGroup,
};
