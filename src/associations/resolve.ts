/**
 * AWS associations, resolved once for the whole network: which route table and network ACL apply to each subnet
 * (explicit association, else the VPC's main table / default NACL — RT-9, RT-10, NACL-4), each VPC's main route
 * table, default network ACL and default security group (named on the VPC, else flagged on the resource, else
 * implied — RT-9, NACL-4, SG-4), the gateway route table of each internet / virtual private gateway edge (RT-11),
 * the security groups of an interface launched without any (SG-4), and every resource AWS implies.
 *
 * The data plane (dataplane/compile.ts), validation, the diagram and the web page read this; none re-derives an
 * association. Conflicts (two tables claiming to be main, two default NACLs or SGs in one VPC) are recorded, not
 * settled silently: the first claimant (the one named on the VPC, else the first in input order) is used, and
 * validate/associations.ts reports the conflict as an error with the positions of both.
 *
 * References are resolved by `id` or `awsId`; every answer is the canonical `id` of the resource in effect.
 */
import type {
  Network,
  NetworkAcl,
  NetworkInterface,
  Resource,
  RouteTable,
  SecurityGroup,
  Vpc,
} from '../model/network.js';
import { impliedDefaultNetworkAcl, impliedDefaultSecurityGroup, impliedMainRouteTable } from './implied.js';

/** How the resource in effect came to apply. */
export type AssociationVia =
  /** Named on the VPC (`Vpc.mainRouteTable`, …) or explicitly associated with the subnet / gateway. */
  | 'explicit'
  /** Flagged on the resource itself (`RouteTable.main`, `NetworkAcl.isDefault`, `SecurityGroup.isDefault`). */
  | 'flagged'
  /** The subnet has no explicit association: the VPC's main table / default NACL applies (RT-9, NACL-4). */
  | 'vpc-default'
  /** Not in the input: AWS creates it with the VPC (implied.ts). */
  | 'implied';

export interface Association {
  /** Canonical id of the resource in effect (a model id, or an implied id such as `vpc:main-rtb`). */
  readonly id: string;
  readonly via: AssociationVia;
  /** True when the resource itself is implied (not in the input). */
  readonly implied: boolean;
  /** The aws-semantics.md rule this association follows. */
  readonly ref: 'RT-9' | 'RT-11' | 'NACL-4' | 'SG-4';
}

export interface VpcAssociations {
  readonly vpc: string;
  readonly mainRouteTable: Association;
  readonly defaultNetworkAcl: Association;
  readonly defaultSecurityGroup: Association;
}

export interface SubnetAssociations {
  readonly subnet: string;
  readonly vpc: string;
  readonly routeTable: Association;
  readonly networkAcl: Association;
  /** An explicit association naming a route table / NACL that does not exist (the VPC default applies). */
  readonly unknownRouteTable?: string | undefined;
  readonly unknownNetworkAcl?: string | undefined;
}

/** A VPC default claimed by more than one resource (RT-9: one main table; NACL-4, SG-4: one default each). */
export interface AssociationConflict {
  readonly vpc: string;
  readonly kind: 'main-route-table' | 'default-network-acl' | 'default-security-group';
  /** The claimant in effect. */
  readonly chosen: Resource;
  /** The other claimants. */
  readonly others: readonly Resource[];
}

export interface Associations {
  /** By VPC id (every VPC of the network). */
  readonly vpcs: ReadonlyMap<string, VpcAssociations>;
  /** By subnet id (every subnet whose VPC exists). */
  readonly subnets: ReadonlyMap<string, SubnetAssociations>;
  /** Gateway route table (RT-11) by internet / virtual private gateway id, when the edge association resolves. */
  readonly gatewayRouteTables: ReadonlyMap<string, Association>;
  /** Route tables, NACLs and SGs of the input plus the implied ones, by id and by AWS id. */
  readonly routeTables: ReadonlyMap<string, RouteTable>;
  readonly networkAcls: ReadonlyMap<string, NetworkAcl>;
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  /** Every implied resource, in VPC order. */
  readonly implied: {
    readonly routeTables: readonly RouteTable[];
    readonly networkAcls: readonly NetworkAcl[];
    readonly securityGroups: readonly SecurityGroup[];
  };
  readonly conflicts: readonly AssociationConflict[];
}

/** Index by id and AWS id (an id always wins over another resource's AWS id). */
function index<T extends Resource>(xs: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const x of xs) if (x.awsId !== undefined) m.set(x.awsId, x);
  for (const x of xs) m.set(x.id, x);
  return m;
}

/** Claimants of one VPC default: the one named on the VPC first, then the flagged ones in input order. */
function claimants<T extends Resource & { readonly vpc: string }>(
  vpc: string,
  named: string | undefined,
  byId: ReadonlyMap<string, T>,
  flagged: readonly T[],
): { first: T | undefined; via: AssociationVia; all: T[] } {
  const all: T[] = [];
  // A name that is unknown or belongs to another VPC is not this VPC's default (validation reports it).
  const found = named !== undefined ? byId.get(named) : undefined;
  const n = found?.vpc === vpc ? found : undefined;
  if (n) all.push(n);
  for (const f of flagged) if (!all.includes(f)) all.push(f);
  return { first: all[0], via: n ? 'explicit' : 'flagged', all };
}

/** Resolve every association of `net` once. Pure; never throws. */
export function resolveAssociations(net: Network): Associations {
  const routeTables = index(net.routeTables);
  const networkAcls = index(net.networkAcls);
  const securityGroups = index(net.securityGroups);
  const implied = {
    routeTables: [] as RouteTable[],
    networkAcls: [] as NetworkAcl[],
    securityGroups: [] as SecurityGroup[],
  };
  const conflicts: AssociationConflict[] = [];
  const byVpc = <T extends { readonly vpc: string }>(xs: readonly T[], flag: (x: T) => boolean) => {
    const m = new Map<string, T[]>();
    for (const x of xs) if (flag(x)) m.set(x.vpc, [...(m.get(x.vpc) ?? []), x]);
    return m;
  };
  const flaggedMain = byVpc(net.routeTables, (r) => r.main === true);
  const flaggedAcl = byVpc(net.networkAcls, (a) => a.isDefault === true);
  const flaggedSg = byVpc(net.securityGroups, (g) => g.isDefault === true);

  /** One VPC default: named, else flagged, else implied (created here). */
  const decide = <T extends Resource & { readonly vpc: string }>(
    vpc: Vpc,
    kind: AssociationConflict['kind'],
    ref: Association['ref'],
    named: string | undefined,
    byId: Map<string, T>,
    flagged: readonly T[],
    make: (v: Vpc, id?: string) => T,
    impliedList: T[],
  ): Association => {
    const c = claimants(vpc.id, named, byId, flagged);
    if (c.all.length > 1 && c.first)
      conflicts.push({ vpc: vpc.id, kind, chosen: c.first, others: c.all.slice(1) });
    if (c.first) return { id: c.first.id, via: c.via, implied: false, ref };
    // Named on the VPC but not defined in the input: AWS's defaults under that name.
    const made = make(vpc, named !== undefined && !byId.has(named) ? named : undefined);
    impliedList.push(made);
    byId.set(made.id, made);
    return { id: made.id, via: 'implied', implied: true, ref };
  };

  const vpcs = new Map<string, VpcAssociations>();
  for (const v of net.vpcs) {
    if (vpcs.has(v.id)) continue;
    vpcs.set(v.id, {
      vpc: v.id,
      // RT-9: exactly one main table per VPC; a new VPC's has only local routes.
      mainRouteTable: decide(
        v,
        'main-route-table',
        'RT-9',
        v.mainRouteTable,
        routeTables,
        flaggedMain.get(v.id) ?? [],
        impliedMainRouteTable,
        implied.routeTables,
      ),
      // NACL-4: one default NACL per VPC, allowing everything unless the input says otherwise.
      defaultNetworkAcl: decide(
        v,
        'default-network-acl',
        'NACL-4',
        v.defaultNetworkAcl,
        networkAcls,
        flaggedAcl.get(v.id) ?? [],
        impliedDefaultNetworkAcl,
        implied.networkAcls,
      ),
      // SG-4: one default SG per VPC.
      defaultSecurityGroup: decide(
        v,
        'default-security-group',
        'SG-4',
        v.defaultSecurityGroup,
        securityGroups,
        flaggedSg.get(v.id) ?? [],
        impliedDefaultSecurityGroup,
        implied.securityGroups,
      ),
    });
  }

  const subnets = new Map<string, SubnetAssociations>();
  for (const s of net.subnets) {
    const v = vpcs.get(s.vpc);
    if (!v) continue;
    const rt = s.routeTable !== undefined ? routeTables.get(s.routeTable) : undefined;
    const acl = s.networkAcl !== undefined ? networkAcls.get(s.networkAcl) : undefined;
    subnets.set(s.id, {
      subnet: s.id,
      vpc: s.vpc,
      // RT-9/RT-10: an explicit association, else (implicitly) the VPC's main table.
      routeTable: rt
        ? { id: rt.id, via: 'explicit', implied: false, ref: 'RT-9' }
        : { ...v.mainRouteTable, via: 'vpc-default' },
      // NACL-4: each subnet has exactly one NACL — the explicit one, else the VPC's default.
      networkAcl: acl
        ? { id: acl.id, via: 'explicit', implied: false, ref: 'NACL-4' }
        : { ...v.defaultNetworkAcl, via: 'vpc-default' },
      unknownRouteTable: s.routeTable !== undefined && !rt ? s.routeTable : undefined,
      unknownNetworkAcl: s.networkAcl !== undefined && !acl ? s.networkAcl : undefined,
    });
  }

  // RT-11: a gateway route table is associated with the edge of an internet or virtual private gateway.
  const gatewayRouteTables = new Map<string, Association>();
  for (const g of [...net.internetGateways, ...net.virtualPrivateGateways]) {
    const rt = g.routeTable !== undefined ? routeTables.get(g.routeTable) : undefined;
    if (rt) gatewayRouteTables.set(g.id, { id: rt.id, via: 'explicit', implied: false, ref: 'RT-11' });
  }

  return { vpcs, subnets, gatewayRouteTables, routeTables, networkAcls, securityGroups, implied, conflicts };
}

/** Owners whose interfaces carry no security group at all (NAT gateway, firewall and GWLB endpoints, and a load
 * balancer node whose groups were resolved where it is implied: dataplane/load-balancer/enis.ts). */
const NO_SECURITY_GROUP = new Set(['nat-gateway', 'firewall-endpoint', 'gwlb-endpoint', 'load-balancer']);

/**
 * The security groups in effect on an interface: its own, else — for an interface that can carry groups — its
 * VPC's default security group (SG-4: "resources launched without an explicit SG get it").
 */
export function interfaceSecurityGroups(assoc: Associations, eni: NetworkInterface): readonly string[] {
  if (eni.securityGroups.length > 0 || NO_SECURITY_GROUP.has(eni.owner ?? 'instance'))
    return eni.securityGroups;
  const vpc = assoc.subnets.get(eni.subnet)?.vpc;
  const def = vpc !== undefined ? assoc.vpcs.get(vpc)?.defaultSecurityGroup : undefined;
  return def ? [def.id] : eni.securityGroups;
}
