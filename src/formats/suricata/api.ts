/**
 * Network Firewall API shapes (already-decoded JSON) → model parts, for the CloudFormation, Terraform and AWS CLI
 * importers (NFW-5…NFW-13).
 *
 * Model: accepts the API/CloudFormation PascalCase shape (`RulesSource.StatefulRules[].Header.SourcePort`) and the
 * Terraform snake_case block shape (`rules_source[0].stateful_rule[].header[0].source_port`, blocks as arrays of
 * one object, as hcl2json and `terraform show -json` give them). Importers resolve intrinsics first; a value that
 * is still not a string/number where one is needed (an unresolved `Fn::…`) is reported, never guessed.
 * Never throws: every problem is a Diagnostic at `ctx.span` (or the position `ctx.position` maps to, for rule
 * strings), and whatever could be read is returned. Here: rule groups and firewall policies; single rules are
 * api-rules.ts's, the value readers api-reader.ts's.
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type {
  DomainList,
  FirewallPolicy,
  RuleGroupReference,
  StatefulRule5Tuple,
  StatelessRule,
  SuricataRule,
} from '../../model/firewall.js';
import { parseSuricataRules } from '../../model/suricata/parse.js';

import { asArray, field, readVariables, Reader, show, type ApiContext } from './api-reader.js';
import { domainListFromApi, statefulRuleFromApi, statelessRuleFromApi } from './api-rules.js';

export type { ApiContext } from './api-reader.js';
export { domainListFromApi, statefulRuleFromApi, statelessRuleFromApi } from './api-rules.js';

export interface RuleGroupParts {
  readonly ruleOrder?: 'DEFAULT_ACTION_ORDER' | 'STRICT_ORDER' | undefined;
  readonly variables?: Record<string, string[]> | undefined;
  readonly portVariables?: Record<string, string[]> | undefined;
  readonly statelessRules?: StatelessRule[] | undefined;
  readonly statefulRules?: StatefulRule5Tuple[] | undefined;
  readonly suricataRules?: SuricataRule[] | undefined;
  readonly domainList?: DomainList | undefined;
}

/**
 * The `RuleGroup` object of a rule group (CFN `Properties.RuleGroup`, TF `rule_group`, CLI `RuleGroup`).
 * `ruleGroupFromApi({RulesSource: {RulesString: 'pass tcp …'}}, {resource: 'Rg'})` → `{parts: {suricataRules: […]}}`.
 */
export function ruleGroupFromApi(
  v: unknown,
  ctx: ApiContext,
): { parts: RuleGroupParts; diagnostics: Diagnostic[] } {
  const r = new Reader(ctx);
  const diagnostics = r.diagnostics;
  const vars = field(v, ['RuleVariables', 'rule_variables'], true);
  const variables = readVariables(
    r,
    field(vars, ['IPSets', 'ip_sets']),
    ['IPSet', 'ip_set'],
    'RuleVariables.IPSets',
  );
  const portVariables = readVariables(
    r,
    field(vars, ['PortSets', 'port_sets']),
    ['PortSet', 'port_set'],
    'RuleVariables.PortSets',
  );
  const orderRaw = r.str(
    field(field(v, ['StatefulRuleOptions', 'stateful_rule_options'], true), ['RuleOrder', 'rule_order']),
    'StatefulRuleOptions.RuleOrder',
  );
  if (orderRaw !== undefined && orderRaw !== 'DEFAULT_ACTION_ORDER' && orderRaw !== 'STRICT_ORDER') {
    r.problem(`RuleOrder must be DEFAULT_ACTION_ORDER or STRICT_ORDER, found ${orderRaw}`, 'error', 'NFW-10');
  }
  const ruleOrder =
    orderRaw === 'STRICT_ORDER'
      ? 'STRICT_ORDER'
      : orderRaw === 'DEFAULT_ACTION_ORDER'
        ? 'DEFAULT_ACTION_ORDER'
        : undefined;
  const src = field(v, ['RulesSource', 'rules_source'], true);
  const parts: {
    -readonly [K in keyof RuleGroupParts]: RuleGroupParts[K];
  } = { ruleOrder };
  if (Object.keys(variables).length > 0) parts.variables = variables;
  if (Object.keys(portVariables).length > 0) parts.portVariables = portVariables;
  const rulesString = field(src, ['RulesString', 'rules_string']);
  if (rulesString !== undefined) {
    const text = r.str(rulesString, 'RulesSource.RulesString');
    if (text !== undefined) {
      const parsed = parseSuricataRules(text, {
        file: ctx.span?.file ?? ctx.file ?? '<rules string>',
        position: ctx.position ?? (ctx.span ? () => ctx.span as Span : undefined),
        resource: ctx.resource,
      });
      parts.suricataRules = parsed.rules;
      diagnostics.push(...parsed.diagnostics);
    }
  }
  const list = field(src, ['RulesSourceList', 'rules_source_list'], true);
  if (list !== undefined) {
    const d = domainListFromApi(list, ctx);
    diagnostics.push(...d.diagnostics);
    if (d.list) parts.domainList = d.list;
  }
  const stateful = field(src, ['StatefulRules', 'stateful_rule', 'stateful_rules']);
  if (stateful !== undefined) {
    parts.statefulRules = [];
    for (const s of asArray(stateful)) {
      const d = statefulRuleFromApi(s, ctx);
      diagnostics.push(...d.diagnostics);
      if (d.rule) parts.statefulRules.push(d.rule);
    }
  }
  const sl = field(src, ['StatelessRulesAndCustomActions', 'stateless_rules_and_custom_actions'], true);
  if (sl !== undefined) {
    parts.statelessRules = [];
    for (const s of asArray(field(sl, ['StatelessRules', 'stateless_rule', 'stateless_rules']))) {
      const d = statelessRuleFromApi(s, ctx);
      diagnostics.push(...d.diagnostics);
      if (d.rule) parts.statelessRules.push(d.rule);
    }
  }
  if (src === undefined) r.problem('rule group has no RulesSource', 'warning');
  return { parts, diagnostics };
}

/** Default reference resolver: an ARN → its last path segment (the rule group name); a string → itself. */
function defaultRef(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^arn:[^:]+:network-firewall:[^:]*:[^:]*:[a-z-]*rulegroup\/(.+)$/.exec(v);
  return m ? m[1] : v;
}

/** The `FirewallPolicy` object of a policy (CFN `Properties.FirewallPolicy`, TF `firewall_policy`). */
export function firewallPolicyFromApi(
  v: unknown,
  ctx: ApiContext & { readonly resolveRef?: ((ref: unknown) => string | undefined) | undefined },
): { parts: Omit<FirewallPolicy, 'id'>; diagnostics: Diagnostic[] } {
  const r = new Reader(ctx);
  const resolve = ctx.resolveRef ?? defaultRef;
  const refs = (names: readonly string[], what: string): RuleGroupReference[] =>
    asArray(field(v, names)).flatMap((e, i) => {
      const raw = field(e, ['ResourceArn', 'resource_arn']);
      const id = resolve(raw);
      if (id === undefined) {
        r.problem(`${what}[${i}].ResourceArn could not be resolved to a rule group (${show(raw)})`);
        return [];
      }
      const priority = r.num(field(e, ['Priority', 'priority']), `${what}[${i}].Priority`);
      return [{ ruleGroup: id, priority, span: ctx.span }];
    });
  const engine = field(v, ['StatefulEngineOptions', 'stateful_engine_options'], true);
  const order = r.str(field(engine, ['RuleOrder', 'rule_order']), 'StatefulEngineOptions.RuleOrder');
  const sep = r.str(
    field(engine, ['StreamExceptionPolicy', 'stream_exception_policy']),
    'StreamExceptionPolicy',
  );
  if (order !== undefined && order !== 'DEFAULT_ACTION_ORDER' && order !== 'STRICT_ORDER') {
    r.problem(
      `StatefulEngineOptions.RuleOrder must be DEFAULT_ACTION_ORDER or STRICT_ORDER, found ${order}`,
      'error',
      'NFW-10',
    );
  }
  if (sep !== undefined && sep !== 'DROP' && sep !== 'CONTINUE' && sep !== 'REJECT') {
    r.problem(`StreamExceptionPolicy must be DROP, CONTINUE or REJECT, found ${sep}`, 'error', 'NFW-4');
  }
  const pv = field(field(v, ['PolicyVariables', 'policy_variables'], true), [
    'RuleVariables',
    'rule_variables',
  ]);
  const variables = readVariables(r, pv, ['IPSet', 'ip_set'], 'PolicyVariables.RuleVariables');
  const custom = asArray(field(v, ['StatelessCustomActions', 'stateless_custom_action'])).flatMap((c) => {
    const name = r.str(field(c, ['ActionName', 'action_name']), 'StatelessCustomActions.ActionName');
    return name === undefined ? [] : [{ name }];
  });
  const statelessDefaultActions = r.strs(
    field(v, ['StatelessDefaultActions', 'stateless_default_actions']),
    'StatelessDefaultActions',
  );
  const statelessFragmentDefaultActions = r.strs(
    field(v, ['StatelessFragmentDefaultActions', 'stateless_fragment_default_actions']),
    'StatelessFragmentDefaultActions',
  );
  if (statelessDefaultActions.length === 0)
    r.problem('StatelessDefaultActions is required (NFW-7)', 'error', 'NFW-7');
  if (statelessFragmentDefaultActions.length === 0)
    r.problem('StatelessFragmentDefaultActions is required (NFW-7)', 'error', 'NFW-7');
  return {
    parts: {
      span: ctx.span,
      statelessRuleGroups: refs(
        ['StatelessRuleGroupReferences', 'stateless_rule_group_reference'],
        'StatelessRuleGroupReferences',
      ),
      statelessDefaultActions,
      statelessFragmentDefaultActions,
      statelessCustomActions: custom.length > 0 ? custom : undefined,
      statefulRuleGroups: refs(
        ['StatefulRuleGroupReferences', 'stateful_rule_group_reference'],
        'StatefulRuleGroupReferences',
      ),
      ruleOrder: order === 'STRICT_ORDER' ? 'STRICT_ORDER' : 'DEFAULT_ACTION_ORDER',
      streamExceptionPolicy: sep === 'DROP' || sep === 'CONTINUE' || sep === 'REJECT' ? sep : undefined,
      statefulDefaultActions: r.strs(
        field(v, ['StatefulDefaultActions', 'stateful_default_actions']),
        'StatefulDefaultActions',
      ),
      variables: Object.keys(variables).length > 0 ? variables : undefined,
    },
    diagnostics: r.diagnostics,
  };
}
