/**
 * aws_ec2_client_vpn_endpoint / _network_association / _authorization_rule / _route → model/clientvpn.ts.
 *
 * Model: each network association is a target network (its Client VPN ENI address is assumed, CVPN-3) and adds the
 * routes AWS adds automatically — every VPC CIDR via that subnet (CVPN-2). Without security_group_ids the VPC's
 * default SG applies (CVPN-9). Authentication: certificate / directory-service / federated → certificate /
 * active-directory / saml. Split tunnel is off unless set (CVPN-8). Resources naming an endpoint that is not in the
 * configuration are reported (TF_REFERENCE_UNRESOLVED).
 */
import type { ClientVpnEndpoint, ClientVpnTargetNetwork } from '../../model/clientvpn.js';
import type { MapContext, MapInstance } from './map-resources.js';
import { blocks, numOf } from './map-rules.js';
import type { TfValue } from './value.js';

type Mut<T> = { -readonly [K in keyof T]: T[K] };

const str = (v: TfValue | undefined): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;
const strs = (v: TfValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export interface ClientVpnMapping {
  readonly endpoints: Mut<ClientVpnEndpoint>[];
  finish(allocate: (subnet: string) => string | undefined): void;
}

export function mapClientVpn(
  of: (t: string) => readonly MapInstance[],
  ctx: MapContext,
  sgRef: (v: TfValue) => string | undefined,
): ClientVpnMapping {
  const endpoints = new Map<string, Mut<ClientVpnEndpoint>>();
  const vpcOfSubnet = (s: string) => ctx.net.subnets.find((x) => x.id === s)?.vpc;
  const assocs = of('aws_ec2_client_vpn_network_association');
  for (const i of of('aws_ec2_client_vpn_endpoint')) {
    const a = i.attrs;
    let vpc = ctx.ref(a['vpc_id']);
    if (!vpc) {
      const firstAssoc = assocs.find((x) => ctx.ref(x.attrs['client_vpn_endpoint_id']) === i.address);
      vpc = firstAssoc ? vpcOfSubnet(ctx.ref(firstAssoc.attrs['subnet_id']) ?? '') : undefined;
    }
    if (!vpc || !ctx.has('vpc', vpc)) {
      ctx.unresolved(i, 'vpc_id', a['vpc_id']);
      continue;
    }
    const auth = str(blocks(a['authentication_options'])[0]?.['type']) ?? 'certificate-authentication';
    const sgs = strs(a['security_group_ids']).map((g) => sgRef(g) ?? g);
    if (sgs.length === 0) {
      const d = sgRef(`${vpc}.default_security_group`);
      if (d) sgs.push(d);
    }
    const transport = str(a['transport_protocol']);
    endpoints.set(i.address, {
      id: i.address,
      name: str(a['description']),
      span: i.span,
      vpc,
      clientCidr: str(a['client_cidr_block']) ?? '',
      authentication: auth.startsWith('directory')
        ? 'active-directory'
        : auth.startsWith('federated')
          ? 'saml'
          : 'certificate',
      splitTunnel: a['split_tunnel'] === true || a['split_tunnel'] === 'true',
      ...(transport === 'tcp' || transport === 'udp' ? { transport } : {}),
      ...(numOf(a['vpn_port']) !== undefined ? { vpnPort: numOf(a['vpn_port']) } : {}),
      securityGroups: sgs,
      targetNetworks: [],
      authorizationRules: [],
      routes: [],
    });
  }
  const endpointOf = (i: MapInstance): Mut<ClientVpnEndpoint> | undefined => {
    const e = endpoints.get(ctx.ref(i.attrs['client_vpn_endpoint_id']) ?? '');
    if (!e) ctx.unresolved(i, 'client_vpn_endpoint_id', i.attrs['client_vpn_endpoint_id']);
    return e;
  };
  for (const i of assocs) {
    const e = endpointOf(i);
    const subnet = ctx.ref(i.attrs['subnet_id']);
    if (!e) continue;
    if (!subnet || !ctx.has('subnet', subnet)) {
      ctx.unresolved(i, 'subnet_id', i.attrs['subnet_id']);
      continue;
    }
    // `eni_ip` is not a Terraform attribute: it is what `--assume ADDRESS.eni_ip=…` pins (CVPN-3).
    const pinned = str(i.attrs['eni_ip']);
    const tn: ClientVpnTargetNetwork = {
      id: i.address,
      subnet,
      ...(pinned ? { eniIp: pinned } : {}),
      ...(i.span ? { span: i.span } : {}),
    };
    e.targetNetworks = [...e.targetNetworks, tn];
    // CVPN-2: the association adds a route for each VPC CIDR via the subnet.
    const v = ctx.net.vpcs.find((x) => x.id === e.vpc);
    for (const c of v?.cidrs ?? [])
      e.routes = [...e.routes, { destination: c, targetSubnet: subnet, ...(i.span ? { span: i.span } : {}) }];
  }
  for (const i of of('aws_ec2_client_vpn_authorization_rule')) {
    const e = endpointOf(i);
    if (!e) continue;
    const all = i.attrs['authorize_all_groups'] === true || i.attrs['authorize_all_groups'] === 'true';
    const group = str(i.attrs['access_group_id']);
    e.authorizationRules = [
      ...e.authorizationRules,
      {
        destination: str(i.attrs['target_network_cidr']) ?? '',
        ...(!all && group ? { group } : {}),
        ...(str(i.attrs['description']) ? { description: str(i.attrs['description']) } : {}),
        ...(i.span ? { span: i.span } : {}),
      },
    ];
  }
  for (const i of of('aws_ec2_client_vpn_route')) {
    const e = endpointOf(i);
    if (!e) continue;
    const dest = str(i.attrs['destination_cidr_block']) ?? '';
    const target = ctx.ref(i.attrs['target_vpc_subnet_id']) ?? '';
    if (e.routes.some((r) => r.destination === dest && r.targetSubnet === target)) continue;
    e.routes = [
      ...e.routes,
      { destination: dest, targetSubnet: target, ...(i.span ? { span: i.span } : {}) },
    ];
  }
  return {
    endpoints: [...endpoints.values()],
    finish: (allocate) => {
      for (const e of endpoints.values()) {
        if (e.targetNetworks.some((t) => !t.eniIp))
          e.assumed = [...(e.assumed ?? []), 'targetNetworks.eniIp'];
        e.targetNetworks = e.targetNetworks.map((t) => (t.eniIp ? t : { ...t, eniIp: allocate(t.subnet) }));
      }
    },
  };
}
