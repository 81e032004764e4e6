/**
 * CloudFormation mapper of AWS::NetworkFirewall::RuleGroup, to model/firewall.ts, through the Network Firewall
 * API-shape reader the Terraform and describe-* importers share (suricata/api.ts): `RulesString` parsed by the
 * Suricata parser with positions pointing into the template, `RulesSourceList` a domain list, `StatefulRules`
 * 5-tuple rules, `StatelessRulesAndCustomActions` stateless rules (NFW-5…NFW-13). Also the small CfnValue readers the
 * firewall policy mapper uses.
 */
import { ruleGroupFromApi } from '../suricata/index.js';
import { propSpan } from './context.js';
import type { CfnValue } from './cfn-value.js';
import type { CfnMapper } from './mapper.js';
import { embeddedPosition } from './embedded-text.js';
import { child } from './node.js';
import { fieldList, isObject, nameTag, propInt, propString, propValue, type CfnObject } from './props.js';

export function obj(v: CfnValue | undefined): CfnObject | undefined {
  return isObject(v) ? v : undefined;
}

export function objs(v: CfnValue | undefined): CfnObject[] {
  return Array.isArray(v) ? (v as readonly CfnValue[]).filter(isObject) : [];
}

/** Rule variables (`{NAME: {Definition: [...]}}`) as name → values. */
export function variables(v: CfnValue | undefined): Record<string, string[]> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, def] of Object.entries(o)) out[k] = fieldList(obj(def), 'Definition') ?? [];
  return out;
}

/**
 * The rule group's `RuleGroup` property is the Network Firewall API shape: read by the one reader every importer
 * shares (suricata/api.ts: rule variables, RuleOrder NFW-9/10, RulesString through the Suricata parser with
 * positions in the template, RulesSourceList, StatefulRules, StatelessRulesAndCustomActions, NFW-5…NFW-13).
 */
const ruleGroup: CfnMapper = {
  create(ctx, r) {
    const file = r.stack.template.file;
    const node = child(child(child(r.decl.props, 'RuleGroup'), 'RulesSource'), 'RulesString');
    const rules = node ? r.stack.ev.value(node) : undefined;
    const at = embeddedPosition(node, r.decl.pos, typeof rules === 'string' ? rules : '');
    const read = ruleGroupFromApi(propValue(r, 'RuleGroup') ?? {}, {
      file,
      span: propSpan(ctx, r, 'RuleGroup'),
      resource: r.id,
      position: (line, col) => ({ file, ...at(line, col) }),
    });
    ctx.diags.push(...read.diagnostics);
    ctx.b.add('ruleGroups', {
      id: r.id,
      name: propString(ctx, r, 'RuleGroupName') ?? nameTag(r),
      span: propSpan(ctx, r),
      type: (propString(ctx, r, 'Type') ?? 'STATEFUL') === 'STATELESS' ? 'STATELESS' : 'STATEFUL',
      capacity: propInt(ctx, r, 'Capacity'),
      ...read.parts,
    });
  },
};

export const RULE_GROUP_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::NetworkFirewall::RuleGroup': ruleGroup,
};
