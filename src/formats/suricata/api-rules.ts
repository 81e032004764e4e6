/**
 * One Network Firewall rule from its API shape: a stateless rule (priority, match attributes, actions), a
 * stateful 5-tuple rule (header, action, sid) and a domain list (targets, target types, generated rules type) —
 * NFW-5…NFW-13, every problem a FIREWALL_API_SHAPE diagnostic.
 */
import type { DomainList, StatefulRule5Tuple, StatelessRule } from '../../model/firewall.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { asArray, field, readPorts, Reader, type ApiContext } from './api-reader.js';

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
