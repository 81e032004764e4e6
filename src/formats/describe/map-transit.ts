/**
 * describe-* mappers of transit gateways and the hybrid edge (aws-semantics.md B10, B16): TransitGateways,
 * TransitGatewayAttachments (kind, state, association) with TransitGatewayVpcAttachments (subnets, appliance mode),
 * TransitGatewayRouteTables, TransitGatewayPropagations (per table, as get-transit-gateway-route-table-propagations
 * lists them, wrapped with the table id), TransitGatewayStaticRoutes (per table, search-transit-gateway-routes:
 * static, blackhole and propagated routes as AWS printed them), CustomerGateways and VpnConnections (static routes,
 * tunnel state). Every id is the AWS id. The attachments' associations and propagations are the ones listed: the
 * gateway's default association/propagation is not applied again (`defaultAssociation: false`).
 */
import type { TgwAttachmentKind, TgwAttachmentState, TgwRoute } from '../../model/transit-gateway.js';
import type { DraftOf } from '../build/drafts.js';
import type { DescribeContext, DescribeRecord } from './context.js';
import { warning } from '../../diag/diagnostic.js';
import { nameTable } from '../../model/name-table.js';
import { nameTag, num, obj, objs, str, strs } from '../json-source.js';

/** `ResourceType` of describe-transit-gateway-attachments (own names only: `nameTable`, issue 21 item 4). */
const KINDS: Readonly<Record<string, TgwAttachmentKind>> = nameTable({
  vpc: 'vpc',
  vpn: 'vpn',
  'direct-connect-gateway': 'direct-connect-gateway',
  peering: 'peering',
  'tgw-peering': 'peering',
  connect: 'connect',
  'network-function': 'network-function',
});
const STATES: readonly TgwAttachmentState[] = [
  'available',
  'pending',
  'pendingAcceptance',
  'modifying',
  'deleting',
  'deleted',
  'failed',
  'rejected',
];
const enabled = (v: string | undefined): boolean | undefined =>
  v === 'enable' ? true : v === 'disable' ? false : undefined;

export function mapTransitGateways(c: DescribeContext): void {
  for (const r of c.recs('TransitGateways')) {
    const id = str(r.item, 'TransitGatewayId');
    if (!id) {
      c.missing(r, 'TransitGateways', 'TransitGatewayId');
      continue;
    }
    if (['deleted', 'deleting'].includes(str(r.item, 'State') ?? '')) {
      c.gone.set(id, `transit gateway ${id} is ${str(r.item, 'State') ?? 'deleted'}`);
      continue;
    }
    if (!c.unique(id)) continue;
    const o = obj(r.item, 'Options');
    c.b.add('transitGateways', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'TransitGatewayId', id),
      region: r.region,
      accountId: str(r.item, 'OwnerId') ?? r.accountId,
      defaultRouteTableAssociation: enabled(str(o, 'DefaultRouteTableAssociation')),
      defaultRouteTablePropagation: enabled(str(o, 'DefaultRouteTablePropagation')),
      associationDefaultRouteTable: str(o, 'AssociationDefaultRouteTableId'),
      propagationDefaultRouteTable: str(o, 'PropagationDefaultRouteTableId'),
      vpnEcmpSupport: enabled(str(o, 'VpnEcmpSupport')),
    });
  }
}

/** An attachment's kind from its `ResourceType`; a name AWS does not return is reported and read as `connect`. */
function attachmentKind(c: DescribeContext, r: DescribeRecord): TgwAttachmentKind {
  const type = str(r.item, 'ResourceType');
  const kind = type !== undefined ? KINDS[type] : undefined;
  if (type !== undefined && kind === undefined)
    c.b.diags.push(
      warning(
        'DESCRIBE_UNKNOWN_VALUE',
        `transit gateway attachment ResourceType "${type}" is none of ${Object.keys(KINDS).join(', ')} (what describe-transit-gateway-attachments returns); read as connect`,
        r.src.positionOf('ResourceType', type),
        { resource: str(r.item, 'TransitGatewayAttachmentId') },
      ),
    );
  return kind ?? 'connect';
}

export function mapTransitGatewayAttachments(c: DescribeContext): void {
  const vpcDetails = new Map(
    c
      .recs('TransitGatewayVpcAttachments')
      .map((r) => [str(r.item, 'TransitGatewayAttachmentId') ?? '', r.item]),
  );
  for (const r of c.recs('TransitGatewayAttachments')) {
    const id = str(r.item, 'TransitGatewayAttachmentId');
    const tgw = str(r.item, 'TransitGatewayId');
    if (!id || !tgw) {
      c.missing(r, 'TransitGatewayAttachments', 'TransitGatewayAttachmentId/TransitGatewayId');
      continue;
    }
    const state = STATES.find((s) => s === str(r.item, 'State'));
    if (state === 'deleted') {
      c.gone.set(id, `transit gateway attachment ${id} is deleted`);
      continue;
    }
    const kind = attachmentKind(c, r);
    // TGW-14: a peering attachment has one id on both gateways; the second side is `<id>@<its gateway>`.
    const side = c.b.get('transitGatewayAttachments', id);
    if (side && (kind !== 'peering' || side.transitGateway === tgw)) continue;
    if (!side && !c.unique(id)) continue;
    const resource = str(r.item, 'ResourceId');
    const vpc = vpcDetails.get(id);
    c.b.add('transitGatewayAttachments', {
      id: side ? `${id}@${tgw}` : id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'TransitGatewayAttachmentId', id),
      transitGateway: tgw,
      kind,
      vpc: kind === 'vpc' ? resource : undefined,
      subnets: kind === 'vpc' ? strs(vpc, 'SubnetIds') : undefined,
      applianceMode: enabled(str(obj(vpc, 'Options'), 'ApplianceModeSupport')),
      ipv6Support: enabled(str(obj(vpc, 'Options'), 'Ipv6Support')),
      vpnConnection: kind === 'vpn' ? resource : undefined,
      directConnectGateway: kind === 'direct-connect-gateway' ? resource : undefined,
      peerTransitGateway: kind === 'peering' ? resource : undefined,
      state,
      accountId: str(r.item, 'ResourceOwnerId'),
      // The listed association and propagations are the actual ones (TGW-16 defaults already applied by AWS).
      defaultAssociation: false,
      defaultPropagation: false,
    });
  }
}

/**
 * describe-transit-gateway-peering-attachments: both sides of each peering (TGW-14), the requester's gateway under
 * the attachment id and the accepter's as `<id>@<its gateway>` — unless TransitGatewayAttachments already listed
 * a side (then only the other one is added). Their routes are static only (TGW-14), from the route tables.
 */
export function mapTransitGatewayPeeringAttachments(c: DescribeContext): void {
  for (const r of c.recs('TransitGatewayPeeringAttachments')) {
    const id = str(r.item, 'TransitGatewayAttachmentId');
    const req = obj(r.item, 'RequesterTgwInfo');
    const acc = obj(r.item, 'AccepterTgwInfo');
    const [a, b] = [str(req, 'TransitGatewayId'), str(acc, 'TransitGatewayId')];
    if (!id || !a || !b) {
      c.missing(
        r,
        'TransitGatewayPeeringAttachments',
        'TransitGatewayAttachmentId/…TgwInfo.TransitGatewayId',
      );
      continue;
    }
    const state = STATES.find((s) => s === str(r.item, 'State'));
    if (state === 'deleted') {
      c.gone.set(id, `transit gateway attachment ${id} is deleted`);
      continue;
    }
    for (const [tgw, peer, info] of [
      [a, b, req],
      [b, a, acc],
    ] as const) {
      const first = c.b.get('transitGatewayAttachments', id);
      if (first?.transitGateway === tgw || c.b.has('transitGatewayAttachments', `${id}@${tgw}`)) continue;
      if (!first) c.unique(id);
      c.b.add('transitGatewayAttachments', {
        id: first ? `${id}@${tgw}` : id,
        name: nameTag(r.item),
        span: c.spanOf(r, 'TransitGatewayAttachmentId', id),
        transitGateway: tgw,
        kind: 'peering',
        peerTransitGateway: peer,
        state,
        accountId: str(info, 'OwnerId'),
        defaultAssociation: false,
        defaultPropagation: false,
      });
    }
  }
}

/** The attachment `id` as seen from gateway `tgw` (the second side of a peering is `<id>@<tgw>`). */
function sideOf(c: DescribeContext, id: string, tgw: string): string {
  return c.b.has('transitGatewayAttachments', `${id}@${tgw}`) ? `${id}@${tgw}` : id;
}

/** Route tables, their associations (from the attachments), propagations and routes. */
export function mapTransitGatewayRouteTables(c: DescribeContext): void {
  const tables = new Map<string, DraftOf<'transitGatewayRouteTables'>>();
  for (const r of c.recs('TransitGatewayRouteTables')) {
    const id = str(r.item, 'TransitGatewayRouteTableId');
    const tgw = str(r.item, 'TransitGatewayId');
    if (!id || !tgw) {
      c.missing(r, 'TransitGatewayRouteTables', 'TransitGatewayRouteTableId/TransitGatewayId');
      continue;
    }
    if (['deleted', 'deleting'].includes(str(r.item, 'State') ?? '') || !c.unique(id)) continue;
    tables.set(
      id,
      c.b.add('transitGatewayRouteTables', {
        id,
        name: nameTag(r.item),
        span: c.spanOf(r, 'TransitGatewayRouteTableId', id),
        transitGateway: tgw,
        routes: [],
        associations: [],
        propagations: [],
        isDefault: r.item['DefaultAssociationRouteTable'] === true || undefined,
      }),
    );
  }
  for (const r of c.recs('TransitGatewayAttachments')) {
    const a = obj(r.item, 'Association');
    const t = tables.get(str(a, 'TransitGatewayRouteTableId') ?? '');
    const raw = str(r.item, 'TransitGatewayAttachmentId');
    if (t && raw && ['associated', 'associating'].includes(str(a, 'State') ?? '')) {
      const att = sideOf(c, raw, t.transitGateway);
      if (!(t.associations ?? []).includes(att)) t.associations = [...(t.associations ?? []), att];
    }
  }
  for (const r of c.recs('TransitGatewayPropagations')) {
    const t = tables.get(str(r.item, 'TransitGatewayRouteTableId') ?? '');
    if (!t) continue;
    for (const p of objs(r.item, 'TransitGatewayRouteTablePropagations')) {
      const att = str(p, 'TransitGatewayAttachmentId');
      if (att && str(p, 'State') !== 'disabled')
        t.propagations = [...(t.propagations ?? []), sideOf(c, att, t.transitGateway)];
    }
  }
  for (const r of c.recs('TransitGatewayStaticRoutes')) {
    const t = tables.get(str(r.item, 'TransitGatewayRouteTableId') ?? '');
    if (!t) continue;
    // Routes being deleted or still pending carry nothing (search-transit-gateway-routes lists them too).
    const routes = objs(r.item, 'Routes')
      .filter((x) => ['active', 'blackhole', undefined].includes(str(x, 'State')))
      .map((x) => routeOf(x, r.src.keyPosition('Routes')));
    t.routes = [
      ...t.routes,
      ...routes.map((x) =>
        x.attachment === undefined ? x : { ...x, attachment: sideOf(c, x.attachment, t.transitGateway) },
      ),
    ];
  }
}

function routeOf(x: Parameters<typeof str>[0], span: TgwRoute['span']): TgwRoute {
  const blackhole = str(x, 'State') === 'blackhole';
  const pl = str(x, 'PrefixListId');
  return {
    destination: pl === undefined ? str(x, 'DestinationCidrBlock') : undefined,
    destinationPrefixList: pl,
    attachment: blackhole
      ? undefined
      : str(objs(x, 'TransitGatewayAttachments')[0], 'TransitGatewayAttachmentId'),
    blackhole: blackhole || undefined,
    origin: str(x, 'Type') === 'propagated' ? 'propagated' : 'static',
    span,
  };
}

export function mapCustomerGateways(c: DescribeContext): void {
  for (const r of c.recs('CustomerGateways')) {
    const id = str(r.item, 'CustomerGatewayId');
    if (!id) {
      c.missing(r, 'CustomerGateways', 'CustomerGatewayId');
      continue;
    }
    if (str(r.item, 'State') === 'deleted' || !c.unique(id)) continue;
    const asn = str(r.item, 'BgpAsn') ?? num(r.item, 'BgpAsn');
    c.b.add('customerGateways', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'CustomerGatewayId', id),
      ipAddress: str(r.item, 'IpAddress'),
      bgpAsn: asn === undefined ? undefined : Number(asn),
    });
  }
}

export function mapVpnConnections(c: DescribeContext): void {
  for (const r of c.recs('VpnConnections')) {
    const id = str(r.item, 'VpnConnectionId');
    if (!id) {
      c.missing(r, 'VpnConnections', 'VpnConnectionId');
      continue;
    }
    if (['deleted', 'deleting'].includes(str(r.item, 'State') ?? '')) {
      c.gone.set(id, `VPN connection ${id} is ${str(r.item, 'State') ?? 'deleted'}`);
      continue;
    }
    if (!c.unique(id)) continue;
    const tunnels = objs(r.item, 'VgwTelemetry');
    c.b.add('vpnConnections', {
      id,
      name: nameTag(r.item),
      span: c.spanOf(r, 'VpnConnectionId', id),
      customerGateway: str(r.item, 'CustomerGatewayId'),
      vpnGateway: str(r.item, 'VpnGatewayId'),
      transitGateway: str(r.item, 'TransitGatewayId'),
      routing: obj(r.item, 'Options')?.['StaticRoutesOnly'] === true ? 'static' : 'bgp',
      staticRoutes: objs(r.item, 'Routes')
        .filter((x) => str(x, 'State') !== 'deleted')
        .map((x) => str(x, 'DestinationCidrBlock'))
        .filter((x): x is string => x !== undefined),
      // VPN-2: a connection with every tunnel down carries nothing; no telemetry = assumed up.
      state: tunnels.length > 0 && !tunnels.some((t) => str(t, 'Status') === 'UP') ? 'down' : 'up',
    });
  }
}
