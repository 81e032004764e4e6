/**
 * Rule groups (NFW-5, NFW-6, NFW-8, NFW-9, NFW-13): stateless rules' priorities, standard actions, CIDRs and ports;
 * stateful groups' Suricata rules as the firewall compiler groups them (syntax, unique sids, the priority keyword in
 * strict order, reject on non-TCP), the rule variables they use, and their IP sets.
 */
import type { Span } from '../diag/diagnostic.js';
import type { RuleGroup, SuricataRule } from '../model/firewall.js';
import { tryCidr } from '../net/prefix.js';
import { parseAddressSpec, parsePortSpec, specVariables } from '../model/suricata/address.js';
import { groupSuricataRules, splitActions } from '../dataplane/firewall/compile.js';
import { checkCidrList, type Emit } from './firewall-common.js';

export function validateRuleGroup(g: RuleGroup, emit: Emit): void {
  if (g.type === 'STATELESS') validateStatelessGroup(g, emit);
  else validateStatefulGroup(g, emit);
}

/** Stateless rules (NFW-5, NFW-6): priority 1–65535 and unique, one standard action, CIDRs, ports; nothing stateful. */
function validateStatelessGroup(g: RuleGroup, emit: Emit): void {
  const span = g.span;
  const prios = new Set<number>();
  for (const r of g.statelessRules ?? []) {
    const rs = r.span ?? span;
    if (!Number.isInteger(r.priority) || r.priority < 1 || r.priority > 65535) {
      emit(
        'error',
        'FIREWALL_STATELESS_PRIORITY',
        `rule group ${g.id}: stateless rule priority ${r.priority} must be 1–65535`,
        rs,
        g.id,
        'NFW-5',
      );
    }
    if (prios.has(r.priority))
      emit(
        'error',
        'FIREWALL_DUPLICATE_PRIORITY',
        `rule group ${g.id}: two stateless rules have priority ${r.priority}; priorities must be unique in a group`,
        rs,
        g.id,
        'NFW-5',
      );
    prios.add(r.priority);
    const { custom } = splitActions(r.actions);
    const nStd = r.actions.length - custom.length;
    if (nStd !== 1) {
      emit(
        'error',
        'FIREWALL_STATELESS_ACTIONS',
        `rule group ${g.id}: stateless rule ${r.priority} has ${nStd === 0 ? 'no standard action' : `${nStd} standard actions (${r.actions.filter((a) => !custom.includes(a)).join(', ')})`}; exactly one of aws:pass, aws:drop, aws:forward_to_sfe is required`,
        rs,
        g.id,
        'NFW-6',
      );
    }
    for (const c of [...r.sources, ...r.destinations]) {
      if (tryCidr(c) === null)
        emit(
          'error',
          'FIREWALL_BAD_CIDR',
          `rule group ${g.id}: stateless rule ${r.priority}: "${c}" is not a CIDR block`,
          rs,
          g.id,
          'NFW-5',
        );
    }
    for (const pr of [...r.sourcePorts, ...r.destinationPorts]) {
      if (pr.from < 0 || pr.to > 65535 || pr.from > pr.to)
        emit(
          'error',
          'FIREWALL_BAD_PORT',
          `rule group ${g.id}: stateless rule ${r.priority}: port range ${pr.from}-${pr.to} is invalid`,
          rs,
          g.id,
          'NFW-5',
        );
    }
  }
  if (g.suricataRules?.length || g.statefulRules?.length || g.domainList) {
    emit(
      'error',
      'FIREWALL_RULE_GROUP_TYPE_MISMATCH',
      `rule group ${g.id} is STATELESS but holds stateful rules`,
      span,
      g.id,
      'NFW-8',
    );
  }
}

/** Stateful rules (NFW-8, NFW-9, NFW-13): Suricata rules as compiled, unique sids, variables; no stateless rules. */
function validateStatefulGroup(g: RuleGroup, emit: Emit): void {
  const span = g.span;
  if (g.statelessRules?.length)
    emit(
      'error',
      'FIREWALL_RULE_GROUP_TYPE_MISMATCH',
      `rule group ${g.id} is STATEFUL but holds stateless rules`,
      span,
      g.id,
      'NFW-5',
    );
  const order = g.ruleOrder ?? 'DEFAULT_ACTION_ORDER';
  const { rules, diagnostics } = groupSuricataRules(g, order);
  for (const d of diagnostics)
    emit(d.severity, d.code, d.message, d.span, d.resource ?? g.id, d.ref ?? 'NFW-8');
  const sids = new Map<number, Span | undefined>();
  const ipVars = new Set(['HOME_NET', 'EXTERNAL_NET', ...Object.keys(g.variables ?? {})]);
  const portVars = new Set(Object.keys(g.portVariables ?? {}));
  for (const r of rules) {
    const rs = r.span ?? span;
    if (r.sid !== undefined) {
      const prev = sids.get(r.sid);
      if (sids.has(r.sid)) {
        emit(
          'error',
          'SURICATA_DUPLICATE_SID',
          `rule group ${g.id}: sid ${r.sid} is used twice${prev ? ` (first at ${prev.file}:${prev.line}:${prev.col})` : ''}`,
          rs,
          g.id,
          'NFW-8',
        );
      } else sids.set(r.sid, rs);
    }
    if (order === 'STRICT_ORDER' && r.options.some((o) => o.keyword === 'priority')) {
      emit(
        'error',
        'SURICATA_PRIORITY_IN_STRICT_ORDER',
        `rule group ${g.id}: sid ${r.sid ?? '?'} uses the priority keyword, which is only valid in action order (NFW-9)`,
        rs,
        g.id,
        'NFW-9',
      );
    }
    if (r.action === 'reject' && !['tcp', 'tls', 'http'].includes(r.protocol)) {
      emit(
        'warning',
        'FIREWALL_REJECT_NOT_TCP',
        `rule group ${g.id}: sid ${r.sid ?? '?'} rejects ${r.protocol} traffic; reject applies to TCP only, other packets are dropped`,
        rs,
        g.id,
        'NFW-8',
      );
    }
    checkRuleVariables(g, r, rs, ipVars, portVars, emit);
  }
  for (const [name, def] of Object.entries(g.variables ?? {}))
    checkCidrList(def, `rule group ${g.id} IP set ${name}`, span, g.id, emit);
}

/** Every `$VAR` a rule's addresses and ports use is an IP set / port set of its group (NFW-13). */
function checkRuleVariables(
  g: RuleGroup,
  r: SuricataRule,
  rs: Span | undefined,
  ipVars: ReadonlySet<string>,
  portVars: ReadonlySet<string>,
  emit: Emit,
): void {
  for (const [text, kind] of [
    [r.source, 'ip'],
    [r.destination, 'ip'],
    [r.sourcePort, 'port'],
    [r.destinationPort, 'port'],
  ] as const) {
    const parsed = kind === 'ip' ? parseAddressSpec(text) : parsePortSpec(text);
    if (!parsed.ok) continue;
    for (const v of specVariables(parsed.node)) {
      const known = kind === 'ip' ? ipVars : portVars;
      if (!known.has(v)) {
        emit(
          'error',
          'SURICATA_UNDEFINED_VARIABLE',
          `rule group ${g.id}: sid ${r.sid ?? '?'} uses $${v}, which is not defined as ${kind === 'ip' ? 'an IP set' : 'a port set'} of the rule group`,
          rs,
          g.id,
          'NFW-13',
        );
      }
    }
  }
}
