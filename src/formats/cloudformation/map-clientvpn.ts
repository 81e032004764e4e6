/**
 * Mapping of AWS Client VPN: ClientVpnEndpoint, ClientVpnTargetNetworkAssociation, ClientVpnAuthorizationRule,
 * ClientVpnRoute to model/clientvpn.ts.
 *
 * An association adds a target network whose Client VPN ENI gets the subnet's first free address and a public
 * address (both assumed, CVPN-3/CVPN-6), and the route "each VPC CIDR → that subnet" the association creates
 * (CVPN-2). An endpoint without security groups gets its VPC's default group (CVPN-9). Connected clients are not
 * part of a template: `Metadata.vpcsim.clients` on the endpoint lists them (`name`, `tunnelIp`, `groups`);
 * otherwise one client `<Endpoint>.Client` with the client CIDR's first usable address is assumed.
 */
import { warning } from '../../diag/diagnostic.js';
import type { ClientVpnEndpoint } from '../../model/clientvpn.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { tryCidr4 } from '../../net/prefix.js';
import { propSpan, type Draft, type ImportContext, type ResourceRef } from './context.js';
import { ensureDefaultSg } from './map-security.js';
import { child, scalarText } from './node.js';
import { field, nameTag, propBool, propInt, propObjects, propString, propStrings } from './props.js';

function authType(t: string | undefined): ClientVpnEndpoint['authentication'] {
  if (t === 'directory-service-authentication') return 'active-directory';
  if (t === 'federated-authentication') return 'saml';
  return 'certificate';
}

/** Pass 1. */
export function createClientVpnObject(ctx: ImportContext, r: ResourceRef): boolean {
  if (r.decl.type !== 'AWS::EC2::ClientVpnEndpoint') return false;
  const auth = propObjects(r, 'AuthenticationOptions')[0];
  const transport = propString(ctx, r, 'TransportProtocol');
  const vpc = propString(ctx, r, 'VpcId') ?? '';
  const clientCidr = propString(ctx, r, 'ClientCidrBlock') ?? '';
  const ep: Draft<ClientVpnEndpoint> = {
    id: r.id,
    name: nameTag(r) ?? propString(ctx, r, 'Description'),
    span: propSpan(ctx, r),
    vpc,
    clientCidr,
    authentication: authType(field(auth?.value, 'Type')),
    // CVPN-8: split tunnel is off by default.
    splitTunnel: propBool(ctx, r, 'SplitTunnel') ?? false,
    transport: transport === 'tcp' ? 'tcp' : transport === 'udp' ? 'udp' : undefined,
    vpnPort: propInt(ctx, r, 'VpnPort'),
    securityGroups: propStrings(ctx, r, 'SecurityGroupIds') ?? [],
    targetNetworks: [],
    authorizationRules: [],
    routes: [],
  };
  if (ep.securityGroups.length === 0 && vpc !== '') {
    ctx.deferred.push(() => {
      if (ep.securityGroups.length === 0) ep.securityGroups.push(ensureDefaultSg(ctx, vpc).id);
    });
  }
  ctx.net.clientVpnEndpoints.push(ep);
  ctx.index.clientVpn.set(r.id, ep);

  const clients = child(child(r.decl.metadata, 'vpcsim'), 'clients');
  if (clients?.kind === 'seq') {
    for (const c of clients.items) {
      const name = scalarText(child(c, 'name')) ?? `${r.id}.Client`;
      const groups = child(c, 'groups');
      ctx.net.vpnClients.push({
        id: name,
        endpoint: r.id,
        tunnelIp: scalarText(child(c, 'tunnelIp')),
        groups: groups?.kind === 'seq' ? groups.items.map((g) => scalarText(g) ?? '') : [],
        span: ctx.span(r.stack, c.pos),
      });
    }
  } else {
    const p = tryCidr4(clientCidr);
    ctx.net.vpnClients.push({
      id: `${r.id}.Client`,
      endpoint: r.id,
      tunnelIp: p ? formatIpv4((p.base + 2) >>> 0) : undefined,
      groups: [],
      span: propSpan(ctx, r),
      assumed: ['tunnelIp'],
    });
  }
  return true;
}

/** Pass 2. */
export function attachClientVpnObject(ctx: ImportContext, r: ResourceRef): boolean {
  const t = r.decl.type;
  if (
    t !== 'AWS::EC2::ClientVpnTargetNetworkAssociation' &&
    t !== 'AWS::EC2::ClientVpnAuthorizationRule' &&
    t !== 'AWS::EC2::ClientVpnRoute'
  ) {
    return false;
  }
  const epId = propString(ctx, r, 'ClientVpnEndpointId');
  const ep = epId === undefined ? undefined : ctx.index.clientVpn.get(epId);
  if (!ep) {
    ctx.diags.push(
      warning(
        'REFERENCE_NOT_FOUND',
        `${r.decl.logicalId}: Client VPN endpoint ${epId ?? '(none)'} is not defined in the loaded templates`,
        propSpan(ctx, r, 'ClientVpnEndpointId'),
        { resource: r.id },
      ),
    );
    return true;
  }
  const span = propSpan(ctx, r);
  if (t === 'AWS::EC2::ClientVpnTargetNetworkAssociation') {
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
      const vpc = ctx.index.vpc.get(ep.vpc);
      for (const cidr of vpc?.cidrs ?? []) {
        if (!ep.routes.some((x) => x.destination === cidr && x.targetSubnet === subnet))
          ep.routes.push({ destination: cidr, targetSubnet: subnet, span });
      }
    });
  } else if (t === 'AWS::EC2::ClientVpnAuthorizationRule') {
    const all = propBool(ctx, r, 'AuthorizeAllGroups') ?? false;
    ep.authorizationRules.push({
      destination: propString(ctx, r, 'TargetNetworkCidr') ?? '',
      group: all ? undefined : propString(ctx, r, 'AccessGroupId'),
      description: propString(ctx, r, 'Description'),
      span,
    });
  } else {
    ep.routes.push({
      destination: propString(ctx, r, 'DestinationCidrBlock') ?? '',
      targetSubnet: propString(ctx, r, 'TargetVpcSubnetId') ?? '',
      span,
    });
  }
  return true;
}
