/**
 * CloudFormation mappers of gateways: AWS::EC2::InternetGateway, AWS::EC2::VPNGateway,
 * AWS::EC2::VPCGatewayAttachment (which VPC a gateway is attached to), AWS::EC2::NatGateway (public or private,
 * NGW-1; its private address and Elastic IP are deploy-time values, deploy-values.ts) and
 * AWS::EC2::VPCPeeringConnection (active, or pending acceptance across accounts without PeerRoleArn, PCX-4; an
 * inter-Region peering is warned about for security-group references, SG-6).
 *
 * AWS::EC2::EgressOnlyInternetGateway is attached to its VpcId (V6-5).
 */
import { warning } from '../../diag/diagnostic.js';
import { propSpan, referenceNotFound, type ImportContext, type ResourceRef } from './context.js';
import type { CfnMapper } from './mapper.js';
import { propString } from './props.js';
import { baseOf } from './map-vpc.js';

const internetGateway: CfnMapper = {
  create(ctx, r) {
    ctx.b.add('internetGateways', baseOf(ctx, r));
  },
};

const vpnGateway: CfnMapper = {
  create(ctx, r) {
    ctx.b.add('virtualPrivateGateways', baseOf(ctx, r));
  },
};

const gatewayAttachment: CfnMapper = {
  attach(ctx, r) {
    const vpc = propString(ctx, r, 'VpcId');
    const igwId = propString(ctx, r, 'InternetGatewayId');
    const vgwId = propString(ctx, r, 'VpnGatewayId');
    if (igwId !== undefined) {
      const g = ctx.b.get('internetGateways', igwId);
      if (g) g.vpc = vpc;
      else referenceNotFound(ctx, r, 'internet gateway', igwId, 'InternetGatewayId', 'ignored');
    }
    if (vgwId !== undefined) {
      const g = ctx.b.get('virtualPrivateGateways', vgwId);
      if (g) g.vpc = vpc;
      else referenceNotFound(ctx, r, 'virtual private gateway', vgwId, 'VpnGatewayId', 'ignored');
    }
  },
};

/** A NAT gateway's public address: its Elastic IP's (pinned or assumed), or a placeholder for an allocation id. */
function natPublicIp(ctx: ImportContext, r: ResourceRef, assumed: string[]): string | undefined {
  const allocId = propString(ctx, r, 'AllocationId');
  if (allocId === undefined) return undefined;
  const eip = ctx.resource(allocId);
  if (eip?.decl.type === 'AWS::EC2::EIP') {
    const a = ctx.deploy.eipAddress(eip);
    if (a.assumed) assumed.push('publicIp');
    return a.ip;
  }
  assumed.push('publicIp');
  return ctx.deploy.publicIp(`alloc:${allocId}`);
}

const natGateway: CfnMapper = {
  create(ctx, r) {
    const subnet = propString(ctx, r, 'SubnetId') ?? '';
    const connectivity =
      (propString(ctx, r, 'ConnectivityType') ?? 'public') === 'private' ? 'private' : 'public';
    const alloc = ctx.deploy.allocation(r.id);
    const assumed: string[] = [];
    if (alloc?.assumed ?? true) assumed.push('privateIp');
    const publicIp = natPublicIp(ctx, r, assumed);
    ctx.b.add('natGateways', {
      ...baseOf(ctx, r),
      subnet,
      connectivity,
      privateIp: alloc?.addresses[0] ?? '',
      publicIp,
      assumed,
    });
  },
};

const peering: CfnMapper = {
  create(ctx, r) {
    const peerRegion = propString(ctx, r, 'PeerRegion');
    const peerOwner = propString(ctx, r, 'PeerOwnerId');
    const crossAccount = peerOwner !== undefined && peerOwner !== ctx.accountId;
    const pending = crossAccount && propString(ctx, r, 'PeerRoleArn') === undefined;
    if (pending) {
      ctx.diags.push(
        warning(
          'PEERING_PENDING',
          `peering ${r.decl.logicalId} to account ${peerOwner} needs the peer to accept it; modelled as pending-acceptance (PCX-4)`,
          propSpan(ctx, r),
          { resource: r.id, ref: 'PCX-4' },
        ),
      );
    }
    ctx.b.add('peerings', {
      ...baseOf(ctx, r),
      requesterVpc: propString(ctx, r, 'VpcId') ?? '',
      accepterVpc: propString(ctx, r, 'PeerVpcId') ?? '',
      state: pending ? 'pending-acceptance' : 'active',
      assumed: ['state'],
    });
    if (peerRegion !== undefined && peerRegion !== ctx.region) {
      ctx.diags.push(
        warning(
          'PEERING_INTER_REGION',
          `peering ${r.decl.logicalId} is inter-Region (${peerRegion}); security-group references across it do not work (SG-6)`,
          propSpan(ctx, r, 'PeerRegion'),
          { resource: r.id, ref: 'SG-6' },
        ),
      );
    }
  },
};

export const GATEWAY_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::EC2::InternetGateway': internetGateway,
  'AWS::EC2::VPNGateway': vpnGateway,
  'AWS::EC2::VPCGatewayAttachment': gatewayAttachment,
  'AWS::EC2::EgressOnlyInternetGateway': {
    create(ctx, r) {
      ctx.b.add('egressOnlyInternetGateways', { ...baseOf(ctx, r), vpc: propString(ctx, r, 'VpcId') });
    },
  },
  'AWS::EC2::NatGateway': natGateway,
  'AWS::EC2::VPCPeeringConnection': peering,
};
