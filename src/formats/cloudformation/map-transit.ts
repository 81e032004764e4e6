/**
 * CloudFormation mappers of transit gateways and the hybrid edge (aws-semantics.md B10, B16):
 * AWS::EC2::TransitGateway, TransitGatewayAttachment and TransitGatewayVpcAttachment (subnets, Options
 * ApplianceModeSupport), TransitGatewayPeeringAttachment, TransitGatewayRouteTable, …Association, …Propagation,
 * TransitGatewayRoute (static or Blackhole); AWS::EC2::CustomerGateway, VPNConnection (on a VGW or a transit
 * gateway) and VPNConnectionRoute. Virtual private gateways, their VPC attachment and route propagation are
 * map-gateways.ts's and map-routes.ts's; a transit-gateway-attached Network Firewall is map-firewall.ts's.
 *
 * Deploy-time values, marked assumed: a VPN connection on a transit gateway gets the VPN attachment AWS creates
 * with it as `<connection>:attachment`; a peering's accepter side (on the peer gateway, when the templates define
 * it) is `<peering>:accepter`, and its acceptance is assumed (CloudFormation has no accepter resource, TGW-14).
 * Defaults are AWS's: default association and propagation on (TGW-16), appliance mode off (TGW-5).
 */
import type { TgwAttachment } from '../../model/transit-gateway.js';
import type { DraftOf } from '../build/drafts.js';
import { referenceNotFound, propSpan, type ImportContext, type ResourceRef } from './context.js';
import type { CfnMapper } from './mapper.js';
import { baseOf } from './map-vpc.js';
import { asString, isObject, propBool, propInt, propString, propStrings, propValue } from './props.js';

/** `enable` / `disable`, the spelling of the transit gateway options. */
const enabled = (v: string | undefined): boolean | undefined =>
  v === 'enable' ? true : v === 'disable' ? false : undefined;

/** An option of `Options` (TransitGatewayAttachment / TransitGatewayVpcAttachment). */
function option(r: ResourceRef, name: string): boolean | undefined {
  const o = propValue(r, 'Options');
  return isObject(o) ? enabled(asString(o[name])) : undefined;
}

const TGW = 'AWS::EC2::TransitGateway';
/** Is `id` a transit gateway of the loaded templates (whatever their order)? */
const isGateway = (ctx: ImportContext, id: string | undefined): id is string =>
  id !== undefined && ctx.typeOf(id) === TGW;

/** The transit gateway a resource names; reported (and the resource ignored) when the templates lack it. */
function gatewayOf(ctx: ImportContext, r: ResourceRef): string | undefined {
  const id = propString(ctx, r, 'TransitGatewayId');
  if (isGateway(ctx, id)) return id;
  referenceNotFound(ctx, r, 'transit gateway', id, 'TransitGatewayId', 'ignored');
  return undefined;
}

/** The TGW route table a resource names; reported when the templates lack it. */
function tableOf(ctx: ImportContext, r: ResourceRef): DraftOf<'transitGatewayRouteTables'> | undefined {
  const id = propString(ctx, r, 'TransitGatewayRouteTableId');
  const t = ctx.b.get('transitGatewayRouteTables', id);
  if (!t)
    referenceNotFound(ctx, r, 'transit gateway route table', id, 'TransitGatewayRouteTableId', 'ignored');
  return t;
}

const transitGateway: CfnMapper = {
  create(ctx, r) {
    ctx.b.add('transitGateways', {
      ...baseOf(ctx, r),
      region: ctx.region,
      accountId: ctx.accountId,
      defaultRouteTableAssociation: enabled(propString(ctx, r, 'DefaultRouteTableAssociation')),
      defaultRouteTablePropagation: enabled(propString(ctx, r, 'DefaultRouteTablePropagation')),
      associationDefaultRouteTable: propString(ctx, r, 'AssociationDefaultRouteTableId'),
      propagationDefaultRouteTable: propString(ctx, r, 'PropagationDefaultRouteTableId'),
      vpnEcmpSupport: enabled(propString(ctx, r, 'VpnEcmpSupport')),
      securityGroupReferencingSupport: enabled(propString(ctx, r, 'SecurityGroupReferencingSupport')),
    });
  },
};

/** TransitGatewayAttachment and TransitGatewayVpcAttachment: a VPC attachment, one subnet per AZ (TGW-8). */
const vpcAttachment: CfnMapper = {
  create(ctx, r) {
    const tgw = gatewayOf(ctx, r);
    if (!tgw) return;
    ctx.b.add('transitGatewayAttachments', {
      ...baseOf(ctx, r),
      transitGateway: tgw,
      kind: 'vpc',
      vpc: propString(ctx, r, 'VpcId'),
      subnets: [...(propStrings(ctx, r, 'SubnetIds') ?? []), ...(propStrings(ctx, r, 'AddSubnetIds') ?? [])],
      applianceMode: option(r, 'ApplianceModeSupport'),
      ipv6Support: option(r, 'Ipv6Support'),
      securityGroupReferencingSupport: option(r, 'SecurityGroupReferencingSupport'),
    });
  },
};

const peeringAttachment: CfnMapper = {
  create(ctx, r) {
    const tgw = gatewayOf(ctx, r);
    if (!tgw) return;
    const peer = propString(ctx, r, 'PeerTransitGatewayId');
    // TGW-14: the accepter must accept; CloudFormation cannot, so acceptance is assumed.
    const side = (id: string, on: string, to: string | undefined): TgwAttachment => ({
      id,
      name: `${r.decl.logicalId}${id === r.id ? '' : ' (peer side, assumed id)'}`,
      span: propSpan(ctx, r),
      transitGateway: on,
      kind: 'peering',
      peerTransitGateway: to,
      accountId: id === r.id ? undefined : propString(ctx, r, 'PeerAccountId'),
      assumed: ['state'],
    });
    ctx.b.add('transitGatewayAttachments', side(r.id, tgw, peer));
    if (isGateway(ctx, peer)) ctx.b.add('transitGatewayAttachments', side(`${r.id}:accepter`, peer, tgw));
  },
};

const routeTable: CfnMapper = {
  create(ctx, r) {
    const tgw = gatewayOf(ctx, r);
    if (!tgw) return;
    ctx.b.add('transitGatewayRouteTables', {
      ...baseOf(ctx, r),
      transitGateway: tgw,
      routes: [],
      associations: [],
      propagations: [],
    });
  },
};

/** TransitGatewayRouteTableAssociation / …Propagation: the attachment on the table (TGW-2, TGW-18). */
function onTable(field: 'associations' | 'propagations'): CfnMapper {
  return {
    attach(ctx, r) {
      const t = tableOf(ctx, r);
      const att = propString(ctx, r, 'TransitGatewayAttachmentId');
      if (t && att !== undefined) t[field] = [...(t[field] ?? []), att];
    },
  };
}

/** TGW-19, TGW-20: a static route to an attachment, or a blackhole. */
const tgwRoute: CfnMapper = {
  attach(ctx, r) {
    const t = tableOf(ctx, r);
    if (!t) return;
    const blackhole = propBool(ctx, r, 'Blackhole') === true;
    t.routes = [
      ...t.routes,
      {
        destination: propString(ctx, r, 'DestinationCidrBlock'),
        attachment: blackhole ? undefined : propString(ctx, r, 'TransitGatewayAttachmentId'),
        blackhole: blackhole || undefined,
        span: propSpan(ctx, r),
      },
    ];
  },
};

const customerGateway: CfnMapper = {
  create(ctx, r) {
    ctx.b.add('customerGateways', {
      ...baseOf(ctx, r),
      ipAddress: propString(ctx, r, 'IpAddress'),
      bgpAsn: propInt(ctx, r, 'BgpAsn'),
    });
  },
};

const vpnConnection: CfnMapper = {
  create(ctx, r) {
    const tgw = propString(ctx, r, 'TransitGatewayId');
    ctx.b.add('vpnConnections', {
      ...baseOf(ctx, r),
      customerGateway: propString(ctx, r, 'CustomerGatewayId'),
      vpnGateway: propString(ctx, r, 'VpnGatewayId'),
      transitGateway: tgw,
      routing: propBool(ctx, r, 'StaticRoutesOnly') === true ? 'static' : 'bgp',
      staticRoutes: [],
    });
    // VPN-9: on a transit gateway, AWS creates the VPN attachment with the connection.
    if (isGateway(ctx, tgw))
      ctx.b.add('transitGatewayAttachments', {
        id: `${r.id}:attachment`,
        name: `${r.decl.logicalId} VPN attachment (assumed id)`,
        span: propSpan(ctx, r),
        transitGateway: tgw,
        kind: 'vpn',
        vpnConnection: r.id,
        assumed: ['id'],
      });
  },
};

const vpnRoute: CfnMapper = {
  attach(ctx, r) {
    const id = propString(ctx, r, 'VpnConnectionId');
    const v = ctx.b.get('vpnConnections', id);
    const cidr = propString(ctx, r, 'DestinationCidrBlock');
    if (!v) referenceNotFound(ctx, r, 'VPN connection', id, 'VpnConnectionId', 'ignored');
    else if (cidr !== undefined) v.staticRoutes = [...(v.staticRoutes ?? []), cidr];
  },
};

export const TRANSIT_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::EC2::TransitGateway': transitGateway,
  'AWS::EC2::TransitGatewayAttachment': vpcAttachment,
  'AWS::EC2::TransitGatewayVpcAttachment': vpcAttachment,
  'AWS::EC2::TransitGatewayPeeringAttachment': peeringAttachment,
  'AWS::EC2::TransitGatewayRouteTable': routeTable,
  'AWS::EC2::TransitGatewayRouteTableAssociation': onTable('associations'),
  'AWS::EC2::TransitGatewayRouteTablePropagation': onTable('propagations'),
  'AWS::EC2::TransitGatewayRoute': tgwRoute,
  'AWS::EC2::CustomerGateway': customerGateway,
  'AWS::EC2::VPNConnection': vpnConnection,
  'AWS::EC2::VPNConnectionRoute': vpnRoute,
};
