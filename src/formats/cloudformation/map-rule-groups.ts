/**
 * CloudFormation mapper of AWS::NetworkFirewall::RuleGroup, to model/firewall.ts: `RulesString` is parsed by the
 * Suricata parser (model/suricata, positions pointing into the template), `RulesSourceList` becomes a domain list,
 * `StatefulRules` 5-tuple rules and `StatelessRulesAndCustomActions` stateless rules (NFW-9 for rule order).
 */
import type { RuleGroup, StatefulRule5Tuple, StatelessRule, SuricataRule } from '../../model/firewall.js';
import type { PortRange } from '../../model/network.js';
import { parseSuricataRules } from '../../model/suricata/parse.js';
import { propSpan, type ImportContext, type ResourceRef } from './context.js';
import type { CfnValue } from './cfn-value.js';
import type { CfnMapper } from './mapper.js';
import { child, type CfnNode, type Pos } from './node.js';
import {
  asInt,
  asString,
  field,
  fieldList,
  isObject,
  nameTag,
  propInt,
  propString,
  propValue,
  type CfnObject,
} from './props.js';

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

function ports(v: CfnValue | undefined): PortRange[] {
  return objs(v).map((o) => ({
    from: asInt(o['FromPort']) ?? 0,
    to: asInt(o['ToPort']) ?? asInt(o['FromPort']) ?? 65535,
  }));
}

/** Where the literal text of a RulesString starts (inside Fn::Sub and the like). */
function literalPos(node: CfnNode | undefined): Pos | undefined {
  let n = node;
  for (let i = 0; i < 5 && n; i++) {
    if (n.kind === 'scalar') return n.textPos;
    if (n.kind === 'fn') n = n.arg.kind === 'seq' && n.name === 'Fn::Sub' ? n.arg.items[0] : n.arg;
    else return n.pos;
  }
  return undefined;
}

/** `RulesString`: Suricata rules, positioned in the template. */
function suricataRules(ctx: ImportContext, r: ResourceRef, text: string): SuricataRule[] {
  const file = r.stack.template.file;
  const node = child(child(child(r.decl.props, 'RuleGroup'), 'RulesSource'), 'RulesString');
  const pos = literalPos(node) ?? r.decl.pos;
  const res = parseSuricataRules(text, {
    file,
    resource: r.id,
    position: (line, col) => ({ file, line: pos.line + line - 1, col: pos.col + col - 1 }),
  });
  ctx.diags.push(...res.diagnostics);
  return res.rules;
}

function domainList(list: CfnObject): RuleGroup['domainList'] {
  const t = field(list, 'GeneratedRulesType');
  return {
    targets: fieldList(list, 'Targets') ?? [],
    targetTypes: (fieldList(list, 'TargetTypes') ?? []).filter(
      (x): x is 'TLS_SNI' | 'HTTP_HOST' => x === 'TLS_SNI' || x === 'HTTP_HOST',
    ),
    generatedRulesType: t === 'DENYLIST' || t === 'REJECTLIST' || t === 'ALERTLIST' ? t : 'ALLOWLIST',
  };
}

function statefulRule(ctx: ImportContext, r: ResourceRef, o: CfnObject): StatefulRule5Tuple {
  const h = obj(o['Header']) ?? {};
  const a = (field(o, 'Action') ?? 'PASS').toUpperCase();
  const sidOpt = objs(o['RuleOptions']).find((x) => field(x, 'Keyword') === 'sid');
  const sid = asInt(fieldList(sidOpt, 'Settings')?.[0]);
  return {
    action: a === 'DROP' || a === 'REJECT' || a === 'ALERT' ? a : 'PASS',
    protocol: field(h, 'Protocol') ?? 'IP',
    source: field(h, 'Source') ?? 'ANY',
    sourcePort: field(h, 'SourcePort') ?? 'ANY',
    direction: field(h, 'Direction') === 'ANY' ? 'ANY' : 'FORWARD',
    destination: field(h, 'Destination') ?? 'ANY',
    destinationPort: field(h, 'DestinationPort') ?? 'ANY',
    sid,
    span: propSpan(ctx, r, 'RuleGroup'),
  };
}

function statelessRule(ctx: ImportContext, r: ResourceRef, o: CfnObject): StatelessRule {
  const def = obj(o['RuleDefinition']) ?? {};
  const m = obj(def['MatchAttributes']) ?? {};
  return {
    priority: asInt(o['Priority']) ?? 0,
    sources: objs(m['Sources']).map((x) => field(x, 'AddressDefinition') ?? ''),
    destinations: objs(m['Destinations']).map((x) => field(x, 'AddressDefinition') ?? ''),
    sourcePorts: ports(m['SourcePorts']),
    destinationPorts: ports(m['DestinationPorts']),
    protocols: (Array.isArray(m['Protocols']) ? (m['Protocols'] as readonly CfnValue[]) : []).map(
      (p) => asInt(p) ?? Number(asString(p)),
    ),
    tcpFlags: objs(m['TCPFlags']).map((f) => ({
      flags: fieldList(f, 'Flags') ?? [],
      masks: fieldList(f, 'Masks') ?? [],
    })),
    actions: fieldList(def, 'Actions') ?? [],
    span: propSpan(ctx, r, 'RuleGroup'),
  };
}

const ruleGroup: CfnMapper = {
  create(ctx, r) {
    const rg = obj(propValue(r, 'RuleGroup')) ?? {};
    const src = obj(rg['RulesSource']) ?? {};
    const vars = obj(rg['RuleVariables']);
    const type = (propString(ctx, r, 'Type') ?? 'STATEFUL') === 'STATELESS' ? 'STATELESS' : 'STATEFUL';
    const order = field(obj(rg['StatefulRuleOptions']), 'RuleOrder');
    const group = ctx.b.add('ruleGroups', {
      id: r.id,
      name: propString(ctx, r, 'RuleGroupName') ?? nameTag(r),
      span: propSpan(ctx, r),
      type,
      capacity: propInt(ctx, r, 'Capacity'),
      ruleOrder:
        order === 'STRICT_ORDER'
          ? 'STRICT_ORDER'
          : order === 'DEFAULT_ACTION_ORDER'
            ? 'DEFAULT_ACTION_ORDER'
            : undefined,
      variables: variables(vars?.['IPSets']),
      portVariables: variables(vars?.['PortSets']),
    });
    const rulesString = field(src, 'RulesString');
    if (rulesString !== undefined) group.suricataRules = suricataRules(ctx, r, rulesString);
    const list = obj(src['RulesSourceList']);
    if (list) group.domainList = domainList(list);
    const stateful = objs(src['StatefulRules']);
    if (stateful.length > 0) group.statefulRules = stateful.map((o) => statefulRule(ctx, r, o));
    const stateless = objs(obj(src['StatelessRulesAndCustomActions'])?.['StatelessRules']);
    if (stateless.length > 0) group.statelessRules = stateless.map((o) => statelessRule(ctx, r, o));
  },
};

export const RULE_GROUP_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::NetworkFirewall::RuleGroup': ruleGroup,
};
