/**
 * Terraform mappers of the VPC fabric: aws_vpc (+ aws_vpc_ipv4_cidr_block_association), aws_subnet, aws_internet_gateway
 * (+ _attachment), aws_vpn_gateway (+ _attachment, _route_propagation), aws_vpc_peering_connection (+ _accepter),
 * aws_vpc_endpoint (+ its route-table and subnet associations) and aws_ec2_managed_prefix_list (+ _entry).
 */
import { warning } from '../../diag/diagnostic.js';
import { endpointTypeOf } from '../build/vocabulary.js';
import { bool, nameOf, str } from './map-context.js';
import { blocks, numOf, strList } from './map-rules.js';
import type { TypeMapper } from './mapper.js';

const vpc: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      const cidr = str(a['cidr_block']);
      const v = c.b.add('vpcs', {
        id: i.address,
        name: nameOf(a),
        span: i.span,
        cidrs: cidr ? [cidr] : [],
        region: c.opts.region,
        ...(c.opts.accountId ? { accountId: c.opts.accountId } : {}),
        // ADDR-4: the Amazon DNS server answers only while enable_dns_support is true (the default).
        ...(bool(a['enable_dns_support']) === false ? { enableDnsSupport: false } : {}),
        ...(typeof a['id'] === 'string' ? { awsId: a['id'] } : {}),
      });
      if (!cidr) {
        // ADDR-1: a VPC from an IPAM pool gets its CIDR at apply time.
        v.cidrs = ['10.0.0.0/16'];
        v.assumed = ['cidrs'];
        c.b.diags.push(
          warning(
            'TF_VALUE_UNKNOWN',
            `${i.address}: cidr_block is known only after apply; assumed 10.0.0.0/16`,
            i.span,
            {
              resource: i.address,
            },
          ),
        );
      }
      const v6 = str(a['ipv6_cidr_block']);
      if (v6) v.ipv6Cidrs = [v6];
    }
  },
};

const vpcCidr: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const v = c.needVpc(i);
      const cidr = str(i.attrs['cidr_block']);
      if (v && cidr) v.cidrs.push(cidr);
    }
  },
};

/** aws_vpc_ipv6_cidr_block_association: another IPv6 block of the VPC (V6-1). */
const vpcCidr6: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const v = c.needVpc(i);
      const cidr = str(i.attrs['ipv6_cidr_block']);
      if (v && cidr) v.ipv6Cidrs = [...(v.ipv6Cidrs ?? []), cidr];
    }
  },
};

/** aws_egress_only_internet_gateway (V6-5): attached to its VPC. */
const egressOnlyGateway: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const vid = c.ref(i.attrs['vpc_id']);
      c.b.add('egressOnlyInternetGateways', {
        id: i.address,
        name: nameOf(i.attrs),
        span: i.span,
        ...(vid && c.b.has('vpcs', vid) ? { vpc: vid } : {}),
        ...(typeof i.attrs['id'] === 'string' ? { awsId: i.attrs['id'] } : {}),
      });
    }
  },
};

const subnet: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      const v = c.needVpc(i);
      if (!v) continue;
      const cidr = str(a['cidr_block']);
      const v6 = str(a['ipv6_cidr_block']);
      // An IPv6-only subnet (ipv6_native, V6-1) has no cidr_block.
      if (!cidr && !(v6 && bool(a['ipv6_native']) === true)) {
        c.unresolved(i, 'cidr_block', a['cidr_block']);
        continue;
      }
      c.b.add('subnets', {
        id: i.address,
        name: nameOf(a),
        span: i.span,
        vpc: v.id,
        ...(cidr ? { cidr } : {}),
        ...(str(a['ipv6_cidr_block']) ? { ipv6Cidr: str(a['ipv6_cidr_block']) } : {}),
        ...(bool(a['enable_dns64']) !== undefined ? { enableDns64: bool(a['enable_dns64']) } : {}),
        ...(str(a['availability_zone']) ? { az: str(a['availability_zone']) } : {}),
        ...(typeof a['id'] === 'string' ? { awsId: a['id'] } : {}),
      });
      // Instances launched here get a public IP (IGW-2).
      if (bool(a['map_public_ip_on_launch']) === true) c.mapPublicIp.add(i.address);
    }
  },
};

/** A gateway attached to a VPC of the configuration (IGW-1), or detached. */
function gateway(kind: 'internetGateways' | 'virtualPrivateGateways'): TypeMapper {
  return {
    create(c, list) {
      for (const i of list) {
        const vid = c.ref(i.attrs['vpc_id']);
        c.b.add(kind, {
          id: i.address,
          name: nameOf(i.attrs),
          span: i.span,
          ...(vid && c.b.has('vpcs', vid) ? { vpc: vid } : {}),
          ...(kind === 'internetGateways' && typeof i.attrs['id'] === 'string'
            ? { awsId: i.attrs['id'] }
            : {}),
        });
      }
    },
  };
}

/** aws_internet_gateway_attachment / aws_vpn_gateway_attachment. */
function attachment(kind: 'internetGateways' | 'virtualPrivateGateways', idAttr: string): TypeMapper {
  return {
    attach(c, list) {
      for (const i of list) {
        const g = c.b.get(kind, c.ref(i.attrs[idAttr]));
        const v = c.ref(i.attrs['vpc_id']);
        if (g && v && c.b.has('vpcs', v)) g.vpc = v;
        else c.unresolved(i, `${idAttr}/vpc_id`, i.attrs[idAttr]);
      }
    },
  };
}

const vgwPropagation: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const t = c.routeTable(i.attrs['route_table_id']);
      const g = c.ref(i.attrs['vpn_gateway_id']);
      if (t && g) t.propagatingGateways = [...(t.propagatingGateways ?? []), g];
    }
  },
};

const peering: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      const req = c.ref(a['vpc_id']);
      const acc = c.ref(a['peer_vpc_id']);
      if (!req || !acc) {
        c.unresolved(i, 'vpc_id/peer_vpc_id', req ? a['peer_vpc_id'] : a['vpc_id']);
        continue;
      }
      // PCX-4: only an accepted peering carries traffic; auto_accept (same account and region) accepts it.
      const accepted = str(a['accept_status']) === 'active' || bool(a['auto_accept']) === true;
      c.b.add('peerings', {
        id: i.address,
        name: nameOf(a),
        span: i.span,
        requesterVpc: req,
        accepterVpc: acc,
        state: accepted ? 'active' : 'pending-acceptance',
      });
    }
  },
};

const peeringAccepter: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const p = c.b.get('peerings', c.ref(i.attrs['vpc_peering_connection_id']));
      if (!p) {
        c.unresolved(i, 'vpc_peering_connection_id', i.attrs['vpc_peering_connection_id']);
        continue;
      }
      if (bool(i.attrs['auto_accept']) === true || str(i.attrs['accept_status']) === 'active')
        p.state = 'active';
    }
  },
};

const vpcEndpoint: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      const v = c.needVpc(i);
      if (!v) continue;
      const type = endpointTypeOf(str(a['vpc_endpoint_type']));
      const ep = c.b.add('vpcEndpoints', {
        id: i.address,
        name: nameOf(a),
        span: i.span,
        vpc: v.id,
        type,
        service: str(a['service_name']) ?? '',
      });
      if (type !== 'gateway') {
        ep.subnets = strList(a['subnet_ids'], c.ruleCtx(i), 'subnet_ids').map((s) => c.ref(s) ?? s);
        // PL-2: an interface endpoint's security groups (none given: the VPC's default group).
        if (type === 'interface') {
          const sgs = strList(a['security_group_ids'], c.ruleCtx(i), 'security_group_ids');
          if (sgs.length > 0) ep.securityGroups = sgs.map((g) => c.sgRef(g) ?? g);
        }
        continue;
      }
      ep.routeTables = strList(a['route_table_ids'], c.ruleCtx(i), 'route_table_ids').map(
        (r) => c.routeTable(r)?.id ?? c.ref(r) ?? r,
      );
      const pl = str(a['prefix_list_id']);
      if (pl) ep.prefixList = c.ref(pl) ?? pl;
      else
        c.b.diags.push(
          warning(
            'TF_VALUE_UNKNOWN',
            `${i.address}: the service prefix list of a gateway endpoint is known only after apply; routes to it match no destination until given (RT-18)`,
            i.span,
            { resource: i.address },
          ),
        );
    }
  },
};

/** aws_vpc_endpoint_route_table_association / _subnet_association. */
function endpointAssociation(field: 'routeTables' | 'subnets', attr: string): TypeMapper {
  return {
    create(c, list) {
      for (const i of list) {
        const ep = c.b.get('vpcEndpoints', c.ref(i.attrs['vpc_endpoint_id']));
        const id =
          field === 'routeTables'
            ? (c.routeTable(i.attrs[attr])?.id ?? c.ref(i.attrs[attr]))
            : c.ref(i.attrs[attr]);
        if (ep && id) ep[field] = [...(ep[field] ?? []), id];
        else c.unresolved(i, 'vpc_endpoint_id', i.attrs['vpc_endpoint_id']);
      }
    },
  };
}

const prefixList: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const entries = blocks(i.attrs['entry'])
        .map((e) => str(e['cidr']))
        .filter((x): x is string => !!x);
      const max = numOf(i.attrs['max_entries']);
      c.b.add('prefixLists', {
        id: i.address,
        name: str(i.attrs['name']),
        span: i.span,
        entries,
        ...(max !== undefined ? { maxEntries: max } : {}),
      });
    }
  },
};

const prefixListEntry: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const pl = c.b.get('prefixLists', c.ref(i.attrs['prefix_list_id']));
      const cidr = str(i.attrs['cidr']);
      if (pl && cidr) pl.entries.push(cidr);
      else if (!pl) c.unresolved(i, 'prefix_list_id', i.attrs['prefix_list_id']);
    }
  },
};

/** VPCs and subnets: the containers, mapped first. */
export const VPC_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_vpc: vpc,
  aws_vpc_ipv4_cidr_block_association: vpcCidr,
  aws_vpc_ipv6_cidr_block_association: vpcCidr6,
  aws_subnet: subnet,
};

/** Internet and virtual private gateways, their attachments and route propagation (after the route tables). */
export const GATEWAY_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_internet_gateway: gateway('internetGateways'),
  aws_internet_gateway_attachment: attachment('internetGateways', 'internet_gateway_id'),
  aws_egress_only_internet_gateway: egressOnlyGateway,
  aws_vpn_gateway: gateway('virtualPrivateGateways'),
  aws_vpn_gateway_attachment: attachment('virtualPrivateGateways', 'vpn_gateway_id'),
  aws_vpn_gateway_route_propagation: vgwPropagation,
};

/** Managed prefix lists and their entries. */
export const PREFIX_LIST_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_ec2_managed_prefix_list: prefixList,
  aws_ec2_managed_prefix_list_entry: prefixListEntry,
};

/** Peerings and VPC endpoints (after the route tables and subnets they name). */
export const PEERING_ENDPOINT_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_vpc_peering_connection: peering,
  aws_vpc_peering_connection_accepter: peeringAccepter,
  // Options (DNS resolution across the peering) do not change the data plane.
  aws_vpc_peering_connection_options: {},
  aws_vpc_endpoint: vpcEndpoint,
  aws_vpc_endpoint_route_table_association: endpointAssociation('routeTables', 'route_table_id'),
  aws_vpc_endpoint_subnet_association: endpointAssociation('subnets', 'subnet_id'),
};
