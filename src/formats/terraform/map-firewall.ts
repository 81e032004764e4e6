/**
 * aws_networkfirewall_firewall / _firewall_policy / _rule_group → model/firewall.ts.
 *
 * Model: a firewall has one endpoint per subnet_mapping (NFW-1) whose id is `<firewall address>@<AZ>` (the AZ of the
 * mapped subnet, or the subnet address when the AZ is not given) — the same id module-eval.ts gives
 * `firewall_status[0].sync_states[*].attachment[0].endpoint_id`, so routes written the usual Terraform way resolve
 * to it; the endpoint IP is assumed. Policies and rule groups go through the shared NFW API-shape reader
 * (formats/suricata/api.ts, snake_case blocks); `rules_string` / `rules` keeps positions in the .tf file when the
 * text can be found there.
 */
import { warning, type Span } from '../../diag/diagnostic.js';
import type { Firewall, FirewallEndpoint, FirewallPolicy, RuleGroup } from '../../model/firewall.js';
import { firewallPolicyFromApi, ruleGroupFromApi } from '../suricata/index.js';
import type { MapContext, MapInstance } from './map-resources.js';
import { blocks, numOf } from './map-rules.js';
import type { TfObject, TfValue } from './value.js';

type Mut<T> = { -readonly [K in keyof T]: T[K] };

const str = (v: TfValue | undefined): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;
const first = (v: TfValue | undefined): TfObject | undefined => blocks(v)[0];

/** Position of the first line of an embedded text inside its .tf file. */
function locate(
  inst: MapInstance & { fileText?: string },
  text: string,
): ((line: number, col: number) => Span) | undefined {
  const file = inst.span?.file;
  const whole = (inst as { fileText?: string }).fileText;
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

export interface FirewallMapping {
  readonly firewalls: Mut<Firewall>[];
  readonly policies: FirewallPolicy[];
  readonly ruleGroups: RuleGroup[];
  readonly endpointIds: Set<string>;
  readonly usedIps: string[];
  /** First endpoint of a firewall (for routes that name the firewall itself). */
  endpointOf(firewall: string): string | undefined;
  finish(allocate: (subnet: string) => string | undefined): void;
}

export function mapFirewalls(of: (t: string) => readonly MapInstance[], ctx: MapContext): FirewallMapping {
  const firewalls: Mut<Firewall>[] = [];
  const policies: FirewallPolicy[] = [];
  const ruleGroups: RuleGroup[] = [];
  const endpointIds = new Set<string>();
  const usedIps: string[] = [];
  for (const i of of('aws_networkfirewall_firewall')) {
    const a = i.attrs;
    const vpc = ctx.ref(a['vpc_id']);
    if (!vpc || !ctx.has('vpc', vpc)) {
      ctx.unresolved(i, 'vpc_id', a['vpc_id']);
      continue;
    }
    const endpoints: FirewallEndpoint[] = [];
    blocks(a['subnet_mapping']).forEach((m, k) => {
      const subnet = ctx.ref(m['subnet_id']);
      if (!subnet || !ctx.has('subnet', subnet)) {
        ctx.diags.push(
          warning(
            'TF_REFERENCE_UNRESOLVED',
            `${i.address}: subnet_mapping subnet ${JSON.stringify(m['subnet_id'] ?? null)} is not in the configuration; that endpoint is not modelled`,
            i.span,
            { resource: i.address },
          ),
        );
        return;
      }
      const az = ctx.net.subnets.find((s) => s.id === subnet)?.az;
      const id = `${i.address}@${az ?? subnet}`;
      endpointIds.add(id);
      endpoints.push({
        id,
        subnet,
        ...(ctx.span(i, `subnet_mapping.${k}`) ? { span: ctx.span(i, `subnet_mapping.${k}`) } : {}),
      });
    });
    firewalls.push({
      id: i.address,
      name: str(a['name']),
      span: i.span,
      vpc,
      policy: ctx.ref(a['firewall_policy_arn']) ?? '',
      endpoints,
      assumed: ['endpoints.ip'],
    });
  }
  for (const i of of('aws_networkfirewall_firewall_policy')) {
    const p = first(i.attrs['firewall_policy']) ?? {};
    const r = firewallPolicyFromApi(p, {
      span: i.span,
      resource: i.address,
      resolveRef: (v) => (typeof v === 'string' ? ctx.ref(v) : undefined),
    });
    ctx.diags.push(...r.diagnostics);
    policies.push({ id: i.address, name: str(i.attrs['name']), ...r.parts, span: i.span });
  }
  for (const i of of('aws_networkfirewall_rule_group')) {
    const a = i.attrs;
    const type = str(a['type']) === 'STATELESS' ? 'STATELESS' : 'STATEFUL';
    // `rules` (a Suricata string at the top level) is the alternative to rule_group.rules_source.rules_string.
    const rg =
      first(a['rule_group']) ??
      (str(a['rules']) ? { rules_source: [{ rules_string: str(a['rules']) ?? '' }] } : {});
    const src = first(rg['rules_source']);
    const text = str(src?.['rules_string']);
    const r = ruleGroupFromApi(rg, {
      span: i.span,
      resource: i.address,
      position: text ? locate(i, text) : undefined,
    });
    ctx.diags.push(...r.diagnostics);
    const group: RuleGroup = {
      id: i.address,
      name: str(a['name']),
      span: i.span,
      type,
      ...(numOf(a['capacity']) !== undefined ? { capacity: numOf(a['capacity']) } : {}),
      ...r.parts,
    };
    ruleGroups.push(group);
  }
  return {
    firewalls,
    policies,
    ruleGroups,
    endpointIds,
    usedIps,
    endpointOf: (f) => firewalls.find((x) => x.id === f)?.endpoints[0]?.id,
    finish: (allocate) => {
      for (const f of firewalls)
        f.endpoints = f.endpoints.map((e) => (e.ip ? e : { ...e, ip: allocate(e.subnet) }));
    },
  };
}
