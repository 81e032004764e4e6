/**
 * Terraform resource instances (from HCL evaluation or plan/state JSON) → the vendor-independent Network.
 *
 * Model: every instance keeps its Terraform address as `id` (`aws_instance.web`, `module.nat.aws_network_interface.
 * this`, `aws_subnet.private[0]`); in state/plan JSON a known AWS id (`subnet-0abc`) is kept as `awsId` and
 * references written as AWS ids are mapped back to addresses. Pass 1 creates containers (VPCs, subnets, tables,
 * gateways, groups, ENIs …); pass 2 attaches what refers to them (routes, rules, associations, EIPs, attachments);
 * pass 3 fills deploy-time values the configuration leaves open (private IPs in the subnet from base+4 upward,
 * public IPs from 198.18.0.0/15 — the benchmarking range, never a real internet address) and lists them in
 * `assumed`. Terraform-specific defaults are applied as Terraform does them: a new aws_security_group loses AWS's
 * default allow-all egress rule (Terraform removes it, unlike the console — SG-3), and aws_default_* resources replace
 * the rules/routes of the VPC's default SG / NACL / main route table with exactly what is configured (SG-4, NACL-4,
 * RT-9). A resource whose container is not in the configuration (an id from a registry module or an existing VPC)
 * is not modelled and is reported (TF_REFERENCE_UNRESOLVED). Every other resource type is listed in
 * `network.unsupported` with one UNSUPPORTED_RESOURCE_TYPE warning per type; routes to such targets get a caveat.
 */
import { warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { tryCidr4, tryIpv4 } from '../../net/prefix.js';
import { firstFreeAddress } from '../../model/reserved-addresses.js';
import type { ClientVpnEndpoint } from '../../model/clientvpn.js';
import type { Firewall } from '../../model/firewall.js';
import type {
  EniAddress,
  Instance,
  InternetGateway,
  MutableNetwork,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  PeeringConnection,
  PrefixList,
  Route,
  RouteTable,
  RouteTargetKind,
  SecurityGroup,
  Subnet,
  VirtualPrivateGateway,
  Vpc,
  VpcEndpoint,
} from '../../model/network.js';
import { newMutableNetwork } from '../../model/network.js';
import type { InstanceOs } from '../../model/os.js';
import { UnsupportedReport } from '../build/unsupported.js';
import { mapClientVpn } from './map-clientvpn.js';
import { mapFirewalls } from './map-firewall.js';
import {
  blocks,
  naclRule,
  numOf,
  sgRuleFromVpcRule,
  sgRulesFromBlock,
  strList,
  type RuleCtx,
} from './map-rules.js';
import { isObj, isUnknown, type TfObject, type TfValue } from './value.js';

export interface MapInstance {
  readonly address: string;
  readonly type: string;
  readonly attrs: TfObject;
  readonly span?: Span | undefined;
  readonly spans?: Readonly<Record<string, Span>> | undefined;
  /** Where the text of user_data starts (file and line of its first line), when known. */
  readonly userData?: { readonly file: string; readonly line: number } | undefined;
  /** Text of the file the resource is written in (to locate embedded rule texts). */
  readonly fileText?: string | undefined;
}

export interface MapOptions {
  readonly region: string;
  readonly accountId?: string | undefined;
  /** Parse OS configuration from user data (iptables/sysctl); absent = user data is not analysed. */
  readonly parseOs?:
    | ((
        text: string,
        file: string,
        position: (line: number, col: number) => Span,
      ) => { os: InstanceOs; diagnostics: Diagnostic[] })
    | undefined;
}

type Mut<T> = { -readonly [K in keyof T]: T[K] };

/** Resource types that are not network-relevant: reported as info, not as unsupported. */
const NOT_NETWORK =
  /^(aws_iam_|aws_key_pair|aws_cloudwatch_|aws_s3_|aws_kms_|aws_ssm_|aws_secretsmanager_|aws_sns_|aws_sqs_|aws_logs_|aws_ami|aws_ebs_|aws_volume_attachment|aws_launch_configuration|aws_ecr_|aws_dynamodb_|aws_lambda_permission|aws_acm_|aws_route53_record|aws_flow_log|aws_default_vpc_dhcp_options|aws_vpc_dhcp_options|random_|null_|tls_|local_|time_|terraform_data|aws_networkfirewall_logging_configuration|aws_ec2_tag|aws_ec2_client_vpn_network_association_unused)/;

/** Types handled here (for the unsupported report). */
const HANDLED = new Set([
  'aws_vpc',
  'aws_vpc_ipv4_cidr_block_association',
  'aws_subnet',
  'aws_route_table',
  'aws_route',
  'aws_route_table_association',
  'aws_main_route_table_association',
  'aws_default_route_table',
  'aws_internet_gateway',
  'aws_internet_gateway_attachment',
  'aws_vpn_gateway',
  'aws_vpn_gateway_attachment',
  'aws_vpn_gateway_route_propagation',
  'aws_nat_gateway',
  'aws_eip',
  'aws_eip_association',
  'aws_instance',
  'aws_network_interface',
  'aws_network_interface_attachment',
  'aws_network_interface_sg_attachment',
  'aws_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_default_security_group',
  'aws_network_acl',
  'aws_network_acl_rule',
  'aws_network_acl_association',
  'aws_default_network_acl',
  'aws_vpc_peering_connection',
  'aws_vpc_peering_connection_accepter',
  'aws_vpc_peering_connection_options',
  'aws_vpc_endpoint',
  'aws_vpc_endpoint_route_table_association',
  'aws_vpc_endpoint_subnet_association',
  'aws_ec2_managed_prefix_list',
  'aws_ec2_managed_prefix_list_entry',
  'aws_networkfirewall_firewall',
  'aws_networkfirewall_firewall_policy',
  'aws_networkfirewall_rule_group',
  'aws_ec2_client_vpn_endpoint',
  'aws_ec2_client_vpn_network_association',
  'aws_ec2_client_vpn_authorization_rule',
  'aws_ec2_client_vpn_route',
]);

/** What a route argument names, and which model kind that is. */
const ROUTE_TARGETS: readonly [string, RouteTargetKind][] = [
  ['nat_gateway_id', 'nat-gateway'],
  ['network_interface_id', 'network-interface'],
  ['instance_id', 'instance'],
  ['vpc_peering_connection_id', 'vpc-peering'],
  ['transit_gateway_id', 'transit-gateway'],
  ['egress_only_gateway_id', 'egress-only-internet-gateway'],
  ['vpc_endpoint_id', 'gwlb-endpoint'],
  ['local_gateway_id', 'local-gateway'],
  ['carrier_gateway_id', 'carrier-gateway'],
  ['core_network_arn', 'core-network'],
  ['gateway_id', 'internet-gateway'],
];

export interface MapContext {
  readonly net: MutableNetwork;
  readonly diags: Diagnostic[];
  readonly opts: MapOptions;
  /** Resolve a reference value to a model id; Unknown and null → undefined. */
  ref(v: TfValue | undefined): string | undefined;
  span(inst: MapInstance, attr?: string): Span | undefined;
  ruleCtx(inst: MapInstance): RuleCtx;
  unresolved(inst: MapInstance, what: string, v: TfValue | undefined): void;
  has(kind: 'vpc' | 'subnet' | 'sg', id: string): boolean;
}

/** Map instances to a network. */
export function mapResources(
  instances: readonly MapInstance[],
  opts: MapOptions,
  diags: Diagnostic[],
): MutableNetwork {
  const net = newMutableNetwork();
  const byType = new Map<string, MapInstance[]>();
  for (const i of instances) {
    const l = byType.get(i.type);
    if (l) l.push(i);
    else byType.set(i.type, [i]);
  }
  const of = (t: string) => byType.get(t) ?? [];
  // AWS ids known from state/plan values → addresses.
  const awsIds = new Map<string, string>();
  for (const i of instances) {
    const id = i.attrs['id'];
    if (typeof id === 'string' && id !== i.address && /^[a-z]+(-[a-z]+)*-[0-9a-f]{6,}$/.test(id))
      awsIds.set(id, i.address);
  }
  const addresses = new Set(instances.map((i) => i.address));
  const vpcs = new Map<string, Mut<Vpc>>();
  const subnets = new Map<string, Mut<Subnet>>();
  const rtbs = new Map<string, Mut<RouteTable> & { routes: Route[] }>();
  const igws = new Map<string, Mut<InternetGateway>>();
  const vgws = new Map<string, Mut<VirtualPrivateGateway>>();
  const nats = new Map<string, Mut<NatGateway>>();
  const enis = new Map<
    string,
    Mut<NetworkInterface> & { addresses: EniAddress[]; securityGroups: string[] }
  >();
  const insts = new Map<string, Mut<Instance>>();
  const sgs = new Map<
    string,
    Mut<SecurityGroup> & {
      inbound: SecurityGroup['inbound'][number][];
      outbound: SecurityGroup['outbound'][number][];
    }
  >();
  const nacls = new Map<
    string,
    Mut<NetworkAcl> & { inbound: NetworkAcl['inbound'][number][]; outbound: NetworkAcl['outbound'][number][] }
  >();
  const pcxs = new Map<string, Mut<PeeringConnection>>();
  const pls = new Map<string, Mut<PrefixList> & { entries: string[] }>();
  const vpces = new Map<string, Mut<VpcEndpoint>>();
  const unsupportedIds = new Map<string, string>();
  const assumedOf = (o: { assumed?: readonly string[] | undefined }, f: string) => {
    (o as { assumed?: string[] }).assumed = [...(o.assumed ?? []), f];
  };
  const resolve = (v: TfValue | undefined): string | undefined => {
    if (typeof v === 'string' && v !== '') return awsIds.get(v) ?? v;
    return undefined;
  };
  const spanOf = (inst: MapInstance, attr?: string): Span | undefined =>
    attr ? (inst.spans?.[attr] ?? inst.span) : inst.span;
  const ctx: MapContext = {
    net,
    diags,
    opts,
    ref: resolve,
    span: spanOf,
    ruleCtx: (inst) => ({ diags, resource: inst.address, span: inst.span, ref: resolve }),
    unresolved: (inst, what, v) => {
      const desc = isUnknown(v) ? `${v.desc} (known only after apply)` : JSON.stringify(v ?? null);
      const dropped = typeof v === 'string' && addresses.has(awsIds.get(v) ?? v);
      diags.push(
        warning(
          'TF_REFERENCE_UNRESOLVED',
          dropped
            ? `${inst.address}: ${what} ${desc} is not modelled (see its own diagnostic), so ${inst.address} is not modelled either`
            : `${inst.address}: ${what} ${desc} is not a resource of this configuration; ${inst.address} is not modelled`,
          inst.span,
          { resource: inst.address },
        ),
      );
      net.unsupported.push({
        id: inst.address,
        type: inst.type,
        span: inst.span,
        reason: `${what} not in the configuration`,
      });
    },
    has: (kind, id) => (kind === 'vpc' ? vpcs.has(id) : kind === 'subnet' ? subnets.has(id) : sgs.has(id)),
  };
  const str = (v: TfValue | undefined): string | undefined =>
    typeof v === 'string' && v !== '' ? v : undefined;
  const bool = (v: TfValue | undefined): boolean | undefined =>
    typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
  const nameOf = (a: TfObject): string | undefined => {
    const t = a['tags'];
    return isObj(t) && typeof t['Name'] === 'string' ? t['Name'] : str(a['name']);
  };
  const needVpc = (inst: MapInstance, attr = 'vpc_id'): Mut<Vpc> | undefined => {
    const id = resolve(inst.attrs[attr]);
    const v = id ? vpcs.get(id) : undefined;
    if (!v) ctx.unresolved(inst, `VPC ${attr}`, inst.attrs[attr]);
    return v;
  };

  // ---- Pass 1: containers ----
  for (const i of of('aws_vpc')) {
    const a = i.attrs;
    const cidr = str(a['cidr_block']);
    const v: Mut<Vpc> = {
      id: i.address,
      name: nameOf(a),
      span: i.span,
      cidrs: cidr ? [cidr] : [],
      region: opts.region,
      ...(opts.accountId ? { accountId: opts.accountId } : {}),
      // ADDR-4: the Amazon DNS server answers only while enable_dns_support is true (the default).
      ...(bool(a['enable_dns_support']) === false ? { enableDnsSupport: false } : {}),
    };
    if (typeof a['id'] === 'string') v.awsId = a['id'];
    if (!cidr) {
      // ADDR-1: a VPC from an IPAM pool gets its CIDR at apply time.
      v.cidrs = ['10.0.0.0/16'];
      assumedOf(v, 'cidrs');
      diags.push(
        warning(
          'TF_VALUE_UNKNOWN',
          `${i.address}: cidr_block is known only after apply; assumed 10.0.0.0/16`,
          i.span,
          { resource: i.address },
        ),
      );
    }
    const v6 = str(a['ipv6_cidr_block']);
    if (v6) v.ipv6Cidrs = [v6];
    vpcs.set(i.address, v);
    net.vpcs.push(v);
  }
  for (const i of of('aws_vpc_ipv4_cidr_block_association')) {
    const v = needVpc(i);
    const c = str(i.attrs['cidr_block']);
    if (v && c) v.cidrs = [...v.cidrs, c];
  }
  for (const i of of('aws_subnet')) {
    const a = i.attrs;
    const v = needVpc(i);
    if (!v) continue;
    const cidr = str(a['cidr_block']);
    if (!cidr) {
      ctx.unresolved(i, 'cidr_block', a['cidr_block']);
      continue;
    }
    const s: Mut<Subnet> = {
      id: i.address,
      name: nameOf(a),
      span: i.span,
      vpc: v.id,
      cidr,
      ...(str(a['ipv6_cidr_block']) ? { ipv6Cidr: str(a['ipv6_cidr_block']) } : {}),
    };
    const az = str(a['availability_zone']);
    if (az) s.az = az;
    if (typeof a['id'] === 'string') s.awsId = a['id'];
    subnets.set(i.address, s);
    net.subnets.push(s);
  }
  // VPC defaults referenced by id (`aws_vpc.x.default_security_group_id` …) or replaced by aws_default_*.
  const defaultAlias = new Map<string, string>();
  /** The VPC whose default `<what>` an aws_default_* resource takes over (via its `<what>_id`), and that reference. */
  const defaultOf = (
    i: MapInstance,
    what: 'default_route_table' | 'default_network_acl',
  ): { v: Mut<Vpc>; target: string } | undefined => {
    const target = resolve(i.attrs[`${what}_id`]);
    const vpcId = target?.endsWith(`.${what}`) ? target.slice(0, -what.length - 1) : target;
    const v = vpcId ? vpcs.get(vpcId) : undefined;
    if (!v || !target) {
      ctx.unresolved(i, `${what}_id`, i.attrs[`${what}_id`]);
      return undefined;
    }
    return { v, target };
  };
  for (const i of of('aws_default_route_table')) {
    const d = defaultOf(i, 'default_route_table');
    if (!d) continue;
    const { v, target } = d;
    defaultAlias.set(target, i.address);
    rtbs.set(i.address, {
      id: i.address,
      name: nameOf(i.attrs),
      span: i.span,
      vpc: v.id,
      routes: [],
      main: true,
    });
    v.mainRouteTable = i.address;
  }
  for (const i of of('aws_default_security_group')) {
    const v = needVpc(i);
    if (!v) continue;
    defaultAlias.set(`${v.id}.default_security_group`, i.address);
    // Terraform's aws_default_security_group removes every rule and applies only the configured ones.
    sgs.set(i.address, {
      id: i.address,
      name: nameOf(i.attrs),
      span: i.span,
      vpc: v.id,
      groupName: 'default',
      inbound: [],
      outbound: [],
      isDefault: true,
    });
    v.defaultSecurityGroup = i.address;
  }
  for (const i of of('aws_default_network_acl')) {
    const d = defaultOf(i, 'default_network_acl');
    if (!d) continue;
    const { v, target } = d;
    defaultAlias.set(target, i.address);
    // Likewise aws_default_network_acl replaces the default allow-all rules with exactly the configured ones.
    nacls.set(i.address, {
      id: i.address,
      name: nameOf(i.attrs),
      span: i.span,
      vpc: v.id,
      isDefault: true,
      inbound: [],
      outbound: [],
    });
    v.defaultNetworkAcl = i.address;
  }
  const ref = (v: TfValue | undefined): string | undefined => {
    const r = resolve(v);
    return r ? (defaultAlias.get(r) ?? r) : undefined;
  };
  (ctx as { ref: typeof ref }).ref = ref;
  const ensureDefaultSg = (id: string): string | undefined => {
    if (sgs.has(id)) return id;
    const m = /^(.*)\.default_security_group$/.exec(id);
    const v = m ? vpcs.get(m[1] ?? '') : undefined;
    if (!v) return undefined;
    // SG-4: the default SG allows all inbound from itself and all outbound (::/0 too with IPv6).
    sgs.set(id, {
      id,
      vpc: v.id,
      groupName: 'default',
      isDefault: true,
      inbound: [{ protocol: -1, peer: { kind: 'security-group', group: id } }],
      outbound: [
        { protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } },
        ...(v.ipv6Cidrs?.length ? [{ protocol: -1, peer: { kind: 'cidr' as const, cidr: '::/0' } }] : []),
      ],
    });
    v.defaultSecurityGroup = id;
    return id;
  };
  const sgRef = (v: TfValue | undefined): string | undefined => {
    const id = ref(v);
    if (!id) return undefined;
    return ensureDefaultSg(id) ?? id;
  };

  for (const i of of('aws_route_table')) {
    const v = needVpc(i);
    if (!v) continue;
    const t = { id: i.address, name: nameOf(i.attrs), span: i.span, vpc: v.id, routes: [] as Route[] };
    if (typeof i.attrs['id'] === 'string') (t as Mut<RouteTable>).awsId = i.attrs['id'];
    rtbs.set(i.address, t);
  }
  for (const i of of('aws_internet_gateway')) {
    const vid = ref(i.attrs['vpc_id']);
    const g: Mut<InternetGateway> = {
      id: i.address,
      name: nameOf(i.attrs),
      span: i.span,
      ...(vid && vpcs.has(vid) ? { vpc: vid } : {}),
    };
    if (typeof i.attrs['id'] === 'string') g.awsId = i.attrs['id'];
    igws.set(i.address, g);
  }
  for (const i of of('aws_vpn_gateway')) {
    const vid = ref(i.attrs['vpc_id']);
    vgws.set(i.address, {
      id: i.address,
      name: nameOf(i.attrs),
      span: i.span,
      ...(vid && vpcs.has(vid) ? { vpc: vid } : {}),
    });
  }
  for (const i of of('aws_security_group')) {
    const v = needVpc(i);
    if (!v) continue;
    const rc = ctx.ruleCtx(i);
    const sg = {
      id: i.address,
      name: nameOf(i.attrs),
      span: i.span,
      vpc: v.id,
      groupName: str(i.attrs['name']) ?? str(i.attrs['name_prefix']),
      inbound: [] as SecurityGroup['inbound'][number][],
      outbound: [] as SecurityGroup['outbound'][number][],
    };
    if (typeof i.attrs['id'] === 'string') (sg as Mut<SecurityGroup>).awsId = i.attrs['id'];
    sgs.set(i.address, sg);
    // SG-3 vs Terraform: AWS creates an allow-all egress rule, but Terraform deletes it on create, so a group has
    // only the egress rules the configuration gives (inline or aws_security_group_rule / aws_vpc_security_group_*).
    blocks(i.attrs['ingress']).forEach((b, k) =>
      sg.inbound.push(
        ...sgRulesFromBlock(b, { ...rc, ref: (x) => sgRef(x) }, i.address, spanOf(i, `ingress.${k}`)),
      ),
    );
    blocks(i.attrs['egress']).forEach((b, k) =>
      sg.outbound.push(
        ...sgRulesFromBlock(b, { ...rc, ref: (x) => sgRef(x) }, i.address, spanOf(i, `egress.${k}`)),
      ),
    );
  }
  for (const i of of('aws_default_security_group')) {
    const sg = sgs.get(i.address);
    if (!sg) continue;
    const rc = ctx.ruleCtx(i);
    blocks(i.attrs['ingress']).forEach((b, k) =>
      sg.inbound.push(
        ...sgRulesFromBlock(b, { ...rc, ref: (x) => sgRef(x) }, i.address, spanOf(i, `ingress.${k}`)),
      ),
    );
    blocks(i.attrs['egress']).forEach((b, k) =>
      sg.outbound.push(
        ...sgRulesFromBlock(b, { ...rc, ref: (x) => sgRef(x) }, i.address, spanOf(i, `egress.${k}`)),
      ),
    );
  }
  for (const i of of('aws_network_acl')) {
    const v = needVpc(i);
    if (!v) continue;
    // NACL-4: a new custom NACL denies everything until rules are added.
    nacls.set(i.address, {
      id: i.address,
      name: nameOf(i.attrs),
      span: i.span,
      vpc: v.id,
      inbound: [],
      outbound: [],
    });
  }
  for (const i of [...of('aws_network_acl'), ...of('aws_default_network_acl')]) {
    const n = nacls.get(i.address);
    if (!n) continue;
    const rc = ctx.ruleCtx(i);
    blocks(i.attrs['ingress']).forEach((b, k) => {
      const r = naclRule(b, rc, spanOf(i, `ingress.${k}`));
      if (r) n.inbound.push(r);
    });
    blocks(i.attrs['egress']).forEach((b, k) => {
      const r = naclRule(b, rc, spanOf(i, `egress.${k}`));
      if (r) n.outbound.push(r);
    });
  }
  for (const i of of('aws_ec2_managed_prefix_list')) {
    const entries = blocks(i.attrs['entry'])
      .map((e) => str(e['cidr']))
      .filter((c): c is string => !!c);
    pls.set(i.address, {
      id: i.address,
      name: str(i.attrs['name']),
      span: i.span,
      entries,
      ...(numOf(i.attrs['max_entries']) !== undefined ? { maxEntries: numOf(i.attrs['max_entries']) } : {}),
    });
  }
  for (const i of of('aws_ec2_managed_prefix_list_entry')) {
    const pl = pls.get(ref(i.attrs['prefix_list_id']) ?? '');
    const c = str(i.attrs['cidr']);
    if (pl && c) pl.entries.push(c);
    else if (!pl) ctx.unresolved(i, 'prefix_list_id', i.attrs['prefix_list_id']);
  }

  // ENIs and instances. Subnets with map_public_ip_on_launch give launched instances a public IP.
  const subnetsMapPublic = new Set(
    of('aws_subnet')
      .filter((i) => bool(i.attrs['map_public_ip_on_launch']) === true)
      .map((i) => i.address),
  );
  for (const i of of('aws_network_interface')) {
    const a = i.attrs;
    const sid = ref(a['subnet_id']);
    if (!sid || !subnets.has(sid)) {
      ctx.unresolved(i, 'subnet_id', a['subnet_id']);
      continue;
    }
    const ips = [...strList(a['private_ips'], ctx.ruleCtx(i), 'private_ips')];
    const primary = str(a['private_ip']);
    if (primary && !ips.includes(primary)) ips.unshift(primary);
    else if (primary) {
      ips.splice(ips.indexOf(primary), 1);
      ips.unshift(primary);
    }
    const e = {
      id: i.address,
      name: nameOf(a) ?? str(a['description']),
      span: i.span,
      subnet: sid,
      addresses: ips.map((p) => ({ private: p })),
      // ENI-1: on unless the configuration turns it off.
      sourceDestCheck: bool(a['source_dest_check']) ?? true,
      securityGroups: strList(a['security_groups'], ctx.ruleCtx(i), 'security_groups').map(
        (g) => sgRef(g) ?? g,
      ),
    } as Mut<NetworkInterface> & { addresses: EniAddress[]; securityGroups: string[] };
    const extra = numOf(a['private_ips_count']);
    if (extra) (e as { extraIps?: number }).extraIps = extra;
    for (const att of blocks(a['attachment'])) {
      const inst = ref(att['instance']);
      if (inst) {
        e.instance = inst;
        e.deviceIndex = numOf(att['device_index']) ?? 1;
      }
    }
    if (e.securityGroups.length === 0) {
      const v = vpcs.get(subnets.get(sid)?.vpc ?? '');
      if (v) e.securityGroups = [ensureDefaultSg(`${v.id}.default_security_group`) ?? ''];
    }
    enis.set(i.address, e);
  }
  for (const i of of('aws_instance')) {
    const a = i.attrs;
    const st = str(a['instance_state']);
    const inst: Mut<Instance> = {
      id: i.address,
      name: nameOf(a),
      span: i.span,
      interfaces: [],
      state: st === 'stopped' ? 'stopped' : 'running',
    };
    if (typeof a['id'] === 'string') inst.awsId = a['id'];
    const nis = blocks(a['network_interface']);
    const sid = ref(a['subnet_id']);
    if (nis.length === 0) {
      if (!sid || !subnets.has(sid)) {
        ctx.unresolved(i, 'subnet_id', a['subnet_id']);
        continue;
      }
      const sgIds = [
        ...strList(a['vpc_security_group_ids'], ctx.ruleCtx(i), 'vpc_security_group_ids'),
        ...strList(a['security_groups'], ctx.ruleCtx(i), 'security_groups'),
      ].map((g) => sgRef(g) ?? g);
      const s = subnets.get(sid);
      const v = vpcs.get(s?.vpc ?? '');
      // SG-4: without security groups the instance gets the VPC's default SG.
      if (sgIds.length === 0 && v) sgIds.push(ensureDefaultSg(`${v.id}.default_security_group`) ?? '');
      const ips = [
        str(a['private_ip']),
        ...strList(a['secondary_private_ips'], ctx.ruleCtx(i), 'secondary_private_ips'),
      ].filter((x): x is string => !!x);
      const eniId = `${i.address}.primary_network_interface`;
      const eni = {
        id: eniId,
        span: i.span,
        subnet: sid,
        addresses: ips.map((p) => ({ private: p })),
        sourceDestCheck: bool(a['source_dest_check']) ?? true,
        securityGroups: sgIds,
        instance: i.address,
        deviceIndex: 0,
        owner: 'instance',
      } as Mut<NetworkInterface> & { addresses: EniAddress[]; securityGroups: string[] };
      if (typeof a['primary_network_interface_id'] === 'string')
        eni.awsId = a['primary_network_interface_id'];
      const pub = str(a['public_ip']);
      const wantsPublic = bool(a['associate_public_ip_address']);
      if (pub && eni.addresses[0]) eni.addresses[0] = { ...eni.addresses[0], public: pub };
      else if (wantsPublic === true || (wantsPublic === undefined && subnetsMapPublic.has(sid)))
        (eni as { wantsPublic?: boolean }).wantsPublic = true;
      enis.set(eniId, eni);
      inst.interfaces = [eniId];
    } else {
      for (const ni of nis) {
        const eid = ref(ni['network_interface_id']);
        const e = eid ? enis.get(eid) : undefined;
        if (!e) {
          ctx.unresolved(i, 'network_interface.network_interface_id', ni['network_interface_id']);
          continue;
        }
        e.instance = i.address;
        e.deviceIndex = numOf(ni['device_index']) ?? 0;
        e.owner = 'instance';
      }
    }
    // User data → OS configuration (NAT instances, appliances): NATI-3.
    const ud =
      typeof a['user_data'] === 'string'
        ? a['user_data']
        : typeof a['user_data_base64'] === 'string'
          ? Buffer.from(a['user_data_base64'], 'base64').toString('utf8')
          : undefined;
    if (isUnknown(a['user_data']))
      diags.push(
        warning(
          'TF_USER_DATA_UNKNOWN',
          `${i.address}: user_data is not known offline (${a['user_data'].desc}); its OS configuration (ip_forward, iptables) is unknown`,
          spanOf(i, 'user_data'),
          { resource: i.address },
        ),
      );
    if (ud && /^[0-9a-f]{40}$/.test(ud))
      // Terraform state and plan JSON store user_data as its SHA-1 hash: the script itself is not there.
      diags.push(
        warning(
          'TF_USER_DATA_UNKNOWN',
          `${i.address}: user_data is only a hash in Terraform JSON; its OS configuration (ip_forward, iptables) is unknown — import the .tf files to analyse it`,
          spanOf(i, 'user_data'),
          { resource: i.address },
        ),
      );
    else if (ud && opts.parseOs) {
      const where = i.userData ?? {
        file: spanOf(i, 'user_data')?.file ?? '',
        line: (spanOf(i, 'user_data')?.line ?? 0) + 1,
      };
      const r = opts.parseOs(ud, where.file, (line, col) => ({
        file: where.file,
        line: where.line + line - 1,
        col,
      }));
      diags.push(...r.diagnostics.map((d) => ({ ...d, resource: d.resource ?? i.address })));
      const os = r.os;
      if (
        os.ipForward ||
        Object.keys(os.netfilter.tables).length > 0 ||
        os.routes.length > 0 ||
        Object.keys(os.sysctl).length > 0
      )
        inst.os = os;
    }
    insts.set(i.address, inst);
  }
  for (const i of of('aws_network_interface_attachment')) {
    const e = enis.get(ref(i.attrs['network_interface_id']) ?? '');
    const inst = ref(i.attrs['instance_id']);
    if (!e || !inst) {
      ctx.unresolved(
        i,
        'network_interface_id/instance_id',
        e ? i.attrs['instance_id'] : i.attrs['network_interface_id'],
      );
      continue;
    }
    e.instance = inst;
    e.deviceIndex = numOf(i.attrs['device_index']) ?? 1;
    e.owner = 'instance';
  }
  for (const i of of('aws_network_interface_sg_attachment')) {
    const e = enis.get(ref(i.attrs['network_interface_id']) ?? '');
    const g = sgRef(i.attrs['security_group_id']);
    if (e && g) {
      // The default SG was only there because none was given; an attachment replaces it.
      e.securityGroups = [...e.securityGroups.filter((x) => !x.endsWith('.default_security_group')), g];
    } else ctx.unresolved(i, 'network_interface_id/security_group_id', i.attrs['network_interface_id']);
  }
  const enisByInstance = new Map<string, (typeof enis extends Map<string, infer E> ? E : never)[]>();
  for (const e of enis.values())
    if (e.instance) {
      const l = enisByInstance.get(e.instance);
      if (l) l.push(e);
      else enisByInstance.set(e.instance, [e]);
    }
  for (const inst of insts.values()) {
    const list = (enisByInstance.get(inst.id) ?? []).sort(
      (a, b) => (a.deviceIndex ?? 0) - (b.deviceIndex ?? 0),
    );
    inst.interfaces = list.map((e) => e.id);
    for (const e of list) e.owner ??= 'instance';
  }

  for (const i of of('aws_nat_gateway')) {
    const a = i.attrs;
    const sid = ref(a['subnet_id']);
    if (!sid || !subnets.has(sid)) {
      ctx.unresolved(i, 'subnet_id', a['subnet_id']);
      continue;
    }
    const n: Mut<NatGateway> = {
      id: i.address,
      name: nameOf(a),
      span: i.span,
      subnet: sid,
      connectivity: str(a['connectivity_type']) === 'private' ? 'private' : 'public',
      privateIp: str(a['private_ip']) ?? '',
      state: 'available',
    };
    if (typeof a['id'] === 'string') n.awsId = a['id'];
    const pub = str(a['public_ip']);
    if (pub) n.publicIp = pub;
    const alloc = ref(a['allocation_id']);
    if (alloc) (n as { allocation?: string }).allocation = alloc;
    nats.set(i.address, n);
  }

  for (const i of of('aws_vpc_peering_connection')) {
    const a = i.attrs;
    const req = ref(a['vpc_id']);
    const acc = ref(a['peer_vpc_id']);
    if (!req || !acc) {
      ctx.unresolved(i, 'vpc_id/peer_vpc_id', req ? a['peer_vpc_id'] : a['vpc_id']);
      continue;
    }
    const status = str(a['accept_status']);
    // PCX-4: only an accepted peering carries traffic; auto_accept (same account and region) accepts it.
    const accepted = status === 'active' || bool(a['auto_accept']) === true;
    pcxs.set(i.address, {
      id: i.address,
      name: nameOf(a),
      span: i.span,
      requesterVpc: req,
      accepterVpc: acc,
      state: accepted ? 'active' : 'pending-acceptance',
    });
  }
  for (const i of of('aws_vpc_peering_connection_accepter')) {
    const p = pcxs.get(ref(i.attrs['vpc_peering_connection_id']) ?? '');
    if (!p) {
      ctx.unresolved(i, 'vpc_peering_connection_id', i.attrs['vpc_peering_connection_id']);
      continue;
    }
    if (bool(i.attrs['auto_accept']) === true || str(i.attrs['accept_status']) === 'active')
      p.state = 'active';
  }
  for (const i of of('aws_vpc_endpoint')) {
    const a = i.attrs;
    const v = needVpc(i);
    if (!v) continue;
    const t = (str(a['vpc_endpoint_type']) ?? 'Gateway').toLowerCase();
    const type: VpcEndpoint['type'] =
      t === 'interface' ? 'interface' : t === 'gatewayloadbalancer' ? 'gateway-load-balancer' : 'gateway';
    const ep: Mut<VpcEndpoint> = {
      id: i.address,
      name: nameOf(a),
      span: i.span,
      vpc: v.id,
      type,
      service: str(a['service_name']) ?? '',
    };
    if (type === 'gateway')
      ep.routeTables = strList(a['route_table_ids'], ctx.ruleCtx(i), 'route_table_ids').map(
        (r) => ref(r) ?? r,
      );
    else ep.subnets = strList(a['subnet_ids'], ctx.ruleCtx(i), 'subnet_ids').map((s) => ref(s) ?? s);
    if (type === 'gateway') {
      const pl = str(a['prefix_list_id']);
      if (pl) ep.prefixList = ref(pl) ?? pl;
      else
        diags.push(
          warning(
            'TF_VALUE_UNKNOWN',
            `${i.address}: the service prefix list of a gateway endpoint is known only after apply; routes to it match no destination until given (RT-18)`,
            i.span,
            { resource: i.address },
          ),
        );
    }
    vpces.set(i.address, ep);
  }
  for (const i of of('aws_vpc_endpoint_route_table_association')) {
    const ep = vpces.get(ref(i.attrs['vpc_endpoint_id']) ?? '');
    const rt = ref(i.attrs['route_table_id']);
    if (ep && rt) ep.routeTables = [...(ep.routeTables ?? []), rt];
    else ctx.unresolved(i, 'vpc_endpoint_id', i.attrs['vpc_endpoint_id']);
  }
  for (const i of of('aws_vpc_endpoint_subnet_association')) {
    const ep = vpces.get(ref(i.attrs['vpc_endpoint_id']) ?? '');
    const s = ref(i.attrs['subnet_id']);
    if (ep && s) ep.subnets = [...(ep.subnets ?? []), s];
    else ctx.unresolved(i, 'vpc_endpoint_id', i.attrs['vpc_endpoint_id']);
  }

  // Firewalls and Client VPN (their own modules), then unsupported types, so routes know every target.
  const fw = mapFirewalls(of, ctx);
  const cvpn = mapClientVpn(of, ctx, (g) => sgRef(g));
  const report = new UnsupportedReport();
  for (const [type, list] of byType) {
    if (HANDLED.has(type) || NOT_NETWORK.test(type)) continue;
    for (const i of list) {
      unsupportedIds.set(i.address, type);
      report.add(net.unsupported, {
        id: i.address,
        type,
        span: i.span,
        reason: 'resource type not modelled by vpcsim',
      });
    }
  }
  diags.push(...report.diagnostics());

  // ---- Pass 2: routes, rules, associations ----
  const endpointKind = (id: string): RouteTargetKind => {
    const ep = vpces.get(id);
    if (ep)
      return ep.type === 'gateway'
        ? 'gateway-endpoint'
        : ep.type === 'gateway-load-balancer'
          ? 'gwlb-endpoint'
          : 'unknown';
    if (fw.endpointIds.has(id)) return 'firewall-endpoint';
    return 'gwlb-endpoint';
  };
  const routeFrom = (
    i: MapInstance,
    b: TfObject,
    inline: boolean,
    span: Span | undefined,
  ): Route | undefined => {
    const destination =
      str(b[inline ? 'cidr_block' : 'destination_cidr_block']) ??
      str(b[inline ? 'ipv6_cidr_block' : 'destination_ipv6_cidr_block']);
    const pl = ref(b['destination_prefix_list_id']);
    let kind: RouteTargetKind | undefined;
    let id: string | undefined;
    let raw: TfValue | undefined;
    for (const [arg, k] of ROUTE_TARGETS) {
      const v = b[arg];
      if (v === undefined || v === null || v === '') continue;
      raw = v;
      id = ref(v);
      kind = k;
      break;
    }
    if (!kind) {
      diags.push(
        warning('TF_ROUTE_NO_TARGET', `${i.address}: route ${destination ?? pl ?? '?'} has no target`, span, {
          resource: i.address,
        }),
      );
      return undefined;
    }
    if (id === 'local')
      return {
        ...(destination ? { destination } : {}),
        target: { kind: 'local' },
        ...(span ? { span } : {}),
      };
    if (kind === 'internet-gateway' && id) {
      // gateway_id also takes VGWs and gateway endpoints.
      if (vgws.has(id) || id.startsWith('vgw-') || id.includes('aws_vpn_gateway.'))
        kind = 'virtual-private-gateway';
      else if (vpces.has(id) || id.startsWith('vpce-')) kind = endpointKind(id);
    }
    if (kind === 'gwlb-endpoint' && id) kind = endpointKind(id);
    let fwCaveat: string | undefined;
    if (id && fw.firewalls.some((f) => f.id === id)) {
      // A route naming the firewall itself (plan JSON, where the endpoint id is known only after apply).
      fwCaveat = `endpoint of ${id} assumed (the endpoint id is known only after apply)`;
      id = fw.endpointOf(id);
      kind = 'firewall-endpoint';
    }
    if (kind === 'instance' && id && insts.get(id)?.interfaces[0]) {
      kind = 'network-interface';
      id = insts.get(id)?.interfaces[0];
    }
    const present = (k: RouteTargetKind, x: string): boolean => {
      switch (k) {
        case 'internet-gateway':
          return igws.has(x);
        case 'virtual-private-gateway':
          return vgws.has(x);
        case 'nat-gateway':
          return nats.has(x);
        case 'network-interface':
          return enis.has(x);
        case 'instance':
          return insts.has(x);
        case 'vpc-peering':
          return pcxs.has(x);
        case 'gateway-endpoint':
        case 'gwlb-endpoint':
          return vpces.has(x);
        case 'firewall-endpoint':
          return fw.endpointIds.has(x);
        case 'local':
        case 'transit-gateway':
        case 'egress-only-internet-gateway':
        case 'local-gateway':
        case 'carrier-gateway':
        case 'core-network':
        case 'unknown':
          return true; // not modelled: nothing to look up
      }
    };
    let caveat: string | undefined = fwCaveat;
    if (id && !caveat && !unsupportedIds.has(id) && !present(kind, id)) {
      // Not a resource of this configuration (an existing AWS id, or something not modelled): the target is
      // unknown rather than a dangling reference.
      caveat = `target ${id} (${kind}) is not a resource of this configuration`;
      kind = 'unknown';
    }
    if (caveat === undefined && !id)
      caveat = `target ${isUnknown(raw) ? raw.desc : JSON.stringify(raw ?? null)} is known only after apply`;
    else if (caveat === undefined && id && unsupportedIds.has(id))
      caveat = `target ${id} is a ${unsupportedIds.get(id) ?? ''}, which vpcsim does not model`;
    else if (
      caveat === undefined &&
      [
        'transit-gateway',
        'egress-only-internet-gateway',
        'local-gateway',
        'carrier-gateway',
        'core-network',
      ].includes(kind)
    )
      caveat = `target ${id} (${kind}) is not modelled by vpcsim`;
    return {
      ...(destination ? { destination } : {}),
      ...(pl ? { destinationPrefixList: pl } : {}),
      target: { kind: id ? kind : 'unknown', ...(id ? { id } : {}) },
      origin: 'static',
      ...(span ? { span } : {}),
      ...(caveat ? { caveat } : {}),
    };
  };
  for (const i of [...of('aws_route_table'), ...of('aws_default_route_table')]) {
    const t = rtbs.get(i.address);
    if (!t) continue;
    blocks(i.attrs['route']).forEach((b, k) => {
      const r = routeFrom(i, b, true, spanOf(i, `route.${k}`));
      if (r) t.routes.push(r);
    });
    const prop = strList(i.attrs['propagating_vgws'], ctx.ruleCtx(i), 'propagating_vgws').map(
      (g) => ref(g) ?? g,
    );
    if (prop.length) t.propagatingGateways = prop;
  }
  for (const i of of('aws_route')) {
    const t = rtbs.get(ref(i.attrs['route_table_id']) ?? '');
    if (!t) {
      ctx.unresolved(i, 'route_table_id', i.attrs['route_table_id']);
      continue;
    }
    const r = routeFrom(i, i.attrs, false, i.span);
    if (r) t.routes.push(r);
  }
  for (const i of of('aws_vpn_gateway_route_propagation')) {
    const t = rtbs.get(ref(i.attrs['route_table_id']) ?? '');
    const g = ref(i.attrs['vpn_gateway_id']);
    if (t && g) t.propagatingGateways = [...(t.propagatingGateways ?? []), g];
  }
  for (const i of of('aws_route_table_association')) {
    const rt = ref(i.attrs['route_table_id']);
    if (!rt || !rtbs.has(rt)) {
      ctx.unresolved(i, 'route_table_id', i.attrs['route_table_id']);
      continue;
    }
    const s = subnets.get(ref(i.attrs['subnet_id']) ?? '');
    const gid = ref(i.attrs['gateway_id']) ?? '';
    // RT-11: an edge association ties the table to an internet or virtual private gateway.
    const g = igws.get(gid) ?? vgws.get(gid);
    if (s) s.routeTable = rt;
    else if (g) g.routeTable = rt;
    else ctx.unresolved(i, 'subnet_id/gateway_id', i.attrs['subnet_id'] ?? i.attrs['gateway_id']);
  }
  for (const i of of('aws_main_route_table_association')) {
    const v = vpcs.get(ref(i.attrs['vpc_id']) ?? '');
    const rt = ref(i.attrs['route_table_id']);
    if (v && rt && rtbs.has(rt)) {
      // RT-9/RT-10: the association replaces the VPC's main table.
      v.mainRouteTable = rt;
      for (const t of rtbs.values()) if (t.vpc === v.id) t.main = t.id === rt ? true : undefined;
    } else ctx.unresolved(i, 'vpc_id/route_table_id', i.attrs['route_table_id']);
  }
  for (const i of of('aws_internet_gateway_attachment')) {
    const g = igws.get(ref(i.attrs['internet_gateway_id']) ?? '');
    const v = ref(i.attrs['vpc_id']);
    if (g && v && vpcs.has(v)) g.vpc = v;
    else ctx.unresolved(i, 'internet_gateway_id/vpc_id', i.attrs['internet_gateway_id']);
  }
  for (const i of of('aws_vpn_gateway_attachment')) {
    const g = vgws.get(ref(i.attrs['vpn_gateway_id']) ?? '');
    const v = ref(i.attrs['vpc_id']);
    if (g && v && vpcs.has(v)) g.vpc = v;
    else ctx.unresolved(i, 'vpn_gateway_id/vpc_id', i.attrs['vpn_gateway_id']);
  }
  for (const i of of('aws_security_group_rule')) {
    const sg = sgs.get(sgRef(i.attrs['security_group_id']) ?? '');
    if (!sg) {
      ctx.unresolved(i, 'security_group_id', i.attrs['security_group_id']);
      continue;
    }
    const rules = sgRulesFromBlock(i.attrs, { ...ctx.ruleCtx(i), ref: (x) => sgRef(x) }, sg.id, i.span);
    (str(i.attrs['type']) === 'egress' ? sg.outbound : sg.inbound).push(...rules);
  }
  for (const i of [
    ...of('aws_vpc_security_group_ingress_rule'),
    ...of('aws_vpc_security_group_egress_rule'),
  ]) {
    const sg = sgs.get(sgRef(i.attrs['security_group_id']) ?? '');
    if (!sg) {
      ctx.unresolved(i, 'security_group_id', i.attrs['security_group_id']);
      continue;
    }
    const rules = sgRuleFromVpcRule(i.attrs, { ...ctx.ruleCtx(i), ref: (x) => sgRef(x) }, i.span);
    (i.type.endsWith('egress_rule') ? sg.outbound : sg.inbound).push(...rules);
  }
  for (const i of of('aws_network_acl_rule')) {
    const n = nacls.get(ref(i.attrs['network_acl_id']) ?? '');
    if (!n) {
      ctx.unresolved(i, 'network_acl_id', i.attrs['network_acl_id']);
      continue;
    }
    const r = naclRule(i.attrs, ctx.ruleCtx(i), i.span);
    if (r) (bool(i.attrs['egress']) === true ? n.outbound : n.inbound).push(r);
  }
  for (const i of [...of('aws_network_acl'), ...of('aws_default_network_acl')]) {
    const n = nacls.get(i.address);
    if (!n) continue;
    for (const s of strList(i.attrs['subnet_ids'], ctx.ruleCtx(i), 'subnet_ids')) {
      const sub = subnets.get(ref(s) ?? '');
      if (sub) sub.networkAcl = n.id;
    }
  }
  for (const i of of('aws_network_acl_association')) {
    const n = ref(i.attrs['network_acl_id']);
    const s = subnets.get(ref(i.attrs['subnet_id']) ?? '');
    if (n && nacls.has(n) && s) s.networkAcl = n;
    else ctx.unresolved(i, 'network_acl_id/subnet_id', i.attrs['network_acl_id']);
  }
  // Elastic IPs (IGW-2): public address of an ENI's private IP, or of a NAT gateway.
  const eipPublic = new Map<string, { ip: string; assumed: boolean }>();
  let nextPublic = 0;
  const placeholderPublic = (): string => formatIpv4((0xc6120000 + 1 + nextPublic++) >>> 0); // 198.18.0.1, …
  const eipList = [...of('aws_eip')].sort((a, b) => a.address.localeCompare(b.address));
  for (const i of eipList) {
    const pub = str(i.attrs['public_ip']);
    const p = pub ? { ip: pub, assumed: false } : { ip: placeholderPublic(), assumed: true };
    eipPublic.set(i.address, p);
    // Issue 13 §6: every declared Elastic IP is listed; one whose owner is not in the configuration is uncertain.
    net.elasticIps.push({
      id: i.address,
      publicIp: p.ip,
      span: i.span,
      ...(p.assumed ? { assumed: ['publicIp'] } : {}),
    });
  }
  const attachEip = (
    eip: string,
    eniId: string | undefined,
    instId: string | undefined,
    priv: string | undefined,
    i: MapInstance,
  ) => {
    const p = eipPublic.get(eip);
    if (!p) return;
    const eni = enis.get(eniId ?? '') ?? enis.get(insts.get(instId ?? '')?.interfaces[0] ?? '');
    if (!eni) {
      ctx.unresolved(
        i,
        'network_interface/instance',
        i.attrs['network_interface'] ??
          i.attrs['instance'] ??
          i.attrs['network_interface_id'] ??
          i.attrs['instance_id'],
      );
      return;
    }
    (eni as { eips?: { priv?: string; ip: string; assumed: boolean }[] }).eips = [
      ...((eni as { eips?: { priv?: string; ip: string; assumed: boolean }[] }).eips ?? []),
      { ...(priv ? { priv } : {}), ...p },
    ];
  };
  for (const i of eipList) {
    const eniId = ref(i.attrs['network_interface']);
    const instId = ref(i.attrs['instance']);
    if (eniId || instId) attachEip(i.address, eniId, instId, str(i.attrs['associate_with_private_ip']), i);
  }
  for (const i of of('aws_eip_association')) {
    const eip = ref(i.attrs['allocation_id']);
    if (!eip || !eipPublic.has(eip)) {
      ctx.unresolved(i, 'allocation_id', i.attrs['allocation_id']);
      continue;
    }
    attachEip(
      eip,
      ref(i.attrs['network_interface_id']),
      ref(i.attrs['instance_id']),
      str(i.attrs['private_ip_address']),
      i,
    );
  }
  for (const n of nats.values()) {
    const alloc = (n as { allocation?: string }).allocation;
    delete (n as { allocation?: string }).allocation;
    if (n.publicIp || n.connectivity === 'private') continue;
    const p = alloc ? eipPublic.get(alloc) : undefined;
    if (p) {
      n.publicIp = p.ip;
      if (p.assumed) assumedOf(n, 'publicIp');
    } else {
      // NGW-1: a public NAT gateway must have an Elastic IP.
      n.publicIp = placeholderPublic();
      assumedOf(n, 'publicIp');
    }
  }

  // ---- Pass 3: deploy-time addresses ----
  const used = new Set<number>();
  const mark = (ip: string | undefined): void => {
    const n = ip !== undefined ? tryIpv4(ip) : null;
    if (n !== null) used.add(n);
  };
  for (const e of enis.values()) for (const a of e.addresses) mark(a.private);
  for (const n of nats.values()) mark(n.privateIp);
  for (const ip of fw.usedIps) mark(ip);
  const nextIp = new Map<string, number>();
  const allocate = (subnetId: string): string | undefined => {
    const p = tryCidr4(subnets.get(subnetId)?.cidr ?? '');
    if (!p) return undefined;
    // ADDR-2: the first four addresses and the last are reserved.
    const ip = firstFreeAddress(p, used, nextIp.get(subnetId));
    if (ip === null) return undefined;
    used.add(ip);
    nextIp.set(subnetId, ip + 1);
    return formatIpv4(ip);
  };
  for (const n of [...nats.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (n.privateIp) continue;
    n.privateIp = allocate(n.subnet) ?? '';
    assumedOf(n, 'privateIp');
  }
  for (const e of [...enis.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (e.addresses.length === 0) {
      const ip = allocate(e.subnet);
      if (ip) {
        e.addresses.push({ private: ip });
        assumedOf(e, 'addresses');
      }
    }
    const extra = (e as { extraIps?: number }).extraIps;
    delete (e as { extraIps?: number }).extraIps;
    for (let k = 0; k < (extra ?? 0); k++) {
      const ip = allocate(e.subnet);
      if (ip) e.addresses.push({ private: ip });
    }
    const eips = (e as { eips?: { priv?: string; ip: string; assumed: boolean }[] }).eips ?? [];
    delete (e as { eips?: unknown }).eips;
    for (const x of eips) {
      const k = x.priv ? e.addresses.findIndex((a) => a.private === x.priv) : 0;
      const addr = e.addresses[k < 0 ? 0 : k];
      if (addr) e.addresses[k < 0 ? 0 : k] = { ...addr, public: x.ip };
      if (x.assumed) assumedOf(e, 'addresses.public');
    }
    if ((e as { wantsPublic?: boolean }).wantsPublic) {
      delete (e as { wantsPublic?: boolean }).wantsPublic;
      const a0 = e.addresses[0];
      if (a0 && !a0.public) {
        e.addresses[0] = { ...a0, public: placeholderPublic() };
        assumedOf(e, 'addresses.public');
      }
    }
  }
  fw.finish(allocate);
  cvpn.finish(allocate);

  net.internetGateways.push(...igws.values());
  net.virtualPrivateGateways.push(...vgws.values());
  net.routeTables.push(...rtbs.values());
  net.natGateways.push(...nats.values());
  net.networkInterfaces.push(...enis.values());
  net.instances.push(...insts.values());
  net.securityGroups.push(...sgs.values());
  net.networkAcls.push(...nacls.values());
  net.peerings.push(...pcxs.values());
  net.prefixLists.push(...pls.values());
  net.vpcEndpoints.push(...vpces.values());
  net.firewalls.push(...(fw.firewalls as Firewall[]));
  net.firewallPolicies.push(...fw.policies);
  net.ruleGroups.push(...fw.ruleGroups);
  net.clientVpnEndpoints.push(...(cvpn.endpoints as ClientVpnEndpoint[]));
  return net;
}
