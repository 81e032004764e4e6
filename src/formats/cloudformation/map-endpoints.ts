/**
 * CloudFormation mappers of VPC endpoints and prefix lists: AWS::EC2::VPCEndpoint (gateway, interface,
 * GatewayLoadBalancer) and AWS::EC2::PrefixList.
 *
 * A gateway endpoint names its route tables; its destination is the service's AWS-managed prefix list, whose
 * entries are not known offline (RT-18). An interface endpoint puts one ENI in each of its subnets, carrying the
 * endpoint's security groups (PL-1), with the subnet's first free address, assumed (deploy-values.ts).
 */
import type { CfnMapper } from './mapper.js';
import { baseOf } from './map-vpc.js';
import type { ImportContext, ResourceRef } from './context.js';
import { field, propObjects, propString, propStrings } from './props.js';

type EndpointType = 'gateway' | 'interface' | 'gateway-load-balancer';

function endpointType(text: string | undefined): EndpointType {
  const t = (text ?? 'Gateway').toLowerCase();
  return t === 'interface' ? 'interface' : t === 'gatewayloadbalancer' ? 'gateway-load-balancer' : 'gateway';
}

/** RT-18: the service's AWS-managed prefix list, created once (its entries are not known offline). */
function managedPrefixList(ctx: ImportContext, service: string): string {
  const id = `${service}.prefix-list`;
  if (!ctx.b.has('prefixLists', id))
    ctx.b.add('prefixLists', { id, name: service, entries: [], awsManaged: true, assumed: ['entries'] });
  return id;
}

/** PL-1: one ENI per subnet, owned by the interface endpoint, with the endpoint's security groups. */
function endpointInterfaces(ctx: ImportContext, r: ResourceRef, subnets: readonly string[]): void {
  const sgs = propStrings(ctx, r, 'SecurityGroupIds') ?? [];
  const span = baseOf(ctx, r).span;
  for (const s of subnets) {
    const alloc = ctx.deploy.allocation(`${r.id}@${s}`);
    ctx.b.add('networkInterfaces', {
      id: `${r.id}@${s}`,
      subnet: s,
      addresses: alloc?.addresses[0] !== undefined ? [{ private: alloc.addresses[0] }] : [],
      sourceDestCheck: true,
      securityGroups: sgs,
      owner: 'interface-endpoint',
      span,
      assumed: ['addresses'],
    });
  }
}

const vpcEndpoint: CfnMapper = {
  create(ctx, r) {
    const base = baseOf(ctx, r);
    const type = endpointType(propString(ctx, r, 'VpcEndpointType'));
    const service = propString(ctx, r, 'ServiceName') ?? '';
    const vpc = propString(ctx, r, 'VpcId') ?? '';
    if (type === 'gateway') {
      const routeTables = propStrings(ctx, r, 'RouteTableIds') ?? [];
      const prefixList = managedPrefixList(ctx, service);
      ctx.b.add('vpcEndpoints', { ...base, vpc, type, service, routeTables, prefixList });
      return;
    }
    const subnets = propStrings(ctx, r, 'SubnetIds') ?? [];
    if (type === 'interface') endpointInterfaces(ctx, r, subnets);
    // PL-2: an interface endpoint's security groups (its ENIs carry them too).
    const securityGroups = type === 'interface' ? propStrings(ctx, r, 'SecurityGroupIds') : undefined;
    ctx.b.add('vpcEndpoints', { ...base, vpc, type, service, subnets, securityGroups });
  },
};

function maxEntries(ctx: ImportContext, r: ResourceRef): number | undefined {
  const s = propString(ctx, r, 'MaxEntries');
  return s !== undefined && /^[0-9]+$/.test(s) ? Number(s) : undefined;
}

const prefixList: CfnMapper = {
  create(ctx, r) {
    const base = baseOf(ctx, r);
    const entries = propObjects(r, 'Entries')
      .map((e) => field(e.value, 'Cidr'))
      .filter((c): c is string => c !== undefined);
    ctx.b.add('prefixLists', {
      ...base,
      name: propString(ctx, r, 'PrefixListName') ?? base.name,
      entries,
      maxEntries: maxEntries(ctx, r),
    });
  },
};

export const ENDPOINT_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::EC2::VPCEndpoint': vpcEndpoint,
  'AWS::EC2::PrefixList': prefixList,
};
