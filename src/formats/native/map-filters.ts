/**
 * Native mappers of packet filters: security groups and network ACLs, with their rules written either as one-line
 * strings the way the console shows them (rules.ts) or as objects. A security group without `outbound` keeps AWS's
 * default allow-all outbound rule (SG-3). A rule that cannot be read is reported at its position and skipped.
 */
import { error, type Span } from '../../diag/diagnostic.js';
import type { DiagnosticCode } from '../../diag/codes.js';
import type { NetworkAclRule, SecurityGroupRule, SgPeer } from '../../model/network.js';
import { protocolNumber } from '../../model/protocol.js';
import { shift, type NativeContext, type VpcScope } from './context.js';
import { obj } from './names.js';
import { parseNaclRule, parsePorts, parseSgRule } from './rules.js';

export function mapSecurityGroups(c: NativeContext, { name, v, raw }: VpcScope): void {
  const rSgs = obj(raw.securityGroups);
  for (const [gName, g] of Object.entries(v.securityGroups ?? {})) {
    const rg = obj(rSgs[gName]);
    const conv = (list: unknown[] | undefined, rawList: unknown, inbound: boolean): SecurityGroupRule[] =>
      (list ?? []).flatMap((r, i) => {
        const rule = sgRuleOf(c, r, inbound, c.spans.valueSpan(obj(rawList), i), gName);
        return rule ? [rule] : [];
      });
    c.b.add('securityGroups', {
      id: gName,
      awsId: g.id,
      vpc: name,
      groupName: gName,
      isDefault: g.default,
      inbound: conv(g.inbound, rg.inbound, true),
      // SG-3: a new group has one outbound rule allowing all traffic when none are written.
      outbound:
        g.outbound !== undefined
          ? conv(g.outbound, rg.outbound, false)
          : [{ protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' }, description: 'default (SG-3)' }],
      span: c.spans.keySpan(rSgs, gName),
    });
  }
}

export function mapNetworkAcls(c: NativeContext, { name, v, raw }: VpcScope): void {
  const rAcls = obj(raw.networkAcls);
  for (const [aName, a] of Object.entries(v.networkAcls ?? {})) {
    const ra = obj(rAcls[aName]);
    const conv = (list: unknown[] | undefined, rawList: unknown, inbound: boolean): NetworkAclRule[] =>
      (list ?? []).flatMap((r, i) => {
        const rule = naclRuleOf(c, r, inbound, c.spans.valueSpan(obj(rawList), i), aName);
        return rule ? [rule] : [];
      });
    c.b.add('networkAcls', {
      id: aName,
      awsId: a.id,
      vpc: name,
      isDefault: a.default,
      inbound: conv(a.inbound, ra.inbound, true),
      outbound: conv(a.outbound, ra.outbound, false),
      span: c.spans.keySpan(rAcls, aName),
    });
  }
}

/** A rule's source or destination: a CIDR, a security group or a prefix list of the file. */
function peerOf(c: NativeContext, text: string, at: Span | undefined): SgPeer | undefined {
  if (text.includes('/')) return { kind: 'cidr', cidr: text };
  if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
    c.b.diags.push(
      error(
        'SG_RULE_PEER_NOT_CIDR',
        `"${text}" is an address, not a CIDR block; write ${text}/32 (AWS requires a CIDR)`,
        at,
      ),
    );
    return undefined;
  }
  const e = c.names.ref(text, ['security-group', 'prefix-list'], at, 'rule peer');
  if (!e) return undefined;
  return e.kind === 'security-group'
    ? { kind: 'security-group', group: text }
    : { kind: 'prefix-list', prefixList: text };
}

interface RuleObject {
  protocol: string | number;
  ports?: number | string;
  icmpType?: number;
  icmpCode?: number;
}

function sgRuleOf(
  c: NativeContext,
  r: unknown,
  inbound: boolean,
  at: Span | undefined,
  group: string,
): SecurityGroupRule | undefined {
  const fail = (code: DiagnosticCode, message: string, where = at): SecurityGroupRule | undefined => {
    c.b.diags.push(error(code, `security group ${group}: ${message}`, where, { resource: group }));
    return undefined;
  };
  if (typeof r === 'string') {
    const p = parseSgRule(r);
    if (!p.ok) return fail('SG_RULE_SYNTAX', `${p.message} in "${r}"`, shift(c, at, p.col));
    if ((p.value.direction === 'from') !== inbound)
      return fail(
        'SG_RULE_DIRECTION',
        inbound ? 'inbound rules say "from <source>"' : 'outbound rules say "to <destination>"',
      );
    const peer = peerOf(c, p.value.peer, shift(c, at, p.value.peerCol));
    if (!peer) return undefined;
    return { protocol: p.value.protocol, ports: p.value.ports, icmp: p.value.icmp, peer, span: at };
  }
  const o = r as RuleObject & { from?: string; to?: string; description?: string };
  const proto = protocolNumber(o.protocol);
  if (proto === undefined) return fail('SG_RULE_SYNTAX', `unknown protocol "${String(o.protocol)}"`);
  const peerText = inbound ? o.from : o.to;
  if (peerText === undefined)
    return fail('SG_RULE_SYNTAX', inbound ? 'inbound rule needs "from"' : 'outbound rule needs "to"');
  const peer = peerOf(c, peerText, at);
  if (!peer) return undefined;
  const ports = o.ports !== undefined ? parsePorts(String(o.ports)) : undefined;
  if (typeof ports === 'string') return fail('SG_RULE_SYNTAX', ports);
  return {
    protocol: proto,
    ports,
    icmp: o.icmpType !== undefined ? { type: o.icmpType, code: o.icmpCode ?? -1 } : undefined,
    peer,
    description: o.description,
    span: at,
  };
}

function naclRuleOf(
  c: NativeContext,
  r: unknown,
  inbound: boolean,
  at: Span | undefined,
  acl: string,
): NetworkAclRule | undefined {
  const fail = (code: DiagnosticCode, message: string, where = at): NetworkAclRule | undefined => {
    c.b.diags.push(error(code, `network ACL ${acl}: ${message}`, where, { resource: acl }));
    return undefined;
  };
  if (typeof r === 'string') {
    const p = parseNaclRule(r);
    if (!p.ok) return fail('NACL_RULE_SYNTAX', `${p.message} in "${r}"`, shift(c, at, p.col));
    if ((p.value.direction === 'from') !== inbound)
      return fail(
        'NACL_RULE_DIRECTION',
        `${inbound ? 'inbound rules say "from <source CIDR>"' : 'outbound rules say "to <destination CIDR>"'} (NACL-3)`,
      );
    const { number, protocol, ports, icmp, peer, action } = p.value;
    return { number, protocol, ports, icmp, cidr: peer, action, span: at };
  }
  const o = r as RuleObject & { number: number; action: 'allow' | 'deny'; cidr: string };
  const proto = protocolNumber(o.protocol);
  const ports = o.ports !== undefined ? parsePorts(String(o.ports)) : undefined;
  if (proto === undefined) return fail('NACL_RULE_SYNTAX', `unknown protocol "${String(o.protocol)}"`);
  if (typeof ports === 'string') return fail('NACL_RULE_SYNTAX', ports);
  return {
    number: o.number,
    protocol: proto,
    ports,
    icmp: o.icmpType !== undefined ? { type: o.icmpType, code: o.icmpCode ?? -1 } : undefined,
    cidr: o.cidr,
    action: o.action,
    span: at,
  };
}
