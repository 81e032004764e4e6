/**
 * Mapping of AWS Network Firewall: Firewall (VPC-attached), FirewallPolicy and RuleGroup to model/firewall.ts.
 *
 * Firewall endpoints: one per `SubnetMappings` entry (NFW-1), id `<Firewall>@<az>` unless pinned (the same id that
 * `Fn::GetAtt Firewall.EndpointIds` yields, so routes built with Select/Split target it), address from the
 * subnet's first free IP (assumed). A firewall attached to a transit gateway (`TransitGatewayId`, no VpcId) is not
 * modelled: it is listed as unsupported. Rule groups: `RulesString` is parsed by the Suricata parser (positions
 * point into the template), `RulesSourceList` becomes a domain list, `StatefulRules` 5-tuple rules, and
 * `StatelessRulesAndCustomActions` stateless rules. AWS-managed rule groups (ARNs) are kept as references and
 * warned about (their rules are not known offline).
 */
import { warning } from '../../diag/diagnostic.js';
import type {
  Firewall,
  FirewallPolicy,
  RuleGroup,
  RuleGroupReference,
  StatefulRule5Tuple,
  StatelessRule,
} from '../../model/firewall.js';
import type { PortRange } from '../../model/network.js';
import { parseSuricataRules } from '../../model/suricata/parse.js';
import { propSpan, type Draft, type ImportContext, type ResourceRef } from './context.js';
import type { CfnValue } from './evaluate.js';
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

function obj(v: CfnValue | undefined): CfnObject | undefined {
  return isObject(v) ? v : undefined;
}

function objs(v: CfnValue | undefined): CfnObject[] {
  return Array.isArray(v) ? (v as readonly CfnValue[]).filter(isObject) : [];
}

function variables(v: CfnValue | undefined): Record<string, string[]> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, def] of Object.entries(o)) out[k] = fieldList(obj(def), 'Definition') ?? [];
  return out;
}

function refs(ctx: ImportContext, r: ResourceRef, v: CfnValue | undefined): RuleGroupReference[] {
  const span = propSpan(ctx, r, 'FirewallPolicy');
  return objs(v).flatMap((o) => {
    const rg = field(o, 'ResourceArn');
    if (rg === undefined) return [];
    if (rg.startsWith('arn:') && ctx.resource(rg) === undefined) {
      ctx.diags.push(
        warning(
          'NFW_MANAGED_RULE_GROUP',
          `${r.decl.logicalId} references rule group ${rg}, whose rules are not known offline; verdicts that depend on it are uncertain`,
          span,
          { resource: r.id },
        ),
      );
    }
    return [{ ruleGroup: rg, priority: asInt(o['Priority']), span }];
  });
}

function ports(v: CfnValue | undefined): PortRange[] {
  return objs(v).map((o) => ({
    from: asInt(o['FromPort']) ?? 0,
    to: asInt(o['ToPort']) ?? asInt(o['FromPort']) ?? 65535,
  }));
}

function literalPos(node: CfnNode | undefined): Pos | undefined {
  let n = node;
  for (let i = 0; i < 5 && n; i++) {
    if (n.kind === 'scalar') return n.textPos;
    if (n.kind === 'fn') n = n.arg.kind === 'seq' && n.name === 'Fn::Sub' ? n.arg.items[0] : n.arg;
    else return n.pos;
  }
  return undefined;
}

/** Pass 1. */
export function createFirewallObject(ctx: ImportContext, r: ResourceRef): boolean {
  switch (r.decl.type) {
    case 'AWS::NetworkFirewall::Firewall': {
      const vpc = propString(ctx, r, 'VpcId');
      if (vpc === undefined) {
        const tgw = propString(ctx, r, 'TransitGatewayId');
        ctx.net.unsupported.push({
          id: r.id,
          type: r.decl.type,
          span: propSpan(ctx, r),
          reason: `firewall attached to transit gateway ${tgw ?? '?'} (transit gateways are not modelled)`,
        });
        ctx.diags.push(
          warning(
            'UNSUPPORTED_RESOURCE',
            `Network Firewall ${r.decl.logicalId} is attached to a transit gateway (${tgw ?? '?'}), which vpcsim does not model; traffic through it is not simulated`,
            propSpan(ctx, r, 'TransitGatewayId'),
            { resource: r.id },
          ),
        );
        return true;
      }
      const eps = ctx.deploy.firewallEndpoints(r);
      const endpoints = eps.map((e) => {
        const alloc = ctx.deploy.allocation(`${r.id}@${e.subnet}`);
        ctx.index.firewallEndpoint.set(e.id, r.id);
        return {
          id: e.id,
          subnet: e.subnet,
          ip: alloc?.addresses[0],
          span: propSpan(ctx, r, 'SubnetMappings'),
        };
      });
      const fw: Draft<Firewall> = {
        id: r.id,
        name: propString(ctx, r, 'FirewallName') ?? nameTag(r),
        vpc,
        policy: propString(ctx, r, 'FirewallPolicyArn') ?? '',
        endpoints,
        span: propSpan(ctx, r),
        assumed: eps.length > 0 ? ['endpoints'] : undefined,
      };
      ctx.net.firewalls.push(fw);
      ctx.index.firewall.set(r.id, fw);
      return true;
    }
    case 'AWS::NetworkFirewall::FirewallPolicy': {
      const fp = obj(propValue(r, 'FirewallPolicy')) ?? {};
      const engine = obj(fp['StatefulEngineOptions']);
      const order = field(engine, 'RuleOrder');
      const sep = field(engine, 'StreamExceptionPolicy');
      const policy: Draft<FirewallPolicy> = {
        id: r.id,
        name: propString(ctx, r, 'FirewallPolicyName') ?? nameTag(r),
        span: propSpan(ctx, r),
        statelessRuleGroups: refs(ctx, r, fp['StatelessRuleGroupReferences']),
        statelessDefaultActions: fieldList(fp, 'StatelessDefaultActions') ?? [],
        statelessFragmentDefaultActions: fieldList(fp, 'StatelessFragmentDefaultActions') ?? [],
        statelessCustomActions: objs(fp['StatelessCustomActions']).map((o) => {
          const dims = objs(obj(obj(o['ActionDefinition'])?.['PublishMetricAction'])?.['Dimensions']);
          const dimension = field(dims[0], 'Value');
          return dimension === undefined
            ? { name: field(o, 'ActionName') ?? '' }
            : { name: field(o, 'ActionName') ?? '', dimension };
        }),
        statefulRuleGroups: refs(ctx, r, fp['StatefulRuleGroupReferences']),
        // NFW-9: DEFAULT_ACTION_ORDER is the API default.
        ruleOrder: order === 'STRICT_ORDER' ? 'STRICT_ORDER' : 'DEFAULT_ACTION_ORDER',
        streamExceptionPolicy: sep === 'DROP' || sep === 'CONTINUE' || sep === 'REJECT' ? sep : undefined,
        statefulDefaultActions: fieldList(fp, 'StatefulDefaultActions') ?? [],
        variables: variables(obj(fp['PolicyVariables'])?.['RuleVariables']),
      };
      ctx.net.firewallPolicies.push(policy);
      return true;
    }
    case 'AWS::NetworkFirewall::RuleGroup': {
      const rg = obj(propValue(r, 'RuleGroup')) ?? {};
      const src = obj(rg['RulesSource']) ?? {};
      const vars = obj(rg['RuleVariables']);
      const type = (propString(ctx, r, 'Type') ?? 'STATEFUL') === 'STATELESS' ? 'STATELESS' : 'STATEFUL';
      const order = field(obj(rg['StatefulRuleOptions']), 'RuleOrder');
      const group: Draft<RuleGroup> = {
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
      };
      const rulesString = field(src, 'RulesString');
      if (rulesString !== undefined) {
        const file = r.stack.template.file;
        const node = child(child(child(r.decl.props, 'RuleGroup'), 'RulesSource'), 'RulesString');
        const pos = literalPos(node) ?? r.decl.pos;
        const res = parseSuricataRules(rulesString, {
          file,
          resource: r.id,
          position: (line, col) => ({ file, line: pos.line + line - 1, col: pos.col + col - 1 }),
        });
        ctx.diags.push(...res.diagnostics);
        group.suricataRules = res.rules;
      }
      const list = obj(src['RulesSourceList']);
      if (list) {
        const t = field(list, 'GeneratedRulesType');
        group.domainList = {
          targets: fieldList(list, 'Targets') ?? [],
          targetTypes: (fieldList(list, 'TargetTypes') ?? []).filter(
            (x): x is 'TLS_SNI' | 'HTTP_HOST' => x === 'TLS_SNI' || x === 'HTTP_HOST',
          ),
          generatedRulesType: t === 'DENYLIST' || t === 'REJECTLIST' || t === 'ALERTLIST' ? t : 'ALLOWLIST',
        };
      }
      const stateful = objs(src['StatefulRules']);
      if (stateful.length > 0) {
        group.statefulRules = stateful.map((o): StatefulRule5Tuple => {
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
        });
      }
      const stateless = objs(obj(src['StatelessRulesAndCustomActions'])?.['StatelessRules']);
      if (stateless.length > 0) {
        group.statelessRules = stateless.map((o): StatelessRule => {
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
        });
      }
      ctx.net.ruleGroups.push(group);
      return true;
    }
    default:
      return false;
  }
}
