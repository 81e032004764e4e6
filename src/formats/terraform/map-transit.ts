/**
 * Terraform mappers of transit gateways and the hybrid edge (aws-semantics.md B10, B16): aws_ec2_transit_gateway,
 * _vpc_attachment (+ _accepter), _route_table, _route_table_association, _route_table_propagation, _route,
 * _prefix_list_reference, _peering_attachment (+ _accepter); aws_customer_gateway, aws_vpn_connection (+ _route),
 * aws_dx_gateway and aws_dx_gateway_association.
 *
 * Deploy-time values: a VPN connection on a transit gateway gets its VPN attachment as `<vpn address>:attachment`
 * (the `transit_gateway_attachment_id` AWS assigns, module-eval.ts gives references to it that form); a Direct
 * Connect gateway associated with a transit gateway gets its attachment as `<association address>:attachment`; the
 * gateway's default route table is `<tgw address>:default-rtb` (associations/transit-gateway.ts implies it), each
 * marked assumed in its name. Attachments default to AWS's defaults: default association and propagation on unless
 * set false (TGW-16), appliance mode off (TGW-5).
 */
import type { TgwAttachment } from '../../model/transit-gateway.js';
import type { DraftOf } from '../build/drafts.js';
import { bool, nameOf, str, type MapInstance, type TfMapContext } from './map-context.js';
import { numOf } from './map-rules.js';
import type { TypeMapper } from './mapper.js';
import type { TfValue } from './value.js';

const DEFAULT_RTB = ':default-rtb';
const strs = (v: TfValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
/** `enable` / `disable` (the TGW arguments' spelling) or a boolean. */
const enabled = (v: TfValue | undefined): boolean | undefined =>
  v === 'enable' ? true : v === 'disable' ? false : bool(v);

/** The transit gateway a resource names; reported when it is not in the configuration. */
function tgwOf(c: TfMapContext, i: MapInstance, attr = 'transit_gateway_id'): string | undefined {
  const t = c.ref(i.attrs[attr]);
  if (t && c.b.has('transitGateways', t)) return t;
  c.unresolved(i, attr, i.attrs[attr]);
  return undefined;
}

const transitGateway: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      c.b.add('transitGateways', {
        id: i.address,
        name: nameOf(a),
        awsId: str(a['id']) !== i.address ? str(a['id']) : undefined,
        span: i.span,
        region: c.opts.region,
        defaultRouteTableAssociation: enabled(a['default_route_table_association']),
        defaultRouteTablePropagation: enabled(a['default_route_table_propagation']),
        vpnEcmpSupport: enabled(a['vpn_ecmp_support']),
      });
    }
  },
};

function attachmentBase(
  i: MapInstance,
  tgw: string,
  kind: TgwAttachment['kind'],
): Pick<TgwAttachment, 'id' | 'name' | 'span' | 'transitGateway' | 'kind'> {
  return { id: i.address, name: nameOf(i.attrs), span: i.span, transitGateway: tgw, kind };
}

const vpcAttachment: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      const tgw = tgwOf(c, i);
      const vpc = tgw ? c.needVpc(i) : undefined;
      if (!tgw || !vpc) continue;
      c.b.add('transitGatewayAttachments', {
        ...attachmentBase(i, tgw, 'vpc'),
        vpc: vpc.id,
        subnets: strs(a['subnet_ids']).map((s) => c.ref(s) ?? s),
        applianceMode: enabled(a['appliance_mode_support']),
        ipv6Support: enabled(a['ipv6_support']),
        defaultAssociation: bool(a['transit_gateway_default_route_table_association']),
        defaultPropagation: bool(a['transit_gateway_default_route_table_propagation']),
      });
    }
  },
};

const peeringAttachment: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const tgw = tgwOf(c, i);
      if (!tgw) continue;
      const peer = c.ref(i.attrs['peer_transit_gateway_id']);
      c.b.add('transitGatewayAttachments', {
        ...attachmentBase(i, tgw, 'peering'),
        peerTransitGateway: peer,
        // TGW-14: the accepter side is an attachment of the peer gateway; without one in the input it is pending.
        state: c
          .of('aws_ec2_transit_gateway_peering_attachment_accepter')
          .some((x) => c.ref(x.attrs['transit_gateway_attachment_id']) === i.address)
          ? 'available'
          : 'pendingAcceptance',
      });
      if (peer && c.b.has('transitGateways', peer))
        c.b.add('transitGatewayAttachments', {
          id: `${i.address}:accepter`,
          name: `${i.address} (peer side)`,
          span: i.span,
          transitGateway: peer,
          kind: 'peering',
          peerTransitGateway: tgw,
        });
    }
  },
};

const routeTable: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const tgw = tgwOf(c, i);
      if (!tgw) continue;
      c.b.add('transitGatewayRouteTables', {
        id: i.address,
        name: nameOf(i.attrs),
        span: i.span,
        transitGateway: tgw,
        routes: [],
        associations: [],
        propagations: [],
      });
    }
  },
};

/**
 * The TGW route table a resource names; `<tgw>:default-rtb` (the gateway's `association_default_route_table_id`)
 * is the default table AWS creates with the gateway (TGW-16), made explicit when first named.
 */
function tableOf(c: TfMapContext, i: MapInstance): DraftOf<'transitGatewayRouteTables'> | undefined {
  const id = c.ref(i.attrs['transit_gateway_route_table_id']);
  const t = c.b.get('transitGatewayRouteTables', id);
  if (t) return t;
  const tgw = id?.endsWith(DEFAULT_RTB) === true ? id.slice(0, -DEFAULT_RTB.length) : undefined;
  if (id !== undefined && tgw !== undefined && c.b.has('transitGateways', tgw))
    return c.b.add('transitGatewayRouteTables', {
      id,
      name: `${tgw} default route table (assumed id)`,
      transitGateway: tgw,
      routes: [],
      isDefault: true,
      span: c.b.get('transitGateways', tgw)?.span,
    });
  c.unresolved(i, 'transit_gateway_route_table_id', i.attrs['transit_gateway_route_table_id']);
  return undefined;
}

function listAppend(field: 'associations' | 'propagations'): TypeMapper {
  return {
    attach(c, list) {
      for (const i of list) {
        const t = tableOf(c, i);
        const att = c.ref(i.attrs['transit_gateway_attachment_id']);
        if (!t || !att) continue;
        t[field] = [...(t[field] ?? []), att];
      }
    },
  };
}

const tgwRoute: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const t = tableOf(c, i);
      if (!t) continue;
      const blackhole = bool(i.attrs['blackhole']) === true;
      const pl = c.ref(i.attrs['prefix_list_id']);
      t.routes = [
        ...t.routes,
        {
          destination: pl === undefined ? str(i.attrs['destination_cidr_block']) : undefined,
          destinationPrefixList: pl,
          attachment: blackhole ? undefined : c.ref(i.attrs['transit_gateway_attachment_id']),
          blackhole: blackhole || undefined,
          span: i.span,
        },
      ];
    }
  },
};

const customerGateway: TypeMapper = {
  create(c, list) {
    for (const i of list)
      c.b.add('customerGateways', {
        id: i.address,
        name: nameOf(i.attrs),
        span: i.span,
        ipAddress: str(i.attrs['ip_address']),
        bgpAsn: numOf(i.attrs['bgp_asn']),
      });
  },
};

const vpnConnection: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      const vgw = c.ref(a['vpn_gateway_id']);
      const tgw = c.ref(a['transit_gateway_id']);
      c.b.add('vpnConnections', {
        id: i.address,
        name: nameOf(a),
        span: i.span,
        customerGateway: c.ref(a['customer_gateway_id']),
        vpnGateway: vgw,
        transitGateway: tgw,
        routing: bool(a['static_routes_only']) === true ? 'static' : 'bgp',
        staticRoutes: [],
      });
      // VPN-9: a VPN connection on a transit gateway is carried by a VPN attachment AWS creates with it.
      if (tgw && c.b.has('transitGateways', tgw))
        c.b.add('transitGatewayAttachments', {
          id: `${i.address}:attachment`,
          awsId: str(a['transit_gateway_attachment_id']),
          name: `${i.address} VPN attachment (assumed id)`,
          span: i.span,
          transitGateway: tgw,
          kind: 'vpn',
          vpnConnection: i.address,
        });
    }
  },
};

const vpnRoute: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const v = c.b.get('vpnConnections', c.ref(i.attrs['vpn_connection_id']));
      const cidr = str(i.attrs['destination_cidr_block']);
      if (!v) c.unresolved(i, 'vpn_connection_id', i.attrs['vpn_connection_id']);
      else if (cidr) v.staticRoutes = [...(v.staticRoutes ?? []), cidr];
    }
  },
};

const dxGateway: TypeMapper = {
  create(c, list) {
    for (const i of list)
      c.b.add('directConnectGateways', {
        id: i.address,
        name: nameOf(i.attrs),
        span: i.span,
        amazonSideAsn: numOf(i.attrs['amazon_side_asn']),
        gateways: [],
      });
  },
};

const dxAssociation: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const dx = c.b.get('directConnectGateways', c.ref(i.attrs['dx_gateway_id']));
      const gw = c.ref(i.attrs['associated_gateway_id'] ?? i.attrs['vpn_gateway_id']);
      if (!dx || !gw) {
        c.unresolved(i, 'dx_gateway_id/associated_gateway_id', i.attrs['dx_gateway_id']);
        continue;
      }
      dx.gateways = [...(dx.gateways ?? []), gw];
      const allowed = strs(i.attrs['allowed_prefixes']);
      if (allowed.length > 0) dx.allowedPrefixes = [...(dx.allowedPrefixes ?? []), ...allowed];
      // DX-1: associated with a transit gateway, AWS creates a Direct Connect gateway attachment on it.
      if (c.b.has('transitGateways', gw))
        c.b.add('transitGatewayAttachments', {
          id: `${i.address}:attachment`,
          name: `${i.address} Direct Connect gateway attachment (assumed id)`,
          span: i.span,
          transitGateway: gw,
          kind: 'direct-connect-gateway',
          directConnectGateway: dx.id,
        });
    }
  },
};

export const TRANSIT_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_ec2_transit_gateway: transitGateway,
  aws_customer_gateway: customerGateway,
  aws_vpn_connection: vpnConnection,
  aws_dx_gateway: dxGateway,
  aws_ec2_transit_gateway_vpc_attachment: vpcAttachment,
  aws_ec2_transit_gateway_peering_attachment: peeringAttachment,
  aws_ec2_transit_gateway_peering_attachment_accepter: {},
  aws_ec2_transit_gateway_vpc_attachment_accepter: {},
  aws_ec2_transit_gateway_route_table: routeTable,
  aws_dx_gateway_association: dxAssociation,
  aws_ec2_transit_gateway_route_table_association: listAppend('associations'),
  aws_ec2_transit_gateway_route_table_propagation: listAppend('propagations'),
  aws_ec2_transit_gateway_route: tgwRoute,
  aws_ec2_transit_gateway_prefix_list_reference: tgwRoute,
  aws_vpn_connection_route: vpnRoute,
};
