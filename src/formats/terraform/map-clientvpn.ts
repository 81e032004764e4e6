/**
 * aws_ec2_client_vpn_endpoint / _network_association / _authorization_rule / _route → model/clientvpn.ts.
 *
 * Model: each network association is a target network (its Client VPN ENI address is assumed, CVPN-3) and adds the
 * routes AWS adds automatically — every VPC CIDR via that subnet (CVPN-2). Without security_group_ids the VPC's
 * default SG applies (CVPN-9). Authentication: certificate / directory-service / federated → certificate /
 * active-directory / saml. Split tunnel is off unless set (CVPN-8). Resources naming an endpoint that is not in the
 * configuration are reported (TF_REFERENCE_UNRESOLVED).
 */
import type { DraftOf } from '../build/drafts.js';
import { clientVpnAuthenticationOf, clientVpnIpAddressTypeOf } from '../build/vocabulary.js';
import { str, type MapInstance, type TfMapContext } from './map-context.js';
import { blocks, numOf } from './map-rules.js';
import type { TypeMapper } from './mapper.js';
import type { TfValue } from './value.js';

const strs = (v: TfValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

const endpoint: TypeMapper = {
  create(c, list) {
    const assocs = c.of('aws_ec2_client_vpn_network_association');
    for (const i of list) {
      const a = i.attrs;
      let vpc = c.ref(a['vpc_id']);
      if (!vpc) {
        // Without vpc_id, the VPC of the first associated subnet.
        const firstAssoc = assocs.find((x) => c.ref(x.attrs['client_vpn_endpoint_id']) === i.address);
        vpc = firstAssoc ? c.b.get('subnets', c.ref(firstAssoc.attrs['subnet_id']))?.vpc : undefined;
      }
      if (!vpc || !c.b.has('vpcs', vpc)) {
        c.unresolved(i, 'vpc_id', a['vpc_id']);
        continue;
      }
      const sgs = strs(a['security_group_ids']).map((g) => c.sgRef(g) ?? g);
      // CVPN-9: without security groups, the VPC's default group.
      if (sgs.length === 0) sgs.push(c.defaultSg(vpc));
      const transport = str(a['transport_protocol']);
      const port = numOf(a['vpn_port']);
      c.b.add('clientVpnEndpoints', {
        id: i.address,
        name: str(a['description']),
        span: i.span,
        vpc,
        clientCidr: str(a['client_cidr_block']) ?? '',
        authentication: clientVpnAuthenticationOf(str(blocks(a['authentication_options'])[0]?.['type'])),
        splitTunnel: a['split_tunnel'] === true || a['split_tunnel'] === 'true',
        trafficIpAddressType: clientVpnIpAddressTypeOf(str(a['traffic_ip_address_type'])),
        endpointIpAddressType: clientVpnIpAddressTypeOf(str(a['endpoint_ip_address_type'])),
        ...(transport === 'tcp' || transport === 'udp' ? { transport } : {}),
        ...(port !== undefined ? { vpnPort: port } : {}),
        securityGroups: sgs,
        targetNetworks: [],
        authorizationRules: [],
        routes: [],
      });
    }
  },
};

/** The endpoint a resource belongs to; reported when it is not in the configuration. */
function endpointOf(c: TfMapContext, i: MapInstance): DraftOf<'clientVpnEndpoints'> | undefined {
  const e = c.b.get('clientVpnEndpoints', c.ref(i.attrs['client_vpn_endpoint_id']));
  if (!e) c.unresolved(i, 'client_vpn_endpoint_id', i.attrs['client_vpn_endpoint_id']);
  return e;
}

const association: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const e = endpointOf(c, i);
      const subnet = c.ref(i.attrs['subnet_id']);
      if (!e) continue;
      if (!subnet || !c.b.has('subnets', subnet)) {
        c.unresolved(i, 'subnet_id', i.attrs['subnet_id']);
        continue;
      }
      // `eni_ip` is not a Terraform attribute: it is what `--assume ADDRESS.eni_ip=…` pins (CVPN-3).
      const pinned = str(i.attrs['eni_ip']);
      const span = i.span ? { span: i.span } : {};
      e.targetNetworks.push({ id: i.address, subnet, ...(pinned ? { eniIp: pinned } : {}), ...span });
      // CVPN-2: the association adds a route for each VPC CIDR via the subnet.
      for (const cidr of c.b.get('vpcs', e.vpc)?.cidrs ?? [])
        e.routes.push({ destination: cidr, targetSubnet: subnet, ...span });
    }
  },
};

const authorizationRule: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const e = endpointOf(c, i);
      if (!e) continue;
      const all = i.attrs['authorize_all_groups'] === true || i.attrs['authorize_all_groups'] === 'true';
      const group = str(i.attrs['access_group_id']);
      const description = str(i.attrs['description']);
      e.authorizationRules.push({
        destination: str(i.attrs['target_network_cidr']) ?? '',
        ...(!all && group ? { group } : {}),
        ...(description ? { description } : {}),
        ...(i.span ? { span: i.span } : {}),
      });
    }
  },
};

const route: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const e = endpointOf(c, i);
      if (!e) continue;
      const destination = str(i.attrs['destination_cidr_block']) ?? '';
      const targetSubnet = c.ref(i.attrs['target_vpc_subnet_id']) ?? '';
      if (e.routes.some((r) => r.destination === destination && r.targetSubnet === targetSubnet)) continue;
      e.routes.push({ destination, targetSubnet, ...(i.span ? { span: i.span } : {}) });
    }
  },
};

/** Mappers of AWS Client VPN, by resource type. */
export const CLIENT_VPN_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_ec2_client_vpn_endpoint: endpoint,
  aws_ec2_client_vpn_network_association: association,
  aws_ec2_client_vpn_authorization_rule: authorizationRule,
  aws_ec2_client_vpn_route: route,
};
