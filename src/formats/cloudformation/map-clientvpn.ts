/**
 * CloudFormation mappers of AWS Client VPN: AWS::EC2::ClientVpnEndpoint, AWS::EC2::ClientVpnTargetNetworkAssociation,
 * AWS::EC2::ClientVpnAuthorizationRule and AWS::EC2::ClientVpnRoute, to model/clientvpn.ts.
 *
 * An association adds a target network whose Client VPN ENI gets the subnet's first free address and a public
 * address (both assumed, CVPN-3/CVPN-6), and the route "each VPC CIDR → that subnet" the association creates
 * (CVPN-2). An endpoint without security groups gets its VPC's default group (CVPN-9). Connected clients are not
 * part of a template: `Metadata.vpcsim.clients` on the endpoint lists them (`name`, `tunnelIp`, `groups`);
 * otherwise one client `<Endpoint>.Client` with the client CIDR's first usable address is assumed.
 */
import type { ClientVpnEndpoint } from '../../model/clientvpn.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { tryCidr4 } from '../../net/prefix.js';
import type { DraftOf } from '../build/drafts.js';
import { clientVpnIpAddressTypeOf } from '../build/vocabulary.js';
import { propSpan, referenceNotFound, type ImportContext, type ResourceRef } from './context.js';
import type { CfnMapper } from './mapper.js';
import { defaultSecurityGroup } from './map-security-groups.js';
import { child, scalarText } from './node.js';
import { field, nameTag, propBool, propInt, propObjects, propString, propStrings } from './props.js';

function authType(t: string | undefined): ClientVpnEndpoint['authentication'] {
  if (t === 'directory-service-authentication') return 'active-directory';
  if (t === 'federated-authentication') return 'saml';
  return 'certificate';
}

/** The clients connected to an endpoint: `Metadata.vpcsim.clients`, else one assumed client (CVPN-6). */
function clients(ctx: ImportContext, r: ResourceRef, clientCidr: string): void {
  const list = child(child(r.decl.metadata, 'vpcsim'), 'clients');
  if (list?.kind === 'seq') {
    for (const c of list.items) {
      const name = scalarText(child(c, 'name')) ?? `${r.id}.Client`;
      const groups = child(c, 'groups');
      ctx.b.add('vpnClients', {
        id: name,
        endpoint: r.id,
        tunnelIp: scalarText(child(c, 'tunnelIp')),
        groups: groups?.kind === 'seq' ? groups.items.map((g) => scalarText(g) ?? '') : [],
        span: ctx.span(r.stack, c.pos),
      });
    }
  } else {
    const p = tryCidr4(clientCidr);
    ctx.b.add('vpnClients', {
      id: `${r.id}.Client`,
      endpoint: r.id,
      tunnelIp: p ? formatIpv4((p.base + 2) >>> 0) : undefined,
      groups: [],
      span: propSpan(ctx, r),
      assumed: ['tunnelIp'],
    });
  }
}

const endpoint: CfnMapper = {
  create(ctx, r) {
    const auth = propObjects(r, 'AuthenticationOptions')[0];
    const transport = propString(ctx, r, 'TransportProtocol');
    const vpc = propString(ctx, r, 'VpcId') ?? '';
    const clientCidr = propString(ctx, r, 'ClientCidrBlock') ?? '';
    const ep = ctx.b.add('clientVpnEndpoints', {
      id: r.id,
      name: nameTag(r) ?? propString(ctx, r, 'Description'),
      span: propSpan(ctx, r),
      vpc,
      clientCidr,
      authentication: authType(field(auth?.value, 'Type')),
      // CVPN-8: split tunnel is off by default.
      splitTunnel: propBool(ctx, r, 'SplitTunnel') ?? false,
      trafficIpAddressType: clientVpnIpAddressTypeOf(propString(ctx, r, 'TrafficIpAddressType')),
      endpointIpAddressType: clientVpnIpAddressTypeOf(propString(ctx, r, 'EndpointIpAddressType')),
      transport: transport === 'tcp' ? 'tcp' : transport === 'udp' ? 'udp' : undefined,
      vpnPort: propInt(ctx, r, 'VpnPort'),
      securityGroups: propStrings(ctx, r, 'SecurityGroupIds') ?? [],
      targetNetworks: [],
      authorizationRules: [],
      routes: [],
    });
    if (ep.securityGroups.length === 0 && vpc !== '') {
      ctx.deferred.push(() => {
        if (ep.securityGroups.length === 0) ep.securityGroups.push(defaultSecurityGroup(ctx, vpc).id);
      });
    }
    clients(ctx, r, clientCidr);
  },
};

/** The endpoint a Client VPN attachment names, or undefined (reported) when it is not in the templates. */
function endpointOf(ctx: ImportContext, r: ResourceRef): DraftOf<'clientVpnEndpoints'> | undefined {
  const epId = propString(ctx, r, 'ClientVpnEndpointId');
  const ep = ctx.b.get('clientVpnEndpoints', epId);
  if (!ep) referenceNotFound(ctx, r, 'Client VPN endpoint', epId, 'ClientVpnEndpointId');
  return ep;
}

const targetNetwork: CfnMapper = {
  attach(ctx, r) {
    const ep = endpointOf(ctx, r);
    if (!ep) return;
    const span = propSpan(ctx, r);
    const subnet = propString(ctx, r, 'SubnetId') ?? '';
    const alloc = ctx.deploy.allocation(r.id);
    ep.targetNetworks.push({
      id: r.id,
      subnet,
      eniIp: alloc?.addresses[0],
      eniPublicIp: ctx.deploy.publicIp(`cvpn:${r.id}`),
      span,
    });
    if (!(ep.assumed ?? []).includes('targetNetworks'))
      ep.assumed = [...(ep.assumed ?? []), 'targetNetworks'];
    // CVPN-2: the association adds a route for each VPC CIDR to the endpoint route table (once all CIDRs exist).
    ctx.deferred.push(() => {
      const vpc = ctx.b.get('vpcs', ep.vpc);
      for (const cidr of vpc?.cidrs ?? []) {
        if (!ep.routes.some((x) => x.destination === cidr && x.targetSubnet === subnet))
          ep.routes.push({ destination: cidr, targetSubnet: subnet, span });
      }
    });
  },
};

const authorizationRule: CfnMapper = {
  attach(ctx, r) {
    const ep = endpointOf(ctx, r);
    if (!ep) return;
    const all = propBool(ctx, r, 'AuthorizeAllGroups') ?? false;
    ep.authorizationRules.push({
      destination: propString(ctx, r, 'TargetNetworkCidr') ?? '',
      group: all ? undefined : propString(ctx, r, 'AccessGroupId'),
      description: propString(ctx, r, 'Description'),
      span: propSpan(ctx, r),
    });
  },
};

const route: CfnMapper = {
  attach(ctx, r) {
    const ep = endpointOf(ctx, r);
    if (!ep) return;
    ep.routes.push({
      destination: propString(ctx, r, 'DestinationCidrBlock') ?? '',
      targetSubnet: propString(ctx, r, 'TargetVpcSubnetId') ?? '',
      span: propSpan(ctx, r),
    });
  },
};

export const CLIENT_VPN_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::EC2::ClientVpnEndpoint': endpoint,
  'AWS::EC2::ClientVpnTargetNetworkAssociation': targetNetwork,
  'AWS::EC2::ClientVpnAuthorizationRule': authorizationRule,
  'AWS::EC2::ClientVpnRoute': route,
};
