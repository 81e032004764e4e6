/**
 * describe-* mappers of AWS Client VPN: `describe-client-vpn-endpoints`, `…-target-networks`, `…-routes` (which
 * already lists the routes associations added, CVPN-2) and `…-authorization-rules`; deleted, disassociated and
 * revoked items are left out. `Routes` and `AuthorizationRules` are generic keys (search-transit-gateway-routes
 * prints `Routes` too): entries without a ClientVpnEndpointId are reported once per file, not modelled.
 */
import { warning } from '../../diag/diagnostic.js';
import type { DraftOf } from '../build/drafts.js';
import { clientVpnAuthenticationOf, clientVpnIpAddressTypeOf } from '../build/vocabulary.js';
import type { DescribeContext, DescribeRecord } from './context.js';
import { bool, num, obj, objs, str, strs, type JsonObject } from '../json-source.js';

const statusOf = (o: JsonObject): string => str(obj(o, 'Status'), 'Code') ?? 'available';

/** describe-client-vpn-endpoints (deleted ones are left out). */
export function mapClientVpnEndpoints(c: DescribeContext): void {
  for (const r of c.recs('ClientVpnEndpoints')) {
    const id = str(r.item, 'ClientVpnEndpointId');
    const vpc = str(r.item, 'VpcId');
    if (!id || !vpc) {
      c.b.diags.push(
        warning(
          'DESCRIBE_MISSING_FIELD',
          'a ClientVpnEndpoints entry has no ClientVpnEndpointId/VpcId; skipped',
          r.src.keyPosition('ClientVpnEndpoints'),
        ),
      );
      continue;
    }
    if (['deleted', 'deleting'].includes(statusOf(r.item))) continue;
    const transport = str(r.item, 'TransportProtocol');
    c.b.add('clientVpnEndpoints', {
      id,
      name: str(r.item, 'Description') || undefined,
      span: r.src.positionOf('ClientVpnEndpointId', id),
      vpc,
      clientCidr: str(r.item, 'ClientCidrBlock') ?? '',
      authentication: clientVpnAuthenticationOf(str(objs(r.item, 'AuthenticationOptions')[0], 'Type')),
      splitTunnel: bool(r.item, 'SplitTunnel') === true,
      trafficIpAddressType: clientVpnIpAddressTypeOf(str(r.item, 'TrafficIpAddressType')),
      endpointIpAddressType: clientVpnIpAddressTypeOf(str(r.item, 'EndpointIpAddressType')),
      ...(transport === 'tcp' || transport === 'udp' ? { transport } : {}),
      ...(num(r.item, 'VpnPort') !== undefined ? { vpnPort: num(r.item, 'VpnPort') } : {}),
      securityGroups: strs(r.item, 'SecurityGroupIds'),
      targetNetworks: [],
      authorizationRules: [],
      routes: [],
    });
  }
}

/** The endpoint an entry of `key` belongs to; entries of other services under the same key are reported once. */
function ownerOf(
  c: DescribeContext,
  r: DescribeRecord,
  key: string,
): DraftOf<'clientVpnEndpoints'> | undefined {
  {
    const id = str(r.item, 'ClientVpnEndpointId');
    if (!id) {
      // `Routes` / `AuthorizationRules` are generic keys (search-transit-gateway-routes prints `Routes` too).
      const k = `foreign:${r.src.file}|${key}`;
      if (c.unique(k)) {
        c.b.diags.push(
          warning(
            'DESCRIBE_UNKNOWN_SHAPE',
            `${key} entries without ClientVpnEndpointId are not Client VPN output; not modelled`,
            r.src.keyPosition(key),
          ),
        );
      }
      return undefined;
    }
    const e = c.b.get('clientVpnEndpoints', id);
    if (!e)
      c.b.diags.push(
        warning(
          'DESCRIBE_REFERENCE_UNRESOLVED',
          `${key}: Client VPN endpoint ${id} is not in the ClientVpnEndpoints output; entry skipped`,
          r.src.keyPosition(key),
        ),
      );
    return e;
  }
}

/** describe-client-vpn-target-networks: associations in effect (CVPN-3: their ENI addresses are assumed). */
export function mapClientVpnTargetNetworks(c: DescribeContext): void {
  for (const r of c.recs('ClientVpnTargetNetworks')) {
    if (['disassociated', 'disassociating', 'association-failed'].includes(statusOf(r.item))) continue;
    const e = ownerOf(c, r, 'ClientVpnTargetNetworks');
    const subnet = str(r.item, 'TargetNetworkId');
    const id = str(r.item, 'AssociationId') ?? `${e?.id ?? ''}:${subnet ?? ''}`;
    if (!e || !subnet) continue;
    e.targetNetworks.push({ id, subnet, span: r.src.positionOf('AssociationId', id) });
    e.assumed = ['targetNetworks.eniIp'];
  }
}

/** describe-client-vpn-routes (it already lists the routes associations added, CVPN-2). */
export function mapClientVpnRoutes(c: DescribeContext): void {
  for (const r of c.recs('Routes')) {
    if (['deleting', 'failed'].includes(statusOf(r.item))) continue;
    const e = ownerOf(c, r, 'Routes');
    const dest = str(r.item, 'DestinationCidr');
    const target = str(r.item, 'TargetSubnet');
    if (!e || !dest || !target) continue;
    e.routes.push({
      destination: dest,
      targetSubnet: target,
      span: r.src.positionOf('DestinationCidr', dest),
    });
  }
}

/** describe-client-vpn-authorization-rules (revoked ones are left out). */
export function mapClientVpnAuthorizationRules(c: DescribeContext): void {
  for (const r of c.recs('AuthorizationRules')) {
    if (['revoking', 'failed'].includes(statusOf(r.item))) continue;
    const e = ownerOf(c, r, 'AuthorizationRules');
    const dest = str(r.item, 'DestinationCidr');
    if (!e || !dest) continue;
    const group = bool(r.item, 'AccessAll') === true ? undefined : str(r.item, 'GroupId') || undefined;
    const description = str(r.item, 'Description') || undefined;
    e.authorizationRules.push({
      destination: dest,
      ...(group ? { group } : {}),
      ...(description ? { description } : {}),
      span: r.src.positionOf('DestinationCidr', dest),
    });
  }
}
