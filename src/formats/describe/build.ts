/**
 * describe-* records → the vendor-independent Network.
 *
 * Model: records are grouped by the top-level key of the file they came from (`Vpcs`, `Subnets`, …) and carry the
 * account/region of their folder. Every resource keeps its AWS ID as `id` (names in traces are AWS IDs). States are
 * respected: terminated / shutting-down instances, deleted NAT gateways, deleted/rejected/expired peerings, deleted
 * endpoints and disassociated CIDR blocks are left out; a route whose target was left out (and whose kind of
 * resource was described) becomes `blackhole` (RT-7) with a caveat saying why; `State: blackhole` is kept.
 * Duplicates (the same peering listed by both accounts) are merged by id. Local routes are implied by the model
 * (RT-2) and not copied. Resource kinds vpcsim does not model are reported once per kind (UNSUPPORTED_RESOURCE_TYPE)
 * and listed in `network.unsupported`; routes to them carry a caveat.
 */
import { warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type {
  EniAddress,
  EniOwner,
  Instance,
  MutableNetwork,
  NetworkInterface,
  Route,
  RouteTarget,
  RouteTargetKind,
} from '../../model/network.js';
import { newMutableNetwork } from '../../model/network.js';
import { UnsupportedReport } from '../build/unsupported.js';
import { bool, nameTag, num, obj, objs, str, strs, type JsonObject, type JsonSource } from './json-source.js';
import { buildClientVpn, buildFirewalls } from './build-services.js';
import { naclRules, sgRules } from './rules.js';

export interface DescribeRecord {
  readonly item: JsonObject;
  readonly src: JsonSource;
  readonly accountId?: string | undefined;
  readonly region?: string | undefined;
}

/** Top-level keys that are modelled. */
export const MODELLED_KEYS = [
  'Vpcs',
  'Subnets',
  'RouteTables',
  'NetworkAcls',
  'SecurityGroups',
  'Reservations',
  'NetworkInterfaces',
  'InternetGateways',
  'NatGateways',
  'VpcPeeringConnections',
  'VpcEndpoints',
  'PrefixLists',
  'Addresses',
  'VpnGateways',
  'Firewall',
  'FirewallPolicy',
  'RuleGroup',
  'ClientVpnEndpoints',
  'ClientVpnTargetNetworks',
  'Routes',
  'AuthorizationRules',
] as const;

/** Keys that describe network-relevant things vpcsim does not model (warned by kind when non-empty). */
export const UNSUPPORTED_KEYS: Readonly<Record<string, { idKey: string; what: string }>> = {
  TransitGateways: { idKey: 'TransitGatewayId', what: 'transit gateway (TGW-1…TGW-6 not modelled)' },
  TransitGatewayAttachments: { idKey: 'TransitGatewayAttachmentId', what: 'transit gateway attachment' },
  TransitGatewayVpcAttachments: {
    idKey: 'TransitGatewayAttachmentId',
    what: 'transit gateway VPC attachment',
  },
  TransitGatewayRouteTables: { idKey: 'TransitGatewayRouteTableId', what: 'transit gateway route table' },
  TransitGatewayPropagations: {
    idKey: 'TransitGatewayAttachmentId',
    what: 'transit gateway route propagation',
  },
  TransitGatewayStaticRoutes: { idKey: 'TransitGatewayRouteTableId', what: 'transit gateway static routes' },
  TransitGatewayPeeringAttachments: { idKey: 'TransitGatewayAttachmentId', what: 'transit gateway peering' },
  VpnConnections: { idKey: 'VpnConnectionId', what: 'Site-to-Site VPN connection' },
  CustomerGateways: { idKey: 'CustomerGatewayId', what: 'customer gateway' },
  EgressOnlyInternetGateways: { idKey: 'EgressOnlyInternetGatewayId', what: 'egress-only internet gateway' },
  DBInstances: { idKey: 'DBInstanceIdentifier', what: 'RDS instance (its ENIs are not modelled as hosts)' },
  DomainStatusList: { idKey: 'DomainId', what: 'Elasticsearch/OpenSearch domain' },
  LoadBalancers: { idKey: 'LoadBalancerArn', what: 'load balancer' },
  LoadBalancerDescriptions: { idKey: 'LoadBalancerName', what: 'classic load balancer' },
  TargetGroups: { idKey: 'TargetGroupArn', what: 'load balancer target group' },
  Firewalls: {
    idKey: 'FirewallName',
    what: 'Network Firewall list (use describe-firewall for endpoints and policy)',
  },
  LocalGateways: { idKey: 'LocalGatewayId', what: 'Outposts local gateway' },
  CarrierGateways: { idKey: 'CarrierGatewayId', what: 'carrier gateway' },
};

/** Keys that hold no resources (catalogues, metadata): read and ignored. */
export const IGNORED_KEYS: ReadonlySet<string> = new Set([
  'AvailabilityZones',
  'VpcEndpointServices',
  'ServiceDetails',
  'ServiceNames',
  'Regions',
  'DhcpOptions',
  'KeyPairs',
  'Images',
  'NextToken',
  'ResponseMetadata',
  'UpdateToken',
]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Ctx {
  readonly records: ReadonlyMap<string, readonly DescribeRecord[]>;
  readonly diags: Diagnostic[];
  readonly net: MutableNetwork;
}

function recs(ctx: Ctx, key: string): readonly DescribeRecord[] {
  return ctx.records.get(key) ?? [];
}

function spanOf(r: DescribeRecord, key: string, id: string): Span {
  return r.src.positionOf(key, id);
}

const ACTIVE_ASSOC = (o: JsonObject): boolean => {
  const st =
    str(obj(o, 'AssociationState'), 'State') ??
    str(obj(o, 'CidrBlockState'), 'State') ??
    str(obj(o, 'Ipv6CidrBlockState'), 'State');
  return st === undefined || st === 'associated' || st === 'associating';
};

/** Build the network from grouped records. */
export function buildNetwork(
  records: ReadonlyMap<string, readonly DescribeRecord[]>,
  diags: Diagnostic[],
): MutableNetwork {
  const net = newMutableNetwork();
  const ctx: Ctx = { records, diags, net };
  const seen = new Set<string>();
  /** Ids that were described but are gone (terminated, deleted): routes to them blackhole. */
  const gone = new Map<string, string>();
  const unique = (id: string): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
  const missing = (r: DescribeRecord, key: string, field: string) =>
    diags.push(
      warning('DESCRIBE_MISSING_FIELD', `a ${key} entry has no ${field}; skipped`, r.src.keyPosition(key)),
    );

  // VPCs (ADDR-1): only associated CIDR blocks count.
  const vpcs = new Map<string, Mutable<MutableNetwork['vpcs'][number]>>();
  for (const r of recs(ctx, 'Vpcs')) {
    const id = str(r.item, 'VpcId');
    if (!id) {
      missing(r, 'Vpcs', 'VpcId');
      continue;
    }
    if (!unique(id)) continue;
    const set = objs(r.item, 'CidrBlockAssociationSet');
    const cidrs =
      set.length > 0
        ? set
            .filter(ACTIVE_ASSOC)
            .map((a) => str(a, 'CidrBlock'))
            .filter((c): c is string => !!c)
        : [str(r.item, 'CidrBlock')].filter((c): c is string => !!c);
    const v6 = objs(r.item, 'Ipv6CidrBlockAssociationSet')
      .filter(ACTIVE_ASSOC)
      .map((a) => str(a, 'Ipv6CidrBlock'))
      .filter((c): c is string => !!c);
    const vpc: Mutable<MutableNetwork['vpcs'][number]> = {
      id,
      name: nameTag(r.item),
      span: spanOf(r, 'VpcId', id),
      cidrs,
      ...(v6.length ? { ipv6Cidrs: v6 } : {}),
      region: r.region,
      accountId: str(r.item, 'OwnerId') ?? r.accountId,
    };
    vpcs.set(id, vpc);
    net.vpcs.push(vpc);
  }

  const subnets = new Map<string, Mutable<MutableNetwork['subnets'][number]>>();
  for (const r of recs(ctx, 'Subnets')) {
    const id = str(r.item, 'SubnetId');
    const vpc = str(r.item, 'VpcId');
    const cidr = str(r.item, 'CidrBlock');
    if (!id || !vpc || !cidr) {
      missing(r, 'Subnets', 'SubnetId/VpcId/CidrBlock');
      continue;
    }
    if (!unique(id)) continue;
    const v6 = objs(r.item, 'Ipv6CidrBlockAssociationSet')
      .filter(ACTIVE_ASSOC)
      .map((a) => str(a, 'Ipv6CidrBlock'))
      .find((c) => !!c);
    const s: Mutable<MutableNetwork['subnets'][number]> = {
      id,
      name: nameTag(r.item),
      span: spanOf(r, 'SubnetId', id),
      vpc,
      cidr,
      ...(v6 ? { ipv6Cidr: v6 } : {}),
      az: str(r.item, 'AvailabilityZone'),
    };
    subnets.set(id, s);
    net.subnets.push(s);
  }

  const igws = new Map<string, Mutable<MutableNetwork['internetGateways'][number]>>();
  for (const r of recs(ctx, 'InternetGateways')) {
    const id = str(r.item, 'InternetGatewayId');
    if (!id) {
      missing(r, 'InternetGateways', 'InternetGatewayId');
      continue;
    }
    if (!unique(id)) continue;
    // IGW-1: `available` is how describe-internet-gateways spells "attached".
    const att = objs(r.item, 'Attachments').find((a) =>
      ['available', 'attached'].includes(str(a, 'State') ?? ''),
    );
    const g = { id, name: nameTag(r.item), span: spanOf(r, 'InternetGatewayId', id), vpc: str(att, 'VpcId') };
    igws.set(id, g);
    net.internetGateways.push(g);
  }

  const vgws = new Map<string, Mutable<MutableNetwork['virtualPrivateGateways'][number]>>();
  for (const r of recs(ctx, 'VpnGateways')) {
    const id = str(r.item, 'VpnGatewayId');
    if (!id) {
      missing(r, 'VpnGateways', 'VpnGatewayId');
      continue;
    }
    if (['deleted', 'deleting'].includes(str(r.item, 'State') ?? '')) {
      gone.set(id, `virtual private gateway ${id} is ${str(r.item, 'State') ?? 'deleted'}`);
      continue;
    }
    if (!unique(id)) continue;
    const att = objs(r.item, 'VpcAttachments').find((a) => str(a, 'State') === 'attached');
    const g = { id, name: nameTag(r.item), span: spanOf(r, 'VpnGatewayId', id), vpc: str(att, 'VpcId') };
    vgws.set(id, g);
    net.virtualPrivateGateways.push(g);
  }

  for (const r of recs(ctx, 'NatGateways')) {
    const id = str(r.item, 'NatGatewayId');
    const subnet = str(r.item, 'SubnetId');
    if (!id || !subnet) {
      missing(r, 'NatGateways', 'NatGatewayId/SubnetId');
      continue;
    }
    const state = str(r.item, 'State') ?? 'available';
    // NGW-11: a deleted (or failed) NAT gateway is gone; routes to it blackhole.
    if (state === 'deleted' || state === 'deleting' || state === 'failed') {
      gone.set(id, `NAT gateway ${id} is ${state}`);
      continue;
    }
    if (!unique(id)) continue;
    const addrs = objs(r.item, 'NatGatewayAddresses');
    const primary = addrs.find((a) => bool(a, 'IsPrimary') === true) ?? addrs[0];
    const privateIp = str(primary, 'PrivateIp');
    const publicIp = str(primary, 'PublicIp');
    const connectivity = str(r.item, 'ConnectivityType') === 'private' ? 'private' : 'public';
    net.natGateways.push({
      id,
      name: nameTag(r.item),
      span: spanOf(r, 'NatGatewayId', id),
      subnet,
      connectivity,
      privateIp: privateIp ?? '',
      ...(publicIp ? { publicIp } : {}),
      state: state === 'pending' ? 'pending' : 'available',
      ...(privateIp ? {} : { assumed: ['privateIp'] }),
    });
  }

  // Instances: terminated / shutting-down are gone.
  const instances = new Map<string, { inst: Mutable<Instance>; r: DescribeRecord; item: JsonObject }>();
  for (const r of recs(ctx, 'Reservations')) {
    for (const it of objs(r.item, 'Instances')) {
      const id = str(it, 'InstanceId');
      if (!id) {
        missing(r, 'Reservations', 'Instances[].InstanceId');
        continue;
      }
      const st = str(obj(it, 'State'), 'Name') ?? 'running';
      if (st === 'terminated' || st === 'shutting-down') {
        gone.set(id, `instance ${id} is ${st}`);
        continue;
      }
      if (!unique(id)) continue;
      const inst: Mutable<Instance> = {
        id,
        name: nameTag(it),
        span: spanOf(r, 'InstanceId', id),
        interfaces: [],
        state: st === 'stopped' || st === 'stopping' ? 'stopped' : 'running',
      };
      instances.set(id, { inst, r, item: it });
    }
  }

  // ENIs: NetworkInterfaces.json first, then interfaces only known from instances.
  const enis = new Map<string, Mutable<NetworkInterface>>();
  const eniFrom = (
    e: JsonObject,
    r: DescribeRecord,
    instanceId: string | undefined,
  ): Mutable<NetworkInterface> | undefined => {
    const id = str(e, 'NetworkInterfaceId');
    const subnet = str(e, 'SubnetId');
    if (!id || !subnet) return undefined;
    const pips = objs(e, 'PrivateIpAddresses');
    const sorted = [...pips].sort(
      (a, b) => Number(bool(b, 'Primary') === true) - Number(bool(a, 'Primary') === true),
    );
    const addresses: EniAddress[] = sorted
      .map((p) => {
        const priv = str(p, 'PrivateIpAddress');
        const pub = str(obj(p, 'Association'), 'PublicIp');
        return priv ? { private: priv, ...(pub ? { public: pub } : {}) } : undefined;
      })
      .filter((a): a is EniAddress => !!a);
    if (addresses.length === 0) {
      const priv = str(e, 'PrivateIpAddress');
      const pub = str(obj(e, 'Association'), 'PublicIp');
      if (priv) addresses.push({ private: priv, ...(pub ? { public: pub } : {}) });
    }
    const v6 = objs(e, 'Ipv6Addresses')
      .map((a) => str(a, 'Ipv6Address'))
      .filter((a): a is string => !!a);
    const att = obj(e, 'Attachment');
    const inst = instanceId ?? str(att, 'InstanceId');
    const t = str(e, 'InterfaceType') ?? 'interface';
    const owner: EniOwner =
      t === 'nat_gateway'
        ? 'nat-gateway'
        : t === 'gateway_load_balancer_endpoint'
          ? 'gwlb-endpoint'
          : t === 'vpc_endpoint' || t === 'interface'
            ? inst
              ? 'instance'
              : t === 'vpc_endpoint'
                ? 'interface-endpoint'
                : 'other'
            : t === 'lambda'
              ? 'lambda'
              : t === 'client_vpn' || t === 'client-vpn' || /^ClientVPN/i.test(str(e, 'Description') ?? '')
                ? 'client-vpn'
                : 'other';
    const live = inst && instances.has(inst) ? inst : undefined;
    return {
      id,
      name: nameTag(e) ?? (str(e, 'Description') || undefined),
      span: spanOf(r, 'NetworkInterfaceId', id),
      subnet,
      addresses,
      ...(v6.length ? { ipv6Addresses: v6 } : {}),
      // ENI-1: on unless describe says otherwise.
      sourceDestCheck: bool(e, 'SourceDestCheck') ?? true,
      securityGroups: objs(e, 'Groups')
        .map((g) => str(g, 'GroupId'))
        .filter((g): g is string => !!g),
      ...(live ? { instance: live, deviceIndex: num(att, 'DeviceIndex') ?? 0 } : {}),
      owner: inst && !live ? 'other' : owner,
    };
  };
  for (const r of recs(ctx, 'NetworkInterfaces')) {
    // A NAT gateway's own ENI is the NatGateway resource (its address and EIP are on it): not a second owner.
    if (str(r.item, 'InterfaceType') === 'nat_gateway') continue;
    const inst = str(obj(r.item, 'Attachment'), 'InstanceId');
    if (inst && gone.has(inst)) continue; // detached with a terminated instance
    const e = eniFrom(r.item, r, undefined);
    if (!e) {
      missing(r, 'NetworkInterfaces', 'NetworkInterfaceId/SubnetId');
      continue;
    }
    if (!unique(e.id)) continue;
    enis.set(e.id, e);
  }
  const enisByInstance = new Map<string, Mutable<NetworkInterface>[]>();
  for (const e of enis.values())
    if (e.instance) {
      const l = enisByInstance.get(e.instance);
      if (l) l.push(e);
      else enisByInstance.set(e.instance, [e]);
    }
  for (const { inst, r, item } of instances.values()) {
    const list: { id: string; idx: number }[] = [];
    for (const ni of objs(item, 'NetworkInterfaces')) {
      const id = str(ni, 'NetworkInterfaceId');
      if (!id) continue;
      if (!enis.has(id)) {
        const e = eniFrom(ni, r, inst.id);
        if (e) {
          if (bool(item, 'SourceDestCheck') === false) e.sourceDestCheck = false;
          enis.set(id, e);
          seen.add(id);
        }
      }
      const e = enis.get(id);
      if (e && !e.instance) {
        e.instance = inst.id;
        e.owner = 'instance';
      }
      list.push({ id, idx: num(obj(ni, 'Attachment'), 'DeviceIndex') ?? e?.deviceIndex ?? 0 });
      if (e) e.deviceIndex = num(obj(ni, 'Attachment'), 'DeviceIndex') ?? e.deviceIndex ?? 0;
    }
    for (const e of enisByInstance.get(inst.id) ?? [])
      if (!list.some((l) => l.id === e.id)) list.push({ id: e.id, idx: e.deviceIndex ?? 0 });
    inst.interfaces = list.sort((a, b) => a.idx - b.idx).map((l) => l.id);
    net.instances.push(inst);
  }
  // Elastic IPs (IGW-2): an association gives the private IP its public address.
  for (const r of recs(ctx, 'Addresses')) {
    const eni = str(r.item, 'NetworkInterfaceId');
    const priv = str(r.item, 'PrivateIpAddress');
    const pub = str(r.item, 'PublicIp');
    // Issue 13 §6: every Elastic IP of the snapshot is listed; one whose interface is not in it stays uncertain.
    if (pub) {
      const id = str(r.item, 'AllocationId') ?? pub;
      net.elasticIps.push({
        id,
        publicIp: pub,
        span: spanOf(r, 'PublicIp', pub),
        ...(eni === undefined && str(r.item, 'InstanceId') === undefined
          ? { unresolved: 'the snapshot shows it associated with no network interface' }
          : eni !== undefined && !enis.has(eni)
            ? { unresolved: `its network interface ${eni} is not in the snapshot` }
            : {}),
      });
    }
    if (!eni || !pub) continue;
    const e = enis.get(eni);
    if (!e) continue;
    e.addresses = e.addresses.map((a) =>
      a.private === (priv ?? e.addresses[0]?.private) && !a.public ? { ...a, public: pub } : a,
    );
  }
  net.networkInterfaces.push(...enis.values());

  // Security groups (SG-4: the group named `default` is the VPC's default SG).
  for (const r of recs(ctx, 'SecurityGroups')) {
    const id = str(r.item, 'GroupId');
    const vpc = str(r.item, 'VpcId');
    if (!id || !vpc) {
      missing(r, 'SecurityGroups', 'GroupId/VpcId');
      continue;
    }
    if (!unique(id)) continue;
    const span = spanOf(r, 'GroupId', id);
    const own = str(r.item, 'OwnerId') ?? r.accountId;
    const groupName = str(r.item, 'GroupName');
    const isDefault = groupName === 'default';
    net.securityGroups.push({
      id,
      name: nameTag(r.item) ?? groupName,
      span,
      vpc,
      groupName,
      inbound: sgRules(objs(r.item, 'IpPermissions'), span, id, diags, own),
      outbound: sgRules(objs(r.item, 'IpPermissionsEgress'), span, id, diags, own),
      ...(isDefault ? { isDefault } : {}),
    });
    const v = vpcs.get(vpc);
    if (isDefault && v) v.defaultSecurityGroup = id;
  }

  for (const r of recs(ctx, 'NetworkAcls')) {
    const id = str(r.item, 'NetworkAclId');
    const vpc = str(r.item, 'VpcId');
    if (!id || !vpc) {
      missing(r, 'NetworkAcls', 'NetworkAclId/VpcId');
      continue;
    }
    if (!unique(id)) continue;
    const span = spanOf(r, 'NetworkAclId', id);
    const isDefault = bool(r.item, 'IsDefault') === true;
    net.networkAcls.push({
      id,
      name: nameTag(r.item),
      span,
      vpc,
      ...(isDefault ? { isDefault } : {}),
      ...naclRules(objs(r.item, 'Entries'), span, id, diags),
    });
    const v = vpcs.get(vpc);
    if (isDefault && v) v.defaultNetworkAcl = id;
    for (const a of objs(r.item, 'Associations')) {
      const s = subnets.get(str(a, 'SubnetId') ?? '');
      if (s) s.networkAcl = id;
    }
  }

  const peeringIds = new Set<string>();
  for (const r of recs(ctx, 'VpcPeeringConnections')) {
    const id = str(r.item, 'VpcPeeringConnectionId');
    const req = str(obj(r.item, 'RequesterVpcInfo'), 'VpcId');
    const acc = str(obj(r.item, 'AccepterVpcInfo'), 'VpcId');
    if (!id || !req || !acc) {
      missing(
        r,
        'VpcPeeringConnections',
        'VpcPeeringConnectionId/RequesterVpcInfo.VpcId/AccepterVpcInfo.VpcId',
      );
      continue;
    }
    const code = str(obj(r.item, 'Status'), 'Code') ?? 'active';
    if (['deleted', 'deleting', 'rejected', 'failed', 'expired'].includes(code)) {
      gone.set(id, `peering ${id} is ${code}`);
      continue;
    }
    if (peeringIds.has(id)) continue; // listed by both accounts
    if (!unique(id)) continue;
    peeringIds.add(id);
    // PCX-4: anything but active carries no traffic.
    net.peerings.push({
      id,
      name: nameTag(r.item),
      span: spanOf(r, 'VpcPeeringConnectionId', id),
      requesterVpc: req,
      accepterVpc: acc,
      state: code === 'active' ? 'active' : 'pending-acceptance',
    });
  }

  const plByName = new Map<string, string>();
  for (const r of recs(ctx, 'PrefixLists')) {
    const id = str(r.item, 'PrefixListId');
    if (!id) {
      missing(r, 'PrefixLists', 'PrefixListId');
      continue;
    }
    if (!unique(id)) continue;
    const name = str(r.item, 'PrefixListName');
    const hasCidrs = Array.isArray(r.item['Cidrs']);
    const span = spanOf(r, 'PrefixListId', id);
    if (!hasCidrs)
      diags.push(
        warning(
          'DESCRIBE_PREFIX_LIST_ENTRIES_MISSING',
          `prefix list ${id} has no entries in this output (describe-managed-prefix-lists omits them; add get-managed-prefix-list-entries output as Cidrs); treated as empty`,
          span,
          { resource: id },
        ),
      );
    const owner = str(r.item, 'OwnerId');
    net.prefixLists.push({
      id,
      name,
      span,
      entries: strs(r.item, 'Cidrs'),
      ...(num(r.item, 'MaxEntries') !== undefined ? { maxEntries: num(r.item, 'MaxEntries') } : {}),
      awsManaged: hasCidrs || owner === 'AWS',
    });
    if (name) plByName.set(name, id);
  }

  const endpointKinds = new Map<string, RouteTargetKind>();
  const endpointTables = new Map<string, Set<string>>();
  for (const r of recs(ctx, 'VpcEndpoints')) {
    const id = str(r.item, 'VpcEndpointId');
    const vpc = str(r.item, 'VpcId');
    const service = str(r.item, 'ServiceName') ?? '';
    if (!id || !vpc) {
      missing(r, 'VpcEndpoints', 'VpcEndpointId/VpcId');
      continue;
    }
    const state = (str(r.item, 'State') ?? 'available').toLowerCase();
    if (['deleted', 'deleting', 'failed', 'rejected', 'expired'].includes(state)) {
      gone.set(id, `VPC endpoint ${id} is ${state}`);
      continue;
    }
    if (!unique(id)) continue;
    const t = str(r.item, 'VpcEndpointType') ?? 'Gateway';
    const type =
      t === 'Interface' ? 'interface' : t === 'GatewayLoadBalancer' ? 'gateway-load-balancer' : 'gateway';
    endpointKinds.set(
      id,
      type === 'gateway'
        ? 'gateway-endpoint'
        : type === 'gateway-load-balancer'
          ? 'gwlb-endpoint'
          : 'unknown',
    );
    const rts = strs(r.item, 'RouteTableIds');
    endpointTables.set(id, new Set(rts));
    const pl = plByName.get(service);
    net.vpcEndpoints.push({
      id,
      name: nameTag(r.item),
      span: spanOf(r, 'VpcEndpointId', id),
      vpc,
      type,
      service,
      ...(type === 'gateway'
        ? { routeTables: rts, ...(pl ? { prefixList: pl } : {}) }
        : { subnets: strs(r.item, 'SubnetIds') }),
    });
  }

  // Network Firewall and Client VPN describe outputs; firewall endpoints are route targets of their own kind.
  buildFirewalls((k) => recs(ctx, k), net, diags, endpointKinds);
  net.vpcEndpoints = net.vpcEndpoints.filter((e) => endpointKinds.get(e.id) !== 'firewall-endpoint');
  buildClientVpn((k) => recs(ctx, k), net, diags);

  // Route tables and associations (RT-9, RT-11).
  const unsupportedIds = new Map<string, string>();
  for (const [key, u] of Object.entries(UNSUPPORTED_KEYS))
    for (const r of recs(ctx, key)) {
      const id = str(r.item, u.idKey);
      if (id) unsupportedIds.set(id, key);
    }
  const described = (key: string) => (records.get(key)?.length ?? 0) > 0 || records.has(key);
  for (const r of recs(ctx, 'RouteTables')) {
    const id = str(r.item, 'RouteTableId');
    const vpc = str(r.item, 'VpcId');
    if (!id || !vpc) {
      missing(r, 'RouteTables', 'RouteTableId/VpcId');
      continue;
    }
    if (!unique(id)) continue;
    const span = spanOf(r, 'RouteTableId', id);
    const routes: Route[] = [];
    for (const rt of objs(r.item, 'Routes')) {
      const gw = str(rt, 'GatewayId');
      if (gw === 'local') continue; // RT-2: implied by the model
      const destination = str(rt, 'DestinationCidrBlock') ?? str(rt, 'DestinationIpv6CidrBlock');
      const destinationPrefixList = str(rt, 'DestinationPrefixListId');
      let target: RouteTarget;
      let fileKey: string | undefined;
      const eni = str(rt, 'NetworkInterfaceId');
      const inst = str(rt, 'InstanceId');
      if (str(rt, 'NatGatewayId'))
        [target, fileKey] = [{ kind: 'nat-gateway', id: str(rt, 'NatGatewayId') }, 'NatGateways'];
      else if (eni) [target, fileKey] = [{ kind: 'network-interface', id: eni }, 'NetworkInterfaces'];
      else if (inst) [target, fileKey] = [{ kind: 'instance', id: inst }, 'Reservations'];
      else if (str(rt, 'VpcPeeringConnectionId'))
        [target, fileKey] = [
          { kind: 'vpc-peering', id: str(rt, 'VpcPeeringConnectionId') },
          'VpcPeeringConnections',
        ];
      else if (str(rt, 'TransitGatewayId'))
        target = { kind: 'transit-gateway', id: str(rt, 'TransitGatewayId') };
      else if (str(rt, 'EgressOnlyInternetGatewayId'))
        target = { kind: 'egress-only-internet-gateway', id: str(rt, 'EgressOnlyInternetGatewayId') };
      else if (str(rt, 'LocalGatewayId')) target = { kind: 'local-gateway', id: str(rt, 'LocalGatewayId') };
      else if (str(rt, 'CarrierGatewayId'))
        target = { kind: 'carrier-gateway', id: str(rt, 'CarrierGatewayId') };
      else if (str(rt, 'CoreNetworkArn')) target = { kind: 'core-network', id: str(rt, 'CoreNetworkArn') };
      else if (gw?.startsWith('igw-'))
        [target, fileKey] = [{ kind: 'internet-gateway', id: gw }, 'InternetGateways'];
      else if (gw?.startsWith('vgw-'))
        [target, fileKey] = [{ kind: 'virtual-private-gateway', id: gw }, 'VpnGateways'];
      else if (gw?.startsWith('vpce-')) {
        // RT-18 / GWLB-2: the endpoint's type decides; without VpcEndpoints output, a prefix-list destination means a
        // gateway endpoint and anything else a GWLB-type endpoint (Network Firewall endpoints are GWLB-type, RT-3).
        const k = endpointKinds.get(gw) ?? (destinationPrefixList ? 'gateway-endpoint' : 'gwlb-endpoint');
        // RT-18: the endpoint's own routes are implied by VpcEndpoint.routeTables; do not copy them twice.
        if (k === 'gateway-endpoint' && destinationPrefixList && endpointTables.get(gw)?.has(id)) continue;
        [target, fileKey] = [{ kind: k, id: gw }, 'VpcEndpoints'];
      } else target = { kind: 'unknown', ...(gw ? { id: gw } : {}) };
      const origin = str(rt, 'Origin');
      let state: Route['state'] = str(rt, 'State') === 'blackhole' ? 'blackhole' : 'active';
      let caveat: string | undefined;
      const tid = target.id ?? '';
      if (gone.has(tid)) {
        // RT-7: the target was deleted/terminated.
        state = 'blackhole';
        caveat = `${gone.get(tid) ?? tid}: route is a blackhole (RT-7)`;
      } else if (fileKey && !seen.has(tid) && !endpointKinds.has(tid)) {
        // The target is not in the snapshot (its describe call is missing, or it was deleted): vpcsim cannot say
        // what it is, so the route's target is unknown rather than a dangling reference.
        caveat = `target ${tid} (${target.kind}) is not in the ${described(fileKey) ? `${fileKey} output` : `snapshot (no ${fileKey} output)`}`;
        target = { kind: 'unknown', id: tid };
      } else if (
        unsupportedIds.has(tid) ||
        target.kind === 'transit-gateway' ||
        target.kind === 'egress-only-internet-gateway' ||
        target.kind === 'local-gateway' ||
        target.kind === 'carrier-gateway' ||
        target.kind === 'core-network'
      ) {
        caveat = `target ${tid} (${target.kind}) is not modelled by vpcsim`;
      }
      routes.push({
        ...(destination ? { destination } : {}),
        ...(destinationPrefixList ? { destinationPrefixList } : {}),
        target,
        state,
        origin:
          origin === 'EnableVgwRoutePropagation'
            ? 'propagated'
            : origin === 'CreateRouteTable'
              ? 'auto'
              : 'static',
        span,
        ...(caveat ? { caveat } : {}),
      });
    }
    let main = false;
    for (const a of objs(r.item, 'Associations')) {
      if (!ACTIVE_ASSOC(a)) continue;
      if (bool(a, 'Main') === true) main = true;
      const s = subnets.get(str(a, 'SubnetId') ?? '');
      if (s) s.routeTable = id;
      const g = str(a, 'GatewayId');
      if (g) {
        const ig = igws.get(g) ?? vgws.get(g);
        if (ig) ig.routeTable = id;
      }
    }
    const prop = objs(r.item, 'PropagatingVgws')
      .map((p) => str(p, 'GatewayId'))
      .filter((g): g is string => !!g);
    net.routeTables.push({
      id,
      name: nameTag(r.item),
      span,
      vpc,
      routes,
      ...(main ? { main } : {}),
      ...(prop.length ? { propagatingGateways: prop } : {}),
    });
    const v = vpcs.get(vpc);
    if (main && v) v.mainRouteTable = id;
  }

  // Unsupported kinds: one warning per kind, each resource listed.
  const report = new UnsupportedReport();
  for (const [key, u] of Object.entries(UNSUPPORTED_KEYS)) {
    const rs = recs(ctx, key);
    const at = rs[0]?.src.keyPosition(key);
    let n = 0;
    for (const r of rs) {
      const id = str(r.item, u.idKey) ?? `${key}[${n}]`;
      const uid = `${key}:${id}`;
      if (seen.has(uid)) continue;
      seen.add(uid);
      n++;
      report.add(
        net.unsupported,
        {
          id,
          type: key,
          span: str(r.item, u.idKey) ? spanOf(r, u.idKey, id) : r.src.keyPosition(key),
          reason: `${u.what} is not modelled`,
        },
        { what: u.what, at },
      );
    }
  }
  diags.push(...report.diagnostics());
  return net;
}
