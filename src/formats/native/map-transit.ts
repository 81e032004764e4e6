/**
 * Native mappers of transit gateways and the hybrid edge (aws-semantics.md B10, B16, ONPREM-1): a VPC's virtual
 * private gateway, transit gateways with their attachments and route tables, customer gateways, Site-to-Site VPN
 * connections, Direct Connect gateways and the on-premises networks declared behind them. Every reference is
 * resolved by name with its position; what each attachment kind needs is checked by validate/transit-gateway.ts.
 */
import type { Span } from '../../diag/diagnostic.js';
import type { TgwAttachment, TgwAttachmentKind, TgwRoute } from '../../model/transit-gateway.js';
import type { NativeContext, VpcScope } from './context.js';
import { obj } from './names.js';
import type { NativeTransitGateway } from './schema-transit.js';

/** The VPC's virtual private gateway (VPN-1), with its edge route table when one names it (RT-11). */
export function mapVirtualPrivateGateway(
  c: NativeContext,
  { name, v, raw }: VpcScope,
  edgeOf: ReadonlyMap<string, string>,
): void {
  const g = v.virtualPrivateGateway;
  if (g === undefined) return;
  const gName = typeof g === 'string' ? g : g.name;
  c.b.add('virtualPrivateGateways', {
    id: gName,
    awsId: typeof g === 'string' ? undefined : g.id,
    vpc: name,
    routeTable: edgeOf.get(gName),
    amazonSideAsn: typeof g === 'string' ? undefined : g.asn,
    span: c.spans.valueSpan(raw, 'virtualPrivateGateway'),
  });
}

type NativeAttachment = NonNullable<NativeTransitGateway['attachments']>[string];

/** Which kind an attachment is, by the one field that names what it attaches. */
function attachmentKind(a: NativeAttachment): TgwAttachmentKind {
  if (a.vpn !== undefined) return 'vpn';
  if (a.directConnectGateway !== undefined) return 'direct-connect-gateway';
  if (a.peer !== undefined) return 'peering';
  if (a.connect !== undefined) return 'connect';
  if (a.firewall !== undefined) return 'network-function';
  return 'vpc';
}

function mapAttachment(
  c: NativeContext,
  tgwName: string,
  attName: string,
  a: NativeAttachment,
  ra: Record<string, unknown>,
  span: Span | undefined,
): TgwAttachment {
  const at = (f: string): Span | undefined => c.spans.valueSpan(ra, f);
  if (a.vpc !== undefined) c.names.ref(a.vpc, ['vpc'], at('vpc'), 'attached VPC');
  (a.subnets ?? []).forEach((s, i) =>
    c.names.ref(s, ['subnet'], c.spans.valueSpan(obj(ra.subnets), i) ?? at('subnets'), 'attachment subnet'),
  );
  if (a.vpn !== undefined) c.names.ref(a.vpn, ['vpn-connection'], at('vpn'), 'VPN connection');
  if (a.directConnectGateway !== undefined)
    c.names.ref(
      a.directConnectGateway,
      ['direct-connect-gateway'],
      at('directConnectGateway'),
      'Direct Connect gateway',
    );
  if (a.peer !== undefined) c.names.ref(a.peer, ['transit-gateway'], at('peer'), 'peer transit gateway');
  if (a.connect !== undefined)
    c.names.ref(a.connect, ['transit-gateway-attachment'], at('connect'), 'Connect transport attachment');
  if (a.firewall !== undefined) c.names.ref(a.firewall, ['firewall'], at('firewall'), 'firewall');
  return {
    id: attName,
    awsId: a.id,
    transitGateway: tgwName,
    kind: attachmentKind(a),
    vpc: a.vpc,
    subnets: a.subnets,
    applianceMode: a.applianceMode,
    ipv6Support: a.ipv6Support,
    vpnConnection: a.vpn,
    directConnectGateway: a.directConnectGateway,
    peerTransitGateway: a.peer,
    transportAttachment: a.connect,
    firewall: a.firewall,
    state: a.state,
    accountId: a.account,
    span,
  };
}

/** Transit gateways, their attachments and route tables (TGW-2, TGW-16..21). */
export function mapTransitGateways(c: NativeContext): void {
  const rTgws = obj(c.raw.transitGateways);
  for (const [tgwName, t] of Object.entries(c.doc.transitGateways ?? {})) {
    const rt = obj(rTgws[tgwName]);
    const defaultTable = Object.entries(t.routeTables ?? {}).find(([, x]) => x.default === true)?.[0];
    c.b.add('transitGateways', {
      id: tgwName,
      awsId: t.id,
      region: t.region ?? c.doc.region,
      accountId: t.account ?? c.doc.account,
      defaultRouteTableAssociation: t.defaultAssociation,
      defaultRouteTablePropagation: t.defaultPropagation,
      associationDefaultRouteTable: defaultTable,
      propagationDefaultRouteTable: defaultTable,
      vpnEcmpSupport: t.vpnEcmp,
      sharedWith: t.sharedWith,
      span: c.spans.keySpan(rTgws, tgwName),
    });
    const rAtts = obj(rt.attachments);
    for (const [attName, a] of Object.entries(t.attachments ?? {}))
      c.b.add(
        'transitGatewayAttachments',
        mapAttachment(c, tgwName, attName, a, obj(rAtts[attName]), c.spans.keySpan(rAtts, attName)),
      );
    const rTables = obj(rt.routeTables);
    for (const [tName, table] of Object.entries(t.routeTables ?? {})) {
      const rTable = obj(rTables[tName]);
      const refs = (field: 'associations' | 'propagations'): void => {
        (table[field] ?? []).forEach((x, i) =>
          c.names.ref(
            x,
            ['transit-gateway-attachment'],
            c.spans.valueSpan(obj(rTable[field]), i),
            field === 'associations' ? 'associated attachment' : 'propagating attachment',
          ),
        );
      };
      refs('associations');
      refs('propagations');
      const rRoutes = obj(rTable.routes);
      const routes: TgwRoute[] = [];
      for (const [dest, target] of Object.entries(table.routes ?? {})) {
        const isCidr = dest.includes('/');
        const span = c.spans.keySpan(rRoutes, dest);
        if (!isCidr) c.names.ref(dest, ['prefix-list'], span, 'route destination prefix list');
        const blackhole = target === 'blackhole';
        if (!blackhole)
          c.names.ref(
            target,
            ['transit-gateway-attachment'],
            c.spans.valueSpan(rRoutes, dest),
            'transit gateway route target',
          );
        routes.push({
          destination: isCidr ? dest : undefined,
          destinationPrefixList: isCidr ? undefined : dest,
          attachment: blackhole ? undefined : target,
          blackhole: blackhole || undefined,
          span,
        });
      }
      c.b.add('transitGatewayRouteTables', {
        id: tName,
        awsId: table.id,
        transitGateway: tgwName,
        routes,
        associations: table.associations,
        propagations: table.propagations,
        isDefault: table.default,
        span: c.spans.keySpan(rTables, tName),
      });
    }
  }
}

/** Customer gateways, VPN connections, Direct Connect gateways and on-premises networks (B16, ONPREM-1). */
export function mapHybridEdge(c: NativeContext): void {
  const d = c.doc;
  const rCgws = obj(c.raw.customerGateways);
  for (const [n, g] of Object.entries(d.customerGateways ?? {}))
    c.b.add('customerGateways', {
      id: n,
      awsId: g.id,
      ipAddress: g.ip,
      bgpAsn: g.asn,
      span: c.spans.keySpan(rCgws, n),
    });
  const rVpns = obj(c.raw.vpnConnections);
  for (const [n, v] of Object.entries(d.vpnConnections ?? {})) {
    const rv = obj(rVpns[n]);
    if (v.customerGateway !== undefined)
      c.names.ref(
        v.customerGateway,
        ['customer-gateway'],
        c.spans.valueSpan(rv, 'customerGateway'),
        'customer gateway',
      );
    const gw = c.names.ref(
      v.gateway,
      ['virtual-private-gateway', 'transit-gateway'],
      c.spans.valueSpan(rv, 'gateway'),
      'VPN gateway',
    );
    c.b.add('vpnConnections', {
      id: n,
      awsId: v.id,
      customerGateway: v.customerGateway,
      vpnGateway: gw?.kind === 'virtual-private-gateway' ? v.gateway : undefined,
      transitGateway: gw?.kind === 'transit-gateway' ? v.gateway : undefined,
      routing: v.routing ?? 'bgp',
      staticRoutes: v.staticRoutes,
      bgpPrefixes: v.advertises,
      asPathLength: v.asPathLength,
      state: v.state,
      span: c.spans.keySpan(rVpns, n),
    });
  }
  const rDx = obj(c.raw.directConnectGateways);
  for (const [n, x] of Object.entries(d.directConnectGateways ?? {})) {
    const rx = obj(rDx[n]);
    (x.gateways ?? []).forEach((g, i) =>
      c.names.ref(
        g,
        ['virtual-private-gateway', 'transit-gateway'],
        c.spans.valueSpan(obj(rx.gateways), i),
        'Direct Connect gateway association',
      ),
    );
    c.b.add('directConnectGateways', {
      id: n,
      awsId: x.id,
      amazonSideAsn: x.asn,
      gateways: x.gateways,
      allowedPrefixes: x.allowedPrefixes,
      bgpPrefixes: x.advertises,
      span: c.spans.keySpan(rDx, n),
    });
  }
  const rOn = obj(c.raw.onPremises);
  for (const [n, o] of Object.entries(d.onPremises ?? {})) {
    c.names.ref(
      o.via,
      ['vpn-connection', 'direct-connect-gateway'],
      c.spans.valueSpan(obj(rOn[n]), 'via'),
      'on-premises edge',
    );
    c.b.add('onPremisesNetworks', {
      id: n,
      cidrs: o.cidrs,
      via: o.via,
      hosts: o.hosts,
      span: c.spans.keySpan(rOn, n),
    });
  }
}
