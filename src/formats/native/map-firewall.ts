/**
 * Native mappers of AWS Network Firewall: firewalls (one endpoint per subnet, NFW-1; an endpoint's id is given, or
 * `<firewall>-endpoint` for a single one, `<firewall>@<AZ>` otherwise), firewall policies, and rule groups with
 * stateless rules, 5-tuple rules, Suricata text (parsed with positions in this file) and domain lists.
 */
import { error, type Span } from '../../diag/diagnostic.js';
import type {
  FirewallEndpoint,
  StatefulRule5Tuple,
  StatelessRule,
  SuricataRule,
} from '../../model/firewall.js';
import { protocolNumber } from '../../model/protocol.js';
import { parseSuricataRules } from '../../model/suricata/parse.js';
import { blockPosition, spanFields, type NativeContext, type VpcScope } from './context.js';
import { obj } from './names.js';
import { parsePorts } from './rules.js';

export function mapFirewalls(c: NativeContext, { name, v, raw }: VpcScope): void {
  const rFw = obj(raw.firewalls);
  for (const [fwName, fw] of Object.entries(v.firewalls ?? {})) {
    const rf = obj(rFw[fwName]);
    c.names.ref(fw.policy, ['firewall-policy'], c.spans.valueSpan(rf, 'policy'), 'firewall policy');
    const endpoints: FirewallEndpoint[] = fw.subnets.map((sn, i) => {
      c.names.ref(sn, ['subnet'], c.spans.valueSpan(obj(rf.subnets), i), 'firewall subnet');
      const az = v.subnets?.[sn]?.az;
      const id =
        fw.endpoints?.[sn] ?? (fw.subnets.length === 1 ? `${fwName}-endpoint` : `${fwName}@${az ?? sn}`);
      return { id, subnet: sn, span: c.spans.valueSpan(obj(rf.subnets), i) };
    });
    c.b.add('firewalls', {
      id: fwName,
      awsId: fw.id,
      vpc: name,
      policy: fw.policy,
      endpoints,
      span: c.spans.keySpan(rFw, fwName),
    });
    for (const ep of endpoints) c.names.declareIfFree(ep.id, { kind: 'firewall', vpc: name, span: ep.span });
  }
}

function normVars(v: Record<string, string | string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Array.isArray(x) ? x : [x]]));
}

export function mapFirewallPolicies(c: NativeContext): void {
  const rPol = obj(c.raw.firewallPolicies);
  for (const [polName, pol] of Object.entries(c.doc.firewallPolicies ?? {})) {
    const rp = obj(rPol[polName]);
    for (const g of [...(pol.statelessRuleGroups ?? []), ...(pol.statefulRuleGroups ?? [])])
      c.names.ref(g.ruleGroup, ['rule-group'], c.spans.keySpan(rPol, polName), 'rule group');
    const defaults = pol.statelessDefaultActions ?? ['aws:forward_to_sfe'];
    c.b.add('firewallPolicies', {
      id: polName,
      awsId: pol.id,
      statelessRuleGroups: (pol.statelessRuleGroups ?? []).map((g) => ({
        ruleGroup: g.ruleGroup,
        priority: g.priority,
      })),
      statelessDefaultActions: defaults,
      statelessFragmentDefaultActions: pol.statelessFragmentDefaultActions ?? defaults,
      statefulRuleGroups: (pol.statefulRuleGroups ?? []).map((g) => ({
        ruleGroup: g.ruleGroup,
        priority: g.priority,
      })),
      ruleOrder: pol.ruleOrder ?? 'DEFAULT_ACTION_ORDER',
      streamExceptionPolicy: pol.streamExceptionPolicy,
      statefulDefaultActions: pol.statefulDefaultActions ?? [],
      variables: pol.variables ? normVars(pol.variables) : undefined,
      span: c.spans.keySpan(rPol, polName),
      spans: spanFields(c.spans, rp, ['statefulDefaultActions', 'ruleOrder']),
    });
  }
}

export function mapRuleGroups(c: NativeContext): void {
  const rRg = obj(c.raw.ruleGroups);
  for (const [gName, g] of Object.entries(c.doc.ruleGroups ?? {})) {
    const rg = obj(rRg[gName]);
    let suricataRules: SuricataRule[] | undefined;
    if (g.suricata !== undefined) {
      const block = c.spans.get(rg)?.blocks.get('suricata');
      const r = parseSuricataRules(g.suricata, {
        file: c.file,
        position: blockPosition(c, block),
        resource: gName,
      });
      c.b.diags.push(...r.diagnostics);
      suricataRules = [...r.rules];
    }
    const statefulRules = g.rules?.flatMap((t, i) => {
      const r = fiveTupleOf(c, t, c.spans.valueSpan(obj(rg.rules), i), gName);
      return r ? [r] : [];
    });
    const at = (i: number) => c.spans.valueSpan(obj(rg.statelessRules), i);
    const statelessRules = g.statelessRules?.map((r, i): StatelessRule => ({
      priority: r.priority,
      actions: r.actions,
      sources: r.sources ?? [],
      destinations: r.destinations ?? [],
      sourcePorts: (r.sourcePorts ?? []).flatMap((p) => portsOf(c, p, at(i))),
      destinationPorts: (r.destinationPorts ?? []).flatMap((p) => portsOf(c, p, at(i))),
      protocols: (r.protocols ?? []).map((p) => protocolNumber(p) ?? -1).filter((n) => n >= 0),
      span: at(i),
    }));
    c.b.add('ruleGroups', {
      id: gName,
      awsId: g.id,
      type: g.type === 'stateless' ? 'STATELESS' : 'STATEFUL',
      capacity: g.capacity,
      ruleOrder: g.ruleOrder,
      variables: g.variables ? normVars(g.variables) : undefined,
      statelessRules,
      statefulRules,
      suricataRules,
      domainList: g.domainList
        ? {
            targets: g.domainList.targets,
            targetTypes: g.domainList.targetTypes ?? ['TLS_SNI', 'HTTP_HOST'],
            generatedRulesType: g.domainList.type,
          }
        : undefined,
      span: c.spans.keySpan(rRg, gName),
    });
  }
}

const FIVE_TUPLE =
  /^\s*(PASS|DROP|REJECT|ALERT)\s+(\S+)\s+(\S+)\s+(\S+)\s+(->|<>|FORWARD|ANY)\s+(\S+)\s+(\S+)(?:\s+sid:(\d+))?\s*$/i;

/** `PASS TCP 10.0.0.0/16 ANY -> ANY 443 sid:1`: a standard stateful rule (NFW-8). */
function fiveTupleOf(
  c: NativeContext,
  text: string,
  at: Span | undefined,
  group: string,
): StatefulRule5Tuple | undefined {
  const m = FIVE_TUPLE.exec(text);
  if (!m) {
    c.b.diags.push(
      error(
        'FIVE_TUPLE_SYNTAX',
        `rule group ${group}: "${text}" must read "ACTION PROTOCOL SOURCE SRCPORT -> DESTINATION DSTPORT [sid:N]"`,
        at,
        { resource: group },
      ),
    );
    return undefined;
  }
  const dir = (m[5] ?? '->').toUpperCase();
  return {
    action: (m[1] ?? 'PASS').toUpperCase() as StatefulRule5Tuple['action'],
    protocol: m[2] ?? 'IP',
    source: m[3] ?? 'ANY',
    sourcePort: m[4] ?? 'ANY',
    direction: dir === '<>' || dir === 'ANY' ? 'ANY' : 'FORWARD',
    destination: m[6] ?? 'ANY',
    destinationPort: m[7] ?? 'ANY',
    sid: m[8] !== undefined ? Number(m[8]) : undefined,
    span: at,
  };
}

function portsOf(c: NativeContext, p: number | string, at: Span | undefined): { from: number; to: number }[] {
  const r = parsePorts(String(p));
  if (typeof r === 'string') {
    c.b.diags.push(error('PORT_SYNTAX', r, at));
    return [];
  }
  return r ? [r] : [{ from: 0, to: 65535 }];
}
