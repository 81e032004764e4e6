/**
 * CloudFormation mappers of network ACLs: AWS::EC2::NetworkAcl, AWS::EC2::NetworkAclEntry and
 * AWS::EC2::SubnetNetworkAclAssociation, and the VPC's default network ACL when the templates refer to it
 * (`Fn::GetAtt VPC.DefaultNetworkAcl`).
 *
 * A custom network ACL starts with no rules — deny all (NACL-4); the default ACL allows all (NACL-4, the
 * associations layer's, formats/build/implied.ts). An entry's `PortRange` applies to TCP and UDP, its `Icmp` to
 * ICMP; an entry missing Protocol, RuleNumber, a CIDR or an allow|deny action is reported and skipped.
 */
import { warning } from '../../diag/diagnostic.js';
import type { NetworkAclRule } from '../../model/network.js';
import { protocolNumber } from '../../model/protocol.js';
import type { DraftOf } from '../build/drafts.js';
import { impliedDefaultNetworkAcl } from '../build/implied.js';
import { propSpan, referenceNotFound, type ImportContext, type ResourceRef } from './context.js';
import { defaultNaclId } from './eval-host.js';
import type { CfnMapper } from './mapper.js';
import { propsObject } from './map-security-groups.js';
import { asBool, asInt, field, isObject, nameTag, propString, type CfnObject } from './props.js';

/** The VPC's default network ACL (NACL-4), created when first referred to. */
export function defaultNetworkAcl(ctx: ImportContext, vpcId: string): DraftOf<'networkAcls'> {
  return impliedDefaultNetworkAcl(ctx.b, vpcId, defaultNaclId(vpcId));
}

/** A network ACL by id, creating the default ACL if the id is one (`VPC.DefaultNetworkAcl`). */
function findNacl(ctx: ImportContext, id: string): DraftOf<'networkAcls'> | undefined {
  const have = ctx.b.get('networkAcls', id);
  if (have) return have;
  for (const vpcId of ctx.deploy.defaultNaclDemand)
    if (defaultNaclId(vpcId) === id) return defaultNetworkAcl(ctx, vpcId);
  return undefined;
}

const networkAcl: CfnMapper = {
  create(ctx, r) {
    // NACL-4: a new custom network ACL denies everything until entries are added.
    ctx.b.add('networkAcls', {
      id: r.id,
      name: nameTag(r),
      vpc: propString(ctx, r, 'VpcId') ?? '',
      inbound: [],
      outbound: [],
      span: propSpan(ctx, r),
    });
  },
};

/** One entry's rule, or undefined when a required property is missing. */
function entryRule(ctx: ImportContext, r: ResourceRef, o: CfnObject): NetworkAclRule | undefined {
  const proto = protocolNumber(field(o, 'Protocol') ?? '');
  const number = asInt(o['RuleNumber']);
  const cidr = field(o, 'CidrBlock') ?? field(o, 'Ipv6CidrBlock');
  const action = (field(o, 'RuleAction') ?? '').toLowerCase();
  if (
    proto === undefined ||
    number === undefined ||
    cidr === undefined ||
    (action !== 'allow' && action !== 'deny')
  )
    return undefined;
  const pr = o['PortRange'];
  const ic = o['Icmp'];
  return {
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
}

const networkAclEntry: CfnMapper = {
  attach(ctx, r) {
    const aclId = propString(ctx, r, 'NetworkAclId');
    const acl = aclId === undefined ? undefined : findNacl(ctx, aclId);
    if (!acl) {
      referenceNotFound(ctx, r, 'network ACL', aclId, 'NetworkAclId', 'entry ignored');
      return;
    }
    const o = propsObject(r);
    const rule = entryRule(ctx, r, o);
    if (!rule) {
      ctx.diags.push(
        warning(
          'NACL_ENTRY_UNREADABLE',
          `${r.decl.logicalId}: needs Protocol, RuleNumber, CidrBlock and RuleAction allow|deny; entry ignored`,
          propSpan(ctx, r),
          { resource: r.id },
        ),
      );
      return;
    }
    (asBool(o['Egress']) === true ? acl.outbound : acl.inbound).push(rule);
  },
};

const subnetAssociation: CfnMapper = {
  attach(ctx, r) {
    const sId = propString(ctx, r, 'SubnetId');
    const s = ctx.b.get('subnets', sId);
    if (s) s.networkAcl = propString(ctx, r, 'NetworkAclId');
    else referenceNotFound(ctx, r, 'subnet', sId, 'SubnetId');
    const aclId = propString(ctx, r, 'NetworkAclId');
    if (aclId !== undefined) findNacl(ctx, aclId);
  },
};

export const NETWORK_ACL_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::EC2::NetworkAcl': networkAcl,
  'AWS::EC2::NetworkAclEntry': networkAclEntry,
  'AWS::EC2::SubnetNetworkAclAssociation': subnetAssociation,
};
