/**
 * Compile transit gateways and the hybrid edge (B10, B16) once per network: attachments with their AZ subnets,
 * associations and route tables (associations/transit-gateway.ts decides associations and propagations,
 * associations/tgw-routes.ts the routes in effect; route-table.ts applies TGW-3 priority), virtual private gateways
 * with what they learned (VPN-5), VPN connections and the declared on-premises networks (ONPREM-1). Also the routes a
 * VGW propagates into VPC route tables (VPN-3, VPN-4) for compile.ts to add before compiling those tables.
 */
import { IntervalLpm } from '../../net/lpm.js';
import { tryAddr, type Addr } from '../../net/addr.js';
import { formatPrefix, tryCidr, type Prefix } from '../../net/prefix.js';
import type { Network, Route } from '../../model/network.js';
import { resolveTgwAssociations } from '../../associations/transit-gateway.js';
import { tgwRouteSources } from '../../associations/tgw-routes.js';
import { vgwLearnedRoutes } from '../../associations/vpn-routes.js';
import type { CSubnet, CVpc } from '../compiled.js';
import type { CompiledFirewall } from '../firewall/index.js';
import { compileTgwRoutes } from './route-table.js';
import type {
  CDxGateway,
  CLearned,
  COnPremises,
  CompiledTransit,
  CTgwAttachment,
  CTransitGateway,
  CVgw,
  CVpnConnection,
} from './compiled.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Index by id and awsId. */
function lookup<T>(
  xs: readonly { id: string; awsId?: string | undefined }[],
  f: (id: string) => T | undefined,
) {
  const m = new Map<string, T>();
  for (const x of xs) {
    const v = f(x.id);
    if (v === undefined) continue;
    m.set(x.id, v);
    if (x.awsId !== undefined && !m.has(x.awsId)) m.set(x.awsId, v);
  }
  return m;
}

export function compileTransit(
  net: Network,
  vpcs: ReadonlyMap<string, CVpc>,
  subnets: ReadonlyMap<string, CSubnet>,
  firewalls: ReadonlyMap<string, CompiledFirewall | undefined> = new Map(),
): CompiledTransit {
  const vpns = new Map<string, CVpnConnection>();
  for (const v of net.vpnConnections ?? []) {
    const c: CVpnConnection = {
      id: v.id,
      up: v.state !== 'down',
      routing: v.routing,
      vgw: v.vpnGateway,
      tgw: v.transitGateway,
    };
    vpns.set(v.id, c);
    if (v.awsId !== undefined) vpns.set(v.awsId, c);
  }
  const onPremises: COnPremises[] = (net.onPremisesNetworks ?? []).map((o) => ({
    id: o.id,
    cidrs: o.cidrs.map(tryCidr).filter((p): p is Prefix => p !== null),
    via: o.via,
    hosts: new Map(
      Object.entries(o.hosts ?? {})
        .map(([k, a]) => [k, tryAddr(a)] as const)
        .filter((x): x is readonly [string, Addr] => x[1] !== null),
    ),
  }));
  const onPremByAddress = new IntervalLpm(
    onPremises.flatMap((o) => o.cidrs.map((prefix) => ({ prefix, value: o }))),
  );
  const vgws = new Map<string, CVgw>();
  for (const g of net.virtualPrivateGateways) {
    const seen = new Set<string>();
    const learnedList: CLearned[] = [];
    for (const l of vgwLearnedRoutes(net, g.id, g.awsId)) {
      const key = formatPrefix(l.dest);
      if (seen.has(key)) continue; // VPN-5: the best route per prefix
      seen.add(key);
      learnedList.push({
        dest: l.dest,
        origin: l.origin,
        via: l.via,
        text: `${key} via ${l.via} (${l.origin})`,
      });
    }
    const down = vgwLearnedRoutes(net, g.id, g.awsId, true).map((l) => ({
      dest: l.dest,
      origin: l.origin,
      via: l.via,
      text: `${formatPrefix(l.dest)} via ${l.via} (${l.origin}, down)`,
    }));
    const c: CVgw = {
      id: g.id,
      vpc: g.vpc !== undefined ? vpcs.get(g.vpc) : undefined,
      learned: new IntervalLpm(learnedList.map((l) => ({ prefix: l.dest, value: l }))),
      learnedList,
      down,
      edges:
        (net.vpnConnections ?? []).filter(
          (v) => v.vpnGateway === g.id || (g.awsId !== undefined && v.vpnGateway === g.awsId),
        ).length +
        (net.directConnectGateways ?? []).filter((d) =>
          (d.gateways ?? []).some((x) => x === g.id || x === g.awsId),
        ).length,
      routeTable: undefined,
    };
    vgws.set(g.id, c);
    if (g.awsId !== undefined) vgws.set(g.awsId, c);
  }
  const { tgws, attachments } = compileTgws(net, vpcs, subnets, vpns, firewalls);
  const dxgws = new Map<string, CDxGateway>();
  for (const d of net.directConnectGateways ?? []) {
    const c: CDxGateway = {
      id: d.id,
      vgws: (d.gateways ?? []).map((g) => vgws.get(g)).filter((g): g is CVgw => g !== undefined),
      attachments: [...new Set(attachments.values())].filter(
        (a) =>
          a.kind === 'direct-connect-gateway' &&
          (a.directConnectGateway === d.id || a.directConnectGateway === d.awsId),
      ),
    };
    dxgws.set(d.id, c);
    if (d.awsId !== undefined) dxgws.set(d.awsId, c);
  }
  return { tgws, attachments, vgws, vpns, dxgws, onPremises, onPremByAddress };
}

function compileTgws(
  net: Network,
  vpcs: ReadonlyMap<string, CVpc>,
  subnets: ReadonlyMap<string, CSubnet>,
  vpns: ReadonlyMap<string, CVpnConnection>,
  firewalls: ReadonlyMap<string, CompiledFirewall | undefined>,
): Pick<CompiledTransit, 'tgws' | 'attachments'> {
  const fwModels = new Map(net.firewalls.flatMap((f) => [[f.id, f] as const, [f.awsId ?? f.id, f] as const]));
  const tgwa = resolveTgwAssociations(net);
  const models = net.transitGateways ?? [];
  const tgwOf = lookup(models, (id) => id);
  const tgws = new Map<string, Mutable<CTransitGateway> & { attachments: CTgwAttachment[] }>();
  for (const g of models)
    tgws.set(g.id, { id: g.id, region: g.region, attachments: [], byVpc: new Map(), tables: new Map() });
  const attachments = new Map<string, CTgwAttachment>();
  for (const a of net.transitGatewayAttachments ?? []) {
    const g = tgws.get(tgwOf.get(a.transitGateway) ?? '');
    if (!g) continue;
    const vpc = a.vpc !== undefined ? vpcs.get(a.vpc) : undefined;
    const subnetByAz = new Map<string, CSubnet>();
    for (const s of a.subnets ?? []) {
      const c = subnets.get(s) ?? [...subnets.values()].find((x) => x.id === s);
      if (c && !subnetByAz.has(c.az)) subnetByAz.set(c.az, c); // TGW-8: one per AZ (validation reports more)
    }
    const state = a.state ?? 'available';
    // TGW-15: a network function attachment carries its firewall; its AZs are the firewall's endpoints'.
    const fwModel = a.kind === 'network-function' ? fwModels.get(a.firewall ?? '') : undefined;
    const firewall =
      fwModel !== undefined ? { id: fwModel.id, compiled: firewalls.get(fwModel.id) } : undefined;
    const c: CTgwAttachment = {
      id: a.id,
      kind: a.kind,
      tgw: g,
      state,
      available: state === 'available',
      vpc,
      subnetByAz,
      // A firewall's AZs: its AvailabilityZoneMappings, else the AZs of its endpoints' subnets (native YAML).
      azs: fwModel
        ? [
            ...new Set(
              fwModel.availabilityZones ?? fwModel.endpoints.flatMap((e) => subnets.get(e.subnet)?.az ?? []),
            ),
          ].sort()
        : [...subnetByAz.keys()].sort(),
      firewall,
      applianceMode: a.kind === 'network-function' || a.applianceMode === true,
      // V6-11: a VPC attachment carries IPv6 only with Ipv6Support; VPN, DX, peering (TGW-14) and network
      // function attachments are not limited by the option.
      ipv6Support: a.kind !== 'vpc' || a.ipv6Support === true,
      table: undefined,
      associationVia: undefined,
      vpn: a.vpnConnection !== undefined ? vpns.get(a.vpnConnection) : undefined,
      directConnectGateway: a.directConnectGateway,
      peer: undefined,
      unsupported:
        a.kind === 'connect'
          ? `Connect attachment ${a.id} (GRE/BGP to an appliance, TGW-13) is not modelled`
          : a.kind === 'network-function' && !firewall
            ? `network function attachment ${a.id} names firewall ${a.firewall ?? '(none)'}, which the input does not contain (TGW-15)`
            : undefined,
    };
    attachments.set(a.id, c);
    if (a.awsId !== undefined) attachments.set(a.awsId, c);
    g.attachments.push(c);
    if (vpc && !g.byVpc.has(vpc.id)) (g.byVpc as Map<string, CTgwAttachment>).set(vpc.id, c);
  }
  // Peering (TGW-14): the attachment of the other gateway that peers back to this one.
  for (const a of net.transitGatewayAttachments ?? []) {
    const c = attachments.get(a.id);
    if (!c || a.kind !== 'peering' || a.peerTransitGateway === undefined) continue;
    const peerGw = tgws.get(tgwOf.get(a.peerTransitGateway) ?? '');
    c.peer = peerGw?.attachments.find(
      (x) =>
        x.kind === 'peering' &&
        (net.transitGatewayAttachments ?? []).some(
          (m) => m.id === x.id && tgwOf.get(m.peerTransitGateway ?? '') === c.tgw.id,
        ),
    );
  }
  for (const [id, t] of tgwa.tables) {
    const g = tgws.get(tgwOf.get(t.transitGateway) ?? '');
    if (!g) continue;
    const table = compileTgwRoutes(
      id,
      tgwRouteSources(net, tgwa, id).map((s) => ({
        dest: s.dest,
        attachment:
          s.attachment === null || s.blackholeReason !== undefined
            ? null
            : (attachments.get(s.attachment) ?? null),
        origin: s.origin,
        destText: s.destText,
      })),
    );
    // ONPREM-1: BGP prefixes nobody declared make the table's content partly unknown (the walk says so).
    table.unknownLearned = (tgwa.propagationsOf.get(id) ?? []).filter((att) => unknownBgp(net, att));
    (g.tables as Map<string, typeof table>).set(id, table);
    if (t.awsId !== undefined) (g.tables as Map<string, typeof table>).set(t.awsId, table);
  }
  for (const [att, a] of tgwa.associationOf) {
    const c = attachments.get(att);
    if (!c) continue;
    c.table = c.tgw.tables.get(a.table);
    c.associationVia = a.via;
  }
  const out = new Map<string, CTransitGateway>();
  for (const g of models) {
    const c = tgws.get(g.id);
    if (!c) continue;
    out.set(g.id, c);
    if (g.awsId !== undefined) out.set(g.awsId, c);
  }
  return { tgws: out, attachments };
}

/**
 * VPN-3: the routes a VGW propagates into each route table that enables propagation from it, as model routes
 * (`origin: 'propagated'`) for compile.ts to add to the table before compiling it.
 */
export function vgwPropagatedRoutes(net: Network, transit: CompiledTransit): Map<string, Route[]> {
  const out = new Map<string, Route[]>();
  for (const rt of net.routeTables) {
    const routes: Route[] = [];
    for (const g of rt.propagatingGateways ?? []) {
      const vgw = transit.vgws.get(g);
      if (!vgw) continue;
      for (const l of vgw.learnedList)
        routes.push({
          destination: formatPrefix(l.dest),
          target: { kind: 'virtual-private-gateway', id: vgw.id },
          origin: 'propagated',
          caveat: undefined,
        });
    }
    if (routes.length > 0) out.set(rt.id, routes);
  }
  return out;
}

/** A BGP VPN or DX attachment whose learned prefixes the input does not give (TGW-18, ONPREM-1). */
function unknownBgp(net: Network, attId: string): boolean {
  const a = (net.transitGatewayAttachments ?? []).find((x) => x.id === attId || x.awsId === attId);
  if (a?.kind === 'vpn') {
    const v = (net.vpnConnections ?? []).find((x) => x.id === a.vpnConnection || x.awsId === a.vpnConnection);
    return (
      v !== undefined &&
      v.routing === 'bgp' &&
      v.state !== 'down' &&
      v.bgpPrefixes === undefined &&
      !(net.onPremisesNetworks ?? []).some((o) => o.via === v.id || o.via === v.awsId)
    );
  }
  if (a?.kind === 'direct-connect-gateway') {
    const d = (net.directConnectGateways ?? []).find(
      (x) => x.id === a.directConnectGateway || x.awsId === a.directConnectGateway,
    );
    return (
      d !== undefined &&
      d.bgpPrefixes === undefined &&
      !(net.onPremisesNetworks ?? []).some((o) => o.via === d.id || o.via === d.awsId)
    );
  }
  return false;
}
