/**
 * What every Terraform mapper works with: the resource instances by type, the network builder, and how references
 * resolve — a Terraform address, an AWS id known from state (mapped back to its address), or a VPC default
 * (`aws_vpc.x.default_route_table_id`, `…main_route_table_id`, `…default_network_acl_id`,
 * `…default_security_group_id`: the aws_default_* resource that takes it over, else the VPC's implied main route
 * table, default network ACL or default security group, RT-9 / NACL-4 / SG-4).
 *
 * Bookkeeping the mappers share while addresses are still open (extra private IPs, Elastic IPs waiting for their
 * interface's address, public IPs a subnet hands out) lives here, in maps keyed by id — never on the model objects.
 */
import { warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { InstanceOs } from '../../model/os.js';
import type { AutoScalingGroupSpec } from '../build/auto-scaling.js';
import type { DraftOf } from '../build/drafts.js';
import {
  impliedDefaultNetworkAcl,
  impliedDefaultSecurityGroup,
  impliedMainRouteTable,
} from '../build/implied.js';
import type { NetworkBuilder } from '../build/network-builder.js';
import type { RuleCtx } from './map-rules.js';
import type { UndeclaredData } from './undeclared-data.js';
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
  /** Values naming undeclared data sources (HCL evaluation): reported by what the mappers read of them. */
  readonly undeclared?: UndeclaredData | undefined;
}

/** An Elastic IP waiting for its interface's addresses (IGW-2). */
export interface PendingEip {
  readonly priv?: string | undefined;
  readonly ip: string;
  readonly assumed: boolean;
}

/** An AWS resource id as state and plan JSON write it (`subnet-0abc…`). */
const AWS_ID = /^[a-z]+(-[a-z]+)*-[0-9a-f]{6,}$/;

/** The aws_vpc attributes naming a VPC default, and the default each names (RT-9, NACL-4, SG-4). */
const VPC_DEFAULT_ATTRIBUTES: readonly (readonly [string, string])[] = [
  ['default_route_table_id', 'default_route_table'],
  ['main_route_table_id', 'default_route_table'],
  ['default_network_acl_id', 'default_network_acl'],
  ['default_security_group_id', 'default_security_group'],
];

/** The VPC defaults a reference can name (resource-instance.ts gives `aws_vpc.x.default_route_table_id` this form). */
const VPC_DEFAULT = /^(.*)\.(default_route_table|default_network_acl|default_security_group)$/;

export const str = (v: TfValue | undefined): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;
export const bool = (v: TfValue | undefined): boolean | undefined =>
  typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;

/** The Name tag, else the `name` argument. */
export function nameOf(a: TfObject): string | undefined {
  const t = a['tags'];
  return isObj(t) && typeof t['Name'] === 'string' ? t['Name'] : str(a['name']);
}

export class TfMapContext {
  private readonly byType = new Map<string, MapInstance[]>();
  /** The type of every address of the input (to say why a reference to one of them is not modelled). */
  private readonly typeOfAddress = new Map<string, string>();
  /** `aws_vpc.x.default_…` → the aws_default_* resource that takes it over. */
  readonly defaultAlias = new Map<string, string>();
  /** Resources of types vpcsim does not model, by address → type (routes to them get a caveat). */
  readonly unsupportedTypes = new Map<string, string>();
  /** Subnets whose instances get a public IP (map_public_ip_on_launch). */
  readonly mapPublicIp = new Set<string>();
  /** Interfaces with `private_ips_count` extra addresses to assign. */
  readonly extraIps = new Map<string, number>();
  /** Primary interfaces that get an assumed public IP (associate_public_ip_address, or the subnet's default). */
  readonly wantsPublic = new Set<string>();
  /** Elastic IPs by address: their public IP, placeholder or given. */
  readonly eipPublic = new Map<string, { ip: string; assumed: boolean }>();
  /** Elastic IPs associated with each interface. */
  readonly eipsOf = new Map<string, PendingEip[]>();
  /** A NAT gateway's `allocation_id` (its Elastic IP). */
  readonly natAllocation = new Map<string, string>();
  /** Auto Scaling groups launched in pass 1, for the boot-attachment check of pass 2 (map-autoscaling.ts). */
  readonly autoScalingGroups: AutoScalingGroupSpec[] = [];

  constructor(
    readonly b: NetworkBuilder,
    readonly opts: MapOptions,
    instances: readonly MapInstance[],
  ) {
    for (const i of instances) {
      const l = this.byType.get(i.type);
      if (l) l.push(i);
      else this.byType.set(i.type, [i]);
      this.typeOfAddress.set(i.address, i.type);
      // AWS ids known from state/plan values → addresses.
      const id = i.attrs['id'];
      if (typeof id === 'string' && id !== i.address && AWS_ID.test(id)) b.alias(id, i.address);
    }
    // A VPC's default ids known from state (`default_route_table_id = "rtb-…"`) name its defaults, unless a resource
    // of the input has that id (an aws_default_route_table in the same state).
    for (const v of this.of('aws_vpc'))
      for (const [attr, what] of VPC_DEFAULT_ATTRIBUTES) {
        const awsId = v.attrs[attr];
        if (typeof awsId === 'string' && AWS_ID.test(awsId) && b.resolve(awsId) === awsId)
          b.alias(awsId, `${v.address}.${what}`);
      }
  }

  /** Instances of a resource type, in input order. */
  of(type: string): readonly MapInstance[] {
    return this.byType.get(type) ?? [];
  }

  /** The resource type at an address of the input. */
  typeAt(address: string): string | undefined {
    return this.typeOfAddress.get(address);
  }

  /** The types in the input, in order of first appearance. */
  types(): IterableIterator<[string, MapInstance[]]> {
    return this.byType.entries();
  }

  /** A reference's model id (an AWS id mapped to its address; a VPC default to what takes it over). */
  ref(v: TfValue | undefined): string | undefined {
    if (typeof v !== 'string' || v === '') return undefined;
    const r = this.b.resolve(v);
    return this.defaultAlias.get(r) ?? r;
  }

  /** A reference to a security group; the VPC's default group is created when named (SG-4). */
  sgRef(v: TfValue | undefined): string | undefined {
    const id = this.ref(v);
    if (!id) return undefined;
    this.implied(id);
    return id;
  }

  /** A route table by reference: one of the configuration, or the VPC's implied main table (RT-9). */
  routeTable(v: TfValue | undefined): DraftOf<'routeTables'> | undefined {
    const id = this.ref(v);
    if (id !== undefined) this.implied(id);
    return this.b.get('routeTables', id);
  }

  /** A network ACL by reference: one of the configuration, or the VPC's implied default ACL (NACL-4). */
  networkAcl(v: TfValue | undefined): DraftOf<'networkAcls'> | undefined {
    const id = this.ref(v);
    if (id !== undefined) this.implied(id);
    return this.b.get('networkAcls', id);
  }

  /** Make the VPC default `id` names exist (`aws_vpc.x.default_security_group` …), when it names one. */
  implied(id: string): void {
    const m = VPC_DEFAULT.exec(id);
    const vpc = m?.[1];
    if (vpc === undefined || !this.b.has('vpcs', vpc)) return;
    if (m?.[2] === 'default_route_table') impliedMainRouteTable(this.b, vpc, id);
    else if (m?.[2] === 'default_network_acl') impliedDefaultNetworkAcl(this.b, vpc, id);
    else impliedDefaultSecurityGroup(this.b, vpc, id);
  }

  /** The default security group of a VPC (SG-4), for what is launched without one. */
  defaultSg(vpc: string): string {
    return this.sgRef(`${vpc}.default_security_group`) ?? '';
  }

  span(inst: MapInstance, attr?: string): Span | undefined {
    return attr ? (inst.spans?.[attr] ?? inst.span) : inst.span;
  }

  ruleCtx(inst: MapInstance): RuleCtx {
    return { diags: this.b.diags, resource: inst.address, span: inst.span, ref: (x) => this.ref(x) };
  }

  /** A resource whose container is not in the configuration: reported and listed, not modelled. */
  unresolved(inst: MapInstance, what: string, v: TfValue | undefined): void {
    const desc = isUnknown(v) ? `${v.desc} (known only after apply)` : JSON.stringify(v ?? null);
    const dropped = typeof v === 'string' && this.typeOfAddress.has(this.b.resolve(v));
    this.b.diags.push(
      warning(
        'TF_REFERENCE_UNRESOLVED',
        dropped
          ? `${inst.address}: ${what} ${desc} is not modelled (see its own diagnostic), so ${inst.address} is not modelled either`
          : `${inst.address}: ${what} ${desc} is not a resource of this configuration; ${inst.address} is not modelled`,
        inst.span,
        { resource: inst.address },
      ),
    );
    this.b.net.unsupported.push({
      id: inst.address,
      type: inst.type,
      span: inst.span,
      reason: `${what} not in the configuration`,
    });
  }

  /** The VPC a resource names (by `attr`, `vpc_id` by default); reported when it is not in the configuration. */
  needVpc(inst: MapInstance, attr = 'vpc_id'): DraftOf<'vpcs'> | undefined {
    const v = this.b.get('vpcs', this.b.resolve(str(inst.attrs[attr]) ?? ''));
    if (!v) this.unresolved(inst, `VPC ${attr}`, inst.attrs[attr]);
    return v;
  }
}
