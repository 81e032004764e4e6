/**
 * Firewall policies (NFW-5…NFW-11, NFW-13): stateless default actions with exactly one standard action, rule-group
 * references (exist, right type, same rule order, priorities present and unique), stateful default actions in
 * strict order (known, one drop at most, plain and app-layer "established" not mixed), a domain allowlist under
 * aws:drop_strict (lint), and policy variables (only HOME_NET).
 */
import type { FirewallPolicy } from '../model/firewall.js';
import type { Network } from '../model/network.js';
import { splitActions } from '../dataplane/firewall/compile.js';
import { byId, checkCidrList, type Emit } from './firewall-common.js';

const STATEFUL_DEFAULTS = new Set([
  'aws:drop_strict',
  'aws:drop_established',
  'aws:drop_established_app_layer',
  'aws:alert_strict',
  'aws:alert_established',
  'aws:alert_established_app_layer',
]);

export function validatePolicy(net: Network, p: FirewallPolicy, emit: Emit): void {
  const span = p.span;
  // NFW-7: default actions for full packets and fragments, exactly one standard action each.
  const customNames = new Set((p.statelessCustomActions ?? []).map((c) => c.name));
  for (const [list, what] of [
    [p.statelessDefaultActions, 'StatelessDefaultActions'],
    [p.statelessFragmentDefaultActions, 'StatelessFragmentDefaultActions'],
  ] as const) {
    const { standard, custom } = splitActions(list);
    const nStd = list.length - custom.length;
    if (standard === undefined || nStd !== 1) {
      emit(
        'error',
        'FIREWALL_STATELESS_DEFAULT_ACTIONS',
        `policy ${p.id}: ${what} must contain exactly one of aws:pass, aws:drop, aws:forward_to_sfe, found ${list.length ? list.join(', ') : 'none'}`,
        p.spans?.[what] ?? span,
        p.id,
        'NFW-7',
      );
    }
    for (const c of custom) {
      if (!customNames.has(c))
        emit(
          'error',
          'FIREWALL_UNKNOWN_CUSTOM_ACTION',
          `policy ${p.id}: ${what} names custom action "${c}", which the policy does not define`,
          p.spans?.[what] ?? span,
          p.id,
          'NFW-6',
        );
    }
  }
  const strict = p.ruleOrder === 'STRICT_ORDER';
  // Stateless references (NFW-5): priorities required and unique.
  checkRefs(net, p, 'STATELESS', true, emit);
  checkRefs(net, p, 'STATEFUL', strict, emit);
  // NFW-11: stateful default actions.
  const defs = p.statefulDefaultActions;
  if (!strict && defs.length > 0) {
    emit(
      'error',
      'FIREWALL_STATEFUL_DEFAULT_ACTIONS',
      `policy ${p.id}: stateful default actions (${defs.join(', ')}) are only allowed with STRICT_ORDER`,
      p.spans?.['statefulDefaultActions'] ?? span,
      p.id,
      'NFW-11',
    );
  }
  for (const a of defs) {
    if (!STATEFUL_DEFAULTS.has(a))
      emit(
        'error',
        'FIREWALL_STATEFUL_DEFAULT_ACTIONS',
        `policy ${p.id}: "${a}" is not a stateful default action (${[...STATEFUL_DEFAULTS].join(', ')})`,
        p.spans?.['statefulDefaultActions'] ?? span,
        p.id,
        'NFW-11',
      );
  }
  const drops = defs.filter((a) => a.startsWith('aws:drop'));
  if (drops.length > 1) {
    emit(
      'error',
      'FIREWALL_STATEFUL_DEFAULT_ACTIONS',
      `policy ${p.id}: at most one drop default action is allowed, found ${drops.join(', ')}`,
      p.spans?.['statefulDefaultActions'] ?? span,
      p.id,
      'NFW-11',
    );
  }
  const plain = defs.filter((a) => a.endsWith('_established'));
  const app = defs.filter((a) => a.endsWith('_established_app_layer'));
  if (plain.length > 0 && app.length > 0 && drops.length <= 1) {
    emit(
      'error',
      'FIREWALL_STATEFUL_DEFAULT_ACTIONS',
      `policy ${p.id}: ${plain.join(', ')} and ${app.join(', ')} cannot be combined (plain and application-layer "established" variants are mutually exclusive)`,
      p.spans?.['statefulDefaultActions'] ?? span,
      p.id,
      'NFW-11',
    );
  }
  // NFW-11 lint: domain allowlists need drop_established, not drop_strict.
  if (strict && drops.includes('aws:drop_strict')) {
    for (const ref of p.statefulRuleGroups) {
      const g = byId(net.ruleGroups, ref.ruleGroup);
      if (g?.domainList?.generatedRulesType === 'ALLOWLIST') {
        emit(
          'warning',
          'FIREWALL_DROP_STRICT_WITH_DOMAIN_LIST',
          `policy ${p.id}: aws:drop_strict drops the TCP handshake before the TLS SNI / HTTP Host of domain list ${g.id} can be seen, so nothing it allows gets through; use aws:drop_established`,
          p.spans?.['statefulDefaultActions'] ?? span,
          p.id,
          'NFW-11',
        );
      }
    }
  }
  for (const [name, def] of Object.entries(p.variables ?? {})) {
    if (name !== 'HOME_NET')
      emit(
        'warning',
        'FIREWALL_POLICY_VARIABLE',
        `policy ${p.id}: policy variable ${name} is ignored; only HOME_NET can be set at the policy level`,
        span,
        p.id,
        'NFW-13',
      );
    checkCidrList(def, `policy ${p.id} variable ${name}`, span, p.id, emit);
  }
}

function checkRefs(
  net: Network,
  p: FirewallPolicy,
  type: 'STATELESS' | 'STATEFUL',
  needPriority: boolean,
  emit: Emit,
): void {
  const refs = type === 'STATELESS' ? p.statelessRuleGroups : p.statefulRuleGroups;
  const prios = new Map<number, string>();
  const strict = p.ruleOrder === 'STRICT_ORDER';
  for (const ref of refs) {
    const span = ref.span ?? p.span;
    const g = byId(net.ruleGroups, ref.ruleGroup);
    if (!g) {
      emit(
        'error',
        'FIREWALL_RULE_GROUP_NOT_FOUND',
        `policy ${p.id} refers to ${type.toLowerCase()} rule group "${ref.ruleGroup}", which is not defined`,
        span,
        p.id,
        type === 'STATELESS' ? 'NFW-5' : 'NFW-8',
      );
    } else if (g.type !== type) {
      emit(
        'error',
        'FIREWALL_RULE_GROUP_TYPE_MISMATCH',
        `policy ${p.id} lists ${g.type.toLowerCase()} rule group ${g.id} among its ${type.toLowerCase()} rule groups`,
        span,
        p.id,
        'NFW-5',
      );
    } else if (type === 'STATEFUL') {
      const gOrder = g.ruleOrder ?? 'DEFAULT_ACTION_ORDER';
      if (gOrder !== p.ruleOrder) {
        emit(
          'error',
          'FIREWALL_RULE_ORDER_MISMATCH',
          `policy ${p.id} uses ${p.ruleOrder} but rule group ${g.id} uses ${gOrder}; the policy and its stateful rule groups must use the same rule order`,
          span,
          p.id,
          'NFW-10',
        );
      }
    }
    if (ref.priority === undefined) {
      if (needPriority) {
        emit(
          'error',
          'FIREWALL_PRIORITY_MISSING',
          `policy ${p.id}: ${type.toLowerCase()} rule group reference ${ref.ruleGroup} needs a priority${type === 'STATEFUL' ? ' in STRICT_ORDER' : ''}`,
          span,
          p.id,
          type === 'STATELESS' ? 'NFW-5' : 'NFW-10',
        );
      }
      continue;
    }
    if (type === 'STATEFUL' && !strict) {
      emit(
        'warning',
        'FIREWALL_PRIORITY_IGNORED',
        `policy ${p.id}: the priority of stateful rule group ${ref.ruleGroup} is only used in STRICT_ORDER; in action order rules are ordered by action (NFW-9)`,
        span,
        p.id,
        'NFW-9',
      );
      continue;
    }
    const prev = prios.get(ref.priority);
    if (prev !== undefined) {
      emit(
        'error',
        'FIREWALL_DUPLICATE_PRIORITY',
        `policy ${p.id}: ${type.toLowerCase()} rule groups ${prev} and ${ref.ruleGroup} both have priority ${ref.priority}; priorities must be unique`,
        span,
        p.id,
        type === 'STATELESS' ? 'NFW-5' : 'NFW-10',
      );
    } else prios.set(ref.priority, ref.ruleGroup);
  }
}
