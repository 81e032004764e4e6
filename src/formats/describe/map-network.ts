/**
 * describe-* mappers of the VPC fabric: Vpcs (only associated CIDR blocks, ADDR-1), Subnets, InternetGateways
 * (IGW-1: `available` is how describe-internet-gateways says attached), EgressOnlyInternetGateways (V6-5), VpnGateways, NatGateways (NGW-11: deleted or
 * failed ones are gone), VpcPeeringConnections (PCX-4: only active carries traffic; a peering listed by both accounts
 * is one), PrefixLists and VpcEndpoints. Every id is the AWS id.
 */
import { warning } from '../../diag/diagnostic.js';
import { endpointTypeOf, natConnectivityOf } from '../build/vocabulary.js';
import { activeAssociation, type DescribeContext } from './context.js';
import { bool, nameTag, num, obj, objs, str, strs, type JsonObject } from '../json-source.js';
import type { VpcEndpoint } from '../../model/network.js';

export function mapVpcs(c: DescribeContext): void {
  for (const r of c.recs('Vpcs')) {
    const id = str(r.item, 'VpcId');
    if (!id) {
      c.missing(r, 'Vpcs', 'VpcId');
      continue;
    }
    if (!c.unique(id)) continue;
    const set = objs(r.item, 'CidrBlockAssociationSet');
    const cidrs =
      set.length > 0
        ? set
            .filter(activeAssociation)
            .map((a) => str(a, 'CidrBlock'))
            .filter((x): x is string => !!x)
        : [str(r.item, 'CidrBlock')].filter((x): x is string => !!x);
    const v6 = objs(r.item, 'Ipv6CidrBlockAssociationSet')
      .filter(activeAssociation)
      .map((a) => str(a, 'Ipv6CidrBlock'))
      .filter((x): x is string => !!x);
    c.b.add('vpcs', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'VpcId', id),
      cidrs,
      ...(v6.length ? { ipv6Cidrs: v6 } : {}),
      region: r.region,
      accountId: str(r.item, 'OwnerId') ?? r.accountId,
    });
  }
}

export function mapSubnets(c: DescribeContext): void {
  for (const r of c.recs('Subnets')) {
    const id = str(r.item, 'SubnetId');
    const vpc = str(r.item, 'VpcId');
    const cidr = str(r.item, 'CidrBlock');
    const v6 = objs(r.item, 'Ipv6CidrBlockAssociationSet')
      .filter(activeAssociation)
      .map((a) => str(a, 'Ipv6CidrBlock'))
      .find((x) => !!x);
    // An IPv6-only subnet (Ipv6Native, V6-1) has no CidrBlock.
    if (!id || !vpc || (!cidr && !v6)) {
      c.missing(r, 'Subnets', 'SubnetId/VpcId/CidrBlock');
      continue;
    }
    if (!c.unique(id)) continue;
    c.b.add('subnets', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'SubnetId', id),
      vpc,
      ...(cidr ? { cidr } : {}),
      ...(v6 ? { ipv6Cidr: v6 } : {}),
      ...(bool(r.item, 'EnableDns64') !== undefined ? { enableDns64: bool(r.item, 'EnableDns64') } : {}),
      az: str(r.item, 'AvailabilityZone'),
    });
  }
}

export function mapInternetGateways(c: DescribeContext): void {
  for (const r of c.recs('InternetGateways')) {
    const id = str(r.item, 'InternetGatewayId');
    if (!id) {
      c.missing(r, 'InternetGateways', 'InternetGatewayId');
      continue;
    }
    if (!c.unique(id)) continue;
    // IGW-1: `available` is how describe-internet-gateways spells "attached".
    const att = objs(r.item, 'Attachments').find((a) =>
      ['available', 'attached'].includes(str(a, 'State') ?? ''),
    );
    c.b.add('internetGateways', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'InternetGatewayId', id),
      vpc: str(att, 'VpcId'),
    });
  }
}

/** Egress-only internet gateways (V6-5): attached to the VPC of their `attached` attachment. */
export function mapEgressOnlyInternetGateways(c: DescribeContext): void {
  for (const r of c.recs('EgressOnlyInternetGateways')) {
    const id = str(r.item, 'EgressOnlyInternetGatewayId');
    if (!id) {
      c.missing(r, 'EgressOnlyInternetGateways', 'EgressOnlyInternetGatewayId');
      continue;
    }
    if (!c.unique(id)) continue;
    const att = objs(r.item, 'Attachments').find((a) =>
      ['available', 'attached'].includes(str(a, 'State') ?? ''),
    );
    c.b.add('egressOnlyInternetGateways', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'EgressOnlyInternetGatewayId', id),
      vpc: str(att, 'VpcId'),
    });
  }
}

export function mapVpnGateways(c: DescribeContext): void {
  for (const r of c.recs('VpnGateways')) {
    const id = str(r.item, 'VpnGatewayId');
    if (!id) {
      c.missing(r, 'VpnGateways', 'VpnGatewayId');
      continue;
    }
    if (['deleted', 'deleting'].includes(str(r.item, 'State') ?? '')) {
      c.gone.set(id, `virtual private gateway ${id} is ${str(r.item, 'State') ?? 'deleted'}`);
      continue;
    }
    if (!c.unique(id)) continue;
    const att = objs(r.item, 'VpcAttachments').find((a) => str(a, 'State') === 'attached');
    c.b.add('virtualPrivateGateways', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'VpnGatewayId', id),
      vpc: str(att, 'VpcId'),
    });
  }
}

export function mapNatGateways(c: DescribeContext): void {
  for (const r of c.recs('NatGateways')) {
    const id = str(r.item, 'NatGatewayId');
    const subnet = str(r.item, 'SubnetId');
    if (!id || !subnet) {
      c.missing(r, 'NatGateways', 'NatGatewayId/SubnetId');
      continue;
    }
    const state = str(r.item, 'State') ?? 'available';
    // NGW-11: a deleted (or failed) NAT gateway is gone; routes to it blackhole.
    if (state === 'deleted' || state === 'deleting' || state === 'failed') {
      c.gone.set(id, `NAT gateway ${id} is ${state}`);
      continue;
    }
    if (!c.unique(id)) continue;
    const addrs = objs(r.item, 'NatGatewayAddresses');
    const primary = addrs.find((a) => bool(a, 'IsPrimary') === true) ?? addrs[0];
    const privateIp = str(primary, 'PrivateIp');
    const publicIp = str(primary, 'PublicIp');
    c.b.add('natGateways', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'NatGatewayId', id),
      subnet,
      connectivity: natConnectivityOf(str(r.item, 'ConnectivityType')),
      privateIp: privateIp ?? '',
      ...(publicIp ? { publicIp } : {}),
      state: state === 'pending' ? 'pending' : 'available',
      ...(privateIp ? {} : { assumed: ['privateIp'] }),
    });
  }
}

export function mapPeerings(c: DescribeContext): void {
  const listed = new Set<string>();
  for (const r of c.recs('VpcPeeringConnections')) {
    const id = str(r.item, 'VpcPeeringConnectionId');
    const req = str(obj(r.item, 'RequesterVpcInfo'), 'VpcId');
    const acc = str(obj(r.item, 'AccepterVpcInfo'), 'VpcId');
    if (!id || !req || !acc) {
      c.missing(
        r,
        'VpcPeeringConnections',
        'VpcPeeringConnectionId/RequesterVpcInfo.VpcId/AccepterVpcInfo.VpcId',
      );
      continue;
    }
    const code = str(obj(r.item, 'Status'), 'Code') ?? 'active';
    if (['deleted', 'deleting', 'rejected', 'failed', 'expired'].includes(code)) {
      c.gone.set(id, `peering ${id} is ${code}`);
      continue;
    }
    if (listed.has(id)) continue; // listed by both accounts
    if (!c.unique(id)) continue;
    listed.add(id);
    // PCX-4: anything but active carries no traffic.
    c.b.add('peerings', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'VpcPeeringConnectionId', id),
      requesterVpc: req,
      accepterVpc: acc,
      state: code === 'active' ? 'active' : 'pending-acceptance',
    });
  }
}

export function mapPrefixLists(c: DescribeContext): void {
  for (const r of c.recs('PrefixLists')) {
    const id = str(r.item, 'PrefixListId');
    if (!id) {
      c.missing(r, 'PrefixLists', 'PrefixListId');
      continue;
    }
    if (!c.unique(id)) continue;
    const hasCidrs = Array.isArray(r.item['Cidrs']);
    const span = c.spanOf(r, 'PrefixListId', id);
    if (!hasCidrs)
      c.b.diags.push(
        warning(
          'DESCRIBE_PREFIX_LIST_ENTRIES_MISSING',
          `prefix list ${id} has no entries in this output (describe-managed-prefix-lists omits them; add get-managed-prefix-list-entries output as Cidrs); treated as empty`,
          span,
          { resource: id },
        ),
      );
    c.b.add('prefixLists', {
      id,
      name: str(r.item, 'PrefixListName'),
      span,
      entries: strs(r.item, 'Cidrs'),
      ...(num(r.item, 'MaxEntries') !== undefined ? { maxEntries: num(r.item, 'MaxEntries') } : {}),
      awsManaged: hasCidrs || str(r.item, 'OwnerId') === 'AWS',
    });
  }
}

export function mapVpcEndpoints(c: DescribeContext): void {
  for (const r of c.recs('VpcEndpoints')) {
    const id = str(r.item, 'VpcEndpointId');
    const vpc = str(r.item, 'VpcId');
    const service = str(r.item, 'ServiceName') ?? '';
    if (!id || !vpc) {
      c.missing(r, 'VpcEndpoints', 'VpcEndpointId/VpcId');
      continue;
    }
    const state = (str(r.item, 'State') ?? 'available').toLowerCase();
    if (['deleted', 'deleting', 'failed', 'rejected', 'expired'].includes(state)) {
      c.gone.set(id, `VPC endpoint ${id} is ${state}`);
      continue;
    }
    if (!c.unique(id)) continue;
    const type = endpointTypeOf(str(r.item, 'VpcEndpointType'));
    const rts = strs(r.item, 'RouteTableIds');
    c.endpointTables.set(id, new Set(rts));
    // RT-18: a gateway endpoint's destination is its service's prefix list, found by the service name.
    let pl: string | undefined;
    for (const p of c.b.net.prefixLists)
      if (p.name !== undefined && p.name !== '' && p.name === service) pl = p.id;
    c.b.add('vpcEndpoints', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'VpcEndpointId', id),
      vpc,
      type,
      service,
      ...(type === 'gateway'
        ? { routeTables: rts, ...(pl ? { prefixList: pl } : {}) }
        : { subnets: strs(r.item, 'SubnetIds') }),
      ...(type === 'interface' ? interfaceDetails(c, r.item, state) : {}),
    });
  }
}

/**
 * PL-1, PL-2, PL-5: an interface endpoint's security groups, the address of its ENI in each subnet (its
 * NetworkInterfaceIds, as described), and its connection state.
 */
function interfaceDetails(
  c: DescribeContext,
  item: JsonObject,
  state: string,
): Pick<VpcEndpoint, 'securityGroups' | 'addresses' | 'state'> {
  const sgs = objs(item, 'Groups')
    .map((g) => str(g, 'GroupId'))
    .filter((x): x is string => x !== undefined);
  const addresses: Record<string, string> = {};
  for (const id of strs(item, 'NetworkInterfaceIds')) {
    const eni = c.b.get('networkInterfaces', id);
    const ip = eni?.addresses[0]?.private;
    if (eni && ip !== undefined) addresses[eni.subnet] = ip;
  }
  const st =
    state === 'pendingacceptance' ? 'pendingAcceptance' : state === 'pending' ? 'pending' : 'available';
  return {
    ...(sgs.length > 0 ? { securityGroups: sgs } : {}),
    ...(Object.keys(addresses).length > 0 ? { addresses } : {}),
    state: st,
  };
}
