/**
 * The diagram graph's vocabulary: cluster and node kinds, the graph's shape, and the stable ids every renderer and
 * the web page use (`inst:app`, `subnet:Private`). Types and constants only; `topology.ts` builds the graph.
 */
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
  | 'load-balancer'
  | 'target-group'
  | 'endpoint-service'
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
export const byId = <T extends { readonly id: string }>(a: T, b: T): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
/** A copy sorted by id: every section adds its resources in this order, so the graph is deterministic. */
export const sorted = <T extends { readonly id: string }>(xs: readonly T[]): T[] => [...xs].sort(byId);

/** Region name used when a VPC does not say. */
export const UNKNOWN_REGION = '(region not given)';
/** AZ name used when a subnet does not say. */
export const UNKNOWN_AZ = '(AZ not given)';

export const INTERNET_NODE = 'internet';
/** The box listing resources the inputs hold that vpcsim does not model. */
export const UNSUPPORTED_NODE = 'unsupported';
export const UNSUPPORTED_LISTED = 12;

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
