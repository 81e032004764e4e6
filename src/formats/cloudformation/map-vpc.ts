/**
 * CloudFormation mappers of the VPC itself: AWS::EC2::VPC, AWS::EC2::VPCCidrBlock (further IPv4 blocks and the IPv6
 * block, ADDR-1) and AWS::EC2::Subnet.
 *
 * EnableDnsSupport decides whether the Amazon DNS server answers (ADDR-4); other VPC properties (tenancy,
 * EnableDnsHostnames, tags other than Name) have no effect on packets. A VPC without CidrBlock (IPAM pools) has no
 * IPv4 range and is reported. A subnet's AZ is the template's or the region's first AZ, marked assumed
 * (deploy-values.ts); MapPublicIpOnLaunch is kept for the instances launched in it (IGW-2).
 */
import { warning, type Span } from '../../diag/diagnostic.js';
import { propSpan, referenceNotFound, type ImportContext, type ResourceRef } from './context.js';
import type { CfnMapper } from './mapper.js';
import { nameTag, propBool, propString } from './props.js';

/** The fields every resource draft starts with: its id, Name tag and position. */
export function baseOf(
  ctx: ImportContext,
  r: ResourceRef,
): { id: string; name: string | undefined; span: Span | undefined } {
  return { id: r.id, name: nameTag(r), span: propSpan(ctx, r) };
}

const vpc: CfnMapper = {
  create(ctx, r) {
    const cidr = propString(ctx, r, 'CidrBlock');
    if (cidr === undefined) {
      ctx.diags.push(
        warning(
          'VPC_CIDR_UNKNOWN',
          `VPC ${r.decl.logicalId} has no CidrBlock (IPAM pools are not modelled); it has no IPv4 range`,
          propSpan(ctx, r),
          { resource: r.id },
        ),
      );
    }
    const dns = propBool(ctx, r, 'EnableDnsSupport'); // ADDR-4: the Amazon DNS server answers only when true
    ctx.b.add('vpcs', {
      ...baseOf(ctx, r),
      cidrs: cidr === undefined ? [] : [cidr],
      region: ctx.region,
      accountId: ctx.accountId,
      spans: { cidrs: propSpan(ctx, r, 'CidrBlock') } as Record<string, Span>,
      ...(dns === false ? { enableDnsSupport: false } : {}),
    });
  },
};

const vpcCidrBlock: CfnMapper = {
  attach(ctx, r) {
    const vpcId = propString(ctx, r, 'VpcId');
    const v = ctx.b.get('vpcs', vpcId);
    if (!v) {
      referenceNotFound(ctx, r, 'VPC', vpcId, 'VpcId', 'ignored');
      return;
    }
    const cidr = propString(ctx, r, 'CidrBlock');
    if (cidr !== undefined) v.cidrs.push(cidr);
    const v6 = propString(ctx, r, 'Ipv6CidrBlock');
    if (v6 !== undefined) v.ipv6Cidrs = [...(v.ipv6Cidrs ?? []), v6];
    else if (propBool(ctx, r, 'AmazonProvidedIpv6CidrBlock') === true) {
      // The /56 AWS assigns is not known offline: a documentation-range placeholder, marked assumed.
      v.ipv6Cidrs = [
        ...(v.ipv6Cidrs ?? []),
        `2001:db8:${(ctx.b.net.vpcs.length + v.cidrs.length).toString(16)}00::/56`,
      ];
      v.assumed = [...(v.assumed ?? []), 'ipv6Cidrs'];
    }
  },
};

const subnet: CfnMapper = {
  create(ctx, r) {
    const az = ctx.deploy.subnetAz(r.id);
    ctx.mapPublicIp.set(r.id, propBool(ctx, r, 'MapPublicIpOnLaunch') ?? false);
    ctx.b.add('subnets', {
      ...baseOf(ctx, r),
      vpc: propString(ctx, r, 'VpcId') ?? '',
      // An IPv6-only subnet (Ipv6Native, V6-1) has no CidrBlock.
      cidr:
        propBool(ctx, r, 'Ipv6Native') === true
          ? propString(ctx, r, 'CidrBlock')
          : (propString(ctx, r, 'CidrBlock') ?? ''),
      ipv6Cidr: propString(ctx, r, 'Ipv6CidrBlock'),
      enableDns64: propBool(ctx, r, 'EnableDns64'),
      az: az.az,
      assumed: az.assumed ? ['az'] : undefined,
    });
  },
};

export const VPC_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::EC2::VPC': vpc,
  'AWS::EC2::VPCCidrBlock': vpcCidrBlock,
  'AWS::EC2::Subnet': subnet,
};
