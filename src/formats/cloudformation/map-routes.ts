/**
 * CloudFormation mappers of routing: AWS::EC2::RouteTable, AWS::EC2::Route, AWS::EC2::SubnetRouteTableAssociation,
 * AWS::EC2::GatewayRouteTableAssociation (a gateway's edge association, RT-11) and
 * AWS::EC2::VPNGatewayRoutePropagation.
 *
 * A route's target property is read through the one route-target table (formats/build/route-targets.ts, RT-3):
 * the kind is the resource's the property names when the templates define it, else the AWS id's prefix, else the
 * property's. `GatewayId` and `VpcEndpointId` name several kinds, so a value that is neither a resource of the
 * templates nor a known id prefix is an `unknown` target. A target vpcsim does not model (a transit gateway, an
 * egress-only internet gateway, a resource of an unsupported type) and a deploy-time placeholder get a caveat.
 * A route, association or propagation naming a route table that is not in the loaded templates is reported
 * (REFERENCE_NOT_FOUND) and ignored.
 */
import { warning } from '../../diag/diagnostic.js';
import type { RouteTarget, RouteTargetKind } from '../../model/network.js';
import {
  GATEWAY_ARGUMENT,
  kindOfResourceType,
  notModelledCaveat,
  ROUTE_TARGET_ARGUMENTS,
  routeTargetKind,
} from '../build/route-targets.js';
import { propSpan, referenceNotFound, type ImportContext, type ResourceRef } from './context.js';
import type { CfnMapper } from './mapper.js';
import { baseOf } from './map-vpc.js';
import { propString, propStrings } from './props.js';

/** Properties whose value may name more than one kind of target: no default kind. */
const SEVERAL_KINDS: ReadonlySet<string> = new Set([GATEWAY_ARGUMENT.cloudformation, 'VpcEndpointId']);

/** What a route sends traffic to (RT-3), with a caveat when the target is not simulated. */
export function routeTarget(
  ctx: ImportContext,
  r: ResourceRef,
): { target: RouteTarget; caveat?: string } | undefined {
  for (const arg of ROUTE_TARGET_ARGUMENTS) {
    const v = propString(ctx, r, arg.cloudformation);
    if (v === undefined) continue;
    if (v === 'local') return { target: { kind: 'local' } };
    const type = ctx.typeOf(v);
    const known = ctx.b.targetKind(v) ?? kindOfResourceType(type);
    const fallback: RouteTargetKind = SEVERAL_KINDS.has(arg.cloudformation) ? 'unknown' : arg.kind;
    const kind = routeTargetKind(v, known, fallback);
    const caveat =
      notModelledCaveat(v, kind, type !== undefined && ctx.isUnsupportedType(type) ? type : undefined) ??
      (v.startsWith('<') ? `target ${v} is a placeholder (value not known offline)` : undefined);
    return caveat === undefined ? { target: { kind, id: v } } : { target: { kind, id: v }, caveat };
  }
  return undefined;
}

const routeTable: CfnMapper = {
  create(ctx, r) {
    ctx.b.add('routeTables', { ...baseOf(ctx, r), vpc: propString(ctx, r, 'VpcId') ?? '', routes: [] });
  },
};

const route: CfnMapper = {
  attach(ctx, r) {
    const rtId = propString(ctx, r, 'RouteTableId');
    const rt = ctx.b.get('routeTables', rtId);
    if (!rt) {
      referenceNotFound(ctx, r, 'route table', rtId, 'RouteTableId', 'ignored');
      return;
    }
    const t = routeTarget(ctx, r);
    if (!t) {
      ctx.diags.push(
        warning(
          'ROUTE_NO_TARGET',
          `route ${r.decl.logicalId} has no target (GatewayId, NatGatewayId, VpcEndpointId …); AWS rejects it`,
          propSpan(ctx, r),
          { resource: r.id },
        ),
      );
      return;
    }
    rt.routes.push({
      destination:
        propString(ctx, r, 'DestinationCidrBlock') ?? propString(ctx, r, 'DestinationIpv6CidrBlock'),
      destinationPrefixList: propString(ctx, r, 'DestinationPrefixListId'),
      target: t.target,
      origin: 'static',
      span: propSpan(ctx, r),
      caveat: t.caveat,
    });
  },
};

const subnetAssociation: CfnMapper = {
  attach(ctx, r) {
    const sId = propString(ctx, r, 'SubnetId');
    const s = ctx.b.get('subnets', sId);
    if (s) s.routeTable = propString(ctx, r, 'RouteTableId');
    else referenceNotFound(ctx, r, 'subnet', sId, 'SubnetId', 'ignored');
  },
};

const gatewayAssociation: CfnMapper = {
  attach(ctx, r) {
    const gId = propString(ctx, r, 'GatewayId');
    const g = ctx.b.get('internetGateways', gId) ?? ctx.b.get('virtualPrivateGateways', gId);
    if (g) g.routeTable = propString(ctx, r, 'RouteTableId');
    else referenceNotFound(ctx, r, 'gateway', gId, 'GatewayId', 'ignored');
  },
};

const propagation: CfnMapper = {
  attach(ctx, r) {
    const vgw = propString(ctx, r, 'VpnGatewayId');
    for (const rtId of propStrings(ctx, r, 'RouteTableIds') ?? []) {
      const rt = ctx.b.get('routeTables', rtId);
      if (rt && vgw !== undefined) rt.propagatingGateways = [...(rt.propagatingGateways ?? []), vgw];
    }
  },
};

export const ROUTE_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::EC2::RouteTable': routeTable,
  'AWS::EC2::Route': route,
  'AWS::EC2::SubnetRouteTableAssociation': subnetAssociation,
  'AWS::EC2::GatewayRouteTableAssociation': gatewayAssociation,
  'AWS::EC2::VPNGatewayRoutePropagation': propagation,
};
