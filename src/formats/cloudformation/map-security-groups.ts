/**
 * CloudFormation mappers of security groups: AWS::EC2::SecurityGroup (inline rules), AWS::EC2::SecurityGroupIngress
 * and AWS::EC2::SecurityGroupEgress, and the VPC's default security group when the templates refer to it
 * (`Fn::GetAtt VPC.DefaultSecurityGroup`, or an ENI launched without a group).
 *
 * A security group without `SecurityGroupEgress` keeps AWS's default allow-all outbound rule (SG-3); the default
 * group is the associations layer's (SG-4, formats/build/implied.ts). `FromPort`/`ToPort` are the ICMP type/code for
 * ICMP; `-1` means all. A rule that cannot be read (unknown protocol, no peer) is reported and skipped.
 */
import { warning } from '../../diag/diagnostic.js';
import type { SecurityGroupRule, SgPeer } from '../../model/network.js';
import { protocolNumber } from '../../model/protocol.js';
import type { DraftOf } from '../build/drafts.js';
import { impliedDefaultSecurityGroup } from '../build/implied.js';
import { propSpan, referenceNotFound, type ImportContext, type ResourceRef } from './context.js';
import { defaultSgId } from './eval-host.js';
import type { CfnValue } from './cfn-value.js';
import type { CfnMapper } from './mapper.js';
import type { CfnNode } from './node.js';
import {
  asInt,
  field,
  isObject,
  nameTag,
  propObjects,
  propString,
  propValue,
  type CfnObject,
} from './props.js';
import { portsAndIcmp } from '../build/rule-ports.js';

/** What a rule admits from (inbound) or sends to (outbound): a CIDR, a group or a prefix list. */
function peerOf(ctx: ImportContext, o: CfnObject, outbound: boolean): SgPeer | undefined {
  const cidr = field(o, 'CidrIp') ?? field(o, 'CidrIpv6');
  const group = outbound
    ? field(o, 'DestinationSecurityGroupId')
    : (field(o, 'SourceSecurityGroupId') ?? sgByName(ctx, field(o, 'SourceSecurityGroupName')));
  const pl = outbound ? field(o, 'DestinationPrefixListId') : field(o, 'SourcePrefixListId');
  if (cidr !== undefined) return { kind: 'cidr', cidr };
  if (group !== undefined)
    return { kind: 'security-group', group, accountId: field(o, 'SourceSecurityGroupOwnerId') };
  if (pl !== undefined) return { kind: 'prefix-list', prefixList: pl };
  return undefined;
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
  const unreadable = (why: string) =>
    ctx.diags.push(warning('SG_RULE_UNREADABLE', `${r.decl.logicalId}: ${why}`, span, { resource: r.id }));
  const protoText = field(o, 'IpProtocol');
  const proto = protoText === undefined ? undefined : protocolNumber(protoText);
  if (proto === undefined) {
    unreadable(`IpProtocol "${protoText ?? ''}" is not a protocol; rule ignored`);
    return undefined;
  }
  const peer = peerOf(ctx, o, outbound);
  if (!peer) {
    unreadable('rule has no CidrIp, security group or prefix list; ignored (AWS rejects it)');
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

/** A group named by GroupName (default VPC style): its id when a group of the templates has that name. */
export function sgByName(ctx: ImportContext, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return ctx.b.net.securityGroups.find((g) => g.groupName === name)?.id ?? name;
}

/** The VPC's default security group (SG-4), created when first referred to. */
export function defaultSecurityGroup(ctx: ImportContext, vpcId: string): DraftOf<'securityGroups'> {
  return impliedDefaultSecurityGroup(ctx.b, vpcId, defaultSgId(vpcId));
}

/** A security group by id, creating the default SG if the id is one (`VPC.DefaultSecurityGroup`). */
function findSg(ctx: ImportContext, id: string): DraftOf<'securityGroups'> | undefined {
  const have = ctx.b.get('securityGroups', id);
  if (have) return have;
  for (const vpcId of ctx.deploy.defaultSgDemand)
    if (defaultSgId(vpcId) === id) return defaultSecurityGroup(ctx, vpcId);
  return undefined;
}

/** The evaluated properties of a resource, as an object. */
export function propsObject(r: ResourceRef): CfnObject {
  const v: CfnValue | undefined = r.decl.props
    ? (r.stack.ev.value(r.decl.props) as CfnValue | undefined)
    : undefined;
  return isObject(v) ? v : {};
}

function rules(ctx: ImportContext, r: ResourceRef, name: string, outbound: boolean): SecurityGroupRule[] {
  const out: SecurityGroupRule[] = [];
  for (const it of propObjects(r, name)) {
    const rule = readSgRule(ctx, r, it.value, it.node, outbound);
    if (rule) out.push(rule);
  }
  return out;
}

const securityGroup: CfnMapper = {
  create(ctx, r) {
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
    const inbound = rules(ctx, r, 'SecurityGroupIngress', false);
    const outbound: SecurityGroupRule[] =
      propValue(r, 'SecurityGroupEgress') !== undefined
        ? rules(ctx, r, 'SecurityGroupEgress', true)
        : // SG-3: a new security group allows all outbound traffic until egress rules are given.
          [
            {
              protocol: -1,
              peer: { kind: 'cidr', cidr: '0.0.0.0/0' },
              description: 'SG-3 default outbound rule',
            },
          ];
    ctx.b.add('securityGroups', {
      id: r.id,
      name: nameTag(r) ?? propString(ctx, r, 'GroupDescription'),
      groupName: propString(ctx, r, 'GroupName'),
      vpc,
      inbound,
      outbound,
      span: propSpan(ctx, r),
    });
  },
};

/** AWS::EC2::SecurityGroupIngress / Egress: one rule added to a group of the templates (or the default group). */
function standaloneRule(outbound: boolean): CfnMapper {
  return {
    attach(ctx, r) {
      const gid = propString(ctx, r, 'GroupId') ?? sgByName(ctx, propString(ctx, r, 'GroupName'));
      const sg = gid === undefined ? undefined : findSg(ctx, gid);
      if (!sg) {
        referenceNotFound(ctx, r, 'security group', gid, 'GroupId', 'rule ignored');
        return;
      }
      const rule = readSgRule(ctx, r, propsObject(r), r.decl.props, outbound);
      if (rule) (outbound ? sg.outbound : sg.inbound).push({ ...rule, span: propSpan(ctx, r) });
    },
  };
}

export const SECURITY_GROUP_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::EC2::SecurityGroup': securityGroup,
  'AWS::EC2::SecurityGroupIngress': standaloneRule(false),
  'AWS::EC2::SecurityGroupEgress': standaloneRule(true),
};
