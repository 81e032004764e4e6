/**
 * Native mappers of the VPC fabric: the VPC itself with its internet gateway (IGW-1; the edge association of RT-11
 * comes from a route table's `edge`), subnets, route tables and their routes (targets resolved by name, their kind
 * decided by the one route-target table, formats/build/route-targets.ts), peerings, prefix lists and the
 * resources the document declares as unsupported.
 */
import { error, type Span } from '../../diag/diagnostic.js';
import type { Route, RouteTarget } from '../../model/network.js';
import { notModelledCaveat, routeTargetKind } from '../build/route-targets.js';
import type { NativeContext, VpcScope } from './context.js';
import { obj } from './names.js';
import { mapVirtualPrivateGateway } from './map-transit.js';

export function mapVpc(c: NativeContext, scope: VpcScope): void {
  const { name, v, raw } = scope;
  const rawVpcs = obj(c.raw.vpcs);
  const cidrs = v.cidrs ?? (v.cidr !== undefined ? [v.cidr] : []);
  if (cidrs.length === 0)
    c.b.diags.push(
      error(
        'VPC_NO_CIDR',
        `VPC ${name} needs "cidr" or "cidrs"; AWS requires an IPv4 CIDR block`,
        c.spans.keySpan(rawVpcs, name),
        { resource: name },
      ),
    );
  c.b.add('vpcs', {
    id: name,
    awsId: v.id,
    cidrs,
    ipv6Cidrs: v.ipv6Cidrs ?? (v.ipv6Cidr !== undefined ? [v.ipv6Cidr] : undefined),
    region: v.region ?? c.doc.region,
    accountId: v.account ?? c.doc.account,
    mainRouteTable: Object.entries(v.routeTables ?? {}).find(([, t]) => t.main === true)?.[0],
    defaultNetworkAcl: Object.entries(v.networkAcls ?? {}).find(([, a]) => a.default === true)?.[0],
    defaultSecurityGroup: Object.entries(v.securityGroups ?? {}).find(([, g]) => g.default === true)?.[0],
    ...(v.enableDnsSupport === false ? { enableDnsSupport: false } : {}),
    span: c.spans.keySpan(rawVpcs, name),
    spans: {
      cidr: c.spans.valueSpan(raw, v.cidr !== undefined ? 'cidr' : 'cidrs') ?? {
        file: c.file,
        line: 0,
        col: 0,
      },
    },
  });
  mapInternetGateway(c, scope);
  const eg = v.egressOnlyInternetGateway;
  if (eg !== undefined)
    c.b.add('egressOnlyInternetGateways', {
      id: typeof eg === 'string' ? eg : eg.name,
      awsId: typeof eg === 'string' ? undefined : eg.id,
      vpc: typeof eg === 'string' || eg.attached !== false ? name : undefined,
      span: c.spans.valueSpan(raw, 'egressOnlyInternetGateway'),
    });
}

/** The internet and virtual private gateways (IGW-1, VPN-1) and their edge route tables (RT-11, from `edge`). */
function mapInternetGateway(c: NativeContext, scope: VpcScope): void {
  const { name, v, raw } = scope;
  const edgeOf = new Map<string, string>();
  for (const [rtName, rt] of Object.entries(v.routeTables ?? {})) {
    const edges = rt.edge === undefined ? [] : Array.isArray(rt.edge) ? rt.edge : [rt.edge];
    const rrt = obj(obj(raw.routeTables)[rtName]);
    for (const g of edges) {
      const gw = c.names.ref(
        g,
        ['internet-gateway', 'virtual-private-gateway'],
        c.spans.valueSpan(rrt, 'edge'),
        'edge association gateway',
      );
      if (!gw) continue;
      if (edgeOf.has(g))
        c.b.diags.push(
          error(
            'GATEWAY_ROUTE_TABLE_DUPLICATE',
            `${gw.kind === 'internet-gateway' ? 'internet' : 'virtual private'} gateway ${g} is already edge-associated with ${edgeOf.get(g) ?? ''}; a gateway has one edge route table (RT-11)`,
            c.spans.valueSpan(rrt, 'edge'),
            { resource: rtName },
          ),
        );
      else edgeOf.set(g, rtName);
    }
  }
  mapVirtualPrivateGateway(c, scope, edgeOf);
  const g = v.internetGateway;
  if (g === undefined) return;
  const gName = typeof g === 'string' ? g : g.name;
  const attached = typeof g === 'string' ? true : g.attached !== false;
  c.b.add('internetGateways', {
    id: gName,
    vpc: attached ? name : undefined,
    routeTable: edgeOf.get(gName) ?? (typeof g === 'string' ? undefined : g.routeTable),
    span: c.spans.valueSpan(raw, 'internetGateway'),
  });
}

export function mapSubnets(c: NativeContext, { name, v, raw }: VpcScope): void {
  const rSubnets = obj(raw.subnets);
  const region = v.region ?? c.doc.region;
  for (const [sName, s] of Object.entries(v.subnets ?? {})) {
    const rs = obj(rSubnets[sName]);
    if (s.routeTable !== undefined)
      c.names.ref(s.routeTable, ['route-table'], c.spans.valueSpan(rs, 'routeTable'), 'route table');
    if (s.networkAcl !== undefined)
      c.names.ref(s.networkAcl, ['network-acl'], c.spans.valueSpan(rs, 'networkAcl'), 'network ACL');
    c.b.add('subnets', {
      id: sName,
      awsId: s.id,
      vpc: name,
      cidr: s.cidr,
      ipv6Cidr: s.ipv6Cidr,
      enableDns64: s.dns64,
      az: s.az ?? (region ? `${region}a` : undefined),
      routeTable: s.routeTable,
      networkAcl: s.networkAcl,
      span: c.spans.keySpan(rSubnets, sName),
      spans: {
        cidr: c.spans.valueSpan(rs, 'cidr') ?? { file: c.file, line: 0, col: 0 },
        ...(s.ipv6Cidr !== undefined
          ? { ipv6Cidr: c.spans.valueSpan(rs, 'ipv6Cidr') ?? c.spans.keySpan(rSubnets, sName) }
          : {}),
      },
    });
  }
}

/** Route tables, after every VPC's resources exist (a route may name a target in another VPC, e.g. a peering). */
export function mapRouteTables(c: NativeContext, { name, v, raw }: VpcScope): void {
  const rRts = obj(raw.routeTables);
  for (const [rtName, rt] of Object.entries(v.routeTables ?? {})) {
    const rRoutes = obj(obj(rRts[rtName]).routes);
    const routes: Route[] = [];
    for (const [dest, tgt] of Object.entries(rt.routes ?? {})) {
      const isCidr = dest.includes('/');
      if (!isCidr)
        c.names.ref(dest, ['prefix-list'], c.spans.keySpan(rRoutes, dest), 'route destination prefix list');
      const targetName = typeof tgt === 'string' ? tgt : tgt.target;
      const target = routeTargetOf(c, targetName, c.spans.valueSpan(rRoutes, dest));
      if (!target) continue;
      const state = typeof tgt === 'string' ? undefined : tgt.state;
      const propagated = typeof tgt === 'string' ? false : tgt.propagated === true;
      routes.push({
        destination: isCidr ? dest : undefined,
        destinationPrefixList: isCidr ? undefined : dest,
        target: target.target,
        state: state ?? (target.blackhole ? 'blackhole' : undefined),
        origin: propagated ? 'propagated' : 'static',
        span: c.spans.keySpan(rRoutes, dest),
        ...(target.caveat !== undefined ? { caveat: target.caveat } : {}),
      });
    }
    c.b.add('routeTables', {
      id: rtName,
      awsId: rt.id,
      vpc: name,
      routes,
      main: rt.main,
      // VPN-3: `true` = the VPC's own virtual private gateway (`vgw` when the file declares none).
      propagatingGateways:
        rt.propagation === true
          ? [vgwName(v.virtualPrivateGateway) ?? 'vgw']
          : Array.isArray(rt.propagation)
            ? rt.propagation
            : undefined,
      span: c.spans.keySpan(rRts, rtName),
    });
  }
}

function vgwName(g: VpcScope['v']['virtualPrivateGateway']): string | undefined {
  return g === undefined ? undefined : typeof g === 'string' ? g : g.name;
}

/** The target a route names: `local`, `blackhole`, or a resource of the file (RT-3). */
function routeTargetOf(
  c: NativeContext,
  targetName: string,
  at: Span | undefined,
): { target: RouteTarget; blackhole: boolean; caveat?: string | undefined } | undefined {
  if (targetName === 'local') return { target: { kind: 'local' }, blackhole: false };
  if (targetName === 'blackhole') return { target: { kind: 'unknown', id: 'blackhole' }, blackhole: true };
  const e = c.names.ref(
    targetName,
    [
      'internet-gateway',
      'egress-only-internet-gateway',
      'nat-gateway',
      'instance',
      'network-interface',
      'peering',
      'firewall',
      'vpc-endpoint',
      'transit-gateway',
      'virtual-private-gateway',
      'unsupported',
    ],
    at,
    'route target',
  );
  if (!e) return undefined;
  const fw = c.b.get('firewalls', targetName);
  if (fw) {
    // A route naming the firewall itself: its one endpoint (NFW-1); with several, the route must name one.
    const only = fw.endpoints.length === 1 ? fw.endpoints[0] : undefined;
    if (!only) {
      c.b.diags.push(
        error(
          'FIREWALL_ENDPOINT_AMBIGUOUS',
          `firewall ${targetName} has ${fw.endpoints.length} endpoints; name one (${fw.endpoints.map((x) => x.id).join(', ')})`,
          at,
          { resource: targetName },
        ),
      );
      return undefined;
    }
    return { target: { kind: 'firewall-endpoint', id: only.id }, blackhole: false };
  }
  const kind = routeTargetKind(targetName, c.b.targetKind(targetName), 'unknown');
  const caveat = notModelledCaveat(targetName, kind, e.kind === 'unsupported' ? e.type : undefined);
  return { target: { kind, id: targetName }, blackhole: false, caveat };
}

export function mapPeerings(c: NativeContext): void {
  const rPeerings = obj(c.raw.peerings);
  for (const [pName, p] of Object.entries(c.doc.peerings ?? {})) {
    const rp = obj(rPeerings[pName]);
    c.names.ref(p.between[0], ['vpc'], c.spans.valueSpan(obj(rp.between), 0), 'peered VPC');
    c.names.ref(p.between[1], ['vpc'], c.spans.valueSpan(obj(rp.between), 1), 'peered VPC');
    c.b.add('peerings', {
      id: pName,
      awsId: p.id,
      requesterVpc: p.between[0],
      accepterVpc: p.between[1],
      state: p.state,
      span: c.spans.keySpan(rPeerings, pName),
    });
  }
}

export function mapPrefixLists(c: NativeContext): void {
  for (const [plName, pl] of Object.entries(c.doc.prefixLists ?? {})) {
    c.b.add('prefixLists', {
      id: plName,
      awsId: pl.id,
      entries: pl.entries,
      maxEntries: pl.maxEntries,
      span: c.spans.keySpan(obj(c.raw.prefixLists), plName),
    });
  }
}

/** Elastic IPs whose owner is not in this file (attached by a launch template, a script …): never the internet. */
export function mapElasticIps(c: NativeContext): void {
  for (const [eName, e] of Object.entries(c.doc.elasticIps ?? {})) {
    c.b.add('elasticIps', {
      id: eName,
      publicIp: e.publicIp,
      unresolved: e.description,
      span: c.spans.keySpan(obj(c.raw.elasticIps), eName),
    });
  }
}

/** Resources the document declares as not modelled: listed and warned about once per type. */
export function mapUnsupported(c: NativeContext): void {
  for (const [uName, u] of Object.entries(c.doc.unsupported ?? {})) {
    c.b.unsupported({
      id: uName,
      type: u.type,
      reason: u.reason,
      span: c.spans.keySpan(obj(c.raw.unsupported), uName),
    });
  }
}
