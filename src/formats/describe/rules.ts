/**
 * describe-security-groups `IpPermissions` and describe-network-acls `Entries` → model rules.
 *
 * Model: one `IpPermission` (protocol + port range + several peers) becomes one model rule per peer (SG-1: the
 * rules are a union, so splitting is lossless). Ports: TCP/UDP use FromPort..ToPort; ICMP uses FromPort = type and
 * ToPort = code, -1 = any (SG-5, NACL-5); protocol `-1` has no ports. The NACL `*` entries (32767 / 32768) are the
 * implicit final deny (NACL-2) and are not copied. Entries whose protocol is not understood are reported and skipped.
 */
import { warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { NetworkAclRule, SecurityGroupRule, SgPeer } from '../../model/network.js';
import { protocolNumber } from '../../model/protocol.js';
import { num, obj, objs, str, type JsonObject } from '../json-source.js';
import { portsAndIcmp } from '../build/rule-ports.js';

/** SG rules of one direction (`IpPermissions` or `IpPermissionsEgress`). */
export function sgRules(
  perms: readonly JsonObject[],
  span: Span,
  resource: string,
  diags: Diagnostic[],
  ownAccount: string | undefined,
): SecurityGroupRule[] {
  const out: SecurityGroupRule[] = [];
  for (const p of perms) {
    const protoText = str(p, 'IpProtocol') ?? '-1';
    const protocol = protocolNumber(protoText);
    if (protocol === undefined) {
      diags.push(
        warning(
          'DESCRIBE_UNKNOWN_PROTOCOL',
          `security group rule protocol "${protoText}" not understood; rule skipped`,
          span,
          { resource },
        ),
      );
      continue;
    }
    const pi = portsAndIcmp(protocol, num(p, 'FromPort'), num(p, 'ToPort'));
    const add = (peer: SgPeer, description: string | undefined) =>
      out.push({ protocol, ...pi, peer, ...(description ? { description } : {}), span });
    for (const r of objs(p, 'IpRanges')) {
      const c = str(r, 'CidrIp');
      if (c) add({ kind: 'cidr', cidr: c }, str(r, 'Description'));
    }
    for (const r of objs(p, 'Ipv6Ranges')) {
      const c = str(r, 'CidrIpv6');
      if (c) add({ kind: 'cidr', cidr: c }, str(r, 'Description'));
    }
    for (const r of objs(p, 'PrefixListIds')) {
      const c = str(r, 'PrefixListId');
      if (c) add({ kind: 'prefix-list', prefixList: c }, str(r, 'Description'));
    }
    for (const r of objs(p, 'UserIdGroupPairs')) {
      const g = str(r, 'GroupId');
      const acct = str(r, 'UserId');
      // SG-6: a reference may name another account's group (cross-account peering, `account/sg-id`).
      if (g)
        add(
          { kind: 'security-group', group: g, ...(acct && acct !== ownAccount ? { accountId: acct } : {}) },
          str(r, 'Description'),
        );
    }
  }
  return out;
}

/** NACL entries split by direction; the `*` rule is implicit (NACL-2). */
export function naclRules(
  entries: readonly JsonObject[],
  span: Span,
  resource: string,
  diags: Diagnostic[],
): { inbound: NetworkAclRule[]; outbound: NetworkAclRule[] } {
  const inbound: NetworkAclRule[] = [];
  const outbound: NetworkAclRule[] = [];
  for (const e of entries) {
    const number = num(e, 'RuleNumber');
    if (number === undefined || number >= 32767) continue;
    const protoText = str(e, 'Protocol') ?? '-1';
    const protocol = protocolNumber(protoText);
    const cidr = str(e, 'CidrBlock') ?? str(e, 'Ipv6CidrBlock');
    const action = str(e, 'RuleAction');
    if (protocol === undefined || !cidr || (action !== 'allow' && action !== 'deny')) {
      diags.push(
        warning(
          'DESCRIBE_UNKNOWN_SHAPE',
          `network ACL entry ${number} not understood (protocol "${protoText}", action "${action ?? ''}"); skipped`,
          span,
          { resource },
        ),
      );
      continue;
    }
    const pr = obj(e, 'PortRange');
    const it = obj(e, 'IcmpTypeCode');
    const pi =
      protocol === 1 || protocol === 58
        ? portsAndIcmp(protocol, num(it, 'Type'), num(it, 'Code'))
        : portsAndIcmp(protocol, num(pr, 'From'), num(pr, 'To'));
    const rule: NetworkAclRule = { number, protocol, ...pi, cidr, action, span };
    (e['Egress'] === true ? outbound : inbound).push(rule);
  }
  const byNumber = (a: NetworkAclRule, b: NetworkAclRule) => a.number - b.number;
  return { inbound: inbound.sort(byNumber), outbound: outbound.sort(byNumber) };
}
