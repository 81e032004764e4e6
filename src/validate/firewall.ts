/**
 * Validation and lint of AWS Network Firewall: firewalls, policies, rule groups (NFW-1…NFW-13).
 *
 * Model: pure function from the Network to diagnostics. Errors are what the AWS API refuses: unknown references,
 * rule-group type or rule-order mismatches between a policy and its groups (NFW-10), duplicate or missing
 * priorities (NFW-5, NFW-10), stateless rules and default actions without exactly one standard action (NFW-6,
 * NFW-7), stateful default actions in action order, more than one drop default, or mixed plain/app-layer
 * "established" variants (NFW-11), the `priority` keyword in a strict-order group (NFW-9), undefined rule
 * variables, invalid domain-list targets, and more than one firewall subnet per AZ (NFW-1). Warnings are what AWS
 * accepts but is almost always a mistake: workloads in a firewall subnet (NFW-2), routes that send peering traffic
 * to a firewall endpoint (NFW-3), HOME_NET not covering the sources routed to the firewall while domain rules
 * are written for $HOME_NET (NFW-12, NFW-13), a domain allowlist with `aws:drop_strict` (NFW-11), REJECT on
 * non-TCP 5-tuple rules (NFW-8).
 * Input it does not understand: unparsable CIDRs are skipped by the coverage lint (validate/addressing reports
 * them); Suricata rule syntax is reported by the importers that parse it. Never throws.
 */
import type { DiagnosticCode } from '../diag/codes.js';
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import type { Firewall, FirewallPolicy, RuleGroup } from '../model/firewall.js';
import type { Network, RouteTable } from '../model/network.js';
import { resolveAssociations, type Associations } from '../associations/resolve.js';
import { covers, tryCidr, tryCidr4, type Prefix4 } from '../net/prefix.js';
import { parseAddressSpec, parsePortSpec, specVariables, type AddrNode } from '../model/suricata/address.js';
import { groupSuricataRules, splitActions } from '../dataplane/firewall/compile.js';
import { AddrSet } from '../net/addr-set.js';
import { resolveAddress } from '../dataplane/firewall/resolve.js';

const STATEFUL_DEFAULTS = new Set([
  'aws:drop_strict',
  'aws:drop_established',
  'aws:drop_established_app_layer',
  'aws:alert_strict',
  'aws:alert_established',
  'aws:alert_established_app_layer',
]);

type Emit = (
  severity: Diagnostic['severity'],
  code: DiagnosticCode,
  message: string,
  span: Span | undefined,
  resource: string | undefined,
  ref: string,
) => void;

function byId<T extends { id: string; awsId?: string | undefined; name?: string | undefined }>(
  list: readonly T[],
  ref: string,
): T | undefined {
  return list.find((x) => x.id === ref) ?? list.find((x) => x.awsId === ref || x.name === ref);
}

/** All Network Firewall diagnostics of a network. `validateFirewalls(net)` → `[]` for scenario S0 as written. */
export function validateFirewalls(
  net: Network,
  assoc: Associations = resolveAssociations(net),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const emit: Emit = (severity, code, message, span, resource, ref) => {
    const key = `${code}|${message}|${span?.file ?? ''}:${span?.line ?? 0}:${span?.col ?? 0}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ severity, code, message, span, resource, ref });
  };
  for (const fw of net.firewalls) validateFirewall(net, fw, emit);
  for (const p of net.firewallPolicies) validatePolicy(net, p, emit);
  for (const g of net.ruleGroups) validateRuleGroup(g, emit);
  lintWorkloads(net, emit);
  lintPeering(net, emit);
  for (const fw of net.firewalls) lintHomeNet(net, assoc, fw, emit);
  return out;
}

function validateFirewall(net: Network, fw: Firewall, emit: Emit): void {
  const vpc = fw.vpc === undefined ? undefined : byId(net.vpcs, fw.vpc);
  // TGW-15: a transit-gateway-attached firewall has no VPC (validate/transit-gateway.ts checks its gateway).
  if (!vpc && fw.transitGateway === undefined)
    emit(
      'error',
      'FIREWALL_VPC_NOT_FOUND',
      `firewall ${fw.id} refers to VPC "${fw.vpc}", which is not defined`,
      fw.span,
      fw.id,
      'NFW-1',
    );
  if (!byId(net.firewallPolicies, fw.policy)) {
    emit(
      'error',
      'FIREWALL_POLICY_NOT_FOUND',
      `firewall ${fw.id} refers to firewall policy "${fw.policy}", which is not defined`,
      fw.span,
      fw.id,
      'NFW-1',
    );
  }
  if (fw.endpoints.length === 0) {
    emit(
      'error',
      'FIREWALL_NO_SUBNETS',
      `firewall ${fw.id} has no firewall subnet; AWS requires at least one (one per AZ)`,
      fw.span,
      fw.id,
      'NFW-1',
    );
  }
  const byAz = new Map<string, string>();
  for (const ep of fw.endpoints) {
    const s = byId(net.subnets, ep.subnet);
    if (!s) {
      emit(
        'error',
        'FIREWALL_SUBNET_NOT_FOUND',
        `firewall ${fw.id}: endpoint ${ep.id} is in subnet "${ep.subnet}", which is not defined`,
        ep.span ?? fw.span,
        fw.id,
        'NFW-1',
      );
      continue;
    }
    if (vpc && s.vpc !== vpc.id && s.vpc !== vpc.awsId) {
      emit(
        'error',
        'FIREWALL_SUBNET_WRONG_VPC',
        `firewall ${fw.id}: subnet ${s.id} is in VPC ${s.vpc}, not in the firewall's VPC ${fw.vpc} (other VPCs need a VPC endpoint association)`,
        ep.span ?? fw.span,
        fw.id,
        'NFW-1',
      );
      continue;
    }
    if (s.az !== undefined) {
      const prev = byAz.get(s.az);
      if (prev !== undefined) {
        emit(
          'error',
          'FIREWALL_SUBNET_SAME_AZ',
          `firewall ${fw.id} has two subnets in ${s.az} (${prev}, ${s.id}); AWS allows one firewall subnet per Availability Zone`,
          ep.span ?? fw.span,
          fw.id,
          'NFW-1',
        );
      } else byAz.set(s.az, s.id);
    }
  }
}

function validatePolicy(net: Network, p: FirewallPolicy, emit: Emit): void {
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

function checkCidrList(
  list: readonly string[],
  what: string,
  span: Span | undefined,
  resource: string,
  emit: Emit,
): void {
  for (const c of list) {
    const r = parseAddressSpec(c);
    if (!r.ok)
      emit(
        'error',
        'FIREWALL_BAD_CIDR',
        `${what}: "${c}" is not a CIDR block (${r.message})`,
        span,
        resource,
        'NFW-13',
      );
  }
}

function validateRuleGroup(g: RuleGroup, emit: Emit): void {
  const span = g.span;
  if (g.type === 'STATELESS') {
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
    return;
  }
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
  for (const [name, def] of Object.entries(g.variables ?? {}))
    checkCidrList(def, `rule group ${g.id} IP set ${name}`, span, g.id, emit);
}

/** Firewall subnets: subnet id → firewall id. */
function firewallSubnets(net: Network): Map<string, string> {
  const m = new Map<string, string>();
  for (const fw of net.firewalls) for (const ep of fw.endpoints) m.set(ep.subnet, fw.id);
  return m;
}

/** NFW-2: workloads in a firewall subnet are not inspected (their traffic uses the firewall subnet's routes). */
function lintWorkloads(net: Network, emit: Emit): void {
  const fwSubnets = firewallSubnets(net);
  for (const eni of net.networkInterfaces) {
    const fw = fwSubnets.get(eni.subnet);
    if (fw === undefined) continue;
    const isWorkload =
      eni.owner === 'instance' ||
      eni.owner === 'lambda' ||
      (eni.owner === undefined && eni.instance !== undefined);
    if (!isWorkload) continue;
    const inst = eni.instance ? byId(net.instances, eni.instance) : undefined;
    const what = inst
      ? `instance ${inst.id} (${eni.id}, ${eni.addresses[0]?.private ?? 'no address'})`
      : `${eni.owner ?? 'workload'} ENI ${eni.id}`;
    emit(
      'warning',
      'FIREWALL_SUBNET_HAS_WORKLOADS',
      `${what} is in firewall subnet ${eni.subnet} of firewall ${fw}: its traffic follows the firewall subnet's route table and is not inspected; keep workloads out of firewall subnets`,
      inst?.span ?? eni.span,
      inst?.id ?? eni.id,
      'NFW-2',
    );
  }
}

function endpointIds(net: Network): Map<string, Firewall> {
  const m = new Map<string, Firewall>();
  for (const fw of net.firewalls) {
    m.set(fw.id, fw);
    for (const ep of fw.endpoints) m.set(ep.id, fw);
  }
  return m;
}

function peerCidrs(net: Network, vpcId: string): { cidr: Prefix4; pcx: string }[] {
  const out: { cidr: Prefix4; pcx: string }[] = [];
  for (const p of net.peerings) {
    const other =
      p.requesterVpc === vpcId ? p.accepterVpc : p.accepterVpc === vpcId ? p.requesterVpc : undefined;
    if (other === undefined) continue;
    const v = byId(net.vpcs, other);
    for (const c of v?.cidrs ?? []) {
      const pr = tryCidr4(c);
      if (pr) out.push({ cidr: pr, pcx: p.id });
    }
  }
  return out;
}

/** NFW-3: Network Firewall does not inspect traffic over VPC peering. */
function lintPeering(net: Network, emit: Emit): void {
  const eps = endpointIds(net);
  for (const rt of net.routeTables) {
    const peers = peerCidrs(net, rt.vpc);
    if (peers.length === 0) continue;
    for (const route of rt.routes) {
      if (route.target.kind !== 'firewall-endpoint' || route.destination === undefined) continue;
      const fw = route.target.id ? eps.get(route.target.id) : undefined;
      const dest = tryCidr4(route.destination);
      if (!dest) continue;
      // Only routes inside a peer VPC's range: a default route to the firewall does not by itself carry peering traffic.
      const hit = peers.find((p) => covers(p.cidr, dest));
      if (!hit) continue;
      emit(
        'warning',
        'FIREWALL_PEERING_INSPECTION',
        `route table ${rt.id} sends ${route.destination} (reached over peering ${hit.pcx}) to firewall endpoint ${route.target.id ?? ''}${fw ? ` of ${fw.id}` : ''}; Network Firewall does not support inspecting VPC peering traffic`,
        route.span ?? rt.span,
        rt.id,
        'NFW-3',
      );
    }
  }
}

/** The route table in effect for a subnet (RT-9: explicit, else the VPC's main table, implied or not). */
function tableOfSubnet(net: Network, assoc: Associations, subnetId: string): RouteTable | undefined {
  const s = byId(net.subnets, subnetId);
  const a = s ? assoc.subnets.get(s.id) : undefined;
  return a ? assoc.routeTables.get(a.routeTable.id) : undefined;
}

/** A HOME_NET definition as a set of addresses (both families); entries that do not parse contribute nothing. */
function homeNetSet(def: readonly string[]): AddrSet {
  if (def.length === 0) return AddrSet.empty();
  const items = def.map((d): AddrNode => {
    const p = parseAddressSpec(d);
    return p.ok ? p.node : { kind: 'not', inner: { kind: 'any' } };
  });
  return resolveAddress({ kind: 'list', items }, { ip: {}, port: {} }, () => undefined);
}

/** NFW-12/NFW-13: HOME_NET must cover the sources whose traffic the domain rules are meant for. */
function lintHomeNet(net: Network, assoc: Associations, fw: Firewall, emit: Emit): void {
  const policy = byId(net.firewallPolicies, fw.policy);
  if (!policy) return;
  const eps = endpointIds(net);
  const mine = (id: string | undefined): boolean => id !== undefined && eps.get(id) === fw;
  // Sources: subnets whose route table sends traffic to this firewall, and (centralised inspection) destinations
  // the firewall subnets route back to a transit gateway.
  const sources: { cidr: string; why: string }[] = [];
  for (const s of net.subnets) {
    const t = tableOfSubnet(net, assoc, s.id);
    if (t?.routes.some((r) => r.target.kind === 'firewall-endpoint' && mine(r.target.id))) {
      // Both families: a dual-stack subnet's IPv6 traffic reaches the firewall too (V6-12).
      for (const cidr of [s.cidr, s.ipv6Cidr])
        if (cidr !== undefined)
          sources.push({ cidr, why: `subnet ${s.id} routes to the firewall through ${t.id}` });
    }
  }
  for (const ep of fw.endpoints) {
    const t = tableOfSubnet(net, assoc, ep.subnet);
    for (const r of t?.routes ?? []) {
      if (
        r.target.kind === 'transit-gateway' &&
        r.destination !== undefined &&
        r.destination !== '0.0.0.0/0' &&
        r.destination !== '::/0'
      ) {
        sources.push({
          cidr: r.destination,
          why: `firewall subnet table ${t?.id ?? ''} routes it to transit gateway ${r.target.id ?? ''} (a spoke behind the firewall)`,
        });
      }
    }
  }
  if (sources.length === 0) return;
  const vpc = fw.vpc === undefined ? undefined : byId(net.vpcs, fw.vpc);
  // NFW-13: the default HOME_NET is the inspection VPC's CIDRs, IPv6 ones included (as dataplane/firewall/compile.ts).
  const vpcCidrs = vpc ? [...vpc.cidrs, ...(vpc.ipv6Cidrs ?? [])] : [];
  for (const ref of policy.statefulRuleGroups) {
    const g = byId(net.ruleGroups, ref.ruleGroup);
    if (!g || g.type !== 'STATEFUL') continue;
    const usesHome =
      g.domainList !== undefined ||
      (g.suricataRules ?? []).some(
        (r) =>
          r.options.some((o) => o.keyword === 'tls.sni' || o.keyword === 'http.host') &&
          r.source.includes('$HOME_NET'),
      );
    if (!usesHome) continue;
    const def = g.variables?.['HOME_NET'] ?? policy.variables?.['HOME_NET'] ?? vpcCidrs;
    const homeSet = homeNetSet(def);
    for (const src of sources) {
      const p = tryCidr(src.cidr);
      if (!p) continue;
      const need = AddrSet.ofPrefixes([p]);
      if (homeSet.covers(need)) continue;
      emit(
        'warning',
        'FIREWALL_HOME_NET_NOT_COVERING',
        `rule group ${g.id} applies to sources in HOME_NET (${def.join(', ') || 'empty'}), but ${src.cidr} (${src.why}) is outside it, so its domain rules do not apply to that traffic; add ${src.cidr} to HOME_NET (policy variables or the rule group's IP sets)`,
        g.span ?? policy.span,
        g.id,
        'NFW-13',
      );
    }
  }
}
