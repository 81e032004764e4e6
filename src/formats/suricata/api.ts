/**
 * Network Firewall API shapes (already-decoded JSON) → model parts, for the CloudFormation, Terraform and AWS CLI
 * importers (NFW-5…NFW-13).
 *
 * Model: accepts the API/CloudFormation PascalCase shape (`RulesSource.StatefulRules[].Header.SourcePort`) and the
 * Terraform snake_case block shape (`rules_source[0].stateful_rule[].header[0].source_port`, blocks as arrays of
 * one object, as hcl2json and `terraform show -json` give them). Importers resolve intrinsics first; a value that
 * is still not a string/number where one is needed (an unresolved `Fn::…`) is reported, never guessed.
 * Never throws: every problem is a Diagnostic at `ctx.span` (or the position `ctx.position` maps to, for rule
 * strings), and whatever could be read is returned.
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
import type { PortRange } from '../../model/network.js';
import { parseSuricataRules } from '../../model/suricata/parse.js';

export interface ApiContext {
  readonly file?: string | undefined;
  /** Where the object was written. */
  readonly span?: Span | undefined;
  /** Maps line/col inside a `RulesString` to the file. */
  readonly position?: ((line: number, col: number) => Span) | undefined;
  /** Resource id for diagnostics. */
  readonly resource?: string | undefined;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field by any of its spellings; a one-element array standing for a block is unwrapped when `block`. */
function field(o: unknown, names: readonly string[], block = false): unknown {
  if (!isObj(o)) return undefined;
  for (const n of names) {
    if (n in o) {
      const v = o[n];
      if (block && Array.isArray(v) && v.length === 1 && isObj(v[0])) return v[0];
      return v;
    }
  }
  return undefined;
}

/** A short rendering of a JSON value for messages. */
function show(v: unknown): string {
  const t = JSON.stringify(v) as string | undefined;
  return t === undefined ? 'nothing' : t.slice(0, 80);
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

class Reader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly ctx: ApiContext) {}
  problem(message: string, severity: 'error' | 'warning' = 'error', ref = 'NFW-8'): void {
    this.diagnostics.push({
      severity,
      code: 'FIREWALL_API_SHAPE',
      message,
      span: this.ctx.span,
      resource: this.ctx.resource,
      ref,
    });
  }
  str(v: unknown, what: string): string | undefined {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    if (v !== undefined) this.problem(`${what} must be a string, found ${show(v)}`);
    return undefined;
  }
  num(v: unknown, what: string): number | undefined {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^-?[0-9]+$/.test(v.trim())) return Number(v);
    if (v !== undefined) this.problem(`${what} must be a number, found ${show(v)}`);
    return undefined;
  }
  strs(v: unknown, what: string): string[] {
    return asArray(v)
      .map((x, i) => this.str(x, `${what}[${i}]`))
      .filter((x): x is string => x !== undefined);
  }
}

/** `{HOME_NET: {Definition: [...]}}` or Terraform `[{key, ip_set: [{definition}]}]` → variables. */
function readVariables(
  r: Reader,
  v: unknown,
  setNames: readonly string[],
  what: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (Array.isArray(v)) {
    for (const e of v) {
      const key = r.str(field(e, ['key', 'Key']), `${what} key`);
      const set = field(e, setNames, true);
      if (key !== undefined) out[key] = r.strs(field(set, ['definition', 'Definition']), `${what} ${key}`);
    }
  } else if (isObj(v)) {
    for (const [key, set] of Object.entries(v))
      out[key] = r.strs(field(set, ['Definition', 'definition']), `${what} ${key}`);
  } else if (v !== undefined) r.problem(`${what} must be a map of variables`);
  return out;
}

function readPorts(r: Reader, v: unknown, what: string): PortRange[] {
  const out: PortRange[] = [];
  for (const p of asArray(v)) {
    const from = r.num(field(p, ['FromPort', 'from_port']), `${what} FromPort`);
    const to = r.num(field(p, ['ToPort', 'to_port']), `${what} ToPort`);
    if (from === undefined || to === undefined) continue;
    if (from < 0 || to > 65535 || from > to) {
      r.problem(
        `${what} ${from}-${to} is not a valid port range (0–65535, FromPort ≤ ToPort)`,
        'error',
        'NFW-5',
      );
      continue;
    }
    out.push({ from, to });
  }
  return out;
}

/** One stateless rule (`StatelessRule`: Priority + RuleDefinition{Actions, MatchAttributes}). */
export function statelessRuleFromApi(
  v: unknown,
  ctx: ApiContext,
): { rule?: StatelessRule; diagnostics: Diagnostic[] } {
  const r = new Reader(ctx);
  const priority = r.num(field(v, ['Priority', 'priority']), 'stateless rule Priority');
  const def = field(v, ['RuleDefinition', 'rule_definition'], true);
  const actions = r.strs(field(def, ['Actions', 'actions']), 'RuleDefinition.Actions');
  const m = field(def, ['MatchAttributes', 'match_attributes'], true);
  const addrs = (names: readonly string[], what: string): string[] =>
    asArray(field(m, names)).flatMap((a) => {
      const s = r.str(field(a, ['AddressDefinition', 'address_definition']), `${what}.AddressDefinition`);
      return s === undefined ? [] : [s];
    });
  const protocols = asArray(field(m, ['Protocols', 'protocols']))
    .map((p, i) => r.num(p, `MatchAttributes.Protocols[${i}]`))
    .filter((p): p is number => p !== undefined);
  const tcpFlags = asArray(field(m, ['TCPFlags', 'TcpFlags', 'tcp_flag', 'tcp_flags'])).map((f) => ({
    flags: r.strs(field(f, ['Flags', 'flags']), 'TCPFlags.Flags'),
    masks: r.strs(field(f, ['Masks', 'masks']), 'TCPFlags.Masks'),
  }));
  if (priority === undefined) r.problem('stateless rule has no Priority', 'error', 'NFW-5');
  if (actions.length === 0) r.problem('stateless rule has no Actions', 'error', 'NFW-6');
  if (priority === undefined) return { diagnostics: r.diagnostics };
  return {
    rule: {
      priority,
      sources: addrs(['Sources', 'source'], 'Sources'),
      destinations: addrs(['Destinations', 'destination'], 'Destinations'),
      sourcePorts: readPorts(r, field(m, ['SourcePorts', 'source_port']), 'SourcePorts'),
      destinationPorts: readPorts(r, field(m, ['DestinationPorts', 'destination_port']), 'DestinationPorts'),
      protocols,
      tcpFlags: tcpFlags.length > 0 ? tcpFlags : undefined,
      actions,
      span: ctx.span,
    },
    diagnostics: r.diagnostics,
  };
}

const ACTIONS_5 = new Set(['PASS', 'DROP', 'REJECT', 'ALERT']);

/** One 5-tuple stateful rule (`StatefulRule`: Action, Header, RuleOptions). */
export function statefulRuleFromApi(
  v: unknown,
  ctx: ApiContext,
): { rule?: StatefulRule5Tuple; diagnostics: Diagnostic[] } {
  const r = new Reader(ctx);
  const action = r.str(field(v, ['Action', 'action']), 'StatefulRule.Action')?.toUpperCase();
  const h = field(v, ['Header', 'header'], true);
  const get = (names: string[], what: string): string | undefined => r.str(field(h, names), `Header.${what}`);
  const protocol = get(['Protocol', 'protocol'], 'Protocol');
  const source = get(['Source', 'source'], 'Source');
  const sourcePort = get(['SourcePort', 'source_port'], 'SourcePort');
  const direction = get(['Direction', 'direction'], 'Direction')?.toUpperCase();
  const destination = get(['Destination', 'destination'], 'Destination');
  const destinationPort = get(['DestinationPort', 'destination_port'], 'DestinationPort');
  const options = asArray(field(v, ['RuleOptions', 'rule_option', 'rule_options'])).flatMap((o) => {
    const keyword = r.str(field(o, ['Keyword', 'keyword']), 'RuleOptions.Keyword');
    return keyword === undefined
      ? []
      : [{ keyword, settings: r.strs(field(o, ['Settings', 'settings']), `RuleOptions ${keyword}`) }];
  });
  if (action === undefined || !ACTIONS_5.has(action)) {
    r.problem(`StatefulRule.Action must be PASS, DROP, REJECT or ALERT, found ${action ?? 'nothing'}`);
    return { diagnostics: r.diagnostics };
  }
  if (direction !== undefined && direction !== 'FORWARD' && direction !== 'ANY') {
    r.problem(`Header.Direction must be FORWARD or ANY, found ${direction}`);
    return { diagnostics: r.diagnostics };
  }
  if (!protocol || !source || !sourcePort || !destination || !destinationPort) {
    r.problem('StatefulRule.Header needs Protocol, Source, SourcePort, Destination and DestinationPort');
    return { diagnostics: r.diagnostics };
  }
  const sidOpt = options.find((o) => o.keyword.toLowerCase() === 'sid');
  const sidText = sidOpt?.settings[0];
  const sid = sidText !== undefined && /^[0-9]+$/.test(sidText) ? Number(sidText) : undefined;
  return {
    rule: {
      action: action as StatefulRule5Tuple['action'],
      protocol,
      source,
      sourcePort,
      direction: direction ?? 'FORWARD',
      destination,
      destinationPort,
      sid,
      options: options.filter((o) => o.keyword.toLowerCase() !== 'sid'),
      span: ctx.span,
    },
    diagnostics: r.diagnostics,
  };
}

const TARGET_TYPES = new Set(['TLS_SNI', 'HTTP_HOST']);
const GENERATED = new Set(['ALLOWLIST', 'DENYLIST', 'REJECTLIST', 'ALERTLIST']);

/** A domain list (`RulesSourceList`). */
export function domainListFromApi(
  v: unknown,
  ctx: ApiContext,
): { list?: DomainList; diagnostics: Diagnostic[] } {
  const r = new Reader(ctx);
  const type = r.str(field(v, ['GeneratedRulesType', 'generated_rules_type']), 'GeneratedRulesType');
  const targets = r.strs(field(v, ['Targets', 'targets']), 'Targets');
  const targetTypes = r.strs(field(v, ['TargetTypes', 'target_types']), 'TargetTypes');
  for (const t of targetTypes)
    if (!TARGET_TYPES.has(t))
      r.problem(`TargetTypes entry "${t}" must be TLS_SNI or HTTP_HOST`, 'error', 'NFW-12');
  if (type === undefined || !GENERATED.has(type)) {
    r.problem(
      `GeneratedRulesType must be ALLOWLIST, DENYLIST, REJECTLIST or ALERTLIST, found ${type ?? 'nothing'}`,
      'error',
      'NFW-12',
    );
    return { diagnostics: r.diagnostics };
  }
  if (targetTypes.length === 0) r.problem('domain list has no TargetTypes', 'error', 'NFW-12');
  return {
    list: {
      targets,
      targetTypes: targetTypes.filter((t): t is 'TLS_SNI' | 'HTTP_HOST' => TARGET_TYPES.has(t)),
      generatedRulesType: type as DomainList['generatedRulesType'],
    },
    diagnostics: r.diagnostics,
  };
}

/** The rule-bearing parts of a rule group, to spread into a model RuleGroup. */
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
