/**
 * The network as a diagram-neutral graph: nested clusters (region › VPC › AZ › subnet) holding nodes (instances,
 * ENIs, gateways, endpoints, one "router" node per subnet standing for its route table and network ACL), plus
 * light topology edges (routes, attachments, associations). DOT, Mermaid and the web page all draw this graph.
 *
 * Model: every node and cluster has a stable id derived from its kind and the resource id the input used
 * (`inst:app`, `subnet:Private`), so the same network always yields the same graph, sorted canonically.
 * Invariants: every `parent` names an existing cluster; every edge joins existing nodes; `resources` maps each
 * resource id (and AWS id) that has a picture to the node(s) that draw it.
 * Input it does not understand: references to resources that do not exist (a route to a missing NAT gateway, a
 * subnet of an unknown VPC) get an "external"/"unplaced" node or cluster named after the reference, never dropped;
 * validation reports them as errors separately.
 */
import type { Network, NetworkInterface, Route, RouteTarget, Subnet } from '../../model/network.js';
import { resolveAssociations, type Association } from '../../associations/resolve.js';
import { addTransitGateways } from './topology-transit.js';

export type ClusterKind = 'region' | 'vpc' | 'az' | 'subnet';

export type NodeKind =
  | 'internet'
  | 'internet-gateway'
  | 'virtual-private-gateway'
  | 'nat-gateway'
  | 'instance'
  | 'network-interface'
  | 'subnet-router'
  | 'firewall-endpoint'
  | 'gwlb-endpoint'
  | 'interface-endpoint'
  | 'gateway-endpoint'
  | 'vpc-peering'
  | 'transit-gateway'
  | 'client-vpn-endpoint'
  | 'client-vpn-eni'
  | 'vpn-client'
  | 'external';

export interface DiagramCluster {
  readonly id: string;
  readonly kind: ClusterKind;
  /** Lines of the label, first line is the title. */
  readonly label: readonly string[];
  readonly parent?: string | undefined;
  /** Model resource id (VPC, subnet) when the cluster is one. */
  readonly resource?: string | undefined;
}

export interface DiagramNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: readonly string[];
  readonly parent?: string | undefined;
  /** Model resource id the node draws. */
  readonly resource: string;
  /** Placement, for choosing among candidates when a hop is ambiguous. */
  readonly vpc?: string | undefined;
  readonly az?: string | undefined;
  readonly subnet?: string | undefined;
  /** Private (and public) addresses the node owns. */
  readonly ips: readonly string[];
}

export type TopologyEdgeKind = 'route' | 'attachment' | 'association';

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: TopologyEdgeKind;
  readonly label?: string | undefined;
}

export interface TopologyGraph {
  readonly clusters: readonly DiagramCluster[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly TopologyEdge[];
  /** Resource id (or AWS id) → node ids that draw it, sorted. */
  readonly resources: Readonly<Record<string, readonly string[]>>;
}

/** Code-unit order: the same on every machine and locale. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byId = <T extends { readonly id: string }>(a: T, b: T): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
const sorted = <T extends { readonly id: string }>(xs: readonly T[]): T[] => [...xs].sort(byId);

/** Region name used when a VPC does not say. */
export const UNKNOWN_REGION = '(region not given)';
/** AZ name used when a subnet does not say. */
export const UNKNOWN_AZ = '(AZ not given)';

export const INTERNET_NODE = 'internet';
/** The box listing resources the inputs hold that vpcsim does not model. */
export const UNSUPPORTED_NODE = 'unsupported';
const UNSUPPORTED_LISTED = 12;

/** Cluster / node id helpers: stable, prefixed by kind. */
export const ids = {
  region: (r: string) => `region:${r}`,
  vpc: (v: string) => `vpc:${v}`,
  az: (v: string, az: string) => `az:${v}:${az}`,
  subnet: (s: string) => `subnet:${s}`,
  router: (s: string) => `router:${s}`,
  instance: (i: string) => `inst:${i}`,
  eni: (e: string) => `eni:${e}`,
  igw: (g: string) => `igw:${g}`,
  vgw: (g: string) => `vgw:${g}`,
  nat: (n: string) => `nat:${n}`,
  fwe: (e: string) => `fwe:${e}`,
  vpce: (e: string) => `vpce:${e}`,
  pcx: (p: string) => `pcx:${p}`,
  cvpn: (c: string) => `cvpn:${c}`,
  cvpnEni: (c: string, assoc: string) => `cvpneni:${c}:${assoc}`,
  client: (c: string) => `client:${c}`,
  external: (kind: string, id: string) => `ext:${kind}:${id}`,
};

/**
 * Build the diagram graph of a network. Pure and deterministic: collections are sorted by id.
 * `buildTopology(net).nodes.find(n => n.id === 'inst:app')?.parent` → `'subnet:Private'`.
 */
export function buildTopology(net: Network): TopologyGraph {
  const clusters = new Map<string, DiagramCluster>();
  const nodes = new Map<string, DiagramNode>();
  const edges = new Map<string, TopologyEdge>();
  const resources = new Map<string, Set<string>>();

  const mapResource = (key: string | undefined, nodeId: string): void => {
    if (key === undefined || key === '') return;
    let set = resources.get(key);
    if (!set) resources.set(key, (set = new Set()));
    set.add(nodeId);
  };
  const addNode = (n: DiagramNode, awsId?: string): void => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    mapResource(n.resource, n.id);
    mapResource(awsId, n.id);
  };
  const addEdge = (e: TopologyEdge): void => {
    const key = `${e.kind}|${e.from}|${e.to}`;
    const prev = edges.get(key);
    if (!prev) {
      edges.set(key, e);
    } else if (e.label !== undefined) {
      const labels = new Set([...(prev.label ?? '').split('\n').filter((l) => l !== ''), e.label]);
      edges.set(key, { ...prev, label: [...labels].sort().join('\n') });
    }
  };

  const vpcById = new Map(net.vpcs.map((v) => [v.id, v]));
  const subnetById = new Map(net.subnets.map((s) => [s.id, s]));
  const eniById = new Map(net.networkInterfaces.map((e) => [e.id, e]));

  // --- clusters: region › VPC › AZ › subnet -------------------------------------------------------------
  const regionOf = (vpcId: string): string => vpcById.get(vpcId)?.region ?? UNKNOWN_REGION;
  const ensureRegion = (region: string): string => {
    const id = ids.region(region);
    if (!clusters.has(id)) clusters.set(id, { id, kind: 'region', label: [region] });
    return id;
  };
  const ensureVpc = (vpcId: string): string => {
    const id = ids.vpc(vpcId);
    if (!clusters.has(id)) {
      const v = vpcById.get(vpcId);
      const parent = ensureRegion(regionOf(vpcId));
      const title = v?.name && v.name !== vpcId ? `VPC ${vpcId} (${v.name})` : `VPC ${vpcId}`;
      const cidrs = v ? [...v.cidrs, ...(v.ipv6Cidrs ?? [])].join(', ') : '(unknown VPC)';
      clusters.set(id, { id, kind: 'vpc', label: [title, cidrs], parent, resource: vpcId });
      mapResource(vpcId, id);
      if (v?.awsId) mapResource(v.awsId, id);
    }
    return id;
  };
  const ensureAz = (vpcId: string, az: string): string => {
    const id = ids.az(vpcId, az);
    if (!clusters.has(id)) clusters.set(id, { id, kind: 'az', label: [az], parent: ensureVpc(vpcId) });
    return id;
  };

  // The route table and NACL in effect for each subnet come resolved (associations/resolve.ts: RT-9, NACL-4),
  // exactly as the data plane uses them. Implied ones are labelled, not mapped: they have no input position.
  const assoc = resolveAssociations(net);
  const describe = (
    a: Association | undefined,
    unknown: string | undefined,
    dflt: string,
    impliedNote: string,
  ): { id: string | undefined; note: string } => {
    if (!a) return { id: undefined, note: '(VPC not defined)' };
    const note = a.implied
      ? `${dflt} (implied: ${impliedNote})`
      : a.via === 'explicit'
        ? a.id
        : `${a.id} (${dflt})`;
    return {
      id: a.implied ? undefined : a.id,
      note: unknown !== undefined ? `${unknown} (not defined; ${note} applies)` : note,
    };
  };
  const tableOf = (s: Subnet): { id: string | undefined; note: string } => {
    const a = assoc.subnets.get(s.id);
    return describe(a?.routeTable, a?.unknownRouteTable, 'main', 'local only');
  };
  const naclOf = (s: Subnet): { id: string | undefined; note: string } => {
    const a = assoc.subnets.get(s.id);
    return describe(a?.networkAcl, a?.unknownNetworkAcl, 'default', 'allow all');
  };

  for (const s of sorted(net.subnets)) {
    const az = s.az ?? UNKNOWN_AZ;
    const parent = ensureAz(s.vpc, az);
    const id = ids.subnet(s.id);
    const title = s.name && s.name !== s.id ? `subnet ${s.id} (${s.name})` : `subnet ${s.id}`;
    clusters.set(id, {
      id,
      kind: 'subnet',
      label: [title, [s.cidr, s.ipv6Cidr].filter(Boolean).join(', ')],
      parent,
      resource: s.id,
    });
    mapResource(s.id, id);
    const rt = tableOf(s);
    const acl = naclOf(s);
    addNode(
      {
        id: ids.router(s.id),
        kind: 'subnet-router',
        label: [`route table ${rt.note}`, `NACL ${acl.note}`],
        parent: id,
        resource: s.id,
        vpc: s.vpc,
        az,
        subnet: s.id,
        ips: [],
      },
      s.awsId,
    );
    if (rt.id !== undefined) mapResource(rt.id, ids.router(s.id));
    if (acl.id !== undefined) mapResource(acl.id, ids.router(s.id));
  }
  // Route tables and NACLs are drawn through their subnets; keep their AWS ids mapped too.
  for (const r of net.routeTables)
    if (r.awsId) for (const n of resources.get(r.id) ?? []) mapResource(r.awsId, n);
  for (const a of net.networkAcls)
    if (a.awsId) for (const n of resources.get(a.id) ?? []) mapResource(a.awsId, n);

  /** Cluster + placement of something that lives in a subnet (an unknown subnet gets an "unplaced" cluster). */
  const place = (subnetId: string): { parent: string; vpc: string; az: string; subnet: string } => {
    const s = subnetById.get(subnetId);
    if (s) return { parent: ids.subnet(s.id), vpc: s.vpc, az: s.az ?? UNKNOWN_AZ, subnet: s.id };
    const id = ids.subnet(subnetId);
    if (!clusters.has(id)) {
      const region = ensureRegion(UNKNOWN_REGION);
      clusters.set(id, {
        id,
        kind: 'subnet',
        label: [`subnet ${subnetId}`, '(not defined in the input)'],
        parent: region,
        resource: subnetId,
      });
    }
    return { parent: id, vpc: '', az: UNKNOWN_AZ, subnet: subnetId };
  };

  const eniIps = (e: NetworkInterface): string[] =>
    e.addresses.flatMap((a) => (a.public ? [a.private, a.public] : [a.private]));
  // A placeholder address (the input does not fix it: ADDR-2 first free address, 198.18.0.0/15 public ones) is
  // labelled "assumed", as traces mark it.
  const isAssumed = (r: { assumed?: readonly string[] | undefined }, ...fields: string[]): boolean =>
    (r.assumed ?? []).some((f) => fields.includes(f));
  const mark = (ip: string, assumed: boolean): string => (assumed ? `${ip} assumed` : ip);
  const eniLine = (e: NetworkInterface): string => {
    const priv = isAssumed(e, 'addresses', 'privateIp');
    const pub = isAssumed(e, 'addresses.public', 'publicIp');
    return e.addresses
      .map((a) => `${mark(a.private, priv)}${a.public ? ` (${mark(a.public, pub)})` : ''}`)
      .join(', ');
  };

  // --- instances and their ENIs ---------------------------------------------------------------------------
  const eniDrawnBy = new Map<string, string>();
  for (const inst of sorted(net.instances)) {
    const enis = inst.interfaces
      .map((e) => eniById.get(e))
      .filter((e): e is NetworkInterface => e !== undefined);
    const primary = enis[0];
    const nodeId = ids.instance(inst.id);
    const head = inst.name && inst.name !== inst.id ? `${inst.id} (${inst.name})` : inst.id;
    const tags: string[] = [];
    if (inst.os?.ipForward) tags.push('ip_forward');
    if (enis.some((e) => !e.sourceDestCheck)) tags.push('src/dst check off');
    if (inst.state && inst.state !== 'running') tags.push(inst.state);
    const label = [`instance ${head}`];
    if (primary) {
      label.push(eniLine(primary));
      if (primary.securityGroups.length > 0) label.push(`SG ${primary.securityGroups.join(', ')}`);
    }
    if (tags.length > 0) label.push(tags.join(', '));
    const where = primary
      ? place(primary.subnet)
      : { parent: ensureRegion(UNKNOWN_REGION), vpc: '', az: UNKNOWN_AZ, subnet: '' };
    addNode(
      {
        id: nodeId,
        kind: 'instance',
        label,
        parent: where.parent,
        resource: inst.id,
        vpc: where.vpc,
        az: where.az,
        subnet: where.subnet,
        ips: primary ? eniIps(primary) : [],
      },
      inst.awsId,
    );
    if (primary) {
      for (const sg of primary.securityGroups) mapResource(sg, nodeId);
      eniDrawnBy.set(primary.id, nodeId);
      mapResource(primary.id, nodeId);
      if (primary.awsId) mapResource(primary.awsId, nodeId);
    }
    // Secondary ENIs (eth1…) are drawn in their own subnets, labelled with the instance.
    enis.slice(1).forEach((e, i) => {
      const w = place(e.subnet);
      const id = ids.eni(e.id);
      addNode(
        {
          id,
          kind: 'network-interface',
          label: [
            `${inst.id} eth${e.deviceIndex ?? i + 1} (${e.id})`,
            eniLine(e),
            ...(e.securityGroups.length ? [`SG ${e.securityGroups.join(', ')}`] : []),
          ],
          parent: w.parent,
          resource: e.id,
          vpc: w.vpc,
          az: w.az,
          subnet: w.subnet,
          ips: eniIps(e),
        },
        e.awsId,
      );
      for (const sg of e.securityGroups) mapResource(sg, id);
      eniDrawnBy.set(e.id, id);
      addEdge({ from: nodeId, to: id, kind: 'attachment' });
    });
  }

  // --- NAT gateways ---------------------------------------------------------------------------------------
  for (const n of sorted(net.natGateways)) {
    const w = place(n.subnet);
    const priv = mark(n.privateIp, isAssumed(n, 'privateIp'));
    const addr = n.publicIp ? `${priv} (${mark(n.publicIp, isAssumed(n, 'publicIp'))})` : priv;
    const label = [`NAT gateway ${n.id}`, `${n.connectivity} · ${addr}`];
    if (n.state && n.state !== 'available') label.push(n.state);
    addNode(
      {
        id: ids.nat(n.id),
        kind: 'nat-gateway',
        label,
        parent: w.parent,
        resource: n.id,
        vpc: w.vpc,
        az: w.az,
        subnet: w.subnet,
        ips: [n.privateIp, ...(n.publicIp ? [n.publicIp] : [])],
      },
      n.awsId,
    );
  }

  // --- Network Firewall endpoints (NFW-1) ------------------------------------------------------------------
  for (const f of sorted(net.firewalls)) {
    for (const e of sorted(f.endpoints)) {
      const w = place(e.subnet);
      const id = ids.fwe(e.id);
      addNode({
        id,
        kind: 'firewall-endpoint',
        label: [
          `firewall endpoint ${e.id}${isAssumed(f, 'endpoints') ? ' (id assumed)' : ''}`,
          `firewall ${f.id}${e.ip ? ` · ${mark(e.ip, isAssumed(f, 'endpoints', 'endpoints.ip'))}` : ''}`,
        ],
        parent: w.parent,
        resource: e.id,
        vpc: w.vpc,
        az: w.az,
        subnet: w.subnet,
        ips: e.ip ? [e.ip] : [],
      });
      mapResource(f.id, id);
      if (f.awsId) mapResource(f.awsId, id);
    }
  }

  // --- VPC endpoints: GWLB and interface endpoints in their subnets, gateway endpoints at VPC level ----------
  for (const e of sorted(net.vpcEndpoints)) {
    const kind: NodeKind =
      e.type === 'gateway-load-balancer'
        ? 'gwlb-endpoint'
        : e.type === 'interface'
          ? 'interface-endpoint'
          : 'gateway-endpoint';
    const title =
      e.type === 'gateway-load-balancer'
        ? 'GWLB endpoint'
        : e.type === 'interface'
          ? 'interface endpoint'
          : 'gateway endpoint';
    const label = [`${title} ${e.id}`, e.service];
    if (e.type === 'gateway-load-balancer' && e.inspection === 'drop') label.push('appliance drops');
    if (e.type === 'gateway' || !e.subnets || e.subnets.length === 0) {
      addNode(
        { id: ids.vpce(e.id), kind, label, parent: ensureVpc(e.vpc), resource: e.id, vpc: e.vpc, ips: [] },
        e.awsId,
      );
    } else {
      const first = e.subnets[0] ?? '';
      const w = place(first);
      addNode(
        {
          id: ids.vpce(e.id),
          kind,
          label,
          parent: w.parent,
          resource: e.id,
          vpc: w.vpc,
          az: w.az,
          subnet: w.subnet,
          ips: [],
        },
        e.awsId,
      );
    }
  }

  // --- gateways at VPC level -------------------------------------------------------------------------------
  addNode({ id: INTERNET_NODE, kind: 'internet', label: ['the internet'], resource: 'internet', ips: [] });
  for (const g of sorted(net.internetGateways)) {
    const id = ids.igw(g.id);
    const parent = g.vpc !== undefined ? ensureVpc(g.vpc) : ensureRegion(UNKNOWN_REGION);
    const label = [`internet gateway ${g.id}`];
    if (g.vpc === undefined) label.push('detached');
    // RT-11: the edge-associated table as resolved (by id or AWS id); an unknown one is shown as written.
    const edge = assoc.gatewayRouteTables.get(g.id)?.id ?? g.routeTable;
    if (edge) label.push(`gateway route table ${edge}`);
    addNode({ id, kind: 'internet-gateway', label, parent, resource: g.id, vpc: g.vpc, ips: [] }, g.awsId);
    if (edge) mapResource(edge, id);
    addEdge({ from: id, to: INTERNET_NODE, kind: 'attachment' });
  }
  for (const g of sorted(net.virtualPrivateGateways)) {
    const id = ids.vgw(g.id);
    const parent = g.vpc !== undefined ? ensureVpc(g.vpc) : ensureRegion(UNKNOWN_REGION);
    addNode(
      {
        id,
        kind: 'virtual-private-gateway',
        label: [`virtual private gateway ${g.id}`],
        parent,
        resource: g.id,
        vpc: g.vpc,
        ips: [],
      },
      g.awsId,
    );
    const edge = assoc.gatewayRouteTables.get(g.id)?.id ?? g.routeTable;
    if (edge) mapResource(edge, id);
  }

  // --- peerings: between the VPCs, in the region when both sides share it --------------------------------
  for (const p of sorted(net.peerings)) {
    const ra = regionOf(p.requesterVpc);
    const rb = regionOf(p.accepterVpc);
    const parent = ra === rb ? ensureRegion(ra) : undefined;
    const label = [`peering ${p.id}`, `${p.requesterVpc} ↔ ${p.accepterVpc}`];
    if (p.state && p.state !== 'active') label.push(p.state);
    addNode({ id: ids.pcx(p.id), kind: 'vpc-peering', label, parent, resource: p.id, ips: [] }, p.awsId);
  }

  // --- transit gateways between the VPCs they attach (B10; topology-transit.ts) ------------------------------
  addTransitGateways(net, {
    addNode,
    addEdge,
    mapResource,
    ensureRegion,
    regionOf,
    routerOf: (s) => (subnetById.has(s) ? ids.router(s) : undefined),
  });

  // --- Client VPN: endpoint in the region, its ENIs in the target subnets (CVPN-3), clients outside ---------
  for (const c of sorted(net.clientVpnEndpoints)) {
    const id = ids.cvpn(c.id);
    const parent = ensureRegion(regionOf(c.vpc));
    addNode(
      {
        id,
        kind: 'client-vpn-endpoint',
        label: [
          `Client VPN endpoint ${c.id}`,
          `clients ${c.clientCidr}`,
          `split tunnel ${c.splitTunnel ? 'on' : 'off'}`,
        ],
        parent,
        resource: c.id,
        vpc: c.vpc,
        ips: [],
      },
      c.awsId,
    );
    for (const t of sorted(c.targetNetworks)) {
      const w = place(t.subnet);
      const eid = ids.cvpnEni(c.id, t.id);
      addNode({
        id: eid,
        kind: 'client-vpn-eni',
        label: [
          `Client VPN ENI (${t.id})`,
          t.eniIp ?? '(address assumed)',
          ...(c.securityGroups.length ? [`SG ${c.securityGroups.join(', ')}`] : []),
        ],
        parent: w.parent,
        resource: t.id,
        vpc: w.vpc,
        az: w.az,
        subnet: w.subnet,
        ips: t.eniIp ? [t.eniIp] : [],
      });
      for (const sg of c.securityGroups) mapResource(sg, eid);
      addEdge({ from: id, to: eid, kind: 'association' });
    }
  }
  for (const v of sorted(net.vpnClients)) {
    const id = ids.client(v.id);
    const label = [`VPN client ${v.id}`, v.tunnelIp ?? '(tunnel address assumed)'];
    if (v.groups.length > 0) label.push(`groups ${v.groups.join(', ')}`);
    addNode({ id, kind: 'vpn-client', label, resource: v.id, ips: v.tunnelIp ? [v.tunnelIp] : [] }, v.awsId);
    // Endpoints on the command line and in traces name a client as `client:NAME` (architecture.md §2).
    mapResource(`client:${v.id}`, id);
    addEdge({ from: id, to: ids.cvpn(v.endpoint), kind: 'association' });
    if (!nodes.has(ids.cvpn(v.endpoint))) {
      addNode({
        id: ids.cvpn(v.endpoint),
        kind: 'external',
        label: [`Client VPN endpoint ${v.endpoint}`, '(not defined)'],
        resource: v.endpoint,
        ips: [],
      });
    }
  }

  // --- standalone ENIs (not an instance's): service ENIs fold into their service node when one is there --
  const serviceKinds: Partial<Record<string, NodeKind>> = {
    'nat-gateway': 'nat-gateway',
    'firewall-endpoint': 'firewall-endpoint',
    'gwlb-endpoint': 'gwlb-endpoint',
    'interface-endpoint': 'interface-endpoint',
    'client-vpn': 'client-vpn-eni',
  };
  for (const e of sorted(net.networkInterfaces)) {
    if (eniDrawnBy.has(e.id)) continue;
    const svc = e.owner ? serviceKinds[e.owner] : undefined;
    const w = place(e.subnet);
    const ips = eniIps(e);
    if (svc) {
      const host = [...nodes.values()].find(
        (n) =>
          n.kind === svc &&
          n.subnet === w.subnet &&
          (n.ips.length === 0 || n.ips.some((ip) => ips.includes(ip))),
      );
      if (host) {
        for (const sg of e.securityGroups) mapResource(sg, host.id);
        mapResource(e.id, host.id);
        if (e.awsId) mapResource(e.awsId, host.id);
        continue;
      }
    }
    addNode(
      {
        id: ids.eni(e.id),
        kind: 'network-interface',
        label: [
          `ENI ${e.id}${e.owner ? ` (${e.owner})` : ''}`,
          eniLine(e),
          ...(e.securityGroups.length ? [`SG ${e.securityGroups.join(', ')}`] : []),
          ...(!e.sourceDestCheck ? ['src/dst check off'] : []),
        ],
        parent: w.parent,
        resource: e.id,
        vpc: w.vpc,
        az: w.az,
        subnet: w.subnet,
        ips,
      },
      e.awsId,
    );
    for (const sg of e.securityGroups) mapResource(sg, ids.eni(e.id));
  }

  // --- what the inputs hold but vpcsim does not model: listed by name in one box, never dropped silently ---
  if (net.unsupported.length > 0) {
    const all = [...net.unsupported].sort((a, b) => cmp(a.id, b.id)).map((u) => `${u.type} ${u.id}`);
    const shown = all.slice(0, UNSUPPORTED_LISTED);
    const more = all.length - shown.length;
    addNode({
      id: UNSUPPORTED_NODE,
      kind: 'external',
      label: [`not modelled (${all.length})`, ...shown, ...(more > 0 ? [`… and ${more} more`] : [])],
      resource: UNSUPPORTED_NODE,
      ips: [],
    });
    for (const u of net.unsupported) mapResource(u.id, UNSUPPORTED_NODE);
  }

  // --- route edges: subnet router → target, and gateway route tables (RT-11) -----------------------------
  const targetNode = (t: RouteTarget, vpcId: string): string | undefined => {
    if (t.kind === 'local') return undefined;
    const id = t.id ?? '';
    const known = resources.get(id);
    const candidates = known ? [...known].sort() : [];
    const preferred = candidates.find((c) => nodes.get(c)?.vpc === vpcId) ?? candidates[0];
    if (preferred !== undefined && nodes.has(preferred)) return preferred;
    const ext = ids.external(t.kind, id || '?');
    if (!nodes.has(ext)) {
      addNode({
        id: ext,
        kind: 'external',
        label: [`${t.kind} ${id || '?'}`, '(not in the input)'],
        resource: id || ext,
        ips: [],
      });
    }
    return ext;
  };
  const routeLabel = (r: Route): string => {
    const dest = r.destination ?? r.destinationPrefixList ?? '?';
    return r.state === 'blackhole' ? `${dest} (blackhole)` : dest;
  };
  for (const s of sorted(net.subnets)) {
    const rt = tableOf(s).id;
    const table = rt !== undefined ? assoc.routeTables.get(rt) : undefined;
    if (!table) continue;
    for (const r of table.routes) {
      const to = targetNode(r.target, s.vpc);
      if (to !== undefined) addEdge({ from: ids.router(s.id), to, kind: 'route', label: routeLabel(r) });
    }
  }
  for (const g of sorted(net.internetGateways)) {
    const edge = assoc.gatewayRouteTables.get(g.id);
    const table = edge ? assoc.routeTables.get(edge.id) : undefined;
    if (!table) continue;
    for (const r of table.routes) {
      const to = targetNode(r.target, table.vpc);
      if (to !== undefined) addEdge({ from: ids.igw(g.id), to, kind: 'route', label: routeLabel(r) });
    }
  }

  const clusterList = [...clusters.values()].sort(byId);
  const nodeList = [...nodes.values()].sort(byId);
  const edgeList = [...edges.values()].sort(
    (a, b) => cmp(a.kind, b.kind) || cmp(a.from, b.from) || cmp(a.to, b.to),
  );
  const res: Record<string, readonly string[]> = {};
  for (const k of [...resources.keys()].sort()) res[k] = [...(resources.get(k) ?? [])].sort();
  return { clusters: clusterList, nodes: nodeList, edges: edgeList, resources: res };
}
