/**
 * Compile a Network Firewall (firewall → policy → rule groups) once into lookup structures (NFW-5…NFW-13).
 *
 * Model: the policy is found by id (or awsId); stateless groups are ordered by reference priority and their rules
 * by rule priority (NFW-5); stateful groups are ordered by reference priority in strict order (NFW-10) or merged
 * and sorted by action (pass → drop → reject → alert), then Suricata `priority`, then position in action order
 * (NFW-9). Each stateful group's variables resolve with precedence group > policy > defaults, where HOME_NET
 * defaults to the firewall VPC's CIDRs and EXTERNAL_NET to `!$HOME_NET` (NFW-13). Domain lists and 5-tuple rules
 * become the Suricata rules AWS generates for them (model/suricata).
 * Input it does not understand: a missing policy or rule group, an undefined variable — reported as diagnostics;
 * the firewall still compiles (a missing policy makes it drop everything, reported on every verdict). Checks of
 * what the AWS API would refuse (mixed rule orders, duplicate priorities …) live in validate/firewall.ts.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type {
  Firewall,
  FirewallPolicy,
  RuleGroup,
  StatelessRule,
  SuricataRule,
} from '../../model/firewall.js';
import type { Network } from '../../model/network.js';
import { AddrSet } from '../../net/addr-set.js';
import { tryCidr, type Prefix } from '../../net/prefix.js';
import { domainListToRules } from '../../model/suricata/domain-list.js';
import { fiveTupleToRules } from '../../model/suricata/five-tuple.js';
import { compileStatefulRule } from './compile-stateful-rule.js';
import { StatefulRuleIndex } from './rule-index.js';
import { MAX_PORT, RangeSet } from '../../net/range-set.js';
import { resolveAddress, type VariableScope } from './resolve.js';
import { parseAddressSpec } from '../../model/suricata/address.js';
import {
  TCP_FLAG_BITS,
  ALL_TCP_FLAGS,
  type CompiledFirewall,
  type CompiledStatefulRule,
  type CompiledStatelessRule,
  type StatefulDefaults,
  type TcpFlagMatch,
} from './types.js';

export interface CompileFirewallResult {
  readonly firewall: CompiledFirewall;
  readonly diagnostics: Diagnostic[];
}

const STANDARD = new Set(['aws:pass', 'aws:drop', 'aws:forward_to_sfe']);
type Standard = 'aws:pass' | 'aws:drop' | 'aws:forward_to_sfe';

function findById<T extends { id: string; awsId?: string | undefined; name?: string | undefined }>(
  list: readonly T[],
  ref: string,
): T | undefined {
  return list.find((x) => x.id === ref) ?? list.find((x) => x.awsId === ref || x.name === ref);
}

/** Split an action list into its standard action and custom actions (NFW-6). */
export function splitActions(actions: readonly string[]): {
  standard: Standard | undefined;
  custom: string[];
} {
  const std = actions.filter((a) => STANDARD.has(a)) as Standard[];
  return { standard: std[0], custom: actions.filter((a) => !STANDARD.has(a)) };
}

/** Stateless rule as the console lists it: `1: 10.0.0.0/8 → any tcp 22 aws:drop`. */
export function statelessRuleText(r: StatelessRule): string {
  const list = (xs: readonly string[]): string => (xs.length === 0 ? 'any' : xs.join(','));
  const ports = (ps: readonly { from: number; to: number }[]): string =>
    ps.length === 0 ? 'any' : ps.map((p) => (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`)).join(',');
  const protos = r.protocols.length === 0 ? 'all' : r.protocols.join(',');
  const flags = r.tcpFlags?.length
    ? ` flags ${r.tcpFlags.map((f) => `${f.flags.join('+') || 'none'}/${f.masks.join('+') || 'all'}`).join(' or ')}`
    : '';
  return `priority ${r.priority}: ${list(r.sources)}:${ports(r.sourcePorts)} → ${list(r.destinations)}:${ports(
    r.destinationPorts,
  )} proto ${protos}${flags} ${r.actions.join(' + ')}`;
}

/** Stateless sources/destinations: IPv4 and IPv6 CIDRs (V6-12); an empty list matches every address of both. */
function cidrSet(list: readonly string[], onBad: (c: string) => void): AddrSet {
  if (list.length === 0) return AddrSet.all();
  const prefixes: Prefix[] = [];
  for (const c of list) {
    const p = tryCidr(c);
    if (p) prefixes.push(p);
    else onBad(c);
  }
  return AddrSet.ofPrefixes(prefixes);
}

function portSet(list: readonly { from: number; to: number }[]): RangeSet | undefined {
  if (list.length === 0) return undefined;
  return RangeSet.of(
    list.map((p) => [p.from, p.to] as [number, number]),
    MAX_PORT,
  );
}

function flagBits(names: readonly string[]): number {
  let b = 0;
  for (const n of names) b |= TCP_FLAG_BITS[n.toUpperCase()] ?? 0;
  return b;
}

/** The Suricata rules a stateful group stands for: its own strings, its 5-tuple rules, its domain list. */
export function groupSuricataRules(
  g: RuleGroup,
  ruleOrder: 'DEFAULT_ACTION_ORDER' | 'STRICT_ORDER',
): { rules: SuricataRule[]; diagnostics: Diagnostic[] } {
  const rules: SuricataRule[] = [...(g.suricataRules ?? [])];
  const diagnostics: Diagnostic[] = [];
  if (g.statefulRules && g.statefulRules.length > 0) {
    const r = fiveTupleToRules(g.statefulRules, { span: g.span, resource: g.id, file: g.span?.file });
    rules.push(...r.rules);
    diagnostics.push(...r.diagnostics);
  }
  if (g.domainList) {
    const r = domainListToRules(g.domainList, { ruleOrder, span: g.span, resource: g.id });
    rules.push(...r.rules);
    diagnostics.push(...r.diagnostics);
  }
  return { rules, diagnostics };
}

const ACTION_RANK: Readonly<Record<CompiledStatefulRule['action'], number>> = {
  pass: 0,
  drop: 1,
  reject: 2,
  alert: 3,
};

/**
 * Compile a firewall. `compileFirewall(net, net.firewalls[0])` → `{firewall, diagnostics}`; never throws.
 */
export function compileFirewall(net: Network, fw: Firewall): CompileFirewallResult {
  const diagnostics: Diagnostic[] = [];
  const unsupported: string[] = [];
  const vpc = fw.vpc === undefined ? undefined : findById(net.vpcs, fw.vpc);
  // NFW-13: HOME_NET defaults to the inspection VPC's CIDRs — its IPv6 CIDRs too (V6-12; AWS says "the CIDR of
  // your inspection VPC" and HOME_NET takes "IPv4 or IPv6 addresses"; reading documented in docs/firewall.md).
  const vpcCidrs = vpc ? [...vpc.cidrs, ...(vpc.ipv6Cidrs ?? [])] : [];
  // TGW-15, NFW-13: a transit-gateway-attached firewall has no VPC of its own; HOME_NET is the policy's.
  if (!vpc && fw.transitGateway === undefined) {
    diagnostics.push({
      severity: 'error',
      code: 'FIREWALL_VPC_NOT_FOUND',
      message: `firewall ${fw.id} refers to VPC "${fw.vpc}", which is not defined; HOME_NET has no default (NFW-13)`,
      span: fw.span,
      resource: fw.id,
      ref: 'NFW-13',
    });
  }
  const policy: FirewallPolicy | undefined = findById(net.firewallPolicies, fw.policy);
  if (!policy) {
    diagnostics.push({
      severity: 'error',
      code: 'FIREWALL_POLICY_NOT_FOUND',
      message: `firewall ${fw.id} refers to firewall policy "${fw.policy}", which is not defined; vpcsim drops everything at this firewall`,
      span: fw.span,
      resource: fw.id,
      ref: 'NFW-1',
    });
    unsupported.push(`firewall policy "${fw.policy}" not found: every packet is dropped`);
  }
  const policyVars = policy?.variables ?? {};
  const homeNetText = policyVars['HOME_NET'] ?? vpcCidrs;
  const noteProblem = (resource: string, span: Diagnostic['span']) => (message: string) => {
    diagnostics.push({
      severity: 'error',
      code: 'FIREWALL_VARIABLE_PROBLEM',
      message,
      span,
      resource,
      ref: 'NFW-13',
    });
  };
  const policyScope: VariableScope = {
    ip: { HOME_NET: vpcCidrs, EXTERNAL_NET: ['!$HOME_NET'], ...policyVars },
    port: {},
  };
  const homeRoot = parseAddressSpec('$HOME_NET');
  const homeNet = homeRoot.ok
    ? resolveAddress(homeRoot.node, policyScope, noteProblem(policy?.id ?? fw.id, policy?.span))
    : AddrSet.empty();

  const statelessRules = compileStatelessRules(net, policy, diagnostics);
  const sd = splitActions(policy?.statelessDefaultActions ?? ['aws:forward_to_sfe']);
  const statelessDefault = { action: sd.standard ?? 'aws:forward_to_sfe', custom: sd.custom } as const;
  const ruleOrder = policy?.ruleOrder ?? 'DEFAULT_ACTION_ORDER';
  const strict = ruleOrder === 'STRICT_ORDER';
  const statefulRules = compileStatefulRules(net, policy, policyScope, noteProblem, diagnostics);
  const defaults: StatefulDefaults = strict
    ? {
        drop: (policy?.statefulDefaultActions ?? []).find(
          (a): a is NonNullable<StatefulDefaults['drop']> =>
            a === 'aws:drop_strict' || a === 'aws:drop_established' || a === 'aws:drop_established_app_layer',
        ),
        alerts: (policy?.statefulDefaultActions ?? []).filter((a) => a.startsWith('aws:alert')),
      }
    : { drop: undefined, alerts: [] };
  return {
    firewall: {
      id: fw.id,
      vpc: fw.vpc,
      policy: policy?.id ?? fw.policy,
      endpoints: fw.endpoints.map((e) => e.id),
      homeNet,
      usesHomeNet: statefulRules.some((r) => r.text.includes('$HOME_NET')),
      homeNetText,
      statelessRules,
      statelessDefault,
      ruleOrder,
      streamExceptionPolicy: policy?.streamExceptionPolicy ?? 'DROP',
      statefulDefaults: defaults,
      statefulRules,
      statefulIndex: new StatefulRuleIndex(statefulRules),
      unsupported,
    },
    diagnostics,
  };
}

/** The stateless engine (NFW-5, NFW-6): the policy's groups by priority, each group's rules by priority. */
function compileStatelessRules(
  net: Network,
  policy: FirewallPolicy | undefined,
  diagnostics: Diagnostic[],
): CompiledStatelessRule[] {
  const statelessRules: CompiledStatelessRule[] = [];
  const statelessRefs = [...(policy?.statelessRuleGroups ?? [])].sort(
    (a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER),
  );
  for (const ref of statelessRefs) {
    const g = findById(net.ruleGroups, ref.ruleGroup);
    if (!g) {
      diagnostics.push({
        severity: 'error',
        code: 'FIREWALL_RULE_GROUP_NOT_FOUND',
        message: `policy ${policy?.id ?? ''} refers to stateless rule group "${ref.ruleGroup}", which is not defined`,
        span: ref.span ?? policy?.span,
        resource: policy?.id,
        ref: 'NFW-5',
      });
      continue;
    }
    const rules = [...(g.statelessRules ?? [])].sort((a, b) => a.priority - b.priority);
    for (const r of rules) {
      const { standard, custom } = splitActions(r.actions);
      const bad = (c: string): void => {
        diagnostics.push({
          severity: 'error',
          code: 'FIREWALL_BAD_CIDR',
          message: `stateless rule ${r.priority} of ${g.id}: "${c}" is not a CIDR block`,
          span: r.span ?? g.span,
          resource: g.id,
          ref: 'NFW-5',
        });
      };
      const tcpFlags: TcpFlagMatch[] | undefined = r.tcpFlags?.length
        ? r.tcpFlags.map((f) => {
            const mask = f.masks.length === 0 ? ALL_TCP_FLAGS : flagBits(f.masks);
            return { flags: flagBits(f.flags) & mask, mask };
          })
        : undefined;
      statelessRules.push({
        where: `stateless group ${g.id} (priority ${ref.priority ?? '?'}), rule ${r.priority}`,
        text: statelessRuleText(r),
        priority: r.priority,
        src: cidrSet(r.sources, bad),
        dst: cidrSet(r.destinations, bad),
        sport: portSet(r.sourcePorts),
        dport: portSet(r.destinationPorts),
        protocols: r.protocols.length === 0 || r.protocols.includes(-1) ? undefined : new Set(r.protocols),
        tcpFlags,
        // A rule without a standard action is refused by AWS (validate reports it); treat it as forward_to_sfe.
        action: standard ?? 'aws:forward_to_sfe',
        customActions: custom,
      });
    }
  }
  return statelessRules;
}

/**
 * The stateful engine (NFW-8 … NFW-11): the policy's groups (by priority in strict order), each rule compiled in
 * its group's variable scope; in action order, sorted by action, then the priority keyword, then as listed (NFW-9).
 */
function compileStatefulRules(
  net: Network,
  policy: FirewallPolicy | undefined,
  policyScope: VariableScope,
  noteProblem: (resource: string, span: Diagnostic['span']) => (message: string) => void,
  diagnostics: Diagnostic[],
): CompiledStatefulRule[] {
  const ruleOrder = policy?.ruleOrder ?? 'DEFAULT_ACTION_ORDER';
  const strict = ruleOrder === 'STRICT_ORDER';
  const statefulRefs = [...(policy?.statefulRuleGroups ?? [])];
  if (strict) {
    statefulRefs.sort(
      (a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER),
    );
  }
  let statefulRules: CompiledStatefulRule[] = [];
  for (const ref of statefulRefs) {
    const g = findById(net.ruleGroups, ref.ruleGroup);
    if (!g) {
      diagnostics.push({
        severity: 'error',
        code: 'FIREWALL_RULE_GROUP_NOT_FOUND',
        message: `policy ${policy?.id ?? ''} refers to stateful rule group "${ref.ruleGroup}", which is not defined`,
        span: ref.span ?? policy?.span,
        resource: policy?.id,
        ref: 'NFW-8',
      });
      continue;
    }
    const where = strict
      ? `stateful group ${g.id} (strict, priority ${ref.priority ?? '?'})`
      : `stateful group ${g.id} (action order)`;
    const scope: VariableScope = {
      // NFW-13: group variables override policy variables, which override the defaults. [UNCERTAIN precedence]
      ip: { ...policyScope.ip, ...(g.variables ?? {}) },
      port: { ...(g.portVariables ?? {}) },
    };
    const { rules } = groupSuricataRules(g, ruleOrder);
    const cache = new Map<string, RangeSet | AddrSet>();
    for (const r of rules) {
      statefulRules.push(
        compileStatefulRule(r, where, g.id, scope, noteProblem(g.id, r.span ?? g.span), cache),
      );
    }
  }
  if (!strict) {
    // NFW-9: action order — pass, drop, reject, alert; then the Suricata priority keyword; then as listed.
    statefulRules = statefulRules
      .map((r, i) => ({ r, i }))
      .sort(
        (a, b) =>
          ACTION_RANK[a.r.action] - ACTION_RANK[b.r.action] || a.r.priority - b.r.priority || a.i - b.i,
      )
      .map((x) => x.r);
  }
  return statefulRules;
}
