/**
 * aws_networkfirewall_firewall / _firewall_policy / _rule_group → model/firewall.ts.
 *
 * Model: a firewall has one endpoint per subnet_mapping (NFW-1) whose id is `<firewall address>@<AZ>` (the AZ of the
 * mapped subnet, or the subnet address when the AZ is not given) — the same id module-eval.ts gives
 * `firewall_status[0].sync_states[*].attachment[0].endpoint_id`, so routes written the usual Terraform way resolve
 * to it; the endpoint IP is assumed. Policies and rule groups map field by field; `rules_string` / `rules` is parsed
 * with the Suricata parser, keeping positions in the .tf file when the text can be found there. Unknown enum values
 * are kept as written (validate/ reports them).
 */
import { warning, type Span } from '../../diag/diagnostic.js';
import type {
  DomainList,
  Firewall,
  FirewallEndpoint,
  FirewallPolicy,
  RuleGroup,
  RuleGroupReference,
  StatefulRule5Tuple,
  StatelessRule,
  SuricataRule,
} from '../../model/firewall.js';
import type { PortRange } from '../../model/network.js';
import { protocolNumber } from '../../model/protocol.js';
import { parseSuricataRules } from '../suricata/parse.js';
import type { MapContext, MapInstance } from './map-resources.js';
import { blocks, numOf } from './map-rules.js';
import { isObj, type TfObject, type TfValue } from './value.js';

type Mut<T> = { -readonly [K in keyof T]: T[K] };

const strs = (v: TfValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const str = (v: TfValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const first = (v: TfValue | undefined): TfObject | undefined => blocks(v)[0];

function variables(v: TfValue | undefined, setKey: string, inner: string): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const s of blocks(v)) {
    const k = str(s['key']);
    const def = first(s[inner]);
    if (k) out[k] = strs(def?.['definition']);
  }
  void setKey;
  return Object.keys(out).length ? out : undefined;
}

function ports(v: TfValue | undefined): PortRange[] {
  return blocks(v).map((p) => ({ from: numOf(p['from_port']) ?? 0, to: numOf(p['to_port']) ?? numOf(p['from_port']) ?? 65535 }));
}

/** Position of the first line of an embedded text inside its .tf file. */
function locate(inst: MapInstance & { fileText?: string }, text: string): ((line: number, col: number) => Span) | undefined {
  const file = inst.span?.file;
  const whole = (inst as { fileText?: string }).fileText;
  const firstLine = text.split('\n').find((l) => l.trim() !== '')?.trim();
  if (!file || !whole || !firstLine) return undefined;
  const off = whole.indexOf(firstLine);
  if (off < 0) return undefined;
  const before = whole.slice(0, off).split('\n');
  const startLine = before.length;
  const firstIdx = text.split('\n').findIndex((l) => l.trim() !== '');
  return (line, col) => ({ file, line: startLine + (line - 1 - firstIdx), col });
}

export interface FirewallMapping {
  readonly firewalls: Mut<Firewall>[];
  readonly policies: FirewallPolicy[];
  readonly ruleGroups: RuleGroup[];
  readonly endpointIds: Set<string>;
  readonly usedIps: string[];
  /** First endpoint of a firewall (for routes that name the firewall itself). */
  endpointOf(firewall: string): string | undefined;
  finish(allocate: (subnet: string) => string | undefined): void;
}

export function mapFirewalls(of: (t: string) => readonly MapInstance[], ctx: MapContext): FirewallMapping {
  const firewalls: Mut<Firewall>[] = [];
  const policies: FirewallPolicy[] = [];
  const ruleGroups: RuleGroup[] = [];
  const endpointIds = new Set<string>();
  const usedIps: string[] = [];
  for (const i of of('aws_networkfirewall_firewall')) {
    const a = i.attrs;
    const vpc = ctx.ref(a['vpc_id']);
    if (!vpc || !ctx.has('vpc', vpc)) {
      ctx.unresolved(i, 'vpc_id', a['vpc_id']);
      continue;
    }
    const endpoints: FirewallEndpoint[] = [];
    blocks(a['subnet_mapping']).forEach((m, k) => {
      const subnet = ctx.ref(m['subnet_id']);
      if (!subnet || !ctx.has('subnet', subnet)) {
        ctx.diags.push(warning('TF_REFERENCE_UNRESOLVED', `${i.address}: subnet_mapping subnet ${JSON.stringify(m['subnet_id'] ?? null)} is not in the configuration; that endpoint is not modelled`, i.span, { resource: i.address }));
        return;
      }
      const az = ctx.net.subnets.find((s) => s.id === subnet)?.az;
      const id = `${i.address}@${az ?? subnet}`;
      endpointIds.add(id);
      endpoints.push({ id, subnet, ...(ctx.span(i, `subnet_mapping.${k}`) ? { span: ctx.span(i, `subnet_mapping.${k}`) } : {}) });
    });
    firewalls.push({ id: i.address, name: str(a['name']), span: i.span, vpc, policy: ctx.ref(a['firewall_policy_arn']) ?? '', endpoints, assumed: ['endpoints.ip'] });
  }
  for (const i of of('aws_networkfirewall_firewall_policy')) {
    const p = first(i.attrs['firewall_policy']) ?? {};
    const eng = first(p['stateful_engine_options']);
    const order = str(eng?.['rule_order']) === 'STRICT_ORDER' ? 'STRICT_ORDER' : 'DEFAULT_ACTION_ORDER';
    const refs = (v: TfValue | undefined): RuleGroupReference[] =>
      blocks(v).map((r) => ({ ruleGroup: ctx.ref(r['resource_arn']) ?? '', ...(numOf(r['priority']) !== undefined ? { priority: numOf(r['priority']) } : {}) }));
    const pv = first(p['policy_variables']);
    const sep = str(eng?.['stream_exception_policy']);
    policies.push({
      id: i.address,
      name: str(i.attrs['name']),
      span: i.span,
      statelessRuleGroups: refs(p['stateless_rule_group_reference']),
      statelessDefaultActions: strs(p['stateless_default_actions']),
      statelessFragmentDefaultActions: strs(p['stateless_fragment_default_actions']),
      statefulRuleGroups: refs(p['stateful_rule_group_reference']),
      ruleOrder: order,
      ...(sep === 'DROP' || sep === 'CONTINUE' || sep === 'REJECT' ? { streamExceptionPolicy: sep } : {}),
      statefulDefaultActions: strs(p['stateful_default_actions']),
      ...(variables(pv?.['rule_variables'], 'rule_variables', 'ip_set') ? { variables: variables(pv?.['rule_variables'], 'rule_variables', 'ip_set') } : {}),
    });
  }
  for (const i of of('aws_networkfirewall_rule_group')) {
    const a = i.attrs;
    const rg = first(a['rule_group']) ?? {};
    const src = first(rg['rules_source']);
    const type = str(a['type']) === 'STATELESS' ? 'STATELESS' : 'STATEFUL';
    const opts = first(rg['stateful_rule_options']);
    const vars = first(rg['rule_variables']);
    const group: Mut<RuleGroup> = {
      id: i.address,
      name: str(a['name']),
      span: i.span,
      type,
      ...(numOf(a['capacity']) !== undefined ? { capacity: numOf(a['capacity']) } : {}),
      ...(str(opts?.['rule_order']) === 'STRICT_ORDER' ? { ruleOrder: 'STRICT_ORDER' as const } : str(opts?.['rule_order']) ? { ruleOrder: 'DEFAULT_ACTION_ORDER' as const } : {}),
    };
    const ipv = variables(vars?.['ip_sets'], 'ip_sets', 'ip_set');
    const ptv = variables(vars?.['port_sets'], 'port_sets', 'port_set');
    if (ipv) group.variables = ipv;
    if (ptv) group.portVariables = ptv;
    const rulesText = str(src?.['rules_string']) ?? str(a['rules']);
    if (rulesText) {
      const r = parseSuricataRules(rulesText, { file: i.span?.file ?? '', position: locate(i, rulesText), resource: i.address });
      group.suricataRules = r.rules as SuricataRule[];
      ctx.diags.push(...r.diagnostics);
    }
    const list = first(src?.['rules_source_list']);
    if (list) {
      const grt = str(list['generated_rules_type']) ?? 'ALLOWLIST';
      const dl: DomainList = {
        targets: strs(list['targets']),
        targetTypes: strs(list['target_types']).filter((t): t is 'TLS_SNI' | 'HTTP_HOST' => t === 'TLS_SNI' || t === 'HTTP_HOST'),
        generatedRulesType: (['ALLOWLIST', 'DENYLIST', 'REJECTLIST', 'ALERTLIST'].includes(grt) ? grt : 'ALLOWLIST') as DomainList['generatedRulesType'],
      };
      group.domainList = dl;
    }
    const five = blocks(src?.['stateful_rule']);
    if (five.length) {
      group.statefulRules = five.map((r, k): StatefulRule5Tuple => {
        const h = first(r['header']) ?? {};
        const sid = blocks(r['rule_option']).find((o) => str(o['keyword']) === 'sid');
        const sidNum = sid ? Number(strs(sid['settings'])[0]) : undefined;
        const action = (str(r['action']) ?? 'PASS').toUpperCase();
        return {
          action: (['PASS', 'DROP', 'REJECT', 'ALERT'].includes(action) ? action : 'PASS') as StatefulRule5Tuple['action'],
          protocol: str(h['protocol']) ?? 'IP',
          source: str(h['source']) ?? 'ANY',
          sourcePort: str(h['source_port']) ?? 'ANY',
          direction: str(h['direction']) === 'ANY' ? 'ANY' : 'FORWARD',
          destination: str(h['destination']) ?? 'ANY',
          destinationPort: str(h['destination_port']) ?? 'ANY',
          ...(sidNum !== undefined && Number.isFinite(sidNum) ? { sid: sidNum } : {}),
          ...(i.span ? { span: i.span } : {}),
        };
        void k;
      });
    }
    const sl = first(src?.['stateless_rules_and_custom_actions']);
    if (sl) {
      group.statelessRules = blocks(sl['stateless_rule']).map((r): StatelessRule => {
        const def = first(r['rule_definition']) ?? {};
        const m = first(def['match_attributes']) ?? {};
        const addrs = (v: TfValue | undefined) => blocks(v).map((x) => str(x['address_definition']) ?? '').filter((x) => x);
        return {
          priority: numOf(r['priority']) ?? 0,
          sources: addrs(m['source']),
          destinations: addrs(m['destination']),
          sourcePorts: ports(m['source_port']),
          destinationPorts: ports(m['destination_port']),
          protocols: (Array.isArray(m['protocols']) ? m['protocols'] : []).map((p) => (typeof p === 'number' ? p : protocolNumber(String(p)) ?? -1)),
          ...(blocks(m['tcp_flag']).length ? { tcpFlags: blocks(m['tcp_flag']).map((f) => ({ flags: strs(f['flags']), masks: strs(f['masks']) })) } : {}),
          actions: strs(def['actions']),
          ...(i.span ? { span: i.span } : {}),
        };
      });
    }
    if (!rulesText && !list && !five.length && !sl)
      ctx.diags.push(warning('TF_VALUE_UNKNOWN', `${i.address}: rule group has no rules_source the importer could read`, i.span, { resource: i.address }));
    ruleGroups.push(group);
  }
  void isObj;
  return {
    firewalls,
    policies,
    ruleGroups,
    endpointIds,
    usedIps,
    endpointOf: (f) => firewalls.find((x) => x.id === f)?.endpoints[0]?.id,
    finish: (allocate) => {
      for (const f of firewalls) f.endpoints = f.endpoints.map((e) => (e.ip ? e : { ...e, ip: allocate(e.subnet) }));
    },
  };
}
