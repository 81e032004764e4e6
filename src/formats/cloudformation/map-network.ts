/**
 * Mapping of the VPC fabric to the model: VPC, VPCCidrBlock, Subnet, InternetGateway, VPNGateway,
 * VPCGatewayAttachment, RouteTable, Route, SubnetRouteTableAssociation, GatewayRouteTableAssociation,
 * VPNGatewayRoutePropagation, NatGateway, VPCPeeringConnection, PrefixList, VPCEndpoint.
 *
 * Pass 1 creates the objects; pass 2 attaches what refers to them (routes, associations, attachments, extra
 * CIDRs). A reference to something that is not in the loaded templates is kept as written (the validator reports
 * dangling ids); a route whose target is a resource vpcsim does not model gets a `caveat` naming it. Properties
 * that do not affect the data plane (tags other than Name, EnableDnsHostnames, tenancy) are ignored; EnableDnsSupport
 * decides whether the Amazon DNS server answers (ADDR-4).
 */
import { warning } from '../../diag/diagnostic.js';
import type { Span } from '../../diag/diagnostic.js';
import type {
  NatGateway,
  Route,
  RouteTable,
  RouteTarget,
  RouteTargetKind,
  Subnet,
  Vpc,
  VpcEndpoint,
} from '../../model/network.js';
import { propSpan, type Draft, type ImportContext, type ResourceRef } from './context.js';
import { field, nameTag, propBool, propObjects, propString, propStrings } from './props.js';

/** Pass 1: create the object for a resource of this family. Returns false if the type is not handled here. */
export function createNetworkObject(ctx: ImportContext, r: ResourceRef): boolean {
  const n = ctx.net;
  const ix = ctx.index;
  const base = { id: r.id, name: nameTag(r), span: propSpan(ctx, r) };
  switch (r.decl.type) {
    case 'AWS::EC2::VPC': {
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
      const v: Draft<Vpc> = {
        ...base,
        cidrs: cidr === undefined ? [] : [cidr],
        region: ctx.region,
        accountId: ctx.accountId,
        spans: { cidrs: propSpan(ctx, r, 'CidrBlock') } as Record<string, Span>,
        ...(dns === false ? { enableDnsSupport: false } : {}),
      };
      n.vpcs.push(v);
      ix.vpc.set(r.id, v);
      return true;
    }
    case 'AWS::EC2::Subnet': {
      const vpc = propString(ctx, r, 'VpcId') ?? '';
      const az = ctx.deploy.subnetAz(r.id);
      const s: Draft<Subnet> = {
        ...base,
        vpc,
        cidr: propString(ctx, r, 'CidrBlock') ?? '',
        ipv6Cidr: propString(ctx, r, 'Ipv6CidrBlock'),
        az: az.az,
        assumed: az.assumed ? ['az'] : undefined,
      };
      ctx.mapPublicIp.set(r.id, propBool(ctx, r, 'MapPublicIpOnLaunch') ?? false);
      n.subnets.push(s);
      ix.subnet.set(r.id, s);
      return true;
    }
    case 'AWS::EC2::InternetGateway': {
      const g = { ...base };
      n.internetGateways.push(g);
      ix.igw.set(r.id, g);
      return true;
    }
    case 'AWS::EC2::VPNGateway': {
      const g = { ...base };
      n.virtualPrivateGateways.push(g);
      ix.vgw.set(r.id, g);
      return true;
    }
    case 'AWS::EC2::RouteTable': {
      const t: Draft<RouteTable> = { ...base, vpc: propString(ctx, r, 'VpcId') ?? '', routes: [] };
      n.routeTables.push(t);
      ix.routeTable.set(r.id, t);
      return true;
    }
    case 'AWS::EC2::NatGateway': {
      const subnet = propString(ctx, r, 'SubnetId') ?? '';
      const connectivity =
        (propString(ctx, r, 'ConnectivityType') ?? 'public') === 'private' ? 'private' : 'public';
      const alloc = ctx.deploy.allocation(r.id);
      const assumed: string[] = [];
      if (alloc?.assumed ?? true) assumed.push('privateIp');
      let publicIp: string | undefined;
      const allocId = propString(ctx, r, 'AllocationId');
      if (allocId !== undefined) {
        const eip = ctx.resource(allocId);
        if (eip?.decl.type === 'AWS::EC2::EIP') {
          const a = ctx.deploy.eipAddress(eip);
          publicIp = a.ip;
          if (a.assumed) assumed.push('publicIp');
        } else {
          publicIp = ctx.deploy.publicIp(`alloc:${allocId}`);
          assumed.push('publicIp');
        }
      }
      const g: Draft<NatGateway> = {
        ...base,
        subnet,
        connectivity,
        privateIp: alloc?.addresses[0] ?? '',
        publicIp,
        assumed,
      };
      n.natGateways.push(g);
      ix.natGateway.set(r.id, g);
      return true;
    }
    case 'AWS::EC2::VPCPeeringConnection': {
      const peerRegion = propString(ctx, r, 'PeerRegion');
      const peerOwner = propString(ctx, r, 'PeerOwnerId');
      const crossAccount = peerOwner !== undefined && peerOwner !== ctx.accountId;
      if (crossAccount && propString(ctx, r, 'PeerRoleArn') === undefined) {
        ctx.diags.push(
          warning(
            'PEERING_PENDING',
            `peering ${r.decl.logicalId} to account ${peerOwner} needs the peer to accept it; modelled as pending-acceptance (PCX-4)`,
            propSpan(ctx, r),
            { resource: r.id, ref: 'PCX-4' },
          ),
        );
      }
      n.peerings.push({
        ...base,
        requesterVpc: propString(ctx, r, 'VpcId') ?? '',
        accepterVpc: propString(ctx, r, 'PeerVpcId') ?? '',
        state:
          crossAccount && propString(ctx, r, 'PeerRoleArn') === undefined ? 'pending-acceptance' : 'active',
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
      return true;
    }
    case 'AWS::EC2::PrefixList': {
      const entries = propObjects(r, 'Entries')
        .map((e) => field(e.value, 'Cidr'))
        .filter((c): c is string => c !== undefined);
      n.prefixLists.push({
        ...base,
        name: propString(ctx, r, 'PrefixListName') ?? base.name,
        entries,
        maxEntries: maxEntries(ctx, r),
      });
      return true;
    }
    case 'AWS::EC2::VPCEndpoint': {
      const typeText = (propString(ctx, r, 'VpcEndpointType') ?? 'Gateway').toLowerCase();
      const type =
        typeText === 'interface'
          ? 'interface'
          : typeText === 'gatewayloadbalancer'
            ? 'gateway-load-balancer'
            : 'gateway';
      const service = propString(ctx, r, 'ServiceName') ?? '';
      const e: Draft<VpcEndpoint> = {
        ...base,
        vpc: propString(ctx, r, 'VpcId') ?? '',
        type,
        service,
      };
      if (type === 'gateway') {
        e.routeTables = propStrings(ctx, r, 'RouteTableIds') ?? [];
        // RT-18: the service's AWS-managed prefix list is the route destination; its entries are not known offline.
        const plId = `${service}.prefix-list`;
        e.prefixList = plId;
        if (!n.prefixLists.some((p) => p.id === plId)) {
          n.prefixLists.push({
            id: plId,
            name: service,
            entries: [],
            awsManaged: true,
            assumed: ['entries'],
          });
        }
      } else {
        e.subnets = propStrings(ctx, r, 'SubnetIds') ?? [];
        if (type === 'interface') {
          // Interface endpoints put one ENI in each subnet (owner interface-endpoint), carrying the endpoint's SGs.
          const sgs = propStrings(ctx, r, 'SecurityGroupIds') ?? [];
          for (const s of e.subnets) {
            const alloc = ctx.deploy.allocation(`${r.id}@${s}`);
            const eni = {
              id: `${r.id}@${s}`,
              subnet: s,
              addresses: alloc?.addresses[0] !== undefined ? [{ private: alloc.addresses[0] }] : [],
              sourceDestCheck: true,
              securityGroups: sgs,
              owner: 'interface-endpoint' as const,
              span: base.span,
              assumed: ['addresses'],
            };
            n.networkInterfaces.push(eni);
            ix.eni.set(eni.id, eni);
          }
        }
      }
      n.vpcEndpoints.push(e);
      ix.endpoint.set(r.id, e);
      return true;
    }
    default:
      return false;
  }
}

function maxEntries(ctx: ImportContext, r: ResourceRef): number | undefined {
  const s = propString(ctx, r, 'MaxEntries');
  return s !== undefined && /^[0-9]+$/.test(s) ? Number(s) : undefined;
}

const TARGET_PROPS: readonly [string, RouteTargetKind][] = [
  ['GatewayId', 'internet-gateway'],
  ['NatGatewayId', 'nat-gateway'],
  ['InstanceId', 'instance'],
  ['NetworkInterfaceId', 'network-interface'],
  ['VpcPeeringConnectionId', 'vpc-peering'],
  ['VpcEndpointId', 'gwlb-endpoint'],
  ['TransitGatewayId', 'transit-gateway'],
  ['EgressOnlyInternetGatewayId', 'egress-only-internet-gateway'],
  ['CarrierGatewayId', 'carrier-gateway'],
  ['LocalGatewayId', 'local-gateway'],
  ['CoreNetworkArn', 'core-network'],
];

/** What a route sends traffic to, with a caveat when the target is not modelled. */
export function routeTarget(
  ctx: ImportContext,
  r: ResourceRef,
): { target: RouteTarget; caveat?: string } | undefined {
  for (const [p, kind] of TARGET_PROPS) {
    const v = propString(ctx, r, p);
    if (v === undefined) continue;
    let k: RouteTargetKind = kind;
    const type = ctx.typeOf(v);
    if (p === 'GatewayId') {
      if (v === 'local') return { target: { kind: 'local' } };
      if (type === 'AWS::EC2::VPNGateway' || v.startsWith('vgw-')) k = 'virtual-private-gateway';
      else if (type === 'AWS::EC2::InternetGateway' || v.startsWith('igw-')) k = 'internet-gateway';
      else k = 'unknown';
    } else if (p === 'VpcEndpointId') {
      if (ctx.index.firewallEndpoint.has(v)) k = 'firewall-endpoint';
      else if (type === 'AWS::EC2::VPCEndpoint')
        k = ctx.index.endpoint.get(v)?.type === 'gateway-load-balancer' ? 'gwlb-endpoint' : 'unknown';
      else k = v.startsWith('vpce-') ? 'gwlb-endpoint' : 'unknown';
    }
    let caveat: string | undefined;
    if (type !== undefined && ctx.isUnsupportedType(type))
      caveat = `target ${v} (${type}) is not modelled by vpcsim`;
    else if (kind === 'transit-gateway')
      caveat = `target ${v} is a transit gateway, which vpcsim does not model`;
    else if (v.startsWith('<')) caveat = `target ${v} is a placeholder (value not known offline)`;
    return caveat === undefined ? { target: { kind: k, id: v } } : { target: { kind: k, id: v }, caveat };
  }
  return undefined;
}

/** Pass 2: attach routes, associations and attachments. Returns false if the type is not handled here. */
export function attachNetworkObject(ctx: ImportContext, r: ResourceRef): boolean {
  const ix = ctx.index;
  const missing = (what: string, id: string | undefined, propName: string) => {
    ctx.diags.push(
      warning(
        'REFERENCE_NOT_FOUND',
        `${r.decl.logicalId}: ${what} ${id ?? '(none)'} is not defined in the loaded templates; ignored`,
        propSpan(ctx, r, propName),
        { resource: r.id },
      ),
    );
  };
  switch (r.decl.type) {
    case 'AWS::EC2::VPCCidrBlock': {
      const vpcId = propString(ctx, r, 'VpcId');
      const vpc = vpcId === undefined ? undefined : ix.vpc.get(vpcId);
      if (!vpc) {
        missing('VPC', vpcId, 'VpcId');
        return true;
      }
      const cidr = propString(ctx, r, 'CidrBlock');
      if (cidr !== undefined) vpc.cidrs.push(cidr);
      const v6 = propString(ctx, r, 'Ipv6CidrBlock');
      if (v6 !== undefined) vpc.ipv6Cidrs = [...(vpc.ipv6Cidrs ?? []), v6];
      else if (propBool(ctx, r, 'AmazonProvidedIpv6CidrBlock') === true) {
        // The /56 AWS assigns is not known offline: a documentation-range placeholder, marked assumed.
        vpc.ipv6Cidrs = [
          ...(vpc.ipv6Cidrs ?? []),
          `2001:db8:${(ix.vpc.size + vpc.cidrs.length).toString(16)}00::/56`,
        ];
        vpc.assumed = [...(vpc.assumed ?? []), 'ipv6Cidrs'];
      }
      return true;
    }
    case 'AWS::EC2::VPCGatewayAttachment': {
      const vpc = propString(ctx, r, 'VpcId');
      const igwId = propString(ctx, r, 'InternetGatewayId');
      const vgwId = propString(ctx, r, 'VpnGatewayId');
      if (igwId !== undefined) {
        const g = ix.igw.get(igwId);
        if (g) g.vpc = vpc;
        else missing('internet gateway', igwId, 'InternetGatewayId');
      }
      if (vgwId !== undefined) {
        const g = ix.vgw.get(vgwId);
        if (g) g.vpc = vpc;
        else missing('virtual private gateway', vgwId, 'VpnGatewayId');
      }
      return true;
    }
    case 'AWS::EC2::Route': {
      const rtId = propString(ctx, r, 'RouteTableId');
      const rt = rtId === undefined ? undefined : ix.routeTable.get(rtId);
      if (!rt) {
        missing('route table', rtId, 'RouteTableId');
        return true;
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
        return true;
      }
      const route: Route = {
        destination:
          propString(ctx, r, 'DestinationCidrBlock') ?? propString(ctx, r, 'DestinationIpv6CidrBlock'),
        destinationPrefixList: propString(ctx, r, 'DestinationPrefixListId'),
        target: t.target,
        origin: 'static',
        span: propSpan(ctx, r),
        caveat: t.caveat,
      };
      rt.routes.push(route);
      return true;
    }
    case 'AWS::EC2::SubnetRouteTableAssociation': {
      const sId = propString(ctx, r, 'SubnetId');
      const s = sId === undefined ? undefined : ix.subnet.get(sId);
      if (s) s.routeTable = propString(ctx, r, 'RouteTableId');
      else missing('subnet', sId, 'SubnetId');
      return true;
    }
    case 'AWS::EC2::GatewayRouteTableAssociation': {
      const gId = propString(ctx, r, 'GatewayId');
      const rt = propString(ctx, r, 'RouteTableId');
      const g = gId === undefined ? undefined : (ix.igw.get(gId) ?? ix.vgw.get(gId));
      if (g) g.routeTable = rt;
      else missing('gateway', gId, 'GatewayId');
      return true;
    }
    case 'AWS::EC2::VPNGatewayRoutePropagation': {
      const vgw = propString(ctx, r, 'VpnGatewayId');
      for (const rtId of propStrings(ctx, r, 'RouteTableIds') ?? []) {
        const rt = ix.routeTable.get(rtId);
        if (rt && vgw !== undefined) rt.propagatingGateways = [...(rt.propagatingGateways ?? []), vgw];
      }
      return true;
    }
    default:
      return false;
  }
}
