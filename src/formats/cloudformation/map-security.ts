/**
 * Mapping of packet filters to the model: SecurityGroup (inline rules), SecurityGroupIngress/Egress,
 * NetworkAcl, NetworkAclEntry, SubnetNetworkAclAssociation, and the VPC's default security group / network ACL when
 * the template refers to them (`Fn::GetAtt VPC.DefaultSecurityGroup`, or an ENI launched without a group).
 *
 * AWS semantics applied here: a security group without `SecurityGroupEgress` keeps AWS's default allow-all
 * outbound rule (SG-3); a custom NACL starts with no rules — deny all (NACL-4); the default SG admits all from
 * itself and allows all outbound (SG-4); the default NACL allows all (NACL-4). `FromPort`/`ToPort` are the ICMP
 * type/code for ICMP; `-1` means all. A rule that cannot be read (unknown protocol, no peer) is reported and skipped.
 */
import { warning } from '../../diag/diagnostic.js';
import type {
  IcmpSelector,
  NetworkAcl,
  NetworkAclRule,
  PortRange,
  SecurityGroup,
  SecurityGroupRule,
  SgPeer,
} from '../../model/network.js';
import { protocolNumber } from '../../model/protocol.js';
import { propSpan, type Draft, type ImportContext, type ResourceRef } from './context.js';
import { defaultNaclId, defaultSgId } from './deploy-values.js';
import type { CfnValue } from './evaluate.js';
import type { CfnNode } from './node.js';
import {
  asBool,
  asInt,
  field,
  isObject,
  nameTag,
  propObjects,
  propString,
  propValue,
  type CfnObject,
} from './props.js';

function portsAndIcmp(
  proto: number,
  from: number | undefined,
  to: number | undefined,
): { ports?: PortRange; icmp?: IcmpSelector } {
  if (proto === 6 || proto === 17) {
    if (from === undefined || from === -1) return {};
    return { ports: { from, to: to === undefined || to === -1 ? from : to } };
  }
  if (proto === 1 || proto === 58) {
    const type = from ?? -1;
    const code = to ?? -1;
    if (type === -1 && code === -1) return {};
    return { icmp: { type, code } };
  }
  return {};
}

/** Read one SG rule object (inline or a standalone Ingress/Egress resource's properties). */
export function readSgRule(
  ctx: ImportContext,
  r: ResourceRef,
  o: CfnObject,
  node: CfnNode | undefined,
  outbound: boolean,
): SecurityGroupRule | undefined {
  const span = ctx.span(r.stack, node?.pos ?? r.decl.pos);
  const protoText = field(o, 'IpProtocol');
  const proto = protoText === undefined ? undefined : protocolNumber(protoText);
  if (proto === undefined) {
    ctx.diags.push(
      warning(
        'SG_RULE_UNREADABLE',
        `${r.decl.logicalId}: IpProtocol "${protoText ?? ''}" is not a protocol; rule ignored`,
        span,
        { resource: r.id },
      ),
    );
    return undefined;
  }
  let peer: SgPeer | undefined;
  const cidr = field(o, 'CidrIp') ?? field(o, 'CidrIpv6');
  const group = outbound
    ? field(o, 'DestinationSecurityGroupId')
    : (field(o, 'SourceSecurityGroupId') ?? sgByName(ctx, field(o, 'SourceSecurityGroupName')));
  const pl = outbound ? field(o, 'DestinationPrefixListId') : field(o, 'SourcePrefixListId');
  if (cidr !== undefined) peer = { kind: 'cidr', cidr };
  else if (group !== undefined)
    peer = { kind: 'security-group', group, accountId: field(o, 'SourceSecurityGroupOwnerId') };
  else if (pl !== undefined) peer = { kind: 'prefix-list', prefixList: pl };
  if (!peer) {
    ctx.diags.push(
      warning(
        'SG_RULE_UNREADABLE',
        `${r.decl.logicalId}: rule has no CidrIp, security group or prefix list; ignored (AWS rejects it)`,
        span,
        { resource: r.id },
      ),
    );
    return undefined;
  }
  return {
    protocol: proto,
    ...portsAndIcmp(proto, asInt(o['FromPort']), asInt(o['ToPort'])),
    peer,
    description: field(o, 'Description'),
    span,
  };
}

function sgByName(ctx: ImportContext, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return ctx.net.securityGroups.find((g) => g.groupName === name)?.id ?? name;
}

/** Create the VPC's default security group (SG-4) if it is referred to and not yet present. */
export function ensureDefaultSg(ctx: ImportContext, vpcId: string): Draft<SecurityGroup> {
  const id = defaultSgId(vpcId);
  const have = ctx.index.sg.get(id);
  if (have) return have;
  const vpc = ctx.index.vpc.get(vpcId);
  const outbound: SecurityGroupRule[] = [{ protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }];
  if ((vpc?.ipv6Cidrs?.length ?? 0) > 0)
    outbound.push({ protocol: -1, peer: { kind: 'cidr', cidr: '::/0' } });
  const sg: Draft<SecurityGroup> = {
    id,
    name: 'default',
    groupName: 'default',
    vpc: vpcId,
    isDefault: true,
    inbound: [
      {
        protocol: -1,
        peer: { kind: 'security-group', group: id },
        description: 'SG-4: all from members of the default group',
      },
    ],
    outbound,
    span: vpc?.span,
  };
  ctx.net.securityGroups.push(sg);
  ctx.index.sg.set(id, sg);
  if (vpc) vpc.defaultSecurityGroup = id;
  return sg;
}

/** Create the VPC's default network ACL (NACL-4: allow all) if referred to and not yet present. */
export function ensureDefaultNacl(ctx: ImportContext, vpcId: string): Draft<NetworkAcl> {
  const id = defaultNaclId(vpcId);
  const have = ctx.index.nacl.get(id);
  if (have) return have;
  const vpc = ctx.index.vpc.get(vpcId);
  const all = (cidr: string, number: number): NetworkAclRule => ({
    number,
    protocol: -1,
    cidr,
    action: 'allow',
  });
  const v6 = (vpc?.ipv6Cidrs?.length ?? 0) > 0;
  const acl: Draft<NetworkAcl> = {
    id,
    name: 'default',
    vpc: vpcId,
    isDefault: true,
    inbound: v6 ? [all('0.0.0.0/0', 100), all('::/0', 101)] : [all('0.0.0.0/0', 100)],
    outbound: v6 ? [all('0.0.0.0/0', 100), all('::/0', 101)] : [all('0.0.0.0/0', 100)],
    span: vpc?.span,
  };
  ctx.net.networkAcls.push(acl);
  ctx.index.nacl.set(id, acl);
  if (vpc) vpc.defaultNetworkAcl = id;
  return acl;
}

/** A security group by id, creating the default SG if the id is one (`VPC.DefaultSecurityGroup`). */
function findSg(ctx: ImportContext, id: string): Draft<SecurityGroup> | undefined {
  const have = ctx.index.sg.get(id);
  if (have) return have;
  for (const vpcId of ctx.deploy.defaultSgDemand)
    if (defaultSgId(vpcId) === id) return ensureDefaultSg(ctx, vpcId);
  return undefined;
}

function findNacl(ctx: ImportContext, id: string): Draft<NetworkAcl> | undefined {
  const have = ctx.index.nacl.get(id);
  if (have) return have;
  for (const vpcId of ctx.deploy.defaultNaclDemand)
    if (defaultNaclId(vpcId) === id) return ensureDefaultNacl(ctx, vpcId);
  return undefined;
}

/** Pass 1. */
export function createSecurityObject(ctx: ImportContext, r: ResourceRef): boolean {
  switch (r.decl.type) {
    case 'AWS::EC2::SecurityGroup': {
      let vpc = propString(ctx, r, 'VpcId');
      if (vpc === undefined) {
        ctx.diags.push(
          warning(
            'SG_NO_VPC',
            `security group ${r.decl.logicalId} has no VpcId (EC2-Classic/default VPC); it belongs to no modelled VPC`,
            propSpan(ctx, r),
            { resource: r.id },
          ),
        );
        vpc = '';
      }
      const inbound: SecurityGroupRule[] = [];
      for (const it of propObjects(r, 'SecurityGroupIngress')) {
        const rule = readSgRule(ctx, r, it.value, it.node, false);
        if (rule) inbound.push(rule);
      }
      const outbound: SecurityGroupRule[] = [];
      const egressGiven = propValue(r, 'SecurityGroupEgress') !== undefined;
      if (egressGiven) {
        for (const it of propObjects(r, 'SecurityGroupEgress')) {
          const rule = readSgRule(ctx, r, it.value, it.node, true);
          if (rule) outbound.push(rule);
        }
      } else {
        // SG-3: a new security group allows all outbound traffic until egress rules are given.
        outbound.push({
          protocol: -1,
          peer: { kind: 'cidr', cidr: '0.0.0.0/0' },
          description: 'SG-3 default outbound rule',
        });
      }
      const sg: Draft<SecurityGroup> = {
        id: r.id,
        name: nameTag(r) ?? propString(ctx, r, 'GroupDescription'),
        groupName: propString(ctx, r, 'GroupName'),
        vpc,
        inbound,
        outbound,
        span: propSpan(ctx, r),
      };
      ctx.net.securityGroups.push(sg);
      ctx.index.sg.set(r.id, sg);
      return true;
    }
    case 'AWS::EC2::NetworkAcl': {
      // NACL-4: a new custom network ACL denies everything until entries are added.
      const acl: Draft<NetworkAcl> = {
        id: r.id,
        name: nameTag(r),
        vpc: propString(ctx, r, 'VpcId') ?? '',
        inbound: [],
        outbound: [],
        span: propSpan(ctx, r),
      };
      ctx.net.networkAcls.push(acl);
      ctx.index.nacl.set(r.id, acl);
      return true;
    }
    default:
      return false;
  }
}

/** Pass 2. */
export function attachSecurityObject(ctx: ImportContext, r: ResourceRef): boolean {
  switch (r.decl.type) {
    case 'AWS::EC2::SecurityGroupIngress':
    case 'AWS::EC2::SecurityGroupEgress': {
      const outbound = r.decl.type === 'AWS::EC2::SecurityGroupEgress';
      const gid = propString(ctx, r, 'GroupId') ?? sgByName(ctx, propString(ctx, r, 'GroupName'));
      const sg = gid === undefined ? undefined : findSg(ctx, gid);
      if (!sg) {
        ctx.diags.push(
          warning(
            'REFERENCE_NOT_FOUND',
            `${r.decl.logicalId}: security group ${gid ?? '(none)'} is not defined in the loaded templates; rule ignored`,
            propSpan(ctx, r, 'GroupId'),
            { resource: r.id },
          ),
        );
        return true;
      }
      const o = propsObject(r);
      const rule = readSgRule(ctx, r, o, r.decl.props, outbound);
      if (rule) (outbound ? sg.outbound : sg.inbound).push({ ...rule, span: propSpan(ctx, r) });
      return true;
    }
    case 'AWS::EC2::NetworkAclEntry': {
      const aclId = propString(ctx, r, 'NetworkAclId');
      const acl = aclId === undefined ? undefined : findNacl(ctx, aclId);
      if (!acl) {
        ctx.diags.push(
          warning(
            'REFERENCE_NOT_FOUND',
            `${r.decl.logicalId}: network ACL ${aclId ?? '(none)'} is not defined in the loaded templates; entry ignored`,
            propSpan(ctx, r, 'NetworkAclId'),
            { resource: r.id },
          ),
        );
        return true;
      }
      const o = propsObject(r);
      const proto = protocolNumber(field(o, 'Protocol') ?? '');
      const number = asInt(o['RuleNumber']);
      const cidr = field(o, 'CidrBlock') ?? field(o, 'Ipv6CidrBlock');
      const action = (field(o, 'RuleAction') ?? '').toLowerCase();
      if (
        proto === undefined ||
        number === undefined ||
        cidr === undefined ||
        (action !== 'allow' && action !== 'deny')
      ) {
        ctx.diags.push(
          warning(
            'NACL_ENTRY_UNREADABLE',
            `${r.decl.logicalId}: needs Protocol, RuleNumber, CidrBlock and RuleAction allow|deny; entry ignored`,
            propSpan(ctx, r),
            { resource: r.id },
          ),
        );
        return true;
      }
      const pr = o['PortRange'];
      const ic = o['Icmp'];
      const rule: NetworkAclRule = {
        number,
        protocol: proto,
        ports:
          (proto === 6 || proto === 17) && isObject(pr)
            ? { from: asInt(pr['From']) ?? 0, to: asInt(pr['To']) ?? 65535 }
            : undefined,
        icmp:
          (proto === 1 || proto === 58) && isObject(ic)
            ? { type: asInt(ic['Type']) ?? -1, code: asInt(ic['Code']) ?? -1 }
            : undefined,
        cidr,
        action,
        span: propSpan(ctx, r),
      };
      (asBool(o['Egress']) === true ? acl.outbound : acl.inbound).push(rule);
      return true;
    }
    case 'AWS::EC2::SubnetNetworkAclAssociation': {
      const sId = propString(ctx, r, 'SubnetId');
      const s = sId === undefined ? undefined : ctx.index.subnet.get(sId);
      if (s) s.networkAcl = propString(ctx, r, 'NetworkAclId');
      else
        ctx.diags.push(
          warning(
            'REFERENCE_NOT_FOUND',
            `${r.decl.logicalId}: subnet ${sId ?? '(none)'} is not defined in the loaded templates`,
            propSpan(ctx, r, 'SubnetId'),
            { resource: r.id },
          ),
        );
      const aclId = propString(ctx, r, 'NetworkAclId');
      if (aclId !== undefined) findNacl(ctx, aclId);
      return true;
    }
    default:
      return false;
  }
}

function propsObject(r: ResourceRef): CfnObject {
  const v: CfnValue | undefined = r.decl.props
    ? (r.stack.ev.value(r.decl.props) as CfnValue | undefined)
    : undefined;
  return isObject(v) ? v : {};
}
