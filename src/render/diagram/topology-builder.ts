/**
 * The state a diagram graph is built in, lent to each section of `buildTopology` (subnets, instances, services,
 * gateways, transit gateways, routes…): the clusters, nodes, edges and resource map so far, the clusters made on
 * demand (region › VPC › AZ), where something in a subnet is placed, and the route table / NACL each subnet uses
 * as the associations layer resolved them (RT-9, NACL-4). A section adds to it; `finish` sorts it into the graph.
 *
 * Input it does not understand: a subnet the input does not define gets an "unplaced" subnet cluster named after
 * the reference, never dropped (validation reports it).
 */
import type { Network, NetworkInterface, Subnet } from '../../model/network.js';
import { resolveAssociations, type Association, type Associations } from '../../associations/resolve.js';
import {
  byId,
  cmp,
  ids,
  UNKNOWN_AZ,
  UNKNOWN_REGION,
  type DiagramCluster,
  type DiagramNode,
  type TopologyEdge,
  type TopologyGraph,
} from './topology-graph.js';

/** Where something that lives in a subnet is drawn. */
export interface Placement {
  readonly parent: string;
  readonly vpc: string;
  readonly az: string;
  readonly subnet: string;
}

/** A route table or NACL as a subnet uses it: the id to map (undefined when implied) and the label text. */
export interface AppliedTable {
  readonly id: string | undefined;
  readonly note: string;
}

/** What each section of buildTopology may use (transit gateways and load balancers add through it too). */
export interface TopologyBuilder {
  addNode(n: DiagramNode, awsId?: string): void;
  addEdge(e: TopologyEdge): void;
  mapResource(key: string | undefined, nodeId: string): void;
  hasNode(id: string): boolean;
  node(id: string): DiagramNode | undefined;
  /** The nodes added so far, in insertion order. */
  nodes(): Iterable<DiagramNode>;
  /** Node ids drawing a resource id or AWS id, so far. */
  nodesOf(resource: string): ReadonlySet<string> | undefined;
  addCluster(c: DiagramCluster): void;
  hasCluster(id: string): boolean;
  ensureRegion(region: string): string;
  ensureVpc(vpcId: string): string;
  ensureAz(vpcId: string, az: string): string;
  regionOf(vpcId: string): string;
  /** Cluster + placement of something that lives in a subnet (an unknown subnet gets an "unplaced" cluster). */
  place(subnetId: string): Placement;
  /** The router node of a subnet of the input; undefined for an unknown subnet (validation reports it). */
  routerOf(subnetId: string): string | undefined;
  readonly assoc: Associations;
  tableOf(s: Subnet): AppliedTable;
  naclOf(s: Subnet): AppliedTable;
  eniById(id: string): NetworkInterface | undefined;
  /** The graph, sorted canonically. */
  finish(): TopologyGraph;
}

/** The label of an association: explicit, the VPC's main/default, or implied (no input position, not mapped). */
function describe(
  a: Association | undefined,
  unknown: string | undefined,
  dflt: string,
  impliedNote: string,
): AppliedTable {
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
}

export function createTopologyBuilder(net: Network): TopologyBuilder {
  const clusters = new Map<string, DiagramCluster>();
  const nodes = new Map<string, DiagramNode>();
  const edges = new Map<string, TopologyEdge>();
  const resources = new Map<string, Set<string>>();
  const vpcById = new Map(net.vpcs.map((v) => [v.id, v]));
  const subnetById = new Map(net.subnets.map((s) => [s.id, s]));
  const eniById = new Map(net.networkInterfaces.map((e) => [e.id, e]));
  // The route table and NACL in effect for each subnet come resolved (associations/resolve.ts: RT-9, NACL-4),
  // exactly as the data plane uses them.
  const assoc = resolveAssociations(net);

  const mapResource = (key: string | undefined, nodeId: string): void => {
    if (key === undefined || key === '') return;
    let set = resources.get(key);
    if (!set) resources.set(key, (set = new Set()));
    set.add(nodeId);
  };
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

  return {
    assoc,
    mapResource,
    regionOf,
    ensureRegion,
    ensureVpc,
    ensureAz,
    addNode(n, awsId) {
      if (!nodes.has(n.id)) nodes.set(n.id, n);
      mapResource(n.resource, n.id);
      mapResource(awsId, n.id);
    },
    addEdge(e) {
      const key = `${e.kind}|${e.from}|${e.to}`;
      const prev = edges.get(key);
      if (!prev) {
        edges.set(key, e);
      } else if (e.label !== undefined) {
        const labels = new Set([...(prev.label ?? '').split('\n').filter((l) => l !== ''), e.label]);
        edges.set(key, { ...prev, label: [...labels].sort().join('\n') });
      }
    },
    hasNode: (id) => nodes.has(id),
    node: (id) => nodes.get(id),
    nodes: () => nodes.values(),
    nodesOf: (resource) => resources.get(resource),
    addCluster(c) {
      clusters.set(c.id, c);
    },
    hasCluster: (id) => clusters.has(id),
    place(subnetId) {
      const s = subnetById.get(subnetId);
      if (s) return { parent: ids.subnet(s.id), vpc: s.vpc, az: s.az ?? UNKNOWN_AZ, subnet: s.id };
      const id = ids.subnet(subnetId);
      if (!clusters.has(id)) {
        clusters.set(id, {
          id,
          kind: 'subnet',
          label: [`subnet ${subnetId}`, '(not defined in the input)'],
          parent: ensureRegion(UNKNOWN_REGION),
          resource: subnetId,
        });
      }
      return { parent: id, vpc: '', az: UNKNOWN_AZ, subnet: subnetId };
    },
    routerOf: (s) => (subnetById.has(s) ? ids.router(s) : undefined),
    tableOf(s) {
      const a = assoc.subnets.get(s.id);
      return describe(a?.routeTable, a?.unknownRouteTable, 'main', 'local only');
    },
    naclOf(s) {
      const a = assoc.subnets.get(s.id);
      return describe(a?.networkAcl, a?.unknownNetworkAcl, 'default', 'allow all');
    },
    eniById: (id) => eniById.get(id),
    finish() {
      const res: Record<string, readonly string[]> = {};
      for (const k of [...resources.keys()].sort()) res[k] = [...(resources.get(k) ?? [])].sort();
      return {
        clusters: [...clusters.values()].sort(byId),
        nodes: [...nodes.values()].sort(byId),
        edges: [...edges.values()].sort(
          (a, b) => cmp(a.kind, b.kind) || cmp(a.from, b.from) || cmp(a.to, b.to),
        ),
        resources: res,
      };
    },
  };
}
