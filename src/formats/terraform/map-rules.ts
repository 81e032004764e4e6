/**
 * Terraform security-group and network-ACL rule arguments → model rules.
 *
 * Model: one Terraform rule (inline `ingress {}` block, aws_security_group_rule, aws_vpc_security_group_*_rule)
 * becomes one model rule per peer (SG-1: rules are a union, so splitting is lossless). Protocol `-1`/`all` has no
 * ports; TCP/UDP use from_port..to_port; ICMP uses from_port = type and to_port = code, -1 = any (SG-5). NACL rules
 * keep their number (NACL-2) and use icmp_type / icmp_code. A protocol Terraform would reject is a diagnostic and the
 * rule is skipped. Unknown values (deploy-time) in a CIDR list are skipped with a warning naming them.
 */
import { error, warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { NetworkAclRule, SecurityGroupRule, SgPeer } from '../../model/network.js';
import { protocolNumber } from '../../model/protocol.js';
import { isObj, isUnknown, type TfObject, type TfValue } from './value.js';
import { portsAndIcmp } from '../build/rule-ports.js';

export interface RuleCtx {
  readonly diags: Diagnostic[];
  readonly resource: string;
  readonly span: Span | undefined;
  /** Resolve a reference value (address, AWS id or unknown) to a model id. */
  readonly ref: (v: TfValue) => string | undefined;
}

export function numOf(v: TfValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

export function strList(v: TfValue | undefined, ctx: RuleCtx, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (isUnknown(v)) {
    ctx.diags.push(
      warning(
        'TF_VALUE_UNKNOWN',
        `${ctx.resource}: ${what} is known only after apply (${v.desc}); not modelled`,
        ctx.span,
        { resource: ctx.resource },
      ),
    );
    return [];
  }
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const x of items) {
    if (typeof x === 'string') out.push(x);
    else if (isUnknown(x))
      ctx.diags.push(
        warning(
          'TF_VALUE_UNKNOWN',
          `${ctx.resource}: an element of ${what} is known only after apply (${x.desc}); not modelled`,
          ctx.span,
          { resource: ctx.resource },
        ),
      );
  }
  return out;
}

function protocolOf(v: TfValue | undefined, ctx: RuleCtx): number | undefined {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined;
  const p = text === undefined ? undefined : protocolNumber(text);
  if (p === undefined)
    ctx.diags.push(
      error(
        'TF_INVALID_PROTOCOL',
        `${ctx.resource}: protocol ${JSON.stringify(v ?? null)} is not a protocol name or number; AWS would reject it (InvalidPermission.Malformed)`,
        ctx.span,
        { resource: ctx.resource, ref: 'SG-5' },
      ),
    );
  return p;
}

/** Rules of an inline SG block or aws_security_group_rule (cidr_blocks, ipv6_cidr_blocks, prefix_list_ids, security_groups, source_security_group_id, self). */
export function sgRulesFromBlock(
  b: TfObject,
  ctx: RuleCtx,
  selfId: string,
  span: Span | undefined,
): SecurityGroupRule[] {
  const protocol = protocolOf(b['protocol'], ctx);
  if (protocol === undefined) return [];
  const pi = portsAndIcmp(protocol, numOf(b['from_port']), numOf(b['to_port']));
  const description = typeof b['description'] === 'string' && b['description'] ? b['description'] : undefined;
  const peers: SgPeer[] = [];
  for (const c of strList(b['cidr_blocks'], ctx, 'cidr_blocks')) peers.push({ kind: 'cidr', cidr: c });
  for (const c of strList(b['ipv6_cidr_blocks'], ctx, 'ipv6_cidr_blocks'))
    peers.push({ kind: 'cidr', cidr: c });
  for (const c of strList(b['prefix_list_ids'], ctx, 'prefix_list_ids'))
    peers.push({ kind: 'prefix-list', prefixList: ctx.ref(c) ?? c });
  const groups = [
    ...(Array.isArray(b['security_groups']) ? b['security_groups'] : []),
    ...(b['source_security_group_id'] !== undefined && b['source_security_group_id'] !== null
      ? [b['source_security_group_id']]
      : []),
  ];
  for (const g of groups) {
    const id = ctx.ref(g);
    if (id) peers.push({ kind: 'security-group', group: id });
  }
  if (b['self'] === true) peers.push({ kind: 'security-group', group: selfId });
  return peers.map((peer) => ({
    protocol,
    ...pi,
    peer,
    ...(description ? { description } : {}),
    ...(span ? { span } : {}),
  }));
}

/** aws_vpc_security_group_ingress_rule / egress_rule (one peer each). */
export function sgRuleFromVpcRule(b: TfObject, ctx: RuleCtx, span: Span | undefined): SecurityGroupRule[] {
  const protocol = protocolOf(b['ip_protocol'], ctx);
  if (protocol === undefined) return [];
  const pi = portsAndIcmp(protocol, numOf(b['from_port']), numOf(b['to_port']));
  const description = typeof b['description'] === 'string' && b['description'] ? b['description'] : undefined;
  let peer: SgPeer | undefined;
  const v4 = b['cidr_ipv4'];
  const v6 = b['cidr_ipv6'];
  if (typeof v4 === 'string') peer = { kind: 'cidr', cidr: v4 };
  else if (typeof v6 === 'string') peer = { kind: 'cidr', cidr: v6 };
  else if (b['prefix_list_id'] !== undefined && b['prefix_list_id'] !== null) {
    const id = ctx.ref(b['prefix_list_id']);
    if (id) peer = { kind: 'prefix-list', prefixList: id };
  } else if (b['referenced_security_group_id'] !== undefined && b['referenced_security_group_id'] !== null) {
    const id = ctx.ref(b['referenced_security_group_id']);
    if (id) peer = { kind: 'security-group', group: id };
  }
  if (!peer) {
    ctx.diags.push(
      warning(
        'TF_VALUE_UNKNOWN',
        `${ctx.resource}: no usable peer (cidr_ipv4, cidr_ipv6, prefix_list_id or referenced_security_group_id); rule not modelled`,
        ctx.span,
        { resource: ctx.resource },
      ),
    );
    return [];
  }
  return [{ protocol, ...pi, peer, ...(description ? { description } : {}), ...(span ? { span } : {}) }];
}

/** NACL rule from an inline block (rule_no/action) or aws_network_acl_rule (rule_number/rule_action). */
export function naclRule(b: TfObject, ctx: RuleCtx, span: Span | undefined): NetworkAclRule | undefined {
  const number = numOf(b['rule_no'] ?? b['rule_number']);
  const protocol = protocolOf(b['protocol'], ctx);
  const action = b['action'] ?? b['rule_action'];
  const cidr =
    typeof b['cidr_block'] === 'string'
      ? b['cidr_block']
      : typeof b['ipv6_cidr_block'] === 'string'
        ? b['ipv6_cidr_block']
        : undefined;
  if (number === undefined || protocol === undefined || (action !== 'allow' && action !== 'deny') || !cidr) {
    if (protocol !== undefined)
      ctx.diags.push(
        warning(
          'TF_NACL_RULE_INCOMPLETE',
          `${ctx.resource}: network ACL rule needs a rule number, action allow|deny and a CIDR (got ${JSON.stringify({ number, action, cidr })}); not modelled`,
          span ?? ctx.span,
          { resource: ctx.resource },
        ),
      );
    return undefined;
  }
  const pi =
    protocol === 1 || protocol === 58
      ? portsAndIcmp(protocol, numOf(b['icmp_type']), numOf(b['icmp_code']))
      : portsAndIcmp(protocol, numOf(b['from_port']), numOf(b['to_port']));
  return { number, protocol, ...pi, cidr, action, ...(span ? { span } : {}) };
}

/** Blocks of a nested-block attribute (list of objects). */
export function blocks(v: TfValue | undefined): TfObject[] {
  return Array.isArray(v) ? v.filter(isObj) : isObj(v) ? [v] : [];
}
